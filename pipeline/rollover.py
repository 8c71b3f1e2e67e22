"""Next year's data from this year's: carry what can be carried, mark what must be decided anew.

YAML files go through ruamel's round trip, so comments, key order and layout stay as the clerk
wrote them. Values the tool cannot know get the tag `!xem-lai`; rendering refuses them until the
clerk has looked (or renders a draft with them highlighted).
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import YAMLError

from .dia_gioi import REFORM_DAY, district_era
from .errors import DataError, OutputError, VanthuError
from .files import explain
from .limits import check_year
from .steps import Do, Step
from .load import DON_VI_FILE, REVIEW_TAG, field_path, guarded, is_review, read_text, read_yaml, yaml_errors, years
from .tables import read_table

# Where a body of the district era (gone on 1 July 2025) must be named anew.
RECIPIENTS = ("noi_nhan", "kinh_gui")
SCHOOL_FIELDS = ("co_quan_chu_quan", "chu_quan_dau_trang", "dia_danh")


def crosses_reform(tu: int, den: int) -> bool:
    """Whether the new year's documents may be dated after 1 July 2025 while the old year's were not."""
    return tu <= REFORM_DAY.year <= den and tu < den


# Sheets of results belong to their year: a new year starts without them.
RESULT_FILES = re.compile(r"^bao-cao-.*\.(xlsx|csv)$")
SHEETS = (".csv", ".xlsx")


@dataclass
class ReviewItem:
    file: Path
    line: int | None
    field: str
    value: str
    reason: str
    in_sheet: bool = False  # a sheet's row and column rather than a YAML line and field

    def __str__(self) -> str:
        where = f"hàng {self.line}, cột «{self.field}»" if self.in_sheet else f"dòng {self.line}, trường `{self.field}`"
        return f"{self.file}, {where} = «{self.value}»: {self.reason}"


def _yaml() -> YAML:
    yaml = guarded(YAML(typ="rt"))
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap the clerk's lines
    return yaml


def _shift(d: date, years_ahead: int) -> date:
    try:
        return d.replace(year=d.year + years_ahead)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years_ahead, day=28)


class _Roller:
    """Walks one YAML tree, advancing year values and marking the ones to review."""

    def __init__(self, tu: int, den: int):
        self.tu, self.den = tu, den
        self.crossing = crosses_reform(tu, den)
        self.reasons: dict[tuple, str] = {}
        self.old_year = re.compile(rf"(?<!\d){tu}(?!\d)")

    def mark(self, parent, key, value: Any, loc: tuple, reason: str) -> None:
        parent[key] = TaggedScalar(value=str(value), tag=REVIEW_TAG)
        self.reasons[loc] = reason

    def visit(self, node: Any, loc: tuple) -> None:
        items = node.items() if isinstance(node, CommentedMap) else enumerate(node)
        for key, value in list(items):
            here = loc + (key,)
            if isinstance(value, (CommentedMap, CommentedSeq)):
                self.visit(value, here)
            elif not is_review(value):
                self.leaf(node, key, value, here)

    def leaf(self, parent, key, value: Any, loc: tuple) -> None:
        delta = self.den - self.tu
        in_can_cu = loc[0] == "can_cu"
        if loc == ("nam",) and value == self.tu:
            parent[key] = self.den
        elif loc == ("nam_hoc",) and value == f"{self.tu}-{self.tu + 1}":
            parent[key] = f"{self.den}-{self.den + 1}"
        elif in_can_cu and key == "co_quan" and self.crossing and isinstance(value, str) and (why := district_era(value)):
            self.mark(parent, key, value, loc, why)
        elif in_can_cu and key in ("so", "ngay", "ky_hieu", "trich_yeu"):
            if key == "ngay":
                value = _shift(value, delta) if isinstance(value, date) else value
            if key != "ky_hieu":
                self.mark(parent, key, value, loc, "căn cứ của năm mới có số, ngày và trích yếu mới")
        elif isinstance(value, date):
            parent[key] = _shift(value, delta)
            if key == "ngay":
                self.mark(parent, key, parent[key], loc, f"ngày ban hành đã lùi sang năm {self.den}, chọn ngày thật")
        elif key == "gia_tri":
            self.mark(parent, key, value, loc, "giá trị chỉ tiêu của năm mới")
        elif loc[0] == "ket_qua":
            self.mark(parent, key, value, loc, f"kết quả của năm {self.tu}: ghi kết quả năm {self.den}")
        elif loc[0] == "bien":
            self.mark(parent, key, value, loc, "tham số riêng của năm (ví dụ chủ đề Tháng hành động)")
        elif self.crossing and loc[0] in RECIPIENTS and isinstance(value, str) and (why := district_era(value)):
            self.mark(parent, key, value, loc, why)
        elif isinstance(value, str) and self.old_year.search(value):
            self.mark(parent, key, value, loc,
                      f"câu chữ có năm {self.tu}: thay bằng {{{{ nam }}}} hoặc sửa cho năm mới")


def roll_yaml(text: str, tu: int, den: int, path: Path) -> tuple[str, dict[tuple, str]]:
    """One YAML file advanced to the new year, and why each marked value is marked."""
    yaml = _yaml()
    with yaml_errors(path):
        root = yaml.load(text)
    roller = _Roller(tu, den)
    if isinstance(root, (CommentedMap, CommentedSeq)):
        roller.visit(root, ())
    out = io.StringIO()
    yaml.dump(root, out)
    return out.getvalue(), roller.reasons


def new_year(data_root: Path, tu: int | None = None, den: int | None = None,
             overwrite: bool = False) -> tuple[Path, list[ReviewItem], list[str], Path | None]:
    """Create `data/<den>/` from `data/<tu>/`; return it, the review list, the files not carried
    and, when an existing folder was replaced (`overwrite`), where it was kept."""
    data_root = Path(data_root)
    if not data_root.is_dir():
        raise DataError("không tìm thấy thư mục dữ liệu", data_root)
    available = years(data_root)
    tu = tu if tu is not None else (available[-1] if available else None)
    if tu is None or tu not in available:
        raise DataError(f"không có dữ liệu năm {tu} để chuyển sang năm mới", data_root)
    den = den if den is not None else tu + 1
    check_year(den)
    if den <= tu:
        raise DataError(f"năm mới ({den}) phải sau năm {tu}", data_root)
    source, target = data_root / str(tu), data_root / str(den)
    if target.exists() and not overwrite:
        raise DataError(f"đã có {target}; chọn làm lại nếu muốn tạo lại từ năm {tu}", target,
                        steps=[Step(Do.OVERWRITE)])

    staging = Path(tempfile.mkdtemp(prefix=f".{den}.", dir=data_root))
    reasons: dict[str, dict[tuple, str]] = {}
    skipped, sheet_items = [], []
    try:
        for path in _files(source):
            name = path.relative_to(source).as_posix()
            out = staging / name
            out.parent.mkdir(parents=True, exist_ok=True)
            if RESULT_FILES.match(path.name):
                skipped.append(name)
            elif path.suffix in (".yaml", ".yml"):
                text, reasons[name] = roll_yaml(read_text(path), tu, den, path)
                out.write_text(text, encoding="utf-8")
            elif path.suffix.lower() in SHEETS:
                sheet_items += [ReviewItem(target / name, *item, in_sheet=True) for item in roll_sheet(path, out, tu, den)]
            else:
                shutil.copy2(path, out)
        backup = _swap_in(staging, target)
    except OSError as exc:
        raise OutputError(f"không tạo được {target}: {explain(exc)}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    school = school_review(data_root) if crosses_reform(tu, den) else []
    return target, school + checklist(target, reasons) + sheet_items, skipped, backup


def school_review(data_root: Path) -> list[ReviewItem]:
    """The school's chủ quản and địa danh (don-vi.yaml, shared by every year, so not marked) when
    they name a district or a Phòng GD&ĐT: listed to write anew for documents after 1 July 2025."""
    path = Path(data_root) / DON_VI_FILE
    try:
        root, source = read_yaml(path)
    except DataError:
        return []  # a broken school file is reported by the next command that reads it
    items = []
    for key in SCHOOL_FIELDS:
        values = root.get(key) if isinstance(root, dict) else None
        for i, value in enumerate(values if isinstance(values, list) else [values]):
            loc = (key, i) if isinstance(values, list) else (key,)
            if isinstance(value, str) and (why := district_era(value)):
                items.append(ReviewItem(path, source.line(loc), field_path(loc), value,
                                        why + " (sửa ở trang Trường hoặc trong tệp này)"))
    return items


def _files(folder: Path) -> list[Path]:
    """A year's files, in its subfolders too (van-ban/), hidden ones left out."""
    return sorted(p for p in folder.rglob("*") if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


_DATE_TEXT = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")


def _shift_text(text: str, tu: int, den: int) -> str | None:
    """A date typed in a cell (31/12/2022, 2022-12-31) of the old year, moved to the new one."""
    m = _DATE_TEXT.match(text.strip())
    if not m:
        return None
    year = m.group(4) or m.group(5)
    return text.replace(year, str(int(year) + den - tu)) if int(year) == tu else None


def roll_sheet(path: Path, out: Path, tu: int, den: int) -> list[tuple[int, str, str, str]]:
    """Copy a sheet with the dates of the old year moved to the new one; each one is to review
    (a deadline of the old year would otherwise print before the new documents' own dates)."""
    reason = f"ngày trong bảng tính đã lùi sang năm {den}: xem lại"
    if path.suffix.lower() == ".csv":
        return [(*item, reason) for item in _roll_csv(path, out, tu, den)]
    return [(*item, reason) for item in _roll_xlsx(path, out, tu, den)]


def _roll_csv(path: Path, out: Path, tu: int, den: int) -> list[tuple[int, str, str]]:
    import csv
    text = path.read_text(encoding="utf-8-sig")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    changed = []
    for r, row in enumerate(rows[1:], 2):
        for c, cell in enumerate(row):
            new = _shift_text(cell, tu, den)
            if new:
                row[c] = new
                changed.append((r, rows[0][c] if c < len(rows[0]) else str(c + 1), new))
    buffer = io.StringIO()
    csv.writer(buffer, dialect).writerows(rows)
    out.write_text(("\ufeff" if text.startswith("\ufeff") else "") + buffer.getvalue(), encoding="utf-8")
    return changed


def _roll_xlsx(path: Path, out: Path, tu: int, den: int) -> list[tuple[int, str, str]]:
    from . import vn, zipguard
    try:
        book = zipguard.open_xlsx(path, zipguard.data_error(path))
    except VanthuError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DataError(f"không đọc được tệp Excel ({type(exc).__name__})", path) from None
    changed = []
    for sheet in book.worksheets:
        header = [cell.value for cell in next(sheet.iter_rows(max_row=1), [])]
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                column = str(header[cell.column - 1]) if cell.column <= len(header) else cell.column_letter
                if isinstance(cell.value, (date, datetime)) and cell.value.year == tu:
                    cell.value = _shift(cell.value, den - tu)
                    changed.append((cell.row, column, vn.ngay_ngan(cell.value)))
                elif isinstance(cell.value, str) and (new := _shift_text(cell.value, tu, den)):
                    cell.value = new
                    changed.append((cell.row, column, new))
    book.save(out)
    return changed


BACKUPS = ".sao-luu"


def _swap_in(staging: Path, target: Path) -> Path | None:
    """Put the new folder in place; an existing one (when overwriting) is kept whole in
    `data/.sao-luu/<năm>-<time>/`, since it may hold the clerk's edits and files."""
    backup = None
    if target.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = target.parent / BACKUPS / f"{target.name}-{stamp}"
        for n in itertools.count(2):
            if not backup.exists():
                break
            backup = backup.with_name(f"{target.name}-{stamp}-{n}")
        backup.parent.mkdir(exist_ok=True)
        target.rename(backup)
    try:
        staging.rename(target)
    except OSError:
        if backup:
            backup.rename(target)  # the old folder back where it was
        raise
    return backup


def checklist(folder: Path, reasons: dict[str, dict[tuple, str]] | None = None) -> list[ReviewItem]:
    """Every value still marked `!xem-lai` in a year's YAML files, with its line."""
    items = []
    for path in sorted(folder.rglob("*.yaml")):
        _, source = read_yaml(path)
        why = (reasons or {}).get(path.relative_to(folder).as_posix(), {})
        for loc, value in source.marks:
            items.append(ReviewItem(path, source.line(loc), field_path(loc), value,
                                    why.get(loc, "giá trị cần xem lại cho năm mới")))
    return items


# so-sanh: what differs between two years' data, field by field.

def _flatten(value: Any, prefix: tuple = ()) -> dict[str, str]:
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for k, v in value.items():
            out.update(_flatten(v, prefix + (k,)))
        return out
    if isinstance(value, list):
        out = {}
        for i, v in enumerate(value):
            out.update(_flatten(v, prefix + (i,)))
        return out
    return {field_path(prefix): "" if value is None else str(value)}


def _fields(path: Path) -> dict[str, str]:
    if path.suffix in (".yaml", ".yml"):
        return _flatten(read_yaml(path)[0])
    if path.suffix in (".csv", ".xlsx"):
        table = read_table(path)
        return {f"hàng {n}.{table.headers[k]}": "" if v is None else str(v)
                for n, row in table.rows for k, v in row.items()}
    return {"(nội dung tệp)": path.read_bytes().hex()[:16]}


def compare(data_root: Path, a: int, b: int) -> list[str]:
    """Lines saying, file by file, which fields were added (+), removed (-) or changed (~)."""
    folders = [Path(data_root) / str(y) for y in (a, b)]
    for folder in folders:
        if not folder.is_dir():
            raise DataError("không có thư mục dữ liệu của năm này", folder)
    names = sorted({p.relative_to(f).as_posix() for f in folders for p in _files(f)})
    lines = []
    for name in names:
        left, right = (f / name for f in folders)
        if not left.exists() or not right.exists():
            lines.append(f"{name}: chỉ có ở năm {a if left.exists() else b}")
            continue
        old, new = _fields(left), _fields(right)
        changes = [f"  ~ {k}: «{old[k]}» → «{new[k]}»" for k in old if k in new and old[k] != new[k]]
        changes += [f"  - {k}: «{old[k]}»" for k in old if k not in new]
        changes += [f"  + {k}: «{new[k]}»" for k in new if k not in old]
        lines.append(f"{name}: " + (f"{len(changes)} thay đổi" if changes else "giống nhau"))
        lines.extend(changes)
    return lines
