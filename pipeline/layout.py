"""The NĐ 30/2020 layout (Phụ lục I) as python-docx building blocks; builds the shipped templates.

Every size, margin and position of the spec is decided here, once. Templates built from these
blocks hold docxtpl tags where the data goes; a clerk may edit them in Word afterwards.
"""

from __future__ import annotations

import functools
import re
from copy import deepcopy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree
from markupsafe import Markup

from . import columns
from .metrics import MM_PER_PT, text_width_mm, wrap
from .names import SAFETY_MM, balanced_lines, fits, header_lines
from .ooxml import set_attrs
from .quy_tac import FONT, PAGE_HEIGHT_MM, PAGE_WIDTH_MM, PROFILES, RULE_RATIO, Sizes  # noqa: F401 (the one table)
from .vn import QUOC_HIEU, TIEU_NGU, in_hoa

if TYPE_CHECKING:  # the settings a layout is made from (the model is above this layer)
    from .models import DonVi, TrinhBay

BLACK = RGBColor(0, 0, 0)
# The date line's sizes and condensed character spacing (pt), tried in turn so that it never wraps;
# 13–14 pt is the decree's range. The template holds them all: one built for either size profile
# prints any school's line (`ngay_vua` picks one).
DATE_LINES = ((14, 0), (13, 0), (13, 0.3), (13, 0.6))


@dataclass(frozen=True)
class HeaderNames:
    """The left column's lines as they print: the chủ quản's and the issuer's, and the names they break."""

    chu_quan: tuple[str, ...]
    ten: tuple[str, ...]
    chu_quan_name: str = ""
    ten_name: str = ""


@dataclass(frozen=True)
class DataTable:
    """A data table's XML and how its columns came out (too narrow ones are worth a warning)."""

    xml: Markup
    columns: columns.Columns


@dataclass(frozen=True)
class Layout:
    """Sizes and geometry derived from a school's `trinh_bay` settings."""

    trinh_bay: TrinhBay
    # The widest header the spec allows (§15: real headers 172.5–175 mm, left 70–75, right 97.5–103):
    # names and the date line wrap only when this is not enough.
    header_left_mm: float = 73
    header_right_mm: float = 102
    cell_pad_mm: float = 1.0
    footer_left_ratio: float = 0.45

    @property
    def sizes(self) -> Sizes:
        return PROFILES[self.trinh_bay.co_chu]

    @property
    def text_width_mm(self) -> float:
        le = self.trinh_bay.le
        return PAGE_WIDTH_MM - le.trai - le.phai

    @property
    def landscape_width_mm(self) -> float:
        """The text width of a landscape page (an annex of wide tables)."""
        le = self.trinh_bay.le
        return PAGE_HEIGHT_MM - le.trai - le.phai

    def header_inner_mm(self, left: bool) -> float:
        return (self.header_left_mm if left else self.header_right_mm) - 2 * self.cell_pad_mm

    # Rules whose length follows text that only the data knows are made at render time.

    def name_lines(self, name: str, size: float, bold: bool) -> tuple[str, ...]:
        """A header name broken between its phrases to fit the left column (spec §15.1)."""
        return header_lines(name, self.header_inner_mm(left=True), size, bold)

    def header_names(self, dv: DonVi) -> HeaderNames:
        """The clerk's own lines when given (`chu_quan_dau_trang`, `ten_dau_trang`), else the names
        broken between their phrases to fit the column."""
        s = self.sizes
        chu_quan = in_hoa(dv.co_quan_chu_quan) if dv.co_quan_chu_quan else ""
        ten = in_hoa(dv.ten)
        chu_quan_lines = tuple(dv.chu_quan_dau_trang or self.name_lines(chu_quan, s.chu_quan, False)) if chu_quan else ()
        return HeaderNames(chu_quan_lines, tuple(dv.ten_dau_trang or self.name_lines(ten, s.ten_don_vi, True)),
                           chu_quan, ten)

    def date_fit(self, line: str) -> int:
        """Which of the template's date lines (DATE_LINES) prints `line` on one line, starting from the
        profile's size: 14 pt, 13 pt (the decree's least), then 13 pt condensed a little, a little more."""
        room = self.header_inner_mm(left=False) - SAFETY_MM
        first = next(i for i, (size, _) in enumerate(DATE_LINES) if size <= self.sizes.ngay)
        return next((i for i, (size, condense) in enumerate(DATE_LINES)
                     if i >= first and _condensed_mm(line, size, condense) <= room), len(DATE_LINES) - 1)

    def date_fits(self, line: str) -> bool:
        """Whether even the most condensed date line holds `line` on one line."""
        return _condensed_mm(line, *DATE_LINES[-1]) <= self.header_inner_mm(left=False) - SAFETY_MM

    def rule_under_name(self, lines: Iterable[str]) -> Markup:
        return _rule_under_name(tuple(lines), self.sizes.ten_don_vi, self.header_inner_mm(left=True))

    def rule_under_title(self, trich_yeu: str | Iterable[str]) -> Markup:
        lines = (trich_yeu,) if isinstance(trich_yeu, str) else tuple(trich_yeu)
        return _rule_under_title(lines, self.sizes.trich_yeu, self.text_width_mm)

    def title_lines(self, trich_yeu: str) -> tuple[str, ...]:
        """The trích yếu in balanced lines of the text width (spec §4); lines the clerk typed are kept,
        each balanced on its own when it is wider than the text."""
        return tuple(line for typed in trich_yeu.split("\n") if typed.strip()
                     for line in balanced_lines(typed.strip(), self.text_width_mm, self.sizes.trich_yeu, bold=True))

    def annex_rule(self, kem_theo: str) -> Markup:
        longest = max(text_width_mm(line, self.sizes.than, italic=True)
                      for line in wrap(kem_theo, self.text_width_mm, self.sizes.than) or [""])
        return _xml(rule_paragraph(longest * RULE_RATIO, self.text_width_mm, space_after_pt=12))

    def table(self, titles: list[str], widths: list[float] | None, rows: list[list[str]],
              width_mm: float | None = None, total: int = 0, header_rows: int = 1,
              merges: Sequence[Sequence[int]] = ()) -> DataTable:
        """A bordered data table (§5.4) as wide as the text (`width_mm`: a landscape page's), its
        columns sized from their text (see `columns`), its first `header_rows` rows the header and
        its last `total` rows bold (the totals), `merges` ([row, col, to row, to col] from 1, the
        titles' row 1) merged as Word merges cells, followed by a little space."""
        width_mm = width_mm or self.text_width_mm
        size, pad = self.sizes.bang, 1.0
        cols = columns.fit(titles, widths, rows, width_mm, size, pad)
        doc = Document()
        table = _fixed_table(doc, cols.widths_mm, rows=1 + len(rows), text_width_mm=width_mm, pad_mm=pad,
                             borders="single")
        for row in table.rows[:header_rows]:
            row._tr.get_or_add_trPr().get_or_add_tblHeader()
        covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0 - 1, r1) for c in range(c0 - 1, c1)
                   if (r, c) != (r0 - 1, c0 - 1)}
        for r, values in enumerate([titles, *rows]):
            head = r < header_rows
            bold = head or r > len(rows) - total
            for c, (cell, value) in enumerate(zip(table.rows[r].cells, values)):
                _clear(cell)
                numeric = not head and columns.is_number(value or "")
                align = WD_ALIGN_PARAGRAPH.CENTER if head or numeric else WD_ALIGN_PARAGRAPH.LEFT
                # A merged cell's text is its first cell's; the cells it covers bring nothing to it.
                for line in ("" if (r, c) in covered else value or "").split("\n"):
                    paragraph(cell, line, size, bold=bold, align=align, before_pt=2, after_pt=2)
        for r0, c0, r1, c1 in merges:
            table.cell(r0 - 1, c0 - 1).merge(table.cell(r1 - 1, c1 - 1))
        space = paragraph(doc, "", 6)
        return DataTable(Markup(_xml(table._tbl) + _xml(space._p)), cols)

    def beside_signature(self, noi_nhan: list[str], signer_lines: int) -> tuple[list[str], list[str]]:
        """The Nơi nhận lines printed beside the signature (as many as its height holds, at least
        one), and the rest, printed below it one a row. Heights in points: lines are as tall as
        their font is big, and the signature is its title lines, five empty ones, and the name."""
        s = self.sizes
        room = (signer_lines + 6) * s.ky - s.noi_nhan_nhan
        width = self.text_width_mm * self.footer_left_ratio - text_width_mm("- ", s.noi_nhan)
        used = 0.0
        for i, line in enumerate(noi_nhan):
            used += max(len(wrap(line, width, s.noi_nhan)), 1) * s.noi_nhan
            if used > room and i > 0:
                return noi_nhan[:i], noi_nhan[i:]
        return noi_nhan, []

    def section_break(self, section, restart: bool, landscape: bool = False) -> Markup:
        """A paragraph ending a section like `section` (a template's sectPr), portrait or landscape:
        annexes start on a new page."""
        sect = deepcopy(section)
        restart_numbering(sect, restart)
        if landscape:
            sect.orientation = WD_ORIENT.LANDSCAPE
            sect.page_width, sect.page_height = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
        p = OxmlElement("w:p")
        p.get_or_add_pPr()._insert_sectPr(sect)
        return _xml(p)


def _condensed_mm(line: str, size: float, condense_pt: float) -> float:
    return text_width_mm(line, size, italic=True) - len(line) * condense_pt * MM_PER_PT


# Every document of a batch has the same header and, often, the same title: measured once.

@functools.lru_cache(maxsize=256)
def _rule_under_name(lines: tuple[str, ...], size: float, box_mm: float) -> Markup:
    longest = max(text_width_mm(line, size, bold=True) for line in lines)
    return _xml(rule_paragraph(longest * RULE_RATIO, box_mm))


@functools.lru_cache(maxsize=256)
def _rule_under_title(printed: tuple[str, ...], size: float, box_mm: float) -> Markup:
    lines = [line for text in printed for typed in text.split("\n") for line in wrap(typed, box_mm, size, bold=True)]
    if not lines:
        return Markup("")
    longest = max(text_width_mm(line, size, bold=True) for line in lines)
    return _xml(rule_paragraph(longest * RULE_RATIO, box_mm, space_after_pt=12))


# --- low-level helpers -------------------------------------------------------------------

def restart_numbering(sect_pr, restart: bool) -> None:
    """Page numbers of the section start at 1 (an annex), or follow on."""
    sect_pr._remove_pgNumType()
    if restart:
        sect_pr.get_or_add_pgNumType().start = 1


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _xml(element) -> Markup:
    """An element as raw XML for a `{{p … }}` tag (the document already declares `w:`)."""
    text = etree.tostring(element, encoding="unicode")
    return Markup(re.sub(r' xmlns:w="[^"]+"', "", text))


def rpr_of(element):
    """The run properties of a run, a paragraph mark (pPr), a style or the document defaults."""
    return element.get_or_add_rPr()


def set_fonts(rpr, size: float | None = None, bold: bool | None = None,
              italic: bool | None = None) -> None:
    """Times New Roman in all four font slots, black, Vietnamese language."""
    fonts = rpr.get_or_add_rFonts()
    fonts.attrib.clear()
    set_attrs(fonts, ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)
    for name, value in (("b", bold), ("bCs", bold), ("i", italic), ("iCs", italic)):
        getattr(rpr, f"_remove_{name}")()
        if value:
            getattr(rpr, f"get_or_add_{name}")()
    set_attrs(rpr.get_or_add_color(), val="000000")
    if size is not None:
        set_attrs(rpr.get_or_add_sz(), val=round(size * 2))
        set_attrs(rpr.get_or_add_szCs(), val=round(size * 2))
    lang = rpr.get_or_add_lang()
    lang.attrib.clear()
    set_attrs(lang, val="vi-VN")


def rule_paragraph(width_mm: float, box_mm: float, space_after_pt: float = 0):
    """An empty paragraph whose bottom border is a centred, black, 0.75 pt rule of `width_mm`."""
    side = _twips(max(box_mm - width_mm, 0) / 2)
    p = OxmlElement("w:p")
    ppr = p.get_or_add_pPr()
    set_attrs(ppr.get_or_add_pBdr().get_or_add_bottom(), val="single", sz=6, space=1, color="000000")
    set_attrs(ppr.get_or_add_spacing(), before=0, after=round(space_after_pt * 20), line=240, lineRule="auto")
    set_attrs(ppr.get_or_add_ind(), left=side, right=side)
    # A 2 pt paragraph mark keeps the rule close under the text.
    set_attrs(ppr.get_or_add_rPr().get_or_add_sz(), val=4)
    return p


# --- paragraphs ----------------------------------------------------------------------------

def paragraph(container, text: str = "", size: float = 14, bold: bool = False, italic: bool = False,
              align=WD_ALIGN_PARAGRAPH.CENTER, first_line_cm: float | None = None,
              before_pt: float = 0, after_pt: float = 0, line: float = 1.0,
              keep_with_next: bool = False) -> Paragraph:
    """One paragraph of one run, formatted directly so Word and LibreOffice agree on it."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(before_pt), Pt(after_pt)
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE if line != 1.0 else WD_LINE_SPACING.SINGLE
    if line != 1.0:
        fmt.line_spacing = line
    if first_line_cm is not None:
        fmt.first_line_indent = Cm(first_line_cm)
    fmt.keep_with_next = keep_with_next or None
    set_fonts(rpr_of(p._p.get_or_add_pPr()), size, bold, italic)  # the paragraph mark
    if text:
        set_fonts(rpr_of(p.add_run(text)._r), size, bold, italic)
    return p


def tag(container, statement: str) -> Paragraph:
    """A docxtpl paragraph tag (`{%p for … %}`): the paragraph vanishes when rendered."""
    return paragraph(container, f"{{%p {statement} %}}", size=10, align=WD_ALIGN_PARAGRAPH.LEFT)


class Builder:
    """Writes an NĐ 30 document skeleton into a new python-docx Document."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.sizes = layout.sizes
        self.doc: DocumentType = Document()
        self._drop_sample_parts()
        self._word_2013()
        self._defaults()
        self._page()

    # page and defaults

    def _drop_sample_parts(self) -> None:
        """python-docx's starting package carries a thumbnail of its own sample and a copy of the
        styles for Word 2010; neither belongs in a clerk's template."""
        for rels, kinds in ((self.doc.part.package.rels, ("thumbnail",)),
                            (self.doc.part.rels, ("stylesWithEffects", "customXml"))):
            for rid, rel in list(rels.items()):
                if rel.reltype.rsplit("/", 1)[-1] in kinds:
                    rels.pop(rid)

    def _word_2013(self) -> None:
        """Declare Word 2013+ layout (compatibility mode 15): python-docx's package says Word 2010,
        which newer Word opens in Compatibility Mode."""
        for setting in self.doc.settings.element.iter(qn("w:compatSetting")):
            if setting.get(qn("w:name")) == "compatibilityMode":
                setting.set(qn("w:val"), "15")

    def _defaults(self) -> None:
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        set_fonts(rpr_of(defaults.get_or_add_rPrDefault()), self.sizes.than)
        spacing = defaults.get_or_add_pPrDefault().get_or_add_pPr().get_or_add_spacing()
        set_attrs(spacing, after=0, line=240, lineRule="auto")
        set_fonts(rpr_of(self.doc.styles["Normal"].element), self.sizes.than)
        self.doc.core_properties.author = "vanthu"
        self.doc.core_properties.title = "{{ ten_loai }} {{ trich_yeu }}"

    def _page(self) -> None:
        le = self.layout.trinh_bay.le
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(le.tren), Mm(le.duoi)
        section.left_margin, section.right_margin = Mm(le.trai), Mm(le.phai)
        section.header_distance, section.footer_distance = Mm(10), Mm(10)
        # Page numbers from page 2, centred in the top margin; none on page 1.
        section.different_first_page_header_footer = True
        header_p = section.header.paragraphs[0]
        header_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_fonts(rpr_of(header_p._p.get_or_add_pPr()), self.sizes.trang)
        _page_field(header_p, self.sizes.trang)
        first = section.first_page_header.paragraphs[0]
        set_fonts(rpr_of(first._p.get_or_add_pPr()), self.sizes.trang)

    # blocks

    def body(self, text: str, italic: bool = False, bold: bool = False, keep_with_next: bool = False) -> Paragraph:
        """A body paragraph: justified, first-line indent, spacing and size of the settings."""
        tb = self.layout.trinh_bay
        return paragraph(self.doc, text, self.sizes.than, bold=bold, italic=italic,
                         align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_cm=tb.thut_dau_dong,
                         after_pt=tb.cach_doan, line=tb.gian_dong, keep_with_next=keep_with_next)

    def tag(self, statement: str) -> Paragraph:
        return tag(self.doc, statement)

    def header(self) -> None:
        """Ô 1–4: the borderless two-column table with names, Quốc hiệu, Số and the date line."""
        lay, s = self.layout, self.sizes
        table = _fixed_table(self.doc, [lay.header_left_mm, lay.header_right_mm], rows=2,
                             text_width_mm=lay.text_width_mm, pad_mm=lay.cell_pad_mm)
        left, right = table.cell(0, 0), table.cell(0, 1)
        _clear(left)
        _clear(right)
        tag(left, "for dong in chu_quan_dong")
        paragraph(left, "{{ dong }}", s.chu_quan)
        tag(left, "endfor")
        tag(left, "for dong in ten_don_vi")
        paragraph(left, "{{ dong }}", s.ten_don_vi, bold=True)
        tag(left, "endfor")
        paragraph(left, "{{p gach_ten_don_vi }}", 10)
        paragraph(right, QUOC_HIEU, s.quoc_hieu, bold=True)
        paragraph(right, TIEU_NGU, s.tieu_ngu, bold=True)
        right._tc.append(rule_paragraph(text_width_mm(TIEU_NGU, s.tieu_ngu, bold=True),
                                        lay.header_inner_mm(left=False)))
        so_cell, date_cell = table.cell(1, 0), table.cell(1, 1)
        _clear(so_cell)
        _clear(date_cell)
        paragraph(so_cell, "{{ so_ky_hieu }}", s.so, before_pt=6)
        self._date_lines(date_cell)

    def _date_lines(self, cell) -> None:
        """The date line in each of its sizes (DATE_LINES); the context's `ngay_vua` picks one."""
        for i, (size, condense) in enumerate(DATE_LINES):
            tag(cell, ("if" if i == 0 else "elif") + f" ngay_vua == {i}")
            line = paragraph(cell, "{{ dia_danh_ngay }}", size, italic=True, before_pt=6)
            if condense:
                for r in line.runs:
                    set_attrs(r._r.get_or_add_rPr().get_or_add_spacing(), val=-round(condense * 20))
        tag(cell, "endif")

    def title(self) -> None:
        """Ô 5a: tên loại and trích yếu, bold and centred, with a rule under them."""
        s = self.sizes
        paragraph(self.doc, "{{ ten_loai }}", s.ten_loai, bold=True, before_pt=18, keep_with_next=True)
        self.tag("for dong in trich_yeu_dong")
        paragraph(self.doc, "{{ dong }}", s.trich_yeu, bold=True, keep_with_next=True)
        self.tag("endfor")
        paragraph(self.doc, "{{p gach_trich_yeu }}", 10)

    def can_cu(self) -> None:
        """The căn cứ lines, italic, one per paragraph (`;` and `.` come with the context)."""
        self.tag("for cc in can_cu")
        self.body("{{ cc }}", italic=True)
        self.tag("endfor")

    def kinh_gui(self) -> None:
        """Ô 9a: `Kính gửi: X` on one line, or one recipient a line with the dashes under the colon."""
        lead = Cm(2.5)
        under_colon = lead + Mm(text_width_mm("Kính gửi: ", self.sizes.than))
        self.tag("for kg in kinh_gui")
        self.tag('if kg.loai == "mot"')
        paragraph(self.doc, "{{ kg.dong }}", self.sizes.than, after_pt=6)
        for kind, indent, after in (("dau", lead, 0), ("tiep", under_colon, 0), ("cuoi", under_colon, 6)):
            self.tag(f'elif kg.loai == "{kind}"')
            line = paragraph(self.doc, "{{ kg.dong }}", self.sizes.than, align=WD_ALIGN_PARAGRAPH.LEFT, after_pt=after)
            line.paragraph_format.left_indent = indent
        self.tag("endif")
        self.tag("endfor")

    def footer(self, signer: tuple[list[str], str] | None = None, recipients: list[str] | None = None) -> None:
        """Ô 7 and 9b: Nơi nhận on the left, the signature on the right.

        By default both come from the context: the first row holds the signature and the
        recipients that fit beside it (`noi_nhan_dau`), never split, kept with the closing
        paragraph above it; a long list goes on one row per recipient (`noi_nhan_tiep`), which
        may flow onto the next page. A template for another signer (a class teacher, say) gives
        its lines here, in one row.
        """
        lay, s = self.layout, self.sizes
        left_mm = lay.text_width_mm * lay.footer_left_ratio
        table = _fixed_table(self.doc, [left_mm, lay.text_width_mm - left_mm], rows=1,
                             text_width_mm=lay.text_width_mm, pad_mm=0)
        nn, ky = table.cell(0, 0), table.cell(0, 1)
        _clear(nn)
        _clear(ky)
        label = paragraph(nn, "Nơi nhận:", s.noi_nhan_nhan, bold=True, italic=True,
                          align=WD_ALIGN_PARAGRAPH.LEFT)
        label.paragraph_format.keep_with_next = True
        if recipients is None:
            tag(nn, "for dong in noi_nhan_dau")
        for line in recipients or ["{{ dong }}"]:
            self._recipient(nn, line)
        if recipients is None:
            tag(nn, "endfor")
            self._more_recipients(table)
        lines, name = signer or (None, "{{ nguoi_ky.ho_ten }}")
        if lines is None:
            tag(ky, "for dong in nguoi_ky.dong")
            paragraph(ky, "{{ dong }}", s.ky, bold=True, keep_with_next=True)
            tag(ky, "endfor")
        for line in lines or []:
            paragraph(ky, line, s.ky, bold=True, keep_with_next=True)
        for _ in range(5):  # room for signature and seal (≈ 28 mm)
            paragraph(ky, "", s.ky, keep_with_next=True)
        paragraph(ky, name, s.ky, bold=True)

    def _recipient(self, cell: _Cell, line: str) -> None:
        entry = paragraph(cell, line, self.sizes.noi_nhan, align=WD_ALIGN_PARAGRAPH.LEFT)
        # Wrapped recipient lines align after "- ", as in the decree's own list.
        hang = Mm(text_width_mm("- ", self.sizes.noi_nhan))
        entry.paragraph_format.left_indent = hang
        entry.paragraph_format.first_line_indent = -hang

    def _more_recipients(self, table) -> None:
        """Rows after the signature's, one recipient each (`{%tr for %}`): a page may end between them."""
        rows = [_copy_row(table) for _ in range(3)]
        for row, statement in zip(rows, ("for dong in noi_nhan_tiep", None, "endfor")):
            left, right = row.cells
            _clear(left)
            _clear(right)
            if statement:
                paragraph(left, f"{{%tr {statement} %}}", 10, align=WD_ALIGN_PARAGRAPH.LEFT)
            else:
                self._recipient(left, "{{ dong }}")
            paragraph(right, "", self.sizes.noi_nhan)

    # the one template of every document kind (templates/van-ban.docx)

    def draft_mark(self) -> None:
        """`DỰ THẢO`, boxed, at the top right of page 1 of a draft; never on an issued document."""
        mark_drafts(self.doc, self.sizes.than)

    def cong_van_subject(self) -> None:
        """Ô 5b: a công văn's `V/v …` under Số, 6 pt lower, regular; no rule under it."""
        cell = self.doc.tables[0].cell(1, 0)
        tag(cell, "for dong in v_v")
        paragraph(cell, "{{ dong }}", self.sizes.so - 1, before_pt=0)
        tag(cell, "endfor")

    def title_block(self) -> None:
        """Tên loại, trích yếu and rule when the kind has a tên loại (a công văn has none); the
        authority line of a decision under them."""
        self.tag("if ten_loai")
        self.title()
        self.tag("endif")
        self.tag("if tham_quyen")
        paragraph(self.doc, "{{ tham_quyen }}", self.sizes.ten_loai, bold=True, before_pt=6, after_pt=6)
        self.tag("endif")

    def decision_line(self) -> None:
        """`QUYẾT ĐỊNH:` between the căn cứ lines and the articles."""
        self.tag("if quyet_dinh")
        paragraph(self.doc, "QUYẾT ĐỊNH:", self.sizes.ten_loai, bold=True, before_pt=6, after_pt=6,
                  keep_with_next=True)
        self.tag("endif")

    def blocks(self, items: str) -> None:
        """Ô 6 for any kind: phần and chương centred on two lines; mục, khoản with a title and điều labels bold; a table as built by `Layout.table`."""
        self.tag(f"for k in {items}")
        self.tag('if k.loai == "bang"')
        paragraph(self.doc, "{{p k.bang }}", 10)
        self.tag('elif k.loai in ("phan", "chuong")')
        paragraph(self.doc, "{{ k.nhan }}", self.sizes.than, bold=True, before_pt=6, keep_with_next=True)
        paragraph(self.doc, "{{ k.noi_dung }}", self.sizes.than, bold=True, after_pt=6, keep_with_next=True)
        self.tag('elif k.loai == "dieu"')
        p = self.body("{{ k.nhan }}", bold=True)
        set_fonts(rpr_of(p.add_run(" {{ k.noi_dung }}")._r), self.sizes.than)
        self.tag("elif k.dam")
        self.body("{{ k.dong }}", bold=True, keep_with_next=True)
        self.tag("else")
        self.body("{{ k.dong }}")
        self.tag("endif")
        self.tag("endfor")

    def annexes(self) -> None:
        """Phụ lục: each after a section break (own page numbering), label, title, `Kèm theo` line, rule, blocks."""
        s = self.sizes
        self.tag("for pl in phu_luc")
        paragraph(self.doc, "{{p pl.ngat }}", 10)
        self.tag("if pl.nhan")
        paragraph(self.doc, "{{ pl.nhan }}", s.ten_loai, bold=True, keep_with_next=True)
        self.tag("endif")
        paragraph(self.doc, "{{ pl.ten }}", s.ten_loai, bold=True, keep_with_next=True)
        paragraph(self.doc, "{{ pl.kem_theo }}", s.than, italic=True, keep_with_next=True)
        paragraph(self.doc, "{{p pl.gach }}", 10)
        self.blocks("pl.noi_dung")
        paragraph(self.doc, "{{p pl.ket }}", 10)  # the end of a landscape last annex
        self.tag("endfor")
        # The last section is the last annex's (or the document's): numbered from 1 either way.
        restart_numbering(self.doc.sections[-1]._sectPr, True)

    def save(self, path) -> None:
        self.doc.save(path)


DRAFT_MARK = "DỰ THẢO"


def mark_drafts(doc: DocumentType, size: float = 14) -> None:
    """Give a template the boxed `DỰ THẢO` of drafts (`{%p if du_thao %}`), at the top right of page 1,
    and the state property (`{{ trang_thai }}`). Page 1 gets a header of its own when it has none:
    a copy of the running header and footer, so nothing else on it changes."""
    section = doc.sections[0]
    if not section.different_first_page_header_footer:
        section.different_first_page_header_footer = True
        _copy_story(section.header, section.first_page_header)
        _copy_story(section.footer, section.first_page_footer)
    header = section.first_page_header
    first = header.paragraphs[0] if header.paragraphs else paragraph(header, "", size)
    opening = tag(header, "if du_thao")
    mark = paragraph(header, DRAFT_MARK, size, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    box = mark._p.get_or_add_pPr().get_or_add_pBdr()
    for edge in ("top", "left", "bottom", "right"):
        set_attrs(getattr(box, f"get_or_add_{edge}")(), val="single", sz=6, space=1, color="000000")
    # The template's section sets its page and margins (Layout writes them).
    assert section.page_width is not None and section.left_margin is not None and section.right_margin is not None
    width = section.page_width - section.left_margin - section.right_margin
    mark.paragraph_format.left_indent = width - Mm(40)
    closing = tag(header, "endif")
    for p in (opening, mark, closing):  # above what the header holds, which prints either way
        first._p.addprevious(p._p)
    doc.core_properties.comments = "{{ trang_thai }}"  # docxtpl renders this property


def _copy_story(source, target) -> None:
    """The blocks of a header or footer into another, with the pictures and links they refer to."""
    if not source._has_definition:
        return
    target_el = target._element
    for child in list(target_el):
        target_el.remove(child)
    rel_ids: dict[str, str] = {}
    for child in source._element:
        copied = deepcopy(child)
        for element in copied.iter():
            for name, value in element.attrib.items():
                if name.startswith(f"{{{_R}}}") and value in source.part.rels:
                    rel_ids.setdefault(value, _relate(source.part.rels[value], target.part))
                    element.set(name, rel_ids[value])
        target_el.append(copied)


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _relate(rel, part) -> str:
    return part.relate_to(rel.target_ref, rel.reltype, is_external=True) if rel.is_external \
        else part.relate_to(rel.target_part, rel.reltype)


def _page_field(p: Paragraph, size: float) -> None:
    """A PAGE field, so Word and LibreOffice number the pages themselves."""
    def run_with(child):
        run = p.add_run()
        set_fonts(rpr_of(run._r), size)
        run._r.append(child)
    begin, end = OxmlElement("w:fldChar"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    end.set(qn("w:fldCharType"), "end")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    for child in (begin, instr, separate):
        run_with(child)
    number = p.add_run("2")
    set_fonts(rpr_of(number._r), size)
    run_with(end)


def _copy_row(table):
    """A new last row of `table` shaped like its first (widths, cantSplit), empty."""
    tr = deepcopy(table.rows[0]._tr)
    table._tbl.append(tr)
    return table.rows[-1]


def _clear(cell: _Cell) -> None:
    """Remove a new cell's empty paragraph; blocks are appended after."""
    for p in cell._tc.findall(qn("w:p")):
        cell._tc.remove(p)


def _fixed_table(doc: DocumentType, widths_mm: list[float], rows: int, text_width_mm: float,
                 pad_mm: float, borders: str = "nil"):
    """A borderless fixed-width table, centred on the text area (it may overhang the margins a little)."""
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False  # a fixed layout
    tbl_pr = table._tbl.tblPr
    set_attrs(tbl_pr.get_or_add_tblW(), w=_twips(sum(widths_mm)), type="dxa")
    set_attrs(tbl_pr.get_or_add_tblInd(), w=_twips((text_width_mm - sum(widths_mm)) / 2), type="dxa")
    edges = tbl_pr.get_or_add_tblBorders()
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = getattr(edges, f"get_or_add_{edge}")()
        set_attrs(line, val=borders)
        if borders != "nil":
            set_attrs(line, sz=4, color="000000")
    margins = tbl_pr.get_or_add_tblCellMar()
    for edge in ("left", "right"):
        set_attrs(getattr(margins, f"get_or_add_{edge}")(), w=_twips(pad_mm), type="dxa")
    for i, col in enumerate(table.columns):
        col.width = Mm(widths_mm[i])
    for row in table.rows:
        row._tr.get_or_add_trPr().get_or_add_cantSplit()
        for i, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[i])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return table
