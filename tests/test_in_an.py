"""How documents print: a long Nơi nhận list, wide annex tables, read back from the .docx and, where
the page layout matters, from LibreOffice's PDF (its words and where they lie on each page)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

import nd30
from test_pdf import libreoffice

DRAFTS = Path("out", "2022", "du-thao")
PARAGRAPH = ("Đoạn văn thứ {} của thông báo, đủ dài để chiếm hai dòng trên trang giấy khổ A4 theo đúng thể thức "
             "văn bản hành chính của nhà trường.")
CLOSING = "Đề nghị các đơn vị thực hiện nghiêm túc nội dung thông báo này./."
LONG_RECIPIENT = "Giáo viên chủ nhiệm lớp {} và Ban đại diện cha mẹ học sinh của lớp"


def notice(data: Path, name: str, paragraphs: int, recipients: list[str]) -> None:
    """A notice of `paragraphs` two-line paragraphs, a closing one, and these recipients."""
    lines = ["loai: TB", "ngay: 2022-05-09", "trich_yeu: Lịch họp phụ huynh học sinh", "noi_dung:"]
    lines += [f'  - "{PARAGRAPH.format(i)}"' for i in range(1, paragraphs + 1)]
    lines += [f'ket_luan: "{CLOSING}"', "noi_nhan:"] + [f'  - "{r}"' for r in recipients]
    (data / "2022" / "van-ban" / f"{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def forty_long(data: Path) -> list[str]:
    recipients = [LONG_RECIPIENT.format(f"{6 + i % 4}A{i + 1}") for i in range(40)]
    notice(data, "bon-muoi", 12, recipients)
    return recipients


# --- Nơi nhận ---------------------------------------------------------------------------------

def test_a_long_list_goes_on_below_the_signature_one_recipient_a_row(vanthu, data, tmp_path):
    recipients = forty_long(data)
    assert vanthu("soan", "bon-muoi").exit_code == 0
    doc = Document(tmp_path / DRAFTS / "bon-muoi.docx")
    expected = [f"- {r};" for r in recipients] + ["- Lưu: VT."]
    nd30.assert_footer(doc, expected, ["HIỆU TRƯỞNG"], "Nguyễn Văn A")
    table = nd30.footer_table(doc)
    first = [p.text for p in nd30.texts(table.cell(0, 0))]
    # Beside the signature (7 lines of 14 pt): as many two-line entries as its height holds.
    assert first == ["Nơi nhận:"] + expected[:3]
    below = [[p.text for p in nd30.texts(row.cells[0])] for row in table.rows[1:]]
    assert below == [[line] for line in expected[3:]]
    assert all(not nd30.texts(row.cells[1]) for row in table.rows[1:])
    closing = next(p for p in doc.paragraphs if p.text == CLOSING)
    assert closing.paragraph_format.keep_with_next  # with the signature's row


def test_a_short_list_stays_in_one_row(vanthu, data, tmp_path):
    notice(data, "ngan", 2, ["Ban Giám hiệu", "Các tổ chuyên môn"])
    assert vanthu("soan", "ngan").exit_code == 0
    doc = Document(tmp_path / DRAFTS / "ngan.docx")
    table = nd30.footer_table(doc)
    assert len(table.rows) == 1
    assert [p.text for p in nd30.texts(table.cell(0, 0))] == [
        "Nơi nhận:", "- Ban Giám hiệu;", "- Các tổ chuyên môn;", "- Lưu: VT."]


def word_boxes(pdf: Path) -> list[list[tuple[float, str]]]:
    """Each page's words with the bottom of their box, in mm from the top of the page."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [[(float(y) * 25.4 / 72, word) for y, word in re.findall(r'yMax="([\d.]+)">([^<]*)</word>', page)]
            for page in html.split("<page")[1:]]


def page_of(pages: list[list[tuple[float, str]]], text: str) -> int:
    """The page (from 1) whose words hold `text`."""
    return next(i for i, words in enumerate(pages, 1) if text in " ".join(w for _, w in words))


@libreoffice
def test_twenty_recipients_fill_page_one_and_go_on(vanthu, data, tmp_path):
    notice(data, "hai-muoi", 9, [f"Tổ chuyên môn số {i}" for i in range(1, 21)])
    assert vanthu("soan", "hai-muoi", "--pdf").exit_code == 0
    pages = word_boxes(tmp_path / DRAFTS / "hai-muoi.pdf")
    assert len(pages) == 2
    assert page_of(pages, "nghiêm túc nội dung") == page_of(pages, "Nguyễn Văn A") == 1
    # Page 1 is used down to its bottom margin (297 − 20 mm), not left with a blank under the text.
    assert max(y for y, w in pages[0]) > 297 - 20 - 12
    assert page_of(pages, "Tổ chuyên môn số 20;") == page_of(pages, "Lưu: VT.") == 2


@libreoffice
def test_forty_long_recipients_keep_the_signer_with_the_closing_paragraph(vanthu, data, tmp_path):
    forty_long(data)
    assert vanthu("soan", "bon-muoi", "--pdf").exit_code == 0
    pages = word_boxes(tmp_path / DRAFTS / "bon-muoi.pdf")
    signer = page_of(pages, "Nguyễn Văn A")
    assert page_of(pages, "nghiêm túc nội dung") == page_of(pages, "Nơi nhận:") == page_of(pages, "HIỆU TRƯỞNG") == signer
    assert page_of(pages, "lớp 9A40") == page_of(pages, "Lưu: VT.") == len(pages) == 3


# --- wide tables --------------------------------------------------------------------------------

SHEET = """STT,Họ và tên,Giới tính,Lớp,Chuyên cần,Hạnh kiểm,Điểm Toán,Điểm Ngữ văn,Điểm Tiếng Anh,Điểm Vật lý,\
Điểm Hóa học,Điểm Sinh học,Tổng điểm,Xếp loại
1,Nguyễn Văn Anh,Nam,6A1,Tốt,Tốt,10,"9,5","8,75",10,9,8,"55,25",Giỏi
2,Trần Thị Bình,Nữ,6A2,Khá,Tốt,7,8,9,10,"6,5",7,"47,5",Khá
3,Lê Hoàng Long,Nam,6A3,Tốt,Khá,1000,8,9,10,"6,5",7,"1040,5",Khá
Tổng cộng,,,,,,1017,"25,5","26,75",30,22,22,"1143,25",
"""
TITLES = SHEET.splitlines()[0].split(",")


def decision_with_annex(data: Path, name: str, table: str, ngang: str = "") -> None:
    """A decision whose one annex holds `table` (YAML of a `bang`, indented under it)."""
    (data / "2022" / "diem.csv").write_text(SHEET, encoding="utf-8")
    (data / "2022" / "van-ban" / f"{name}.yaml").write_text(
        "loai: QĐ\nngay: 2022-05-09\ntrich_yeu: Về việc công nhận kết quả học tập\n"
        "can_cu: [Căn cứ Điều lệ trường trung học]\n"
        "noi_dung:\n  - dieu: Công nhận kết quả học tập của học sinh (danh sách kèm theo).\n"
        "  - dieu: Quyết định có hiệu lực kể từ ngày ký.\nnoi_nhan: [Ban Giám hiệu]\n"
        f"phu_luc:\n  - ten: Danh sách học sinh\n{ngang}    noi_dung:\n      - bang:\n{table}", encoding="utf-8")


WIDE = f"          cot: [{', '.join(TITLES)}]\n          tep: diem.csv\n          tong: true\n"


def landscape(section) -> bool:
    return section.page_width.mm > section.page_height.mm


def test_an_annex_whose_columns_need_it_gets_a_landscape_page(vanthu, data, tmp_path):
    decision_with_annex(data, "ket-qua", WIDE)
    result = vanthu("soan", "ket-qua")
    assert result.exit_code == 0 and "Cảnh báo" not in result.stderr, result.stderr
    doc = Document(tmp_path / DRAFTS / "ket-qua.docx")
    # The decision on portrait A4, the annex (the document's last section) on landscape A4.
    assert [landscape(s) for s in doc.sections] == [False, True]
    assert round(doc.sections[-1].page_width.mm) == 297 and nd30.sections_with_restart(doc) == [False, True]
    assert not [p for p in doc.element.body[-3:] if p.tag == qn("w:p") and p.find(f".//{qn('w:sectPr')}") is not None]
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == TITLES
    widths = [c.width.mm for c in table.rows[0].cells]
    assert 165 < sum(widths) <= 252.5  # wider than a portrait page's text, within a landscape one's
    for c, title in enumerate(TITLES):  # every word and number of a column fits its width
        longest = max([nd30.text_width_mm(w, 13, bold=True) for w in title.split()] +
                      [nd30.text_width_mm(w, 13) for row in table.rows[1:] for w in row.cells[c].text.split()])
        assert longest + 2 <= widths[c] + 0.01, (title, widths[c])
    # The sheet's «Tổng cộng» row is kept as the table's last row, in bold; the data rows are not.
    total = table.rows[-1]
    assert [c.text for c in total.cells][:1] == ["Tổng cộng"] and total.cells[-2].text == "1143,25"
    assert all(r.bold for c in total.cells for p in c.paragraphs for r in p.runs)
    assert not any(r.bold for c in table.rows[1].cells for p in c.paragraphs for r in p.runs)


def test_the_page_of_an_annex_is_a_setting(vanthu, data, tmp_path):
    decision_with_annex(data, "doc", WIDE, ngang="    ngang: false\n")
    result = vanthu("soan", "doc")
    assert result.exit_code == 0
    doc = Document(tmp_path / DRAFTS / "doc.docx")
    assert [landscape(s) for s in doc.sections] == [False, False]
    widths = [c.width.mm for c in doc.tables[-1].rows[0].cells]
    assert round(sum(widths), 1) == 165
    # Numbers still print whole: their columns are at least as wide as the widest number.
    assert widths[TITLES.index("Tổng điểm")] >= nd30.text_width_mm("1143,25", 13) + 2
    [narrow] = [line for line in result.stderr.splitlines() if "hẹp hơn chữ" in line]  # one line for the table
    assert narrow.startswith("Cảnh báo: văn bản «doc»: bảng 14 cột (STT, Họ và tên, Giới tính, …): cột «")
    assert "; cột «Điểm Tiếng Anh» hẹp hơn chữ «Tiếng»; " in narrow
    assert narrow.endswith("; các chữ này sẽ bị ngắt giữa chừng; rút gọn tiêu đề cột, đổi độ rộng các cột (`rong`), "
                           "hoặc đặt bảng vào một phụ lục in trang ngang (`ngang`)")

    narrow = "          cot: [STT, Họ và tên]\n          hang: [[1, Nguyễn Văn Anh]]\n"
    decision_with_annex(data, "ngang", narrow, ngang="    ngang: true\n")
    assert vanthu("soan", "ngang").exit_code == 0
    assert [landscape(s) for s in Document(tmp_path / DRAFTS / "ngang.docx").sections] == [False, True]


def test_a_sheet_total_row_left_out_is_said(vanthu, data, tmp_path):
    decision_with_annex(data, "bo-tong", f"          cot: [{', '.join(TITLES)}]\n          tep: diem.csv\n")
    result = vanthu("soan", "bo-tong")
    assert result.exit_code == 0
    assert ("Cảnh báo: data/2022/diem.csv, hàng 5: hàng tổng «Tổng cộng» không được in trong bảng của văn bản "
            "«bo-tong»; để in nó làm hàng tổng (chữ đậm), đánh dấu bảng là có hàng tổng (`tong`)") in result.stderr.splitlines()
    rows = Document(tmp_path / DRAFTS / "bo-tong.docx").tables[-1].rows
    assert [r.cells[1].text for r in rows[1:]] == ["Nguyễn Văn Anh", "Trần Thị Bình", "Lê Hoàng Long"]


def test_a_typed_total_row_is_bold(vanthu, data, tmp_path):
    typed = ("          cot: [Khối, Số lớp, Số học sinh]\n          tong: true\n"
             "          hang: [[Khối 6, 10, 452], [Khối 7, 9, 417], [Tổng cộng, 19, 869]]\n")
    decision_with_annex(data, "tong", typed)
    assert vanthu("soan", "tong").exit_code == 0
    doc = Document(tmp_path / DRAFTS / "tong.docx")
    assert [landscape(s) for s in doc.sections] == [False, False]
    rows = doc.tables[-1].rows
    bold = [all(r.bold for c in row.cells for p in c.paragraphs for r in p.runs) for row in rows]
    assert bold == [True, False, False, True]


@libreoffice
def test_a_wide_annex_prints_landscape_with_numbers_and_words_whole(vanthu, data, tmp_path):
    from pypdf import PdfReader
    decision_with_annex(data, "ket-qua", WIDE)
    assert vanthu("soan", "ket-qua", "--pdf").exit_code == 0
    pdf = tmp_path / DRAFTS / "ket-qua.pdf"
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(pdf).pages]
    assert sizes[0] == (595, 842) and sizes[-1] == (842, 595)  # no empty page after the annex
    annex = [w for _, w in word_boxes(pdf)[-1]]
    for whole in ("1143,25", "1040,5", "1000", "26,75", "Giới", "Chuyên", "Tiếng", "Nguyễn", "Tổng"):
        assert whole in annex, whole
