"""docxtpl with the settings vanthu needs: strict undefined variables, autoescape, a sandbox,
a variable check before rendering, and atomic writes."""

from __future__ import annotations

import difflib
import re
import zipfile
from copy import deepcopy
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from . import vn
from .layout import sort_rpr
from .load import MARK_END, MARK_START
from .errors import TemplateError
from .files import write_atomic

FILTERS = {
    "in_hoa": vn.in_hoa,
    "so": vn.so,
    "phan_tram": vn.phan_tram,
    "ngay_thang": vn.ngay_thang,
    "so_van_ban": vn.so_van_ban,
}


def _environment(autoescape: bool) -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=autoescape)
    env.filters.update(FILTERS)
    return env


# Text inside data files may use {{ nam }} etc.; documents are XML, so only they are escaped.
_TEXT_ENV = _environment(autoescape=False)


def render_text(text: str, variables: dict[str, Any]) -> str:
    """Fill the `{{ … }}` of a data text; raises jinja2 errors, see `explain`."""
    if "{" not in text:
        return text
    return _TEXT_ENV.from_string(text).render(variables)


def explain(exc: jinja2.TemplateError) -> str:
    """A Jinja error in the clerk's words."""
    if isinstance(exc, jinja2.UndefinedError):
        name = re.search(r"'([^']+)' is undefined", exc.message or "")
        if name:
            return f"biến `{name.group(1)}` không có trong dữ liệu"
        attr = re.search(r"has no attribute '([^']+)'", exc.message or "")
        if attr:
            return f"dữ liệu không có trường `{attr.group(1)}` mà mẫu dùng"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"sai cú pháp {{{{ … }}}} / {{% … %}}: {exc.message}"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"mẫu dùng một thao tác không được phép: {exc}"
    return str(exc.message or exc)


class Template:
    """A .docx template checked once and rendered for any number of contexts."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise TemplateError("không tìm thấy tệp mẫu", self.path)
        self._env = _environment(autoescape=True)
        try:
            self._docx = DocxTemplate(self.path)
            self.variables = self._docx.get_undeclared_template_variables(self._env)
        except jinja2.TemplateError as exc:
            raise TemplateError(explain(exc), self.path) from None
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise TemplateError(f"tệp không phải .docx hợp lệ ({exc})", self.path) from None

    def check(self, context: dict[str, Any]) -> None:
        """Every variable the template uses must be in the context, checked before any output."""
        missing = sorted(self.variables - context.keys())
        if not missing:
            return
        hints = []
        for name in missing:
            close = difflib.get_close_matches(name, list(context), n=1, cutoff=0.6)
            hints.append(f"`{name}`" + (f" (có phải ý bạn là `{close[0]}`?)" if close else ""))
        raise TemplateError("mẫu dùng biến mà dữ liệu không có: " + ", ".join(hints), self.path)

    def render(self, context: dict[str, Any], out: Path) -> Path:
        """Render one document to `out`, atomically."""
        self.check(context)
        try:
            self._docx.render(context, self._env, autoescape=True)
        except jinja2.TemplateError as exc:
            raise TemplateError(explain(exc), self.path) from None
        except (ArithmeticError, TypeError, ValueError, LookupError) as exc:
            # A clerk's template can compute things; its mistakes are the template's, not a crash.
            raise TemplateError(f"lỗi khi điền mẫu: {exc}", self.path) from None
        highlight_marked(self._docx.docx.element.body)
        write_atomic(out, self._docx.save)
        return out


def highlight_marked(body) -> None:
    """Turn text between the review markers into yellow-highlighted runs (drafts of a new year)."""
    for t in list(body.iter(qn("w:t"))):
        if t.text and MARK_START in t.text:
            _split_run(t.getparent(), t.text)


def _split_run(run, text: str) -> None:
    """Replace one run by runs alternating plain and highlighted text, keeping its formatting."""
    pieces = re.split(f"({MARK_START}.*?{MARK_END})", text)
    for piece in pieces:
        if not piece:
            continue
        marked = piece.startswith(MARK_START)
        new = deepcopy(run)
        for t in new.findall(qn("w:t")):
            new.remove(t)
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = piece.strip(MARK_START + MARK_END)
        new.append(t)
        if marked:
            rpr = new.get_or_add_rPr()
            highlight = OxmlElement("w:highlight")
            highlight.set(qn("w:val"), "yellow")
            rpr.append(highlight)
            sort_rpr(rpr)
        run.addprevious(new)
    run.getparent().remove(run)
