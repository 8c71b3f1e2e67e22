"""CSV and Excel sheets as the clerk typed them: text stays text, dates become dates, blank rows go.

Rows are numbered as the clerk sees them (the header is row 1), columns are named by their header.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import DataError
from .vn import nfc, slug


@dataclass
class Table:
    file: Path
    headers: dict[str, str]          # key (ho_ten) → header as written (Họ và tên)
    rows: list[tuple[int, dict[str, Any]]]  # (row number, {key: value})

    def error(self, message: str, row: int | None = None, key: str | None = None) -> DataError:
        column = self.headers.get(key, key) if key else None
        return DataError(message, self.file, row, row_label="hàng", column=column)


# Headers clerks write in full for a vocabulary key.
COMMON_ALIASES = {"ho_va_ten": "ho_ten"}


def header_key(header: str) -> str:
    """`Họ và tên` → `ho_va_ten`: the vocabulary form of a column header."""
    return slug(header).replace("-", "_")


def read_table(path: Path, aliases: dict[str, str] | None = None) -> Table:
    """Read a .csv (UTF-8) or .xlsx (first sheet) whose first row holds the column headers."""
    path = Path(path)
    if not path.is_file():
        raise DataError("không tìm thấy tệp", path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = _read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        raw = _read_xlsx(path)
    else:
        raise DataError("chỉ đọc được tệp .csv hoặc .xlsx", path)
    if not raw:
        raise DataError("tệp không có dòng tiêu đề", path, 1, row_label="hàng")
    (_, header_cells), body = raw[0], raw[1:]
    headers: dict[str, str] = {}
    positions: list[str | None] = []
    for cell in header_cells:
        text = nfc(str(cell)).strip() if cell is not None else ""
        key = header_key(text) if text else None
        key = {**COMMON_ALIASES, **(aliases or {})}.get(key, key)
        if key in headers:
            raise DataError(f"cột «{text}» bị lặp", path, 1, row_label="hàng")
        if key:
            headers[key] = text
        positions.append(key)
    rows = []
    for number, cells in body:
        values = {key: _clean(value) for key, value in zip(positions, cells) if key}
        if any(v not in (None, "") for v in values.values()):
            rows.append((number, values))
    return Table(path, headers, rows)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = nfc(value).strip()
        return value or None
    if isinstance(value, datetime):
        return value.date()
    return value


def _read_csv(path: Path) -> list[tuple[int, list]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataError("tệp CSV không phải UTF-8; khi lưu từ Excel hãy chọn «CSV UTF-8»", path) from None
    try:  # Excel writes `;` where the decimal separator is a comma, as in Vietnamese settings
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:  # one column, or nothing to tell from
        dialect = csv.excel
    return [(i, row) for i, row in enumerate(csv.reader(text.splitlines(), dialect), 1)]


def _read_xlsx(path: Path) -> list[tuple[int, list]]:
    from openpyxl import load_workbook  # only for spreadsheets: CSV needs none of it

    try:
        sheet = load_workbook(path, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DataError(f"không đọc được tệp Excel ({exc})", path) from None
    return [(i, [_excel_value(c) for c in cells]) for i, cells in enumerate(sheet.iter_rows(min_row=1), 1)]


_ZEROS = re.compile(r"^0+$")


def _excel_value(cell) -> Any:
    """The value as the clerk sees it: a number shown as `007` (format 000) stays `007`."""
    value = cell.value
    fmt = getattr(cell, "number_format", "General") or "General"
    if isinstance(value, int) and not isinstance(value, bool) and _ZEROS.match(fmt):
        return str(value).zfill(len(fmt))
    if isinstance(value, float) and value.is_integer() and _ZEROS.match(fmt):
        return str(int(value)).zfill(len(fmt))
    return value


def parse_date(value: Any) -> date:
    """A date from an Excel date cell or text typed as 31/12/2022 or 2022-12-31."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"«{text}» không phải ngày có thật; viết dạng ngày/tháng/năm, ví dụ 31/12/2022")
