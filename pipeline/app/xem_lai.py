"""The review list of a rolled-over year, in the clerk's words: each value named by its document and
the field's label, with why it must be looked at again; a confirmed value checked as the editor checks
a saved document (a date typed 05/09/2027 is a date; the file must still load and render)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIELD_LABELS = {
    "ngay": "ngày ban hành", "trich_yeu": "trích yếu", "so": "số", "ky_hieu": "ký hiệu", "co_quan": "cơ quan ban hành",
    "nam": "năm", "nam_hoc": "năm học", "mo_dau": "đoạn mở đầu", "ket_luan": "đoạn kết", "kinh_gui": "kính gửi",
    "noi_nhan": "nơi nhận", "chu": "nội dung", "ten": "tên", "gia_tri": "giá trị", "muc_tieu": "mục tiêu",
    "han": "thời hạn", "nhan_xet": "nhận xét", "ket_qua": "kết quả", "chu_de": "chủ đề",
}
PARENT_LABELS = {
    "can_cu": "căn cứ", "noi_dung": "khối nội dung", "phu_luc": "phụ lục", "chi_tieu": "chỉ tiêu",
    "nhiem_vu": "nhiệm vụ", "ket_qua": "kết quả", "bang": "bảng", "hang": "hàng", "kinh_gui": "nơi gửi",
    "noi_nhan": "nơi nhận", "vai_tro": "vai trò",
}


def field_label(field_path: str) -> str:
    """`can_cu.2.ngay` → «ngày ban hành của căn cứ 2»; `bien.chu_de` → «tham số «chu_de» của năm»."""
    parts = field_path.split(".")
    if parts[0] == "bien" and len(parts) == 2:
        return f"tham số «{parts[1]}» của năm"
    last = parts[-1]
    if last.isdigit():
        words = [f"ô {last}" if parts[-2].isdigit() else f"{PARENT_LABELS.get(parts[-2], parts[-2])} {last}"]
    else:
        words = [] if last == parts[0] == "ket_qua" else [FIELD_LABELS.get(last, f"«{last}»")]
    i = 0
    owners = []
    while i < len(parts) - 1:
        key = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) - 1 else None
        if nxt is not None and (nxt.isdigit() or key in ("ket_qua", "chi_tieu")):
            owners.append(f"{PARENT_LABELS.get(key, key)} {nxt if nxt.isdigit() else '«' + nxt + '»'}")
            i += 2
        else:
            if i < len(parts) - 1 and key in PARENT_LABELS and not (i + 1 == len(parts) - 1 and last.isdigit()):
                owners.append(PARENT_LABELS[key])
            i += 1
    return " của ".join(words + owners[::-1])


def reason(field_path: str, value: str, nam: int) -> str:
    """Why a value carried into year `nam` must be decided again, as a sentence."""
    parts = field_path.split(".")
    last, old = parts[-1], nam - 1
    if parts[0] == "can_cu":
        return f"Căn cứ của năm {old}: năm {nam} có văn bản căn cứ mới, với số, ngày và trích yếu mới."
    if last == "ngay":
        return f"Ngày của năm {old} đã được lùi sang năm {nam}; hãy chọn ngày thật."
    if last in ("gia_tri", "muc_tieu") or parts[0] == "chi_tieu":
        return f"Chỉ tiêu của năm {old}; hãy đặt chỉ tiêu của năm {nam}."
    if parts[0] == "ket_qua":
        return f"Kết quả của năm {old}; hãy ghi kết quả của năm {nam}."
    if parts[0] == "bien" or last == "chu_de":
        return f"Tham số riêng của năm {old} (như chủ đề của năm); hãy chọn cho năm {nam}."
    if last == "han":
        return f"Thời hạn của năm {old}; hãy đặt thời hạn trong năm {nam}."
    if re.search(rf"\b{old}\b", str(value)):
        return f"Câu chữ còn năm {old}; hãy thay bằng {{{{ nam }}}} hoặc sửa cho năm {nam}."
    return f"Giá trị chép từ năm {old}; hãy xác nhận hoặc sửa cho năm {nam}."


@dataclass
class ReviewEntry:
    """One value to review, as the page shows it."""

    file: Path          # the file it is in
    ten: str            # its path inside the year folder (the form sends it back)
    field: str          # its field path (the form sends it back)
    document: str       # «Kế hoạch «Triển khai …»» or «Tham số của năm 2027»
    label: str          # «ngày ban hành của căn cứ 2»
    value: str
    why: str
    line: int | None
    in_sheet: bool


def review_list(du_lieu: Path, nam: int) -> list[ReviewEntry]:
    from ..kinds import KINDS
    from ..load import THAM_SO_FILE, read_yaml
    from ..rollover import checklist
    folder = Path(du_lieu) / str(nam)
    names: dict[Path, str] = {}

    def document(path: Path) -> str:
        if path not in names:
            if path.name == THAM_SO_FILE:
                names[path] = f"Tham số của năm {nam}"
            else:
                root = read_yaml(path)[0] if path.suffix == ".yaml" else {}
                kind = KINDS.get(str(root.get("loai", "")))
                trich_yeu = _filled(str(getattr(root.get("trich_yeu"), "value", root.get("trich_yeu")) or ""), nam)
                names[path] = (f"{kind.ten.capitalize() if kind else 'Văn bản'} «{trich_yeu or path.stem}»"
                               if path.suffix == ".yaml" else f"Bảng tính {path.name}")
        return names[path]
    entries = []
    for item in checklist(folder):
        entries.append(ReviewEntry(item.file, item.file.relative_to(folder).as_posix(), item.field,
                                   document(item.file), f"cột «{item.field}»" if item.in_sheet else field_label(item.field),
                                   _shown(item.value), reason(item.field, item.value, nam), item.line, item.in_sheet))
    return entries


def confirm_checked(du_lieu: Path, nam: int, path: Path, field_path: str, text: str, expected_hash: str | None,
                    templates: Path) -> None:
    """Confirm a value to review, refused as the editor refuses a save (nothing written when refused)."""
    from .. import school
    from ..documents.van_ban import FOLDER
    from ..load import THAM_SO_FILE, load_model
    from ..models import ThamSo
    from . import check_text

    def check(new: str) -> None:
        if path.parent.name == FOLDER:
            check_text(du_lieu, nam, path.stem, new, templates)
        elif path.name == THAM_SO_FILE:
            import tempfile
            with tempfile.TemporaryDirectory(prefix="vanthu-xem-lai-") as tmp:
                written = Path(tmp) / THAM_SO_FILE
                written.write_text(new, encoding="utf-8")
                try:
                    load_model(written, ThamSo)
                except Exception as exc:
                    for error in getattr(exc, "errors", [exc]):
                        if getattr(error, "file", None) == written:
                            error.file = path
                    raise
    school.confirm_review(path, field_path, text, expected_hash, check)


def _filled(text: str, nam: int) -> str:
    """A subject line as it will print for the year's own words ({{ nam }}, {{ nam_hoc }}); one that
    draws on other data is left for the file name to say."""
    text = re.sub(r"\{\{\s*nam\s*\}\}", str(nam), text)
    text = re.sub(r"\{\{\s*nam_hoc\s*\}\}", f"{nam}-{nam + 1}", text)
    return "" if "{{" in text or "{%" in text else text


def _shown(value: Any) -> str:
    """As the page shows and takes it: a date as 05/09/2027."""
    from datetime import date
    from .. import vn
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            pass
    return vn.ngay_ngan(value) if isinstance(value, date) else str(value)
