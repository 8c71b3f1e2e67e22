"""The printable Sổ đăng ký văn bản đi (NĐ 30/2020, Phụ lục IV) as an Excel workbook.

As a clerk keeps it: for each year a cover (bìa sổ) and a sheet of its numbers in order, dates
as real Excel dates.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from . import vn
from .files import write_atomic
from .register import ISSUING, REVOKED, Row

COLUMNS = [
    ("Số, ký hiệu văn bản", 16),
    ("Ngày tháng văn bản", 12),
    ("Tên loại và trích yếu nội dung", 42),
    ("Người ký", 16),
    ("Nơi nhận văn bản", 30),
    ("Đơn vị, người nhận bản lưu", 14),
    ("Số lượng bản", 8),
    ("Ngày chuyển", 11),
    ("Ký nhận", 10),
    ("Ghi chú", 18),
]
HEADER_ROW = 4
DATE_FORMAT = "DD/MM/YYYY"
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Times New Roman"


def _recipients(noi_nhan: str) -> tuple[str, str, int]:
    """Recipients, archive line and number of copies from the Nơi nhận lines."""
    lines = [line.removeprefix("- ").rstrip(";.") for line in noi_nhan.splitlines()]
    to = [line for line in lines if not line.startswith("Lưu:")]
    archive = next((line.removeprefix("Lưu:").strip() for line in lines if line.startswith("Lưu:")), "VT")
    return "\n".join(to), archive, len(to) + 1


def _cell(ws, row: int, column: int, value):
    """A cell whose text stays text: a signer or subject typed `=HYPERLINK(…)` is never a formula."""
    cell = ws.cell(row, column, value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def export(rows: list[Row], path: Path, ten_don_vi: str, co_quan_chu_quan: str | None = None,
           quyen: int = 1) -> Path:
    """Write the register: per year a cover and an A4 landscape sheet whose header repeats on every page."""
    wb = Workbook()
    wb.remove(wb.active)
    for nam, year_rows in groupby(rows, key=lambda r: r.nam):
        of_year = list(year_rows)
        _cover(wb.create_sheet(f"Bìa {nam}"), of_year, ten_don_vi, co_quan_chu_quan, quyen)
        _numbers(wb.create_sheet(f"Năm {nam}"), of_year, ten_don_vi)
    if not wb.sheetnames:
        _numbers(wb.create_sheet("Sổ văn bản đi"), [], ten_don_vi)
    return write_atomic(Path(path), wb.save)


def _cover(ws: Worksheet, rows: list[Row], ten_don_vi: str, co_quan_chu_quan: str | None, quyen: int) -> None:
    """Bìa sổ (Phụ lục IV): the body above, the book's title, year, dates and numbers it holds, volume."""
    lines = [
        (vn.in_hoa(co_quan_chu_quan or ""), 13, False),
        (vn.in_hoa(ten_don_vi), 13, True),
        ("", 13, False), ("", 13, False),
        ("SỔ ĐĂNG KÝ VĂN BẢN ĐI", 20, True),
        ("", 13, False),
        (f"Năm: {rows[0].nam}", 14, True),
        (f"Từ ngày {vn.ngay_ngan(min(r.ngay for r in rows))} đến ngày {vn.ngay_ngan(max(r.ngay for r in rows))}",
         14, False),
        (f"Từ số {vn.so_van_ban(min(r.so for r in rows))} đến số {vn.so_van_ban(max(r.so for r in rows))}", 14, False),
        (f"Quyển số: {quyen}", 14, False),
    ]
    ws.column_dimensions["A"].width = 90
    for i, (text, size, bold) in enumerate(lines, 1):
        cell = _cell(ws, i, 1, text)
        cell.font = Font(name=_FONT, size=size, bold=bold)
        cell.alignment = Alignment(horizontal="center")
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"


def _numbers(ws: Worksheet, rows: list[Row], ten_don_vi: str) -> None:
    last = len(COLUMNS)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    ws.cell(1, 1, "SỔ ĐĂNG KÝ VĂN BẢN ĐI").font = Font(name=_FONT, size=14, bold=True)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    year = f" — Năm {rows[0].nam}" if rows else ""
    _cell(ws, 2, 1, f"{ten_don_vi}{year}").font = Font(name=_FONT, size=12)
    for r in (1, 2):
        ws.cell(r, 1).alignment = Alignment(horizontal="center")
    for col, (title, width) in enumerate(COLUMNS, 1):
        cell = ws.cell(HEADER_ROW, col, title)
        cell.font = Font(name=_FONT, size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
        ws.column_dimensions[cell.column_letter].width = width
    for i, row in enumerate(rows, HEADER_ROW + 1):
        to, archive, copies = _recipients(row.noi_nhan)
        note = {REVOKED: f"Đã thu hồi: {row.ly_do_thu_hoi}", ISSUING: "Đang cấp dở"}.get(row.trang_thai, "")
        values = [vn.so_hieu(row.so, row.ky_hieu), row.ngay, f"{row.ten_loai.capitalize()} {row.trich_yeu}",
                  row.nguoi_ky, to, archive, copies, "", "", note]
        for col, value in enumerate(values, 1):
            cell = _cell(ws, i, col, value)
            cell.font = Font(name=_FONT, size=11)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = _BOX
        ws.cell(i, 2).number_format = DATE_FORMAT
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
