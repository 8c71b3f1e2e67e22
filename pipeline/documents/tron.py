"""Trộn thư: the sheet's columns as a template uses them (`mau-moi`), and the example template. The
jobs of a mail merge are a document's, built by documents.van_ban like every other."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..layout import Builder, Layout, paragraph
from ..models import TrinhBay
from ..rows import row_variables
from ..tables import Table, read_table

EXAMPLE_TEMPLATE = "bao-cao-lop.docx"


@dataclass
class Column:
    header: str       # as written in the sheet
    key: str          # the variable: {{ key }}
    field: str        # the name Word gives its merge field: «Họ_và_tên»
    example: str      # the first row's value as printed


HEADER_ROWS = 40  # title rows, a header of up to four rows, and the first data rows


def columns(sheet: Path) -> tuple[Table, list[Column]]:
    """The sheet's columns as a template uses them (`vanthu mau-moi`): its first rows are enough."""
    table = read_table(sheet, rows=HEADER_ROWS)
    first = row_variables(table, blank="")[0] if table.rows else {}
    return table, [Column(header, key, re.sub(r"\s+", "_", header), str(first.get(key, "")))
                   for key, header in table.headers.items()]


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
