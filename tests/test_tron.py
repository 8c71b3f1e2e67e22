"""Trộn thư: any template, one document per row, the school's frame included."""

import csv

import openpyxl
from docx import Document

import nd30

MAU = "templates/bao-cao-lop.docx"
BANG = "data/2022/bao-cao-lop.xlsx"


def test_example_one_document_per_class_and_a_combined_file(vanthu, tmp_path):
    result = vanthu("tron", MAU, BANG, "--ten", "{stt}-lop-{lop}", "--gop", "gop.docx", "--ngay", "2022-12-16",
                    "--trich-yeu", "Kết quả công tác Bình đẳng giới và Trẻ em năm {{ nam }} của lớp {{ lop }}")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "tron" / "bao-cao-lop"
    assert "Đã ghi 5 văn bản vào out/tron/bao-cao-lop/" in result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["1-lop-6a1.docx", "2-lop-6a2.docx", "3-lop-7a1.docx", "4-lop-8a1.docx", "5-lop-9a1.docx"]
    doc = Document(folder / "2-lop-6a2.docx")
    nd30.assert_header(doc, chu_quan="ỦY BAN NHÂN DÂN QUẬN 8", ten="TRƯỜNG THCS KHÁNH BÌNH",
                       so_line="Số:      /BC-THCSKB", date_line="Quận 8, ngày 16 tháng 12 năm 2022")
    nd30.assert_title(doc, "BÁO CÁO", "Kết quả công tác Bình đẳng giới và Trẻ em năm 2022 của lớp 6A2")
    nd30.assert_footer(doc, ["- Như trên;", "- Lưu: VT."], ["GIÁO VIÊN CHỦ NHIỆM"], "Trần Quốc Tuấn")
    text = nd30.text(doc)
    assert "Lớp 6A2 (mã lớp 007), giáo viên chủ nhiệm Trần Quốc Tuấn, sĩ số 40 học sinh" in text
    assert "Buổi sinh hoạt chuyên đề của lớp tổ chức ngày 21 tháng 10 năm 2022." in text
    assert "39 (97,5% sĩ số)" in text and "bài kiểm tra hiểu biết: 7,75." in text
    combined = Document(tmp_path / "gop.docx")
    assert len(combined.sections) == 5
    assert [p.text for p in combined.paragraphs if p.text.startswith("Trên đây là báo cáo")] == [
        f"Trên đây là báo cáo của lớp {lop}./." for lop in ("6A1", "6A2", "7A1", "8A1", "9A1")]


def test_missing_column_fails_before_anything_is_written(vanthu, tmp_path):
    wb = openpyxl.load_workbook(tmp_path / BANG)
    ws = wb.active
    ws["C1"] = "Giáo viên"  # was GVCN
    wb.save(tmp_path / BANG)
    result = vanthu("tron", MAU, BANG)
    assert result.exit_code == 1
    assert "mẫu templates/bao-cao-lop.docx: mẫu dùng biến mà dữ liệu không có: `gvcn`" in result.stderr
    assert not (tmp_path / "out").exists()


def test_text_from_csv_breaks_the_template_arithmetic_clearly(vanthu, tmp_path):
    with open(tmp_path / "lop.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Lớp", "Mã lớp", "GVCN", "Sĩ số", "Số HS tuyên truyền", "Số HS hoàn cảnh", "Số HS được hỗ trợ",
                    "Ngày sinh hoạt", "Điểm trung bình"])
        w.writerow(["../../etc", "007", "Đỗ Thị Ánh", "40", "40", "0", "0", "14/10/2022", "8"])
    result = vanthu("tron", MAU, "lop.csv", "--ten", "{lop}-{gvcn}", "--ra", "ra")
    assert result.exit_code == 1  # text from a CSV is not a number: the template's arithmetic says so
    assert "lỗi khi điền mẫu" in result.stderr and not (tmp_path / "ra").exists()


def test_unknown_column_in_file_names(vanthu, tmp_path):
    result = vanthu("tron", MAU, BANG, "--ten", "{stt}-{ho_ten}")
    assert result.exit_code == 1
    assert "--ten dùng {ho_ten} nhưng bảng không có cột đó; các cột: {lop}, {ma_lop}, {gvcn}" in result.stderr


def test_plain_csv_template(vanthu, tmp_path):
    doc = Document()
    doc.add_paragraph("{{ ten_don_vi[0] }} gửi {{ danh_xung }} {{ ho_ten }} — mã {{ ma }} — {{ dia_danh_ngay }}")
    doc.save(tmp_path / "thu.docx")
    with open(tmp_path / "ds.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["Họ và tên", "Danh xưng", "Mã"], ["Nguyễn Văn A", "Ông", "007"],
                                 ["", "", ""], ["../Trần Thị B", "Bà", "010"]])
    result = vanthu("tron", "thu.docx", "ds.csv", "--ten", "{stt}-{ho_ten}", "--ra", "ra", "--ngay", "2022-01-05")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "ra").iterdir()) == ["1-nguyen-van-a.docx", "2-tran-thi-b.docx"]
    text = Document(tmp_path / "ra" / "1-nguyen-van-a.docx").paragraphs[0].text
    assert text == "TRƯỜNG THCS KHÁNH BÌNH gửi Ông Nguyễn Văn A — mã 007 — Quận 8, ngày 05 tháng 01 năm 2022"
