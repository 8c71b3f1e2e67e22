"""Assignment notices: one per teacher from the roster, tasks quoted from the plan, one file to print."""

import csv
from datetime import date
from pathlib import Path

import openpyxl
from docx import Document
from docx.oxml.ns import qn

import nd30
from conftest import replace_in
import pytest

from pipeline.errors import DataError
from pipeline.tables import read_table

FOLDER = Path("out/2022/du-thao/thong-bao-phan-cong")
ISSUED = Path("out/2022/thong-bao-phan-cong")
NOTICE = ("data", "2022", "van-ban", "thong-bao-phan-cong.yaml")
# Worded for the person: the plan's `nhiem_vu` for the first, the role phrase taken off the second.
GDCD_TASKS = [
    "Phối hợp thực hiện tuyên truyền, phổ biến, giáo dục pháp luật về bình đẳng giới",
    "Tham gia các lớp bồi dưỡng, tập huấn do các cấp tổ chức khi có yêu cầu.",
]
TRICH_YEU = "Phân công nhiệm vụ thực hiện Kế hoạch triển khai thực hiện công tác Bình đẳng giới và Trẻ em năm 2022"
HEADERS = ["Họ và tên", "Danh xưng", "Chức vụ", "Tổ chuyên môn", "Vai trò", "Nhiệm vụ thêm", "Hạn hoàn thành"]


def write_csv(path: Path, rows: list[list[str]], headers=HEADERS) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        writer.writerows(rows)


def notices(tmp_path, folder=FOLDER) -> list[Path]:
    return sorted(p for p in (tmp_path / folder).iterdir() if not p.name.startswith("tat-ca-"))


def use_sheet(data: Path, name: str) -> None:
    replace_in(data.joinpath(*NOTICE[1:]), "danh_sach: phan-cong.csv", f"danh_sach: {name}")


def test_one_notice_per_teacher_in_nd30_format(vanthu, tmp_path):
    result = vanthu("soan", "thong-bao-phan-cong")
    assert result.exit_code == 0, result.output
    assert ("Đã ghi 4 văn bản Thông báo «thong-bao-phan-cong» (dự thảo, chưa cấp số) vào "
            "out/2022/du-thao/thong-bao-phan-cong/") in result.output
    assert "Bản gộp để in: out/2022/du-thao/thong-bao-phan-cong/tat-ca-du-thao.docx" in result.output
    files = {p.name: p for p in notices(tmp_path)}
    assert set(files) == {"nguyen-thi-loc.docx", "tran-van-binh.docx", "le-thi-hoa.docx", "pham-minh-duc.docx"}

    doc = Document(files["nguyen-thi-loc.docx"])
    nd30.assert_page(doc)
    nd30.assert_fonts(doc)
    nd30.assert_header(doc, chu_quan="ỦY BAN NHÂN DÂN QUẬN 8", ten="TRƯỜNG THCS KHÁNH BÌNH",
                       so_line="Số:      /TB-THCSKB", date_line="Quận 8, ngày 12 tháng 5 năm 2022")
    nd30.assert_title(doc, "THÔNG BÁO", TRICH_YEU)
    nd30.assert_footer(doc, ["- Bà Nguyễn Thị Lộc (để thực hiện);", "- Ban Giám hiệu (để biết);", "- Lưu: VT."],
                       ["HIỆU TRƯỞNG"], "Nguyễn Văn A")
    nd30.assert_page_numbers(doc, draft=True)
    body = nd30.after_title(doc)
    for p in body:
        nd30.assert_body_paragraph(p)
    text = nd30.text(doc)
    assert "Phân công Bà Nguyễn Thị Lộc, giáo viên môn Giáo dục công dân, Tổ Ngữ văn - GDCD, thực hiện" in text
    numbered = [p.text for p in body if p.text[:3] in ("1. ", "2. ", "3. ")]
    assert len(numbered) == 2 and all(numbered[i].startswith(f"{i + 1}. {GDCD_TASKS[i]}") for i in range(2))
    assert "Phân công giáo viên môn" not in text
    assert "Thời hạn hoàn thành: trước ngày 31 tháng 12 năm 2022." in text
    assert body[-1].text.endswith("đúng thời hạn./.")
    for other in ("Trần Văn Bình", "Lê Thị Hoa", "Phạm Minh Đức", "Liên đội"):
        assert other not in text


def test_each_notice_has_its_own_tasks(vanthu, tmp_path):
    assert vanthu("soan", "thong-bao-phan-cong").exit_code == 0
    hoa = nd30.text(Document(tmp_path / FOLDER / "le-thi-hoa.docx"))
    assert "Phân công Bà Lê Thị Hoa, tổng phụ trách Đội, thực hiện các nhiệm vụ sau:" in hoa
    assert f"1. {GDCD_TASKS[0]}" in hoa  # the task names the Đội leader among its roles
    assert "phối hợp cùng Tổng phụ trách Đội" not in hoa  # worded for her, not about her
    assert "2. Tổ chức các hoạt động của Liên đội hưởng ứng Tháng hành động vì trẻ em." in hoa
    assert GDCD_TASKS[1] not in hoa
    assert "Thời hạn hoàn thành: trước ngày 30 tháng 6 năm 2022." in hoa
    binh = nd30.text(Document(tmp_path / FOLDER / "tran-van-binh.docx"))
    assert "3. Tổng hợp kết quả tuyên truyền pháp luật của nhà trường sau mỗi học kỳ." in binh


def test_plan_change_changes_the_notices(vanthu, tmp_path, data):
    replace_in(data / "2022" / "van-ban" / "ke-hoach-binh-dang-gioi.yaml", "tham gia các lớp bồi dưỡng, tập huấn",
               "tham gia đầy đủ các lớp bồi dưỡng, tập huấn")
    assert vanthu("soan", "thong-bao-phan-cong").exit_code == 0
    text = nd30.text(Document(tmp_path / FOLDER / "pham-minh-duc.docx"))
    assert "2. Tham gia đầy đủ các lớp bồi dưỡng" in text


def _combined_titles(path: Path) -> list[str]:
    doc = Document(path)
    return [p.text for p in doc.paragraphs if p.text.startswith("Phân công ") and "thực hiện các nhiệm vụ" in p.text]


def test_combined_file_in_name_order_each_on_a_new_page(vanthu, tmp_path):
    assert vanthu("soan", "thong-bao-phan-cong").exit_code == 0
    combined = Document(tmp_path / FOLDER / "tat-ca-du-thao.docx")
    names = [p.text.split(",")[0].removeprefix("Phân công ") for p in combined.paragraphs
             if p.text.startswith("Phân công ") and "thực hiện các nhiệm vụ" in p.text]
    assert names == ["Ông Trần Văn Bình", "Ông Phạm Minh Đức", "Bà Lê Thị Hoa", "Bà Nguyễn Thị Lộc"]
    assert len(combined.sections) == 4
    for section in combined.sections:
        sect = section._sectPr
        assert sect.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert section.different_first_page_header_footer
        assert " PAGE " in [t.text for t in section.header._element.iter(qn("w:instrText"))]
    for section in combined.sections[1:]:
        assert section.start_type == 2  # WD_SECTION.NEW_PAGE
    assert len(combined.tables) == 8  # a header and a footer table per notice


def test_issue_numbers_in_name_order_and_cite_the_issued_plan(vanthu, tmp_path):
    assert vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09").exit_code == 0
    result = vanthu("soan", "thong-bao-phan-cong", "--cap-so", "--ngay", "2022-05-12")
    assert result.exit_code == 0, result.output
    assert "Bản gộp để in: out/2022/thong-bao-phan-cong/tat-ca-da-cap-so.docx" in result.output
    names = sorted(p.name for p in notices(tmp_path, ISSUED))
    assert names == ["TB-02-THCSKB-tran-van-binh.docx", "TB-03-THCSKB-pham-minh-duc.docx",
                     "TB-04-THCSKB-le-thi-hoa.docx", "TB-05-THCSKB-nguyen-thi-loc.docx"]
    doc = Document(tmp_path / ISSUED / "TB-05-THCSKB-nguyen-thi-loc.docx")
    assert nd30.texts(doc.tables[0].cell(1, 0))[0].text == "Số: 05/TB-THCSKB"
    assert ("Căn cứ Kế hoạch số 01/KH-THCSKB ngày 09 tháng 5 năm 2022 của Trường THCS Khánh Bình về triển "
            "khai thực hiện công tác Bình đẳng giới và Trẻ em năm 2022.") in nd30.text(doc)
    again = vanthu("soan", "thong-bao-phan-cong", "--cap-so")  # the same notices again: their numbers and dates
    assert again.exit_code == 0
    assert sorted(p.name for p in notices(tmp_path, ISSUED)) == names
    listing = vanthu("so-van-ban", "xem", "--nam", "2022").output
    assert "06/" not in listing and "05/TB-THCSKB" in listing


def test_roster_of_one_from_excel(vanthu, tmp_path, data):
    (data / "2022" / "phan-cong.csv").unlink()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADERS + ["Mã GV"])
    ws.append(["Nguyễn Thị Lộc", "Bà", "Giáo viên môn Giáo dục công dân", "Tổ Ngữ văn - GDCD",
               "Giáo viên môn Giáo dục công dân", None, date(2022, 9, 5), "007"])
    ws.append([None] * 8)  # a blank row is skipped
    wb.save(data / "2022" / "phan-cong.xlsx")
    use_sheet(data, "phan-cong.xlsx")
    result = vanthu("soan", "thong-bao-phan-cong")
    assert result.exit_code == 0, result.output
    assert [p.name for p in notices(tmp_path)] == ["nguyen-thi-loc.docx"]
    text = nd30.text(Document(tmp_path / FOLDER / "nguyen-thi-loc.docx"))
    assert "Thời hạn hoàn thành: trước ngày 05 tháng 9 năm 2022." in text
    assert len(Document(tmp_path / FOLDER / "tat-ca-du-thao.docx").sections) == 1


@pytest.mark.slow
def test_roster_of_500(vanthu, tmp_path, data):
    rows = [[f"Giáo Viên Số {i:03d}", "Bà" if i % 2 else "Ông", "Giáo viên môn Giáo dục công dân", "Tổ Ngữ văn",
             "Giáo viên môn Giáo dục công dân", "", ""] for i in range(500)]
    write_csv(data / "2022" / "phan-cong.csv", rows)
    result = vanthu("soan", "thong-bao-phan-cong")
    assert result.exit_code == 0, result.output
    assert len(notices(tmp_path)) == 500
    assert len(_combined_titles(tmp_path / FOLDER / "tat-ca-du-thao.docx")) == 500


def test_namesakes_get_distinct_files(vanthu, tmp_path, data):
    write_csv(data / "2022" / "phan-cong.csv", [
        ["Nguyễn Văn An", "Ông", "Giáo viên môn Giáo dục công dân", "Tổ Ngữ văn", "Giáo viên môn Giáo dục công dân", "", ""],
        ["Nguyễn Văn An", "Ông", "Tổng phụ trách Đội", "", "Tổng phụ trách Đội", "", ""],
    ])
    assert vanthu("soan", "thong-bao-phan-cong").exit_code == 0
    assert [p.name for p in notices(tmp_path)] == [
        "nguyen-van-an-giao-vien-mon-giao-duc-cong-dan-to-ngu-van.docx",
        "nguyen-van-an-tong-phu-trach-doi.docx"]


def test_bad_roster_reports_every_problem_by_row_and_writes_nothing(vanthu, tmp_path, data):
    write_csv(data / "2022" / "phan-cong.csv", [
        ["Nguyễn Thị Lộc", "Bà", "Giáo viên môn Giáo dục công dân", "", "Giáo viên môn Giáo dục công dân", "", ""],
        ["", "Ông", "Giáo viên", "", "Giáo viên môn Giáo dục công dân", "", ""],
        ["Trần Văn Bình", "Ông", "Giáo viên", "", "Giáo viên môn Toán", "", ""],
        ["Nguyễn Thị Lộc", "Bà", "Giáo viên môn Giáo dục công dân", "", "Giáo viên môn Giáo dục công dân", "", ""],
        ["Lê Thị Hoa", "Bà", "Tổng phụ trách Đội", "", "Tổng phụ trách Đội", "", "31/02/2022"],
        ["Phạm Minh Đức", "", "Giáo viên", "", "Giáo viên môn Giáo dục công dân", "", ""],
        ["Vũ Văn Nam", "Anh", "Giáo viên", "", "Giáo viên môn Giáo dục công dân", "", ""],
    ])
    result = vanthu("soan", "thong-bao-phan-cong")
    assert result.exit_code == 1
    lines = result.stderr.removeprefix("Lỗi: ").splitlines()
    where = "data/2022/phan-cong.csv, hàng"
    assert lines == [
        f"{where} 3, cột «Họ và tên»: không được để trống",
        f"{where} 4, cột «Vai trò»: vai trò «Giáo viên môn Toán» không có trong Kế hoạch; các vai trò Kế hoạch "
        "giao nhiệm vụ: Hiệu trưởng; Nhân viên văn thư; Giáo viên môn Giáo dục công dân; Tổng phụ trách Đội; "
        "Giáo viên phụ trách công tác pháp chế",
        f"{where} 5, cột «Họ và tên»: Nguyễn Thị Lộc (giáo viên môn Giáo dục công dân) đã có ở hàng 2",
        f"{where} 6, cột «Hạn hoàn thành»: «31/02/2022» không phải ngày có thật; viết dạng ngày/tháng/năm, "
        "ví dụ 31/12/2022",
        f"{where} 7, cột «Danh xưng»: không được để trống",
        f"{where} 8, cột «Danh xưng»: «Anh» không hợp lệ; ghi Ông hoặc Bà",
    ]
    assert not (tmp_path / "out").exists()


def test_missing_column(vanthu, tmp_path, data):
    write_csv(data / "2022" / "phan-cong.csv", [["Nguyễn Thị Lộc", "Giáo viên"]], headers=["Họ và tên", "Chức vụ"])
    result = vanthu("soan", "thong-bao-phan-cong")
    assert result.exit_code == 1
    assert result.stderr == ("Lỗi: data/2022/phan-cong.csv, hàng 1: thiếu cột «Danh xưng», «Vai trò» "
                             "(các cột cần có: Họ và tên, Danh xưng, Chức vụ, Vai trò)\n")
    assert not (tmp_path / "out").exists()


def test_excel_row_numbers_and_missing_roster(vanthu, tmp_path, data):
    (data / "2022" / "phan-cong.csv").unlink()
    assert vanthu("soan", "thong-bao-phan-cong").stderr == "Lỗi: data/2022/phan-cong.csv: không tìm thấy tệp\n"
    use_sheet(data, "phan-cong.xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADERS)
    ws.append([None] * 7)
    ws.append(["Lê Thị Hoa", "Bà", "Tổng phụ trách Đội", None, "Tổng phụ trách Đội", None, "không rõ"])
    wb.save(data / "2022" / "phan-cong.xlsx")
    result = vanthu("soan", "thong-bao-phan-cong")
    assert "data/2022/phan-cong.xlsx, hàng 3, cột «Hạn hoàn thành»: «không rõ» không phải ngày có thật" in result.stderr


def test_excel_keeps_codes_as_typed_and_dates_as_dates(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã", "Mã số", "Ngày"])
    ws.append(["007", 7, date(2022, 5, 9)])
    ws["B2"].number_format = "000"
    wb.save(tmp_path / "t.xlsx")
    table = read_table(tmp_path / "t.xlsx")
    assert table.rows == [(2, {"ma": "007", "ma_so": "007", "ngay": date(2022, 5, 9)})]
    assert table.headers == {"ma": "Mã", "ma_so": "Mã số", "ngay": "Ngày"}


def test_semicolon_and_single_column_csv(tmp_path):
    (tmp_path / "a.csv").write_text("Họ và tên;Danh xưng\nNguyễn Thị Lộc;Bà\n", encoding="utf-8")
    assert read_table(tmp_path / "a.csv").rows == [(2, {"ho_ten": "Nguyễn Thị Lộc", "danh_xung": "Bà"})]
    (tmp_path / "b.csv").write_text("Họ và tên\nNguyễn Thị Lộc\n", encoding="utf-8")
    assert read_table(tmp_path / "b.csv").rows == [(2, {"ho_ten": "Nguyễn Thị Lộc"})]
    (tmp_path / "c.csv").write_bytes(b"Ho va ten\nNguy\xeanc\n")  # saved as a legacy code page
    with pytest.raises(DataError, match="không phải UTF-8"):
        read_table(tmp_path / "c.csv")
