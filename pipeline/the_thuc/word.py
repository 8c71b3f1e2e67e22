"""A Word document as the check sees it: every paragraph with its effective formatting (direct,
then styles, then the document defaults), where it stands (body or table cell), its page, and the
rules (drawn lines) near it — paragraph borders, line shapes, VML lines, typed characters or
bordered empty tables. Edits made here change the document in place, keeping the text."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Iterator

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..importers.reader import MC_FALLBACK, inside, prop_val, shown_runs, toggle  # one reading of Word's XML
from ..importers.text import fold, is_rule, normal
from ..metrics import text_width_mm, wrap
from ..ooxml import set_attrs
from ..quy_tac import FONT, PAGE_HEIGHT_MM, PAGE_WIDTH_MM

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_V = "urn:schemas-microsoft-com:vml"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
EMU_MM = 36000
TWIP_MM = 25.4 / 1440


def run_of(r: CT_R) -> Run:
    """python-docx's view of a w:r outside any story: its text and font need no part."""
    return Run(r, None)  # type: ignore[arg-type]  # the part is only needed for pictures and links


def paragraph_of(p: BaseOxmlElement) -> Paragraph:
    """python-docx's view of a w:p outside any story: its format needs no part."""
    return Paragraph(p, None)  # type: ignore[arg-type]  # the part is only needed for pictures and links


@dataclass
class RunView:
    r: CT_R
    start: int
    end: int
    size: float | None
    bold: bool
    italic: bool
    font: str | None
    color: str | None
    underline: bool


@dataclass
class Rule:
    """A drawn line near a text: how it is drawn, its length, and the elements that carry it."""

    kind: str  # vien (paragraph border), hinh (shape), vml, ky_tu (typed), bang (bordered table)
    length_mm: float
    owners: list = field(default_factory=list)  # elements to remove when it is redrawn (w:p, w:r, w:tbl)
    border_of: BaseOxmlElement | None = None  # the w:p whose own border it is


@dataclass
class ListItem:
    """The number Word's automatic numbering shows before a paragraph."""

    num_id: str
    level: int
    value: int  # the level's counter
    label: str  # as shown, e.g. `II.`, `2.`, `b)`
    lvl: BaseOxmlElement  # the level's definition (w:lvl)
    bullet: bool = False  # a bullet (`-`, `•`), not a number


@dataclass
class Para:
    p: BaseOxmlElement  # w:p
    index: int  # 1-based, in document order (cells included)
    text: str  # as typed: tabs and line breaks kept
    runs: list[RunView]
    cell: BaseOxmlElement | None = None  # the w:tc it sits in
    table: BaseOxmlElement | None = None  # its outermost w:tbl
    col: int = 0
    row: int = 0
    page: int = 1
    align: str | None = None
    first_line_mm: float = 0.0
    left_mm: float = 0.0
    right_mm: float = 0.0
    before_pt: float = 0.0
    after_pt: float = 0.0
    line: float = 1.0  # multiple of single
    line_rule: str = "auto"
    line_pt: float = 0.0
    style: str | None = None
    numbered: bool = False  # Word's automatic numbering
    num_id: str | None = None
    num_level: int = 0
    item: ListItem | None = None  # the number Word shows before it

    @property
    def clean(self) -> str:
        return " ".join(normal(self.text).split())

    def runs_in(self, start: int, end: int) -> list[RunView]:
        return [r for r in self.runs if r.end > start and r.start < end and self.text[r.start:r.end].strip()]

    def shown_runs(self) -> list[RunView]:
        return [r for r in self.runs if self.text[r.start:r.end].strip()]

    @property
    def size(self) -> float | None:
        sizes = [r.size for r in self.shown_runs() if r.size]
        return max(set(sizes), key=sizes.count) if sizes else None


class Word:
    """The document's paragraphs with their effective formatting."""

    def __init__(self, document):
        self.doc = document
        styles = document.styles.element
        self.styles = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
        self.default_para = next((k for k, s in self.styles.items() if s.get(qn("w:type")) == "paragraph"
                                  and s.get(qn("w:default")) in ("1", "true")), None)
        self.default_char = next((k for k, s in self.styles.items() if s.get(qn("w:type")) == "character"
                                  and s.get(qn("w:default")) in ("1", "true")), None)
        defaults = styles.find(qn("w:docDefaults"))
        self.rpr_default = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        self.ppr_default = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") if defaults is not None else None
        self.theme_fonts = _theme_fonts(document)
        self.paras: list[Para] = []
        self.refresh()

    def refresh(self) -> None:
        self.paras = list(self._walk(self.doc.element.body, None, None, 0, 0))
        lists = Lists(self.doc, self.styles)
        for i, para in enumerate(self.paras, 1):
            para.index = i
            if para.num_id is not None:
                para.item = lists.next(para.num_id, para.num_level)
                para.numbered = para.item is not None
        self.pages_estimated = _pages(self)

    # walking

    def _walk(self, parent, cell, table, row: int, col: int) -> Iterator[Para]:
        for child in parent:
            if child.tag == qn("w:p"):
                if cell is None:  # a header drawn in text boxes: each box read as a cell of a row
                    for n, box in enumerate(header_boxes(child)):
                        for box_p in box.findall(qn("w:p")):
                            yield self.para(box_p, box, child, 0, n)
                yield self.para(child, cell, table, row, col)
            elif child.tag == qn("w:tbl"):
                top = table if table is not None else child
                for r, tr in enumerate(child.findall(qn("w:tr"))):
                    c = 0
                    for tc in tr.findall(qn("w:tc")):
                        yield from self._walk(tc, tc, top, r if table is None else row, c if table is None else col)
                        c += int(prop_val(tc.find(qn("w:tcPr")), "w:gridSpan") or 1)
            elif child.tag in (qn("w:sdt"), qn("w:customXml")):
                content = child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child
                if content is not None:
                    yield from self._walk(content, cell, table, row, col)

    def para(self, p, cell=None, table=None, row: int = 0, col: int = 0) -> Para:
        ppr = p.find(qn("w:pPr"))
        style = prop_val(ppr, "w:pStyle") or self.default_para
        runs, text = [], ""
        for r in shown_runs(p):
            piece = run_of(r).text
            if not piece:
                continue
            runs.append(self._run_view(r, style, len(text), len(text) + len(piece)))
            text += piece
        para = Para(p, 0, normal(text) if len(normal(text)) == len(text) else text, runs, cell, table, col, row)
        para.style = style
        para.align = self._ppr_val(ppr, style, "w:jc")
        ind = self._ppr_el(ppr, style, "w:ind")
        if ind is not None:
            first = _twips(ind, "firstLine") - _twips(ind, "hanging")
            para.first_line_mm = first * TWIP_MM
            para.left_mm = (_twips(ind, "left") or _twips(ind, "start")) * TWIP_MM
            para.right_mm = (_twips(ind, "right") or _twips(ind, "end")) * TWIP_MM
        self._spacing(para, ppr, style)
        num_prs = list(self._ppr_chain(ppr, style, "w:numPr"))
        num_ids = [prop_val(n, "w:numId") for n in num_prs if n.find(qn("w:numId")) is not None]
        levels = [prop_val(n, "w:ilvl") for n in num_prs if n.find(qn("w:ilvl")) is not None]
        para.num_id = num_ids[0] if num_ids and num_ids[0] not in (None, "0") else None
        level = levels[0] if levels else None
        para.num_level = int(level) if level and level.isdigit() else 0
        para.numbered = para.num_id is not None
        return para

    def _spacing(self, para: Para, ppr, style) -> None:
        def attr(name: str):
            for el in self._ppr_chain(ppr, style, "w:spacing"):
                if el.get(qn(f"w:{name}")) is not None:
                    return el.get(qn(f"w:{name}"))
            return None
        para.before_pt = int(attr("before") or 0) / 20
        para.after_pt = int(attr("after") or 0) / 20
        line, rule = attr("line"), attr("lineRule") or "auto"
        para.line_rule = rule
        if line is not None:
            if rule == "auto":
                para.line = int(line) / 240
            else:
                para.line_pt = int(line) / 20
                size = para.size or 14
                para.line = para.line_pt / (size * 1.15)

    # styles

    def _chain(self, style_id: str | None) -> Iterator:
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = prop_val(style, "w:basedOn")

    def _ppr_chain(self, ppr, style, tag: str) -> Iterator:
        if ppr is not None and ppr.find(qn(tag)) is not None:
            yield ppr.find(qn(tag))
        for s in self._chain(style):
            found = s.find(f"{qn('w:pPr')}/{qn(tag)}")
            if found is not None:
                yield found
        if self.ppr_default is not None and self.ppr_default.find(qn(tag)) is not None:
            yield self.ppr_default.find(qn(tag))

    def _ppr_el(self, ppr, style, tag: str):
        return next(self._ppr_chain(ppr, style, tag), None)

    def _ppr_val(self, ppr, style, tag: str) -> str | None:
        el = self._ppr_el(ppr, style, tag)
        return el.get(qn("w:val")) if el is not None else None

    def _rprs(self, r, para_style) -> Iterator:
        """Run properties from the strongest: the run, its character style, the paragraph's style, defaults."""
        rpr = r.find(qn("w:rPr"))
        if rpr is not None:
            yield rpr
        for s in self._chain(prop_val(rpr, "w:rStyle") or self.default_char):
            yield s.find(qn("w:rPr"))
        for s in self._chain(para_style):
            yield s.find(qn("w:rPr"))
        yield self.rpr_default

    def _run_view(self, r, style, start: int, end: int) -> RunView:
        rprs = [x for x in self._rprs(r, style) if x is not None]

        def first(fn):
            return next((v for v in map(fn, rprs) if v is not None), None)
        size = first(lambda x: prop_val(x, "w:sz"))
        fonts = first(lambda x: self._font(x.find(qn("w:rFonts"))))
        underline = first(lambda x: prop_val(x, "w:u"))
        return RunView(r, start, end, int(size) / 2 if size else None, bool(first(lambda x: toggle(x, "w:b"))),
                       bool(first(lambda x: toggle(x, "w:i"))), fonts, first(lambda x: prop_val(x, "w:color")),
                       underline not in (None, "none"))

    def _font(self, rfonts) -> str | None:
        if rfonts is None:
            return None
        theme = rfonts.get(qn("w:asciiTheme")) or rfonts.get(qn("w:hAnsiTheme"))
        if theme:
            return self.theme_fonts.get("major" if theme.startswith("major") else "minor", theme)
        return rfonts.get(qn("w:ascii")) or rfonts.get(qn("w:hAnsi"))

    # geometry

    @property
    def section(self):
        return self.doc.sections[0]

    def text_width_mm(self) -> float:
        s = self.section
        width = (s.page_width or PAGE_WIDTH_MM * EMU_MM) - (s.left_margin or 0) - (s.right_margin or 0)
        return width / EMU_MM

    def box_mm(self, para: Para) -> float:
        """The width a paragraph's text may take: its cell's, or the text area's."""
        if para.cell is None:
            return self.text_width_mm() - para.left_mm - para.right_mm
        if para.cell.tag == qn("w:txbxContent"):
            return (_text_box_width_mm(para.cell) or self.text_width_mm() / 2) - para.left_mm - para.right_mm
        width = _grid_width(para.cell)  # Word and LibreOffice lay a fixed table out by its grid
        tcw = para.cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
        if not width and tcw is not None and tcw.get(qn("w:type")) in (None, "dxa") and (w := tcw.get(qn("w:w"))):
            width = int(float(w)) * TWIP_MM
        if not width:
            width = self.text_width_mm() / 2
        return width - 2 * _cell_pad_mm(para.table) - para.left_mm - para.right_mm

    def container(self, para: Para) -> list[Para]:
        """The paragraphs beside it: its cell's, or the body's own."""
        return [q for q in self.paras if q.cell is para.cell and (para.cell is not None or q.table is None)]

    def next_in(self, para: Para, count: int = 3) -> list[Para]:
        same = self.container(para)
        i = same.index(para)
        return same[i + 1:i + 1 + count]

    # rules

    def rule_under(self, para: Para, look: int = 2, side: str | None = None) -> Rule | None:
        """The rule drawn under a paragraph's text: its own bottom border, or one of the next few paragraphs'
        (an empty one with a border, a line shape, a VML line, typed characters), or a bordered empty table.
        `side` (left, right) picks among two lines drawn side by side under a header typed with tabs."""
        own = _border(para.p, "bottom")
        if own and para.clean:
            return Rule("vien", self.box_mm(para), [], border_of=para.p)
        shape = _pick(_shapes(para.p), side)
        if shape:
            return Rule("hinh", shape[1], [shape[2]])
        for q in self.next_in(para, look + (1 if side else 0)):
            if q.clean and not is_rule(q.clean):
                shape = _pick(_shapes(q.p), side)
                if shape:
                    return Rule("hinh", shape[1], [shape[2]])
                if side and _column_blank(q.text, side):
                    continue  # `TRƯỜNG …` alone on the line under a two-line managing body: the rule is below it
                break
            if _border(q.p, "bottom") or _border(q.p, "top"):
                return Rule("vien", self.box_mm(q), [q.p])
            shapes = _shapes(q.p)
            shape = _pick(shapes, side)
            if shape:
                return Rule("hinh", shape[1], [q.p] if not q.clean and len(shapes) == 1 else [shape[2]])
            if q.clean and is_rule(q.clean):
                size = q.size or 13
                return Rule("ky_tu", text_width_mm(q.clean, size), [q.p])
        after = para.p.getnext()
        if para.cell is None and after is not None and after.tag == qn("w:tbl") and (length := _rule_table(after)):
            return Rule("bang", length, [after])
        return None

    def table_borders(self, tbl) -> list[str]:
        """The edges a table draws around and between its cells (its own setting, else its style's)."""
        names = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải", "insideH": "giữa các dòng",
                 "insideV": "giữa các cột"}
        tbl_pr = tbl.find(qn("w:tblPr"))
        own = tbl_pr.find(qn("w:tblBorders")) if tbl_pr is not None else None
        styled = [s.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}") for s in self._chain(prop_val(tbl_pr, "w:tblStyle"))]
        shown = []
        for edge, name in names.items():
            for borders in [own, *styled]:
                line = borders.find(qn(f"w:{edge}")) if borders is not None else None
                if line is not None:
                    if line.get(qn("w:val")) not in (None, "nil", "none"):
                        shown.append(name)
                    break
        return shown

    # edits

    def split(self, para: Para, start: int, end: int) -> list:
        """The run elements covering exactly [start, end) of the paragraph's text (runs cut where needed)."""
        out = []
        for view in list(para.runs):
            if view.end <= start or view.start >= end:
                continue
            r = view.r
            text = para.text[view.start:view.end]
            cut_from, cut_to = max(start, view.start) - view.start, min(end, view.end) - view.start
            if cut_from > 0:
                before = copy.deepcopy(r)
                run_of(before).text = text[:cut_from]
                r.addprevious(before)
            if cut_to < len(text):
                after = copy.deepcopy(r)
                run_of(after).text = text[cut_to:]
                r.addnext(after)
            if cut_from > 0 or cut_to < len(text):
                run_of(r).text = text[cut_from:cut_to]
            out.append(r)
        return out

    def replace(self, para: Para, start: int, end: int, new: str) -> None:
        """Text [start, end) becomes `new`, in the formatting of its first run."""
        runs = self.split(para, start, end)
        if not runs:
            return
        run_of(runs[0]).text = new
        for r in runs[1:]:
            r.getparent().remove(r)


def text_boxes(p) -> list:
    """The text boxes anchored in a paragraph (not those of old Word's fallback copy, nor boxes in boxes),
    left to right."""
    boxes = [box for box in p.iter(qn("w:txbxContent")) if not inside(box, p, {MC_FALLBACK, qn("w:txbxContent")})]
    return sorted(boxes, key=_text_box_left_mm)


def header_boxes(p) -> list:
    """The text boxes of a paragraph when they draw the header (Quốc hiệu or Tiêu ngữ in one of them); other
    boxes (a stamp, a note beside the text) are not the document's text."""
    boxes = text_boxes(p)
    words = fold(" ".join(" ".join("".join(t.text or "" for t in box.iter(qn("w:t"))).split()) for box in boxes))
    return boxes if re.search(r"cong hoa xa hoi chu nghia|doc lap\W+tu do", words) else []


def _text_box_shape(box):
    """The drawing (wp:anchor, wp:inline) or VML shape that holds a text box."""
    for ancestor in box.iterancestors():
        if ancestor.tag in (f"{{{_WP}}}anchor", f"{{{_WP}}}inline", f"{{{_V}}}shape", f"{{{_V}}}rect"):
            return ancestor
    return None


def _text_box_left_mm(box) -> float:
    shape = _text_box_shape(box)
    if shape is None:
        return 0.0
    offset = shape.find(f"{{{_WP}}}positionH/{{{_WP}}}posOffset")
    if offset is not None and offset.text:
        return int(offset.text) / EMU_MM
    left = re.search(r"margin-left:(-?[\d.]+)(pt|in|mm|cm)?", shape.get("style", "") or "")
    return _to_mm(float(left.group(1)), left.group(2) or "pt") if left else 0.0


def _text_box_width_mm(box) -> float | None:
    """The width a text box gives its text: the shape's less its inner margins (Word's default 2,54 mm)."""
    shape = _text_box_shape(box)
    if shape is None:
        return None
    extent = shape.find(f"{{{_WP}}}extent")
    if extent is not None:
        body = shape.find(f".//{{{_WPS}}}bodyPr")
        pads = [int(body.get(k) or 91440) if body is not None else 91440 for k in ("lIns", "rIns")]
        return (int(extent.get("cx", 0)) - sum(pads)) / EMU_MM
    width = re.search(r"width:([\d.]+)(pt|in|mm|cm)?", shape.get("style", "") or "")
    if not width:
        return None
    textbox = shape.find(f"{{{_V}}}textbox")
    inset = (textbox.get("inset") if textbox is not None else None) or "0.1in,0.05in,0.1in,0.05in"
    insets = re.findall(r"(-?[\d.]+)(pt|in|mm|cm)?", inset)[:3:2]  # left and right
    return _to_mm(float(width.group(1)), width.group(2) or "pt") - sum(_to_mm(float(v), u or "in") for v, u in insets)


def sync_fallbacks(document) -> None:
    """Text boxes edited in Word 2010's copy: old Word's fallback copy made the same, so no reader sees the
    uncorrected text."""
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    for alt in document.element.body.iter(f"{{{mc}}}AlternateContent"):
        choice, fallback = alt.find(f"{{{mc}}}Choice"), alt.find(f"{{{mc}}}Fallback")
        if choice is None or fallback is None:
            continue
        new, old = choice.find(f".//{qn('w:txbxContent')}"), fallback.find(f".//{qn('w:txbxContent')}")
        if new is not None and old is not None:
            old.getparent().replace(old, copy.deepcopy(new))


class Lists:
    """Word's automatic numbering, counted as Word counts it: one counter per list definition
    (w:abstractNum) and level, a list instance's «start at» override restarting it where that instance
    is first used, a level restarting after any item of a level above it."""

    def __init__(self, document, styles: dict):
        self.root = _numbering_root(document)
        self.styles = styles
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[tuple[str, int]] = set()

    def _num(self, num_id: str | None):
        if self.root is None or not num_id:
            return None
        return self.root.find(f"{qn('w:num')}[@{qn('w:numId')}='{num_id}']")

    def _abstract(self, num, depth: int = 0):
        abstract_id = prop_val(num, "w:abstractNumId")
        abstract = self.root.find(f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='{abstract_id}']")
        link = prop_val(abstract, "w:numStyleLink") if abstract is not None else None
        if link and depth < 3:  # the list's levels are defined by a numbering style
            style = self.styles.get(link)
            linked = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}") if style is not None else None
            num = self._num(prop_val(linked, "w:numId"))
            return self._abstract(num, depth + 1) if num is not None else None
        return abstract

    def level(self, num, abstract, ilvl: int):
        over = num.find(f"{qn('w:lvlOverride')}[@{qn('w:ilvl')}='{ilvl}']")
        if over is not None and over.find(qn("w:lvl")) is not None:
            return over.find(qn("w:lvl"))
        return abstract.find(f"{qn('w:lvl')}[@{qn('w:ilvl')}='{ilvl}']")

    def next(self, num_id: str, ilvl: int) -> ListItem | None:
        num = self._num(num_id)
        abstract = self._abstract(num) if num is not None else None
        lvl = self.level(num, abstract, ilvl) if abstract is not None else None
        if lvl is None or abstract is None:
            return None
        key = abstract.get(qn("w:abstractNumId")) or num_id
        counters = self.counters.setdefault(key, {})
        start = int(prop_val(lvl, "w:start") or 1)
        override = num.find(f"{qn('w:lvlOverride')}[@{qn('w:ilvl')}='{ilvl}']/{qn('w:startOverride')}")
        if override is not None and (num_id, ilvl) not in self.started:
            counters[ilvl] = int(prop_val(override, None) or 1)
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = start
        self.started.add((num_id, ilvl))
        for deeper in [k for k in counters if k > ilvl]:
            if prop_val(self.level(num, abstract, deeper), "w:lvlRestart") != "0":
                del counters[deeper]
        legal = lvl.find(qn("w:isLgl")) is not None

        def shown(m: re.Match) -> str:
            at = int(m.group(1)) - 1
            at_lvl = self.level(num, abstract, at)
            value = counters.get(at, int(prop_val(at_lvl, "w:start") or 1) if at_lvl is not None else 1)
            fmt = "decimal" if legal else (prop_val(at_lvl, "w:numFmt") or "decimal")
            return _list_number(value, fmt)
        label = re.sub(r"%([1-9])", shown, prop_val(lvl, "w:lvlText") or "")
        fmt = prop_val(lvl, "w:numFmt") or "decimal"
        return ListItem(num_id, ilvl, counters[ilvl], label, lvl, bullet=fmt in ("bullet", "none"))


def _numbering_root(document):
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/numbering") and not rel.is_external:
            return getattr(rel.target_part, "element", None)
    return None


def _list_number(value: int, fmt: str) -> str:
    """A counter as Word shows it in a list format (the formats clerks use; others as figures)."""
    from ..numbering import la_ma
    if fmt in ("upperRoman", "lowerRoman") and 0 < value < 4000:
        roman = la_ma(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter") and value > 0:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def swap_cells(a, b) -> None:
    """Two table cells trade their content (paragraphs and tables), each keeping its own width and borders."""
    content_a = [c for c in a if c.tag != qn("w:tcPr")]
    content_b = [c for c in b if c.tag != qn("w:tcPr")]
    for c in content_a:
        b.append(c)
    for c in content_b:
        a.append(c)


def set_list(p, num_id: str, level: int) -> None:
    """Put a paragraph in list instance `num_id` at `level` (its own numbering, whatever its style says)."""
    ppr = p.get_or_add_pPr()
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = int(num_id)


def widen_column(tc, more_mm: float, other_min_mm: float) -> None:
    """Widen a two-column table's column of `tc` by `more_mm`: taken from the other column down to
    `other_min_mm`, the rest added to the table (it may overhang the margins a little, as headers do)."""
    tr = tc.getparent()
    tbl = tr.getparent()
    grid = tbl.find(qn("w:tblGrid"))
    if grid is None:
        return
    cols = grid.findall(qn("w:gridCol"))
    idx = tr.findall(qn("w:tc")).index(tc)
    if len(cols) != 2 or idx > 1:
        return
    this, other = cols[idx], cols[1 - idx]
    more = round(more_mm / TWIP_MM)
    take = max(0, min(more, _twips(other, "w") - round(other_min_mm / TWIP_MM)))
    other.set(qn("w:w"), str(_twips(other, "w") - take))
    this.set(qn("w:w"), str(_twips(this, "w") + more))
    widths = [_twips(c, "w") for c in cols]
    for row in tbl.findall(qn("w:tr")):
        for cell, width in zip(row.findall(qn("w:tc")), widths):
            set_attrs(cell.get_or_add_tcPr().get_or_add_tcW(), w=width, type="dxa")
    tbl_pr = tbl.find(qn("w:tblPr"))
    if tbl_pr is not None:
        set_attrs(tbl_pr.get_or_add_tblW(), w=sum(widths), type="dxa")
        grown = more - take
        if grown:
            ind = tbl_pr.find(qn("w:tblInd"))
            start = _twips(ind, "w") if ind is not None else 0
            set_attrs(tbl_pr.get_or_add_tblInd(), w=start - grown // 2, type="dxa")


def format_runs(runs, size: float | None = None, bold: bool | None = None, italic: bool | None = None,
                font: bool = False, color: bool = False) -> None:
    for r in runs:
        run = run_of(r)
        if size is not None:
            run.font.size = round(size * 2) * 6350
            rpr = r.get_or_add_rPr()
            set_attrs(rpr.get_or_add_szCs(), val=round(size * 2))
        if bold is not None:
            run.font.bold = bold
            run.font.cs_bold = bold
        if italic is not None:
            run.font.italic = italic
            run.font.cs_italic = italic
        if font:
            set_font(r.get_or_add_rPr())
        if color:
            set_attrs(r.get_or_add_rPr().get_or_add_color(), val="000000")


def set_font(rpr) -> None:
    fonts = rpr.get_or_add_rFonts()
    fonts.attrib.clear()
    set_attrs(fonts, ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)


def rule_paragraph_after(anchor, width_mm: float, box_mm: float, after_pt: float = 0):
    """A centred bordered empty paragraph (as layout draws rules) right after `anchor`."""
    from ..layout import rule_paragraph
    p = rule_paragraph(width_mm, box_mm, space_after_pt=after_pt)
    anchor.addnext(p)
    return p


def remove_rule(rule: Rule) -> None:
    for el in rule.owners:
        parent = el.getparent()
        if parent is None:
            continue
        if el.tag == qn("w:p") and parent.tag == qn("w:tc") and len(parent.findall(qn("w:p"))) == 1:
            for child in list(el):
                if child.tag != qn("w:pPr"):
                    el.remove(child)
            continue
        parent.remove(el)
    if rule.border_of is not None:
        ppr = rule.border_of.find(qn("w:pPr"))
        if ppr is not None and (bdr := ppr.find(qn("w:pBdr"))) is not None:
            ppr.remove(bdr)


# --- low-level ---------------------------------------------------------------------------------

def _twips(el, name: str) -> int:
    value = el.get(qn(f"w:{name}"))
    try:
        return int(float(value)) if value else 0
    except ValueError:
        return 0


def _grid_width(tc) -> float | None:
    """A cell's width (mm) from its table's grid columns, its spans counted."""
    tr = tc.getparent()
    tbl = tr.getparent() if tr is not None else None
    grid = tbl.find(qn("w:tblGrid")) if tbl is not None else None
    if grid is None:
        return None
    cols = [_twips(c, "w") for c in grid.findall(qn("w:gridCol"))]
    start = 0
    for other in tr.findall(qn("w:tc")):
        span = int(prop_val(other.find(qn("w:tcPr")), "w:gridSpan") or 1)
        if other is tc:
            chosen = cols[start:start + span]
            return sum(chosen) * TWIP_MM if chosen and all(chosen) else None
        start += span
    return None


def _cell_pad_mm(table) -> float:
    if table is None:
        return 0.0
    mar = table.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}/{qn('w:left')}")
    if mar is None:
        return 1.9  # Word's default 0.19 cm
    return _twips(mar, "w") * TWIP_MM


def _border(p, edge: str) -> bool:
    line = p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:' + edge)}")
    return line is not None and line.get(qn("w:val")) not in (None, "nil", "none")


def _shapes(p) -> list[tuple[float | None, float, object]]:
    """The line shapes of a paragraph: (left edge in mm when known, length in mm, the run that holds it)."""
    out = []
    for r in p.iter(qn("w:r")):
        if inside(r, p, {MC_FALLBACK}):
            continue
        found = _run_shape(r)
        if found:
            out.append((*found, r))
    return out


def _run_shape(r) -> tuple[float | None, float] | None:
    for drawing in r.iter(qn("w:drawing")):
        geom = drawing.find(f".//{{{_A}}}prstGeom")
        extent = drawing.find(f".//{{{_WP}}}extent")
        if extent is None:
            continue
        cx, cy = int(extent.get("cx", 0)), int(extent.get("cy", 0))
        prst = (geom.get("prst", "") if geom is not None else "").lower()
        if "line" in prst or "connector" in prst or (cy < cx / 20 and drawing.find(f".//{{{_A}}}blip") is None):
            offset = drawing.find(f".//{{{_WP}}}positionH/{{{_WP}}}posOffset")
            return (int(offset.text) / EMU_MM if offset is not None and offset.text else None), cx / EMU_MM
    if any(True for _ in r.iter(qn("w:drawing"))):
        return None
    for line in r.iter(f"{{{_V}}}line"):
        a, b = _point(line.get("from")), _point(line.get("to"))
        if a is not None and b is not None:
            return min(a[0], b[0]), abs(b[0] - a[0])
    for shape in r.iter(f"{{{_V}}}shape"):
        width = re.search(r"width:([\d.]+)(pt|in|mm|cm)?", shape.get("style", ""))
        left = re.search(r"margin-left:(-?[\d.]+)(pt|in|mm|cm)?", shape.get("style", ""))
        if width and "32" in (shape.get("type") or "") + (shape.get("path") or ""):
            return (_to_mm(float(left.group(1)), left.group(2) or "pt") if left else None,
                    _to_mm(float(width.group(1)), width.group(2) or "pt"))
    return None


def _column_blank(text: str, side: str) -> bool:
    """A line of a header typed with tabs has nothing in its `side` (left, right) column."""
    pieces = [piece for piece in re.split(r"\t+", text) if piece.strip()]
    if len(pieces) != 1:
        return not pieces
    right_only = len(text) - len(text.lstrip("\t ")) and text.lstrip(" ").startswith("\t\t")
    return bool(right_only) if side == "left" else not right_only


def _pick(shapes: list, side: str | None):
    if not shapes:
        return None
    if side is None or len(shapes) == 1:
        return shapes[0]
    placed = [s for s in shapes if s[0] is not None]
    if len(placed) < 2:
        return shapes[0] if side == "left" else shapes[-1]
    return min(placed, key=lambda s: s[0]) if side == "left" else max(placed, key=lambda s: s[0])


def _has_shape(r) -> bool:
    return _run_shape(r) is not None


def _point(text: str | None):
    if not text:
        return None
    parts = text.split(",")
    out = []
    for part in parts[:2]:
        m = re.fullmatch(r"\s*(-?[\d.]+)\s*(pt|in|mm|cm|px)?\s*", part)
        if not m:
            return None
        out.append(_to_mm(float(m.group(1)), m.group(2) or "pt"))
    return out if len(out) == 2 else None


def _to_mm(value: float, unit: str) -> float:
    return value * {"pt": 25.4 / 72, "in": 25.4, "mm": 1, "cm": 10, "px": 25.4 / 96}[unit]


def _rule_table(tbl) -> float | None:
    """A one-cell table with no text and one drawn edge: its width (mm), else None."""
    if "".join(tbl.itertext()).strip() or len(tbl.findall(f".//{qn('w:tc')}")) != 1:
        return None
    edges = [e for e in tbl.iter() if e.tag in (qn("w:top"), qn("w:bottom"))
             and e.get(qn("w:val")) not in (None, "nil", "none")]
    width = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblW')}")
    if edges and width is not None and width.get(qn("w:type")) in (None, "dxa"):
        return int(float(width.get(qn("w:w")) or 0)) * TWIP_MM or None
    return None


def _theme_fonts(document) -> dict[str, str | None]:
    from lxml import etree
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/theme"):
            try:
                root = etree.fromstring(rel.target_part.blob)
            except etree.XMLSyntaxError:
                return {}
            out: dict[str, str | None] = {}
            for kind in ("major", "minor"):
                latin = root.find(f".//{{{_A}}}{kind}Font/{{{_A}}}latin")
                if latin is not None:
                    out[kind] = latin.get("typeface")
            return out
    return {}


# --- pages -------------------------------------------------------------------------------------

def _pages(word: Word) -> bool:
    """Each paragraph's page: from Word's own page marks when the file has them (Word writes them when
    it saves), else estimated from line counts, a table row as high as its tallest cell. True when estimated."""
    if word.doc.element.body.find(f".//{qn('w:lastRenderedPageBreak')}") is not None:
        page = 1
        for para in word.paras:
            page += sum(1 for _ in para.p.iter(qn("w:lastRenderedPageBreak")))
            para.page = page
        return False
    s = word.section
    usable = ((s.page_height or PAGE_HEIGHT_MM * EMU_MM) - (s.top_margin or 0) - (s.bottom_margin or 0)) / EMU_MM
    page, height = 1, 0.0
    for unit in _units(word.paras):
        first = unit[0]
        if first.p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None and height > 0:
            page, height = page + 1, 0.0
        h = _unit_height(word, unit)
        if height + h > usable and height > 0:
            page, height = page + 1, 0.0
        for q in unit:
            q.page = page
        height += h
        if any(br.get(qn("w:type")) == "page" for q in unit for br in q.p.iter(qn("w:br"))) or \
                any(_section_break(q.p) for q in unit):
            page, height = page + 1, 0.0
    return True


def _units(paras: list[Para]) -> list[list[Para]]:
    """Body paragraphs one by one; a table row's paragraphs together (a row is not split here)."""
    units: list[list[Para]] = []
    rows: dict[int, list[Para]] = {}
    for para in paras:
        if para.cell is None:
            units.append([para])
            continue
        key = id(para.table) if para.cell.tag == qn("w:txbxContent") else id(para.cell.getparent())
        if key not in rows:
            rows[key] = []
            units.append(rows[key])
        rows[key].append(para)
    return units


def _unit_height(word: Word, unit: list[Para]) -> float:
    cells: dict[int, float] = {}
    for q in unit:
        size = q.size or 14
        box = word.box_mm(q) - max(q.first_line_mm, 0) / 2
        lines = max(1, len(wrap(q.clean, box, size)) if q.clean else 1)
        h = (lines * size * 1.2 * max(q.line, 1.0) + q.before_pt + q.after_pt) * 25.4 / 72
        key = id(q.cell)
        cells[key] = cells.get(key, 0.0) + h
    return max(cells.values())


def _section_break(p) -> bool:
    sect = p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    return sect is not None and prop_val(sect, "w:type") != "continuous"


def page_field_in(p) -> bool:
    """The paragraph shows a page number (a PAGE field, simple or complex)."""
    if any(re.search(r"\bPAGE\b", (f.get(qn("w:instr")) or "").upper()) for f in p.iter(qn("w:fldSimple"))):
        return True
    return any(re.search(r"\bPAGE\b", (t.text or "").upper()) for t in p.iter(qn("w:instrText")))


def page_field(header_or_footer) -> bool:
    """The header/footer part shows a page number (a PAGE field, simple or complex)."""
    if not header_or_footer._has_definition:  # reading a missing one must not add it
        return False
    el = header_or_footer._element
    if any("PAGE" in (f.get(qn("w:instr")) or "").upper() for f in el.iter(qn("w:fldSimple"))):
        return True
    return any(re.search(r"\bPAGE\b", (t.text or "").upper()) for t in el.iter(qn("w:instrText")))


def new_paragraph():
    return OxmlElement("w:p")
