"""The clerk's own Word mail-merge template (MERGEFIELD fields) with the school's own sheet."""

from docx import Document
from docx.oxml.ns import qn

import nd30
from sheets import school_sheet
from wordmerge import add_complex, add_simple, make_merge_document


def letter(path, *extra: list) -> None:
    """A Word «Trộn thư» letter: simple and complex fields, switches, an IF, a record number, a
    field in the page header, and `{{ }}` tags mixed in. `extra`: more paragraphs, each a list of
    text pieces and fields (`("simple" | "complex", instr, shown)`)."""
    doc = Document()
    make_merge_document(doc)
    p = doc.add_paragraph("Kính gửi phụ huynh học sinh ")
    add_complex(p, ["IF ", ("MERGEFIELD Giới_tính", "«Giới_tính»"), ' = "Nữ" "nữ" "nam"'], "nữ")
    p.add_run(" ")
    add_complex(p, ' MERGEFIELD "Họ và tên" \\* Upper \\* MERGEFORMAT ', "«Họ_và_tên»", bold=True)
    p = doc.add_paragraph("Em sinh ngày ")
    add_simple(p, " MERGEFIELD Ngày_sinh ", "«Ngày_sinh»")
    p.add_run(", lớp ")
    add_simple(p, " MERGEFIELD Lop ", "«Lop»")
    p.add_run(".")
    p = doc.add_paragraph("Ngày sinh ghi ngắn: ")
    add_complex(p, ' MERGEFIELD Ngay_sinh \\@ "dd/MM/yyyy" ', "«Ngay_sinh»")
    p = doc.add_paragraph("Điểm trung bình: ")
    add_complex(p, ' MERGEFIELD Điểm_TB \\# "0,00" ', "«Điểm_TB»")
    p.add_run("; học bổng: ")
    add_complex(p, ' MERGEFIELD Học_bổng \\# "#.##0 đ" ', "«Học_bổng»")
    p.add_run(".")
    p = doc.add_paragraph("Thư số ")
    add_complex(p, " MERGEREC ", "«Record»")
    p.add_run(" — {{ dia_danh_ngay }}")
    for pieces in extra:
        p = doc.add_paragraph()
        for piece in pieces:
            if isinstance(piece, str):
                p.add_run(piece)
            else:
                (add_simple if piece[0] == "simple" else add_complex)(p, piece[1], piece[2])
    header = doc.sections[0].header.paragraphs[0]
    header.add_run("Lớp ")
    add_simple(header, " MERGEFIELD Lớp ", "«Lớp»")
    doc.save(path)


def test_word_template_and_school_sheet_make_the_right_letters(vanthu, tmp_path):
    letter(tmp_path / "thu.docx")
    school_sheet(tmp_path / "ds.xlsx")
    result = vanthu("tron", "thu.docx", "ds.xlsx", "--ten", "{stt}-{Họ và tên}", "--bo-hang-tong",
                    "--ngay", "2023-05-20", "--ra", "ra")
    assert result.exit_code == 0, result.output
    assert result.output == "Đã ghi 3 văn bản vào ra/\n"
    names = sorted(p.name for p in (tmp_path / "ra").iterdir())
    assert names == ["1-nguyen-thi-lan.docx", "2-tran-van-binh.docx", "3-le-hoang-yen.docx"]
    doc = Document(tmp_path / "ra" / "1-nguyen-thi-lan.docx")
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
    doc = Document(tmp_path / "ra" / "2-tran-van-binh.docx")
    assert [p.text for p in doc.paragraphs][0] == "Kính gửi phụ huynh học sinh nam TRẦN VĂN BÌNH"
    assert doc.paragraphs[3].text == "Điểm trung bình: 9,25; học bổng: 2.000.000 đ."
    for name in names:
        text = nd30.text(Document(tmp_path / "ra" / name))
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
