"""Kế hoạch (plan): content model, template, context and output name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from pydantic import Field, model_validator

from .. import vn
from ..engine import Template
from ..layout import Builder, Layout
from ..load import Loaded, Source, Year, load_model
from ..publish import Job
from ..register import Row
from ..models import CanCu, Khoi, Model, Muc, NguoiKy, NoiNhan, Text, TrinhBay
from . import can_cu_line, end_mark, file_name, fill, filled, frame, noi_nhan_lines, number

FILE = "ke-hoach.yaml"
TEMPLATE = "ke-hoach.docx"
LOAI, TEN_LOAI = "KH", "KẾ HOẠCH"


class KeHoach(Model):
    """`<năm>/ke-hoach.yaml`: the plan as data; numbers of sections are derived, never typed."""

    ngay: date
    trich_yeu: Text
    can_cu: list[CanCu] = []
    mo_dau: Text | None = None
    muc: list[Muc] = Field(min_length=1)
    ket_luan: Text
    nguoi_ky: NguoiKy | None = None
    noi_nhan: list[NoiNhan] = Field(min_length=1)
    luu: Text | None = None

    @model_validator(mode="after")
    def _unique_targets(self):
        seen: set[str] = set()
        for _, block in walk(self):
            if block.chi_tieu in seen:
                raise ValueError(f"mã chỉ tiêu `{block.chi_tieu}` bị trùng")
            if block.chi_tieu:
                seen.add(block.chi_tieu)
        return self


def walk(plan: KeHoach) -> Iterator[tuple[tuple, Khoi]]:
    """Every block of the plan with its field path, in document order."""
    def visit(blocks: list[Khoi], loc: tuple):
        for i, block in enumerate(blocks):
            here = loc + (i,)
            yield here, block
            yield from visit(block.noi_dung, here + ("noi_dung",))
    for m, muc in enumerate(plan.muc):
        yield from visit(muc.noi_dung, ("muc", m, "noi_dung"))


@dataclass
class ChiTieu:
    """A measurable target of the plan, as the report will score it."""

    ma: str
    noi_dung: str
    gia_tri: float
    don_vi_tinh: str

    @property
    def gia_tri_in(self) -> str:
        return vn.phan_tram(self.gia_tri) if self.don_vi_tinh == "%" else f"{vn.so(self.gia_tri)} {self.don_vi_tinh}"


@dataclass
class NhiemVu:
    """A task of the plan assigned to one or more roles (vai trò)."""

    vai_tro: list[str]
    noi_dung: str


@dataclass
class Plan:
    """A plan with every text filled and every label derived."""

    data: KeHoach
    source: Source
    blocks: list[dict[str, str]]
    chi_tieu: list[ChiTieu]
    nhiem_vu: list[NhiemVu]
    can_cu: list[str]
    trich_yeu: str
    mo_dau: str | None
    ket_luan: str


def load(year: Year) -> Loaded[KeHoach]:
    return load_model(year.root / FILE, KeHoach)


def prepare(year: Year, loaded: Loaded[KeHoach]) -> Plan:
    """Fill the plan's texts and number its sections from their position."""
    plan, source = loaded.model, loaded.source
    variables = year.variables()
    text = lambda value, loc: fill(value, variables, source, loc)  # noqa: E731

    def block_text(block: Khoi | None, value: str, loc: tuple) -> str:
        if block is not None and block.chi_tieu:
            gia_tri = ChiTieu(block.chi_tieu, "", block.gia_tri, block.don_vi_tinh).gia_tri_in
            gia_tri = year.review(gia_tri, source, loc[:-1] + ("gia_tri",))
            return fill(value, {**variables, "gia_tri": gia_tri}, source, loc)
        return text(value, loc)

    numbered = number(plan.muc, block_text)
    targets = [ChiTieu(b.chi_tieu, d["noi_dung"], b.gia_tri, b.don_vi_tinh) for d, b in numbered if b and b.chi_tieu]
    tasks = [NhiemVu(b.vai_tro, d["noi_dung"]) for d, b in numbered if b and b.vai_tro]
    return Plan(
        data=plan, source=source, blocks=[d for d, _ in numbered], chi_tieu=targets, nhiem_vu=tasks,
        can_cu=[year.review(can_cu_line(cc, last=i == len(plan.can_cu) - 1), source, ("can_cu", i))
                for i, cc in enumerate(filled(plan.can_cu, variables, source, "can_cu"))],
        trich_yeu=text(plan.trich_yeu, ("trich_yeu",)),
        mo_dau=text(plan.mo_dau, ("mo_dau",)) if plan.mo_dau else None,
        ket_luan=end_mark(text(plan.ket_luan, ("ket_luan",))),
    )


def context(year: Year, plan: Plan, so: int | None = None, ngay: date | None = None) -> dict[str, Any]:
    data = plan.data
    return {
        **frame(year, loai=LOAI, ten_loai=TEN_LOAI, so=so, ngay=ngay or data.ngay,
                trich_yeu=plan.trich_yeu, nguoi_ky=data.nguoi_ky,
                noi_nhan=noi_nhan_lines(filled(data.noi_nhan, year.variables(), plan.source, "noi_nhan"),
                                        nhu_tren=False, luu=data.luu),
                ngay_xem_lai=ngay is None and plan.source.is_marked(("ngay",))),
        "can_cu": plan.can_cu,
        "mo_dau": plan.mo_dau,
        "noi_dung": plan.blocks,
        "ket_luan": plan.ket_luan,
        "chi_tieu": [vars(t) | {"gia_tri_in": t.gia_tri_in} for t in plan.chi_tieu],
    }


def output_name(year: Year, so: int | None) -> str:
    return file_name(year, LOAI, "ke-hoach", so)


def build_template(trinh_bay: TrinhBay) -> Builder:
    """templates/ke-hoach.docx: Mẫu 1.4 of Phụ lục III for a plan."""
    b = Builder(Layout(trinh_bay))
    b.header()
    b.title()
    b.intro()
    b.sections()
    b.closing()
    return b


def reference(plan: Plan) -> str:
    """How other documents name the plan: `Kế hoạch triển khai thực hiện …`."""
    return f"Kế hoạch {vn.thuong_dau(plan.trich_yeu)}"


def can_cu_plan(year: Year, plan: Plan, issued: Row | None) -> str:
    """The căn cứ line citing the plan: by number and date once issued, by its name before."""
    if issued is None:
        return f"Căn cứ {reference(plan)} của {year.don_vi.model.ten}."
    return can_cu_line(CanCu(loai="Kế hoạch", so=issued.so, ky_hieu=issued.ky_hieu, ngay=issued.ngay,
                             co_quan=year.don_vi.model.ten, trich_yeu=f"về {vn.thuong_dau(plan.trich_yeu)}"),
                       last=True)


def khoa(year: Year) -> str:
    """How the register knows the year's plan."""
    return f"ke-hoach-{year.nam}"


def job(year: Year, templates: Path, out_root: Path) -> Job:
    """The year's plan as a document to draft or issue."""
    plan = prepare(year, load(year))
    return Job(template=Template(Path(templates) / TEMPLATE), loai=LOAI, khoa=khoa(year),
               folder=Path(out_root) / str(year.nam),
               context=lambda so, ngay: context(year, plan, so, ngay),
               file_name=lambda so: output_name(year, so))


def check(year: Year, templates: Path) -> Plan:
    """Everything rendering checks, writing nothing."""
    plan = prepare(year, load(year))
    Template(Path(templates) / TEMPLATE).check(context(year, plan))
    return plan
