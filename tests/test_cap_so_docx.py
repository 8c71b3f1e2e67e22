"""`vanthu cap-so`: numbering documents typed in Word, built here the way clerks type them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

import nd30
from pipeline.metrics import text_width_mm
from pipeline.register import Register

TNR = "Times New Roman"
SO = {"size": 13, "italic": False}
NGAY = {"size": 14, "italic": True}


def runs(paragraph, pieces, size, italic=False, bold=False, font=TNR):
    """Each piece its own run, all formatted alike, as Word splits a line the clerk edited."""
    for piece in pieces:
        run = paragraph.add_run(piece)
        run.font.size, run.italic, run.bold, run.font.name = Pt(size), italic, bold, font
    return paragraph


def title_and_end(doc, ten_loai, trich_yeu, extra_bold=None):
    """Tên loại, trích yếu, a body line quoting a date, Nơi nhận and the signature, as paragraphs."""
    runs(doc.add_paragraph(), [ten_loai], 14, bold=True)
    for line in trich_yeu:
        runs(doc.add_paragraph(), [line], 14, bold=True)
    if extra_bold:
        runs(doc.add_paragraph(), [extra_bold], 14, bold=True)
    runs(doc.add_paragraph(), ["Căn cứ Kế hoạch số 70/KH-PGDĐT ngày 09 tháng 5 năm 2022 của Phòng GD&ĐT Quận 8;"], 14)
    runs(doc.add_paragraph(), ["Nơi nhận:"], 12, italic=True, bold=True)
    runs(doc.add_paragraph(), ["- Phòng GD&ĐT Quận 8 (để báo cáo);"], 11)
    runs(doc.add_paragraph(), ["- Lưu: VT."], 11)
    runs(doc.add_paragraph(), ["HIỆU TRƯỞNG"], 14, bold=True)
    runs(doc.add_paragraph(), ["Trần Thị Hoa"], 14, bold=True)


def table_header(doc, so_pieces, date_pieces, v_v=None):
    """The header as a borderless two-column table (Mẫu 1.4): names and Số left, Quốc hiệu and date right."""
    left, right = doc.add_table(rows=1, cols=2).rows[0].cells
    runs(left.paragraphs[0], ["ỦY BAN NHÂN DÂN QUẬN 8"], 13)
    runs(left.add_paragraph(), ["TRƯỜNG THCS KHÁNH BÌNH"], 13, bold=True)
    runs(left.add_paragraph(), so_pieces, **SO)
    if v_v:
        runs(left.add_paragraph(), v_v, 13)
    runs(right.paragraphs[0], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], 13, bold=True)
    runs(right.add_paragraph(), ["Độc lập - Tự do - Hạnh phúc"], 14, bold=True)
    return runs(right.add_paragraph(), date_pieces, **NGAY)


def tab_header(doc, line_pieces):
    """The header as paragraphs aligned with tabs or spaces; `line_pieces` are runs of the Số line,
    each (text, format)."""
    runs(doc.add_paragraph(), ["UBND QUẬN 8\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], 13, bold=True)
    runs(doc.add_paragraph(), ["TRƯỜNG THCS KHÁNH BÌNH\tĐộc lập - Tự do - Hạnh phúc"], 13, bold=True)
    paragraph = doc.add_paragraph()
    for text, fmt in line_pieces:
        runs(paragraph, [text], **fmt)
    return paragraph


def ke_hoach(folder: Path, name="ke-hoach-x.docx", so=("Số:     /KH-THCSKB",),
             ngay=("Quận 8, ngày    tháng 5 năm 2022",)) -> Path:
    doc = Document()
    table_header(doc, list(so), list(ngay))
    title_and_end(doc, "KẾ HOẠCH", ["Triển khai công tác Bình đẳng giới", "và Trẻ em năm 2022"])
    doc.save(folder / name)
    return folder / name


def texts(path: Path) -> list[str]:
    """Every paragraph of the body in reading order, table cells included."""
    doc = Document(path)
    return [p.text for p in _paragraphs(doc)]


def _paragraphs(doc):
    return [Paragraph(p, doc) for p in doc.element.body.iter(qn("w:p"))]


def paragraph_with(path: Path, start: str):
    found = [p for p in _paragraphs(Document(path)) if p.text.startswith(start)]
    assert len(found) == 1, [p.text for p in found]
    return found[0]


def assert_format(paragraph, size, italic):
    assert paragraph.runs
    for run in paragraph.runs:
        assert (run.font.size.pt, bool(run.italic), run.font.name) == (size, italic, TNR), run.text


def register_rows(data: Path):
    with Register(data / "so-van-ban-di.sqlite") as register:
        return register.rows()


def test_table_header_numbered_in_place_with_its_formatting(vanthu, data, tmp_path):
    source = ke_hoach(tmp_path)
    before = source.read_bytes()

    result = vanthu("cap-so", "ke-hoach-x.docx", "--ngay", "2022-05-09")

    assert result.exit_code == 0, result.output
    issued = tmp_path / "ke-hoach-x-KH-01-THCSKB.docx"
    assert result.stdout == ("Đã cấp số 01/KH-THCSKB ngày 09/05/2022 cho kế hoạch «Triển khai công tác Bình đẳng "
                             f"giới và Trẻ em năm 2022»: {issued.name}\n")
    assert source.read_bytes() == before  # the clerk's draft is never written
    expected = [t.replace("Số:     /KH", "Số: 01/KH").replace("ngày    tháng 5", "ngày 09 tháng 5")
                for t in texts(source)]
    assert texts(issued) == expected  # only the two lines changed; the body's dates are left alone
    assert_format(paragraph_with(issued, "Số:"), **SO)
    assert_format(paragraph_with(issued, "Quận 8,"), **NGAY)

    [row] = register_rows(data)
    assert (row.nam, row.so, row.ky_hieu, row.loai, row.ten_loai, row.ngay) == \
        (2022, 1, "KH-THCSKB", "KH", "KẾ HOẠCH", date(2022, 5, 9))
    assert row.trich_yeu == "Triển khai công tác Bình đẳng giới và Trẻ em năm 2022"
    assert (row.khoa, row.nguoi_ky, row.tep) == ("word/ke-hoach-x", "Trần Thị Hoa", issued.name)  # as given
    assert row.noi_nhan == "- Phòng GD&ĐT Quận 8 (để báo cáo);\n- Lưu: VT."


def test_number_and_date_split_over_runs_with_nbsp(vanthu, data, tmp_path):
    ke_hoach(tmp_path, so=["S", "ố", "\u00a0:", "\u00a0\u00a0\u00a0 ", "/K", "H-THCS", "KB"],
             ngay=["Quận 8, ng", "ày", "\u00a0 ", "  tháng 5 ", "năm 20", "22"])

    result = vanthu("cap-so", "ke-hoach-x.docx", "--ngay", "2022-05-09")

    assert result.exit_code == 0, result.output
    issued = tmp_path / "ke-hoach-x-KH-01-THCSKB.docx"
    so = paragraph_with(issued, "Số")
    assert so.text == "Số: 01/KH-THCSKB"
    assert [r.text for r in so.runs] == ["Số: 01", "/K", "H-THCS", "KB"]  # the ký hiệu's runs untouched
    assert_format(so, **SO)
    date_line = paragraph_with(issued, "Quận 8")
    assert date_line.text == "Quận 8, ngày 09 tháng 5 năm 2022"
    assert [r.text for r in date_line.runs] == ["Quận 8, ngày 09 tháng 5 năm 2022"]  # merged into the first
    assert_format(date_line, **NGAY)


def test_tab_layout_with_dotted_blanks_and_the_date_on_the_so_line(vanthu, data, tmp_path):
    doc = Document()
    tab_header(doc, [("Số : ..../TB-THCSKB", SO), ("\t", SO), ("…, ngày ..... tháng ..... năm .....", NGAY)])
    title_and_end(doc, "THÔNG BÁO", ["Phân công nhiệm vụ năm học 2022-2023"])
    doc.save(tmp_path / "thong-bao.docx")

    result = vanthu("cap-so", "thong-bao.docx", "--ngay", "2022-05-12")

    assert result.exit_code == 0, result.output
    line = paragraph_with(tmp_path / "thong-bao-TB-01-THCSKB.docx", "Số")
    # A place left blank (`…,`) takes the school's địa danh from don-vi.yaml.
    assert line.text == "Số: 01/TB-THCSKB\tQuận 8, ngày 12 tháng 5 năm 2022"
    assert [(r.text, r.font.size.pt, bool(r.italic)) for r in line.runs] == [
        ("Số: 01/TB-THCSKB", 13, False), ("\t", 13, False), ("Quận 8, ngày 12 tháng 5 năm 2022", 14, True)]
    [row] = register_rows(data)
    assert (row.ky_hieu, row.loai, row.trich_yeu) == ("TB-THCSKB", "TB", "Phân công nhiệm vụ năm học 2022-2023")


def test_a_v_v_line_under_the_ten_loai_is_the_trich_yeu_even_when_not_bold(vanthu, data, tmp_path):
    doc = Document()
    table_header(doc, ["Số:     /TB-THCSKB"], ["Quận 8, ngày    tháng 5 năm 2022"])
    runs(doc.add_paragraph(), ["THÔNG BÁO"], 14, bold=True)
    runs(doc.add_paragraph(), ["V/v tổ chức Ngày hội đọc sách"], 14)
    runs(doc.add_paragraph(), ["Nhà trường thông báo như sau:"], 14)
    doc.save(tmp_path / "thong-bao.docx")

    assert vanthu("cap-so", "thong-bao.docx", "--ngay", "2022-05-09").exit_code == 0
    assert register_rows(data)[0].trich_yeu == "V/v tổ chức Ngày hội đọc sách"  # as typed, as `nhap` reads it


def test_space_layout_keeps_the_date_in_its_column(vanthu, data, tmp_path):
    doc = Document()
    gap = " " * 20
    tab_header(doc, [(f"Số:……/QĐ-THCSKB{gap}", SO), ("Quận 8, ngày … tháng … năm 20…", SO)])
    title_and_end(doc, "QUYẾT ĐỊNH", ["Về việc thành lập Ban chỉ đạo công tác Bình đẳng giới"],
                  extra_bold="HIỆU TRƯỞNG TRƯỜNG THCS KHÁNH BÌNH")
    doc.save(tmp_path / "quyet-dinh.docx")
    old = paragraph_with(tmp_path / "quyet-dinh.docx", "Số").text

    assert vanthu("cap-so", "quyet-dinh.docx", "--ngay", "2022-09-05").exit_code == 0

    new = paragraph_with(tmp_path / "quyet-dinh-QĐ-01-THCSKB.docx", "Số").text
    assert new.startswith("Số: 01/QĐ-THCSKB ") and new.endswith("Quận 8, ngày 05 tháng 9 năm 2022")
    where = [text_width_mm(t[:t.index("Quận 8")], 13) for t in (old, new)]
    assert abs(where[0] - where[1]) <= text_width_mm(" ", 13) / 2
    # The bold authority line under a QĐ's rule is not part of its trích yếu.
    assert register_rows(data)[0].trich_yeu == "Về việc thành lập Ban chỉ đạo công tác Bình đẳng giới"


@pytest.mark.parametrize("so, ky_hieu, name", [
    ("Số: /THCSKB-VP", "THCSKB-VP", "cong-van-CV-01-THCSKB-VP.docx"),
    ("Số:   /CV-THCSKB", "CV-THCSKB", "cong-van-CV-01-THCSKB.docx"),
])
def test_cong_van_with_its_v_v_line(vanthu, data, tmp_path, so, ky_hieu, name):
    doc = Document()
    table_header(doc, [so], ["Quận 8, ngày    tháng 9 năm 2022"], v_v=["V/v đăng ký tham gia ", "tập huấn"])
    runs(doc.add_paragraph(), ["Kính gửi: Phòng Giáo dục và Đào tạo Quận 8"], 14)
    doc.save(tmp_path / "cong-van.docx")

    result = vanthu("cap-so", "cong-van.docx", "--ngay", "2022-09-05")

    assert result.exit_code == 0, result.output
    assert paragraph_with(tmp_path / name, "Số").text == f"Số: 01/{ky_hieu}"
    [row] = register_rows(data)
    assert (row.loai, row.ky_hieu, row.trich_yeu) == ("CV", ky_hieu, "đăng ký tham gia tập huấn")


def test_numbers_follow_the_register_and_the_copy_goes_where_asked(vanthu, data, tmp_path):
    ke_hoach(tmp_path, "a.docx")
    ke_hoach(tmp_path, "b.docx")
    assert vanthu("cap-so", "a.docx", "--ngay", "2022-05-09").exit_code == 0
    result = vanthu("cap-so", "b.docx", "--ngay", "2022-05-10", "--ra", "ban-hanh")
    assert result.exit_code == 0, result.output
    assert paragraph_with(tmp_path / "ban-hanh" / "b-KH-02-THCSKB.docx", "Số").text == "Số: 02/KH-THCSKB"
    assert [(r.so, r.khoa) for r in register_rows(data)] == [(1, "word/a"), (2, "word/b")]


def test_issuing_the_same_file_twice_gives_the_same_number(vanthu, data, tmp_path):
    ke_hoach(tmp_path)
    first = vanthu("cap-so", "ke-hoach-x.docx", "--ngay", "2022-05-09")
    issued = tmp_path / "ke-hoach-x-KH-01-THCSKB.docx"
    written = issued.read_bytes()

    again = vanthu("cap-so", "ke-hoach-x.docx")  # no --ngay: the date it was issued with
    other_day = vanthu("cap-so", "ke-hoach-x.docx", "--ngay", "2022-05-10")

    assert first.exit_code == again.exit_code == 0
    assert again.stdout.startswith("Kế hoạch «Triển khai công tác Bình đẳng giới và Trẻ em năm 2022» đã có số "
                                   "01/KH-THCSKB (cấp ngày 09/05/2022)")
    assert other_day.exit_code == 1 and "không cấp lại với ngày 10/05/2022" in other_day.stderr
    assert issued.read_bytes() == written
    assert len(register_rows(data)) == 1


def test_a_changed_file_is_refused_until_its_number_is_revoked(vanthu, data, tmp_path):
    source = ke_hoach(tmp_path)
    assert vanthu("cap-so", "ke-hoach-x.docx", "--ngay", "2022-05-09").exit_code == 0
    issued = (tmp_path / "ke-hoach-x-KH-01-THCSKB.docx").read_bytes()
    doc = Document(source)
    doc.add_paragraph("Một câu thêm sau khi đã cấp số.")
    doc.save(source)

    refused = vanthu("cap-so", "ke-hoach-x.docx", "--ngay", "2022-05-09")

    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "đã được cấp số 01/KH-THCSKB năm 2022 (tệp ke-hoach-x-KH-01-THCSKB.docx), nhưng dữ liệu đã thay đổi" \
        in refused.stderr
    assert "vanthu so-van-ban thu-hoi 1 --nam 2022" in refused.stderr
    assert (tmp_path / "ke-hoach-x-KH-01-THCSKB.docx").read_bytes() == issued
    assert vanthu("so-van-ban", "thu-hoi", "1", "--nam", "2022", "--ly-do", "Bổ sung").exit_code == 0
    assert vanthu("cap-so", "ke-hoach-x.docx", "--ngay", "2022-05-10").exit_code == 0
    assert [(r.so, r.trang_thai) for r in register_rows(data)] == [(1, "thu_hoi"), (2, "da_cap")]


def _field_in_date_line(folder: Path) -> Path:
    """The day typed as a Word DATE field: its result cannot be rewritten as text."""
    path = ke_hoach(folder, ngay=["Quận 8, ngày "])
    doc = Document(path)
    line = paragraph_with(path, "Quận 8")
    line = next(p for p in _paragraphs(doc) if p.text == line.text)
    for kind, text in (("begin", None), (None, ' DATE \\@ "dd" '), ("separate", None), (None, "09"), ("end", None)):
        run = line.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text.startswith(" DATE"):
            instr = OxmlElement("w:instrText")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    runs(line, [" tháng 5 năm 2022"], **NGAY)
    doc.save(path)
    return path


def _meeting_time_only(folder: Path) -> Path:
    """No date line in the header; the line below it is the meeting's time, not the date of issue."""
    doc = Document()
    table_header(doc, ["Số:     /GM-THCSKB"], ["Độc lập - Tự do - Hạnh phúc"])
    runs(doc.add_paragraph(), ["GIẤY MỜI"], 14, bold=True)
    runs(doc.add_paragraph(), ["Thời gian: 8 giờ, ngày 10 tháng 5 năm 2022"], 14)
    doc.save(folder / "giay-moi.docx")
    return folder / "giay-moi.docx"


def _header_in_a_text_box(folder: Path) -> Path:
    """The Số line typed in a (VML) text box floating over the page."""
    from docx.oxml import parse_xml
    path = ke_hoach(folder, so=["TRƯỜNG THCS KHÁNH BÌNH"])
    doc = Document(path)
    doc.paragraphs[0].runs[0]._r.addnext(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="width:150pt;height:30pt"><v:textbox>'
        '<w:txbxContent><w:p><w:r><w:t xml:space="preserve">Số:     /KH-THCSKB</w:t></w:r></w:p></w:txbxContent>'
        '</v:textbox></v:shape></w:pict></w:r>'))
    doc.save(path)
    return path


def _cong_van_without_v_v(folder: Path) -> Path:
    doc = Document()
    table_header(doc, ["Số: /THCSKB-VP"], ["Quận 8, ngày    tháng 5 năm 2022"])
    runs(doc.add_paragraph(), ["Kính gửi: Phòng Giáo dục và Đào tạo Quận 8"], 14)
    doc.save(folder / "cong-van.docx")
    return folder / "cong-van.docx"


def _write(folder: Path, name: str, content: bytes) -> Path:
    (folder / name).write_bytes(content)
    return folder / name


REFUSALS = {
    "no Số line": (lambda f: ke_hoach(f, so=["Kế hoạch của trường"]),
                   "không tìm thấy dòng «Số:» ở phần đầu văn bản"),
    "number filled in": (lambda f: ke_hoach(f, so=["Số: 05/KH-THCSKB"]),
                         "dòng «Số: 05/KH-THCSKB» đã có số; văn bản đã cấp số không được cấp lại"),
    "another unit's code": (lambda f: ke_hoach(f, so=["Số:    /KH-PGDĐT"]),
                            "ký hiệu «KH-PGDĐT» mang mã đơn vị «PGDĐT», không phải mã của trường «THCSKB»"),
    "unknown type code": (lambda f: ke_hoach(f, so=["Số:    /QD-THCSKB"]),
                          "«QD» trong ký hiệu «QD-THCSKB» không phải mã loại văn bản của Nghị định 30 "
                          "(có phải «QĐ»?)"),
    "ký hiệu of another kind": (lambda f: ke_hoach(f, so=["Số:    /TB-THCSKB"]),
                                "ký hiệu «TB-THCSKB» là của thông báo, nhưng tên loại của văn bản là «KẾ HOẠCH»"),
    "no trích yếu": (_cong_van_without_v_v, "không tìm thấy trích yếu (dòng «V/v …» dưới dòng «Số:»)"),
    "ký hiệu not typed": (lambda f: ke_hoach(f, so=["Số: …/…"]), "ký hiệu «…» chưa đủ"),
    "no date line": (lambda f: ke_hoach(f, ngay=["Quận 8"]), "không tìm thấy dòng địa danh, ngày tháng"),
    "Số in a text box": (_header_in_a_text_box, "dòng «Số:» nằm trong hộp văn bản (text box)"),
    "only a meeting time": (_meeting_time_only, "không tìm thấy dòng địa danh, ngày tháng"),
    "date as a field": (_field_in_date_line, "có trường (field), hình hay ký hiệu đặc biệt ở chỗ cần điền"),
    "typed month differs": (lambda f: ke_hoach(f, ngay=["Quận 8, ngày    tháng 6 năm 2022"]),
                            "dòng ngày tháng ghi «ngày tháng 6 năm 2022», khác ngày cấp số 09/05/2022"),
    "a .doc file": (lambda f: _write(f, "ke-hoach-x.doc", b"\xd0\xcf\x11\xe0"),
                    "chỉ cấp số được cho văn bản Word .docx; tệp .doc (Word 97–2003)"),
    "not Word inside": (lambda f: _write(f, "hong.docx", b"Lorem ipsum"),
                        "không mở được: không phải văn bản Word .docx hợp lệ"),
}


@pytest.mark.not_ooxml("hong.docx")
@pytest.mark.parametrize("case", REFUSALS)
def test_refused_with_the_reason_writing_nothing(vanthu, data, tmp_path, case):
    make, reason = REFUSALS[case]
    source = make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())

    result = vanthu("cap-so", source.name, "--ngay", "2022-05-09")

    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(f"Lỗi: {source.name}: ") and reason in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not (data / "so-van-ban-di.sqlite").exists() or register_rows(data) == []  # no number taken


def test_a_missing_file_and_a_date_outside_the_year(vanthu, data, tmp_path):
    missing = vanthu("cap-so", "khong-co.docx")
    assert missing.exit_code == 1 and missing.stderr == "Lỗi: khong-co.docx: không có tệp này\n"
    ke_hoach(tmp_path)
    outside = vanthu("cap-so", "ke-hoach-x.docx", "--ngay", "2022-05-09", "--nam", "2023")
    assert outside.exit_code == 1
    assert "ngày cấp số 09/05/2022 không thuộc năm 2023" in outside.stderr
    assert register_rows(data) == []


def test_a_copy_that_cannot_be_written_takes_no_number(vanthu, data, tmp_path):
    ke_hoach(tmp_path)
    (tmp_path / "ban-hanh").write_text("một tệp, không phải thư mục")

    result = vanthu("cap-so", "ke-hoach-x.docx", "--ngay", "2022-05-09", "--ra", "ban-hanh")

    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("Lỗi: không tạo được thư mục ban-hanh")
    assert register_rows(data) == []
    assert vanthu("cap-so", "ke-hoach-x.docx", "--ngay", "2022-05-09").stdout.startswith("Đã cấp số 01/KH-THCSKB")


def test_a_vanthu_draft_issued_in_word_loses_its_draft_mark(vanthu, data, tmp_path):
    assert vanthu("soan", "ke-hoach-binh-dang-gioi").exit_code == 0
    source = tmp_path / "out" / "2022" / "du-thao" / "ke-hoach-binh-dang-gioi.docx"
    draft = Document(source)
    assert "DỰ THẢO" in [p.text for p in draft.sections[0].first_page_header.paragraphs]
    assert draft.core_properties.comments == "Dự thảo"

    result = vanthu("cap-so", str(source), "--ngay", "2022-05-09", "--ra", "ban-hanh")
    assert result.exit_code == 0, result.output
    issued = Document(tmp_path / "ban-hanh" / "ke-hoach-binh-dang-gioi-KH-01-THCSKB.docx")
    nd30.assert_page_numbers(issued, draft=False)
    assert issued.core_properties.comments == "Đã ban hành"
    assert nd30.texts(issued.tables[0].cell(1, 0))[0].text == "Số: 01/KH-THCSKB"
    assert "DỰ THẢO" in [p.text for p in Document(source).sections[0].first_page_header.paragraphs]  # untouched
