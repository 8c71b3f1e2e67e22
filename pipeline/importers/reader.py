"""A .docx read as the clerk sees it: lines and tables in order, with what the structure tells
apart — bold, alignment, Word's automatic numbering, manual line breaks and new pages."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from .. import zipguard
from ..errors import DataError
from .text import clean, normal

MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Inside a paragraph, text under these is not what the page shows (deleted, or a copy for old Word).
_HIDDEN = {qn("w:del"), qn("w:moveFrom"), MC_FALLBACK, qn("w:txbxContent")}
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@dataclass
class AutoNumber:
    """Word's automatic numbering of a paragraph, as the label kind it stands for."""

    kind: str | None  # muc, dieu, khoan, diem, y; None for a format the label table does not have
    level: int  # Word's list level (0 …): a deeper bullet is inside the one above it
    shown: str  # Word's level text, e.g. `%1.` or `%1.%2.`


@dataclass
class Line:
    text: str  # tabs kept: they lay out two columns on one line
    bold: bool = False
    align: str | None = None
    auto: AutoNumber | None = None
    new_page: bool = False
    joined: bool = False  # after a manual line break inside the same paragraph
    where: int = 0  # paragraph number in the document, for messages

    @property
    def clean(self) -> str:
        return clean(self.text)


@dataclass
class Table:
    rows: list[list[list[Line]]]  # row → cell → lines
    widths: list[int] = field(default_factory=list)
    merged: bool = False
    where: int = 0
    new_page: bool = False
    spans: list[list[int]] = field(default_factory=list)  # merged cells: [row, col, to row, to col] from 0

    def lines(self) -> Iterator[Line]:
        seen: set[int] = set()
        for row in self.rows:
            for cell in row:
                if id(cell) not in seen:
                    seen.add(id(cell))
                    yield from cell


Item = Line | Table


def kind_of(path: Path) -> str:
    """`docx`, or `convert` for what LibreOffice turns into one (.doc, .rtf, .docm, .dotx); else a clear error."""
    try:
        head = path.read_bytes()[:8]
    except OSError as exc:
        raise DataError(f"không đọc được tệp ({exc.strerror})", path) from None
    if not head:
        raise DataError("tệp rỗng (0 byte); không có gì để nhập", path)
    if head.startswith(b"PK"):
        return _zip_kind(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
            raise DataError("tệp Word có mật khẩu; hãy mở bằng Word, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ "
                            "tài liệu) rồi lưu lại và nhập lại", path)
        return "convert"
    if head.startswith(b"{\\rtf"):
        return "convert"
    if head.startswith(b"%PDF"):
        raise DataError("đây là tệp PDF; vanthu chỉ nhập tệp Word (.docx hoặc .doc). Hãy dùng bản Word gốc", path)
    raise DataError("không phải tệp Word (.docx hoặc .doc)", path)


def _zip_kind(path: Path) -> str:
    zipguard.check(path, zipguard.data_error(path))
    try:
        with zipfile.ZipFile(path) as archive:
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
            names = set(archive.namelist())
    except (zipfile.BadZipFile, KeyError, OSError):
        raise DataError("tệp .docx bị hỏng (không mở được như một tệp Word); hãy mở bằng Word rồi lưu lại", path) \
            from None
    if "word/document.xml" not in names:
        raise DataError("không phải tệp Word: tệp nén này không có văn bản Word (có thể là tệp Excel, PowerPoint "
                        "hoặc tệp nén khác)", path)
    return "docx" if _WORD_MAIN in types else "convert"


def read(path: Path) -> list[Item]:
    """The document's body; a clear error for a file without text."""
    try:
        document = zipguard.open_docx(path, zipguard.data_error(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise DataError(f"không đọc được tệp Word ({exc}); hãy mở bằng Word rồi lưu lại dạng .docx", path) from None
    items = list(_Reader(document).items(document.element.body))
    if not any(line.clean for item in items for line in (item.lines() if isinstance(item, Table) else [item])):
        body = document.element.body
        if body.find(".//" + qn("w:drawing")) is not None or body.find(".//" + qn("w:pict")) is not None:
            raise DataError("văn bản chỉ có hình ảnh, không có chữ (bản chụp hoặc bản quét?); vanthu không đọc chữ "
                            "trong ảnh. Hãy dùng bản Word gốc, hoặc nhận dạng chữ (OCR) trước", path)
        raise DataError("văn bản không có chữ nào; không có gì để nhập", path)
    return items


def toggle(element, tag: str) -> bool | None:
    """A toggle property (`w:b`, `w:i`) of a run or style: True, False, or None when not set."""
    if element is None:
        return None
    found = element.find(qn(tag))
    if found is None:
        return None
    return found.get(qn("w:val"), "true") not in ("0", "false", "off")


class _Reader:
    def __init__(self, document):
        self.styles = {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}
        self.default_style = next((k for k, s in self.styles.items() if s.get(qn("w:type")) == "paragraph"
                                   and s.get(qn("w:default")) in ("1", "true")), "Normal")
        try:
            self.numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            self.numbering = None
        self.count = 0
        self.page_pending = False

    # styles

    def _chain(self, style_id: str | None) -> Iterator:
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None

    def _style_value(self, style_id: str | None, props: str, tag: str):
        for style in self._chain(style_id):
            value = toggle(style.find(qn(props)), tag)
            if value is not None:
                return value
        return None

    def _style_element(self, style_id: str | None, path: str):
        return next((found for s in self._chain(style_id) if (found := s.find(path)) is not None), None)

    # paragraphs

    def items(self, parent) -> Iterator[Item]:
        for child in parent:
            if child.tag == qn("w:p"):
                yield from self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                yield self.table(child)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from self.items(content)
            elif child.tag == qn("w:customXml"):
                yield from self.items(child)

    def paragraph(self, p) -> list[Line]:
        self.count += 1
        ppr = p.find(qn("w:pPr"))
        style_id = (prop_val(ppr, "w:pStyle") if ppr is not None else None) or self.default_style
        pending, self.page_pending = self.page_pending, False
        lines = self._split(p, style_id)  # sets page_pending for a page break after the text
        first = lines[0]
        first.new_page = pending or bool(toggle(ppr, "w:pageBreakBefore")) or first.new_page
        self.page_pending = self.page_pending or (ppr is not None and _new_section(ppr))
        first.align = prop_val(ppr, "w:jc") or prop_val(self._style_element(style_id, f"{qn('w:pPr')}/{qn('w:jc')}"), None)
        first.auto = self._numbering(ppr, style_id)
        for line in lines[1:]:
            line.align = first.align
        return lines + [box_line for box in self._text_boxes(p) for box_line in self.paragraph(box)]

    def _split(self, p, style_id: str) -> list[Line]:
        """The paragraph's text, cut at manual line breaks, and whether each part's text is bold."""
        parts: list[list[tuple[str, bool]]] = [[]]
        new_page = False
        for run in shown_runs(p):
            rpr = run.find(qn("w:rPr"))
            run_style = prop_val(rpr, "w:rStyle") if rpr is not None else None
            bold = _first(toggle(rpr, "w:b"), self._style_value(run_style, "w:rPr", "w:b"),
                          self._style_value(style_id, "w:rPr", "w:b"))
            for child in run:
                if child.tag == qn("w:t"):
                    parts[-1].append((child.text or "", bold))
                elif child.tag in (qn("w:tab"), qn("w:ptab")):
                    parts[-1].append(("\t", bold))
                elif child.tag == qn("w:noBreakHyphen"):
                    parts[-1].append(("-", bold))
                elif child.tag in (qn("w:br"), qn("w:cr")):
                    kind = child.get(qn("w:type"))
                    if kind == "page":
                        new_page = new_page or not any(t.strip() for t, _ in parts[-1])
                        self.page_pending = self.page_pending or any(t.strip() for t, _ in parts[-1])
                    elif kind != "column":
                        parts.append([])
        lines = [_line(part, self.count, joined=i > 0) for i, part in enumerate(parts)]
        lines[0].new_page = new_page
        return [lines[0]] + [line for line in lines[1:] if line.text.strip()]

    def _text_boxes(self, p) -> list:
        return [box_p for box in p.iter(qn("w:txbxContent")) if not inside(box, p, {MC_FALLBACK})
                for box_p in box.findall(qn("w:p"))]

    # numbering

    def _numbering(self, ppr, style_id: str) -> AutoNumber | None:
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is None:
            num_pr = self._style_element(style_id, f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            num_id, level = prop_val(num_pr, "w:numId"), int(prop_val(num_pr, "w:ilvl") or 0)
            lvl = self._level(num_id, level)
            return _auto(lvl, level) if lvl is not None else None
        name = prop_val(self.styles.get(style_id), "w:name") or ""
        if name.startswith("List Bullet"):
            return AutoNumber("y", int(name[-1]) - 1 if name[-1:].isdigit() else 0, "-")
        if name.startswith("List Number"):
            return AutoNumber("khoan", 0, "%1.")
        return None

    def _level(self, num_id: str | None, level: int, depth: int = 0):
        if self.numbering is None or not num_id or num_id == "0" or depth > 2:
            return None
        num = self.numbering.find(f"{qn('w:num')}[@{qn('w:numId')}='{num_id}']")
        if num is None:
            return None
        override = num.find(f"{qn('w:lvlOverride')}[@{qn('w:ilvl')}='{level}']/{qn('w:lvl')}")
        if override is not None:
            return override
        abstract_id = prop_val(num, "w:abstractNumId")
        abstract = self.numbering.find(f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='{abstract_id}']")
        if abstract is None:
            return None
        link = prop_val(abstract, "w:numStyleLink")
        if link:  # the list's levels are defined by a numbering style
            linked = self._style_element(link, f"{qn('w:pPr')}/{qn('w:numPr')}")
            return self._level(prop_val(linked, "w:numId"), level, depth + 1) if linked is not None else None
        return abstract.find(f"{qn('w:lvl')}[@{qn('w:ilvl')}='{level}']")

    # tables

    def table(self, tbl) -> Table:
        self.count += 1
        where, new_page = self.count, self.page_pending
        self.page_pending = False
        rows, merged = [], tbl.find(f".//{qn('w:vMerge')}") is not None
        spans: list[list[int]] = []
        for r, tr in enumerate(tbl.findall(qn("w:tr"))):
            row: list[list[Line]] = []
            for tc in tr.findall(qn("w:tc")):
                lines = [line for child in tc for line in self._cell_content(child)]
                props = tc.find(qn("w:tcPr"))
                span = int(prop_val(props, "w:gridSpan") or 1)
                merged = merged or span > 1
                _span(spans, r, len(row), span, props)
                row.extend([lines] * span)
            rows.append(row)
        grid = tbl.find(qn("w:tblGrid"))
        widths = [int(float(c.get(qn("w:w")) or 0)) for c in grid.findall(qn("w:gridCol"))] if grid is not None else []
        return Table(rows, widths, merged, where, new_page, [s for s in spans if s[:2] != s[2:]])

    def _cell_content(self, child) -> list[Line]:
        if child.tag == qn("w:p"):
            return self.paragraph(child)
        if child.tag == qn("w:tbl"):  # a table inside a cell: its text, line by line
            return list(self.table(child).lines())
        return []


def _span(spans: list[list[int]], r: int, c: int, width: int, props) -> None:
    """Records the cell at row r, column c (`width` columns wide) in the merges it belongs to: a
    cell continuing a vertical merge lengthens the one above it."""
    v_merge = props.find(qn("w:vMerge")) if props is not None else None
    if v_merge is not None and v_merge.get(qn("w:val")) in (None, "continue"):
        above = next((s for s in spans if s[1] == c and s[2] == r - 1), None)
        if above is not None:
            above[2] = r
            return
    spans.append([r, c, r, c + width - 1])


def prop_val(element, tag: str | None) -> str | None:
    """A property's `w:val` (of `element` itself when `tag` is None), or None when not set."""
    if element is None:
        return None
    found = element.find(qn(tag)) if tag else element
    return found.get(qn("w:val")) if found is not None else None


def _first(*values):
    return next((v for v in values if v is not None), False)


def inside(element, top, tags: set[str]) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is top:
            return False
        if ancestor.tag in tags:
            return True
    return False


def shown_runs(p) -> Iterator:
    """The paragraph's runs in order, also inside hyperlinks, insertions and fields; not deleted text."""
    for run in p.iter(qn("w:r")):
        if not inside(run, p, _HIDDEN):
            yield run


def _line(part: list[tuple[str, bool]], where: int, joined: bool) -> Line:
    shown = [bold for text, bold in part if text.strip()]
    return Line(normal("".join(t for t, _ in part)), bold=bool(shown) and all(shown), joined=joined, where=where)


def _new_section(ppr) -> bool:
    """A section break at the end of this paragraph starts the next one on a new page (not `continuous`)."""
    sect = ppr.find(qn("w:sectPr"))
    return sect is not None and prop_val(sect, "w:type") != "continuous"


def _auto(lvl, level: int) -> AutoNumber | None:
    fmt, shown = prop_val(lvl, "w:numFmt") or "decimal", prop_val(lvl, "w:lvlText") or ""
    if fmt == "none":
        return None
    if fmt == "bullet":
        return AutoNumber("y", level, shown)
    if shown.count("%") > 1:  # 1.1., 1.2.: levels the label table does not have
        return AutoNumber(None, level, shown)
    if "điều" in shown.lower():
        return AutoNumber("dieu", level, shown)
    kind = {"upperRoman": "muc", "decimal": "khoan", "decimalZero": "khoan", "lowerLetter": "diem"}.get(fmt)
    return AutoNumber(kind, level, shown)
