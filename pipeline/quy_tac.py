"""The rules of NĐ 30/2020 (Phụ lục I) as one table: layout lays documents out from it and
`the_thuc` checks any Word document against it, so the two can never disagree.

Each printed element has the sizes the decree allows, its weight, slant, case and alignment; the
two size profiles of the spec (§14) pick one size per element inside those ranges. Page, body and
rule geometry are ranges too. Nothing here knows python-docx.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

FONT = "Times New Roman"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
RULE_RATIO = 0.4  # rules under names and trích yếu: between 1/3 and 1/2 of the line above


@dataclass(frozen=True)
class Range:
    """A closed interval of allowed values."""

    lo: float
    hi: float

    def __contains__(self, value: float) -> bool:
        return self.lo - 1e-6 <= value <= self.hi + 1e-6

    def nearest(self, value: float) -> float:
        return min(max(value, self.lo), self.hi)

    def text(self, unit: str = "") -> str:
        def num(x: float) -> str:
            return f"{x:g}".replace(".", ",")
        return f"{num(self.lo)}{unit}" if self.lo == self.hi else f"{num(self.lo)}–{num(self.hi)}{unit}"


@dataclass(frozen=True)
class Element:
    """How one element prints: None where the decree leaves it open."""

    ten: str  # its name in messages
    co: Range  # size, pt
    dam: bool | None = None  # bold
    nghieng: bool | None = None  # italic
    hoa: bool | None = None  # all capitals
    can: str | None = None  # "giua" (centred), "deu" (justified)


ELEMENTS = {
    "chu_quan": Element("tên cơ quan chủ quản", Range(12, 13), dam=False, nghieng=False, hoa=True, can="giua"),
    "ten_don_vi": Element("tên cơ quan ban hành", Range(12, 13), dam=True, nghieng=False, hoa=True, can="giua"),
    "so": Element("số, ký hiệu", Range(13, 13), dam=False, nghieng=False),
    "v_v": Element("trích yếu công văn (V/v)", Range(12, 13), dam=False, nghieng=False),
    "quoc_hieu": Element("Quốc hiệu", Range(12, 13), dam=True, nghieng=False, hoa=True, can="giua"),
    "tieu_ngu": Element("Tiêu ngữ", Range(13, 14), dam=True, nghieng=False, hoa=False, can="giua"),
    "ngay": Element("địa danh, ngày tháng năm", Range(13, 14), dam=False, nghieng=True),
    "ten_loai": Element("tên loại văn bản", Range(13, 14), dam=True, nghieng=False, hoa=True, can="giua"),
    "trich_yeu": Element("trích yếu", Range(13, 14), dam=True, nghieng=False, can="giua"),
    "tham_quyen": Element("thẩm quyền ban hành", Range(13, 14), dam=True, hoa=True, can="giua"),
    "quyet_dinh": Element("chữ «QUYẾT ĐỊNH:»", Range(13, 14), dam=True, hoa=True, can="giua"),
    "can_cu": Element("căn cứ", Range(13, 14), nghieng=True, can="deu"),
    "than": Element("nội dung", Range(13, 14), can="deu"),
    "muc": Element("tên mục (I, II …)", Range(13, 14), dam=True, hoa=True),
    "dieu": Element("nhãn «Điều …»", Range(13, 14), dam=True),
    "ky": Element("quyền hạn, chức vụ người ký", Range(13, 14), dam=True, hoa=True, can="giua"),
    "ho_ten": Element("họ tên người ký", Range(13, 14), dam=True, can="giua"),
    "noi_nhan_nhan": Element("chữ «Nơi nhận:»", Range(12, 12), dam=True, nghieng=True),
    "noi_nhan": Element("các nơi nhận", Range(11, 11), dam=False, nghieng=False),
    "trang": Element("số trang", Range(13, 14), dam=False, nghieng=False),
    "phu_luc": Element("tên phụ lục", Range(13, 14), dam=True, can="giua"),
    "kem_theo": Element("dòng «Kèm theo …» của phụ lục", Range(13, 14), nghieng=True, can="giua"),
}

# Page (mm) and body geometry.
MARGINS = {"tren": Range(20, 25), "duoi": Range(20, 25), "trai": Range(30, 35), "phai": Range(15, 20)}
MARGIN_NAMES = {"tren": "lề trên", "duoi": "lề dưới", "trai": "lề trái", "phai": "lề phải"}
FIRST_LINE_CM = Range(1.0, 1.27)
PARAGRAPH_GAP_PT = Range(6, 18)  # space between paragraphs: at least 6 pt
LINE_SPACING = Range(1.0, 1.5)  # lines
RULE_RATIOS = Range(1 / 3, 1 / 2)  # a rule under a name or a trích yếu, of that line's length
TIEU_NGU_RULE = Range(0.9, 1.1)  # the rule under the Tiêu ngữ: as long as its line
RULE_TOLERANCE = 0.04  # measured widths of real fonts differ a little from ours
BODY_SIZE_DEFAULT = 14
AUTHORITY_WORDS = ("KT.", "TM.", "TL.", "TUQ.", "Q.")


@dataclass(frozen=True)
class Sizes:
    """Font sizes (pt) of one size profile of the spec (§14)."""

    chu_quan: float
    ten_don_vi: float
    so: float
    quoc_hieu: float
    tieu_ngu: float
    ngay: float
    ten_loai: float = 14
    trich_yeu: float = 14
    than: float = 14
    ky: float = 14
    noi_nhan_nhan: float = 12
    noi_nhan: float = 11
    trang: float = 14
    bang: float = 13


PROFILES = {
    "A": Sizes(chu_quan=13, ten_don_vi=13, so=13, quoc_hieu=13, tieu_ngu=14, ngay=14),
    "B": Sizes(chu_quan=12, ten_don_vi=12, so=13, quoc_hieu=12, tieu_ngu=13, ngay=13),
}


def profile_errors() -> list[str]:
    """Sizes of a profile outside the element's range (none: the table is consistent)."""
    return [f"{name}.{f.name}" for name, sizes in PROFILES.items() for f in fields(sizes)
            if f.name in ELEMENTS and getattr(sizes, f.name) not in ELEMENTS[f.name].co]
