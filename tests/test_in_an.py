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
