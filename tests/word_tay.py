"""Word documents as a careful clerk types them by hand (python-docx, no vanthu code): styles carry
the font, rules are drawn line shapes, the header and footer are borderless tables. And the faults
clerks make, planted one at a time into any document (vanthu's own or these)."""

from __future__ import annotations

import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

NS = ('xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"')


def _line_shape(paragraph, length_mm: float, shape_id: int) -> None:
    """A straight line drawn with Word's Insert › Shapes › Line, anchored in the paragraph."""
    cx = int(length_mm * 36000)
    xml = f"""<w:r {NS}><w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0"
      relativeHeight="{shape_id}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
      <wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:align>center</wp:align></wp:positionH>
      <wp:positionV relativeFrom="paragraph"><wp:posOffset>30000</wp:posOffset></wp:positionV>
      <wp:extent cx="{cx}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>
      <wp:docPr id="{shape_id}" name="Line {shape_id}"/><wp:cNvGraphicFramePr/>
      <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
      <wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="0"/></a:xfrm>
      <a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>
      </a:ln></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"""
    paragraph._p.append(parse_xml(xml))


def _page_number(section) -> None:
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    for xml in (f'<w:fldChar {w} w:fldCharType="begin"/>', f'<w:instrText {w} xml:space="preserve"> PAGE </w:instrText>',
                f'<w:fldChar {w} w:fldCharType="separate"/>', f'<w:t {w}>2</w:t>', f'<w:fldChar {w} w:fldCharType="end"/>'):
        p.add_run()._r.append(parse_xml(xml))


def _cell_para(cell, text: str, size: float, bold=False, italic=False, first=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    run.font.size, run.bold, run.italic = Pt(size), bold or None, italic or None
    return p


KINDS = {
    "KH": ("KẾ HOẠCH", "Tổ chức Tuần lễ học tập suốt đời năm 2026", "KH-THCSKB", 38),
    "QĐ": ("QUYẾT ĐỊNH", "Về việc thành lập Tổ kiểm tra nội bộ năm học 2026 - 2027", "QĐ-THCSKB", 55),
    "CV": (None, "V/v đăng ký tham gia tập huấn chuyên môn", "THCSKB-VP", 0),
}


def build(path, kind: str = "KH", kt: bool = True, so: str | None = "07",
          chu_quan: tuple[str, ...] = ("ỦY BAN NHÂN DÂN PHƯỜNG CHÁNH HƯNG",)) -> None:
    """A clean document of `kind` (KH, QĐ, CV) as typed in Word; two pages with page numbers from page 2; a
    draft (number left blank) when `so` is None."""
    ten_loai, trich_yeu, ky_hieu, rule_mm = KINDS[kind]
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(qn(f"w:{slot}"), "Times New Roman")
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    _page_number(s)
    header = doc.add_table(rows=2, cols=2)
    header.autofit = False
    for col, width in zip(header.columns, (Mm(70), Mm(100))):
        col.width = width  # the grid, which Word and LibreOffice lay the table out by
    for row in header.rows:
        row.cells[0].width, row.cells[1].width = Mm(70), Mm(100)
    left, right = header.cell(0, 0), header.cell(0, 1)
    for n, line in enumerate(chu_quan):
        _cell_para(left, line, 12, first=n == 0)
    name = _cell_para(left, "TRƯỜNG THCS KHÁNH BÌNH", 12, bold=True)
    _line_shape(name, 25, 1)
    _cell_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True, first=True)
    motto = _cell_para(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    _line_shape(motto, 56, 2)
    _cell_para(header.cell(1, 0), f"Số: {so}/{ky_hieu}" if so else f"Số:      /{ky_hieu}", 13, first=True).paragraph_format.space_before = Pt(6)
    if kind == "CV":
        _cell_para(header.cell(1, 0), trich_yeu, 12)
    _cell_para(header.cell(1, 1), "Phường Chánh Hưng, ngày 05 tháng 9 năm 2026", 13, italic=True,
               first=True).paragraph_format.space_before = Pt(6)

    def centred(text, bold=True, after=0, before=0):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(before), Pt(after)
        p.add_run(text).bold = bold or None
        return p

    def body(text, bold=False, italic=False):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt = p.paragraph_format
        fmt.first_line_indent, fmt.space_after = Cm(1.27), Pt(6)
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.MULTIPLE, 1.2
        if text.startswith(("Điều ",)):
            label, rest = text.split(". ", 1)
            p.add_run(label + ".").bold = True
            p.add_run(" " + rest)
        else:
            run = p.add_run(text)
            run.bold, run.italic = bold or None, italic or None
        return p

    if ten_loai:
        centred(ten_loai, before=12)
        title = centred(trich_yeu)
        _line_shape(title, rule_mm, 3)
        centred("", bold=False, after=6)
    else:
        centred("Kính gửi: Phòng Giáo dục và Đào tạo", bold=False, before=12, after=6)
    filler = ("Nhà trường tổ chức thực hiện đầy đủ, nghiêm túc các nội dung được giao, bảo đảm chất lượng, "
              "tiến độ và hiệu quả; báo cáo kết quả đúng thời hạn quy định của cấp trên. ")
    if kind == "QĐ":
        centred("HIỆU TRƯỞNG TRƯỜNG THCS KHÁNH BÌNH", before=6, after=6)
        body("Căn cứ Điều lệ trường trung học cơ sở ban hành kèm theo Thông tư số 32/2020/TT-BGDĐT ngày 15 tháng "
             "9 năm 2020 của Bộ trưởng Bộ Giáo dục và Đào tạo;", italic=True)
        body("Theo đề nghị của Tổ trưởng Tổ Văn phòng.", italic=True)
        centred("QUYẾT ĐỊNH:", before=6, after=6)
        body("Điều 1. Thành lập Tổ kiểm tra nội bộ năm học 2026 - 2027 gồm các thành viên có tên trong danh sách.")
        body("Điều 2. Tổ kiểm tra có nhiệm vụ:")
        body("1. Xây dựng kế hoạch kiểm tra nội bộ của năm học. " + filler)
        body("2. Tổ chức kiểm tra theo kế hoạch. " + filler * 3)
        body("Điều 3. Quyết định có hiệu lực kể từ ngày ký. Văn phòng và các ông, bà có tên tại Điều 1 chịu trách "
             "nhiệm thi hành Quyết định này./.")
    elif kind == "KH":
        body("I. MỤC ĐÍCH, YÊU CẦU", bold=True)
        body("1. Mục đích", bold=True)
        body("Nâng cao nhận thức của cán bộ, giáo viên và học sinh về học tập suốt đời. " + filler)
        body("2. Yêu cầu", bold=True)
        body("a) Tổ chức thiết thực, hiệu quả, phù hợp điều kiện của nhà trường. " + filler)
        body("b) Huy động sự tham gia của cha mẹ học sinh. " + filler * 2)
        body("II. NỘI DUNG", bold=True)
        body("1. Tuyên truyền về Tuần lễ học tập suốt đời trên trang thông tin của nhà trường. " + filler * 3)
        body("2. Tổ chức các hoạt động đọc sách tại thư viện. " + filler * 3)
        body("III. TỔ CHỨC THỰC HIỆN", bold=True)
        body("Các tổ chuyên môn triển khai kế hoạch này; báo cáo kết quả về Ban Giám hiệu. " + filler + "./.")
    else:
        body("Thực hiện hướng dẫn của Phòng Giáo dục và Đào tạo về tập huấn chuyên môn năm học 2026 - 2027. " +
             filler * 4)
        body("Trường THCS Khánh Bình đăng ký danh sách giáo viên tham gia tập huấn. " + filler * 5)
        body("Kính đề nghị Phòng Giáo dục và Đào tạo xem xét, tổng hợp./.")
    footer = doc.add_table(rows=1, cols=2)
    nn, ky = footer.cell(0, 0), footer.cell(0, 1)
    label = _cell_para(nn, "Nơi nhận:", 12, bold=True, italic=True, first=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    del label
    lines = ["- Như trên;"] if kind == "CV" else (["- Như Điều 3;"] if kind == "QĐ" else [])
    for line in lines + ["- Ban Giám hiệu;", "- Lưu: VT."]:
        _cell_para(nn, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    if kt:
        _cell_para(ky, "KT. HIỆU TRƯỞNG", 14, bold=True, first=True)
        _cell_para(ky, "PHÓ HIỆU TRƯỞNG", 14, bold=True)
    else:
        _cell_para(ky, "HIỆU TRƯỞNG", 14, bold=True, first=True)
    for _ in range(4):
        _cell_para(ky, "", 14)
    _cell_para(ky, "Trần Thị Bích", 14, bold=True)
    doc.save(str(path))


# --- faults ------------------------------------------------------------------------------------

def paragraphs(doc):
    for p in doc.element.body.iter(qn("w:p")):
        yield Paragraph(p, doc)


def find(doc, pattern: str, flags=0, last: bool = False):
    found = [p for p in paragraphs(doc) if re.search(pattern, p.text, flags)]
    return (found[-1] if last else found[0]) if found else None


def _runs(p):
    return [r for r in p.runs if r.text.strip()]


def _set(p, **props) -> bool:
    if p is None:
        return False
    set_fonts(_runs(p), **props)
    return True


def set_fonts(runs, **props) -> None:
    """Font properties on runs: `size` in points, the others (bold, italic, name …) as python-docx names them."""
    for r in runs:
        for k, v in props.items():
            if k == "size":
                r.font.size = Pt(v)
            else:
                setattr(r.font, k, v)


def _retext(p, old: str, new: str) -> bool:
    if p is None:
        return False
    for r in p.runs:
        if old in r.text:
            r.text = r.text.replace(old, new)
            return True
    return False


def _rule_near(p):
    """The next paragraph that draws the rule under `p` (or `p` itself when the rule is its shape)."""
    if p is None:
        return None
    if p._p.find(".//" + qn("w:drawing")) is not None:
        return p
    nxt = p._p.getnext()
    return Paragraph(nxt, p._parent) if nxt is not None and nxt.tag == qn("w:p") else None


def _remove_rule(p) -> bool:
    rule = _rule_near(p)
    if rule is None:
        return False
    if rule._p is p._p:
        for d in list(p._p.iter(qn("w:drawing"))):
            d.getparent().getparent().remove(d.getparent())
        return True
    bdr = rule._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
    if bdr is not None:
        bdr.getparent().remove(bdr)
        return True
    return False


def _body(doc):
    return [p for p in paragraphs(doc) if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and len(p.text) > 60
            and not p.text.startswith("Căn cứ") and not any(a.tag == qn("w:tc") for a in p._p.iterancestors())]


def _section_labels(doc):
    out = [p for p in paragraphs(doc) if re.match(r"(I|II|III|IV|V)\. ", p.text)]
    return out if len(out) >= 3 else [p for p in paragraphs(doc) if re.match(r"Điều \d\. ", p.text)]


def _dup_label(doc) -> bool:
    labels = _section_labels(doc)
    if len(labels) < 3:
        return False
    old = re.match(r"(I+|Điều \d)", labels[2].text).group(1)
    new = re.match(r"(I+|Điều \d)", labels[1].text).group(1)
    return _retext(labels[2], old, new)


def _no_end_mark(doc) -> bool:
    p = find(doc, r"\./\.\s*$")
    return _retext(p, "./.", ".") if p is not None else False


def _first_page_number(doc) -> bool:
    s = doc.sections[0]
    if not s.different_first_page_header_footer:
        return False
    s.different_first_page_header_footer = False
    return True


def _date_form(doc) -> bool:
    p = find(doc, r"ngày \d+ tháng \d+ năm \d{4}")
    if p is None or any(a.tag == qn("w:tc") for a in p._p.iterancestors()) is False:
        return False
    m = re.search(r"ngày (\d+) tháng (\d+) năm", p.text)
    return _retext(p, m.group(0), f"ngày {int(m.group(1))} tháng 0{int(m.group(2))} năm")


def _date_in_figures(doc) -> bool:
    p = find(doc, r", ngày \d+ tháng \d+ năm \d{4}")
    if p is None:
        return False
    m = re.search(r", ngày (\d+) tháng (\d+) năm (\d{4})", p.text)
    return _retext(p, m.group(0)[2:], f"{int(m.group(1))}/{int(m.group(2))}/{m.group(3)}")


def _quyet_dinh_colon(doc) -> bool:
    p = find(doc, r"^QUYẾT ĐỊNH:$")
    return _retext(p, "QUYẾT ĐỊNH:", "QUYẾT ĐỊNH") if p is not None else False


def _kt_without_dot(doc) -> bool:
    p = find(doc, r"^KT\. ")
    return _retext(p, "KT.", "KT") if p is not None else False


def _no_luu(doc) -> bool:
    p = find(doc, r"^- Lưu: VT")
    if p is None:
        return False
    prev = p._p.getprevious()
    p._p.getparent().remove(p._p)
    prev_p = Paragraph(prev, None)
    return _retext(prev_p, ";", ".") or True


def _so_form(doc) -> bool:
    p = find(doc, r"^Số:")
    return _retext(p, "Số:", "Số") if p is not None else False


def _signer_name(doc):
    label = find(doc, r"^Nơi nhận:")
    row = next(a for a in label._p.iterancestors() if a.tag == qn("w:tr"))
    names = [Paragraph(p, None) for p in row.iter(qn("w:p")) if re.fullmatch(r"(Nguyễn Văn A|Trần Thị Bích)", "".join(
        t.text or "" for t in p.iter(qn("w:t"))))]
    return names[-1] if names else None


def _title_caps(doc) -> bool:
    title = find(doc, r"^(KẾ HOẠCH|QUYẾT ĐỊNH|THÔNG BÁO|BÁO CÁO|TỜ TRÌNH)$")
    if title is None:
        return False
    nxt = Paragraph(title._p.getnext(), title._parent)
    for r in nxt.runs:
        r.text = r.text.upper()
    return bool(nxt.text.strip())


def _red(doc) -> bool:
    body = _body(doc)
    if not body:
        return False
    for r in body[-1].runs:
        r.font.color.rgb = RGBColor(0xC0, 0, 0)
    return True


def _narrow_right(doc) -> bool:
    """The header table's two columns made equal, as Word's Insert › Table gives them."""
    quoc_hieu = find(doc, r"^CỘNG HÒA")
    if quoc_hieu is None or not any(a.tag == qn("w:tc") for a in quoc_hieu._p.iterancestors()):
        return False
    tbl = next(a for a in quoc_hieu._p.iterancestors() if a.tag == qn("w:tbl"))
    cols = tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
    half = sum(int(c.get(qn("w:w"))) for c in cols) // 2
    for c in cols:
        c.set(qn("w:w"), str(half))
    for tcw in tbl.iter(qn("w:tcW")):
        tcw.set(qn("w:w"), str(half))
        tcw.set(qn("w:type"), "dxa")
    return True


# name → (plant, rule code expected among the findings)
FAULTS = {
    "le_trai_hep": (lambda d: setattr(d.sections[0], "left_margin", Mm(20)) or True, "le.trai"),
    "giay_letter": (lambda d: setattr(d.sections[0], "page_width", Mm(215.9)) or
                    setattr(d.sections[0], "page_height", Mm(279.4)) or True, "kho_giay"),
    "chu_quan_dam": (lambda d: _set(find(d, r"^(ỦY BAN|UBND)"), bold=True), "chu_quan.kieu_chu"),
    "ten_don_vi_thuong": (lambda d: _set(find(d, r"^TRƯỜNG THCS"), bold=False), "ten_don_vi.kieu_chu"),
    "gach_ten_don_vi_mat": (lambda d: _remove_rule(find(d, r"^TRƯỜNG THCS")), "gach_ten_don_vi.thieu"),
    "quoc_hieu_co_14": (lambda d: _set(find(d, r"^CỘNG HÒA"), size=14), "quoc_hieu.co_chu"),
    "quoc_hieu_thuong": (lambda d: _set(find(d, r"^CỘNG HÒA"), bold=False), "quoc_hieu.kieu_chu"),
    "tieu_ngu_gach_noi": (lambda d: _retext(find(d, r"^Độc lập"), " - ", "-"), "tieu_ngu.chu"),
    "gach_tieu_ngu_mat": (lambda d: _remove_rule(find(d, r"^Độc lập")), "gach_tieu_ngu.thieu"),
    "ngay_dung": (lambda d: _set(find(d, r", ngày"), italic=False), "ngay.nghieng"),
    "ngay_hinh_thuc": (_date_form, "ngay.hinh_thuc"),
    "ngay_viet_so": (_date_in_figures, "ngay.hinh_thuc"),
    "so_thieu_hai_cham": (_so_form, "so_ky_hieu.hinh_thuc"),
    "ten_loai_thuong": (lambda d: _set(find(d, r"^(KẾ HOẠCH|QUYẾT ĐỊNH|THÔNG BÁO|BÁO CÁO|TỜ TRÌNH)$"), bold=False),
                        "ten_loai.kieu_chu"),
    "gach_trich_yeu_mat": (lambda d: _remove_rule(find(d, r"^(Về việc|Tổ chức Tuần lễ|Kế hoạch|Thực hiện công tác|"
                                                       r"Lịch họp|Phân công|Kết quả|Đề nghị|Sơ kết|Về)")),
                           "gach_trich_yeu.thieu"),
    "phong_arial": (lambda d: _set(_body(d)[0] if _body(d) else None, name="Arial"), "phong_chu"),
    "than_co_12": (lambda d: _set(_body(d)[0] if _body(d) else None, size=12), "than.co_chu"),
    "than_can_trai": (lambda d: bool(_body(d)) and setattr(_body(d)[0], "alignment", WD_ALIGN_PARAGRAPH.LEFT) is None,
                      "than.can_deu"),
    "than_khong_thut": (lambda d: bool(_body(d)) and setattr(_body(d)[0].paragraph_format, "first_line_indent",
                                                              Cm(0)) is None, "than.thut_dau_dong"),
    "than_gian_dong_2": (lambda d: bool(_body(d)) and setattr(_body(d)[0].paragraph_format, "line_spacing", 2.0) is None,
                         "than.gian_dong"),
    "than_sat_doan": (lambda d: bool(_body(d)) and (setattr(_body(d)[0].paragraph_format, "space_after", Pt(0)),
                                                    setattr(_body(d)[0].paragraph_format, "space_before", Pt(0))) and True,
                      "than.cach_doan"),
    "danh_so_trung": (_dup_label, "danh_so.thu_tu"),
    "thieu_ket_thuc": (_no_end_mark, "ket_thuc"),
    "chuc_vu_thuong": (lambda d: _set(find(d, r"^(KT\. )?HIỆU TRƯỞNG$"), bold=False), "chuc_vu_ky.kieu_chu"),
    "ho_ten_thuong": (lambda d: _set(_signer_name(d), bold=False), "ho_ten_ky.kieu_chu"),
    "kt_thieu_cham": (_kt_without_dot, "quyen_han"),
    "noi_nhan_nhan_co_11": (lambda d: _set(find(d, r"^Nơi nhận:"), size=11, italic=False), "noi_nhan.co_chu"),
    "noi_nhan_co_14": (lambda d: _set(find(d, r"^- Lưu"), size=14), "noi_nhan_dong.co_chu"),
    "thieu_luu_vt": (_no_luu, "luu_vt"),
    "so_trang_trang_1": (_first_page_number, "so_trang.trang_1"),
    "quyet_dinh_thieu_hai_cham": (_quyet_dinh_colon, "quyet_dinh.chu"),
    "can_cu_dung": (lambda d: _set(find(d, r"^Căn cứ"), italic=False), "can_cu.nghieng"),
    "trich_yeu_in_hoa": (_title_caps, "trich_yeu.chu_hoa"),
    "kinh_gui_thieu_hai_cham": (lambda d: _retext(find(d, r"^Kính gửi:"), "Kính gửi:", "Kính gửi"),
                                "kinh_gui.hai_cham"),
    "tieu_ngu_in_hoa": (lambda d: _retext(find(d, r"^Độc lập"), "Độc lập - Tự do - Hạnh phúc",
                                          "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"), "tieu_ngu.chu"),
    "chu_mau_do": (_red, "mau_chu"),
    "luu_thieu_hai_cham": (lambda d: _retext(find(d, r"^- Lưu: VT"), "- Lưu: VT", "- Lưu VT"), "luu_vt"),
    "cot_phai_hep": (_narrow_right, "quoc_hieu.mot_dong"),
    "tieu_ngu_gach_chan": (lambda d: _remove_rule(find(d, r"^Độc lập")) and _set(find(d, r"^Độc lập"), underline=True),
                           "gach_tieu_ngu.gach_chan"),
}


def _vml_line(paragraph, left_mm: float, length_mm: float) -> None:
    """A line drawn by an older Word (VML), positioned from the column's left edge."""
    pt = 72 / 25.4
    xml = (f'<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           f'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:line from="{left_mm * pt:.1f}pt,3pt" '
           f'to="{(left_mm + length_mm) * pt:.1f}pt,3pt" strokeweight=".5pt" '
           f'style="position:absolute;z-index:1"/></w:pict></w:r>')
    paragraph._p.append(parse_xml(xml))


def build_tabs(path) -> None:
    """A clean công văn whose header is typed with tabs (no table), its rules drawn as VML lines in the
    line below; the footer a borderless table, as many clerks type them."""
    build(path, "CV")
    doc = Document(str(path))
    header = doc.tables[0]
    lines = [("UBND PHƯỜNG CHÁNH HƯNG", False, 12, False, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, 12, False),
             ("TRƯỜNG THCS KHÁNH BÌNH", True, 12, False, "Độc lập - Tự do - Hạnh phúc", True, 13, False),
             None,
             ("Số: 07/THCSKB-VP", False, 13, False, "Phường Chánh Hưng, ngày 05 tháng 9 năm 2026", False, 13, True),
             ("V/v đăng ký tham gia tập huấn chuyên môn", False, 12, False, None, False, 0, False)]
    for line in lines:
        p = doc.add_paragraph()
        stops = p.paragraph_format.tab_stops
        stops.add_tab_stop(Mm(35), WD_ALIGN_PARAGRAPH.CENTER)
        stops.add_tab_stop(Mm(115), WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.space_after = Pt(0)
        if line is None:
            _vml_line(p, 22, 25)
            _vml_line(p, 87, 56)
        else:
            left, lb, ls, li, right, rb, rs, ri = line
            for text, bold, size, italic in (("\t" + left, lb, ls, False), ("\t" + (right or ""), rb, rs, ri)):
                if text.strip():
                    run = p.add_run(text)
                    run.font.size, run.bold, run.italic = Pt(size), bold or None, italic or None
        header._tbl.addprevious(p._p)
    header._tbl.getparent().remove(header._tbl)
    doc.save(str(path))
