"""The end-of-year report: every target of the plan scored from the results, never typed."""

import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

import nd30
from conftest import replace_in

TRICH_YEU = "Kết quả thực hiện Kế hoạch triển khai thực hiện công tác Bình đẳng giới và Trẻ em năm 2022"
RESULTS = "data/2022/van-ban/bao-cao-binh-dang-gioi.yaml"


def render(vanthu, tmp_path, *args):
    result = vanthu("soan", "bao-cao-binh-dang-gioi", *args)
    assert result.exit_code == 0, result.output
    return Document(tmp_path / "out" / "2022" / "du-thao" / "bao-cao-binh-dang-gioi.docx")


def target_table(doc):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")


def test_report_scores_every_target_once(vanthu, tmp_path):
    doc = render(vanthu, tmp_path)
    table = target_table(doc)
    header = [c.text for c in table.rows[0].cells]
    assert header == ["STT", "Chỉ tiêu", "Kế hoạch", "Kết quả", "Đánh giá"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[0] for r in rows] == ["1", "2", "3", "4", "5", "6"]
    assert rows[1] == ["2", "Đảm bảo 100% trẻ em được hỗ trợ, cấp thẻ bảo hiểm y tế.", "100%", "98,5%", "Chưa đạt"]
    assert [r[4] for r in rows] == ["Đạt", "Chưa đạt", "Đạt", "Đạt", "Đạt", "Đạt"]
    assert all(r[2] == "100%" for r in rows)
    # The header row repeats on a new page, no row splits.
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    for cell in table.rows[0].cells:
        nd30.assert_style(cell.paragraphs[0], 13, bold=True)
    text = nd30.text(doc)
    assert "Đạt 5/6 chỉ tiêu của Kế hoạch." in text
    assert "3 học sinh chuyển trường cuối năm chưa được cấp lại thẻ" in text


def test_report_is_in_nd30_format_with_kinh_gui(vanthu, tmp_path):
    doc = render(vanthu, tmp_path)
    nd30.assert_page(doc)
    nd30.assert_fonts(doc)
    nd30.assert_header(doc, chu_quan="ỦY BAN NHÂN DÂN QUẬN 8", ten="TRƯỜNG THCS KHÁNH BÌNH",
                       so_line="Số:      /BC-THCSKB", date_line="Quận 8, ngày 20 tháng 12 năm 2022")
    nd30.assert_title(doc, "BÁO CÁO", TRICH_YEU)
    nd30.assert_footer(doc, ["- Như trên;", "- Ban Giám hiệu (để biết);", "- Lưu: VT."], ["HIỆU TRƯỞNG"],
                       "Nguyễn Văn A")
    nd30.assert_page_numbers(doc, draft=True)
    paras = nd30.after_title(doc)
    kinh_gui = paras[0]
    assert kinh_gui.text == "Kính gửi: Phòng Giáo dục và Đào tạo Quận 8"
    nd30.assert_style(kinh_gui, 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    for p in paras[1:]:
        nd30.assert_body_paragraph(p)
    headings = [p.text for p in paras if re.match(r"^[IVX]+\. ", p.text)]
    assert headings == ["I. KẾT QUẢ THỰC HIỆN", "II. ĐÁNH GIÁ CHUNG", "III. PHƯƠNG HƯỚNG NĂM 2023", "IV. KIẾN NGHỊ"]
    assert paras[-1].text.endswith("Trường THCS Khánh Bình./.")


def test_several_recipients_are_listed_under_kinh_gui(vanthu, tmp_path, data):
    replace_in(data / RESULTS[5:], "  - Phòng Giáo dục và Đào tạo Quận 8\n",
               "  - Phòng Giáo dục và Đào tạo Quận 8\n  - Ủy ban nhân dân Phường 3\n")
    paras = [p.text for p in nd30.body_paragraphs(render(vanthu, tmp_path))]
    start = paras.index("Kính gửi:")
    assert paras[start + 1:start + 3] == ["- Phòng Giáo dục và Đào tạo Quận 8;", "- Ủy ban nhân dân Phường 3."]


def test_assessment_is_computed_from_the_values(vanthu, tmp_path, data):
    replace_in(data / RESULTS[5:], "ket_qua: 98.5", "ket_qua: 100")
    replace_in(data / RESULTS[5:], "  khong-bao-luc-gioi:\n    ket_qua: 100",
               "  khong-bao-luc-gioi:\n    ket_qua: 1234.5")
    rows = [[c.text for c in r.cells] for r in target_table(render(vanthu, tmp_path)).rows[1:]]
    assert [r[4] for r in rows] == ["Đạt"] * 6
    assert rows[2][3] == "1.234,5%"


def test_report_cites_the_issued_plan(vanthu, tmp_path):
    assert vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09").exit_code == 0
    result = vanthu("soan", "bao-cao-binh-dang-gioi", "--cap-so", "--ngay", "2022-12-20")
    assert "Đã cấp số 02/BC-THCSKB ngày 20/12/2022" in result.output
    text = nd30.text(Document(tmp_path / "out/2022/BC-02-THCSKB.docx"))
    assert "Căn cứ Kế hoạch số 01/KH-THCSKB ngày 09 tháng 5 năm 2022 của Trường THCS Khánh Bình" in text


def fails(vanthu, tmp_path):
    result = vanthu("soan", "bao-cao-binh-dang-gioi")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    return result.stderr


def test_target_without_result(vanthu, tmp_path, data):
    replace_in(data / RESULTS[5:], "  khong-bao-luc-gioi:\n    ket_qua: 100\n", "")
    replace_in(data / RESULTS[5:], "  tap-huan-can-bo:\n    ket_qua: 100\n", "")
    assert (f"Lỗi: {RESULTS}, dòng 17, trường `ket_qua`: thiếu kết quả của chỉ tiêu: khong-bao-luc-gioi, "
            "tap-huan-can-bo") in fails(vanthu, tmp_path)


def test_result_for_an_unknown_target(vanthu, tmp_path, data):
    replace_in(data / RESULTS[5:], "  tap-huan-can-bo:\n", "  tap-huan-can-bo:\n    ket_qua: 100\n  tap-huan:\n")
    line = (data / RESULTS[5:]).read_text(encoding="utf-8").splitlines().index("  tap-huan:") + 1
    message = fails(vanthu, tmp_path)
    assert f"{RESULTS}, dòng {line}, trường `ket_qua.tap-huan`: kế hoạch «ke-hoach-binh-dang-gioi» không có " \
           "chỉ tiêu «tap-huan»; các mã chỉ tiêu: tre-em-hoan-canh-dac-biet, the-bao-hiem-y-te" in message


def test_wrong_value_type(vanthu, tmp_path, data):
    replace_in(data / RESULTS[5:], "ket_qua: 98.5", "ket_qua: gần đủ")
    assert (f"{RESULTS}, dòng 21, trường `ket_qua.the-bao-hiem-y-te.ket_qua`: cần một số, nhận được «gần đủ»"
            in fails(vanthu, tmp_path))
