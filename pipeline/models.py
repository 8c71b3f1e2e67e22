"""Data models shared by every document kind. Field names are the data vocabulary (DESIGN.md)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, Discriminator, Tag, ConfigDict, Field, StringConstraints, field_validator, model_validator

from .kinds.codes import CONG_VAN, KIND_CODES, LOAI_VAN_BAN  # noqa: F401  (CONG_VAN, LOAI_VAN_BAN: imported from here before)
from .limits import NAM_CUOI, NAM_DAU, date_problem
from .quy_tac import FIRST_LINE_CM, LINE_SPACING, MARGINS, PARAGRAPH_GAP_PT

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Ma = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-ZĐ0-9&]+$")]
KyHieu = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-zĐđ0-9&/]+(-[A-Za-zĐđ0-9&/]+)*$")]
TenBien = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*$")]


def _date_as_written(value):
    """A date is written NĂM-THÁNG-NGÀY: a bare number (`ngay: 0`) is not read as seconds since 1970."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"ngày «{value}» không hợp lệ; cần dạng NĂM-THÁNG-NGÀY, ví dụ 2022-05-09")
    return value


def _plausible(value: date) -> date:
    problem = date_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _cited(value: date) -> date:
    # A cited law or decision may be old, but not older than the state that issued it.
    if not 1945 <= value.year <= NAM_CUOI:
        raise ValueError(f"ngày {value.isoformat()} không hợp lý cho một văn bản được trích dẫn")
    return value


Ngay = Annotated[date, BeforeValidator(_date_as_written), AfterValidator(_plausible)]
NgayTrichDan = Annotated[date, BeforeValidator(_date_as_written), AfterValidator(_cited)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Le(Model):
    """Page margins in mm, within the ranges of NĐ 30 (Phụ lục I)."""

    tren: float = Field(MARGINS["tren"].lo, ge=MARGINS["tren"].lo, le=MARGINS["tren"].hi)
    duoi: float = Field(MARGINS["duoi"].lo, ge=MARGINS["duoi"].lo, le=MARGINS["duoi"].hi)
    trai: float = Field(MARGINS["trai"].lo, ge=MARGINS["trai"].lo, le=MARGINS["trai"].hi)
    phai: float = Field(MARGINS["phai"].lo, ge=MARGINS["phai"].lo, le=MARGINS["phai"].hi)


class TrinhBay(Model):
    """Layout settings of a school; every default is inside the decree's range."""

    co_chu: Literal["A", "B"] = "A"
    le: Le = Le()
    gian_dong: float = Field(1.15, ge=LINE_SPACING.lo, le=LINE_SPACING.hi)  # line spacing, in lines
    thut_dau_dong: float = Field(1.27, ge=FIRST_LINE_CM.lo, le=FIRST_LINE_CM.hi)  # first-line indent, cm
    cach_doan: float = Field(6, ge=PARAGRAPH_GAP_PT.lo, le=PARAGRAPH_GAP_PT.hi)  # space after a paragraph, pt
    dau_du_thao: bool = True  # a boxed `DỰ THẢO` at the top of a draft's first page


QuyenHan = Literal["KT.", "TM.", "TL.", "TUQ.", "Q."]


class NguoiKy(Model):
    """The signer: `quyen_han` + `thay` form the first line (`KT. HIỆU TRƯỞNG`)."""

    quyen_han: QuyenHan | None = None
    thay: Text | None = None
    chuc_vu: Text
    ho_ten: Text

    @field_validator("quyen_han", mode="before")
    @classmethod
    def _with_full_stop(cls, value):
        # Clerks type `KT` or `K/T`; the decree form is upper case with a full stop.
        if isinstance(value, str) and value.strip():
            value = value.strip().upper().replace("/", "")
            return value if value.endswith(".") else value + "."
        return value

    @model_validator(mode="after")
    def _authority(self):
        if self.quyen_han in ("KT.", "TM.", "TL.", "TUQ.") and not self.thay:
            raise ValueError(f"ký `{self.quyen_han}` cần trường `thay` (ký thay cho ai, ví dụ: Hiệu trưởng)")
        if self.quyen_han in (None, "Q.") and self.thay:
            raise ValueError("trường `thay` chỉ dùng khi có `quyen_han` KT., TM., TL. hoặc TUQ.")
        return self


class DonVi(Model):
    """The issuing school (`don-vi.yaml`)."""

    co_quan_chu_quan: Text | None = None
    chu_quan_dau_trang: list[Text] | None = None  # the chủ quản's header lines, as the clerk breaks them
    ten: Text
    ten_dau_trang: list[Text] | None = None  # header lines, e.g. the strict full name on two lines
    ma: Ma
    dia_danh: Text
    tinh: Text | None = None  # the province and ward chosen on the Trường page (since 1 July 2025), offered again
    xa: Text | None = None
    nguoi_ky: NguoiKy
    trinh_bay: TrinhBay = TrinhBay()
    so_van_ban: Literal["chung", "theo-loai"] = "chung"  # one number sequence for all types, or one per type


class ThamSo(Model):
    """Year parameters (`<năm>/tham-so.yaml`), referenced from the text as `{{ nam }}` etc."""

    nam: int = Field(ge=NAM_DAU, le=NAM_CUOI)
    nam_hoc: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{4}$")]
    bien: dict[TenBien, Text] = {}

    @model_validator(mode="after")
    def _school_year(self):
        start, end = (int(x) for x in self.nam_hoc.split("-"))
        if end != start + 1:
            raise ValueError(f"năm học `{self.nam_hoc}` phải là hai năm liền nhau, ví dụ {start}-{start + 1}")
        return self


class CanCu(Model):
    """A document this one is based on."""

    loai: Text
    so: Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v),
                  StringConstraints(strip_whitespace=True, pattern=r"^0*[1-9]\d*[a-zA-Z]?$")]
    ky_hieu: KyHieu
    ngay: NgayTrichDan
    co_quan: Text
    trich_yeu: Text | None = None  # with its connecting words: "về việc …", "quy định …"


class NoiNhan(Model):
    """A recipient and what it receives the document for: `(để báo cáo)`, `(để thực hiện)` …"""

    ten: Text
    de: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_line(cls, value):
        return {"ten": value} if isinstance(value, str) else value

    @field_validator("de")
    @classmethod
    def _purpose(cls, value: str | None) -> str | None:
        # Clerks write either the purpose ("biết") or the whole note ("để biết").
        return re.sub(r"^\(?\s*để\s+", "", value).rstrip(") ") if value else value

    @field_validator("ten")
    @classmethod
    def _not_archive(cls, value: str) -> str:
        if re.match(r"^(-\s*)?lưu\b", value, re.IGNORECASE):
            raise ValueError("dòng `Lưu: VT` được thêm tự động ở cuối; đặt mã đơn vị soạn thảo vào trường `luu`")
        return value


Cell = Annotated[str, StringConstraints(strip_whitespace=True)] | int | float | None


class Bang(Model):
    """A table: column titles, relative widths, and rows typed, read from a sheet, or given by the document."""

    cot: list[Text] = Field(min_length=1)
    rong: list[Annotated[float, Field(gt=0)]] | None = None
    hang: list[list[Cell]] | None = None
    tep: Text | None = None  # a .csv/.xlsx beside the data; its header row is the columns
    tu: TenBien | None = None  # rows a document kind provides, e.g. `chi_tieu` in a report
    tong: bool = False  # the last row is the total (bold); a sheet's own total row is kept for it
    # Header rows: `cot` and the first `tieu_de - 1` rows (bold, centred, repeated on each page).
    tieu_de: int = Field(1, ge=1)
    # Cells merged, as Word merges them: [hàng, cột, đến hàng, đến cột], counted from 1, `cot` row 1.
    gop: list[Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=4, max_length=4)]] | None = None

    @model_validator(mode="after")
    def _rows(self):
        if sum(x is not None for x in (self.hang, self.tep, self.tu)) != 1:
            raise ValueError("bảng cần đúng một nguồn hàng: `hang` (gõ trong tệp), `tep` (bảng tính) hoặc `tu`")
        if self.rong is not None and len(self.rong) != len(self.cot):
            raise ValueError(f"`rong` có {len(self.rong)} số nhưng bảng có {len(self.cot)} cột")
        for i, row in enumerate(self.hang or [], 1):
            if len(row) != len(self.cot):
                raise ValueError(f"hàng {i} có {len(row)} ô nhưng bảng có {len(self.cot)} cột")
        rows = 1 + len(self.hang) if self.hang is not None else None
        for r0, c0, r1, c1 in self.gop or []:
            if r0 > r1 or c0 > c1 or c1 > len(self.cot) or (rows is not None and r1 > rows):
                raise ValueError(f"ô gộp [{r0}, {c0}, {r1}, {c1}] không nằm trong bảng "
                                 f"({rows or 'nhiều'} hàng kể cả hàng tiêu đề, {len(self.cot)} cột)")
        return self


TEXT_BLOCKS = ("doan", "phan", "chuong", "muc", "khoan", "diem", "y", "dieu")
# Where a block may stand: at the outer level of a body, or directly inside these.
_OUTER = {"phan": (), "chuong": ("phan",), "muc": ("phan", "chuong"), "dieu": ("phan", "chuong")}


class Khoi(Model):
    """One block of content: a paragraph, a phần, chương, mục, khoản, điểm, bullet or article, with its
    children; or a table.

    Labels (PHẦN THỨ NHẤT, Chương I, I., 1., a), -, +, Điều 1.) are derived from the position, never typed.
    """

    doan: Text | None = None
    phan: Text | None = None
    chuong: Text | None = None
    muc: Text | None = None
    khoan: Text | None = None
    diem: Text | None = None
    y: Text | None = None
    dieu: Text | None = None
    bang: Bang | None = None
    chi_tieu: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")] | None = None
    gia_tri: float | None = None
    don_vi_tinh: str = "%"
    vai_tro: list[Text] = []
    nhiem_vu: Text | None = None  # the task as addressed to the person (notices quote it)
    lap: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z_][a-z0-9_]*\s+in\s+\S.*$")] | None = None
    noi_dung: list[Khoi] = []

    @property
    def vong_lap(self) -> tuple[str, str] | None:
        """`lap: "nv in hang.nhiem_vu"`: the block stands once per item of the list, named `nv`."""
        if self.lap is None:
            return None
        name, expression = re.split(r"\s+in\s+", self.lap, maxsplit=1)
        return name, expression

    @model_validator(mode="before")
    @classmethod
    def _plain_paragraph(cls, value):
        return {"doan": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_kind(self):
        kinds = [k for k in (*TEXT_BLOCKS, "bang") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("mỗi khối cần đúng một trong các trường: " + ", ".join((*TEXT_BLOCKS, "bang")))
        if kinds[0] in ("doan", "bang") and self.noi_dung:
            raise ValueError(f"khối `{kinds[0]}` không có nội dung con")
        if (self.chi_tieu is None) != (self.gia_tri is None):
            raise ValueError("chỉ tiêu cần cả mã `chi_tieu` và giá trị `gia_tri`")
        for kind, name in (("phan", "phần"), ("chuong", "chương"), ("muc", "mục")):
            if getattr(self, kind) is not None and not self.noi_dung:
                raise ValueError(f"{name} (`{kind}`) cần `noi_dung`")
        if self.nhiem_vu and not self.vai_tro:
            raise ValueError("`nhiem_vu` là cách viết nhiệm vụ cho người nhận; cần kèm `vai_tro`")
        _check_diem(self.noi_dung)
        for i, child in enumerate(self.noi_dung, 1):
            if child.loai in _OUTER and kinds[0] not in _OUTER[child.loai]:
                raise ValueError(f"khối {i} của `noi_dung` là {child.loai}: {_WHERE[child.loai]}")
        return self

    @property
    def loai(self) -> str:
        return next(k for k in (*TEXT_BLOCKS, "bang") if getattr(self, k) is not None)

    @property
    def text(self) -> str:
        return "" if self.bang is not None else getattr(self, self.loai)


_WHERE = {
    "phan": "phần (`phan`) chỉ đứng ở cấp ngoài cùng của nội dung",
    "chuong": "chương (`chuong`) chỉ đứng ở cấp ngoài cùng hoặc trong một phần (`phan`)",
    "muc": "mục (`muc`) chỉ đứng ở cấp ngoài cùng hoặc trong một phần hay chương",
    "dieu": "điều (`dieu`) chỉ đứng ở cấp ngoài cùng hoặc trong một phần hay chương",
}


def _check_diem(blocks: list[Khoi]) -> None:
    # Điểm letters run a … y (23 of them, Vietnamese alphabet without f, j, w, z).
    if sum(b.diem is not None for b in blocks) > 23:
        raise ValueError("một khoản có tối đa 23 điểm (a đến y); hãy chia thành nhiều khoản")


class PhuLuc(Model):
    """An annex after the signature, on its own pages: a title (its typed lines kept) and any blocks."""

    ten: Annotated[Text, BeforeValidator(lambda v: _title_lines(v))]
    noi_dung: list[Khoi] = Field(min_length=1)
    ngang: bool | None = None  # a landscape page: by default when its tables need the width


class KetQuaChiTieu(Model):
    ket_qua: float
    nhan_xet: Text | None = None


TenTep = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]


def _title_lines(value):
    """A trích yếu typed on several lines keeps them (a list, or a text with line breaks), each trimmed."""
    if isinstance(value, list):
        value = "\n".join(str(line) for line in value)
    if isinstance(value, str) and "\n" in value:
        value = "\n".join(line.strip() for line in value.strip().split("\n") if line.strip())
    return value


def mot_dong(text: str) -> str:
    """A text on one line (a multi-line trích yếu quoted inside a sentence or a register row)."""
    return " ".join(text.split())


class VanBan(Model):
    """One document of the year (`<năm>/van-ban/<tên>.yaml`); its kind (`loai`) decides its layout."""

    loai: Annotated[str, StringConstraints(strip_whitespace=True)]
    ngay: Ngay
    trich_yeu: Annotated[Text, BeforeValidator(_title_lines)]  # its line breaks are kept in print
    tham_quyen: Text | None = None
    kinh_gui: list[Text] = []
    can_cu: list[Annotated[Annotated[CanCu, Tag("trich_dan")] | Annotated[Text, Tag("dong")],
                           Discriminator(lambda v: "dong" if isinstance(v, str) else "trich_dan")]] = []
    theo_de_nghi: Text | None = None
    mo_dau: Text | None = None
    noi_dung: list[Khoi] = []
    ket_luan: Text | None = None
    nguoi_ky: NguoiKy | None = None
    noi_nhan: list[NoiNhan] = []
    nhu_tren: bool | None = None  # `- Như trên;` first; by default when there is a Kính gửi
    luu: Text | None = None
    phu_luc: list[PhuLuc] = []
    don_vi_soan: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-ZĐ0-9&]+$")] | None = None
    danh_sach: Text | None = None  # one document per row of this sheet
    ten_tep: Text | None = None  # file name of each row's document, from its columns: "{ho_ten}"
    ke_hoach: TenTep | None = None  # the plan of the year this document cites, scores or draws tasks from
    ket_qua: dict[str, KetQuaChiTieu] | None = None  # results by the plan's target ids
    han: Ngay | None = None  # a deadline for every row (a row's own «Hạn hoàn thành» wins)
    mau: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"(?i)^[^/\\]+\.docx$")] | None = None
    # ↑ a Word template of the clerk's (mail merge): one document per row of `danh_sach`, the columns
    # as its variables; the body is the template's own

    @model_validator(mode="after")
    def _body_or_template(self):
        if self.mau is None and not self.noi_dung:
            raise ValueError("văn bản cần nội dung (`noi_dung`), hoặc một mẫu Word riêng (`mau`) với `danh_sach`")
        if self.mau is not None and not self.danh_sach:
            raise ValueError(f"mẫu `{self.mau}` được trộn với các hàng của một bảng tính: thêm `danh_sach`")
        return self

    @field_validator("loai")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in KIND_CODES:
            close = [code for code in KIND_CODES if code.casefold() == value.casefold()]
            hint = f"; có phải ý bạn là `{close[0]}`?" if close else ""
            raise ValueError(f"loại văn bản `{value}` không có trong Phụ lục III Nghị định 30 (KH, QĐ, TB, BC, "
                             f"TTr, GM, …) và không phải `CV` (công văn){hint}")
        return value

    @field_validator("luu")
    @classmethod
    def _archive_units(cls, value: str | None) -> str | None:
        # `VT` is always written first; a clerk who types it again must not get `VT, VT`.
        if value is None:
            return value
        units = [u.strip() for u in re.sub(r"^lưu\s*:?", "", value, flags=re.IGNORECASE).split(",")]
        kept = [u for u in units if u and u.upper() != "VT"]
        return ", ".join(kept) or None
