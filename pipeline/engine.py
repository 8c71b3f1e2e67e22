"""docxtpl with the settings vanthu needs: strict undefined variables, autoescape, a sandbox,
a variable check before rendering, and atomic writes."""

from __future__ import annotations

import difflib
import functools
import io
import logging
import re
import threading
import zipfile
from contextlib import contextmanager
from copy import deepcopy
from functools import partial
from pathlib import Path
from typing import Any, Callable, Mapping

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.font import Font
from docxtpl import DocxTemplate, InlineImage, Subdoc
from lxml import etree

from . import vn, zipguard
from .chars import BadCharacter, refuse_invalid
from .chars import MARK_END, MARK_START
from .errors import TemplateError
from .files import write_atomic
from .sandbox import Miscalculated, Refused, Sandbox, arithmetic

log = logging.getLogger(__name__)

FILTERS = {
    "in_hoa": vn.in_hoa,
    "so": vn.so,
    "phan_tram": vn.phan_tram,
    "ngay_thang": vn.ngay_thang,
    "so_van_ban": vn.so_van_ban,
}


def environment(autoescape: bool) -> Sandbox:
    """Documents are XML: their values are escaped, and none may hold a character XML cannot."""
    env = Sandbox(undefined=jinja2.StrictUndefined, autoescape=autoescape,
                  finalize=_xml_text if autoescape else None)
    env.filters.update(FILTERS)
    return env


def _xml_text(value: Any) -> Any:
    """The last line: load time cleans every text, but no `{{ … }}` writes a broken file, whatever
    a context holds. (docxtpl's Listing and RichText are not str: their tabs and breaks are markup.)"""
    if isinstance(value, str):
        try:
            refuse_invalid(value)
        except BadCharacter as exc:
            raise Refused(f"một giá trị {exc}") from None
    return value


TOO_DEEP = "các thẻ {% … %} hay dấu ngoặc lồng nhau quá sâu"

# Text inside data files may use {{ nam }} etc.; documents are XML, so only they are escaped.
_TEXT_ENV = environment(autoescape=False)


@functools.lru_cache(maxsize=2048)
def _text_template(text: str) -> jinja2.Template:
    return _TEXT_ENV.from_string(text)


def render_text(text: str, variables: Mapping[str, object]) -> str:
    """Fill the `{{ … }}` of a data text; raises jinja2 errors, see `explain`."""
    if "{" not in text:
        return text
    try:
        template = _text_template(text)
    except RecursionError:
        raise Refused(TOO_DEEP) from None
    return template.render(variables)


@functools.lru_cache(maxsize=256)
def _expression(expression: str):
    return _TEXT_ENV.compile_expression(expression, undefined_to_none=False)


def evaluate(expression: str, variables: Mapping[str, object]) -> Any:
    """The value of a Jinja expression over data variables (`hang.nhiem_vu`), in the sandbox; each
    expression is compiled once (a batch evaluates the same one for every row)."""
    return _expression(expression)(**variables)


def explain(exc: jinja2.TemplateError) -> str:
    """A Jinja error in the clerk's words."""
    if isinstance(exc, jinja2.UndefinedError):
        name = re.search(r"'([^']+)' is undefined", exc.message or "")
        if name:
            return f"biến `{name.group(1)}` không có trong dữ liệu"
        attr = re.search(r"has no attribute '([^']+)'", exc.message or "")
        if attr:
            return f"dữ liệu không có trường `{attr.group(1)}` mà mẫu dùng"
        return "trong {{ … }} có một phần tử hay khóa không tồn tại"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"sai cú pháp {{{{ … }}}} / {{% … %}}: {_syntax(exc.message or '')}"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return "mẫu dùng một thao tác không được phép (thuộc tính hay hàm nội bộ của Python)"
    if isinstance(exc, Refused):
        return str(exc.message or exc)  # the sandbox's own words, Vietnamese
    return "không điền được {{ … }}: biểu thức không hợp lệ"


# Jinja's usual syntax messages (English) in the clerk's words; an unknown one gets the general word.
_SYNTAX = [
    (r"unexpected end of template|Unexpected end of template", "thiếu thẻ đóng (ví dụ {% endif %}, {% endfor %}) hoặc thiếu }}"),
    (r"unexpected '}'", "thừa dấu }"),
    (r"expected token 'end of print statement'", "giữa {{ và }} có chữ thừa (thiếu dấu ngoặc hay dấu phép tính?)"),
    (r"unexpected char", "có ký tự không dùng được trong {{ … }}"),
    (r"Encountered unknown tag '([^']+)'", "thẻ {% {0} %} không có (hoặc thẻ đóng không khớp thẻ mở)"),
    (r"unexpected '([^']+)'", "dấu «{0}» đứng ở chỗ không được phép"),
    (r"expected token '([^']+)'", "thiếu «{0}»"),
]


def _syntax(message: str) -> str:
    for pattern, words in _SYNTAX:
        m = re.search(pattern, message)
        if m:
            return words.replace("{0}", m.group(1)) if m.groups() else words  # the words hold braces
    return "biểu thức viết sai"


_SHARED: dict[tuple[str, int, int], "Template"] = {}
_SHARED_LOCK = threading.Lock()
_SHARED_MAX = 8


class Template:
    """A .docx template checked and compiled once, then rendered for any number of contexts.

    docxtpl loads, patches and compiles the whole template again for every document; here that
    work is done once (see `_Compiled`) and each render only fills the templated parts, copying
    the others. Templates or values the compiled path does not handle go through docxtpl.
    """

    def __init__(self, path: Path, prepare: Callable[[Path, SandboxedEnvironment], Any] | None = None):
        """`prepare(path, env)`, if given, converts the template once at load (e.g. Word merge fields
        to tags), may add filters to `env`, and returns the path or a stream of the converted .docx."""
        self.path = Path(path)
        self._lock = threading.Lock()
        if not self.path.is_file():
            raise TemplateError("không tìm thấy tệp mẫu", self.path)
        self._env = environment(autoescape=True)
        zipguard.check(self.path, lambda message: TemplateError(message, self.path))
        try:
            self._docx = DocxTemplate(prepare(self.path, self._env) if prepare else self.path)
            self.variables = self._docx.get_undeclared_template_variables(self._env)
            self._compiled = _Compiled.load(self._docx, self._env)
        except jinja2.TemplateError as exc:
            raise TemplateError(explain(exc), self.path) from None
        except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
            raise TemplateError(f"tệp không phải .docx hợp lệ ({_not_word(exc)})", self.path) from None
        except RecursionError:
            raise TemplateError(TOO_DEEP, self.path) from None
        if self._compiled is None:
            log.debug("%s: rendered by plain docxtpl (not supported by the compiled path)", self.path)

    @classmethod
    def shared(cls, path: Path) -> "Template":
        """The template at `path`, compiled once while the file is unchanged: every document of a
        `soan` or `kiem-tra` run, and every request of the web page, share it."""
        path = Path(path)
        try:
            stat = path.stat()
        except OSError:
            return cls(path)  # the constructor says what is wrong
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        with _SHARED_LOCK:
            template = _SHARED.pop(key, None) or cls(path)
            _SHARED[key] = template  # most recently used last
            while len(_SHARED) > _SHARED_MAX:
                del _SHARED[next(iter(_SHARED))]
        return template

    def check(self, context: Mapping[str, object]) -> None:
        """Every variable the template uses must be in the context, checked before any output."""
        missing = sorted(self.variables - context.keys())
        if not missing:
            return
        hints = []
        for name in missing:
            close = difflib.get_close_matches(name, list(context), n=1, cutoff=0.6)
            hints.append(f"`{name}`" + (f" (có phải ý bạn là `{close[0]}`?)" if close else ""))
        raise TemplateError("mẫu dùng biến mà dữ liệu không có: " + ", ".join(hints), self.path)

    @functools.cached_property
    def _final_section(self):
        return zipguard.open_docx(self.path, lambda message: TemplateError(message, self.path)).element.body.sectPr

    def final_section(self):
        """The template's last section properties (page, margins, headers), for annexes' section breaks."""
        return self._final_section

    def render(self, context: Mapping[str, object], out: Path) -> Path:
        """Render one document to `out`, atomically."""
        return write_atomic(out, self._filled(context))

    def rehearse(self, context: Mapping[str, object]) -> None:
        """Render in memory and write nothing: whatever `render` would refuse is refused here."""
        self._filled(context)

    def _filled(self, context: Mapping[str, object]) -> Callable[[Path], object]:
        """Fill the template; returns how to write the document."""
        self.check(context)
        if self._compiled and not _needs_docxtpl(context):
            with self._errors():
                return partial(self._compiled.write, self._compiled.render(context))
        with self._lock, self._errors():  # docxtpl renders in place: one document at a time
            self._docx.render(context, self._env, autoescape=True)
            highlight_marked(self._docx.docx.element.body)
            _last_section_of_break(self._docx.docx.element.body)
            saved = io.BytesIO()
            self._docx.save(saved)
        return lambda target: Path(target).write_bytes(saved.getvalue())

    @contextmanager
    def _errors(self):
        """A template's mistakes, including its own arithmetic, become messages about the template."""
        try:
            yield
        except Miscalculated as exc:
            raise TemplateError(f"lỗi khi điền mẫu: {exc.message}", self.path) from None
        except jinja2.TemplateError as exc:
            raise TemplateError(explain(exc), self.path) from None
        except (ArithmeticError, TypeError, ValueError, LookupError) as exc:
            raise TemplateError(f"lỗi khi điền mẫu: {arithmetic(exc)}", self.path) from None


def _not_word(exc: Exception) -> str:
    """Why a package is no Word template, in the clerk's words (the library's are English)."""
    if isinstance(exc, zipfile.BadZipFile):
        return "nội dung không phải tệp Word; tệp hỏng hoặc tệp khác được đổi đuôi"
    if isinstance(exc, etree.XMLSyntaxError):
        return "một phần XML bên trong bị hỏng; mở bằng Word rồi lưu lại thành tệp mới"
    return "tệp nén này không phải văn bản Word hoặc thiếu phần của nó (có thể là tệp Excel, PowerPoint hay tệp nén khác)"


def _needs_docxtpl(value: Any, depth: int = 0) -> bool:
    """Images and sub-documents add parts to the package: only docxtpl can render them."""
    if isinstance(value, (InlineImage, Subdoc)):
        log.debug("a context value is an image or sub-document: rendered by plain docxtpl")
        return True
    if depth < 3 and isinstance(value, dict):
        return any(_needs_docxtpl(v, depth + 1) for v in value.values())
    if depth < 3 and isinstance(value, (list, tuple)):
        return any(_needs_docxtpl(v, depth + 1) for v in value)
    return False


_CORE = "docProps/core.xml"
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# The core properties docxtpl renders as templates (DocxTemplate.render_properties).
_CORE_PROPS = ("author", "comments", "identifier", "language", "subject", "title")


class _Compiled:
    """A template's parts, patched and compiled once, as docxtpl would for each document."""

    def __init__(self, tpl: DocxTemplate, env, parts: dict[str, bytes], names: list[str]):
        self.tpl, self.env, self.parts, self.names = tpl, env, parts, names
        docx = tpl.docx
        self.document_name = docx.part.partname.lstrip("/")
        original = parts[self.document_name].decode("utf-8")
        body_start = original.index("<w:body")
        body_end = original.rindex("</w:body>") + len("</w:body>")
        self.document_head, self.document_tail = original[:body_start], original[body_end:]
        raw = tpl.get_xml()
        patched = tpl.patch_xml(raw)
        self.body = env.from_string(_split_paragraphs(patched))
        self.balanced = _balanced(patched)
        # Only cell tags, spans, and row tags that may leave a table no row can make docxtpl's
        # fix_tables change a table's grid.
        self.fix_tables = _grid_may_change(raw)
        self.headers_footers = {}
        for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
            for _, part in tpl.get_headers_footers(uri):
                xml = tpl.patch_xml(tpl.get_part_xml(part))
                if re.search(r"{[{%]", xml):  # a header without tags is copied as it is
                    encoding = tpl.get_headers_footers_encoding(xml)
                    self.headers_footers[part.partname.lstrip("/")] = (env.from_string(_split_paragraphs(xml)), encoding)
        self.core_xml = parse_xml(parts[_CORE])
        # Properties without tags are set once, as docxtpl would set them; the others for each document.
        texts = {prop: getattr(docx.core_properties, prop) or "" for prop in _CORE_PROPS}
        self.core = {prop: env.from_string(text) for prop, text in texts.items() if re.search(r"{[{%]", text)}
        for prop in (p for p in _CORE_PROPS if p not in self.core):
            setattr(CoreProperties(self.core_xml), prop, texts[prop])
        # Every part that never changes, compressed once; each document starts as a copy of it.
        rendered = {self.document_name, _CORE, *self.headers_footers}
        skeleton = io.BytesIO()
        with zipfile.ZipFile(skeleton, "w", zipfile.ZIP_DEFLATED) as z:
            for name in names:
                if name not in rendered:
                    z.writestr(name, parts[name])
        self.skeleton = skeleton.getvalue()

    @classmethod
    def load(cls, tpl: DocxTemplate, env) -> _Compiled | None:
        """The compiled form, or None when a feature of the template needs docxtpl itself."""
        with zipfile.ZipFile(tpl.template_file) as z:
            names = z.namelist()
            parts = {name: z.read(name) for name in names}
        tpl.init_docx()
        reason = None
        if _CORE not in parts:
            reason = "no core properties part"
        for part in tpl.docx.part.package.parts:
            if part.content_type == _FOOTNOTES_TYPE and re.search(rb"{[{%#]", part.blob):
                reason = "templated footnotes"
        if reason:
            log.debug("%s: %s", tpl.template_file, reason)
            return None
        return cls(tpl, env, parts, names)

    def render(self, context: Mapping[str, object]) -> dict[str, bytes]:
        """The parts that change, rendered; the others are copied as they are."""
        body = last_section_of_break(self._body(_join_paragraphs(self.tpl, self.body.render(context))))
        out = {self.document_name: (self.document_head + body + self.document_tail).encode("utf-8")}
        for name, (template, encoding) in self.headers_footers.items():
            out[name] = _join_paragraphs(self.tpl, template.render(context)).encode(encoding)
        core = deepcopy(self.core_xml)
        props = CoreProperties(core)
        for prop, template in self.core.items():
            setattr(props, prop, template.render(context))
        out[_CORE] = serialize_part_xml(core)
        return out

    def _body(self, xml: str) -> str:
        """The rendered body as docxtpl would leave it: tables fixed, drawing ids renumbered."""
        if not (self.fix_tables or "docPr" in xml or MARK_START in xml):
            if self.balanced:
                return xml  # well-formed whatever the data: nothing for docxtpl's fixes to change
            try:
                etree.fromstring(xml)
                return xml
            except etree.XMLSyntaxError:
                pass  # docxtpl's recovering parser repairs it, as it would in docxtpl
        tree = self.tpl.fix_tables(xml)
        self.tpl.docx_ids_index = 1000
        self.tpl.fix_docpr_ids(tree)
        highlight_marked(tree)
        return etree.tostring(tree, encoding="unicode")

    def write(self, rendered: dict[str, bytes], path: Path) -> None:
        buffer = io.BytesIO(self.skeleton)
        buffer.seek(0, io.SEEK_END)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for name, data in rendered.items():
                z.writestr(name, data)
        path.write_bytes(buffer.getvalue())


_ROW_TAG = re.compile(r"[{][%{]-?\s*tr\b")


def _grid_may_change(raw: str) -> bool:
    """Whether a rendering may change a table's columns: cell tags or spans; or row tags in a table
    whose first row has one (rows above a table's first row tag always print, so it keeps one)."""
    text = re.sub(r"<[^>]+>", "", raw)
    if re.search(r"[{][%{]-?\s*(tc|colspan|cellbg)\b", text):
        return True
    if not _ROW_TAG.search(text):
        return False
    for table in etree.fromstring(raw.encode("utf-8")).iter(qn("w:tbl")):
        rows = ["".join(t.text or "" for t in row.iter(qn("w:t"))) for row in table.findall(qn("w:tr"))]
        if any(_ROW_TAG.search(row) for row in rows) and _ROW_TAG.search(rows[0]):
            return True
    return False


_OPENS = {"if", "for", "macro", "call", "filter", "with", "block", "autoescape"}
_BRANCHES = {"elif", "else"}


def _balanced(xml: str) -> bool:
    """Whether every Jinja block of a patched template encloses whole XML elements.

    Then any rendering is well-formed (values are escaped), and the output need not be parsed
    again to check it. Blocks become elements and the result must parse; anything unusual
    (a block `set`, a stray tag) fails the check and leaves the runtime check in place.
    """
    def element(m: re.Match) -> str:
        word = m.group(1)
        if word in _OPENS:
            return "<j>"
        if word in _BRANCHES:
            return "</j><j>"
        if word.startswith("end"):
            return "</j>"
        if word == "set" and "=" not in m.group(0):
            return "<unsupported"  # a block assignment: leave the check to run time
        return ""
    skeleton = re.sub(r"{%-?\s*(\w+).*?-?%}", element, xml, flags=re.S)
    skeleton = re.sub(r"{{.*?}}|{#.*?#}", "", skeleton, flags=re.S)
    try:
        etree.fromstring(skeleton)
        return True
    except etree.XMLSyntaxError:
        return False


def _split_paragraphs(xml: str) -> str:
    # As docxtpl's render_xml_part: one paragraph a line, so Jinja errors point somewhere useful.
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _join_paragraphs(tpl: DocxTemplate, xml: str) -> str:
    xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")  # undoes _split_paragraphs
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    # resolve_listing only turns tabs, line and page breaks inside text into XML: skip it when none.
    return tpl.resolve_listing(xml) if any(c in xml for c in "\t\a\n\f") else xml


# An empty paragraph ending a section, then the body's own last section: the break's section.
_TRAILING_BREAK = re.compile(r"<w:p><w:pPr>(<w:sectPr\b.*?</w:sectPr>)</w:pPr></w:p>\s*<w:sectPr\b.*?</w:sectPr>"
                             r"(\s*</w:body>\s*)$", re.S)


def last_section_of_break(xml: str) -> str:
    """A section break as the body's last paragraph (the end of a landscape annex) would leave an
    empty page in the template's last section: the break's section becomes the last one."""
    start = xml.rfind("<w:p><w:pPr><w:sectPr")
    found = _TRAILING_BREAK.match(xml, start) if start >= 0 else None
    return xml[:start] + found.group(1) + found.group(2) if found else xml


def _last_section_of_break(body) -> None:
    """`last_section_of_break` on a parsed body (documents rendered by plain docxtpl)."""
    final = body.find(qn("w:sectPr"))
    before = final.getprevious() if final is not None else None
    if before is None or before.tag != qn("w:p") or before.find(qn("w:r")) is not None:
        return
    ppr = before.find(qn("w:pPr"))
    section = ppr.find(qn("w:sectPr")) if ppr is not None else None
    if section is not None:
        final.addprevious(section)
        body.remove(final)
        body.remove(before)


def highlight_marked(body) -> None:
    """Turn text between the review markers into yellow-highlighted runs (drafts of a new year)."""
    for t in list(body.iter(qn("w:t"))):
        if t.text and MARK_START in t.text:
            _split_run(t.getparent(), t.text)


def _split_run(run, text: str) -> None:
    """Replace one run by runs alternating plain and highlighted text, keeping its formatting."""
    pieces = re.split(f"({MARK_START}.*?{MARK_END})", text)
    source = etree.tostring(run)  # parsed again by python-docx for its run and font classes
    for piece in pieces:
        if not piece:
            continue
        new = parse_xml(source)
        for t in new.findall(qn("w:t")):
            new.remove(t)
        new.add_t(piece.strip(MARK_START + MARK_END))
        if piece.startswith(MARK_START):
            Font(new).highlight_color = WD_COLOR_INDEX.YELLOW
        run.addprevious(new)
    run.getparent().remove(run)
