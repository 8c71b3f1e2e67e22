"""Next year from this year: carried, advanced, and what must be decided anew marked for review."""

import re

from docx import Document
from docx.oxml.ns import qn

import nd30
from conftest import replace_in


def roll(vanthu, *args):
    result = vanthu("nam-moi", *args)
    assert result.exit_code == 0, result.output
    return result.output


def fill_review_items(data):
    """What the clerk does after `nam-moi`: new căn cứ, theme and dates; targets confirmed."""
    plan = data / "2023" / "ke-hoach.yaml"
    replace_in(plan, "ngay: !xem-lai 2023-05-09\ntrich_yeu", "ngay: 2023-05-15\ntrich_yeu")
    replace_in(plan, "so: !xem-lai 70", "so: 85")
    replace_in(plan, "ngay: !xem-lai 2023-05-09", "ngay: 2023-05-10")
    replace_in(plan, "trich_yeu: !xem-lai về việc triển khai thực hiện công tác Bình đẳng giới và Trẻ em năm 2022",
               "trich_yeu: về việc triển khai thực hiện công tác Bình đẳng giới và Trẻ em năm 2023")
    plan.write_text(plan.read_text(encoding="utf-8").replace("!xem-lai ", ""), encoding="utf-8")
    replace_in(data / "2023" / "tham-so.yaml", "!xem-lai Chung tay vì trẻ em nghèo, trẻ em dân tộc thiểu số",
               "Hành động thiết thực, ưu tiên nguồn lực cho trẻ em")
    replace_in(data / "2023" / "thong-bao-phan-cong.yaml", "!xem-lai ", "")


def test_new_year_renders_once_reviewed(vanthu, tmp_path, data):
    output = roll(vanthu)
    assert "Đã tạo data/2023/" in output
    assert "Không chép (kết quả của năm cũ): bao-cao-lop.xlsx, ket-qua.yaml" in output
    assert not (data / "2023" / "ket-qua.yaml").exists()
    assert (data / "2023" / "phan-cong.csv").read_bytes() == (data / "2022" / "phan-cong.csv").read_bytes()
    assert "nam: 2023\nnam_hoc: 2023-2024" in (data / "2023" / "tham-so.yaml").read_text(encoding="utf-8")
    fill_review_items(data)
    result = vanthu("ke-hoach", "--nam", "2023")
    assert result.exit_code == 0, result.output
    doc = Document(tmp_path / "out" / "2023" / "ke-hoach-2023-du-thao.docx")
    nd30.assert_page(doc)
    nd30.assert_fonts(doc)
    nd30.assert_header(doc, chu_quan="ỦY BAN NHÂN DÂN QUẬN 8", ten="TRƯỜNG THCS KHÁNH BÌNH",
                       so_line="Số:      /KH-THCSKB", date_line="Quận 8, ngày 15 tháng 5 năm 2023")
    nd30.assert_title(doc, "KẾ HOẠCH", "Triển khai thực hiện công tác Bình đẳng giới và Trẻ em năm 2023")
    nd30.assert_page_numbers(doc)
    text = nd30.text(doc)
    assert "Căn cứ Kế hoạch số 85/KH-PGDĐT ngày 10 tháng 5 năm 2023" in text
    assert "“Hành động thiết thực, ưu tiên nguồn lực cho trẻ em”" in text
    assert "2022" not in text
    assert vanthu("phan-cong", "--nam", "2023").exit_code == 0
    notice = nd30.text(Document(tmp_path / "out/2023/phan-cong/TB-du-thao-THCSKB-nguyen-thi-loc.docx"))
    assert "Quận 8, ngày 12 tháng 5 năm 2023" in notice and "trước ngày 31 tháng 12 năm 2023" in notice
    assert "2022" not in notice


def test_comments_and_layout_survive_in_place(vanthu, data):
    roll(vanthu)
    for name in ("ke-hoach.yaml", "tham-so.yaml", "thong-bao-phan-cong.yaml"):
        old = (data / "2022" / name).read_text(encoding="utf-8").splitlines()
        new = (data / "2023" / name).read_text(encoding="utf-8").splitlines()
        assert len(old) == len(new), name
        for before, after in zip(old, new):
            if "#" in before:  # every comment at its place, on the same line as before
                assert after.endswith(before[before.index("#"):]), (name, before, after)
            elif not re.search(r"\d{4}|gia_tri|so:|trich_yeu: về|chu_de", before):
                assert before == after, (name, before, after)


def test_marks_block_rendering_and_draft_highlights_them(vanthu, tmp_path, data):
    output = roll(vanthu, "--tu", "2022", "--den", "2023")
    assert "Cần xem lại 12 giá trị trước khi ban hành" in output
    assert ("- data/2023/ke-hoach.yaml, dòng 11, trường `can_cu.1.so` = «70»: căn cứ của năm mới có số, "
            "ngày và trích yếu mới") in output
    assert ("- data/2023/tham-so.yaml, dòng 5, trường `bien.chu_de_thang_hanh_dong` = «Chung tay vì trẻ em "
            "nghèo, trẻ em dân tộc thiểu số»: tham số riêng của năm") in output

    refused = vanthu("ke-hoach", "--nam", "2023")
    assert refused.exit_code == 1
    lines = refused.stderr.splitlines()
    assert lines[0] == ("Lỗi: dữ liệu năm 2023 còn 12 giá trị cần xem lại (soạn bản nháp có tô vàng các giá trị "
                        "này: thêm --nhap):")
    assert lines[1].startswith("data/2023/ke-hoach.yaml, dòng 6, trường `ngay`: cần xem lại cho năm mới "
                               "(giá trị hiện tại: «2023-05-09»)")
    assert len(lines) == 13
    assert not (tmp_path / "out").exists()

    draft = vanthu("ke-hoach", "--nam", "2023", "--nhap")
    assert draft.exit_code == 0, draft.output
    doc = Document(tmp_path / "out" / "2023" / "ke-hoach-2023-du-thao.docx")
    marked = [r.text for r in doc.element.body.iter(qn("w:r"))
              if r.find(qn("w:rPr")) is not None and r.find(qn("w:rPr")).find(qn("w:highlight")) is not None]
    assert marked[0] == "Quận 8, ngày 09 tháng 5 năm 2023"
    assert marked[1].startswith("Căn cứ Kế hoạch số 70/KH-PGDĐT ngày 09 tháng 5 năm 2023")
    assert marked.count("100%") == 6
    assert "Chung tay vì trẻ em nghèo, trẻ em dân tộc thiểu số" in marked
    assert "\ue000" not in nd30.text(doc) and "Quận 8, ngày 09 tháng 5 năm 2023" in nd30.text(doc)
    assert vanthu("ke-hoach", "--nam", "2023", "--nhap", "--cap-so").exit_code == 2


def test_existing_year_is_not_overwritten_without_ghi_de(vanthu, data):
    roll(vanthu)
    replace_in(data / "2023" / "tham-so.yaml", "# Tham số", "# Đã sửa tay. Tham số")
    refused = vanthu("nam-moi", "--tu", "2022")
    assert refused.exit_code == 1 and "đã có data/2023; thêm --ghi-de" in refused.stderr
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
    assert "ket-qua.yaml: chỉ có ở năm 2022" in output
    assert "phan-cong.csv: giống nhau" in output
    assert "  ~ can_cu.1.so: «70» → «85»" in output
    assert "  ~ nam_hoc: «2022-2023» → «2023-2024»" in output
    assert "  ~ bien.chu_de_thang_hanh_dong: «Chung tay vì trẻ em nghèo, trẻ em dân tộc thiểu số» → " \
           "«Hành động thiết thực, ưu tiên nguồn lực cho trẻ em»" in output
