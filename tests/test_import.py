"""`vanthu nhap`: Word documents typed the way clerks type them, read back as vanthu documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from conftest import ROOT, SEED

from fixtures.clerk import QUOC_HIEU, SCHOOL_LEFT, TIEU_NGU, Clerk, cong_van, decision, seed_plan
from pipeline.importers import nhap
from pipeline.load import read_yaml

PLAN = read_yaml(ROOT / "data" / "2022" / "van-ban" / "ke-hoach-binh-dang-gioi.yaml")[0]


def imported(tmp_path: Path, clerk: Clerk, name: str = "van-ban", **options):
    """Import one document into `tmp_path/data`; the result and the YAML as vanthu's loader reads it."""
    source = clerk.save(tmp_path / f"{name}.docx")
    (result,) = nhap([source], tmp_path / "data", **options)
    return result, read_yaml(result.target)[0]


def shape(blocks: list) -> list:
    """The structure of blocks: kinds and nesting, no text."""
    out = []
    for block in blocks:
        if isinstance(block, str):
            out.append("doan")
        else:
            kind = next(k for k in block if k not in ("noi_dung", "chi_tieu", "gia_tri", "vai_tro", "nhiem_vu"))
            out.append((kind, shape(block.get("noi_dung", []))))
    return out


# The plan's structure as the project typed it by hand in data/2022/van-ban/ke-hoach-binh-dang-gioi.yaml.
PLAN_SHAPE = shape(PLAN["noi_dung"])


@pytest.mark.parametrize("header", ["table", "tabs"])
def test_the_seed_plan_typed_in_word_imports_every_section_bullet_and_recipient_in_place(tmp_path, header):
    result, doc = imported(tmp_path, seed_plan(SEED, header=header))
    assert result.target == tmp_path / "data" / "2022" / "van-ban" / "van-ban.yaml"
    assert doc["loai"] == "KH" and doc["ngay"] == "2022-05-09"
    assert doc["trich_yeu"] == "Triển khai thực hiện công tác Bình đẳng giới và trẻ em năm {{ nam }}"
    assert shape(doc["noi_dung"]) == PLAN_SHAPE
    assert [b["muc"] for b in doc["noi_dung"]] == ["Mục đích, yêu cầu", "Một số chỉ tiêu chủ yếu",
                                                 "Nội dung, chỉ tiêu thực hiện", "Tổ chức thực hiện"]
    focus = doc["noi_dung"][2]["noi_dung"][1]
    assert focus["khoan"] == "Công tác trọng tâm:"
    assert focus["noi_dung"][0]["noi_dung"][2]["y"] == ("Tổ chức tháng hành động vì trẻ em năm {{ nam }} với chủ đề: "
                                                        "“Chung tay vì trẻ em nghèo, trẻ em dân tộc thiểu số”.")
    assert doc["can_cu"] == [{"loai": "Kế hoạch", "so": 70, "ky_hieu": "KH-PGDĐT", "ngay": "2022-05-09",
                              "co_quan": "Phòng Giáo dục và Đào tạo Quận 8",
                              "trich_yeu": "về việc Triển khai thực hiện công tác Bình đẳng giới và Trẻ em năm 2022"}]
    assert doc["mo_dau"] == "{{ don_vi.ten }} xây dựng kế hoạch triển khai thực hiện cụ thể như sau:"
    assert doc["ket_luan"].startswith("Trên đây là Kế hoạch triển thực hiện công tác Bình đẳng giới và Trẻ em năm "
                                      "{{ nam }} của {{ don_vi.ten }}. Đề nghị")
    assert doc["ket_luan"].endswith("đã đề ra.")
    assert doc["noi_nhan"] == ["PGD&ĐT.Q8", "GV bộ môn GDCD", {"ten": "TPT Đội", "de": "thực hiện"}, "C Loan thư viện"]
    assert "luu" not in doc  # Lưu: VT only
    # The signer stays in the document and, the new school's file having none, becomes its default.
    assert doc["nguoi_ky"] == read_yaml(tmp_path / "data" / "don-vi.yaml")[0]["nguoi_ky"] == \
        {"chuc_vu": "Hiệu trưởng", "ho_ten": "Nguyễn Văn A"}
    assert any("«III.» là khối thứ 4 cùng cấp; vanthu đánh số theo vị trí: IV." in n for n in result.notes)
    assert result.reviews == []


def _typed_carelessly(seed: Path) -> Clerk:
    """The seed plan typed with en dashes, no-break spaces, trailing spaces, and the last section's
    bullets in one paragraph cut by manual line breaks (Shift+Enter)."""
    lines = [l.replace("[bookmark: _GoBack]", "") for l in seed.read_text(encoding="utf-8").splitlines()]
    clerk = Clerk()
    clerk.header_table(SCHOOL_LEFT, "Số:     /KH-THCSKB", "Quận 8, ngày 09 tháng 5 năm 2022")
    last = lines.index("III. TỔ CHỨC THỰC HIỆN:")
    for n, text in enumerate(lines[:last + 1]):
        if text.startswith("- "):
            text = "–\u00a0" + text[2:] + "   "
        elif text.startswith("\t+ "):
            text = "\t+\t" + text[3:]
        elif text.startswith("1. "):
            text = "1.\u00a0\u00a0" + text[3:]
        clerk.line(text, bold=text.startswith(("I", "II")), center=n < 2)
    bullets = [l for l in lines[last + 1:] if l.startswith("- ")]
    clerk.line("\n".join(bullets))
    for text in lines[last + 1 + len(bullets):]:
        clerk.line(text)
    clerk.line("\t\t\t\tHIỆU TRƯỞNG")
    clerk.line("\t\t\t\tNguyễn Văn A")
    return clerk


def test_en_dashes_nbsp_trailing_spaces_and_line_breaks_change_nothing(tmp_path):
    _, doc = imported(tmp_path, _typed_carelessly(SEED))
    assert shape(doc["noi_dung"]) == PLAN_SHAPE
    first = doc["noi_dung"][1]["noi_dung"][0]["y"]
    assert first.startswith("Đảm bảo 100% trẻ em có hoàn cảnh") and first.endswith("cơ hội phát triển.")
    tasks = [b["y"] for b in doc["noi_dung"][3]["noi_dung"]]
    assert tasks[0].startswith("Hiệu trưởng triển khai văn bản") and tasks[2].startswith("Phân công giáo viên môn")
    assert doc["noi_dung"][2]["noi_dung"][0]["khoan"] == "Công tác tuyên truyền"


def test_word_automatic_numbering_and_list_styles(tmp_path):
    clerk = Clerk()
    clerk.header_table(SCHOOL_LEFT, "Số:     /KH-THCSKB", "Quận 8, ngày 09 tháng 5 năm 2022")
    clerk.title("KẾ HOẠCH", "Tổ chức Tháng hành động vì trẻ em năm 2022")
    levels = clerk.numbering([("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"),
                              ("bullet", "-"), ("bullet", "+")])
    clerk.numbered("MỤC ĐÍCH, YÊU CẦU", levels, 0, bold=True)
    clerk.line("Tổ chức các hoạt động thiết thực vì trẻ em.")
    clerk.numbered("NỘI DUNG", levels, 0, bold=True)
    clerk.numbered("Tuyên truyền", levels, 1)
    clerk.numbered("Trong nhà trường", levels, 2)
    clerk.numbered("Phát thanh măng non", levels, 3)
    clerk.numbered("Mỗi tuần một lần", levels, 4)
    clerk.numbered("Ngoài nhà trường", levels, 2)
    clerk.numbered("Hoạt động", levels, 1)
    clerk.doc.add_paragraph("Thi vẽ tranh", style="List Bullet")
    clerk.doc.add_paragraph("Thi kể chuyện", style="List Bullet")
    clerk.signature_table(["Nơi nhận:", "- Các tổ chuyên môn (để thực hiện);", "- Lưu: VT."],
                          ["HIỆU TRƯỞNG", "", "Nguyễn Văn A"])
    _, doc = imported(tmp_path, clerk)
    assert doc["noi_dung"] == [
        {"muc": "Mục đích, yêu cầu", "noi_dung": ["Tổ chức các hoạt động thiết thực vì trẻ em."]},
        {"muc": "Nội dung", "noi_dung": [
            {"khoan": "Tuyên truyền", "noi_dung": [
                {"diem": "Trong nhà trường", "noi_dung": [
                    {"y": "Phát thanh măng non", "noi_dung": [{"y": "Mỗi tuần một lần"}]}]},
                {"diem": "Ngoài nhà trường"}]},
            {"khoan": "Hoạt động", "noi_dung": [{"y": "Thi vẽ tranh"}, {"y": "Thi kể chuyện"}]}]}]
    assert doc["noi_nhan"] == [{"ten": "Các tổ chuyên môn", "de": "thực hiện"}]


def test_a_decision_with_articles_a_deputy_signing_and_an_annex_table(tmp_path):
    result, doc = imported(tmp_path, decision(), name="quyet-dinh-bcd-2022")
    assert result.target.name == "quyet-dinh-bcd.yaml"  # the year is the folder's, not the name's
    assert doc["loai"] == "QĐ" and doc["ngay"] == "2022-09-05"
    assert doc["trich_yeu"] == "Về việc thành lập Ban chỉ đạo công tác Bình đẳng giới\nnăm {{ nam }}"  # its two lines
    assert doc["tham_quyen"] == "Hiệu trưởng {{ don_vi.ten }}"
    assert doc["can_cu"] == [
        "Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006",
        {"loai": "Thông tư", "so": 32, "ky_hieu": "2020/TT-BGDĐT", "ngay": "2020-09-15",
         "co_quan": "Bộ trưởng Bộ Giáo dục và Đào tạo", "trich_yeu": "ban hành Điều lệ trường trung học cơ sở"},
        "Căn cứ tình hình thực tế của nhà trường"]
    assert doc["theo_de_nghi"] == "Theo đề nghị của Tổ trưởng tổ Văn phòng"
    assert doc["noi_dung"] == [
        {"dieu": "Thành lập Ban chỉ đạo công tác Bình đẳng giới năm {{ nam }} của {{ don_vi.ten }} gồm các ông (bà) "
                 "có tên trong danh sách kèm theo."},
        {"dieu": "Ban chỉ đạo có nhiệm vụ:", "noi_dung": [
            {"y": "Xây dựng kế hoạch thực hiện công tác Bình đẳng giới năm học {{ nam_hoc }};"},
            {"y": "Kiểm tra, đánh giá việc thực hiện."}]},
        {"dieu": "Các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."}]
    assert doc["nguoi_ky"] == {"quyen_han": "KT.", "thay": "Hiệu trưởng", "chuc_vu": "Phó Hiệu trưởng",
                               "ho_ten": "Trần Thị B"}
    assert doc["noi_nhan"] == [{"ten": "Phòng GD&ĐT Quận 8", "de": "báo cáo"}]  # vanthu writes «Như Điều 3»
    assert doc["luu"] == "VP"
    assert doc["phu_luc"] == [{
        "ten": "DANH SÁCH THÀNH VIÊN BAN CHỈ ĐẠO CÔNG TÁC BÌNH ĐẲNG GIỚI NĂM {{ nam }}",  # as typed
        "noi_dung": [{"bang": {"cot": ["TT", "Họ và tên", "Chức vụ", "Nhiệm vụ"], "rong": [1, 4, 3, 5],
                               "hang": [[1, "Nguyễn Văn A", "Hiệu trưởng", "Trưởng ban"],
                                        [2, "Trần Thị B", "Phó Hiệu trưởng", "Phó Trưởng ban"],
                                        [3, "Lê Văn C", "Tổng phụ trách Đội", "Thành viên"]]}}]}]
    school = read_yaml(tmp_path / "data" / "don-vi.yaml")[0]
    assert school["nguoi_ky"]["quyen_han"] == "KT."  # offered, marked for review: nothing is drafted without one
    assert school["ma"] == "THCSKB" and school["ten"] == "Trường THCS Khánh Bình"


@pytest.mark.parametrize("kinh_gui", [["Phòng Giáo dục và Đào tạo Quận 8"],
                                      ["Phòng Giáo dục và Đào tạo Quận 8", "Ủy ban nhân dân Phường 3"]])
def test_a_cong_van_with_vv_and_kinh_gui(tmp_path, kinh_gui):
    result, doc = imported(tmp_path, cong_van(kinh_gui))
    assert doc["loai"] == "CV"
    assert doc["trich_yeu"] == "đăng ký tham gia lớp tập huấn\ncông tác Bình đẳng giới năm {{ nam }}"  # V/v's two lines
    assert doc["kinh_gui"] == kinh_gui
    assert doc["noi_dung"] == [
        "Thực hiện Công văn số 1234/GDĐT-TH ngày 01 tháng 9 năm 2022 của Phòng Giáo dục và Đào tạo Quận 8 về việc "
        "tập huấn công tác Bình đẳng giới,",
        "{{ don_vi.ten }} đăng ký 02 giáo viên tham gia lớp tập huấn (danh sách kèm theo)."]
    assert doc["ket_luan"] == "Trân trọng."
    assert "nhu_tren" not in doc and "noi_nhan" not in doc  # `- Như trên;` is the default with a Kính gửi
    assert doc["don_vi_soan"] == "VP"
    assert doc["ngay"] == "2022-09-01"  # the day was left blank: marked for review
    (review,) = result.reviews
    assert (review.field, review.reason) == ("ngay", "bản gốc để trống ngày; chọn ngày ban hành")
    text = result.target.read_text(encoding="utf-8")
    assert "# xem lại: bản gốc để trống ngày; chọn ngày ban hành\nngay: !xem-lai 2022-09-01\n" in text
    assert "số của bản gốc (151/THCSKB-VP) không được chép: vanthu cấp số khi ban hành" in result.notes


def test_what_cannot_be_classified_is_kept_and_marked_with_the_reason(tmp_path):
    clerk = Clerk()
    clerk.header_tabs(f"TRƯỜNG THCS KHÁNH BÌNH\t\t{QUOC_HIEU}", f"\t\t{TIEU_NGU}",
                      "Số: 12/TB-THCSKB\t\tQuận 8, ngày 12 tháng 9 năm 2022")
    clerk.title("THÔNG BÁO", "Lịch trực hè năm 2022")
    clerk.line("A. PHẦN CHUNG", bold=True)
    clerk.line("1.1. Thời gian trực từ ngày 01 tháng 6 năm 2022")
    clerk.line("Giáo viên trực theo đúng quy đònh của nhà trường.")
    clerk.line("Đề nghị cán bộ, giáo viên, nhân viên thực hiện nghiêm túc./.")
    clerk.line("\t\tHIỆU TRƯỞNG")
    clerk.line("\t\tNguyễn Văn A")
    result, doc = imported(tmp_path, clerk)
    assert doc["noi_dung"] == ["A. PHẦN CHUNG", "1.1. Thời gian trực từ ngày 01 tháng 6 năm 2022",
                               "Giáo viên trực theo đúng quy đònh của nhà trường."]
    reasons = {r.field: r.reason for r in result.reviews}
    assert reasons == {
        "noi_dung.1": "nhãn «A.» (chữ in hoa) không có trong thể thức; có thể là một phần hay một mục",
        "noi_dung.2": "nhãn nhiều cấp «1.1.» không có trong thể thức (I., 1., a), -, +)",
        "noi_dung.3": "chữ «đònh» có vẻ hỏng do phông chữ cũ (TCVN3/VNI); sửa lại cho đúng"}
    text = result.target.read_text(encoding="utf-8")
    assert "  # xem lại: chữ «đònh» có vẻ hỏng do phông chữ cũ (TCVN3/VNI); sửa lại cho đúng\n  - !xem-lai" in text
    lines = text.splitlines()
    assert all(r.line and "!xem-lai" in lines[r.line - 1] for r in result.reviews)


def test_last_years_document_imported_for_this_year_is_carried_and_marked(tmp_path):
    result, doc = imported(tmp_path, seed_plan(SEED), nam=2023)
    assert result.target == tmp_path / "data" / "2023" / "van-ban" / "van-ban.yaml"
    assert doc["ngay"] == "2023-05-09"
    assert doc["trich_yeu"].endswith("năm {{ nam }}")
    reasons = {r.field: r.reason for r in result.reviews}
    assert reasons["ngay"] == "ngày ban hành đã lùi sang năm 2023, chọn ngày thật"
    assert reasons["can_cu.1.so"] == "căn cứ của năm mới có số, ngày và trích yếu mới"
    assert read_yaml(tmp_path / "data" / "2023" / "tham-so.yaml")[0] == {"nam": 2023, "nam_hoc": "2023-2024"}


def test_the_schools_file_keeps_its_values_and_comments_and_gets_what_it_lacks(tmp_path, data):
    before = (data / "don-vi.yaml").read_text(encoding="utf-8")
    source = decision().save(tmp_path / "qd.docx")
    (result,) = nhap([source], data)
    assert result.don_vi == [] and (data / "don-vi.yaml").read_text(encoding="utf-8") == before
    assert "nguoi_ky" in read_yaml(result.target)[0]  # the deputy is not the school's signer

    without = "\n".join(l for l in before.splitlines() if not l.startswith("co_quan_chu_quan")) + "\n"
    (data / "don-vi.yaml").write_text(without, encoding="utf-8")
    (result,) = nhap([source], data, ghi_de=True)
    assert result.don_vi == ["co_quan_chu_quan"]
    after = (data / "don-vi.yaml").read_text(encoding="utf-8")
    assert after.startswith("# Đơn vị ban hành văn bản: Trường THCS Khánh Bình")  # the clerk's comments stay
    assert read_yaml(data / "don-vi.yaml")[0]["co_quan_chu_quan"] == "Ủy ban nhân dân Quận 8"


def test_a_document_of_another_school_changes_nothing_of_ours(tmp_path, data):
    clerk = Clerk()
    clerk.header_table([("UBND HUYỆN BÌNH CHÁNH", False), ("TRƯỜNG THCS BÌNH HƯNG", True)],
                       "Số: 38a/KH-THCSBH", "Bình Chánh, ngày   tháng 5 năm 2022")
    clerk.title("KẾ HOẠCH", "Tổ chức hội thi năm 2022")
    clerk.line("Trường THCS Bình Hưng tổ chức hội thi.")
    before = (data / "don-vi.yaml").read_text(encoding="utf-8")
    (result,) = nhap([clerk.save(tmp_path / "bh.docx")], data)
    assert (data / "don-vi.yaml").read_text(encoding="utf-8") == before
    assert read_yaml(result.target)[0]["noi_dung"] == ["{{ don_vi.ten }} tổ chức hội thi."]
    assert any("văn bản của «Trường THCS Bình Hưng», khác đơn vị trong don-vi.yaml («Trường THCS Khánh Bình»)" in n
               for n in result.notes)


def test_the_command_prints_what_it_recognised(vanthu, tmp_path):
    decision().save(tmp_path / "Quyết định BCĐ.docx")
    result = vanthu("nhap", "Quyết định BCĐ.docx", "--ten", "bcd-binh-dang-gioi")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        "Đã nhập Quyết định BCĐ.docx vào data/2022/van-ban/bcd-binh-dang-gioi.yaml: Quyết định «Về việc thành lập "
        "Ban chỉ đạo công tác Bình đẳng giới năm {{ nam }}», ngày 05/09/2022.",
        "  Nhận ra: 3 điều, 2 ý (gạch đầu dòng), 1 bảng, 3 căn cứ (1 trích dẫn số, ngày), 1 nơi nhận, 1 phụ lục, "
        "Lưu: VT, VP, người ký KT. Phó Hiệu trưởng Trần Thị B.",
        "  Ghi chú: số của bản gốc (05/QĐ-THCSKB) không được chép: vanthu cấp số khi ban hành."]
    again = vanthu("nhap", "Quyết định BCĐ.docx", "--ten", "bcd-binh-dang-gioi")
    assert again.exit_code == 1
    assert again.stderr == ("Lỗi: Quyết định BCĐ.docx: đã có data/2022/van-ban/bcd-binh-dang-gioi.yaml; ghi đè, hoặc "
                            "đặt tên khác (thêm --ghi-de; đặt tên bằng --ten TÊN)\n")
    assert vanthu("nhap", "Quyết định BCĐ.docx", "--ten", "bcd-binh-dang-gioi", "--ghi-de").exit_code == 0
    assert date(2022, 9, 5).isoformat() in (tmp_path / "data/2022/van-ban/bcd-binh-dang-gioi.yaml").read_text()


def test_a_full_name_on_two_header_lines_and_the_short_name_in_the_text(tmp_path):
    clerk = Clerk()
    clerk.header_table([("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN 8", False), ("TRƯỜNG TRUNG HỌC CƠ SỞ", True),
                        ("KHÁNH BÌNH", True)], "Số: 12/TB-THCSKB", "Quận 8, ngày 12 tháng 9 năm 2022")
    clerk.title("THÔNG BÁO", "Lịch trực hè")
    clerk.line("Trường THCS Khánh Bình thông báo lịch trực hè của Trường Trung học cơ sở Khánh Bình.")
    clerk.signature_table(["Nơi nhận:", "- Lưu: VT."], ["HIỆU TRƯỞNG", "Nguyễn Văn A"])
    result, doc = imported(tmp_path, clerk)
    assert doc["noi_dung"] == ["{{ don_vi.ten }} thông báo lịch trực hè của {{ don_vi.ten }}."]
    school = read_yaml(tmp_path / "data" / "don-vi.yaml")[0]
    assert school == {"co_quan_chu_quan": "Phòng Giáo dục và Đào tạo Quận 8", "ten": "Trường THCS Khánh Bình",
                      "ten_dau_trang": ["TRƯỜNG TRUNG HỌC CƠ SỞ", "KHÁNH BÌNH"], "ma": "THCSKB", "dia_danh": "Quận 8",
                      "nguoi_ky": {"chuc_vu": "Hiệu trưởng", "ho_ten": "Nguyễn Văn A"}}


@pytest.mark.parametrize("typed, clerk", [("- Như Điều 3 (để thực hiện);", lambda t: decision(nhu_dieu=t)),
                                          ("- Như trên (để thực hiện);", lambda t: cong_van(["UBND Phường 3"], t))])
def test_what_vanthu_writes_itself_keeps_the_purpose_typed_with_it(tmp_path, typed, clerk):
    """`- Như Điều 3;` and `- Như trên;` are vanthu's own lines, but `(để thực hiện)` after them is
    the clerk's: kept, and the line written once."""
    from fidelity import import_and_render
    source = clerk(typed).save(tmp_path / "van-ban.docx")
    imported, rendered = import_and_render(source, tmp_path / "work", ROOT / "templates")
    doc = read_yaml(imported.target)[0]
    assert doc["noi_nhan"][0] == {"ten": typed[2:typed.index(" (")], "de": "thực hiện"}
    lines = [p.text for p in Document(rendered).paragraphs] + [
        p.text for t in Document(rendered).tables for c in t._cells for p in c.paragraphs]
    recipients = [t for t in lines if t.startswith("- Như")]
    assert recipients == [typed], recipients  # not also vanthu's bare «- Như Điều 3;»


def test_a_deputys_signature_becomes_the_new_schools_signer_marked_for_review(tmp_path):
    result, doc = imported(tmp_path, decision())
    # Without a signer nothing could be drafted after the import: the deputy is offered, to review.
    school = read_yaml(tmp_path / "data" / "don-vi.yaml")[0]
    assert school["nguoi_ky"] == {"quyen_han": "KT.", "thay": "Hiệu trưởng", "chuc_vu": "Phó Hiệu trưởng",
                                  "ho_ten": "Trần Thị B"}
    assert doc["nguoi_ky"] == school["nguoi_ky"]  # the document keeps who signed it
    (review,) = [r for r in result.school_reviews if r.field.startswith("nguoi_ky")]
    assert (review.file, review.field) == (tmp_path / "data" / "don-vi.yaml", "nguoi_ky.quyen_han")
    assert review.reason == "người ký thay, lấy từ văn bản; sửa thành người thường ký nếu cần"
    assert f"  - {review}" in result.summary()
