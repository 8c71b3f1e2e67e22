"""Data models shared by every document kind. Field names are the data vocabulary (DESIGN.md)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from .loai import LOAI_VAN_BAN  # noqa: F401  (its home before; still imported from here)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Ma = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-ZĐ0-9&]+$")]
KyHieu = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-zĐđ0-9&/]+(-[A-Za-zĐđ0-9&/]+)*$")]
TenBien = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*$")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Le(Model):
    """Page margins in mm, within the ranges of NĐ 30 (Phụ lục I)."""

    tren: float = Field(20, ge=20, le=25)
    duoi: float = Field(20, ge=20, le=25)
    trai: float = Field(30, ge=30, le=35)
    phai: float = Field(15, ge=15, le=20)


class TrinhBay(Model):
    """Layout settings of a school; every default is inside the decree's range."""

    co_chu: Literal["A", "B"] = "A"
    le: Le = Le()
    gian_dong: float = Field(1.15, ge=1.0, le=1.5)  # line spacing, in lines
    thut_dau_dong: float = Field(1.27, ge=1.0, le=1.27)  # first-line indent, cm
    cach_doan: float = Field(6, ge=6, le=18)  # space after a paragraph, pt


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
    ten: Text
    ten_dau_trang: list[Text] | None = None  # header lines, e.g. the strict full name on two lines
    ma: Ma
    dia_danh: Text
    nguoi_ky: NguoiKy
    trinh_bay: TrinhBay = TrinhBay()
    so_van_ban: Literal["chung", "theo-loai"] = "chung"  # one number sequence for all types, or one per type


class ThamSo(Model):
    """Year parameters (`<năm>/tham-so.yaml`), referenced from the text as `{{ nam }}` etc."""

    nam: int = Field(ge=2000, le=2100)
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
    so: int = Field(ge=1)
    ky_hieu: KyHieu
    ngay: date
    co_quan: Text
    trich_yeu: Text | None = None  # with its connecting words: "về việc …", "quy định …"


MucDich = Literal["báo cáo", "thực hiện", "chỉ đạo", "biết", "phối hợp"]


class NoiNhan(Model):
    ten: Text
    de: MucDich | None = None

    @field_validator("ten")
    @classmethod
    def _not_archive(cls, value: str) -> str:
        if re.match(r"^(-\s*)?lưu\b", value, re.IGNORECASE):
            raise ValueError("dòng `Lưu: VT` được thêm tự động ở cuối; đặt mã đơn vị soạn thảo vào trường `luu`")
        return value


class Khoi(Model):
    """One block of content: a paragraph, a khoản, a điểm or a bullet, with its children.

    Labels (1., a), -, +) are derived from the position, never typed.
    """

    doan: Text | None = None
    khoan: Text | None = None
    diem: Text | None = None
    y: Text | None = None
    chi_tieu: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")] | None = None
    gia_tri: float | None = None
    don_vi_tinh: str = "%"
    vai_tro: list[Text] = []
    noi_dung: list[Khoi] = []

    @model_validator(mode="before")
    @classmethod
    def _plain_paragraph(cls, value):
        return {"doan": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_kind(self):
        kinds = [k for k in ("doan", "khoan", "diem", "y") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("mỗi khối cần đúng một trong các trường: doan, khoan, diem, y")
        if self.doan is not None and self.noi_dung:
            raise ValueError("một đoạn văn (`doan`) không có nội dung con")
        if (self.chi_tieu is None) != (self.gia_tri is None):
            raise ValueError("chỉ tiêu cần cả mã `chi_tieu` và giá trị `gia_tri`")
        _check_diem(self.noi_dung)
        return self

    @property
    def loai(self) -> str:
        return next(k for k in ("doan", "khoan", "diem", "y") if getattr(self, k) is not None)

    @property
    def text(self) -> str:
        return getattr(self, self.loai)


class Muc(Model):
    """A section (mục) numbered I., II., …"""

    muc: Text
    noi_dung: list[Khoi] = Field(min_length=1)

    @model_validator(mode="after")
    def _diem(self):
        _check_diem(self.noi_dung)
        return self


def _check_diem(blocks: list[Khoi]) -> None:
    # Điểm letters run a … y (23 of them, Vietnamese alphabet without f, j, w, z).
    if sum(b.diem is not None for b in blocks) > 23:
        raise ValueError("một khoản có tối đa 23 điểm (a đến y); hãy chia thành nhiều khoản")
