"""The printable Sổ đăng ký văn bản đi (NĐ 30/2020, Phụ lục IV) as an Excel workbook."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from . import vn
from .files import write_atomic
from .register import REVOKED, Row

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
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Times New Roman"


def _recipients(noi_nhan: str) -> tuple[str, str, int]:
    """Recipients, archive line and number of copies from the Nơi nhận lines."""
    lines = [line.removeprefix("- ").rstrip(";.") for line in noi_nhan.splitlines()]
    to = [line for line in lines if not line.startswith("Lưu:")]
    archive = next((line.removeprefix("Lưu:").strip() for line in lines if line.startswith("Lưu:")), "VT")
    return "\n".join(to), archive, len(to) + 1


def export(rows: list[Row], path: Path, don_vi: str, nam: int | None) -> Path:
    """Write the register as an A4 landscape sheet whose header row repeats on every page."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"Năm {nam}" if nam else "Sổ văn bản đi"
    last = len(COLUMNS)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    ws.cell(1, 1, "SỔ ĐĂNG KÝ VĂN BẢN ĐI").font = Font(name=_FONT, size=14, bold=True)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    ws.cell(2, 1, f"{don_vi}" + (f" — Năm {nam}" if nam else "")).font = Font(name=_FONT, size=12)
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
        note = f"Đã thu hồi: {row.ly_do_thu_hoi}" if row.trang_thai == REVOKED else ""
        values = [vn.so_hieu(row.so, row.ky_hieu), vn.ngay_ngan(row.ngay),
                  f"{row.ten_loai.capitalize()} {row.trich_yeu}", row.nguoi_ky, to, archive, copies, "", "", note]
        for col, value in enumerate(values, 1):
            cell = ws.cell(i, col, value)
            cell.font = Font(name=_FONT, size=11)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = _BOX
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    return write_atomic(Path(path), wb.save)
