"""Trộn thư: one document per row (or per group of rows) of a sheet, from any template — a docxtpl
template or the clerk's own Word mail-merge template — with the school's frame."""

from __future__ import annotations

import functools
import io
import re
import string
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, Callable

import jinja2
from docx import Document

from .. import vn
from ..engine import Template, environment, explain
from ..errors import DataError, TemplateError, raise_all
from ..layout import Builder, Layout, mark_drafts, paragraph
from ..load import Year
from ..mergefields import Converter, Names, after_ngay, word_number
from ..models import LOAI_VAN_BAN, TrinhBay
from ..publish import Job
from ..tables import Percent, Table, read_table
from . import frame, noi_nhan_lines

EXAMPLE_TEMPLATE = "bao-cao-lop.docx"

# The variables every mail-merge template gets besides the columns (README, `vanthu mau-moi`).
FRAME_VARIABLES = {
    "stt": "số thứ tự văn bản: 1, 2, … (trong danh_sach: thứ tự trong nhóm)",
    "hang": "số hàng trong bảng (hàng đầu của nhóm)",
    "danh_sach": "các hàng của nhóm, khi chạy với --nhom: {% for h in danh_sach %}{{ h.ho_ten }}{% endfor %}",
    "co_quan_chu_quan": "cơ quan chủ quản, in hoa",
    "ten_don_vi": "tên đơn vị in hoa, danh sách dòng: {{ ten_don_vi[0] }}",
    "gach_ten_don_vi": "đường kẻ dưới tên đơn vị (dùng với {{p … }})",
    "so": "số văn bản (trống: bản dự thảo)",
    "ky_hieu": "ký hiệu, ví dụ BC-THCSKB",
    "so_ky_hieu": "dòng «Số:      /BC-THCSKB»",
    "ngay": "ngày ghi trên văn bản (--ngay); .ngan cho 16/12/2022",
    "dia_danh_ngay": "dòng địa danh, ngày tháng",
    "ten_loai": "tên loại văn bản, ví dụ BÁO CÁO",
    "trich_yeu": "trích yếu (--trich-yeu, hoặc cột «Trích yếu» của bảng)",
    "gach_trich_yeu": "đường kẻ dưới trích yếu (dùng với {{p … }})",
    "nguoi_ky": "người ký: {{ nguoi_ky.ho_ten }}, .chuc_vu, .dong (các dòng thẩm quyền)",
    "noi_nhan": "các dòng Nơi nhận (danh sách; in bằng vòng lặp {%p for d in noi_nhan %})",
    "noi_nhan_dau": "các dòng Nơi nhận in cạnh chữ ký",
    "noi_nhan_tiep": "các dòng Nơi nhận còn lại, mỗi dòng một hàng bảng dưới chữ ký ({%tr for d in noi_nhan_tiep %})",
    "du_thao": "đúng khi là bản dự thảo (chưa cấp số)",
    "trang_thai": "«Dự thảo» hoặc «Đã ban hành»",
    "nam": "năm",
    "nam_hoc": "năm học",
    "nam_sau": "năm sau",
    "don_vi": "đơn vị: {{ don_vi.ten }}, .ma, .dia_danh",
}
# Columns that feed a frame variable rather than clash with it: the sheet's own numbering (STT)
# is replaced by the count of documents; a «Trích yếu» column is each document's subject line.
_FEEDS_FRAME = {"stt", "trich_yeu"}


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
        super().__init__(exc=lambda _message: error)

    def __str__(self) -> str:
        self._fail_with_undefined_error()

    @property
    def error(self) -> DataError:
        return self._undefined_exception("")


class PhanTram(float):
    """A cell Excel shows as a percentage: 0.955 prints `95,5%` (in the cell's format); arithmetic sees 0.955."""

    number_format = "0%"

    def __str__(self) -> str:
        return word_number(float(self) * 100, self.number_format)


_NUMBER = re.compile(r"-?\d+(,\d+)?")


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
    return value


def cell_value(value: Any) -> Any:
    """A sheet cell's value as a document prints it (see `_typed`)."""
    return _typed(value)


def frame_variables(year: Year) -> dict[str, str]:
    """Every variable a column must not shadow, with what it is."""
    return {**FRAME_VARIABLES, **{k: "biến của năm trong tham-so.yaml" for k in year.variables() if k not in
                                  FRAME_VARIABLES}}


def read_sheet(path: Path, skip_totals: bool = False) -> Table:
    """The sheet; a total row is refused (it would make one document too many) unless skipped."""
    table = read_table(path)
    if not skip_totals:
        raise_all([table.error(f"«{label}» là hàng tổng, không phải một hàng dữ liệu (sẽ thành một văn bản thừa); "
                               "xóa hàng này, hoặc chạy với --bo-hang-tong để bỏ qua", number)
                   for number, label in table.totals])
    return table


def check_clashes(table: Table, reserved: dict[str, str]) -> None:
    """A column named like a frame variable would silently replace it in every document."""
    raise_all([table.error(f"tên cột trùng với biến `{key}` mà mọi văn bản đều có ({reserved[key]}); "
                           f"hãy đổi tên cột, ví dụ «{header} …»", table.header_row, key)
               for key, header in table.headers.items() if key in reserved and key not in _FEEDS_FRAME])


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
    return Refused(table.error(f"ô trống{also}; điền ô này, hoặc chạy với --cho-phep-trong để in trống, "
                               "hoặc trong mẫu chỉ in khi có: {% if … %}…{% endif %}", number, key))


def group_rows(table: Table, rows: list[dict[str, Any]], column: str) -> list[dict[str, Any]]:
    """One entry per value of `column`, in order of first appearance: the columns that are the same
    in every row of the group, and `danh_sach`, the group's rows numbered from 1."""
    key = table.key_for(column)
    if key is None:
        raise table.error(f"--nhom «{column}»: bảng không có cột này; các cột: "
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
    """File names from `--ten`, made of slugs so no value can leave the output folder.

    Names in braces are columns as written or as variables (`{Họ và tên}` or `{ho_ten}`), or `stt`.
    """
    parts = list(string.Formatter().parse(pattern))
    fields = {name for _, name, _, _ in parts if name}
    keys = {name: name if name in rows[0] else table.key_for(name) for name in fields}
    unknown = sorted(name for name, key in keys.items() if key not in rows[0])
    if unknown:
        raise DataError(f"--ten dùng {', '.join(f'{{{u}}}' for u in unknown)} nhưng bảng không có cột đó; "
                        f"các cột: {', '.join(f'{{{k}}}' for k in table.headers)}, {{stt}}", table.file)
    width = len(str(len(rows)))
    names: dict[str, int] = {}
    out = []
    for row in rows:
        text = "".join(literal + (_name_part(row, keys[name], width) if name else "")
                       for literal, name, _, _ in parts)
        name = vn.slug(text)
        if not name:
            raise table.error(f"--ten «{pattern}» cho tên tệp rỗng", row["hang"])
        if name in names:
            raise table.error(f"tên tệp «{name}.docx» trùng với hàng {names[name]}; thêm cột vào --ten, "
                              "ví dụ --ten \"{stt}-{ho_ten}\"", row["hang"])
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
    raise table.error(f"--xem-truoc {number}: hàng {number} không phải hàng dữ liệu; các hàng dữ liệu: {data}")


def jobs(year: Year, template_path: Path, sheet: Path, out: Path, pattern: str = "{stt}",
         loai: str = "BC", ngay: date | None = None, trich_yeu: str | None = None, *,
         nhom: str | None = None, cho_phep_trong: bool = False, bo_hang_tong: bool = False,
         xem_truoc: int | None = None, khoa: str | None = None) -> list[Job]:
    """One job per row, or per group of rows with the same `nhom` column; the template is converted
    (Word merge fields) and checked against every column and frame variable first.

    `cho_phep_trong`: blank cells print as nothing instead of being refused; `bo_hang_tong`: total
    rows are skipped instead of refused; `xem_truoc`: only the document of that sheet row.
    """
    table = read_sheet(sheet, bo_hang_tong)
    reserved = frame_variables(year)
    check_clashes(table, reserved)
    docs = row_variables(table, "" if cho_phep_trong else REFUSE)
    if nhom:
        docs = group_rows(table, docs, nhom)
    names = file_names(table, docs, pattern)
    if xem_truoc is not None:
        chosen = pick_row(table, docs, xem_truoc)
        docs, names = [docs[chosen]], [names[chosen]]
    template = Template(template_path, _marking_drafts(Converter(Names(table, set(reserved)), Path(template_path)).prepare))

    def context(doc: dict[str, Any], so: int | None = None, day: date | None = None) -> dict[str, Any]:
        day = day or ngay or date.today()
        subject = doc.get("trich_yeu") or _fill(trich_yeu, doc, year) or ""
        base = frame(year, loai=loai, ten_loai=LOAI_VAN_BAN[loai], so=so, ngay=day,
                     trich_yeu=str(subject), nguoi_ky=None, noi_nhan=noi_nhan_lines([], nhu_tren=False, luu=None))
        base.update(so=so or "", ngay=Ngay(day.year, day.month, day.day))
        return {**base, **{k: v for k, v in doc.items() if k != "trich_yeu"}}

    check_variables(template, context(docs[0]), table, grouped=bool(nhom))
    ma = year.don_vi.model.ma

    def file_name(name: str):
        # A numbered document carries its number, so an issued file never replaces a draft.
        return lambda so: name if so is None else f"{loai}-{vn.so_van_ban(so)}-{ma}-{name}"

    khoa = khoa or f"tron/{Path(template_path).stem}"  # the register's key: a document file's, or the template's
    return [Job(template=template, loai=loai, khoa=f"{khoa}/{Path(name).stem}",
                folder=Path(out), context=lambda so, d, doc=doc: context(doc, so, d), file_name=file_name(name))
            for doc, name in zip(docs, names)]


def _marking_drafts(prepare: Callable[[Path, Any], Any]) -> Callable[[Path, Any], Any]:
    """A clerk's template, converted, with the `DỰ THẢO` mark of drafts (unless it prints its own)."""
    def prepared(path: Path, env: Any) -> io.BytesIO:
        source = prepare(path, env)
        doc = Document(source)
        if not any(b"du_thao" in part.blob for part in doc.part.package.iter_parts()
                   if part.partname.endswith(".xml")):
            mark_drafts(doc)
        out = io.BytesIO()
        doc.save(out)
        out.seek(0)
        return out
    return prepared


def check_variables(template: Template, context: dict[str, Any], table: Table, grouped: bool) -> None:
    """Every variable the template uses is a column or a frame variable; else say which columns there are."""
    missing = sorted(template.variables - context.keys())
    if not missing:
        return
    hint = "; danh_sach chỉ có khi chạy với --nhom CỘT" if "danh_sach" in missing and not grouped else ""
    columns = ", ".join(f"{{{{ {k} }}}} («{h}»)" for k, h in table.headers.items())
    raise TemplateError(f"mẫu dùng biến mà dữ liệu không có: {', '.join(f'`{m}`' for m in missing)}{hint}; "
                        f"các cột của bảng {table.where()}: {columns}", template.path)


_TEXT_ENV = environment(autoescape=False)
_TEXT_ENV.filters["sau_chu_ngay"] = after_ngay


@functools.lru_cache(maxsize=16)
def _text_template(text: str) -> jinja2.Template:
    return _TEXT_ENV.from_string(re.sub(r"\b([Nn]gày\s+){{(.*?)}}", r"\1{{ (\2) | sau_chu_ngay }}", text))


def _fill(text: str | None, row: dict[str, Any], year: Year) -> str | None:
    """`--trich-yeu` with the row's values (`ngày {{ ngay_sinh }}` prints one «ngày»)."""
    if not text:
        return None
    try:
        return _text_template(text).render({**year.variables(), **row})
    except jinja2.TemplateError as exc:
        raise DataError(f"--trich-yeu: {explain(exc)}") from None


@dataclass
class Column:
    header: str       # as written in the sheet
    key: str          # the variable: {{ key }}
    field: str        # the name Word gives its merge field: «Họ_và_tên»
    example: str      # the first row's value as printed


def columns(sheet: Path) -> tuple[Table, list[Column]]:
    """The sheet's columns as a template uses them (`vanthu mau-moi`)."""
    table = read_table(sheet)
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
