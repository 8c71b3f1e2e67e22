"""A sheet's rows as the variables of the documents made from them: typed cells that print the
Vietnamese way, blank cells refused where printed, groups of rows, file names from the columns.
Used by every document drawn from a sheet (a list of teachers, a mail merge)."""

from __future__ import annotations

import re
import string
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, Callable

import jinja2

from . import vn
from .errors import DataError, raise_all
from .mergefields import word_number
from .steps import Do, Step, needs
from .limits import NAM_CUOI, NAM_DAU
from .tables import Percent, Table, parse_date, read_table


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


def _not_a_number(op: str | None = None):
    """Chu's operator: with a number, the cell's error; with text, str's own `op` if it has one."""
    def method(self: Chu, other: Any = None) -> Any:
        if other is None or (isinstance(other, (int, float)) and not isinstance(other, bool)):
            raise self.error(f"mẫu tính toán với ô này nhưng «{self}» không phải số")
        return getattr(str, op)(self, other) if op else NotImplemented
    return method


class Chu(str):
    """A text cell: prints as typed; computing or comparing it with a number is the sheet's mistake,
    reported at its cell (not Python's «unsupported operand type(s)»)."""

    error: Callable[[str], DataError]

    def __new__(cls, text: str, error: Callable[[str], DataError]):
        self = super().__new__(cls, text)
        self.error = error  # the cell's error with a message
        return self

    def __radd__(self, other: Any) -> Any:  # "Ông " + ho_ten stays text
        return other + str(self) if isinstance(other, str) else _not_a_number()(self, other)

    __add__, __lt__, __le__, __gt__, __ge__ = (_not_a_number(op) for op in ("__add__", "__lt__", "__le__",
                                                                             "__gt__", "__ge__"))
    __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _not_a_number()
    __floordiv__ = __rfloordiv__ = __pow__ = __rpow__ = __neg__ = __pos__ = _not_a_number()
    __hash__ = str.__hash__


class Refused(jinja2.Undefined):
    """A value that must not be printed — a blank cell, a column that differs within a group —
    yet may be tested: false in `{% if %}`, replaced by `default`; printed, it raises its error."""

    __slots__ = ()

    def __init__(self, error: DataError):
        # jinja2 calls `exc(message)` to make the error it raises; its annotation asks for an exception class.
        super().__init__(exc=lambda _message: error)  # type: ignore[arg-type]

    def __str__(self) -> str:
        self._fail_with_undefined_error()

    @property
    def error(self) -> DataError:
        error = self._undefined_exception("")
        assert isinstance(error, DataError)  # the one given to __init__
        return error


class PhanTram(float):
    """A cell Excel shows as a percentage: 0.955 prints `95,5%` (in the cell's format); arithmetic sees 0.955."""

    number_format = "0%"

    def __str__(self) -> str:
        return word_number(float(self) * 100, self.number_format)


_NUMBER = re.compile(r"-?\d+(,\d+)?")
# A decimal typed with a point (a CSV saved by Excel in English): unless its point could be the
# Vietnamese thousands point (1.234), it is the same number as the Excel cell.
_POINT_DECIMAL = re.compile(r"-?\d+\.(\d{1,2}|\d{4,})")
_DATE_TEXT = re.compile(r"\d{1,2}([/.-])\d{1,2}\1\d{4}|\d{4}-\d{2}-\d{2}")


def _typed(value: Any) -> Any:
    """A cell's value for templates: dates and decimals print the Vietnamese way; text that is a
    number (a CSV cell, a number stored as text) becomes one when it prints exactly as typed."""
    if isinstance(value, date):
        return Ngay(value.year, value.month, value.day)
    if isinstance(value, Percent):
        shown = PhanTram(value)
        shown.number_format = value.number_format
        return shown
    if isinstance(value, float):
        return So(value)
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        number = So(value.replace(",", ".")) if "," in value else int(value)
        return number if str(number) == value else value
    if isinstance(value, str) and _POINT_DECIMAL.fullmatch(value):
        return So(value)
    if isinstance(value, str) and _DATE_TEXT.fullmatch(value.strip()):
        # A date typed in a CSV cell prints as an Excel date cell does; one that is no date stays as typed.
        try:
            day = parse_date(value)
        except ValueError:
            return value
        return Ngay(day.year, day.month, day.day) if NAM_DAU <= day.year <= NAM_CUOI else value
    return value


def cell_value(value: Any) -> Any:
    """A sheet cell's value as a document prints it (see `_typed`)."""
    return _typed(value)


def read_sheet(path: Path, skip_totals: bool = False, rows: int | None = None) -> Table:
    """The sheet (its first `rows` only, if given); a total row is refused (it would make one
    document too many) unless skipped."""
    table = read_table(path, rows=rows)
    if not skip_totals:
        raise_all([needs(table.error(f"«{label}» là hàng tổng, không phải một hàng dữ liệu (sẽ thành một văn bản "
                                     "thừa); xóa hàng này, hoặc bỏ qua hàng tổng", number), Step(Do.DROP_TOTAL))
                   for number, label in table.totals])
    return table


REFUSE = object()  # row_variables(blank=REFUSE): a blank cell is `Refused`


def row_variables(table: Table, blank: Any = None) -> list[dict[str, Any]]:
    """Each row's values by column key, with `stt` (1, 2, …) and `hang` (row number in the sheet).

    A blank cell is `blank` (None, or "" to print nothing); with REFUSE it is `Refused`: an error
    naming its cell wherever it is printed (mail merge: a blank signature must not pass unseen).
    """
    if not table.rows:
        raise table.error("bảng không có hàng dữ liệu nào")
    blank_rows = {key: [n for n, values in table.rows if values.get(key) is None] for key in table.headers}
    rows = []
    for stt, (number, values) in enumerate(table.rows, 1):
        row = {key: _cell(table, number, key, values.get(key)) if values.get(key) is not None else
               _blank(table, number, key, blank_rows[key]) if blank is REFUSE else blank
               for key in table.headers}
        row.update(stt=stt, hang=number)
        rows.append(row)
    return rows


def _cell(table: Table, number: int, key: str, value: Any) -> Any:
    typed = _typed(value)
    return Chu(typed, partial(table.error, row=number, key=key)) if isinstance(typed, str) else typed


def _blank(table: Table, number: int, key: str, rows: list[int]) -> Refused:
    others = [n for n in rows if n != number]
    also = f" (cột này còn trống ở hàng {_ranges(others)})" if others else ""
    return Refused(needs(table.error(f"ô trống{also}; điền ô này, hoặc cho phép ô trống (in thành chỗ trống), "
                                     "hoặc trong mẫu chỉ in khi có: {% if … %}…{% endif %}", number, key),
                         Step(Do.ALLOW_EMPTY)))


def group_rows(table: Table, rows: list[dict[str, Any]], column: str) -> list[dict[str, Any]]:
    """One entry per value of `column`, in order of first appearance: the columns that are the same
    in every row of the group, and `danh_sach`, the group's rows numbered from 1."""
    key = table.key_for(column)
    if key is None:
        raise table.error(f"cột nhóm «{column}»: bảng không có cột này; các cột: "
                          + ", ".join(f"«{h}»" for h in table.headers.values()))
    groups: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        value = row[key]
        if isinstance(value, Refused):
            raise value.error
        groups.setdefault(value, []).append(row)
    return [_group(table, key, value, members, stt) for stt, (value, members) in enumerate(groups.items(), 1)]


def _group(table: Table, key: str, value: Any, members: list[dict[str, Any]], stt: int) -> dict[str, Any]:
    numbers = [m["hang"] for m in members]
    doc: dict[str, Any] = {}
    for column in table.headers:
        values = [m[column] for m in members]
        doc[column] = values[0] if all(v == values[0] for v in values) else Refused(table.error(
            f"giá trị khác nhau giữa các hàng của nhóm «{value}» (hàng {_ranges(numbers)}); ngoài vòng lặp chỉ "
            f"in được cột giống nhau trong cả nhóm; in từng hàng bằng "
            f"{{% for h in danh_sach %}}{{{{ h.{column} }}}}{{% endfor %}}", numbers[0], column))
    doc.update(stt=stt, hang=numbers[0], danh_sach=[{**m, "stt": i} for i, m in enumerate(members, 1)])
    return doc


def _ranges(numbers: list[int]) -> str:
    """`6–7, 9`."""
    out: list[list[int]] = []
    for n in numbers:
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in out)


def file_names(table: Table, rows: list[dict[str, Any]], pattern: str) -> list[str]:
    """File names from a pattern, made of slugs so no value can leave the output folder.

    Names in braces are columns as written or as variables (`{Họ và tên}` or `{ho_ten}`), or `stt`.
    """
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        raise DataError(f"mẫu tên tệp «{pattern}» có dấu ngoặc {{ hoặc }} không khớp: mỗi tên cột viết trong một cặp "
                        "ngoặc, ví dụ «{stt}-{ho_ten}»; dấu ngoặc là chữ thì viết hai lần {{ }}") from None
    fields = {name for _, name, _, _ in parts if name}
    keys = {name: name if name in rows[0] else table.key_for(name) for name in fields}
    unknown = sorted(name for name, key in keys.items() if key not in rows[0])
    if unknown:
        raise DataError(f"mẫu tên tệp dùng {', '.join(f'{{{u}}}' for u in unknown)} nhưng bảng không có cột đó; "
                        f"các cột: {', '.join(f'{{{k}}}' for k in table.headers)}, {{stt}}", table.file,
                        steps=[Step(Do.NAME_FILES)])
    columns = {name: key for name, key in keys.items() if key is not None}  # all of them: none unknown
    width = len(str(len(rows)))
    names: dict[str, int] = {}
    out = []
    for row in rows:
        text = "".join(literal + (_name_part(row, columns[name], width) if name else "")
                       for literal, name, _, _ in parts)
        name = vn.slug(text)
        if not name:
            raise needs(table.error(f"mẫu tên tệp «{pattern}» cho tên tệp rỗng", row["hang"]), Step(Do.NAME_FILES))
        if name in names:
            raise needs(table.error(f"tên tệp «{name}.docx» trùng với hàng {names[name]}; thêm cột vào mẫu tên tệp, "
                                    "ví dụ «{stt}-{ho_ten}»", row["hang"]), Step(Do.NAME_FILES))
        names[name] = row["hang"]
        out.append(name + ".docx")
    return out


def _name_part(row: dict[str, Any], key: str, width: int) -> str:
    value = row[key]
    if isinstance(value, Refused):
        raise value.error
    return f"{value:0{width}d}" if key == "stt" else "" if value is None else str(value)


def pick_row(table: Table, docs: list[dict[str, Any]], number: int) -> int:
    """The index of the document made from sheet row `number` (`--xem-truoc`)."""
    for i, doc in enumerate(docs):
        if number in [m["hang"] for m in doc.get("danh_sach", [doc])]:
            return i
    data = _ranges([n for n, _ in table.rows])
    raise table.error(f"xem trước hàng {number}: hàng {number} không phải hàng dữ liệu; các hàng dữ liệu: {data}")
