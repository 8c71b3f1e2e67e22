"""Next year from this year: carried, advanced, and what must be decided anew marked for review."""

import re
from datetime import date

import openpyxl
from docx import Document
from docx.oxml.ns import qn

import nd30
from conftest import replace_in

PLAN = ("van-ban", "ke-hoach-binh-dang-gioi.yaml")
NOTICES = ("van-ban", "thong-bao-phan-cong.yaml")


def roll(vanthu, *args):
    result = vanthu("nam-moi", *args)
    assert result.exit_code == 0, result.output
    return result.output


def unmark(path):
    path.write_text(path.read_text(encoding="utf-8").replace("!xem-lai ", ""), encoding="utf-8")


def fill_review_items(data):
    """What the clerk does after `nam-moi`: new căn cứ, theme and dates; targets confirmed."""
    plan = data / "2023" / PLAN[0] / PLAN[1]
    replace_in(plan, "ngay: !xem-lai 2023-05-09\ntrich_yeu", "ngay: 2023-05-15\ntrich_yeu")
    replace_in(plan, "so: !xem-lai 70", "so: 85")
    replace_in(plan, "ngay: !xem-lai 2023-05-09", "ngay: 2023-05-10")
    replace_in(plan, "trich_yeu: !xem-lai về việc triển khai thực hiện công tác Bình đẳng giới và Trẻ em năm 2022",
               "trich_yeu: về việc triển khai thực hiện công tác Bình đẳng giới và Trẻ em năm 2023")
    unmark(plan)
    replace_in(data / "2023" / "tham-so.yaml", "!xem-lai Chung tay vì trẻ em nghèo, trẻ em dân tộc thiểu số",
               "Hành động thiết thực, ưu tiên nguồn lực cho trẻ em")
    unmark(data / "2023" / NOTICES[0] / NOTICES[1])


def test_every_document_is_carried_and_renders_once_reviewed(vanthu, tmp_path, data):
    output = roll(vanthu)
    assert "Đã tạo data/2023/" in output
    assert "Không chép (kết quả của năm cũ): bao-cao-lop.xlsx" in output
    assert not (data / "2023" / "bao-cao-lop.xlsx").exists()
    carried = sorted(p.name for p in (data / "2023" / "van-ban").iterdir())
    assert carried == sorted(p.name for p in (data / "2022" / "van-ban").iterdir()) and len(carried) == 10
    assert "nam: 2023\nnam_hoc: 2023-2024" in (data / "2023" / "tham-so.yaml").read_text(encoding="utf-8")
    fill_review_items(data)
    result = vanthu("soan", "ke-hoach-binh-dang-gioi", "--nam", "2023")
    assert result.exit_code == 0, result.output
    doc = Document(tmp_path / "out" / "2023" / "du-thao" / "ke-hoach-binh-dang-gioi.docx")
    nd30.assert_page(doc)
    nd30.assert_fonts(doc)
    nd30.assert_header(doc, chu_quan="ỦY BAN NHÂN DÂN QUẬN 8", ten="TRƯỜNG THCS KHÁNH BÌNH",
                       so_line="Số:      /KH-THCSKB", date_line="Quận 8, ngày 15 tháng 5 năm 2023")
    nd30.assert_title(doc, "KẾ HOẠCH", "Triển khai thực hiện công tác Bình đẳng giới và Trẻ em năm 2023")
    nd30.assert_page_numbers(doc, draft=True)
    text = nd30.text(doc)
    assert "Căn cứ Kế hoạch số 85/KH-PGDĐT ngày 10 tháng 5 năm 2023" in text
    assert "“Hành động thiết thực, ưu tiên nguồn lực cho trẻ em”" in text
    assert "2022" not in text
    assert vanthu("soan", "thong-bao-phan-cong", "--nam", "2023").exit_code == 0
    notice = nd30.text(Document(tmp_path / "out/2023/du-thao/thong-bao-phan-cong/nguyen-thi-loc.docx"))
    assert "Quận 8, ngày 12 tháng 5 năm 2023" in notice and "trước ngày 31 tháng 12 năm 2023" in notice
    assert "2022" not in notice


def test_dates_in_sheets_move_to_the_new_year_and_are_listed(vanthu, tmp_path, data):
    book = openpyxl.Workbook()
    book.active.append(["Họ và tên", "Hạn hoàn thành", "Ghi chú"])
    book.active.append(["Lê Thị Hoa", date(2022, 6, 30), "15/08/2022"])
    book.save(data / "2022" / "lich.xlsx")
    output = roll(vanthu)
    assert "- data/2023/phan-cong.csv, hàng 4, cột «Hạn hoàn thành» = «30/06/2023»: ngày trong bảng tính đã lùi " \
           "sang năm 2023: xem lại" in output
    assert "- data/2023/lich.xlsx, hàng 2, cột «Hạn hoàn thành» = «30/06/2023»" in output
    assert "- data/2023/lich.xlsx, hàng 2, cột «Ghi chú» = «15/08/2023»" in output
    assert "Lê Thị Hoa,Bà,Tổng phụ trách Đội,,Tổng phụ trách Đội,Tổ chức các hoạt động của Liên đội hưởng ứng " \
           "Tháng hành động vì trẻ em,30/06/2023" in (data / "2023" / "phan-cong.csv").read_text(encoding="utf-8")
    sheet = openpyxl.load_workbook(data / "2023" / "lich.xlsx").active
    assert sheet["B2"].value.date() == date(2023, 6, 30) and sheet["C2"].value == "15/08/2023"


def test_a_deadline_before_the_notice_is_refused(vanthu, tmp_path, data):
    replace_in(data / "2022" / "phan-cong.csv", "30/06/2022", "30/04/2022")
    result = vanthu("soan", "thong-bao-phan-cong")
    assert result.exit_code == 1
    assert result.stderr == ("Lỗi: data/2022/phan-cong.csv, hàng 4, cột «Hạn hoàn thành»: hạn hoàn thành 30/04/2022 "
                             "trước ngày của văn bản (12/05/2022)\n")
    assert not (tmp_path / "out").exists()


def test_comments_and_layout_survive_in_place(vanthu, data):
    roll(vanthu)
    for name in ("tham-so.yaml", "van-ban/ke-hoach-binh-dang-gioi.yaml", "van-ban/thong-bao-phan-cong.yaml",
                 "van-ban/quyet-dinh-ban-chi-dao.yaml"):
        old = (data / "2022" / name).read_text(encoding="utf-8").splitlines()
        new = (data / "2023" / name).read_text(encoding="utf-8").splitlines()
        assert len(old) == len(new), name
        for before, after in zip(old, new):
            if "#" in before:  # every comment at its place, on the same line as before
                assert after.endswith(before[before.index("#"):]), (name, before, after)
            elif not re.search(r"\d{4}|gia_tri|so:|trich_yeu: về|chu_de", before):
                assert before == after, (name, before, after)


def test_results_are_marked_not_carried_silently(vanthu, data):
    output = roll(vanthu)
    assert ("- data/2023/van-ban/bao-cao-binh-dang-gioi.yaml, dòng 21, trường `ket_qua.the-bao-hiem-y-te.ket_qua` "
            "= «98.5»: kết quả của năm 2022: ghi kết quả năm 2023") in output
    unmark(data / "2023" / "tham-so.yaml")
    refused = vanthu("soan", "bao-cao-binh-dang-gioi", "--nam", "2023")
    assert refused.exit_code == 1 and "văn bản «bao-cao-binh-dang-gioi» còn" in refused.stderr


def test_marks_block_rendering_and_draft_highlights_them(vanthu, tmp_path, data):
    output = roll(vanthu, "--tu", "2022", "--den", "2023")
    assert ("- data/2023/van-ban/ke-hoach-binh-dang-gioi.yaml, dòng 14, trường `can_cu.1.so` = «70»: căn cứ của "
            "năm mới có số, ngày và trích yếu mới") in output
    assert ("- data/2023/tham-so.yaml, dòng 5, trường `bien.chu_de_thang_hanh_dong` = «Chung tay vì trẻ em "
            "nghèo, trẻ em dân tộc thiểu số»: tham số riêng của năm") in output
    unmark(data / "2023" / "tham-so.yaml")

    refused = vanthu("soan", "ke-hoach-binh-dang-gioi", "--nam", "2023")
    assert refused.exit_code == 1
    lines = refused.stderr.splitlines()
    assert lines[0] == ("Lỗi: văn bản «ke-hoach-binh-dang-gioi» còn 10 giá trị cần xem lại (hoặc soạn bản nháp có "
                        "tô vàng các giá trị này):")
    assert lines[-1] == "  Gợi ý: thêm --nhap để soạn bản nháp"
    assert lines[1].startswith("data/2023/van-ban/ke-hoach-binh-dang-gioi.yaml, dòng 9, trường `ngay`: cần xem "
                               "lại cho năm mới (giá trị hiện tại: «2023-05-09»)")
    assert len(lines) == 12  # the header, the 10 values, the way out
    assert not (tmp_path / "out").exists()

    draft = vanthu("soan", "ke-hoach-binh-dang-gioi", "--nam", "2023", "--nhap")
    assert draft.exit_code == 0, draft.output
    doc = Document(tmp_path / "out" / "2023" / "du-thao" / "ke-hoach-binh-dang-gioi.docx")
    marked = [r.text for r in doc.element.body.iter(qn("w:r"))
              if r.find(qn("w:rPr")) is not None and r.find(qn("w:rPr")).find(qn("w:highlight")) is not None]
    assert marked[0] == "Quận 8, ngày 09 tháng 5 năm 2023"
    assert marked[1].startswith("Căn cứ Kế hoạch số 70/KH-PGDĐT ngày 09 tháng 5 năm 2023")
    assert marked.count("100%") == 6
    assert "\ue000" not in nd30.text(doc) and "Quận 8, ngày 09 tháng 5 năm 2023" in nd30.text(doc)
    assert vanthu("soan", "ke-hoach-binh-dang-gioi", "--nam", "2023", "--nhap", "--cap-so").exit_code == 1


def test_theme_marked_in_parameters_is_highlighted_in_a_draft(vanthu, tmp_path, data):
    roll(vanthu)
    refused = vanthu("soan", "to-trinh-kinh-phi", "--nam", "2023")
    assert refused.exit_code == 1 and "tham số năm 2023 còn 1 giá trị cần xem lại" in refused.stderr
    assert vanthu("soan", "ke-hoach-binh-dang-gioi", "--nam", "2023", "--nhap").exit_code == 0
    doc = Document(tmp_path / "out" / "2023" / "du-thao" / "ke-hoach-binh-dang-gioi.docx")
    marked = [r.text for r in doc.element.body.iter(qn("w:r"))
              if r.find(qn("w:rPr")) is not None and r.find(qn("w:rPr")).find(qn("w:highlight")) is not None]
    assert "Chung tay vì trẻ em nghèo, trẻ em dân tộc thiểu số" in marked


def test_existing_year_is_not_overwritten_without_ghi_de(vanthu, data):
    roll(vanthu)
    replace_in(data / "2023" / "tham-so.yaml", "# Tham số", "# Đã sửa tay. Tham số")
    refused = vanthu("nam-moi", "--tu", "2022")
    assert refused.exit_code == 1 and "đã có data/2023; chọn làm lại" in refused.stderr
    assert "chọn làm lại nếu muốn tạo lại từ năm 2022 (thêm --ghi-de)" in refused.stderr
    assert "# Đã sửa tay." in (data / "2023" / "tham-so.yaml").read_text(encoding="utf-8")
    roll(vanthu, "--tu", "2022", "--ghi-de")
    assert "# Đã sửa tay." not in (data / "2023" / "tham-so.yaml").read_text(encoding="utf-8")
    assert not (data / "so-van-ban-di.sqlite").exists()
    assert sorted(p.name for p in data.iterdir()) == [".sao-luu", "2022", "2023", "don-vi.yaml"]
    [kept] = (data / ".sao-luu").iterdir()  # the overwritten year, kept whole (see test_faults)
    assert "# Đã sửa tay." in (kept / "tham-so.yaml").read_text(encoding="utf-8")


def test_so_sanh_shows_what_changed(vanthu, data):
    roll(vanthu)
    fill_review_items(data)
    output = vanthu("so-sanh", "2022", "2023").output.splitlines()
    assert "bao-cao-lop.xlsx: chỉ có ở năm 2022" in output
    assert "phan-cong.csv: 1 thay đổi" in output
    assert "van-ban/ke-hoach-binh-dang-gioi.yaml: 4 thay đổi" in output
    assert "  ~ han: «2022-12-31» → «2023-12-31»" in output
    assert "  ~ can_cu.1.so: «70» → «85»" in output
    assert "  ~ nam_hoc: «2022-2023» → «2023-2024»" in output
    assert "  ~ bien.chu_de_thang_hanh_dong: «Chung tay vì trẻ em nghèo, trẻ em dân tộc thiểu số» → " \
           "«Hành động thiết thực, ưu tiên nguồn lực cho trẻ em»" in output
