"""Sheets as clerks make them, read by pipeline.tables: every cell where the clerk sees it."""

from datetime import date

import openpyxl
import pytest

from pipeline.phan_cong import read_roster
from pipeline.errors import DataError, DataErrors
from pipeline.tables import read_table

from sheets import school_sheet, store_values


def test_title_rows_merged_header_blank_and_total_rows(tmp_path):
    table = read_table(school_sheet(tmp_path / "ds.xlsx"))
    assert table.sheet == "Danh sách" and table.header_row == 5
    assert table.headers == {"stt": "STT", "ho_ten": "Họ và tên", "lop": "Lớp", "ngay_sinh": "Ngày sinh",
                             "diem_tb": "Điểm TB", "ghi_chu": "Ghi chú", "gioi_tinh": "Giới tính",
                             "hoc_bong": "Học bổng"}
    assert [n for n, _ in table.rows] == [6, 7, 9]  # row 8 is blank
    assert table.rows[0][1] == {"stt": 1, "ho_ten": "Nguyễn Thị Lan", "lop": "6A1", "ngay_sinh": date(2011, 3, 9),
                                "diem_tb": 8.5, "ghi_chu": "Học sinh giỏi", "gioi_tinh": "Nữ", "hoc_bong": 1500000}
    assert table.rows[1][1]["ghi_chu"] is None and table.rows[1][1]["diem_tb"] == 9.25
    assert table.totals == [(10, "Tổng cộng")]
    assert table.key_for("Họ_và_tên") == table.key_for("HO TEN") == "ho_ten"
    assert table.key_for("Diem_TB") == "diem_tb" and table.key_for("Điểm") is None


def test_formula_without_stored_value_names_its_cells(tmp_path):
    with pytest.raises(DataErrors) as caught:
        read_table(school_sheet(tmp_path / "ds.xlsx", stored=False))
    lines = str(caught.value).splitlines()
    assert len(lines) == 3  # the total row's sum is not data: not reported
    assert lines[0] == (f"{tmp_path / 'ds.xlsx'}, hàng 6, cột «Điểm TB»: ô F6 có công thức =ROUND(AVERAGE(8.5,8.5),2) "
                        "nhưng tệp chưa lưu giá trị đã tính (tệp không được lưu bằng Excel); mở tệp bằng Excel hoặc "
                        "LibreOffice, lưu lại rồi chạy lại")
    assert "hàng 9, cột «Điểm TB»: ô F9" in lines[2]


def test_formula_error_value_is_refused(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Lớp", "Tỉ lệ"])
    wb.active.append(["6A1", "=1/0"])
    wb.save(path)
    store_values(path, {"B2": "#DIV/0!"})
    with pytest.raises(DataError, match=r"hàng 2, cột «Tỉ lệ»: ô B2 có công thức =1/0 cho kết quả lỗi #DIV/0!"):
        read_table(path)


def test_hidden_first_sheet_is_skipped_for_the_active_visible_one(tmp_path):
    wb = openpyxl.Workbook()
    hidden = wb.active
    hidden.title = "Nháp"
    hidden.append(["Cũ"])
    hidden.append(["không dùng"])
    hidden.sheet_state = "hidden"
    other = wb.create_sheet("Lớp 6")
    other.append(["Lớp"])
    other.append(["6A9"])
    shown = wb.create_sheet("Lớp 7")
    shown.append(["Lớp"])
    shown.append(["7A1"])
    wb.active = 2
    wb.save(tmp_path / "t.xlsx")
    table = read_table(tmp_path / "t.xlsx")
    assert (table.sheet, table.rows) == ("Lớp 7", [(2, {"lop": "7A1"})])
    wb.active = 0  # a hidden active sheet (as other programs may save): the first visible one
    wb.save(tmp_path / "t.xlsx")
    assert read_table(tmp_path / "t.xlsx").sheet == "Lớp 6"


def test_two_level_header_and_cells_merged_down(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BẢNG ĐIỂM HỌC KỲ I"])
    ws.append(["Lớp", "Họ và tên", "Điểm", None, None])
    ws.append([None, None, "Toán", "Văn", "Anh"])
    ws.append(["6A1", "Nguyễn Văn An", 8, 7.5, 9])
    ws.append([None, "Lê Thị Bé", 6, 8, 7])
    for merge in ("A2:A3", "B2:B3", "C2:E2", "A4:A5"):
        ws.merge_cells(merge)
    wb.save(tmp_path / "t.xlsx")
    table = read_table(tmp_path / "t.xlsx")
    assert table.header_row == 3
    assert table.headers == {"lop": "Lớp", "ho_ten": "Họ và tên", "diem_toan": "Điểm Toán",
                             "diem_van": "Điểm Văn", "diem_anh": "Điểm Anh"}
    assert table.rows[1] == (5, {"lop": "6A1", "ho_ten": "Lê Thị Bé", "diem_toan": 6, "diem_van": 8, "diem_anh": 7})


def test_quoted_multiline_csv_cell_keeps_its_line_break(tmp_path):
    (tmp_path / "a.csv").write_bytes('Họ và tên,Nhiệm vụ thêm\r\nNguyễn Văn A,"Việc một\r\nViệc hai"\r\n'
                                     'Trần Thị B,Việc ba\r\n'.encode())
    table = read_table(tmp_path / "a.csv")
    assert table.rows == [(2, {"ho_ten": "Nguyễn Văn A", "nhiem_vu_them": "Việc một\nViệc hai"}),
                          (3, {"ho_ten": "Trần Thị B", "nhiem_vu_them": "Việc ba"})]


def test_csv_title_rows_and_total_row(tmp_path):
    (tmp_path / "a.csv").write_text("DANH SÁCH GIÁO VIÊN,,\n,,\nHọ và tên,Tổ,Số tiết\nNguyễn Văn A,Toán,17\n"
                                    "Tổng phụ trách Đội,Đội,4\nTổng cộng:,,21\n", encoding="utf-8")
    table = read_table(tmp_path / "a.csv")
    assert table.header_row == 3 and list(table.headers) == ["ho_ten", "to", "so_tiet"]
    assert [row["ho_ten"] for _, row in table.rows] == ["Nguyễn Văn A", "Tổng phụ trách Đội"]
    assert table.totals == [(6, "Tổng cộng:")]


def test_old_excel_and_damaged_files_are_named_in_vietnamese(tmp_path):
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DataError, match=r"a.xls: tệp Excel 97-2003 \(.xls\) chưa đọc được"):
        read_table(tmp_path / "a.xls")
    (tmp_path / "b.xlsx").write_text("không phải zip")
    with pytest.raises(DataError) as caught:
        read_table(tmp_path / "b.xlsx")
    assert str(caught.value) == (f"{tmp_path / 'b.xlsx'}: không phải tệp .xlsx đọc được (tệp hỏng, hoặc tệp khác "
                                 "được đổi đuôi); mở bằng Excel và lưu lại dạng .xlsx")


def test_two_tasks_typed_with_alt_enter_in_a_csv_stay_two(tmp_path):
    (tmp_path / "pc.csv").write_bytes('Họ và tên,Danh xưng,Chức vụ,Vai trò,Nhiệm vụ thêm\r\n'
                                      'Nguyễn Văn A,Ông,Giáo viên,Hiệu trưởng,"Trực ban tuần 1\r\nDự giờ lớp 6A1"\r\n'
                                      .encode())
    teacher, = read_roster(tmp_path / "pc.csv", ["Hiệu trưởng"])
    assert teacher.nhiem_vu_them == ["Trực ban tuần 1", "Dự giờ lớp 6A1"]
