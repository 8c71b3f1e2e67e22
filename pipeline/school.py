"""A school's own folder: finding it, remembering it, and setting up a new one (`vanthu khoi-tao`).

Front ends call these with plain values; errors come from errors.py's tree.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypedDict

import platformdirs
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from . import dia_gioi, vn
from .errors import DataError, EditConflict  # noqa: F401 (EditConflict: its home before)
from .files import file_hash, write_atomic  # noqa: F401 (file_hash: its home before)
from .layout import DATE_LINES, RULE_RATIO, Layout
from .load import DON_VI_FILE, THAM_SO_FILE, Source, guarded, is_review, read_yaml, validate
from .metrics import text_width_mm
from .names import fits, name_split
from .models import DonVi
from .quy_tac import Sizes
from .steps import Do, Step

STARTERS = Path(__file__).parent / "khoi-tao"
# A new school's first documents, from the starters of their kinds: (loai, file stem).
STARTER_DOCUMENTS = (("KH", "ke-hoach-nam-hoc"), ("QĐ", "quyet-dinh-thanh-lap"))
CONFIG_FILE = "cau-hinh.json"


# Finding the data folder.

def is_school(folder: Path) -> bool:
    return (Path(folder) / DON_VI_FILE).is_file()


def config_file() -> Path:
    """Where the last school set up is remembered (the user's config folder)."""
    return platformdirs.user_config_path("vanthu") / CONFIG_FILE


def remembered() -> Path | None:
    """The remembered school folder, if it is still there."""
    try:
        saved = json.loads(config_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    folder = saved.get("du_lieu") if isinstance(saved, dict) else None
    return Path(folder) if isinstance(folder, str) and is_school(Path(folder)) else None


def remember(folder: Path) -> None:
    text = json.dumps({"du_lieu": str(Path(folder).resolve())}, ensure_ascii=False)
    write_atomic(config_file(), lambda tmp: tmp.write_text(text, encoding="utf-8"))


def find_data(given: Path | None = None) -> Path | None:
    """The folder asked for; else the current folder when it is a school's, or its `data/`; else the
    remembered one; None when there is none."""
    if given is not None:
        return Path(given)
    if is_school(Path(".")):
        return Path(".")
    if Path("data").is_dir():
        return Path("data")
    return remembered()


def data_folder(given: Path | None = None) -> Path:
    found = find_data(given)
    if found is None:
        raise DataError("không tìm thấy dữ liệu của trường: thư mục hiện tại không có don-vi.yaml hay thư mục "
                        "data/, và chưa khởi tạo trường nào. Hãy khởi tạo trường, hoặc chỉ rõ thư mục dữ liệu",
                        steps=[Step(Do.SET_UP_SCHOOL), Step(Do.CHOOSE_DATA_FOLDER)])
    return found


# The header as it prints: does each line fit its column?

# Customary short forms (NĐ 30 allows them in the chủ quản line; schools use THCS, THPT… in their names).
ABBREVIATIONS = [
    (r"(ủy|uỷ) ban nhân dân", "UBND"),
    (r"hội đồng nhân dân", "HĐND"),
    (r"sở giáo dục và đào tạo", "Sở GD&ĐT"),
    (r"phòng giáo dục và đào tạo", "Phòng GD&ĐT"),
    (r"giáo dục và đào tạo", "GD&ĐT"),
    (r"trung học cơ sở", "THCS"),
    (r"trung học phổ thông", "THPT"),
    (r"phổ thông dân tộc nội trú", "PTDTNT"),
    (r"phổ thông dân tộc bán trú", "PTDTBT"),
    (r"giáo dục thường xuyên", "GDTX"),
    (r"tiểu học", "TH"),
    (r"mầm non", "MN"),
    (r"thành phố", "TP."),
]


def abbreviate(text: str) -> str:
    """`Ủy ban nhân dân Quận 8` → `UBND Quận 8`; `Trường Trung học cơ sở Khánh Bình` → `Trường THCS Khánh Bình`."""
    for pattern, short in ABBREVIATIONS:
        text = re.sub(rf"(?<!\w){pattern}(?!\w)", short, text, flags=re.IGNORECASE)
    return text


@dataclass
class Advice:
    """A header line that will not print on one line, and what would make it fit."""

    field: str                     # the don-vi.yaml field to change
    message: str
    suggestion: dict[str, Any] = dataclasses.field(default_factory=dict)  # don-vi.yaml values that fit

    def __str__(self) -> str:
        return self.message


def header_advice(dv: DonVi) -> list[Advice]:
    """What in the header of this school's documents will not print whole, with the customary fixes.
    Names broken between their phrases (`ỦY BAN NHÂN DÂN` / `XÃ HƯNG KHÁNH TRUNG`) are as they should be."""
    layout = Layout(dv.trinh_bay)
    s, left, right = layout.sizes, layout.header_inner_mm(left=True), layout.header_inner_mm(left=False)
    heading = layout.header_names(dv)
    advice = []
    if dv.co_quan_chu_quan and _prints_badly(heading.chu_quan_name, heading.chu_quan, left, s.chu_quan, False):
        advice.append(_short_form("co_quan_chu_quan", "tên cơ quan chủ quản", dv.co_quan_chu_quan, heading.chu_quan,
                                  layout, s.chu_quan, False))
    if _prints_badly(heading.ten_name, heading.ten, left, s.ten_don_vi, True):
        advice.append(_short_form("ten", "tên đơn vị", dv.ten, heading.ten, layout, s.ten_don_vi, True))
    date_line = vn.dia_danh_ngay(dv.dia_danh, date(2024, 12, 28))  # the widest day and month
    if not layout.date_fits(date_line):
        advice.append(Advice("dia_danh", f"dòng «{date_line}» dài hơn cột {right:.0f} mm nên sẽ xuống dòng; "
                             "viết địa danh ngắn hơn"))
    return advice


class HeaderPreview(TypedDict):
    """What the page's preview of the header draws (lengths in mm, sizes in points)."""

    chu_quan: tuple[str, ...]
    ten: tuple[str, ...]
    gach_ten: float
    quoc_hieu: str
    tieu_ngu: str
    gach_tieu_ngu: float
    so: str
    ngay: str
    co_ngay: int
    sizes: Sizes
    left: float
    right: float


def header_preview(dv: DonVi, ngay: date | None = None) -> HeaderPreview:
    """The two-column header as it prints, in the sizes and rule lengths of the template."""
    layout = Layout(dv.trinh_bay)
    s = layout.sizes
    heading = layout.header_names(dv)
    lines = heading.ten
    date_line = vn.dia_danh_ngay(dv.dia_danh, ngay or date.today())
    return {
        "chu_quan": heading.chu_quan,
        "ten": lines,
        "gach_ten": max(text_width_mm(line, s.ten_don_vi, bold=True) for line in lines) * RULE_RATIO,
        "quoc_hieu": vn.QUOC_HIEU, "tieu_ngu": vn.TIEU_NGU,
        "gach_tieu_ngu": text_width_mm(vn.TIEU_NGU, s.tieu_ngu, bold=True),
        "so": vn.so_ky_hieu(None, f"KH-{dv.ma}"),
        "ngay": date_line, "co_ngay": DATE_LINES[layout.date_fit(date_line)][0],
        "sizes": s, "left": layout.header_left_mm, "right": layout.header_right_mm,
    }


def _breaks_badly(name: str, lines: tuple[str, ...], width: float, size: float, bold: bool) -> bool:
    """A line wider than the column, or a break inside a proper name."""
    return not fits(lines, width, size, bold) or (" ".join(lines) == name and name_split(name, lines))


def _prints_badly(name: str, lines: tuple[str, ...], width: float, size: float, bold: bool) -> bool:
    """Broken badly, or on more than two lines (the spec prefers the short form to a third line)."""
    return len(lines) > 2 or _breaks_badly(name, lines, width, size, bold)


def _short_form(field_name: str, what: str, text: str, lines: tuple[str, ...], layout: Layout, size: float,
                bold: bool) -> Advice:
    """The customary short form, when it prints better; else the clerk's own lines."""
    width = layout.header_inner_mm(left=True)
    message = (f"{what} «{' / '.join(lines)}» " + (f"in trên {len(lines)} dòng" if fits(lines, width, size, bold)
               and not name_split(" ".join(lines), lines) else f"không in trọn được trong cột {width:.0f} mm"))
    short = abbreviate(text)
    short_lines = layout.name_lines(vn.in_hoa(short), size, bold)
    if (short != text and not _breaks_badly(vn.in_hoa(short), short_lines, width, size, bold)
            and (len(short_lines) < len(lines) or _breaks_badly(" ".join(lines), lines, width, size, bold))):
        return Advice(field_name, f"{message}; viết tắt: «{' / '.join(short_lines)}»", {field_name: short})
    lines_field = "chu_quan_dau_trang" if field_name == "co_quan_chu_quan" else "ten_dau_trang"
    return Advice(field_name, f"{message}; tự chia các dòng ({lines_field})")


def suggest_ma(ten: str) -> str:
    """`Trường THCS Khánh Bình` → `THCSKB`: the kind of school, then the initials of its name."""
    words = abbreviate(ten).split()
    if words and words[0].lower() == "trường":
        words = words[1:]
    code = "".join(w if w.isupper() and len(w) > 1 else w[0] for w in words)
    plain = "".join(c for c in unicodedata.normalize("NFD", code.upper()) if not unicodedata.combining(c))
    return re.sub(r"[^A-ZĐ0-9&]", "", unicodedata.normalize("NFC", plain))


# Setting up a school.

@dataclass
class TruongMoi:
    """The answers of `khoi-tao`: what a school's header and signature need."""

    ten: str
    ma: str
    dia_danh: str
    ho_ten: str
    chuc_vu: str = "Hiệu trưởng"
    co_quan_chu_quan: str | None = None
    ten_dau_trang: list[str] | None = None
    co_chu: str = "A"
    tinh: str | None = None  # the province and ward the chủ quản and địa danh were filled from
    xa: str | None = None

    def values(self) -> dict[str, Any]:
        """The don-vi.yaml fields these answers set, in the model's vocabulary (the province and ward
        written in full; unknown ones raise DataError)."""
        lines = [vn.nfc(line) for line in self.ten_dau_trang or [] if line.strip()]
        return {"co_quan_chu_quan": vn.nfc(self.co_quan_chu_quan or "") or None, "ten": vn.nfc(self.ten),
                "ten_dau_trang": lines or None, "ma": vn.nfc(self.ma), "dia_danh": vn.nfc(self.dia_danh),
                **with_place({"tinh": self.tinh, "xa": self.xa}),
                "nguoi_ky": {"chuc_vu": vn.nfc(self.chuc_vu), "ho_ten": vn.nfc(self.ho_ten)},
                "trinh_bay": {"co_chu": self.co_chu}}


def round_trip() -> YAML:
    """ruamel set to keep a clerk's file as written: comments, order, quotes, long lines."""
    yaml = guarded(YAML(typ="rt"))
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def set_values(node: Any, values: dict[str, Any]) -> None:
    """Put values into a round-trip YAML mapping, nested mappings merged, comments and order kept;
    an empty value clears a key that is there and adds none."""
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(node.get(key), dict):
            set_values(node[key], value)
        elif value is not None or key in node:
            node[key] = value


def dump(root: Any) -> str:
    out = io.StringIO()
    round_trip().dump(root, out)
    return out.getvalue()


def check(answers: TruongMoi, today: date | None = None) -> tuple[DonVi, list[Advice]]:
    """The school these answers make, and what in its header will wrap, names another ward than the
    one chosen or a body gone since 1 July 2025; nothing is written. A bad answer raises DataError
    naming its field (`ma`, …)."""
    dv = validate(DonVi, answers.values(), Source(None, None))
    after = (today or date.today()) >= dia_gioi.REFORM_DAY
    return dv, header_advice(dv) + place_advice(dv) + (era_advice(dv) if after else [])


def don_vi_advice(dv: DonVi, years: list[int], today: date | None = None) -> list[Advice]:
    """What to tell of a school's settings: header lines that wrap and, once it works in a year after
    1 July 2025, a chủ quản or địa danh of the district era (its older years keep printing them)."""
    reform = dia_gioi.REFORM_DAY
    after = bool(years) and max(years) >= reform.year and (today or date.today()) >= reform
    return header_advice(dv) + place_advice(dv) + (era_advice(dv) if after else [])


def place_advice(dv: DonVi) -> list[Advice]:
    """A chủ quản or địa danh of another ward than the one chosen (the ward changed, the values not
    filled anew for it): the header would name the old one."""
    if not (dv.tinh and dv.xa):
        return []
    try:
        ward = dia_gioi.find_ward(dia_gioi.find_province(dv.tinh), dv.xa)
    except DataError:
        return []
    fills = {"co_quan_chu_quan": ("cơ quan chủ quản", dv.co_quan_chu_quan, dia_gioi.managing_body(ward, dv.ten)),
             "chu_quan_dau_trang": ("dòng chủ quản ở tiêu đề", " ".join(dv.chu_quan_dau_trang or []), None),
             "dia_danh": ("địa danh", dv.dia_danh, dia_gioi.place_name(ward))}
    return [Advice(name, f"{label}: «{value}» là của {other}, không phải {ward.ten_day_du} đã chọn"
                         + (f"; trường ở {ward.ten_day_du} ghi «{fill}»" if fill else ""))
            for name, (label, value, fill) in fills.items() if value and (other := dia_gioi.other_ward(ward, value))]


def era_advice(dv: DonVi) -> list[Advice]:
    """A chủ quản or địa danh of the district era (Quận 8, Phòng GD&ĐT …), to write anew."""
    return [Advice(name, f"{label}: {why}") for name, label, value in (
        ("co_quan_chu_quan", "cơ quan chủ quản", dv.co_quan_chu_quan), ("dia_danh", "địa danh", dv.dia_danh))
        if value and (why := dia_gioi.district_era(value))]


def school_year(today: date) -> tuple[int, str]:
    """The calendar year and its school year: from August on, the school year that starts."""
    start = today.year if today.month >= 8 else today.year - 1
    return today.year, f"{start}-{start + 1}"


def create(folder: Path, answers: TruongMoi, today: date | None = None) -> list[Path]:
    """A new school folder: don-vi.yaml, this year's tham-so.yaml and starter documents; remembered
    as the school `vanthu` works on. Refuses a folder that already holds a school."""
    folder = Path(folder)
    if is_school(folder):
        raise DataError("thư mục này đã có dữ liệu của một trường; chọn thư mục khác", folder / DON_VI_FILE)
    check(answers)
    nam, nam_hoc = school_year(today or date.today())
    don_vi = _from_starter(DON_VI_FILE, answers.values())
    tham_so = _from_starter(THAM_SO_FILE, {"nam": nam, "nam_hoc": nam_hoc})
    written = [_write(folder / DON_VI_FILE, don_vi), _write(folder / str(nam) / THAM_SO_FILE, tham_so)]
    from .documents.van_ban import FOLDER
    from .kinds import KINDS
    for loai, ten in STARTER_DOCUMENTS:
        written.append(_write(folder / str(nam) / FOLDER / f"{ten}.yaml", KINDS[loai].starter_text(nam)))
    remember(folder)
    return written


def _from_starter(name: str, values: dict[str, Any]) -> str:
    root = round_trip().load((STARTERS / name).read_text(encoding="utf-8"))
    set_values(root, values)
    return dump(root)


def _write(path: Path, text: str) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


# Editing a school's files from a form: round trip, and no edit lost to another one made meanwhile.


def _load_for_edit(path: Path, expected_hash: str | None) -> Any:
    if expected_hash is not None and file_hash(path) != expected_hash:
        raise EditConflict("tệp đã được sửa ở nơi khác (trong một thẻ khác, hoặc bằng trình soạn thảo) từ lúc "
                           "mở trang này; thay đổi của bạn chưa được lưu", path)
    read_yaml(path)  # a file the clerk broke by hand is reported with its line
    return round_trip().load(path.read_text(encoding="utf-8"))


PLACE_KEYS = (("tinh", "dia_danh", "tỉnh, thành phố nơi trường đóng (từ 01/7/2025)"),
              ("xa", "tinh", "phường, xã, đặc khu nơi trường đóng"))


def _insert_after(root: Any, after: str, key: str, value: Any, comment: str) -> None:
    """A new key on the line below `after`, its comment in the same column; the blank lines that
    closed `after`'s line now close this one."""
    root.insert(list(root).index(after) + 1, key, value)
    token = (root.ca.items.get(after) or [None] * 3)[2]
    root.yaml_add_eol_comment(comment, key, column=token.column if token is not None else 42)
    if token is not None and "\n\n" in token.value:
        end = token.value.index("\n") + 1
        token.value, blank = token.value[:end], token.value[end:]
        mine = root.ca.items[key][2]
        mine.value = mine.value.rstrip("\n") + "\n" + blank


def with_place(values: dict[str, Any]) -> dict[str, Any]:
    """`values` with its province and ward (`tinh`, `xa`) as the dataset writes them; empty ones are no value."""
    if "tinh" not in values and "xa" not in values:
        return values
    tinh, xa = dia_gioi.full_names(values.get("tinh"), values.get("xa"))
    return {**values, "tinh": tinh, "xa": xa}


def save_don_vi(data: Path, values: dict[str, Any], expected_hash: str | None) -> DonVi:
    """Put form values into don-vi.yaml, keeping its comments and order; validated before writing.
    A province and ward the file did not have go below `dia_danh`, the line they were filled into."""
    path = Path(data) / DON_VI_FILE
    root, dv = _with_values(path, values, expected_hash)
    _write(path, dump(root))
    return dv


def don_vi_with(data: Path, values: dict[str, Any]) -> DonVi:
    """The school as these form values would make it (for a preview); nothing is written."""
    return _with_values(Path(data) / DON_VI_FILE, values, None)[1]


def _with_values(path: Path, values: dict[str, Any], expected_hash: str | None) -> tuple[Any, DonVi]:
    root = _load_for_edit(path, expected_hash)
    values = with_place(values)
    for key, after, comment in PLACE_KEYS:
        if values.get(key) and key not in root and after in root:
            _insert_after(root, after, key, values[key], comment)
    set_values(root, values)
    return root, validate(DonVi, root, Source(path, root))


def _locate(root: Any, field_path: str) -> tuple[Any, Any]:
    """The container and key of `can_cu.2.so` (positions counted from 1, as the review list shows them)."""
    parts: list[Any] = [int(p) - 1 if p.isdigit() else p for p in field_path.split(".")]
    node = root
    for part in parts[:-1]:
        node = node[part]
    return node, parts[-1]


def confirm_review(path: Path, field_path: str, text: str, expected_hash: str | None,
                   check: Any = None) -> None:
    """Give a value marked `!xem-lai` its value for the new year, which clears the mark. `check(text)`
    sees the whole file as it would be written, and refuses it as the editor would."""
    new = reviewed_text(path, field_path, text, expected_hash)
    if check is not None:
        check(new)
    _write(path, new)


def reviewed_text(path: Path, field_path: str, text: str, expected_hash: str | None) -> str:
    """The file with the marked value replaced by `text`, its mark cleared (nothing written)."""
    root = _load_for_edit(path, expected_hash)
    try:
        parent, key = _locate(root, field_path)
        current = parent[key]
    except (KeyError, IndexError, TypeError):
        raise DataError("không còn giá trị này trong tệp (tệp đã đổi?)", path, field=field_path) from None
    if not is_review(current):
        raise DataError("giá trị này không còn dấu !xem-lai", path, field=field_path)
    if not text.strip():
        raise DataError("không được để trống", path, field=field_path)
    parent[key] = _scalar(vn.nfc(text.strip()))
    return dump(root)


def _scalar(text: str) -> Any:
    """A typed value as YAML reads it (100, 2023-05-09), a date typed as on the page (05/09/2023), or the
    text itself when it is not one scalar."""
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
        try:
            return vn.doc_ngay(text)
        except ValueError:
            return text  # 31/02/2023: kept as typed, for the check to refuse
    try:
        value = YAML(typ="safe").load(text)  # one scalar: an alias there is never expanded
    except (YAMLError, RecursionError):
        return text
    return value if isinstance(value, (int, float, date)) and not isinstance(value, bool) else text
