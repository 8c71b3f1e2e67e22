"""The clerk's own Word mail-merge template (MERGEFIELD fields) with the school's own sheet."""

from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

import nd30
from pipeline.mergefields import word_date, word_number
from sheets import school_sheet
from wordmerge import MAIL_MERGE_SOURCE, add_complex, add_simple, complex_runs, make_merge_document


# A Word «Trộn thư» letter: simple and complex fields, switches, an IF, a record number and `{{ }}`
# tags mixed in; each paragraph a list of text pieces and fields `("simple" | "complex", instr, shown[, bold])`.
LETTER = [
    ["Kính gửi phụ huynh học sinh ",
     ("complex", ["IF ", ("MERGEFIELD Giới_tính", "«Giới_tính»"), ' = "Nữ" "nữ" "nam"'], "nữ"), " ",
     ("complex", ' MERGEFIELD "Họ và tên" \\* Upper \\* MERGEFORMAT ', "«Họ_và_tên»", True)],
    ["Em sinh ngày ", ("simple", " MERGEFIELD Ngày_sinh ", "«Ngày_sinh»"), ", lớp ",
     ("simple", " MERGEFIELD Lop ", "«Lop»"), "."],
    ["Ngày sinh ghi ngắn: ", ("complex", ' MERGEFIELD Ngay_sinh \\@ "dd/MM/yyyy" ', "«Ngay_sinh»")],
    ["Điểm trung bình: ", ("complex", ' MERGEFIELD Điểm_TB \\# "0,00" ', "«Điểm_TB»"), "; học bổng: ",
     ("complex", ' MERGEFIELD Học_bổng \\# "#.##0 đ" ', "«Học_bổng»"), "."],
    ["Thư số ", ("complex", " MERGEREC ", "«Record»"), " — {{ dia_danh_ngay }}"],
]


def letter(path, *extra: list) -> None:
    """LETTER and the `extra` paragraphs, with a field in the page header too."""
    doc = Document()
    make_merge_document(doc)
    for pieces in LETTER + list(extra):
        write(doc.add_paragraph(), pieces)
    write(doc.sections[0].header.paragraphs[0], ["Lớp ", ("simple", " MERGEFIELD Lớp ", "«Lớp»")])
    doc.save(path)


def write(paragraph, pieces: list) -> None:
    for piece in pieces:
        if isinstance(piece, str):
            paragraph.add_run(piece)
        elif piece[0] == "simple":
            add_simple(paragraph, piece[1], piece[2])
        else:
            add_complex(paragraph, *piece[1:])


def test_word_template_and_school_sheet_make_the_right_letters(vanthu, tmp_path):
    letter(tmp_path / "thu.docx")
    school_sheet(tmp_path / "ds.xlsx")
    result = vanthu("tron", "thu.docx", "ds.xlsx", "--ten", "{stt}-{Họ và tên}", "--bo-hang-tong",
                    "--ngay", "2023-05-20", "--ra", "ra")
    assert result.exit_code == 0, result.output
    assert result.output == "Đã ghi 3 bản dự thảo vào ra/du-thao/\n"
    names = sorted(p.name for p in (tmp_path / "ra" / "du-thao").iterdir())
    assert names == ["1-nguyen-thi-lan.docx", "2-tran-van-binh.docx", "3-le-hoang-yen.docx"]
    doc = Document(tmp_path / "ra" / "du-thao" / "1-nguyen-thi-lan.docx")
    assert [p.text for p in doc.paragraphs] == [
        "Kính gửi phụ huynh học sinh nữ NGUYỄN THỊ LAN",
        "Em sinh ngày 09 tháng 3 năm 2011, lớp 6A1.",
        "Ngày sinh ghi ngắn: 09/03/2011",
        "Điểm trung bình: 8,50; học bổng: 1.500.000 đ.",
        "Thư số 1 — Quận 8, ngày 20 tháng 5 năm 2023"]
    name_run = next(r for r in doc.paragraphs[0].runs if r.text == "NGUYỄN THỊ LAN")
    assert name_run.bold  # the field's own formatting is kept
    assert doc.sections[0].header.paragraphs[0].text == "Lớp 6A1"
    assert doc.settings.element.find(qn("w:mailMerge")) is None  # Word will not ask for ds.xlsx
    assert MAIL_MERGE_SOURCE not in [rel.reltype for rel in doc.part._settings_part.rels.values()]
    doc = Document(tmp_path / "ra" / "du-thao" / "2-tran-van-binh.docx")
    assert [p.text for p in doc.paragraphs][0] == "Kính gửi phụ huynh học sinh nam TRẦN VĂN BÌNH"
    assert doc.paragraphs[3].text == "Điểm trung bình: 9,25; học bổng: 2.000.000 đ."
    for name in names:
        text = nd30.text(Document(tmp_path / "ra" / "du-thao" / name))
        assert not any(bad in text for bad in ("«", "»", "None", "{{", "{%", "MERGEFIELD"))


def test_a_field_with_no_column_lists_the_sheet_columns(vanthu, tmp_path):
    letter(tmp_path / "thu.docx", ["Địa chỉ: ", ("complex", " MERGEFIELD Địa_chỉ ", "«Địa_chỉ»")])
    school_sheet(tmp_path / "ds.xlsx")
    result = vanthu("tron", "thu.docx", "ds.xlsx", "--bo-hang-tong", "--ra", "ra")
    assert result.exit_code == 1
    assert result.stderr == (
        "Lỗi: mẫu thu.docx: đoạn «Địa chỉ: «Địa_chỉ»»: trường «Địa_chỉ» không khớp cột nào của bảng ds.xlsx "
        "(trang «Danh sách»); các cột: «STT», «Họ và tên», «Lớp», «Ngày sinh», «Điểm TB», «Ghi chú», "
        "«Giới tính», «Học bổng»\n")
    assert not (tmp_path / "ra").exists()


def test_next_record_and_unknown_switches_are_refused_by_name(vanthu, tmp_path):
    school_sheet(tmp_path / "ds.xlsx")
    letter(tmp_path / "nhan.docx", [("simple", " NEXT ", "«Next Record»")])
    result = vanthu("tron", "nhan.docx", "ds.xlsx", "--bo-hang-tong")
    assert result.exit_code == 1
    assert result.stderr.startswith("Lỗi: mẫu nhan.docx: đoạn ««Next Record»»: mẫu có trường «Next Record» (NEXT), dùng để in "
                                    "nhiều hàng trên một trang (nhãn, phong bì)")
    letter(tmp_path / "so.docx", ["Học bổng bằng chữ: ", ("complex", " MERGEFIELD Học_bổng \\* CardText ", "«x»")])
    result = vanthu("tron", "so.docx", "ds.xlsx", "--bo-hang-tong")
    assert result.exit_code == 1
    assert "đoạn «Học bổng bằng chữ: «x»»: trường «Học_bổng» có định dạng \\* CardText chưa được hỗ trợ" in result.stderr


def test_field_text_pasted_without_its_field_is_caught(vanthu, tmp_path):
    letter(tmp_path / "thu.docx", ["Học sinh: «Họ_và_tên»"])
    school_sheet(tmp_path / "ds.xlsx")
    result = vanthu("tron", "thu.docx", "ds.xlsx", "--bo-hang-tong")
    assert result.exit_code == 1
    assert ("đoạn «Học sinh: «Họ_và_tên»»: chữ «Họ_và_tên» trông như trường trộn thư nhưng chỉ là chữ"
            in result.stderr) and "viết {{ ho_ten }}" in result.stderr


def test_switches_if_fields_and_blanks_a_field_allows(vanthu, tmp_path):
    letter(tmp_path / "thu.docx",
           ["Xếp loại: ", ("complex", ["IF ", ("MERGEFIELD Điểm_TB", "«Điểm_TB»"), ' >= 9 "Xuất sắc" "Giỏi"'], "x"),
            "; ", ("complex", ["IF ", ("MERGEFIELD Họ_và_tên", "«Họ_và_tên»"), ' = "Nguyễn*" "họ Nguyễn" ',
                               '"họ ', ("MERGEFIELD Họ_và_tên \\* Caps", "«Họ_và_tên»"), '"'], "x"),
            ("simple", ' MERGEFIELD Ghi_chú \\b " (" \\f ")" ', "«Ghi_chú»")],
           ["Lớp ", ("simple", " MERGEFIELD Lớp \\* Lower ", "«Lớp»"), ", ",
            ("complex", ' MERGEFIELD Ngày_sinh \\@ "dddd, \'ngày\' d MMMM \'năm\' yyyy" \\* FirstCap ', "«x»")])
    school_sheet(tmp_path / "ds.xlsx")
    result = vanthu("tron", "thu.docx", "ds.xlsx", "--bo-hang-tong", "--ngay", "2023-05-20", "--ra", "ra")
    assert result.exit_code == 0, result.output
    assert [p.text for p in Document(tmp_path / "ra" / "du-thao" / "1.docx").paragraphs][5:] == [
        "Xếp loại: Giỏi; họ Nguyễn (Học sinh giỏi)", "Lớp 6a1, Thứ Tư, ngày 9 tháng 3 năm 2011"]
    assert [p.text for p in Document(tmp_path / "ra" / "du-thao" / "2.docx").paragraphs][5] == (
        "Xếp loại: Xuất sắc; họ Trần Văn Bình")  # no «Ghi chú» in row 7: \b and \f print nothing


def test_a_field_across_paragraphs_is_refused(vanthu, tmp_path):
    doc = Document()
    first, second = doc.add_paragraph("Kính gửi "), doc.add_paragraph()
    runs = complex_runs(['IF ', ("MERGEFIELD Giới_tính", "«Giới_tính»"), ' = "Nữ" "chị" "anh"'], "chị")
    for run in runs[:4]:
        first._p.append(run)
    for run in runs[4:]:
        second._p.append(run)
    doc.save(tmp_path / "thu.docx")
    school_sheet(tmp_path / "ds.xlsx")
    result = vanthu("tron", "thu.docx", "ds.xlsx", "--bo-hang-tong")
    assert result.exit_code == 1
    assert result.stderr == ("Lỗi: mẫu thu.docx: đoạn «Kính gửi»: trường IF trải qua nhiều đoạn văn; "
                             "hãy để cả trường trong một đoạn\n")


@pytest.mark.not_ooxml("hong.docx")
def test_not_a_docx_template_is_told_in_vietnamese(vanthu, tmp_path):
    school_sheet(tmp_path / "ds.xlsx")
    (tmp_path / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "hong.docx").write_text("không phải zip")
    result = vanthu("tron", "cu.doc", "ds.xlsx", "--bo-hang-tong")
    assert result.stderr == ("Lỗi: mẫu cu.doc: tệp Word 97-2003 (.doc) chưa đọc được; mở bằng Word và lưu lại "
                             "dạng .docx\n")
    result = vanthu("tron", "hong.docx", "ds.xlsx", "--bo-hang-tong")
    assert result.stderr == ("Lỗi: mẫu hong.docx: không phải tệp .docx đọc được (tệp hỏng, hoặc tệp khác được đổi "
                             "đuôi); mở bằng Word và lưu lại dạng .docx\n")


def test_word_number_and_date_pictures():
    assert word_number(1234567, "#.##0") == "1.234.567"           # Vietnamese Windows
    assert word_number(1234.5, "#,##0.00") == "1.234,50"          # English Windows, printed the Vietnamese way
    assert word_number(7.756, "0.00") == word_number(7.756, "0,00") == "7,76"
    assert word_number(2.5, "0") == "3" and word_number(0.4, "#") == "0"  # Word rounds half up
    assert word_number(-1234.567, "#.##0,0") == "-1.234,6"
    assert word_number(95.5, "0,0%") == "95,5%" and word_number(12, "000") == "012"
    assert word_number(1500000, "#.##0 'đồng'") == "1.500.000 đồng"
    assert word_number("1.234,5", "#.##0") == "1.235" and word_number("không có", "0") == "không có"
    assert word_date(date(2011, 3, 9), "dd/MM/yyyy") == "09/03/2011"
    assert word_date(date(2011, 3, 9), "d/M/yy") == "9/3/11"
    assert word_date("21/10/2012", "dd.MM.yyyy") == "21.10.2012" and word_date("chưa rõ", "dd/MM/yyyy") == "chưa rõ"
