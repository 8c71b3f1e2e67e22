"""Báo cáo: the year's results against the plan's targets, sent upward (with Kính gửi)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pydantic import Field

from .. import vn
from ..engine import Template
from ..errors import raise_all
from ..layout import Builder, Layout
from ..load import Loaded, Year, load_model
from ..models import Khoi, Model, Muc, NoiNhan, Text, TrinhBay
from ..publish import Job
from ..register import Row
from . import end_mark, file_name, fill, filled, frame, noi_nhan_lines, number
from .ke_hoach import ChiTieu, Plan, can_cu_plan, reference

FILE = "ket-qua.yaml"
TEMPLATE = "bao-cao.docx"
LOAI, TEN_LOAI = "BC", "BÁO CÁO"
DAT, CHUA_DAT = "Đạt", "Chưa đạt"
TABLE = [("STT", 12, "{{ r.stt }}", False), ("Chỉ tiêu", 85, "{{ r.noi_dung }}", True),
         ("Kế hoạch", 22, "{{ r.ke_hoach }}", False), ("Kết quả", 22, "{{ r.ket_qua }}", False),
         ("Đánh giá", 24, "{{ r.danh_gia }}", False)]


class KetQuaChiTieu(Model):
    ket_qua: float
    nhan_xet: Text | None = None


class KetQua(Model):
    """`<năm>/ket-qua.yaml`: what the year achieved; targets by the ids of the plan."""

    ngay: date
    kinh_gui: list[Text] = Field(min_length=1)
    mo_dau: Text | None = None
    chi_tieu: dict[str, KetQuaChiTieu]
    hoat_dong: list[Text] = []
    uu_diem: list[Text] = Field(min_length=1)
    han_che: list[Text] = []
    phuong_huong: list[Text] = Field(min_length=1)
    kien_nghi: list[Text] = []
    ket_luan: Text | None = None
    noi_nhan: list[NoiNhan] = []  # after "Như trên"
    luu: Text | None = None


def load(year: Year, plan: Plan) -> Loaded[KetQua]:
    """The results, checked against the plan: every target once, no unknown id."""
    loaded = load_model(year.root / FILE, KetQua)
    known = [t.ma for t in plan.chi_tieu]
    given = loaded.model.chi_tieu
    errors = []
    missing = [ma for ma in known if ma not in given]
    if missing:
        errors.append(loaded.source.error(f"thiếu kết quả của chỉ tiêu: {', '.join(missing)}", ("chi_tieu",)))
    for ma in given:
        if ma not in known:
            errors.append(loaded.source.error(
                f"Kế hoạch không có chỉ tiêu «{ma}»; các mã chỉ tiêu của Kế hoạch: {', '.join(known)}",
                ("chi_tieu", ma)))
    raise_all(errors)
    return loaded


def danh_gia(target: ChiTieu, ket_qua: float) -> str:
    """Computed, never typed: a target is met when the result reaches the planned value."""
    return DAT if ket_qua >= target.gia_tri else CHUA_DAT


def _value(target: ChiTieu, value: float) -> str:
    return vn.phan_tram(value) if target.don_vi_tinh == "%" else f"{vn.so(value)} {target.don_vi_tinh}"


def table_rows(plan: Plan, results: KetQua) -> list[dict[str, Any]]:
    rows = []
    for i, target in enumerate(plan.chi_tieu, 1):
        result = results.chi_tieu[target.ma]
        rows.append({"stt": str(i), "ma": target.ma, "noi_dung": target.noi_dung,
                     "ke_hoach": target.gia_tri_in, "ket_qua": _value(target, result.ket_qua),
                     "danh_gia": danh_gia(target, result.ket_qua)})
    return rows


def kinh_gui_lines(recipients: list[str]) -> list[dict[str, str]]:
    """One recipient on the Kính gửi line; several one a line, `;` between and `.` last."""
    if len(recipients) == 1:
        return [{"loai": "mot", "dong": f"Kính gửi: {recipients[0]}"}]
    lines = [{"loai": "dau", "dong": "Kính gửi:"}]
    for i, name in enumerate(recipients):
        last = i == len(recipients) - 1
        lines.append({"loai": "cuoi" if last else "tiep", "dong": f"- {name.rstrip(';.')}{'.' if last else ';'}"})
    return lines


def _body(year: Year, plan: Plan, loaded: Loaded[KetQua], rows: list[dict]) -> list[dict[str, str]]:
    results, source = loaded.model, loaded.source
    variables = year.variables()

    def items(field: str) -> list[Khoi]:
        return [Khoi(y=vn.ket_cau(fill(text, variables, source, (field, i))))
                for i, text in enumerate(getattr(results, field))]

    met = sum(r["danh_gia"] == DAT for r in rows)
    summary = [Khoi(doan=f"Đạt {met}/{len(rows)} chỉ tiêu của Kế hoạch.")]
    for target in plan.chi_tieu:
        note = results.chi_tieu[target.ma].nhan_xet
        if note:
            summary.append(Khoi(y=f"{target.noi_dung.rstrip('.')}: "
                                  f"{vn.ket_cau(fill(note, variables, source, ('chi_tieu', target.ma, 'nhan_xet')))}"))
    mucs = [Muc(muc="Kết quả thực hiện", noi_dung=[
        Khoi(khoan="Kết quả thực hiện các chỉ tiêu", noi_dung=summary),
        *([Khoi(khoan="Các hoạt động đã triển khai", noi_dung=items("hoat_dong"))] if results.hoat_dong else [])]),
        Muc(muc="Đánh giá chung", noi_dung=[
            Khoi(khoan="Ưu điểm", noi_dung=items("uu_diem")),
            *([Khoi(khoan="Hạn chế", noi_dung=items("han_che"))] if results.han_che else [])]),
        Muc(muc=f"Phương hướng năm {year.nam + 1}", noi_dung=items("phuong_huong"))]
    if results.kien_nghi:
        mucs.append(Muc(muc="Kiến nghị", noi_dung=items("kien_nghi")))
    blocks = [d for d, _ in number(mucs, lambda block, text, loc: text)]
    # The table of targets stands right under "1. Kết quả thực hiện các chỉ tiêu".
    blocks.insert(2, {"loai": "bang", "nhan": "", "noi_dung": "", "dong": "", "hang": rows})
    return blocks


def context(year: Year, plan: Plan, loaded: Loaded[KetQua], plan_issued: Row | None,
            so: int | None = None, ngay: date | None = None) -> dict[str, Any]:
    results, source = loaded.model, loaded.source
    ten = year.don_vi.model.ten
    plan_ref = reference(plan)
    rows = table_rows(plan, results)
    variables = year.variables()
    mo_dau = results.mo_dau or f"{ten} báo cáo kết quả thực hiện năm {year.nam} như sau:"
    ket_luan = results.ket_luan or f"Trên đây là báo cáo kết quả thực hiện {plan_ref} của {ten}."
    return {
        **frame(year, loai=LOAI, ten_loai=TEN_LOAI, so=so, ngay=ngay or results.ngay,
                trich_yeu=f"Kết quả thực hiện {plan_ref}", nguoi_ky=plan.data.nguoi_ky,
                noi_nhan=noi_nhan_lines(filled(results.noi_nhan, variables, source, "noi_nhan"),
                                        nhu_tren=True, luu=results.luu)),
        "kinh_gui": kinh_gui_lines([fill(t, variables, source, ("kinh_gui", i))
                                    for i, t in enumerate(results.kinh_gui)]),
        "can_cu": [can_cu_plan(year, plan, plan_issued)],
        "mo_dau": fill(mo_dau, variables, source, ("mo_dau",)),
        "noi_dung": _body(year, plan, loaded, rows),
        "chi_tieu": rows,
        "ket_luan": end_mark(fill(ket_luan, variables, source, ("ket_luan",))),
    }


def khoa(year: Year) -> str:
    return f"bao-cao-{year.nam}"


def output_name(year: Year, so: int | None) -> str:
    return file_name(year, LOAI, "bao-cao", so)


def job(year: Year, plan: Plan, templates: Path, out_root: Path, plan_issued: Row | None) -> Job:
    loaded = load(year, plan)
    return Job(template=Template(Path(templates) / TEMPLATE), loai=LOAI, khoa=khoa(year),
               folder=Path(out_root) / str(year.nam),
               context=lambda so, ngay: context(year, plan, loaded, plan_issued, so, ngay),
               file_name=lambda so: output_name(year, so))


def build_template(trinh_bay: TrinhBay) -> Builder:
    """templates/bao-cao.docx: Mẫu 1.4 of Phụ lục III for a report sent upward (with Kính gửi)."""
    b = Builder(Layout(trinh_bay))
    b.header()
    b.title()
    b.kinh_gui()
    b.intro()
    b.sections(table=TABLE)
    b.closing()
    return b
