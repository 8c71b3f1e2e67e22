"""Sheets as schools make them, for the tests: title rows, merged headers, totals, formulas."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def store_values(path: Path, values: dict[str, object], sheet: str = "xl/worksheets/sheet1.xml") -> None:
    """Give formula cells the value Excel stores when it saves (openpyxl writes formulas without one)."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    root = etree.fromstring(parts[sheet])
    for ref, value in values.items():
        cell = root.find(f".//{{{MAIN}}}c[@r='{ref}']")
        assert cell is not None and cell.find(f"{{{MAIN}}}f") is not None, f"no formula in {ref}"
        v = cell.find(f"{{{MAIN}}}v")  # openpyxl writes an empty one
        v = etree.SubElement(cell, f"{{{MAIN}}}v") if v is None else v
        if isinstance(value, str):
            cell.set("t", "e" if value.startswith("#") else "str")
        v.text = str(value)
    parts[sheet] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def school_sheet(path: Path, stored: bool = True) -> Path:
    """A class list as a clerk lays it out.

    Rows 1–3 titles (merged across), 4 blank, 5 the header with «Họ và tên» merged over two
    columns (họ đệm, tên), 6–9 pupils with a blank row between (row 7 has no «Ghi chú»), 10
    «Tổng cộng» with sums. Column F is a formula per pupil (stored values unless `stored` is False).
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws["A1"] = "UBND QUẬN 8"
    ws["A2"] = "TRƯỜNG THCS KHÁNH BÌNH"
    ws["A3"] = "DANH SÁCH HỌC SINH ĐƯỢC KHEN THƯỞNG NĂM HỌC 2022-2023"
    for row in (1, 2, 3):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=9)
    ws.append([])
    ws.append(["STT", "Họ và tên", None, "Lớp", "Ngày sinh", "Điểm TB", "Ghi chú", "Giới tính", "Học bổng"])
    ws.merge_cells("B5:C5")
    pupils = [(1, "Nguyễn Thị", "Lan", "6A1", date(2011, 3, 9), 8.5, "Học sinh giỏi", "Nữ", 1500000),
              (2, "Trần Văn", "Bình", "6A1", date(2011, 10, 21), 9.25, None, "Nam", 2000000),
              None,
              (3, "Lê Hoàng", "Yến", "7A2", date(2010, 1, 5), 8.0, "Vượt khó", "Nữ", 750000)]
    for pupil in pupils:
        ws.append(list(pupil) if pupil else [])
    for row in (6, 7, 9):
        ws[f"F{row}"] = f"=ROUND(AVERAGE({ws[f'F{row}'].value},{ws[f'F{row}'].value}),2)"
    ws.append(["Tổng cộng", None, None, None, None, "=SUM(F6:F9)", None, None, "=SUM(I6:I9)"])
    wb.save(path)
    if stored:
        store_values(path, {"F6": 8.5, "F7": 9.25, "F9": 8, "F10": 25.75, "I10": 4250000})
    return path
