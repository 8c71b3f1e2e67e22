"""Trộn thư: one document per row of a sheet, from any docxtpl template, with the school's frame."""

from __future__ import annotations

import string
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from .. import vn
from ..engine import Template, explain, render_text
from ..errors import DataError
from ..layout import Builder, Layout, paragraph
from ..load import Year
from ..models import LOAI_VAN_BAN, TrinhBay
from ..publish import Job
from ..tables import Table, read_table
from . import frame, noi_nhan_lines

EXAMPLE_TEMPLATE = "bao-cao-lop.docx"


class Ngay(date):
    """A date cell: prints in the NĐ 30 style (`ngày 09 tháng 5 năm 2022`), still a date for filters."""

    def __str__(self) -> str:
        return vn.ngay_thang(self)

    @property
    def ngan(self) -> str:
        """`09/05/2022`, for tables."""
        return vn.ngay_ngan(self)


class So(float):
    """A decimal cell: prints with a decimal comma (`95,5`), still a number for arithmetic."""

    def __str__(self) -> str:
        return vn.so(float(self))


def _typed(value: Any) -> Any:
    if isinstance(value, date):
        return Ngay(value.year, value.month, value.day)
    if isinstance(value, float):
        return So(value)
    return value


def row_variables(table: Table) -> list[dict[str, Any]]:
    """Each row's values by column key, with `stt` (1, 2, …) and `hang` (row number in the sheet)."""
    rows = []
    for stt, (number, values) in enumerate(table.rows, 1):
        row = {key: _typed(values.get(key)) for key in table.headers}
        row.update(stt=stt, hang=number)
        rows.append(row)
    if not rows:
        raise table.error("bảng không có hàng dữ liệu nào")
    return rows


def file_names(table: Table, rows: list[dict[str, Any]], pattern: str) -> list[str]:
    """File names from `--ten`, made of slugs so no value can leave the output folder."""
    fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name}
    unknown = sorted(fields - set(rows[0]))
    if unknown:
        raise DataError(f"--ten dùng {', '.join(f'{{{u}}}' for u in unknown)} nhưng bảng không có cột đó; "
                        f"các cột: {', '.join(f'{{{k}}}' for k in table.headers)}, {{stt}}", table.file)
    width = len(str(len(rows)))
    names: dict[str, int] = {}
    out = []
    for row in rows:
        values = {k: (f"{v:0{width}d}" if k == "stt" else str(v if v is not None else "")) for k, v in row.items()}
        name = vn.slug(pattern.format(**values))
        if not name:
            raise table.error(f"--ten «{pattern}» cho tên tệp rỗng", row["hang"])
        if name in names:
            raise table.error(f"tên tệp «{name}.docx» trùng với hàng {names[name]}; thêm cột vào --ten, "
                              "ví dụ --ten \"{stt}-{ho_ten}\"", row["hang"])
        names[name] = row["hang"]
        out.append(name + ".docx")
    return out


def jobs(year: Year, template_path: Path, sheet: Path, out: Path, pattern: str = "{stt}",
         loai: str = "BC", ngay: date | None = None, trich_yeu: str | None = None) -> list[Job]:
    """One job per row; the template is checked against every column and frame variable first."""
    table = read_table(sheet)
    rows = row_variables(table)
    names = file_names(table, rows, pattern)
    template = Template(template_path)
    day = ngay or date.today()

    def context(row: dict[str, Any]) -> dict[str, Any]:
        base = frame(year, loai=loai, ten_loai=LOAI_VAN_BAN[loai], so=None, ngay=day,
                     trich_yeu=str(row.get("trich_yeu") or _fill(trich_yeu, row, year) or ""),
                     nguoi_ky=None, noi_nhan=noi_nhan_lines([], nhu_tren=False, luu=None))
        return {**base, **{k: v for k, v in row.items() if v is not None or k not in base}}

    contexts = [context(row) for row in rows]
    template.check(contexts[0])
    return [Job(template=template, loai=loai, khoa=name, folder=Path(out),
                context=lambda so, d, c=c: c, file_name=lambda so, n=name: n)
            for c, name in zip(contexts, names)]


def _fill(text: str | None, row: dict[str, Any], year: Year) -> str | None:
    if not text:
        return None
    try:
        return render_text(text, {**year.variables(), **row})
    except jinja2.TemplateError as exc:
        raise DataError(f"--trich-yeu: {explain(exc)}") from None


def build_example(trinh_bay: TrinhBay) -> Builder:
    """templates/bao-cao-lop.docx: a clerk-style template using the frame and a sheet's columns."""
    b = Builder(Layout(trinh_bay))
    b.header()
    b.title()
    paragraph(b.doc, "Kính gửi: Hiệu trưởng {{ don_vi.ten }}", b.sizes.than, after_pt=6)
    b.body("Lớp {{ lop }} (mã lớp {{ ma_lop }}), giáo viên chủ nhiệm {{ gvcn }}, sĩ số {{ si_so }} học sinh, "
           "báo cáo kết quả công tác Bình đẳng giới và Trẻ em năm học {{ nam_hoc }} như sau:")
    b.body("- Số học sinh được tuyên truyền về Luật Trẻ em, Luật Bình đẳng giới: {{ so_hs_tuyen_truyen }} "
           "({{ (so_hs_tuyen_truyen / si_so * 100) | phan_tram }} sĩ số).")
    b.body("- Số học sinh có hoàn cảnh đặc biệt: {{ so_hs_hoan_canh }}; được hỗ trợ: {{ so_hs_duoc_ho_tro }}.")
    b.body("- Buổi sinh hoạt chuyên đề của lớp tổ chức {{ ngay_sinh_hoat }}.")
    b.body("- Điểm trung bình bài kiểm tra hiểu biết: {{ diem_trung_binh }}.")
    b.body("Trên đây là báo cáo của lớp {{ lop }}./.", keep_with_next=True)
    b.footer(signer=(["GIÁO VIÊN CHỦ NHIỆM"], "{{ gvcn }}"), recipients=["- Như trên;", "- Lưu: VT."])
    return b
