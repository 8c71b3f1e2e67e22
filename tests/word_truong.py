"""Word documents as clerks of other schools type them (python-docx only, no vanthu code): the header
as a borderless table or one with its borders switched off, typed with tabs, or drawn in two text
boxes; a công văn with V/v, a decision with «QUYẾT ĐỊNH:» and Điều, a plan numbered by Word's automatic
list numbering (I., 1., a)), a report with a data table, Nơi nhận beside the signature or below it,
page numbers from a PAGE field, a landscape annex section. And the faults a careful clerk catches,
planted into them (including in the automatic numbering and the text boxes)."""

from __future__ import annotations

import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from word_tay import NS, _line_shape, find, paragraphs, set_fonts
from word_tay import _retext as _retext_paragraph

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FILLER = ("Nhà trường triển khai đầy đủ các nội dung, bảo đảm chất lượng và tiến độ, báo cáo kết quả về cấp trên "
          "đúng thời hạn quy định. ")


def _font_everywhere(doc, name: str = "Times New Roman", size: float = 14) -> None:
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = name, Pt(size)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(qn(f"w:{slot}"), name)


def _run(p, text, size=None, bold=False, italic=False):
    r = p.add_run(text)
    if size:
        r.font.size = Pt(size)
    r.bold, r.italic = bold or None, italic or None
    return r


def _para(container, text="", size=None, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER, after=0,
          before=0, reuse=False):
    p = container.paragraphs[0] if reuse else container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after, p.paragraph_format.space_before = Pt(after), Pt(before)
    if text:
        _run(p, text, size, bold, italic)
    return p


def _page_field(section, simple: bool) -> None:
    """Page numbers centred in the header from page 2: Insert › Page Number, or a field typed with Ctrl+F9."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if simple:
        p._p.append(parse_xml(f'<w:fldSimple {W} w:instr=" PAGE \\* MERGEFORMAT "><w:r><w:rPr><w:sz w:val="28"/>'
                              f'</w:rPr><w:t>2</w:t></w:r></w:fldSimple>'))
        return
    for xml in (f'<w:fldChar {W} w:fldCharType="begin"/>', f'<w:instrText {W} xml:space="preserve"> PAGE </w:instrText>',
                f'<w:fldChar {W} w:fldCharType="separate"/>', f'<w:t {W}>2</w:t>', f'<w:fldChar {W} w:fldCharType="end"/>'):
        r = p.add_run()
        r.font.size = Pt(14)
        r._r.append(parse_xml(xml))


def _no_borders(table) -> None:
    """Table Grid with Borders › No Border: every edge switched off on the table itself."""
    tbl_pr = table._tbl.tblPr
    edges = "".join(f'<w:{e} w:val="nil"/>' for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tbl_pr.append(parse_xml(f'<w:tblBorders {W}>{edges}</w:tblBorders>'))


def _widths(table, widths_mm) -> None:
    table.autofit = False
    for col, w in zip(table.columns, widths_mm):
        col.width = Mm(w)
        for cell in col.cells:
            cell.width = Mm(w)


# --- automatic numbering ---------------------------------------------------------------------------

def _numbering_part(doc):
    return doc.part.numbering_part.element


def add_list(doc, formats=(("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")), abstract_id=10,
             bold: bool = False) -> int:
    """A multilevel list (Home › Multilevel List): its abstractNum and one num; returns the numId."""
    numbering = _numbering_part(doc)
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    levels = "".join(
        f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="720"/></w:pPr>{rpr}</w:lvl>'
        for n, (fmt, text) in enumerate(formats))
    abstract = parse_xml(f'<w:abstractNum {W} w:abstractNumId="{abstract_id}"><w:multiLevelType '
                         f'w:val="multilevel"/>{levels}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return add_num(doc, abstract_id)


def add_num(doc, abstract_id: int, start_override: dict[int, int] | None = None) -> int:
    numbering = _numbering_part(doc)
    num_id = max([int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))] + [0]) + 1
    overrides = "".join(f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                        for lvl, v in (start_override or {}).items())
    numbering.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                               f'{overrides}</w:num>'))
    return num_id


def set_num(p, num_id: int, level: int) -> None:
    ppr = p._p.get_or_add_pPr()
    old = ppr.find(qn("w:numPr"))
    if old is not None:
        ppr.remove(old)
    num_pr = parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, num_pr)


# --- text boxes -------------------------------------------------------------------------------------

def _text_box(anchor_p, lines, x_mm: float, width_mm: float, box_id: int) -> None:
    """A text box (Insert › Text Box, no outline) holding `lines` [(text, size, bold, italic, rule_mm)],
    anchored in `anchor_p`, in Word 2010's form with its VML fallback as Word writes it."""
    cx, cy = int(width_mm * 36000), int(32 * 36000)
    body = ""
    for text, size, bold, italic, rule in lines:
        rpr = f'<w:rPr>{"<w:b/>" if bold else ""}{"<w:i/>" if italic else ""}<w:sz w:val="{int(size * 2)}"/></w:rPr>'
        shape = ""
        body += (f'<w:p><w:pPr><w:spacing w:after="0"/><w:jc w:val="center"/></w:pPr><w:r>{rpr}'
                 f'<w:t xml:space="preserve">{text}</w:t></w:r>{shape}</w:p>')
        if rule:
            body += (f'<w:p><w:pPr><w:spacing w:after="0" w:line="120" w:lineRule="exact"/><w:pBdr><w:top w:val="single" '
                     f'w:sz="6" w:space="1" w:color="000000"/></w:pBdr><w:ind w:left="{int((width_mm - rule) / 2 * 56.7)}" '
                     f'w:right="{int((width_mm - rule) / 2 * 56.7)}"/><w:jc w:val="center"/></w:pPr></w:p>')
    xml = f"""<w:r {NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
      xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
      <wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="{box_id}" behindDoc="0"
       locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
      <wp:positionH relativeFrom="margin"><wp:posOffset>{int(x_mm * 36000)}</wp:posOffset></wp:positionH>
      <wp:positionV relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionV>
      <wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>
      <wp:docPr id="{box_id}" name="Text Box {box_id}"/><wp:cNvGraphicFramePr/>
      <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>
      <wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
      <a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>
      <wps:txbx><w:txbxContent>{body}</w:txbxContent></wps:txbx>
      <wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t"/></wps:wsp>
      </a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>
      <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"
       xmlns:o="urn:schemas-microsoft-com:office:office"/>
      <v:shape id="Text Box {box_id}" type="#_x0000_t202" style="position:absolute;margin-left:{x_mm}mm;width:{width_mm}mm;height:32mm"
       filled="f" stroked="f"><v:textbox inset="0,0,0,0"><w:txbxContent>{body}</w:txbxContent></v:textbox></v:shape>
      </w:pict></mc:Fallback></mc:AlternateContent></w:r>"""
    anchor_p._p.append(parse_xml(xml))


# --- the documents ----------------------------------------------------------------------------------

SCHOOL = ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "HUYỆN CỦ CHI")  # a managing body on two lines
NAME = "TRƯỜNG THCS TÂN THẠNH TÂY"
PLACE = "Củ Chi, ngày 05 tháng 9 năm 2026"


def _header_table(doc, so: str, v_v: str | None, borders_off: bool) -> None:
    table = doc.add_table(rows=2, cols=2, style="Table Grid" if borders_off else None)
    if borders_off:
        _no_borders(table)
    _widths(table, (70, 105))
    left, right = table.cell(0, 0), table.cell(0, 1)
    for n, line in enumerate(SCHOOL):
        _para(left, line, 12, reuse=n == 0)
    name = _para(left, NAME, 12, bold=True)
    _line_shape(name, 28, 21)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True, reuse=True)
    motto = _para(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    _line_shape(motto, 60.5, 22)
    _para(table.cell(1, 0), so, 13, reuse=True, before=6)
    if v_v:
        _para(table.cell(1, 0), v_v, 13)
    _para(table.cell(1, 1), PLACE, 14, italic=True, reuse=True, before=6)


def _header_tabs(doc, so: str) -> None:
    """The header typed with tabs on centred tab stops; the rules drawn as line shapes in empty lines."""
    def line(left, right, rb=True, rs=13, ri=False, ls=12, lb=False):
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.LEFT)
        stops = p.paragraph_format.tab_stops
        stops.add_tab_stop(Mm(37), WD_ALIGN_PARAGRAPH.CENTER)
        stops.add_tab_stop(Mm(120), WD_ALIGN_PARAGRAPH.CENTER)
        if left:
            _run(p, "\t" + left, ls, lb)
        if right:
            _run(p, "\t" + right if left else "\t\t" + right, rs, rb, ri)
        return p
    line(SCHOOL[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    line(SCHOOL[1], "Độc lập - Tự do - Hạnh phúc", rs=14)
    rules = line(NAME, None, lb=True)
    del rules
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.LEFT)
    from word_tay import _vml_line
    _vml_line(p, 24, 28)
    _vml_line(p, 90, 60.5)
    line(so, PLACE, rb=False, rs=14, ri=True, ls=13)


def _header_boxes(doc, so: str, v_v: str | None, date_in_boxes: bool = True) -> None:
    """The header drawn in two text boxes side by side, anchored in the first (empty) paragraph; the Số and
    date lines in them, or typed with tabs under them."""
    anchor = _para(doc, align=WD_ALIGN_PARAGRAPH.LEFT)
    _text_box(anchor, [(SCHOOL[0], 12, False, False, 0), (SCHOOL[1], 12, False, False, 0),
                       (NAME, 12, True, False, 28)] + [(so, 13, False, False, 0)] * date_in_boxes
              + [(v_v, 12, False, False, 0)] * bool(date_in_boxes and v_v), 0, 66, 31)
    _text_box(anchor, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, True, False, 0),
                       ("Độc lập - Tự do - Hạnh phúc", 14, True, False, 60.5)]
              + [(PLACE, 14, False, True, 0)] * date_in_boxes, 67, 100, 32)
    if not date_in_boxes:
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.LEFT, before=6)
        stops = p.paragraph_format.tab_stops
        stops.add_tab_stop(Mm(33), WD_ALIGN_PARAGRAPH.CENTER)
        stops.add_tab_stop(Mm(117), WD_ALIGN_PARAGRAPH.CENTER)
        _run(p, "\t" + so, 13)
        _run(p, "\t" + PLACE, 14, italic=True)
        if v_v:
            p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
            p.paragraph_format.right_indent = Mm(95)
            _run(p, v_v, 12)


def _body(doc, text, bold=False, italic=False, line=1.15, numbered=None):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.MULTIPLE, line
    if numbered is None:
        fmt.first_line_indent = Cm(1)
    else:
        set_num(p, *numbered)
    if text.startswith("Điều ") and ". " in text[:10]:
        label, rest = text.split(". ", 1)
        _run(p, label + ".", bold=True)
        _run(p, " " + rest)
    else:
        _run(p, text, bold=bold, italic=italic)
    return p


def _centred(doc, text, bold=True, before=0, after=0, size=None):
    return _para(doc, text, size, bold=bold, before=before, after=after)


def _footer_table(doc, noi_nhan, ky, name) -> None:
    table = doc.add_table(rows=1, cols=2)
    _widths(table, (80, 90))
    left, right = table.cell(0, 0), table.cell(0, 1)
    _para(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, reuse=True)
    for line in noi_nhan:
        _para(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for n, line in enumerate(ky):
        _para(right, line, 14, bold=True, reuse=n == 0)
    for _ in range(4):
        _para(right, "", 14)
    _para(right, name, 14, bold=True)


def _footer_below(doc, noi_nhan, ky, name) -> None:
    """The signature as centred lines pushed right by an indent, Nơi nhận typed under it at the left."""
    def right(text, bold=True):
        p = _para(doc, text, 14, bold=bold)
        p.paragraph_format.left_indent = Mm(80)
        return p
    for line in ky:
        right(line)
    for _ in range(3):
        right("", False)
    right(name)
    _para(doc, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6)
    for line in noi_nhan:
        _para(doc, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)


def _setup(doc, margins=(20, 20, 30, 15)) -> None:
    _font_everywhere(doc)
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = (Mm(m) for m in margins)


KINDS = ("cv", "qd", "kh", "bc")


def build(path, kind: str, header: str = "bang", footer: str = "bang", field: str = "phuc",
          auto_dieu: bool = False) -> None:
    """A well-made document of `kind` (cv, qd, kh, bc) typed as other schools type them. `header`: bang
    (borderless table), vien_tat (Table Grid, borders switched off), tab (typed with tabs), hop (text boxes);
    `footer`: bang (Nơi nhận left of the signature) or duoi (Nơi nhận below it); `field`: phuc (a PAGE field
    of fldChar runs) or don (fldSimple)."""
    doc = Document()
    _setup(doc, (25, 20, 35, 20) if kind == "bc" else (20, 20, 30, 15))
    _page_field(doc.sections[0], simple=field == "don")
    code = {"cv": "THCSTTT-CM", "qd": "QĐ-THCSTTT", "kh": "KH-THCSTTT", "bc": "BC-THCSTTT"}[kind]
    so = f"Số: {'128' if kind == 'cv' else '09'}/{code}"
    v_v = "V/v cử giáo viên dự tập huấn đổi mới phương pháp dạy học" if kind == "cv" else None
    if header == "tab":
        _header_tabs(doc, so)
    elif header in ("hop", "hop_tab"):
        _header_boxes(doc, so, v_v, date_in_boxes=header == "hop")
    else:
        _header_table(doc, so, v_v, borders_off=header == "vien_tat")
    ky, noi_nhan = ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"], ["- Phòng GDĐT huyện Củ Chi;", "- Lưu: VT, CM."]
    if kind == "cv":
        _centred(doc, "Kính gửi: Trường Bồi dưỡng giáo dục huyện Củ Chi", bold=False, before=12, after=6)
        for n in range(3):
            _body(doc, f"Thực hiện kế hoạch bồi dưỡng thường xuyên năm học 2026 - 2027 đợt {n + 1}. " + FILLER * 3)
        dashes = add_list(doc, (("bullet", "-"),), abstract_id=12)  # the dash items of the decree, as a bullet list
        for who in ("Tổ Toán - Tin: 02 giáo viên;", "Tổ Ngữ văn: 02 giáo viên."):
            _body(doc, who, numbered=(dashes, 0))
        _body(doc, "Trân trọng./.")
        noi_nhan = ["- Như trên;", "- Lưu: VT."]
        ky = ["HIỆU TRƯỞNG"]
    elif kind == "qd":
        _centred(doc, "QUYẾT ĐỊNH", before=12)
        title = _centred(doc, "Về việc ban hành Quy chế chi tiêu nội bộ năm 2026")
        _line_shape(title, 50, 23)
        _centred(doc, "", bold=False, after=6)
        _centred(doc, "HIỆU TRƯỞNG TRƯỜNG THCS TÂN THẠNH TÂY", after=6)
        for line in ("Căn cứ Nghị định số 60/2021/NĐ-CP ngày 21 tháng 6 năm 2021 của Chính phủ quy định cơ chế tự "
                     "chủ tài chính của đơn vị sự nghiệp công lập;",
                     "Theo đề nghị của Tổ trưởng Tổ Văn phòng."):
            _body(doc, line, italic=True)
        _centred(doc, "QUYẾT ĐỊNH:", before=6, after=6)
        articles = ("Ban hành kèm theo Quyết định này Quy chế chi tiêu nội bộ năm 2026. " + FILLER,
                    "Quyết định có hiệu lực kể từ ngày ký. " + FILLER * 4,
                    "Tổ Văn phòng, các tổ chuyên môn và cá nhân có liên quan chịu trách nhiệm thi hành Quyết định "
                    "này./.")
        num = add_list(doc, (("decimal", "Điều %1."),), abstract_id=11, bold=True) if auto_dieu else None
        for n, text in enumerate(articles, 1):
            _body(doc, text, numbered=(num, 0)) if num else _body(doc, f"Điều {n}. {text}")
        noi_nhan = ["- Như Điều 3;", "- Lưu: VT."]
        ky = ["HIỆU TRƯỞNG"]
    elif kind == "kh":
        _centred(doc, "KẾ HOẠCH", before=12)
        title = _centred(doc, "Tổ chức Hội khỏe Phù Đổng cấp trường năm học 2026 - 2027")
        _line_shape(title, 55, 23)
        _centred(doc, "", bold=False, after=6)
        num = add_list(doc)
        _body(doc, "MỤC ĐÍCH, YÊU CẦU", bold=True, numbered=(num, 0))
        _body(doc, "Mục đích", bold=True, numbered=(num, 1))
        _body(doc, "Phát triển phong trào thể dục thể thao trong học sinh. " + FILLER * 2)
        _body(doc, "Yêu cầu", bold=True, numbered=(num, 1))
        _body(doc, "Tổ chức an toàn, tiết kiệm, đúng điều lệ. " + FILLER, numbered=(num, 2))
        _body(doc, "Thu hút đông đảo học sinh tham gia. " + FILLER, numbered=(num, 2))
        _body(doc, "NỘI DUNG", bold=True, numbered=(num, 0))
        _body(doc, "Thời gian, địa điểm", bold=True, numbered=(num, 1))
        _body(doc, "Từ ngày 12 tháng 10 đến ngày 16 tháng 10 năm 2026 tại sân trường. " + FILLER * 3)
        _body(doc, "Môn thi đấu", bold=True, numbered=(num, 1))
        _body(doc, "Điền kinh, bóng đá mini, cầu lông, cờ vua. " + FILLER * 3)
        _body(doc, "TỔ CHỨC THỰC HIỆN", bold=True, numbered=(num, 0))
        _body(doc, "Giáo viên Thể dục chủ trì; các giáo viên chủ nhiệm phối hợp thực hiện. " + FILLER + "./.")
    else:
        _centred(doc, "BÁO CÁO", before=12)
        title = _centred(doc, "Kết quả kiểm tra nội bộ học kỳ I năm học 2026 - 2027")
        _line_shape(title, 55, 23)
        _centred(doc, "", bold=False, after=6)
        _body(doc, "I. KẾT QUẢ KIỂM TRA", bold=True)
        _body(doc, "Trong học kỳ I, nhà trường đã kiểm tra các nội dung sau. " + FILLER)
        data = doc.add_table(rows=4, cols=3, style="Table Grid")
        for r, row in enumerate((("STT", "Nội dung", "Số lượt"), ("1", "Hoạt động sư phạm", "12"),
                                 ("2", "Hồ sơ chuyên môn", "20"), ("3", "Chuyên đề", "6"))):
            for c, text in enumerate(row):
                _para(data.cell(r, c), text, 13, bold=r == 0, reuse=True)
        _body(doc, "II. ĐÁNH GIÁ CHUNG", bold=True)
        _body(doc, "1. Ưu điểm: giáo viên thực hiện đúng quy chế chuyên môn. " + FILLER * 3)
        _body(doc, "2. Hạn chế: một số hồ sơ còn chậm cập nhật. " + FILLER * 3)
        _body(doc, "III. KIẾN NGHỊ", bold=True)
        _body(doc, "Đề nghị các tổ chuyên môn khắc phục hạn chế trong học kỳ II./.")
        noi_nhan = ["- Phòng GDĐT huyện Củ Chi;", "- Lưu: VT."]
    (_footer_below if footer == "duoi" else _footer_table)(doc, noi_nhan, ky, "Lê Văn Tâm")
    if kind == "bc":
        _annex(doc)
    doc.save(str(path))


def _annex(doc) -> None:
    """A landscape section for a wide annex table, as Layout › Breaks › Next Page then Orientation gives."""
    new = doc.add_section()
    new.orientation = WD_ORIENT.LANDSCAPE
    new.page_width, new.page_height = Mm(297), Mm(210)
    new.top_margin, new.bottom_margin, new.left_margin, new.right_margin = Mm(30), Mm(15), Mm(20), Mm(20)
    _centred(doc, "Phụ lục")
    _centred(doc, "DANH SÁCH GIÁO VIÊN ĐƯỢC KIỂM TRA")
    _para(doc, "(Kèm theo Báo cáo số 09/BC-THCSTTT ngày 05 tháng 9 năm 2026 của Trường THCS Tân Thạnh Tây)",
          italic=True, after=6)
    data = doc.add_table(rows=2, cols=4, style="Table Grid")
    for c, text in enumerate(("STT", "Họ và tên", "Tổ", "Xếp loại")):
        _para(data.cell(0, c), text, 13, bold=True, reuse=True)
    for c, text in enumerate(("1", "Nguyễn Thị Hoa", "Toán", "Tốt")):
        _para(data.cell(1, c), text, 13, reuse=True)


# name → builder arguments: the clean documents
CLEAN = {
    "cv-bang": ("cv", {}),
    "cv-vien-tat": ("cv", {"header": "vien_tat", "field": "don"}),
    "qd-tab": ("qd", {"header": "tab"}),
    "qd-bang-duoi": ("qd", {"footer": "duoi"}),
    "qd-dieu-tu-dong": ("qd", {"auto_dieu": True, "header": "vien_tat"}),
    "kh-tu-dong": ("kh", {}),
    "kh-hop": ("kh", {"header": "hop", "field": "don"}),
    "cv-hop-tab": ("cv", {"header": "hop_tab", "footer": "duoi"}),
    "cv-hop": ("cv", {"header": "hop"}),
    "bc-bang": ("bc", {}),
    "bc-duoi": ("bc", {"footer": "duoi", "header": "vien_tat"}),
}


# --- faults ----------------------------------------------------------------------------------------

def as_word_saves(doc) -> None:
    """A text box edited (by a plant) in its Word 2010 copy: Word writes its old-Word fallback copy the same."""
    import copy
    mc = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
    for alt in doc.element.body.iter(f"{mc}AlternateContent"):
        boxes = [alt.find(f"{mc}{branch}//{qn('w:txbxContent')}") for branch in ("Choice", "Fallback")]
        if all(box is not None for box in boxes):
            boxes[1].getparent().replace(boxes[1], copy.deepcopy(boxes[0]))


def _numbered(doc, level: int):
    return [p for p in paragraphs(doc) if (n := p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")) is not None
            and n.find(qn("w:ilvl")).get(qn("w:val")) == str(level)]


def _restart(doc, level: int, which: int, start: int) -> bool:
    """One item of an automatic list put in a new list of the same kind starting at `start` (Word's «Set
    Numbering Value» or a paste from another file): the displayed number jumps or repeats."""
    items = _numbered(doc, level)
    if len(items) <= which:
        return False
    num_pr = items[which]._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
    numbering = _numbering_part(doc)
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract = int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
    new = add_num(doc, abstract, {level: start})
    for p in items[which:which + 1]:
        p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").set(qn("w:val"), str(new))
    # the items after it follow the new list, as Word carries them along
    following = False
    for p in paragraphs(doc):
        if p._p is items[which]._p:
            following = True
            continue
        n = p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if following and n is not None and n.get(qn("w:val")) == num_id:
            n.set(qn("w:val"), str(new))
    return True


def _retext(doc, pattern: str, old: str, new: str) -> bool:
    return _retext_paragraph(find(doc, pattern), old, new)  # find() walks text boxes' paragraphs too


def _set(pattern: str, **props):
    def plant(doc) -> bool:
        p = find(doc, pattern)
        if p is None:
            return False
        hit = [r for r in p.runs if re.search(pattern.lstrip("^").replace(r"\t*", ""), r.text)]
        set_fonts([r for r in hit or p.runs if r.text.strip()], **props)
        return True
    return plant


def _align(pattern: str, align) -> callable:
    def plant(doc) -> bool:
        p = find(doc, pattern)
        if p is None:
            return False
        p.alignment = align
        return True
    return plant


def _body_paras(doc):
    return [p for p in paragraphs(doc) if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and len(p.text) > 80
            and not any(a.tag in (qn("w:tc"), qn("w:txbxContent")) for a in p._p.iterancestors())]


def _line_exact(doc) -> bool:
    body = _body_paras(doc)
    for p in body:
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        p.paragraph_format.line_spacing = Pt(12)
    return bool(body)


def _arial(doc) -> bool:
    _font_everywhere(doc, "Arial")
    return True


def _no_luu(doc) -> bool:
    p = find(doc, r"^- Lưu: VT")
    if p is None:
        return False
    prev = p._p.getprevious()
    p._p.getparent().remove(p._p)
    for t in prev.iter(qn("w:t")):
        t.text = t.text.replace(";", ".")
    return True


def _quoc_hieu_two_lines(doc) -> bool:
    p = find(doc, r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    if p is None:
        return False
    for r in p.runs:
        if "CỘNG HÒA" in r.text:
            before, after = r.text.split("VIỆT NAM")
            r.text = before.rstrip(" ")
            br = r._r.makeelement(qn("w:br"), {})
            r._r.append(br)
            t = r._r.makeelement(qn("w:t"), {})
            t.text = "VIỆT NAM" + after
            r._r.append(t)
            return True
    return False


def _page_number_on_first(doc) -> bool:
    doc.sections[0].different_first_page_header_footer = False
    return True


def _page_to_footer(doc) -> bool:
    """Insert › Page Number › Bottom of Page: the field in the footer, none in the header."""
    s = doc.sections[0]
    header_p = s.header.paragraphs[0]
    s.footer.paragraphs[0]._p.addnext(header_p._p)
    s.footer.is_linked_to_previous = False
    return True


def _swap_footer(doc) -> bool:
    """Nơi nhận typed in the right cell, the signature in the left."""
    label = find(doc, r"^Nơi nhận:$")
    cell = next((a for a in label._p.iterancestors() if a.tag == qn("w:tc")), None) if label is not None else None
    if cell is None:
        return False
    other = cell.getnext()
    left, right = ([c for c in tc if c.tag != qn("w:tcPr")] for tc in (cell, other))
    for c in left:
        other.append(c)  # lxml moves an element it appends
    for c in right:
        cell.append(c)
    return True


def _five_points(doc) -> bool:
    """Three more points under `Yêu cầu`: Word numbers the fifth «e)», where the decree writes «đ)»."""
    import copy
    points = _numbered(doc, 2)
    if len(points) < 2:
        return False
    for n in range(3):
        new = copy.deepcopy(points[1]._p)
        points[1]._p.addnext(new)
    return True


def _letter(doc) -> bool:
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(215.9), Mm(279.4)
    return True


TIEU_NGU = r"Độc lập - Tự do"


def _grid_shown(doc) -> bool:
    """The header table left as Insert › Table gives it: Table Grid, every border printed."""
    p = find(doc, "CỘNG HÒA XÃ HỘI")
    tbl = next((a for a in p._p.iterancestors() if a.tag == qn("w:tbl")), None) if p is not None else None
    borders = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}") if tbl is not None else None
    if borders is None:
        return False
    borders.getparent().remove(borders)
    return True


def _tab_indent(doc) -> bool:
    body = _body_paras(doc)
    if not body:
        return False
    p = body[0]
    p.paragraph_format.first_line_indent = None
    p.runs[0].text = "\t" + p.runs[0].text
    return True


def _page_number_size(size: float, bold: bool = False):
    def plant(doc) -> bool:
        header = doc.sections[0].header
        for r in header._element.iter(qn("w:r")):
            rpr = r.get_or_add_rPr()
            for tag in ("w:sz", "w:b"):
                old = rpr.find(qn(tag))
                if old is not None:
                    rpr.remove(old)
            from docx.text.run import Run
            Run(r, None).font.size = Pt(size)
            Run(r, None).font.bold = bold or None
        return True
    return plant


def _auto_dieu_plain(doc) -> bool:
    numbering = _numbering_part(doc)
    lvl = numbering.find(f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='11']/{qn('w:lvl')}")
    if lvl is None:
        return False
    lvl.remove(lvl.find(qn("w:rPr")))
    return True


def _rule_length(pattern: str, mm: float):
    """The line drawn under a name or the Tiêu ngữ made `mm` long (a shape or a border's indents)."""
    def plant(doc) -> bool:
        p = find(doc, pattern)
        if p is None:
            return False
        for ext in p._p.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"):
            ext.set("cx", str(int(mm * 36000)))
            return True
        return False
    return plant

# name → (plant, rule code, level): the faults a careful clerk catches
FAULTS = {
    "so_tu_dong_nhay": (lambda d: _restart(d, 0, 2, 4), "danh_so.thu_tu", "loi"),  # I, II, IV
    "so_tu_dong_trung": (lambda d: _restart(d, 0, 2, 2), "danh_so.thu_tu", "loi"),  # I, II, II
    "so_tu_dong_khoan_trung": (lambda d: _restart(d, 1, 1, 1), "danh_so.thu_tu", "loi"),  # 1, 1 under I
    "so_tu_dong_diem_nhay": (lambda d: _restart(d, 2, 1, 3), "danh_so.thu_tu", "loi"),  # a), c)
    "ngay_khong_so_0": (lambda d: _retext(d, "ngày 05 tháng", "ngày 05 tháng", "ngày 5 tháng"), "ngay.hinh_thuc", "loi"),
    "ngay_gach_cheo": (lambda d: _retext(d, "ngày 05 tháng", "ngày 05 tháng 9 năm 2026", "05/9/2026"),
                       "ngay.hinh_thuc", "loi"),
    "ngay_thang_so_0": (lambda d: _retext(d, "ngày 05 tháng", "tháng 9 năm", "tháng 09 năm"), "ngay.hinh_thuc", "loi"),
    "so_gach_sai": (lambda d: _retext(d, r"^\t*Số:", "/", "-"), "so_ky_hieu.hinh_thuc", "loi"),
    "so_cach_chu": (lambda d: _retext(d, r"^\t*Số:", "-", " - "), "so_ky_hieu.hinh_thuc", "loi"),
    "so_gach_duoi": (lambda d: _retext(d, r"^\t*Số:", "-", "_"), "so_ky_hieu.hinh_thuc", "loi"),
    "tieu_ngu_khong_gach": (lambda d: _retext(d, TIEU_NGU, " - ", " "), "tieu_ngu.chu", "loi"),
    "tieu_ngu_gach_dai": (lambda d: _retext(d, TIEU_NGU, " - ", " – "), "tieu_ngu.chu", "loi"),
    "tieu_ngu_khong_cach": (lambda d: _retext(d, TIEU_NGU, " - ", "-"), "tieu_ngu.chu", "loi"),
    "thieu_ket_thuc": (lambda d: _retext(d, r"\./\.\s*$", "./.", "."), "ket_thuc", "canh_bao"),
    "ho_ten_thuong": (_set(r"^Lê Văn Tâm$", bold=False), "ho_ten_ky.kieu_chu", "loi"),
    "noi_nhan_thuong": (_set(r"^Nơi nhận:$", bold=False, italic=False), "noi_nhan.kieu_chu", "loi"),
    "thieu_luu_vt": (_no_luu, "luu_vt", "loi"),
    "phong_arial": (_arial, "phong_chu", "loi"),
    "gian_dong_hep": (_line_exact, "than.gian_dong", "loi"),
    "le_tren_hep": (lambda d: setattr(d.sections[0], "top_margin", Mm(15)) or True, "le.tren", "loi"),
    "le_phai_rong": (lambda d: setattr(d.sections[0], "right_margin", Mm(25)) or True, "le.phai", "loi"),
    "giay_letter": (_letter, "kho_giay", "loi"),
    "quoc_hieu_thuong": (_set(r"CỘNG HÒA XÃ HỘI", bold=False), "quoc_hieu.kieu_chu", "loi"),
    "quoc_hieu_hai_dong": (_quoc_hieu_two_lines, "quoc_hieu.mot_dong", "loi"),
    "trich_yeu_can_trai": (_align(r"^(Về việc|Tổ chức Hội|Kết quả kiểm tra)", WD_ALIGN_PARAGRAPH.LEFT),
                           "trich_yeu.can_giua", "loi"),
    "dieu_thuong": (_set(r"^Điều 2\.", bold=False), "dieu.kieu_chu", "loi"),
    "quyet_dinh_thieu_hai_cham": (lambda d: _retext(d, r"^QUYẾT ĐỊNH:$", "QUYẾT ĐỊNH:", "QUYẾT ĐỊNH"),
                                  "quyet_dinh.chu", "loi"),
    "so_trang_trang_1": (_page_number_on_first, "so_trang.trang_1", "loi"),
    "ngay_dung": (_set(r"ngày 05 tháng", italic=False), "ngay.nghieng", "loi"),
    "chu_quan_dam": (_set(r"PHÒNG GIÁO DỤC", bold=True), "chu_quan.kieu_chu", "loi"),
    "v_v_dam": (_set(r"^V/v", bold=True), "v_v.kieu_chu", "loi"),
    "quoc_hieu_co_14": (_set(r"CỘNG HÒA XÃ HỘI", size=14), "quoc_hieu.co_chu", "loi"),
    "tieu_ngu_co_12": (_set(TIEU_NGU, size=12), "tieu_ngu.co_chu", "loi"),
    "khung_bang_dau": (_grid_shown, "bang.vien", "loi"),
    "thut_bang_tab": (_tab_indent, "than.tab_dau_dong", "canh_bao"),
    "so_trang_co_11": (_page_number_size(11), "so_trang.kieu_chu", "loi"),
    "so_trang_dam": (_page_number_size(14, bold=True), "so_trang.kieu_chu", "loi"),
    "dieu_tu_dong_thuong": (_auto_dieu_plain, "dieu.kieu_chu", "loi"),
    "dieu_tu_dong_nhay": (lambda d: _restart(d, 0, 1, 3) and _numbered(d, 0)[0].text.startswith("Ban hành"),
                          "danh_so.thu_tu", "loi"),
    "gach_tieu_ngu_ngan": (_rule_length(TIEU_NGU, 40), "gach_tieu_ngu.do_dai", "loi"),
    "gach_ten_don_vi_dai": (_rule_length(r"^TRƯỜNG THCS", 60), "gach_ten_don_vi.do_dai", "loi"),
    "chuc_vu_chu_thuong": (lambda d: _retext(d, r"^HIỆU TRƯỞNG$", "HIỆU TRƯỞNG", "Hiệu trưởng"),
                           "chuc_vu_ky.chu_hoa", "loi"),
    "so_dam": (_set(r"^\t*Số:", bold=True), "so_ky_hieu.kieu_chu", "loi"),
    "noi_nhan_dong_dam": (_set(r"^- Lưu: VT", bold=True), "noi_nhan_dong.kieu_chu", "loi"),
    "ky_hieu_chu_thuong": (lambda d: _retext(d, r"^\t*Số:", "THCSTTT", "thcsttt"), "so_ky_hieu.hinh_thuc", "loi"),
    "ten_loai_co_12": (_set(r"^(QUYẾT ĐỊNH|KẾ HOẠCH|BÁO CÁO)$", size=12), "ten_loai.co_chu", "loi"),
    "dieu_hai_cham": (lambda d: _retext(d, r"^Điều 2\.", "Điều 2.", "Điều 2:"), "danh_so.nhan", "canh_bao"),
    "ngay_nam_hai_so": (lambda d: _retext(d, "ngày 05 tháng", "ngày 05 tháng 9 năm 2026", "05/9/26"),
                        "ngay.hinh_thuc", "loi"),
    "so_trang_chan": (lambda d: _page_to_footer(d), "so_trang.vi_tri", "loi"),
    "noi_nhan_ben_phai": (_swap_footer, "noi_nhan.vi_tri", "loi"),
    "diem_tu_dong_e": (_five_points, "danh_so.nhan", "canh_bao"),
    "ho_ten_hoc_vi": (lambda d: _retext(d, r"^Lê Văn Tâm$", "Lê Văn Tâm", "ThS. Lê Văn Tâm"), "ho_ten_ky.hoc_vi",
                      "canh_bao"),
    "ho_ten_in_hoa": (lambda d: _retext(d, r"^Lê Văn Tâm$", "Lê Văn Tâm", "LÊ VĂN TÂM"), "ho_ten_ky.viet_hoa", "loi"),
    "ho_ten_chu_thuong": (lambda d: _retext(d, r"^Lê Văn Tâm$", "Lê Văn Tâm", "Lê văn Tâm"), "ho_ten_ky.viet_hoa",
                          "loi"),

}
