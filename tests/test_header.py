"""The header prints whole: names broken between their phrases, the clerk's own lines, the rule under
the name, the date line on one line; balanced trích yếu lines. Read back from the .docx, and from
LibreOffice's PDF for a sample of real names."""

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt

import nd30
from header_sample import SAMPLE, printed_lines, rows, words
from pipeline import pdf, vn
from pipeline.layout import RULE_RATIO
from pipeline.metrics import text_width_mm
from pipeline.names import balanced_lines, header_lines, name_split

PLAN = ("out", "2022", "du-thao", "ke-hoach-binh-dang-gioi.docx")
LEFT_MM = 73 - 2  # the header's left column, less its cell padding


def school(data: Path, chu_quan: str, ten: str, dia_danh: str, extra: str = "") -> None:
    path = data / "don-vi.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"co_quan_chu_quan: .*", f"co_quan_chu_quan: {chu_quan}", text)
    text = re.sub(r"\nten: .*", f"\nten: {ten}", text)
    text = re.sub(r"dia_danh: .*", f"dia_danh: {dia_danh}", text) + extra
    path.write_text(text, encoding="utf-8")


def plan(vanthu, tmp_path) -> Document:
    result = vanthu("soan", "ke-hoach-binh-dang-gioi")
    assert result.exit_code == 0, result.output
    return Document(tmp_path.joinpath(*PLAN))


def left_lines(doc) -> list:
    return nd30.texts(doc.tables[0].cell(0, 0))


# One fast test per rule.

@pytest.mark.parametrize("name, bold, expected", [
    ("ỦY BAN NHÂN DÂN XÃ HƯNG KHÁNH TRUNG", False, ("ỦY BAN NHÂN DÂN", "XÃ HƯNG KHÁNH TRUNG")),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", False, ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH")),
    ("PHÒNG GD&ĐT HUYỆN BÌNH CHÁNH", False, ("PHÒNG GD&ĐT", "HUYỆN BÌNH CHÁNH")),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HỒ CHÍ MINH", True, ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "THÀNH PHỐ HỒ CHÍ MINH")),
    ("TRƯỜNG TIỂU HỌC PHAN ĐÌNH PHÙNG", True, ("TRƯỜNG TIỂU HỌC", "PHAN ĐÌNH PHÙNG")),
    ("TRƯỜNG THPT NGUYỄN THỊ MINH KHAI", True, ("TRƯỜNG THPT", "NGUYỄN THỊ MINH KHAI")),
    ("TRƯỜNG THCS KHÁNH BÌNH", True, ("TRƯỜNG THCS KHÁNH BÌNH",)),
    # The unit and its name are wider than the column: the unit word goes up, the name stays whole.
    ("ỦY BAN NHÂN DÂN PHƯỜNG TRƯƠNG QUANG TRỌNG", False, ("ỦY BAN NHÂN DÂN PHƯỜNG", "TRƯƠNG QUANG TRỌNG")),
    ("TRƯỜNG TIỂU HỌC VÀ TRUNG HỌC CƠ SỞ BẠCH LONG VĨ", True,
     ("TRƯỜNG TIỂU HỌC VÀ", "TRUNG HỌC CƠ SỞ", "BẠCH LONG VĨ")),
])
def test_names_break_between_phrases(name, bold, expected):
    lines = header_lines(name, LEFT_MM, 13, bold)
    assert lines == expected
    assert not name_split(name, lines)


def test_a_proper_name_wider_than_the_column_alone_breaks_at_its_seam():
    lines = header_lines("PHƯỜNG VĂN MIẾU - QUỐC TỬ GIÁM", 60, 13)
    assert lines == ("PHƯỜNG VĂN MIẾU -", "QUỐC TỬ GIÁM")


def test_header_lines_from_the_names_and_the_rule_sized_to_the_longest(vanthu, tmp_path, data):
    school(data, "Ủy ban nhân dân xã Hưng Khánh Trung", "Trường Tiểu học Phan Đình Phùng", "Hưng Khánh Trung")
    doc = plan(vanthu, tmp_path)
    lines = left_lines(doc)
    assert [p.text for p in lines] == ["ỦY BAN NHÂN DÂN", "XÃ HƯNG KHÁNH TRUNG", "TRƯỜNG TIỂU HỌC", "PHAN ĐÌNH PHÙNG"]
    assert [bool(p.runs[0].bold) for p in lines] == [False, False, True, True]
    rule = next(w for p in doc.tables[0].cell(0, 0).paragraphs if (w := nd30.rule_width_mm(p, LEFT_MM)))
    longest = text_width_mm("TRƯỜNG TIỂU HỌC", 13, bold=True)
    assert rule == pytest.approx(longest * RULE_RATIO, abs=0.3)


def test_the_clerk_gives_the_chu_quan_lines(vanthu, tmp_path, data):
    school(data, "Ủy ban nhân dân Quận 8", "Trường THCS Khánh Bình", "Quận 8",
           extra="chu_quan_dau_trang: [UBND QUẬN 8, PHÒNG VĂN HÓA - XÃ HỘI]\n")
    lines = left_lines(plan(vanthu, tmp_path))
    assert [p.text for p in lines][:3] == ["UBND QUẬN 8", "PHÒNG VĂN HÓA - XÃ HỘI", "TRƯỜNG THCS KHÁNH BÌNH"]


def test_a_long_date_line_prints_smaller_on_one_line(vanthu, tmp_path, data):
    school(data, "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh", "Trường THPT Nguyễn Du", "Thành phố Hồ Chí Minh")
    date_lines = nd30.texts(plan(vanthu, tmp_path).tables[0].cell(1, 1))
    assert [p.text for p in date_lines] == ["Thành phố Hồ Chí Minh, ngày 09 tháng 5 năm 2022"]
    assert date_lines[0].runs[0].font.size == Pt(13) and date_lines[0].runs[0].italic


def test_a_short_date_line_keeps_its_size(vanthu, tmp_path):
    date_lines = nd30.texts(plan(vanthu, tmp_path).tables[0].cell(1, 1))
    assert [p.text for p in date_lines] == ["Quận 8, ngày 09 tháng 5 năm 2022"]
    assert date_lines[0].runs[0].font.size == Pt(14)


def test_trich_yeu_lines_are_balanced():
    text = "Về việc thành lập Ban chỉ đạo công tác Bình đẳng giới và Trẻ em năm học 2022 - 2023 của trường em"
    lines = balanced_lines(text, 165, 14)
    assert " ".join(lines) == text and len(lines) == 2
    widths = [text_width_mm(line, 14, bold=True) for line in lines]
    assert min(widths) > 0.6 * max(widths)  # no short word alone on the last line
    assert not any(line.endswith("Bình") for line in lines)


def test_trich_yeu_never_splits_binh_dang(vanthu, tmp_path, data):
    path = data / "2022" / "van-ban" / "ke-hoach-binh-dang-gioi.yaml"
    text = path.read_text(encoding="utf-8")
    long_title = ("trich_yeu: Triển khai thực hiện công tác tuyên truyền, giáo dục pháp luật về "
                  "Bình đẳng giới và Trẻ em năm {{ nam }}")
    path.write_text(re.sub(r"trich_yeu: .*", long_title, text, count=1), encoding="utf-8")
    doc = plan(vanthu, tmp_path)
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("KẾ HOẠCH") + 1
    title = texts[start:start + 2]
    assert " ".join(title) == ("Triển khai thực hiện công tác tuyên truyền, giáo dục pháp luật về "
                               "Bình đẳng giới và Trẻ em năm 2022")
    assert not any(line.endswith(" Bình") for line in title)
    widths = [text_width_mm(line, 14, bold=True) for line in title]
    assert min(widths) > 0.6 * max(widths)


# The measurement checked against LibreOffice's own layout.

@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="cần LibreOffice và poppler-utils")
@pytest.mark.parametrize("co_chu", ["A", "B"])
def test_real_headers_print_whole_in_libreoffice(vanthu, tmp_path, data, co_chu):
    docs = []
    replace_co_chu(data, co_chu)
    assert vanthu("mau").exit_code == 0  # the templates of the school's size profile
    for i, (chu_quan, ten, dia_danh) in enumerate(SAMPLE):
        school(data, chu_quan, ten, dia_danh)
        plan(vanthu, tmp_path)
        docs.append(shutil.move(tmp_path.joinpath(*PLAN), tmp_path / f"{i:02d}.docx"))
    result = pdf.convert(docs)
    assert result.failed == {}
    split_x = (30 - 5 + 73) / 25.4 * 72  # the columns' seam: the table overhangs the 30 mm margin by 5 mm
    for (chu_quan, ten, dia_danh), doc in zip(SAMPLE, docs):
        printed = Path(doc).with_suffix(".pdf")
        so_y = next(y for x, y, _, w in words(printed) if w == "Số:")
        left = rows(printed, True, split_x, 0, so_y - 1)
        expected = [p.text for p in left_lines(Document(doc))]
        assert left == expected, f"{chu_quan} / {ten}: LibreOffice wrapped {left}, vanthu measured {expected}"
        names = [vn.in_hoa(chu_quan), vn.in_hoa(ten)]
        for name, lines in zip(names, printed_lines(left, names)):
            wider = text_width_mm(name.split(" ", 4)[-1], 13, bold=True) > LEFT_MM  # the name alone
            assert wider or not name_split(name, tuple(lines)), lines
        right = rows(printed, False, split_x)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
        assert f"{dia_danh}, ngày 09 tháng 5 năm 2022" in right


def replace_co_chu(data: Path, co_chu: str) -> None:
    path = data / "don-vi.yaml"
    path.write_text(re.sub(r"co_chu: [AB]", f"co_chu: {co_chu}", path.read_text(encoding="utf-8")), encoding="utf-8")


def test_a_long_trich_yeu_is_even_over_its_lines_and_keeps_its_phrases():
    text = ("Về việc ban hành Quy chế tổ chức và hoạt động của Hội đồng trường, Quy chế chi tiêu nội bộ, Quy chế "
            "dân chủ ở cơ sở, Quy chế quản lý tài sản công và Quy chế làm việc của Trường Trung học cơ sở Khánh "
            "Bình năm học 2025 - 2026")
    lines = balanced_lines(text, 165, 14)
    assert " ".join(lines) == text and len(lines) == 4
    widths = [text_width_mm(line, 14, bold=True) for line in lines]
    assert max(widths) <= 165 and min(widths) > 0.85 * max(widths)
    assert not any(line.endswith((" cơ", " Trung học", " năm")) for line in lines)


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="cần LibreOffice và poppler-utils")
def test_balanced_trich_yeu_lines_print_as_measured_in_libreoffice(vanthu, tmp_path, data):
    path = data / "2022" / "van-ban" / "ke-hoach-binh-dang-gioi.yaml"
    long_title = ("trich_yeu: Triển khai công tác tuyên truyền, giáo dục pháp luật về Bình đẳng giới và Trẻ em, "
                  "phòng, chống bạo lực học đường trong Trường Trung học cơ sở Khánh Bình năm học {{ nam_hoc }}")
    path.write_text(re.sub(r"trich_yeu: .*", long_title, path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    doc = plan(vanthu, tmp_path)
    expected = [p.text for p in nd30.title_lines(doc)]
    assert len(expected) == 3
    result = pdf.convert([tmp_path.joinpath(*PLAN)])
    assert result.failed == {}
    printed = rows(result.pdfs[0], True, 1e9)  # the whole width: one column
    start = printed.index("KẾ HOẠCH") + 1
    assert printed[start:start + 3] == expected
