"""CSV and Excel sheets as the clerk typed them: text stays text, dates become dates, blank rows go.

Sheets are laid out for people: title rows above the header, a header split over two rows or
merged over several columns, a total row at the bottom, formulas. Rows are numbered as the clerk
sees them (Excel's row numbers), columns are named by their header.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .chars import BadCharacter, clean_text
from .errors import DataError, VanthuError, raise_all
from . import vn
from .vn import nfc, slug


@dataclass
class Table:
    file: Path
    headers: dict[str, str]          # key (ho_ten) → header as written (Họ và tên)
    rows: list[tuple[int, dict[str, Any]]]  # (row number, {key: value})
    sheet: str | None = None         # the worksheet read, for an Excel file
    header_row: int = 1              # the header's (last) row; rows above it are titles
    totals: list[tuple[int, str]] = field(default_factory=list)  # total rows, kept out of `rows`
    total_rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # their values

    def error(self, message: str, row: int | None = None, key: str | None = None) -> DataError:
        column = self.headers.get(key, key) if key else None
        return DataError(message, self.file, row, row_label="hàng", column=column)

    def key_for(self, name: str) -> str | None:
        """The column a name means, as Word matches merge fields: `Họ_và_tên`, `ho va ten` and
        `HO_TEN` all mean «Họ và tên»; case, diacritics, spaces and underscores do not matter."""
        wanted = header_key(name)
        for key, header in self.headers.items():
            if wanted in (key, header_key(header)):
                return key
        return None

    def where(self) -> str:
        """`bang.xlsx (trang «Lớp»)`, to say which sheet was read."""
        return f"{self.file} (trang «{self.sheet}»)" if self.sheet else str(self.file)


# Headers clerks write in full for a vocabulary key.
COMMON_ALIASES = {"ho_va_ten": "ho_ten"}


def header_key(header: str) -> str:
    """`Họ và tên` → `ho_va_ten`: the vocabulary form of a column header."""
    return slug(header).replace("-", "_")


@dataclass
class _Raw:
    """A sheet's cells before any meaning is given to them."""

    rows: list[tuple[int, list]]                      # (row number, values by column index)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # rows and column indexes
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column index) → =…
    sheet: str | None = None


def read_table(path: Path, aliases: dict[str, str] | None = None, rows: int | None = None) -> Table:
    """Read a .csv (UTF-8) or .xlsx (its active visible sheet): header row found below any title
    rows, blank rows skipped, total rows set apart, formulas read from their stored values.

    `rows`: only the sheet's first rows are needed (a column list, a preview of one row): a large
    workbook is then streamed (openpyxl's read-only mode), in bounded time and memory."""
    path = Path(path)
    if not path.is_file():
        raise DataError("không tìm thấy tệp", path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = _read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        raw = _read_xlsx(path, rows)
    elif suffix == ".xls":
        raise DataError("tệp Excel 97-2003 (.xls) chưa đọc được; mở bằng Excel và lưu lại dạng .xlsx", path)
    else:
        raise DataError("chỉ đọc được tệp .csv hoặc .xlsx", path)
    raw.rows = [(n, cells) for n, cells in raw.rows if not all(_blank(v) for v in cells)]
    if not raw.rows:
        raise DataError("tệp không có dòng tiêu đề", path, 1, row_label="hàng")
    first, last = _header_rows(raw)
    table = Table(path, {}, [], raw.sheet, raw.rows[last][0])
    positions = _columns(table, raw, first, last, {**COMMON_ALIASES, **(aliases or {})})
    _fill_merged_down(raw, table.header_row)
    formulas: dict[int, list[str]] = {}
    for (number, _), formula in raw.formulas.items():
        formulas.setdefault(number, []).append(formula)
    errors: list[DataError] = []
    for number, cells in raw.rows[last + 1:]:
        total = _total_label(cells, formulas.get(number, []))
        if total:
            table.totals.append((number, total))
            table.total_rows.append((number, _row_values(table, number, cells, positions)))
            continue
        errors += _formula_errors(table, raw, number, cells, positions)
        values = _row_values(table, number, cells, positions)
        if any(not _blank(v) for v in values.values()):
            table.rows.append((number, values))
    raise_all(errors)
    return table


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_rows(raw: _Raw) -> tuple[int, int]:
    """Indexes (into raw.rows) of the header's first and last rows.

    The header is the first all-text row that is about as wide as the table: title rows above it
    hold one or two texts, however many columns they are merged over. A header cell merged down
    over the next rows makes those rows part of the header (a two-level header).
    """
    window = raw.rows[:30]
    shapes = [_shape(number, cells, raw.merges) for number, cells in window]
    widest = max(distinct for distinct, _, _ in shapes)
    first = 0
    for i, (distinct, span, texty) in enumerate(shapes):
        if texty and distinct >= max(min(2, widest), math.ceil(widest / 2)) and span >= 0.8 * widest:
            first = i
            break
    number = window[first][0]
    bottom = max([r1 for r0, _, r1, _ in raw.merges if r0 == number and r1 > r0], default=number)
    last = first
    while last + 1 < len(raw.rows) and raw.rows[last + 1][0] <= min(bottom, number + 3):
        last += 1
    return first, last


def _shape(number: int, cells: list, merges) -> tuple[int, int, bool]:
    """(cells filled, columns covered counting merged cells, whether every filled cell is text)."""
    filled = [i for i, v in enumerate(cells) if not _blank(v)]
    covered = {c for r0, c0, r1, c1 in merges if r0 <= number <= r1 for c in range(c0, c1 + 1)}
    return len(filled), len(covered | set(filled)), all(isinstance(cells[i], str) for i in filled)


def _columns(table: Table, raw: _Raw, first: int, last: int, aliases: dict[str, str]) -> list[str | None]:
    """Each column's key; columns under one merged header cell share it (their values are joined)."""
    header = raw.rows[first:last + 1]
    width = max(len(cells) for _, cells in raw.rows)
    positions: list[str | None] = []
    for c in range(width):
        text = " ".join(_dedupe(_header_text(raw, number, cells, c) for number, cells in header))
        key = header_key(text) if text else None
        if key is not None:
            key = aliases.get(key, key)
        if key in table.headers and not (positions[-1] == key and _same_merge(raw, header, c)):
            raise DataError(f"cột «{text}» bị lặp", table.file, table.header_row, row_label="hàng")
        if key:
            table.headers[key] = text
        positions.append(key)
    return positions


def _header_text(raw: _Raw, number: int, cells: list, c: int) -> str:
    """A header cell's text, or the text of the merged cell it lies under."""
    for r0, c0, r1, c1 in raw.merges:
        if r0 <= number <= r1 and c0 <= c <= c1:
            cells = next(values for n, values in raw.rows if n == r0) if r0 != number else cells
            c = c0
            break
    value = cells[c] if c < len(cells) else None
    return " ".join(nfc(str(value)).split()) if not _blank(value) else ""


def _dedupe(texts) -> list[str]:
    out: list[str] = []
    for text in texts:
        if text and (not out or out[-1] != text):
            out.append(text)
    return out


def _same_merge(raw: _Raw, header: list[tuple[int, list]], c: int) -> bool:
    """Whether columns c-1 and c lie under one merged cell of the header."""
    top, bottom = header[0][0], header[-1][0]
    return any(r0 <= bottom and r1 >= top and c0 <= c - 1 and c <= c1 for r0, c0, r1, c1 in raw.merges)


def _fill_merged_down(raw: _Raw, header_row: int) -> None:
    """A data cell merged down over several rows reads, as the clerk sees it, on each of them."""
    rows = dict(raw.rows)
    for r0, c0, r1, _ in raw.merges:
        if r0 > header_row and r0 in rows and c0 < len(rows[r0]):
            for number in range(r0 + 1, r1 + 1):
                if number in rows and c0 < len(rows[number]):
                    rows[number][c0] = rows[r0][c0]


def _row_values(table: Table, number: int, cells: list, positions: list[str | None]) -> dict[str, Any]:
    """{key: value}; the cells under one merged header are joined by a space (họ đệm + tên)."""
    parts: dict[str, list] = {}
    for key, value in zip(positions, cells):
        if key:
            parts.setdefault(key, [])
            value = _clean(value, table, number, key)
            if value is not None:
                parts[key].append(value)
    return {key: (None if not found else found[0] if len(found) == 1 else " ".join(map(str, found)))
            for key, found in parts.items()}


def _clean(value: Any, table: Table, number: int, key: str) -> Any:
    if isinstance(value, str):
        try:
            value = clean_text(value).strip()
        except BadCharacter as exc:  # a control character: refused where it stands
            raise table.error(str(exc), number, key) from None
        return value or None
    if isinstance(value, datetime):
        return value.date()
    return value


_TOTAL_WORDS = {"tổng", "cộng", "tổng cộng", "tổng số", "cộng chung", "tổng hợp"}
_TOTAL_START = re.compile(r"^(tổng cộng|(tổng|cộng)\s*:)", re.I)
_COLUMN_SUM = re.compile(r"\b(SUM|SUBTOTAL)\(.*?\b[A-Z]{1,3}\$?(\d+):\$?[A-Z]{1,3}\$?(\d+)", re.I)


def _total_label(cells: list, formulas: list[str]) -> str | None:
    """`Tổng cộng` (or a sum down a column) when the row is a total row rather than data."""
    first = next((v for v in cells if not _blank(v)), None)
    if isinstance(first, str):
        text = " ".join(nfc(first).lower().split()).rstrip(" :.")
        if text in _TOTAL_WORDS or _TOTAL_START.match(text):
            return nfc(first).strip()
    for formula in formulas:
        m = _COLUMN_SUM.search(formula)
        if m and m.group(2) != m.group(3):
            return formula
    return None


_ERROR_VALUES = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA"}


def _formula_errors(table: Table, raw: _Raw, number: int, cells: list, positions) -> list[DataError]:
    """A formula with no stored value, or whose value is an Excel error, names its cell."""
    errors = []
    for c, (key, value) in enumerate(zip(positions, cells)):
        formula = raw.formulas.get((number, c))
        if not key or not formula:
            continue
        from openpyxl.utils import get_column_letter  # spreadsheets only: CSV and `--help` need none of it
        cell = f"{get_column_letter(c + 1)}{number}"
        if value is None:
            errors.append(table.error(f"ô {cell} có công thức {formula} nhưng tệp chưa lưu giá trị đã tính "
                                      "(tệp không được lưu bằng Excel); mở tệp bằng Excel hoặc LibreOffice, "
                                      "lưu lại rồi chạy lại", number, key))
        elif isinstance(value, str) and value in _ERROR_VALUES:
            errors.append(table.error(f"ô {cell} có công thức {formula} cho kết quả lỗi {value}; "
                                      "sửa công thức trong Excel", number, key))
    return errors


def _read_csv(path: Path) -> _Raw:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataError("tệp CSV không phải UTF-8; khi lưu từ Excel hãy chọn «CSV UTF-8»", path) from None
    try:  # Excel writes `;` where the decimal separator is a comma, as in Vietnamese settings
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:  # one column, or nothing to tell from
        dialect = csv.excel
    # One record is one row, as Excel shows it: a quoted cell keeps its line breaks (Alt+Enter).
    return _Raw([(i, row) for i, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), 1)])


# A workbook whose sheets inflate past this is streamed when only its first rows are wanted (below
# it, the whole sheet is read as always: merged header cells are known only then).
STREAM_FROM = 4 << 20


def _read_xlsx(path: Path, limit: int | None = None) -> _Raw:
    stream = limit is not None and _sheets_size(path) > STREAM_FROM
    last = limit if stream else None
    values = _workbook(path, data_only=True, read_only=stream)
    sheet = _visible_sheet(values, path)
    formulas_book = _workbook(path, data_only=False, read_only=stream)
    formulas = formulas_book[sheet.title]
    try:
        cells_by_row = list(sheet.iter_rows(min_row=1, max_row=last))
        rows = [(i, [_excel_value(c) for c in cells]) for i, cells in enumerate(cells_by_row, 1)]
        merges = [] if stream else [(r.min_row, r.min_col - 1, r.max_row, r.max_col - 1)
                                    for r in sheet.merged_cells.ranges]
        found = {(c.row, c.column - 1): _formula_text(c.value) for cells in formulas.iter_rows(max_row=last)
                 for c in cells if c.data_type == "f"}
        # An error value with no formula behind it (typed, or left by a removed formula): the
        # formula's own check below names a formula's.
        raise_all([DataError(f"ô {c.coordinate} có lỗi {c.value} của Excel (công thức không tính được); sửa công "
                             "thức hoặc xóa ô đó trong Excel rồi lưu lại", path, c.row, row_label="hàng")
                   for cells in cells_by_row for c in cells
                   if c.data_type == "e" and (c.row, c.column - 1) not in found])
    finally:
        if stream:  # a read-only workbook keeps its file open until closed
            values.close()
            formulas_book.close()
    return _Raw(rows, merges, found, sheet.title)


def _sheets_size(path: Path) -> int:
    """The inflated size of a workbook's sheets, from its zip directory (nothing is inflated)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(i.file_size for i in archive.infolist() if i.filename.startswith("xl/worksheets/"))
    except (zipfile.BadZipFile, OSError):
        return 0


def _workbook(path: Path, data_only: bool, read_only: bool = False):
    try:
        from . import zipguard  # spreadsheets only: CSV and `--help` need none of openpyxl
        return zipguard.open_xlsx(path, zipguard.data_error(path), data_only=data_only, read_only=read_only)
    except VanthuError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError):
        raise DataError("không phải tệp .xlsx đọc được (tệp hỏng, hoặc tệp khác được đổi đuôi); "
                        "mở bằng Excel và lưu lại dạng .xlsx", path) from None
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise DataError("tệp Excel bị hỏng hoặc có nội dung không đọc được; mở bằng Excel và lưu lại", path) from None


def _visible_sheet(workbook, path: Path):
    """The sheet the clerk sees on opening the file: the active one, unless it is hidden."""
    active = workbook.active
    if active is not None and active.sheet_state == "visible" and active in workbook.worksheets:
        return active
    visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
    if not visible:
        raise DataError("tệp không có trang tính nào đang hiện", path)
    return visible[0]


def _formula_text(value: Any) -> str:
    return value if isinstance(value, str) else "=" + str(getattr(value, "text", "") or "").lstrip("=")


_ZEROS = re.compile(r"^0+$")


class Percent(float):
    """A number Excel shows as a percentage: 0.955 in a cell formatted `0.0%` reads 95.5%."""

    number_format = "0%"


def _excel_value(cell) -> Any:
    """The value as the clerk sees it: a number shown as `007` (format 000) stays `007`."""
    value = cell.value
    if isinstance(value, str):  # Excel stores a control character as `_x001B_`; clean_text judges it
        from openpyxl.utils.escape import unescape
        return unescape(value)
    fmt = getattr(cell, "number_format", "General") or "General"
    if isinstance(value, int) and not isinstance(value, bool) and _ZEROS.match(fmt):
        return str(value).zfill(len(fmt))
    if isinstance(value, float) and value.is_integer() and _ZEROS.match(fmt):
        return str(int(value)).zfill(len(fmt))
    if isinstance(value, (int, float)) and not isinstance(value, bool) and fmt.endswith("%"):
        shown = Percent(value)
        shown.number_format = fmt
        return shown
    return value


def parse_date(value: Any) -> date:
    """A date from an Excel date cell or text typed as 31/12/2022 or 2022-12-31."""
    if isinstance(value, date):
        return value
    return vn.doc_ngay(str(value))
