"""Trộn thư: any template, one document per row, the school's frame included."""

import csv

import openpyxl
from docx import Document

import nd30
from sheets import school_sheet

MAU = "templates/bao-cao-lop.docx"
BANG = "data/2022/bao-cao-lop.xlsx"


def test_example_one_document_per_class_and_a_combined_file(vanthu, tmp_path):
    result = vanthu("tron", MAU, BANG, "--ten", "{stt}-lop-{lop}", "--gop", "gop.docx", "--ngay", "2022-12-16",
                    "--trich-yeu", "Kết quả công tác Bình đẳng giới và Trẻ em năm {{ nam }} của lớp {{ lop }}")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "tron" / "bao-cao-lop" / "du-thao"  # drafts apart from issued documents
    assert "Đã ghi 5 bản dự thảo vào out/tron/bao-cao-lop/du-thao/" in result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["1-lop-6a1.docx", "2-lop-6a2.docx", "3-lop-7a1.docx", "4-lop-8a1.docx", "5-lop-9a1.docx"]
    doc = Document(folder / "2-lop-6a2.docx")
    nd30.assert_header(doc, chu_quan="ỦY BAN NHÂN DÂN QUẬN 8", ten="TRƯỜNG THCS KHÁNH BÌNH",
                       so_line="Số:      /BC-THCSKB", date_line="Quận 8, ngày 16 tháng 12 năm 2022")
    nd30.assert_title(doc, "BÁO CÁO", "Kết quả công tác Bình đẳng giới và Trẻ em năm 2022 của lớp 6A2")
    nd30.assert_footer(doc, ["- Như trên;", "- Lưu: VT."], ["GIÁO VIÊN CHỦ NHIỆM"], "Trần Quốc Tuấn")
    nd30.assert_page_numbers(doc, draft=True)  # the clerk's template gets the draft mark too
    assert doc.core_properties.comments == "Dự thảo"
    text = nd30.text(doc)
    assert "Lớp 6A2 (mã lớp 007), giáo viên chủ nhiệm Trần Quốc Tuấn, sĩ số 40 học sinh" in text
    assert "Buổi sinh hoạt chuyên đề của lớp tổ chức ngày 21 tháng 10 năm 2022." in text
    assert "39 (97,5% sĩ số)" in text and "bài kiểm tra hiểu biết: 7,75." in text
    combined = Document(tmp_path / "gop.docx")
    assert len(combined.sections) == 5
    assert [p.text for p in combined.paragraphs if p.text.startswith("Trên đây là báo cáo")] == [
        f"Trên đây là báo cáo của lớp {lop}./." for lop in ("6A1", "6A2", "7A1", "8A1", "9A1")]


def test_mail_merge_numbered_through_the_register(vanthu, tmp_path, data):
    args = ("tron", MAU, BANG, "--ten", "lop-{lop}", "--gop", "gop.docx", "--ngay", "2022-12-16", "--cap-so",
            "--trich-yeu", "Kết quả năm {{ nam }} của lớp {{ lop }}")
    result = vanthu(*args)
    assert result.exit_code == 0, result.output
    assert "Đã cấp số 01/BC-THCSKB đến 05/BC-THCSKB cho 5 văn bản vào out/tron/bao-cao-lop/" in result.output
    assert "Bản gộp để in: gop-da-cap-so.docx" in result.output
    folder = tmp_path / "out" / "tron" / "bao-cao-lop"
    doc = Document(folder / "BC-02-THCSKB-lop-6a2.docx")
    assert nd30.texts(doc.tables[0].cell(1, 0))[0].text == "Số: 02/BC-THCSKB"
    assert nd30.texts(doc.tables[0].cell(1, 1))[0].text == "Quận 8, ngày 16 tháng 12 năm 2022"
    listing = vanthu("so-van-ban", "xem", "--nam", "2022").output
    assert "05/BC-THCSKB" in listing and "Kết quả năm 2022 của lớp 9A1" in listing
    again = vanthu(*args)  # the same rows again: the same numbers, nothing new taken
    assert again.exit_code == 0 and "06/" not in vanthu("so-van-ban", "xem", "--nam", "2022").output
    draft = vanthu("tron", MAU, BANG, "--ten", "lop-{lop}", "--gop", "gop.docx", "--ngay", "2022-12-16")
    assert draft.exit_code == 0 and (tmp_path / "gop-da-cap-so.docx").is_file() and (tmp_path / "gop.docx").is_file()
    assert nd30.texts(Document(folder / "BC-02-THCSKB-lop-6a2.docx").tables[0].cell(1, 0))[0].text == "Số: 02/BC-THCSKB"


def test_missing_column_fails_before_anything_is_written(vanthu, tmp_path):
    wb = openpyxl.load_workbook(tmp_path / BANG)
    ws = wb.active
    ws["C1"] = "Giáo viên"  # was GVCN
    wb.save(tmp_path / BANG)
    result = vanthu("tron", MAU, BANG)
    assert result.exit_code == 1
    assert "mẫu templates/bao-cao-lop.docx: mẫu dùng biến mà dữ liệu không có: `gvcn`" in result.stderr
    assert not (tmp_path / "out").exists()


def class_csv(path, row: list[str]) -> None:
    """One class as the example template wants it, typed in a CSV: every cell is text."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["Lớp", "Mã lớp", "GVCN", "Sĩ số", "Số HS tuyên truyền", "Số HS hoàn cảnh",
                                  "Số HS được hỗ trợ", "Ngày sinh hoạt", "Điểm trung bình"], row])


def test_numbers_from_csv_do_arithmetic_and_names_stay_in_the_folder(vanthu, tmp_path):
    class_csv(tmp_path / "lop.csv", ["../../etc", "007", "Đỗ Thị Ánh", "40", "39", "0", "0", "14/10/2022", "7,75"])
    result = vanthu("tron", MAU, "lop.csv", "--ten", "{lop}-{gvcn}", "--ra", "ra")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "ra" / "du-thao").iterdir()] == ["etc-do-thi-anh.docx"]
    text = nd30.text(Document(tmp_path / "ra" / "du-thao" / "etc-do-thi-anh.docx"))
    assert "(mã lớp 007)" in text and "39 (97,5% sĩ số)" in text and "kiểm tra hiểu biết: 7,75." in text


def test_text_where_the_template_needs_a_number_stops_the_batch(vanthu, tmp_path):
    class_csv(tmp_path / "lop.csv", ["6A1", "007", "Đỗ Thị Ánh", "bốn mươi", "40", "0", "0", "14/10/2022", "8"])
    result = vanthu("tron", MAU, "lop.csv", "--ra", "ra")
    assert result.exit_code == 1
    assert result.stderr == "Lỗi: lop.csv, hàng 2, cột «Sĩ số»: mẫu tính toán với ô này nhưng «bốn mươi» không phải số\n"
    assert not (tmp_path / "ra").exists()


def test_percent_cells_print_as_excel_shows_them(vanthu, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Lớp", "Tỉ lệ"])
    wb.active.append(["6A1", 0.955])
    wb.active["B2"].number_format = "0.0%"
    wb.save(tmp_path / "t.xlsx")
    doc = Document()
    doc.add_paragraph("Lớp {{ lop }}: {{ ti_le }} ({{ (ti_le * 40) | round | int }} em)")
    doc.save(tmp_path / "m.docx")
    result = vanthu("tron", "m.docx", "t.xlsx", "--ra", "ra")
    assert result.exit_code == 0, result.output
    assert Document(tmp_path / "ra" / "du-thao" / "1.docx").paragraphs[0].text == "Lớp 6A1: 95,5% (38 em)"


def test_unknown_column_in_file_names(vanthu, tmp_path):
    result = vanthu("tron", MAU, BANG, "--ten", "{stt}-{ho_ten}")
    assert result.exit_code == 1
    assert "mẫu tên tệp dùng {ho_ten} nhưng bảng không có cột đó; các cột: {lop}, {ma_lop}, {gvcn}" in result.stderr
    assert "(mẫu tên tệp là --ten, ví dụ --ten \"{stt}-{ho_ten}\")" in result.stderr


def test_plain_csv_template(vanthu, tmp_path):
    doc = Document()
    doc.add_paragraph("{{ ten_don_vi[0] }} gửi {{ danh_xung }} {{ ho_ten }} — mã {{ ma }} — {{ dia_danh_ngay }}")
    doc.save(tmp_path / "thu.docx")
    with open(tmp_path / "ds.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["Họ và tên", "Danh xưng", "Mã"], ["Nguyễn Văn A", "Ông", "007"],
                                 ["", "", ""], ["../Trần Thị B", "Bà", "010"]])
    result = vanthu("tron", "thu.docx", "ds.csv", "--ten", "{stt}-{ho_ten}", "--ra", "ra", "--ngay", "2022-01-05")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "ra" / "du-thao").iterdir()) == ["1-nguyen-van-a.docx", "2-tran-thi-b.docx"]
    text = Document(tmp_path / "ra" / "du-thao" / "1-nguyen-van-a.docx").paragraphs[0].text
    assert text == "TRƯỜNG THCS KHÁNH BÌNH gửi Ông Nguyễn Văn A — mã 007 — Quận 8, ngày 05 tháng 01 năm 2022"


# -- the school's own sheets: title rows, blanks, totals, formulas ---------------------------------

def plain_template(path, *lines: str) -> None:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    doc.save(path)


def texts(path) -> list[str]:
    return [p.text for p in Document(path).paragraphs]


def test_total_row_is_refused_unless_skipped(vanthu, tmp_path):
    plain_template(tmp_path / "m.docx", "{{ ho_ten }}")
    school_sheet(tmp_path / "ds.xlsx")
    result = vanthu("tron", "m.docx", "ds.xlsx", "--ra", "ra")
    assert result.exit_code == 1
    assert result.stderr == ("Lỗi: ds.xlsx, hàng 10: «Tổng cộng» là hàng tổng, không phải một hàng dữ liệu (sẽ thành "
                             "một văn bản thừa); xóa hàng này, hoặc bỏ qua hàng tổng (chạy với --bo-hang-tong để bỏ "
                             "qua hàng tổng)\n")
    assert not (tmp_path / "ra").exists()
    result = vanthu("tron", "m.docx", "ds.xlsx", "--ra", "ra", "--bo-hang-tong")
    assert result.exit_code == 0, result.output
    assert [texts(tmp_path / "ra" / "du-thao" / f"{i}.docx") for i in (1, 2, 3)] == [
        ["Nguyễn Thị Lan"], ["Trần Văn Bình"], ["Lê Hoàng Yến"]]


def test_formula_without_stored_value_is_named_and_nothing_written(vanthu, tmp_path):
    plain_template(tmp_path / "m.docx", "{{ ho_ten }}: {{ diem_tb }}")
    school_sheet(tmp_path / "ds.xlsx", stored=False)
    result = vanthu("tron", "m.docx", "ds.xlsx", "--ra", "ra", "--bo-hang-tong")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Lỗi: ds.xlsx, hàng 6, cột «Điểm TB»: ô F6 có công thức =ROUND(AVERAGE(8.5,8.5),2) nhưng tệp chưa lưu giá trị "
        "đã tính (tệp không được lưu bằng Excel); mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi chạy lại")
    assert len(result.stderr.splitlines()) == 3 and "Traceback" not in result.output
    assert not (tmp_path / "ra").exists()


def test_blank_cell_is_an_error_unless_the_template_or_an_option_allows_it(vanthu, tmp_path):
    school_sheet(tmp_path / "ds.xlsx")
    plain_template(tmp_path / "m.docx", "{{ ho_ten }} — {{ ghi_chu }}")
    result = vanthu("tron", "m.docx", "ds.xlsx", "--ra", "ra", "--bo-hang-tong")
    assert result.exit_code == 1
    assert result.stderr == ("Lỗi: ds.xlsx, hàng 7, cột «Ghi chú»: ô trống; điền ô này, hoặc cho phép ô trống (in thành "
                             "chỗ trống), hoặc trong mẫu chỉ in khi có: {% if … %}…{% endif %} (chạy với "
                             "--cho-phep-trong để in trống)\n")
    assert not (tmp_path / "ra").exists()
    result = vanthu("tron", "m.docx", "ds.xlsx", "--ra", "ra", "--bo-hang-tong", "--cho-phep-trong")
    assert result.exit_code == 0, result.output
    assert texts(tmp_path / "ra" / "du-thao" / "2.docx") == ["Trần Văn Bình — "]
    plain_template(tmp_path / "m2.docx", "{{ ho_ten }}{% if ghi_chu %} ({{ ghi_chu }}){% endif %}",
                   "Ghi chú: {{ ghi_chu | default('không có') }}")
    result = vanthu("tron", "m2.docx", "ds.xlsx", "--ra", "ra2", "--bo-hang-tong")
    assert result.exit_code == 0, result.output
    assert texts(tmp_path / "ra2" / "du-thao" / "1.docx") == ["Nguyễn Thị Lan (Học sinh giỏi)", "Ghi chú: Học sinh giỏi"]
    assert texts(tmp_path / "ra2" / "du-thao" / "2.docx") == ["Trần Văn Bình", "Ghi chú: không có"]


def test_columns_never_shadow_the_frame_variables(vanthu, tmp_path):
    plain_template(tmp_path / "m.docx", "{{ ho_ten }}")
    with open(tmp_path / "ds.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["Họ và tên", "Ngày", "Nơi nhận"], ["Nguyễn Văn A", "05/01/2022", "Phòng GD&ĐT"]])
    result = vanthu("tron", "m.docx", "ds.csv")
    assert result.exit_code == 1
    assert result.stderr == (
        "Lỗi: ds.csv, hàng 1, cột «Ngày»: tên cột trùng với biến `ngay` mà mọi văn bản đều có (ngày ghi trên văn bản "
        "(ngày chọn khi trộn); .ngan cho 16/12/2022); hãy đổi tên cột, ví dụ «Ngày …»\n"
        "ds.csv, hàng 1, cột «Nơi nhận»: tên cột trùng với biến `noi_nhan` mà mọi văn bản đều có (các dòng Nơi nhận "
        "(danh sách; in bằng vòng lặp {%p for d in noi_nhan %})); hãy đổi tên cột, ví dụ «Nơi nhận …»\n")


def test_dates_after_the_word_ngay_and_headers_written_as_typed(vanthu, tmp_path):
    plain_template(tmp_path / "m.docx", "Em {{ Họ và tên }}, sinh ngày {{ ngay_sinh }}, lớp {{ Lớp }}.",
                   "Ngày sinh: {{ ngay_sinh.ngan }}; hôm nay: {{ ngay }}; Hà Nội, ngày {{ ngay }}", "{{ trich_yeu }}")
    school_sheet(tmp_path / "ds.xlsx")
    result = vanthu("tron", "m.docx", "ds.xlsx", "--ra", "ra", "--bo-hang-tong", "--ngay", "2023-01-02",
                    "--loai", "GGT", "--trich-yeu", "Giấy giới thiệu em {{ ho_ten }} sinh ngày {{ ngay_sinh }}")
    assert result.exit_code == 0, result.output
    assert texts(tmp_path / "ra" / "du-thao" / "1.docx") == [
        "Em Nguyễn Thị Lan, sinh ngày 09 tháng 3 năm 2011, lớp 6A1.",
        "Ngày sinh: 09/03/2011; hôm nay: ngày 02 tháng 01 năm 2023; Hà Nội, ngày 02 tháng 01 năm 2023",
        "Giấy giới thiệu em Nguyễn Thị Lan sinh ngày 09 tháng 3 năm 2011"]


def test_a_tag_jinja_cannot_read_is_told_in_vietnamese_with_its_place(vanthu, tmp_path):
    plain_template(tmp_path / "m.docx", "Kính gửi", "Em {{ họ tên đệm }} lớp {{ lop }}")
    school_sheet(tmp_path / "ds.xlsx")
    result = vanthu("tron", "m.docx", "ds.xlsx", "--bo-hang-tong")
    assert result.exit_code == 1
    assert result.stderr == (
        "Lỗi: mẫu m.docx: đoạn «Em {{ họ tên đệm }} lớp {{ lop }}»: thẻ {{ họ tên đệm }} viết sai; tên biến viết "
        "thường, không dấu, nối bằng _ (ví dụ {{ ho_ten }}); xem tên các cột của bảng\n")
    plain_template(tmp_path / "m.docx", "{%p for h in danh_sach %}", "{{ h.ho_ten }}")
    result = vanthu("tron", "m.docx", "ds.xlsx", "--bo-hang-tong", "--nhom", "Lớp")
    assert result.stderr == ("Lỗi: mẫu m.docx: đoạn «{%p for h in danh_sach %}»: thẻ {%p for h in danh_sach %} "
                             "chưa có thẻ đóng {%p endfor %}\n")
    plain_template(tmp_path / "m.docx", "Em {{ ho_ten }, lớp {{ lop }}")
    result = vanthu("tron", "m.docx", "ds.xlsx", "--bo-hang-tong")
    assert result.stderr == ("Lỗi: mẫu m.docx: đoạn «Em {{ ho_ten }, lớp {{ lop }}»: thẻ {{ ho_ten }, lớp {{ lop }} "
                             "viết sai: dấu ngoặc bên trong thừa hoặc thiếu; mỗi thẻ viết {{ … }} hoặc {% … %}\n")
    plain_template(tmp_path / "m.docx", "Em {{ ho_ten }}, lớp {{ lop }")
    result = vanthu("tron", "m.docx", "ds.xlsx", "--bo-hang-tong")
    assert result.stderr == ("Lỗi: mẫu m.docx: đoạn «Em {{ ho_ten }}, lớp {{ lop }»: dấu «{{» không thuộc thẻ nào; "
                             "mỗi thẻ viết đủ hai đầu: {{ … }} hoặc {% … %}\n")


def group_template(path) -> None:
    """A decision per class with its pupils in a table: one row per pupil."""
    doc = Document()
    doc.add_paragraph("Khen thưởng học sinh lớp {{ lop }} ({{ danh_sach | length }} em):")
    table = doc.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ("{%tr for h in danh_sach %}", "", "")):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("{{ h.stt }}", "{{ h.ho_ten }}", "{{ h.ngay_sinh.ngan }}")):
        cell.text = text
    table.rows[2].cells[0].text = "{%tr endfor %}"
    doc.save(path)


def test_one_document_per_group_with_its_rows_in_a_table(vanthu, tmp_path):
    group_template(tmp_path / "qd.docx")
    school_sheet(tmp_path / "ds.xlsx")
    result = vanthu("tron", "qd.docx", "ds.xlsx", "--nhom", "Lớp", "--ten", "{lop}", "--bo-hang-tong", "--ra", "ra")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "ra" / "du-thao").iterdir()) == ["6a1.docx", "7a2.docx"]
    doc = Document(tmp_path / "ra" / "du-thao" / "6a1.docx")
    assert doc.paragraphs[0].text == "Khen thưởng học sinh lớp 6A1 (2 em):"
    assert [[c.text for c in row.cells] for row in doc.tables[0].rows] == [
        ["1", "Nguyễn Thị Lan", "09/03/2011"], ["2", "Trần Văn Bình", "21/10/2011"]]
    doc = Document(tmp_path / "ra" / "du-thao" / "7a2.docx")
    assert [[c.text for c in row.cells] for row in doc.tables[0].rows] == [["1", "Lê Hoàng Yến", "05/01/2010"]]
    plain_template(tmp_path / "sai.docx", "Lớp {{ lop }}: {{ ho_ten }}")
    result = vanthu("tron", "sai.docx", "ds.xlsx", "--nhom", "lop", "--bo-hang-tong", "--ra", "ra3")
    assert result.exit_code == 1
    assert result.stderr == (
        "Lỗi: ds.xlsx, hàng 6, cột «Họ và tên»: giá trị khác nhau giữa các hàng của nhóm «6A1» (hàng 6–7); ngoài vòng "
        "lặp chỉ in được cột giống nhau trong cả nhóm; in từng hàng bằng "
        "{% for h in danh_sach %}{{ h.ho_ten }}{% endfor %}\n")


def test_preview_renders_one_row(vanthu, tmp_path):
    plain_template(tmp_path / "m.docx", "{{ stt }}. {{ ho_ten }}")
    school_sheet(tmp_path / "ds.xlsx")
    result = vanthu("tron", "m.docx", "ds.xlsx", "--bo-hang-tong", "--xem-truoc", "9", "--ten", "{stt}-{ho_ten}")
    assert result.exit_code == 0, result.output
    assert result.output == "Bản xem trước của hàng 9: out/tron/m/du-thao/3-le-hoang-yen.docx\n"
    assert [p.name for p in (tmp_path / "out" / "tron" / "m" / "du-thao").iterdir()] == ["3-le-hoang-yen.docx"]
    assert texts(tmp_path / "out" / "tron" / "m" / "du-thao" / "3-le-hoang-yen.docx") == ["3. Lê Hoàng Yến"]
    result = vanthu("tron", "m.docx", "ds.xlsx", "--bo-hang-tong", "--xem-truoc", "8")
    assert result.exit_code == 1
    assert result.stderr == ("Lỗi: ds.xlsx: xem trước hàng 8: hàng 8 không phải hàng dữ liệu; "
                             "các hàng dữ liệu: 6–7, 9\n")


def test_new_template_help_lists_the_columns_as_tags_and_fields(vanthu, tmp_path):
    school_sheet(tmp_path / "ds.xlsx")
    result = vanthu("mau-moi", "ds.xlsx")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:6] == [
        "Bảng ds.xlsx (trang «Danh sách»): dòng tên cột là hàng 5, 3 hàng dữ liệu.",
        "",
        "Cột        Thẻ cho mẫu      Trường Trộn thư  Hàng đầu",
        "---------  ---------------  ---------------  ------------------------",
        "STT        {{ stt }}        «STT»            1",
        "Họ và tên  {{ ho_ten }}     «Họ_và_tên»      Nguyễn Thị Lan"]
    assert "Ngày sinh  {{ ngay_sinh }}  «Ngày_sinh»      ngày 09 tháng 3 năm 2011" in lines
    assert any(line.startswith("{{ dia_danh_ngay }}") for line in lines)


def test_drafts_of_a_clerks_own_template_are_marked_and_kept_apart(vanthu, tmp_path):
    doc = Document()
    doc.add_paragraph("{{ stt }}. {{ ho_ten }}")
    doc.sections[0].header.paragraphs[0].text = "Trường THCS Khánh Bình — Tổ Văn phòng"
    doc.sections[0].footer.paragraphs[0].text = "Lưu hành nội bộ"
    doc.save(tmp_path / "m.docx")
    school_sheet(tmp_path / "ds.xlsx")
    assert vanthu("tron", "m.docx", "ds.xlsx", "--bo-hang-tong", "--ra", "ra", "--ngay", "2022-05-09").exit_code == 0
    draft = Document(tmp_path / "ra" / "du-thao" / "1.docx")
    section = draft.sections[0]
    # Page 1 gets its own header: the mark above the clerk's running header, whose footer it keeps.
    assert [p.text for p in section.first_page_header.paragraphs] == ["DỰ THẢO", "Trường THCS Khánh Bình — Tổ Văn phòng"]
    assert [p.text for p in section.first_page_footer.paragraphs] == ["Lưu hành nội bộ"]
    assert [p.text for p in section.header.paragraphs] == ["Trường THCS Khánh Bình — Tổ Văn phòng"]
    assert draft.core_properties.comments == "Dự thảo"

    result = vanthu("tron", "m.docx", "ds.xlsx", "--bo-hang-tong", "--ra", "ra", "--ngay", "2022-05-09", "--cap-so",
                    "--cho-phep-trong")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "ra").iterdir()) == [
        "BC-01-THCSKB-1.docx", "BC-02-THCSKB-2.docx", "BC-03-THCSKB-3.docx", "du-thao"]
    issued = Document(tmp_path / "ra" / "BC-01-THCSKB-1.docx")
    assert [p.text for p in issued.sections[0].first_page_header.paragraphs] == ["Trường THCS Khánh Bình — Tổ Văn phòng"]
    assert issued.core_properties.comments == "Đã ban hành"
