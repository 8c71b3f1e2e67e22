"""Word mail-merge templates as clerks have them, turned into the engine's tags once, at load.

Word's «Trộn thư» (Mail Merge) fields — `w:fldSimple` or complex fields whose `w:instrText`
reads `MERGEFIELD "Họ và tên" \\* Upper` — become `{{ ho_ten | truong(0) }}`, matched to the
sheet's columns as Word matches them (case, diacritics, spaces and underscores do not matter).
IF fields on merge fields become `{% if %}` tags; fields vanthu cannot honour (Next Record, ASK…)
are refused by name. The same pass makes `{{ }}` templates forgiving: a tag written as the
column's header (`{{ Họ và tên }}`) is read as its variable, a date after the word «ngày» is not
preceded by a second «ngày», and a tag Jinja cannot read is reported in Vietnamese with its place.
"""

from __future__ import annotations

import fnmatch
import io
import re
import zipfile
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
from babel.dates import get_day_names, get_month_names
from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from . import vn, zipguard
from .engine import FILTERS
from .errors import TemplateError
from .tables import Table, parse_date

_PARTS = re.compile(r"/word/(document|header\d*|footer\d*)\.xml$")
_PLACES = {"document": "", "header": "đầu trang, ", "footer": "chân trang, "}


@dataclass
class Names:
    """What a name in a template may mean: a column of the sheet, or a variable of every document."""

    table: Table
    frame: set[str]

    def resolve(self, name: str) -> str | None:
        key = self.table.key_for(name)
        if key:
            return key
        name = name.strip()
        return name if name in self.frame else None

    def columns(self) -> str:
        return ", ".join(f"«{header}»" for header in self.table.headers.values())


@dataclass
class _Format:
    """A merge field's switches: `\\* Upper`, `\\@ "dd/MM/yyyy"`, `\\# "#.##0"`, `\\b`, `\\f`."""

    case: str | None = None
    date: str | None = None
    number: str | None = None
    before: str = ""
    after: str = ""


@dataclass
class _Test:
    """An IF field's comparison; a side that is not a field is a literal kept here."""

    op: str
    left: str | None
    right: str | None


@dataclass
class _Out:
    text: str                 # what replaces the field in the document (tags)
    expr: str | None = None   # the field's value as an expression, for an IF that compares it


@dataclass
class _Field:
    """A complex field while its runs are read: its instruction, nested fields and runs."""

    runs: list = field(default_factory=list)
    instr: str = ""
    separated: bool = False
    children: list[_Out | None] = field(default_factory=list)


class Converter:
    """Turns one template's fields into tags; `prepare` is the engine's hook."""

    def __init__(self, names: Names, path: Path):
        self.names, self.path = names, path
        self.formats: list[_Format] = []
        self.tests: list[_Test] = []
        self.where = ""  # the paragraph being converted, for messages

    def error(self, message: str) -> TemplateError:
        return TemplateError(f"{self.where}{message}", self.path)

    # -- the engine's hook --------------------------------------------------------------------

    def prepare(self, path: Path, env: jinja2.Environment) -> Path | io.BytesIO:
        """The template with its fields as tags (a new package), or the file itself when nothing changed."""
        doc = _open(path)
        changed = _drop_mail_merge_source(doc)
        env.filters.update(truong=self.format_value, so_sanh=self.compare, sau_chu_ngay=after_ngay)
        for kind, root in _roots(doc):
            changed |= self.convert_part(kind, root)
            check_tags(self, kind, root, env)
        if not changed:
            return path
        out = io.BytesIO()
        doc.save(out)
        out.seek(0)
        return out

    def convert_part(self, kind: str, root) -> bool:
        before = etree.tostring(root)
        for fld in list(root.iter(qn("w:fldSimple"))):
            self._simple(kind, fld)
        self._complex(kind, root)
        for p in root.iter(qn("w:p")):
            self._place(kind, p)
            text = _Text(p)
            _header_names(self, text)
            _after_ngay_tags(text)
            _literal_fields(self, text)
        return etree.tostring(root) != before

    def _place(self, kind: str, p) -> None:
        text = "".join(t.text or "" for t in _own(p, "w:t")).strip()
        self.where = f"{_PLACES[kind]}đoạn «{text[:50]}{'…' if len(text) > 50 else ''}»: "

    # -- fields -------------------------------------------------------------------------------

    def _simple(self, kind: str, fld) -> None:
        p = _paragraph(fld)
        if p is not None:
            self._place(kind, p)
        out = self.field(fld.get(qn("w:instr")) or "", [])
        if out is None:
            return
        runs = fld.findall(qn("w:r"))
        fld.addprevious(_run(runs[0] if runs else None, out.text))
        fld.getparent().remove(fld)

    def _complex(self, kind: str, root) -> None:
        stack: list[_Field] = []
        for run in list(root.iter(qn("w:r"))):
            if stack:
                stack[0].runs.append(run)
            for child in run:
                if child.tag == qn("w:fldChar"):
                    stack = self._field_char(kind, child.get(qn("w:fldCharType")), run, stack)
                elif child.tag == qn("w:instrText") and stack and not stack[-1].separated:
                    stack[-1].instr += child.text or ""

    def _field_char(self, kind: str, char: str | None, run, stack: list[_Field]) -> list[_Field]:
        if char == "begin":
            if not stack:
                self._place(kind, _paragraph(run))
            stack.append(_Field(runs=[run] if not stack else []))
        elif char == "separate" and stack:
            stack[-1].separated = True
        elif char == "end" and stack:
            done = stack.pop()
            if stack and not stack[-1].separated:  # a field inside the instruction (IF): a placeholder
                stack[-1].instr += f"\x01{len(stack[-1].children)}\x01"
                stack[-1].children.append(self.field(done.instr, done.children))
            elif not stack:
                self._replace(kind, done)
        return stack

    def _replace(self, kind: str, done: _Field) -> None:
        out = self.field(done.instr, done.children)
        if out is None:
            return
        if len({_paragraph(r) for r in done.runs}) > 1:
            kind = done.instr.split()[0]
            raise self.error(f"trường {kind} trải qua nhiều đoạn văn; hãy để cả trường trong một đoạn")
        shown = next((r for r in done.runs if r.find(qn("w:t")) is not None), done.runs[0])
        done.runs[0].addprevious(_run(shown, out.text))
        for run in done.runs:
            run.getparent().remove(run)

    def field(self, instr: str, children: list[_Out | None]) -> _Out | None:
        """A field's instruction as tags; None for a field that is not about the merge (PAGE…)."""
        tokens = _tokens(instr)
        if not tokens:
            return None
        kind = tokens[0][1].upper()
        if kind == "MERGEFIELD":
            return self._merge_field(tokens[1:])
        if kind in ("MERGEREC", "MERGESEQ"):
            return _Out("{{ stt }}", "stt")
        if kind in _REFUSED:
            raise self.error(f"mẫu có trường {_REFUSED[kind]}")
        if kind == "IF" and any(children):
            return self._if(tokens[1:], children)
        if any(children):
            raise self.error(f"trường {kind} chứa trường trộn thư; vanthu chỉ xử lý MERGEFIELD và IF")
        return None

    def _merge_field(self, tokens: list[tuple[str, str]]) -> _Out:
        if not tokens:
            raise self.error("trường MERGEFIELD không có tên cột")
        name = tokens[0][1]
        key = self.names.resolve(name)
        if key is None:
            raise self.error(f"trường «{name}» không khớp cột nào của bảng {self.names.table.where()}; "
                             f"các cột: {self.names.columns()}")
        fmt = self._switches(name, tokens[1:])
        if fmt == _Format():
            return _Out(f"{{{{ {key} }}}}", key)
        self.formats.append(fmt)
        expr = f"({key} | truong({len(self.formats) - 1}))"
        return _Out(f"{{{{ {expr[1:-1]} }}}}", expr)

    def _switches(self, name: str, tokens: list[tuple[str, str]]) -> _Format:
        fmt = _Format()
        i = 0
        while i < len(tokens):
            switch = tokens[i][1] if tokens[i][0] == "switch" else None
            arg = tokens[i + 1][1] if i + 1 < len(tokens) else ""
            i += 2
            if switch == "\\*":
                word = arg.lower()
                if word in ("mergeformat", "charformat"):
                    continue
                if word not in _CASES:
                    raise self.error(f"trường «{name}» có định dạng \\* {arg} chưa được hỗ trợ; {_SUPPORTED}")
                fmt.case = word
            elif switch == "\\@":
                fmt.date = arg
            elif switch == "\\#":
                fmt.number = arg
            elif switch in ("\\b", "\\f"):
                setattr(fmt, "before" if switch == "\\b" else "after", arg)
            elif switch in ("\\m", "\\v"):
                i -= 1
            else:
                raise self.error(f"trường «{name}» có phần «{tokens[i - 2][1]}» không đọc được; {_SUPPORTED}")
        return fmt

    def _if(self, tokens: list[tuple[str, str]], children: list[_Out | None]) -> _Out:
        """`IF { MERGEFIELD Giới_tính } = "Nam" "Ông" "Bà"` → `{% if … %}Ông{% else %}Bà{% endif %}`."""
        if len(tokens) < 4 or tokens[1][0] != "op":
            raise self.error("trường IF cần dạng: IF «trường» = \"giá trị\" \"chữ khi đúng\" \"chữ khi sai\"")
        left, right = (self._operand(t, children) for t in (tokens[0], tokens[2]))
        self.tests.append(_Test(tokens[1][1], *(None if expr else text for text, expr in (left, right))))
        pair = ", ".join(expr or "none" for _, expr in (left, right))
        yes = self._result(tokens[3][1], children)
        no = self._result(tokens[4][1], children) if len(tokens) > 4 else ""
        return _Out(f"{{% if ({pair}) | so_sanh({len(self.tests) - 1}) %}}{yes}{{% else %}}{no}{{% endif %}}")

    def _operand(self, token: tuple[str, str], children: list[_Out | None]) -> tuple[str, str | None]:
        """(literal text, None) or (…, the expression of the one field it is)."""
        text = token[1]
        found = re.fullmatch(r"\x01(\d+)\x01", text)
        if found:
            child = children[int(found.group(1))]
            if child is None or child.expr is None:
                raise self.error("trường IF so sánh một trường không phải trường trộn thư")
            return text, child.expr
        if "\x01" in text:
            raise self.error("trường IF so sánh chữ ghép với trường; hãy so sánh riêng trường đó")
        return text, None

    def _result(self, text: str, children: list[_Out | None]) -> str:
        if re.search(r"[{][{%#]", text):
            raise self.error("chữ trong trường IF có thẻ {{ }} / {% %}; hãy đặt thẻ ngoài trường IF")
        return re.sub(r"\x01(\d+)\x01", lambda m: (children[int(m.group(1))] or _Out("")).text, text)

    # -- filters the tags call ----------------------------------------------------------------

    def format_value(self, value: Any, index: int) -> Any:
        """A merge field's value with its switches applied, as Word prints it (Vietnamese style)."""
        fmt = self.formats[index]
        if isinstance(value, jinja2.Undefined):  # a blank cell: printed only if the field allows it
            return "" if fmt.before or fmt.after else value
        text = word_date(value, fmt.date) if fmt.date else word_number(value, fmt.number) if fmt.number else str(value)
        text = _CASES[fmt.case](text) if fmt.case else text
        return f"{fmt.before}{text}{fmt.after}" if text else text

    def compare(self, pair: tuple[Any, Any], index: int) -> bool:
        """An IF field's test: numbers compare as numbers, text as Word compares it (* and ? match)."""
        test = self.tests[index]
        left, right = (_compared(v) if text is None else text for v, text in zip(pair, (test.left, test.right)))
        a, b = _number(left), _number(right)
        if a is not None and b is not None:
            return _OPS[test.op](a, b)
        if test.op in ("=", "<>") and test.right is not None and re.search(r"[*?]", right):
            same = fnmatch.fnmatchcase(left, right.replace("[", "[[]"))
            return same if test.op == "=" else not same
        return _OPS[test.op](left, right)


_REFUSED = {
    "NEXT": "«Next Record» (NEXT), dùng để in nhiều hàng trên một trang (nhãn, phong bì); vanthu soạn mỗi "
            "hàng một văn bản, hoặc mỗi nhóm hàng (trộn theo nhóm) với vòng lặp {% for h in danh_sach %}; xóa trường này",
    "NEXTIF": "«Next Record If» (NEXTIF); hãy lọc các hàng ngay trong bảng rồi trộn",
    "SKIPIF": "«Skip Record If» (SKIPIF); hãy lọc các hàng ngay trong bảng rồi trộn",
    "ASK": "«Ask» (ASK) hỏi người dùng khi trộn; hãy ghi giá trị vào một cột của bảng",
    "FILLIN": "«Fill-in» (FILLIN) hỏi người dùng khi trộn; hãy ghi giá trị vào một cột của bảng",
    "SET": "«Set Bookmark» (SET); hãy ghi giá trị vào một cột của bảng",
    "ADDRESSBLOCK": "«Address Block» (ADDRESSBLOCK); hãy chèn từng trường (từng cột) thay cho khối này",
    "GREETINGLINE": "«Greeting Line» (GREETINGLINE); hãy chèn từng trường (từng cột) thay cho dòng này",
    "DATABASE": "«Database» (DATABASE); hãy dùng một bảng trong mẫu với vòng lặp {%tr for h in danh_sach %}",
}

_SUPPORTED = ("dùng được: \\* Upper, \\* Lower, \\* Caps, \\* FirstCap, \\@ \"dd/MM/yyyy\" (ngày), "
              "\\# \"#.##0\" (số), \\b và \\f (chữ trước, sau)")


def _caps(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))


_CASES: dict[str, Callable[[str], str]] = {
    "upper": vn.in_hoa,
    "lower": lambda text: vn.nfc(text.lower()),
    "caps": _caps,
    "firstcap": lambda text: text[:1].upper() + text[1:],
}

_OPS = {"=": lambda a, b: a == b, "<>": lambda a, b: a != b, "<": lambda a, b: a < b,
        ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}

_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|(\\[*@#!a-zA-Z])|(<>|<=|>=|=|<|>)|([^\s"<>=]+)', re.S)


def _tokens(instr: str) -> list[tuple[str, str]]:
    """A field instruction as (kind, text): `text` (quoted or bare), `switch` or `op`."""
    out = []
    for quoted, switch, op, bare in _TOKEN.findall(instr.replace("“", '"').replace("”", '"')):
        if switch:
            out.append(("switch", switch))
        elif op:
            out.append(("op", op))
        else:
            out.append(("text", re.sub(r"\\(.)", r"\1", quoted) if not bare else bare))
    return out


def _compared(value: Any) -> str:
    if isinstance(value, jinja2.Undefined):
        return ""
    if isinstance(value, date):
        return vn.ngay_ngan(value)
    return vn.nfc(str(value))


def _number(value: Any) -> Decimal | None:
    """A number from a cell or from text typed either way (`1.234,5` or `1234.5`)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(float(value)))  # a So prints with a comma
    text = str(value).strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


_DATE_TOKEN = re.compile(r"'[^']*'|d{1,4}|M{1,4}|yyyy|yy?|HH?|hh?|mm?|ss?|AM/PM|am/pm|.", re.S)


def word_date(value: Any, picture: str) -> str:
    """A date in a Word date picture (`dd/MM/yyyy`, `dddd, d MMMM yyyy`); other text as it is."""
    if not isinstance(value, date):
        try:
            value = parse_date(value)
        except ValueError:
            return str(value)
    return "".join(_date_part(value, token) for token in _DATE_TOKEN.findall(picture))


def _date_part(d: date, token: str) -> str:
    hour, minute, second = (d.hour, d.minute, d.second) if isinstance(d, datetime) else (0, 0, 0)
    parts = {
        "d": str(d.day), "dd": f"{d.day:02d}",
        "ddd": get_day_names("abbreviated", locale=vn.LOCALE)[d.weekday()],
        "dddd": get_day_names("wide", locale=vn.LOCALE)[d.weekday()],
        "M": str(d.month), "MM": f"{d.month:02d}",
        "MMM": get_month_names("abbreviated", locale=vn.LOCALE)[d.month],
        "MMMM": get_month_names("wide", locale=vn.LOCALE)[d.month],
        "y": f"{d.year % 100:02d}", "yy": f"{d.year % 100:02d}", "yyyy": str(d.year),
        "H": str(hour), "HH": f"{hour:02d}", "h": str(hour % 12 or 12), "hh": f"{hour % 12 or 12:02d}",
        "m": str(minute), "mm": f"{minute:02d}", "s": str(second), "ss": f"{second:02d}",
        "AM/PM": "SA" if hour < 12 else "CH", "am/pm": "sa" if hour < 12 else "ch",
    }
    if token in parts:
        return parts[token]
    return token[1:-1] if len(token) > 1 and token.startswith("'") else token


_NUMBER_CORE = re.compile(r"[#0x][#0x.,]*")


def word_number(value: Any, picture: str) -> str:
    """A number in a Word number picture, printed the Vietnamese way (`1.234,50`); text as it is.

    The picture may be written with either separator (`#.##0,00` on a Vietnamese Windows,
    `#,##0.00` on an English one): the last of two different ones is the decimal separator, a
    lone one is grouping when three digits follow it.
    """
    number = _number(value)
    section = picture.split(";")[0]
    core = _NUMBER_CORE.search(section)
    if number is None or core is None:
        return str(value)
    prefix, suffix = (_unquote(s) for s in (section[:core.start()], section[core.end():]))
    digits, decimal_sep = core.group(0), _decimal_separator(core.group(0))
    whole, _, fraction = digits.partition(decimal_sep) if decimal_sep else (digits, "", "")
    places = len(fraction.replace(",", "").replace(".", ""))
    rounded = abs(number).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    int_part, _, frac_part = f"{rounded:f}".partition(".")
    frac_part = frac_part.rstrip("0").ljust(fraction.count("0"), "0")  # `0` digits always, `#` when not 0
    if re.search(r"[.,]", whole):
        int_part = f"{int(int_part):,}".replace(",", ".")
    text = int_part.zfill(whole.count("0")) + ("," + frac_part if frac_part else "")
    return f"{'-' if number < 0 and rounded else ''}{prefix}{text}{suffix}"


def _decimal_separator(core: str) -> str | None:
    seps = [c for c in core if c in ".,"]
    if not seps:
        return None
    if len(set(seps)) == 2:
        return seps[-1]
    if len(seps) > 1:
        return None
    after = core.split(seps[0])[1]
    return None if len(after) == 3 and "#" in core.split(seps[0])[0] else seps[0]


def _unquote(text: str) -> str:
    return re.sub(r"'([^']*)'", r"\1", text)


def after_ngay(value: Any) -> Any:
    """A value printed after the word «ngày»: a date without its own «ngày» (`21 tháng 10 năm 2012`)."""
    if isinstance(value, date):
        return vn.ngay_thang(value).removeprefix("ngày ")
    if isinstance(value, str) and value.startswith("ngày "):
        return value.removeprefix("ngày ")
    return value


# -- the document --------------------------------------------------------------------------------

def _open(path: Path):
    if Path(path).suffix.lower() == ".doc":
        raise TemplateError("tệp Word 97-2003 (.doc) chưa đọc được; mở bằng Word và lưu lại dạng .docx", path)
    try:
        return zipguard.open_docx(path, lambda message: TemplateError(message, path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        raise TemplateError("không phải tệp .docx đọc được (tệp hỏng, hoặc tệp khác được đổi đuôi); "
                            "mở bằng Word và lưu lại dạng .docx", path) from None


def _roots(doc) -> Iterable[tuple[str, Any]]:
    """(kind, root element) of the body, headers and footers."""
    for part in doc.part.package.iter_parts():
        found = _PARTS.search(str(part.partname))
        if found and hasattr(part, "element"):
            yield re.sub(r"\d+$", "", found.group(1)), part.element


def _drop_mail_merge_source(doc) -> bool:
    """A merge main document makes Word ask for its data source on opening: the outputs are letters."""
    settings = doc.settings.element
    merge = settings.find(qn("w:mailMerge"))
    if merge is None:
        return False
    ids = [v for el in merge.iter() for k, v in el.attrib.items() if k == qn("r:id")]
    settings.remove(merge)
    for rid in ids:
        doc.part._settings_part.drop_rel(rid)
    return True


def _paragraph(el):
    while el is not None and el.tag != qn("w:p"):
        el = el.getparent()
    return el


def _own(p, tag: str) -> list:
    """The elements of a paragraph that belong to it, not to a paragraph nested in a text box."""
    return [el for el in p.iter(qn(tag)) if _paragraph(el.getparent()) is p]


def _run(model, text: str):
    """A run with `model`'s formatting holding `text`."""
    run = OxmlElement("w:r")
    rpr = model.find(qn("w:rPr")) if model is not None else None
    if rpr is not None:
        run.append(deepcopy(rpr))
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    return run


class _Text:
    """A paragraph's text across its runs, editable by offsets."""

    def __init__(self, p):
        self.p = p
        self.ts = _own(p, "w:t")

    @property
    def text(self) -> str:
        return "".join(t.text or "" for t in self.ts)

    def replace(self, start: int, end: int, new: str) -> None:
        """Put `new` in place of text[start:end], in the run where `start` falls."""
        pos = 0
        placed = False
        for t in self.ts:
            text = t.text or ""
            lo, hi = pos, pos + len(text)
            pos = hi
            if hi < start or lo > end or (placed and lo == end):
                continue
            keep_before = text[:max(0, start - lo)] if not placed else ""
            keep_after = text[end - lo:] if end <= hi else ""
            t.text = keep_before + (new if not placed else "") + keep_after
            t.set(qn("xml:space"), "preserve")
            placed = True
            if end <= hi:
                break


_TAG = re.compile(r"{{(?![prt]\s)(.*?)}}", re.S)


def _header_names(conv: Converter, text: _Text) -> None:
    """`{{ Họ và tên }}`, the header as typed, reads as `{{ ho_ten }}`."""
    for m in reversed(list(_TAG.finditer(text.text))):
        body = m.group(1).strip()
        key = conv.names.table.key_for(body) if body else None
        if key and body != key and body not in conv.names.frame:
            text.replace(m.start(1), m.end(1), f" {key} ")


_NGAY_TAG = re.compile(r"\b[Nn]gày\s+{{(?![prt]\s)(.*?)}}", re.S)


def _after_ngay_tags(text: _Text) -> None:
    """`sinh ngày {{ ngay_sinh }}` prints one «ngày»: the tag's date is printed without its own."""
    for m in reversed(list(_NGAY_TAG.finditer(text.text))):
        body = m.group(1).strip()
        if "sau_chu_ngay" not in body and not body.startswith("-") and not body.endswith("-"):
            text.replace(m.end(1), m.end(1), ") | sau_chu_ngay ")
            text.replace(m.start(1), m.start(1), " (")


_GUILLEMETS = re.compile(r"«([^«»\n]{1,60})»")


def _literal_fields(conv: Converter, text: _Text) -> None:
    """«Họ_tên» typed (or pasted) as text looks like a field but would print as it is."""
    for m in _GUILLEMETS.finditer(text.text):
        key = conv.names.table.key_for(m.group(1))
        if key:
            raise conv.error(f"chữ «{m.group(1)}» trông như trường trộn thư nhưng chỉ là chữ (trường mất khi chép "
                             f"dán?); chèn lại trường bằng Word (Mailings › Insert Merge Field) hoặc viết {{{{ {key} }}}}")


# -- tags Jinja cannot read, said in the clerk's words ------------------------------------------

_ANY_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
_DOCXTPL_ONLY = re.compile(r"{%-?\s*(vm|hm|colspan|cellbg)\b.*?%}", re.S)


def check_tags(conv: Converter, kind: str, root, env: jinja2.Environment) -> None:
    """Compile the part's tags alone, one a line, so an error points at its paragraph."""
    tags: list[tuple[str, str, Any]] = []  # (tag as Jinja reads it, as written, paragraph)
    for p in root.iter(qn("w:p")):
        text = _Text(p).text
        for quote, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):  # as docxtpl reads tags
            text = text.replace(quote, straight)
        for m in _ANY_TAG.finditer(text):
            tag = re.sub(r"^({[{%#])(p|tr|tc|r)\s", r"\1 ", m.group(0))
            tags.append((_DOCXTPL_ONLY.sub("", tag).replace("\n", " "), m.group(0), p))
        stray = re.search(r"{[{%#]|[}%#]}", _ANY_TAG.sub(" ", text))
        if stray:
            conv._place(kind, p)
            raise conv.error(f"dấu «{stray.group(0)}» không thuộc thẻ nào; mỗi thẻ viết đủ hai đầu: "
                             "{{ … }} hoặc {% … %}")
    try:
        env.compile("\n".join(tag for tag, _, _ in tags))
    except jinja2.TemplateSyntaxError as exc:
        found = tags[min(max(exc.lineno or 1, 1), len(tags)) - 1]
        if "Unexpected end of template" in (exc.message or ""):
            found = _unclosed(tags) or found
        conv._place(kind, found[2])
        raise conv.error(_syntax_message(exc, found[1])) from None


_BLOCKS = {"if", "for", "macro", "call", "filter", "with", "block", "raw", "autoescape"}


def _unclosed(tags: list[tuple[str, str, Any]]) -> tuple[str, str, Any] | None:
    """The innermost block tag left open (`{% if %}` with no `{% endif %}`)."""
    stack: list[tuple[str, tuple[str, str, Any]]] = []
    for found in tags:
        word = re.match(r"{%-?\s*(\w+)", found[0])
        if word and word.group(1) in _BLOCKS:
            stack.append((word.group(1), found))
        elif word and stack and word.group(1) == "end" + stack[-1][0]:
            stack.pop()
    return stack[-1][1] if stack else None


def _syntax_message(exc: jinja2.TemplateSyntaxError, tag: str) -> str:
    message = exc.message or ""
    name = re.search(r"No (filter|test) named '([^']+)'", message)
    if name:
        return (f"thẻ {tag} dùng bộ lọc `{name.group(2)}` không có; "
                f"các bộ lọc của vanthu: {', '.join(FILTERS)} (và các bộ lọc của Jinja như upper, default)")
    if "Unexpected end of template" in message:
        word = re.match(r"{%(p|tr|tc|r)?-?\s*(\w+)", tag)
        end = f"{{%{word.group(1) or ''} end{word.group(2)} %}}" if word else "{% end… %}"
        return f"thẻ {tag} chưa có thẻ đóng {end}"
    if "unknown tag" in message or "Encountered" in message:
        return f"thẻ {tag} không có thẻ mở tương ứng, hoặc viết sai"
    if re.search(r"[{}]", tag[2:-2]):
        return f"thẻ {tag} viết sai: dấu ngoặc bên trong thừa hoặc thiếu; mỗi thẻ viết {{{{ … }}}} hoặc {{% … %}}"
    return (f"thẻ {tag} viết sai; tên biến viết thường, không dấu, nối bằng _ (ví dụ {{{{ ho_ten }}}}); "
            "xem tên các cột của bảng")
