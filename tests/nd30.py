"""Reading a generated .docx back and checking it against the NĐ 30/2020 format rules (the spec)."""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from pipeline.metrics import text_width_mm

TNR = "Times New Roman"
TWIP_MM = 25.4 / 1440


def text(doc: Document) -> str:
    """All visible text of the body, tables included, one paragraph a line."""
    return "\n".join(p.text for p in iter_paragraphs(doc))


def iter_paragraphs(doc: Document):
    body = doc.element.body
    for p in body.iter(qn("w:p")):
        from docx.text.paragraph import Paragraph
        yield Paragraph(p, doc)


def all_runs(doc: Document):
    parts = [doc.element.body]
    for section in doc.sections:
        for hf in (section.header, section.first_page_header, section.footer):
            if hf._has_definition:
                parts.append(hf._element)
    for part in parts:
        yield from part.iter(qn("w:r"))


def assert_fonts(doc: Document) -> None:
    """Times New Roman in every slot of every run, black text."""
    for r in all_runs(doc):
        if r.find(qn("w:t")) is None:
            continue
        fonts = r.find(qn("w:rPr")).find(qn("w:rFonts"))
        for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
            assert fonts.get(qn(f"w:{slot}")) == TNR, (slot, "".join(r.itertext()))
        color = r.find(qn("w:rPr")).find(qn("w:color"))
        assert color is None or color.get(qn("w:val")) in ("000000", "auto")


def assert_page(doc: Document, margins=(20, 20, 30, 15)) -> None:
    s = doc.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.5) and abs(s.page_height - Mm(297)) < Mm(0.5)
    for got, want in zip((s.top_margin, s.bottom_margin, s.left_margin, s.right_margin), margins):
        assert abs(got - Mm(want)) < Mm(0.1), (got.mm, want)


def run_of(paragraph):
    runs = [r for r in paragraph.runs if r.text.strip()]
    assert runs, f"no text in paragraph {paragraph.text!r}"
    return runs[0]


def assert_style(paragraph, size, bold=False, italic=False, align=None):
    for r in (r for r in paragraph.runs if r.text.strip()):
        assert r.font.size == Pt(size), (paragraph.text, r.font.size.pt if r.font.size else None, size)
        assert bool(r.font.bold) == bold, (paragraph.text, "bold")
        assert bool(r.font.italic) == italic, (paragraph.text, "italic")
    if align is not None:
        assert paragraph.alignment == align, (paragraph.text, paragraph.alignment)


def texts(cell):
    return [p for p in cell.paragraphs if p.text.strip()]


def rule_width_mm(paragraph, box_mm) -> float | None:
    """Length of the bottom-border rule of an empty paragraph centred in a box of `box_mm`."""
    ppr = paragraph._p.pPr
    if ppr is None or ppr.find(qn("w:pBdr")) is None:
        return None
    bottom = ppr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "single" and bottom.get(qn("w:color")) == "000000"
    ind = ppr.find(qn("w:ind"))
    left, right = int(ind.get(qn("w:left"))), int(ind.get(qn("w:right")))
    return box_mm - (left + right) * TWIP_MM


def cell_inner_mm(cell) -> float:
    tbl = cell._tc.getparent().getparent()
    pad = tbl.tblPr.find(qn("w:tblCellMar"))
    side = sum(int(pad.find(qn(f"w:{e}")).get(qn("w:w"))) for e in ("left", "right")) if pad is not None else 0
    return cell.width.mm - side * TWIP_MM


def rules_in(cell):
    box = cell_inner_mm(cell)
    return [w for p in cell.paragraphs if (w := rule_width_mm(p, box)) is not None]


def assert_header(doc: Document, *, chu_quan: str, ten: str, so_line: str, date_line: str,
                  sizes=(13, 13, 13, 13, 14, 14)) -> None:
    """Ô 1–4 (profile A sizes by default: chủ quản, tên, số, Quốc hiệu, Tiêu ngữ, ngày)."""
    s_cq, s_ten, s_so, s_qh, s_tn, s_ngay = sizes
    table = doc.tables[0]
    assert len(table.rows) == 2 and len(table.columns) == 2
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(b.get(qn("w:val")) in ("nil", "none") for b in borders)
    left, right = texts(table.cell(0, 0)), texts(table.cell(0, 1))
    assert [p.text for p in left] == [chu_quan, ten]
    assert_style(left[0], s_cq, align=WD_ALIGN_PARAGRAPH.CENTER)
    assert_style(left[1], s_ten, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    (name_rule,) = rules_in(table.cell(0, 0))
    name_width = text_width_mm(ten, s_ten, bold=True)
    assert name_width / 3 <= name_rule <= name_width / 2, (name_rule, name_width)
    assert [p.text for p in right] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert_style(right[0], s_qh, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    assert_style(right[1], s_tn, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    (motto_rule,) = rules_in(table.cell(0, 1))
    assert abs(motto_rule - text_width_mm(right[1].text, s_tn, bold=True)) < 1
    # Quốc hiệu and the date line each fit on one printed line.
    inner = cell_inner_mm(table.cell(0, 1))
    assert text_width_mm(right[0].text, s_qh, bold=True) < inner
    (so_p,) = texts(table.cell(1, 0))
    (date_p,) = texts(table.cell(1, 1))
    assert so_p.text == so_line
    assert_style(so_p, s_so, align=WD_ALIGN_PARAGRAPH.CENTER)
    assert date_p.text == date_line
    assert_style(date_p, s_ngay, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    assert text_width_mm(date_line, s_ngay, italic=True) < cell_inner_mm(table.cell(1, 1))


def body_paragraphs(doc: Document):
    """Paragraphs of the body outside tables."""
    return [p for p in doc.paragraphs if p.text.strip()]


def title_lines(doc: Document) -> list:
    """The trích yếu as printed: its lines (one paragraph each) under the tên loại, up to its rule."""
    paras = body_paragraphs(doc)
    every = doc.paragraphs
    i = [p._p for p in every].index(paras[1]._p)
    lines = []
    while every[i].text.strip():
        lines.append(every[i])
        i += 1
    return lines


def after_title(doc: Document) -> list:
    """The body's paragraphs after the tên loại and the trích yếu's lines."""
    return body_paragraphs(doc)[1 + len(title_lines(doc)):]


def assert_title(doc: Document, ten_loai: str, trich_yeu: str) -> None:
    paras = body_paragraphs(doc)
    lines = title_lines(doc)
    assert paras[0].text == ten_loai and " ".join(p.text for p in lines) == trich_yeu
    for p in [paras[0], *lines]:
        assert_style(p, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    rule_p = doc.paragraphs[[p._p for p in doc.paragraphs].index(lines[-1]._p) + 1]
    text_mm = doc.sections[0].page_width.mm - doc.sections[0].left_margin.mm - doc.sections[0].right_margin.mm
    width = rule_width_mm(rule_p, text_mm)
    line = max(text_width_mm(p.text, 14, bold=True) for p in lines)
    assert line <= text_mm, "a trích yếu line is wider than the text: it would wrap"
    assert width is not None and line / 3 <= width <= line / 2, (width, line)


def assert_body_paragraph(p, size=14) -> None:
    fmt = p.paragraph_format
    assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY, p.text
    assert Cm(1) - 100 <= fmt.first_line_indent <= Cm(1.27) + 100, p.text
    assert fmt.space_after >= Pt(6), p.text
    assert fmt.line_spacing is None or 1.0 <= fmt.line_spacing <= 1.5, p.text
    for r in (r for r in p.runs if r.text.strip()):
        assert r.font.size == Pt(size)


def footer_table(doc: Document):
    """The Nơi nhận / signature table (annexes may follow it)."""
    return next(t for t in reversed(doc.tables) if texts(t.cell(0, 0))[:1] and
                texts(t.cell(0, 0))[0].text == "Nơi nhận:")


def assert_footer(doc: Document, noi_nhan: list[str], signer: list[str], ho_ten: str) -> None:
    table = footer_table(doc)
    # A long list goes on below the signature's row, one recipient a row.
    left, right = [p for row in table.rows for p in texts(row.cells[0])], texts(table.cell(0, 1))
    assert left[0].text == "Nơi nhận:"
    assert_style(left[0], 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    lines = [p.text for p in left[1:]]
    assert lines == noi_nhan
    for p in left[1:]:
        assert_style(p, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    assert all(line.startswith("- ") and line.endswith(";") for line in lines[:-1])
    assert lines[-1].startswith("- Lưu: VT") and lines[-1].endswith(".")
    assert [p.text for p in right] == signer + [ho_ten]
    for p in right:
        assert_style(p, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    # The signature space: empty lines between the title lines and the name.
    gap = [p for p in table.cell(0, 1).paragraphs if not p.text.strip()]
    assert len(gap) >= 3
    for row in table.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None


def assert_page_numbers(doc: Document, draft: bool = False) -> None:
    """No number on page 1 (a draft's carries only its `DỰ THẢO` mark there), the PAGE field centred above."""
    s = doc.sections[0]
    assert s.different_first_page_header_footer
    assert "".join(p.text for p in s.first_page_header.paragraphs).strip() == ("DỰ THẢO" if draft else "")
    header = s.header._element
    assert " PAGE " in [t.text for t in header.iter(qn("w:instrText"))]
    (p,) = s.header.paragraphs
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER


def assert_cong_van_header(doc: Document, *, so_line: str, v_v: str) -> None:
    """Ô 4/5b of a công văn: `Số: …/THCSKB-VP`, then `V/v …` 6 pt lower, regular, centred; no rule."""
    cell = doc.tables[0].cell(1, 0)
    so_p, *subject = texts(cell)
    assert so_p.text == so_line
    assert_style(so_p, 13, align=WD_ALIGN_PARAGRAPH.CENTER)
    assert " ".join(p.text for p in subject) == v_v
    for p in subject:
        assert_style(p, 12, align=WD_ALIGN_PARAGRAPH.CENTER)
    assert not rules_in(cell)


def assert_kinh_gui(doc: Document, lines: list[str]) -> None:
    """Ô 9a: one recipient on the Kính gửi line; several one a line, `;` between, `.` last."""
    paras = [p.text for p in body_paragraphs(doc)]
    start = next(i for i, t in enumerate(paras) if t.startswith("Kính gửi:"))
    assert paras[start:start + len(lines)] == lines


def assert_decision(doc: Document, authority: str, articles: int) -> None:
    """Mẫu 1.2: the authority line in capitals, bold, centred, before the căn cứ; `QUYẾT ĐỊNH:` before
    Điều 1; article labels bold, their text regular; the last article ends with `./.`."""
    paras = body_paragraphs(doc)
    names = [p.text for p in paras]
    i = names.index(authority)
    assert_style(paras[i], 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    assert names[i + 1].startswith("Căn cứ")
    d = names.index("QUYẾT ĐỊNH:")
    assert_style(paras[d], 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    labels = [p for p in paras if p.text.startswith("Điều ")]
    assert [p.text.split(".")[0] for p in labels] == [f"Điều {n}" for n in range(1, articles + 1)]
    assert names.index(labels[0].text) == d + 1
    for p in labels:
        label, rest = p.runs[0], p.runs[1:]
        assert label.font.bold and label.text.startswith("Điều ")
        assert all(not r.font.bold for r in rest if r.text.strip())
        assert_body_paragraph(p)
    assert labels[-1].text.endswith("./.")


def sections_with_restart(doc: Document) -> list[bool]:
    """For each section, whether its page numbers restart at 1."""
    out = []
    for sect in doc.element.body.iter(qn("w:sectPr")):
        numbering = sect.find(qn("w:pgNumType"))
        out.append(numbering is not None and numbering.get(qn("w:start")) == "1")
    return out


def assert_data_table(table, titles: list[str], size: float = 13) -> None:
    """§5.4: header row bold, centred and repeated on every page; rows never split; within the text width."""
    header = table.rows[0]
    assert [c.text for c in header.cells] == titles
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    for row in table.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    for cell in header.cells:
        for p in texts(cell):
            assert_style(p, size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for row in table.rows[1:]:
        for cell in row.cells:
            for p in texts(cell):
                assert_style(p, size)
    widths = sum(cell.width.mm for cell in header.cells)
    assert widths <= 165.5, widths
