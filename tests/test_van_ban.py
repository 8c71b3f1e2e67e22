"""Every kind of document from data/<năm>/van-ban/*.yaml, rendered and read back against NĐ 30."""

import contextlib
import re
import shutil
import sqlite3

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

import nd30
from conftest import ROOT, copy_data, replace_in, run_vanthu
from pipeline.kinds import KINDS

HEADER = {"chu_quan": "ỦY BAN NHÂN DÂN QUẬN 8", "ten": "TRƯỜNG THCS KHÁNH BÌNH"}
DRAFTS = ("out", "2022", "du-thao")


def draft(tmp_path, name):
    return Document(tmp_path.joinpath(*DRAFTS, f"{name}.docx"))


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """`vanthu soan --nam 2022` run once for the module, as the `vanthu` fixture runs it; its out/ folder
    (the run writes nothing else)."""
    base = tmp_path_factory.mktemp("drafted")
    copy_data(base / "data")
    shutil.copytree(ROOT / "templates", base / "templates")
    with contextlib.chdir(base):
        result = run_vanthu("soan", "--nam", "2022")
    assert result.exit_code == 0, result.output
    return base / "out"


@pytest.fixture
def drafts(vanthu, tmp_path, drafted):
    """Each test's own copy of the drafts, free to change like a fresh run's."""
    shutil.copytree(drafted, tmp_path / "out")
    return lambda name: draft(tmp_path, name)


def test_decision_with_articles_and_annex(drafts):
    doc = drafts("quyet-dinh-ban-chi-dao")
    nd30.assert_page(doc)
    nd30.assert_fonts(doc)
    nd30.assert_header(doc, **HEADER, so_line="Số:      /QĐ-THCSKB", date_line="Quận 8, ngày 10 tháng 5 năm 2022")
    nd30.assert_title(doc, "QUYẾT ĐỊNH", "Về việc thành lập Ban chỉ đạo công tác Bình đẳng giới và Trẻ em năm 2022")
    nd30.assert_decision(doc, "HIỆU TRƯỞNG TRƯỜNG THCS KHÁNH BÌNH", articles=3)
    lines = [p.text for p in nd30.body_paragraphs(doc)]
    can_cu = [t for t in lines if t.startswith("Căn cứ")]
    assert len(can_cu) == 3 and all(t.endswith(";") for t in can_cu)
    assert can_cu[1].startswith("Căn cứ Kế hoạch số 70/KH-PGDĐT ngày 09 tháng 5 năm 2022 của Phòng Giáo dục")
    assert "Theo đề nghị của Tổ trưởng Tổ Văn phòng." in lines
    # Khoản inside an article: numbered 1., 2., 3., regular.
    assert [t[:2] for t in lines if re.match(r"^\d\. ", t)] == ["1.", "2.", "3."]
    nd30.assert_footer(doc, ["- Như Điều 3;", "- Phòng GD&ĐT Quận 8 (để báo cáo);",
                             "- Ban Giám hiệu (để chỉ đạo);", "- Lưu: VT."], ["HIỆU TRƯỞNG"], "Nguyễn Văn A")


def test_annex_on_its_own_pages_with_its_table(drafts, vanthu, tmp_path):
    doc = drafts("quyet-dinh-ban-chi-dao")
    # The document's section, then the annex's: numbered from 1 again.
    assert nd30.sections_with_restart(doc) == [False, True]
    lines = [p.text for p in nd30.body_paragraphs(doc)]
    start = lines.index("Phụ lục")
    assert lines[start + 1] == "DANH SÁCH THÀNH VIÊN BAN CHỈ ĐẠO CÔNG TÁC BÌNH ĐẲNG GIỚI VÀ TRẺ EM NĂM 2022"
    kem_theo = next(p for p in nd30.body_paragraphs(doc) if p.text.startswith("(Kèm theo"))
    assert kem_theo.text == ("(Kèm theo Quyết định số      /QĐ-THCSKB ngày 10 tháng 5 năm 2022 của Hiệu trưởng "
                             "Trường THCS Khánh Bình)")
    nd30.assert_style(kem_theo, 14, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    members = doc.tables[-1]
    nd30.assert_data_table(members, ["TT", "Họ và tên", "Chức vụ", "Nhiệm vụ trong Ban"])
    assert [c.text for c in members.rows[1].cells] == ["1", "Nguyễn Văn A", "Hiệu trưởng", "Trưởng ban"]
    assert len(members.rows) == 7  # header + the six rows of ban-chi-dao.csv
    # The footer (Nơi nhận, signature) stands before the annex.
    assert doc.tables[-2].cell(0, 0).paragraphs[0].text == "Nơi nhận:"

    result = vanthu("soan", "quyet-dinh-ban-chi-dao", "--cap-so", "--ngay", "2022-05-11")
    assert result.exit_code == 0, result.output
    issued = Document(tmp_path / "out" / "2022" / "QĐ-01-THCSKB.docx")
    kem_theo = next(p.text for p in nd30.body_paragraphs(issued) if p.text.startswith("(Kèm theo"))
    assert kem_theo == ("(Kèm theo Quyết định số 01/QĐ-THCSKB ngày 11 tháng 5 năm 2022 của Hiệu trưởng "
                        "Trường THCS Khánh Bình)")
    again = vanthu("soan", "quyet-dinh-ban-chi-dao", "--cap-so")  # no --ngay: the recorded date, same document
    assert again.exit_code == 0, again.output
    assert "đã có số 01/QĐ-THCSKB (cấp ngày 11/05/2022)" in again.output


def test_cong_van_has_v_v_under_so_and_kinh_gui(drafts):
    doc = drafts("cong-van-dang-ky-tap-huan")
    nd30.assert_fonts(doc)
    nd30.assert_cong_van_header(doc, so_line="Số:      /THCSKB-VP",
                                v_v="V/v đăng ký tham gia tập huấn công tác Bình đẳng giới năm 2022")
    lines = [p.text for p in nd30.body_paragraphs(doc)]
    assert "CÔNG VĂN" not in lines and lines[0] == "Kính gửi: Phòng Giáo dục và Đào tạo Quận 8"
    assert lines[1].startswith("Thực hiện Công văn số 1125/GDĐT-CTTT") and lines[1].endswith("năm 2022.")
    nd30.assert_data_table(doc.tables[1], ["TT", "Họ và tên", "Chức vụ", "Điện thoại"])
    nd30.assert_footer(doc, ["- Như trên;", "- Ban Giám hiệu;", "- Lưu: VT, VP."], ["HIỆU TRƯỞNG"], "Nguyễn Văn A")


def test_to_trinh_with_several_recipients(drafts):
    doc = drafts("to-trinh-kinh-phi")
    nd30.assert_title(doc, "TỜ TRÌNH", "Về việc đề nghị hỗ trợ kinh phí tổ chức Tháng hành động vì trẻ em năm 2022")
    nd30.assert_kinh_gui(doc, ["Kính gửi:", "- Phòng Giáo dục và Đào tạo Quận 8;",
                               "- Phòng Tài chính - Kế hoạch Quận 8."])
    nd30.assert_footer(doc, ["- Như trên;", "- Ban Giám hiệu;", "- Lưu: VT, KT."], ["HIỆU TRƯỞNG"], "Nguyễn Văn A")


def test_notice_signed_by_deputy(drafts):
    doc = drafts("thong-bao-lich-hop")
    nd30.assert_title(doc, "THÔNG BÁO", "Lịch họp triển khai công tác Bình đẳng giới và Trẻ em năm 2022")
    nd30.assert_footer(doc, ["- Các thành phần dự họp (để thực hiện);", "- Ban Giám hiệu (để biết);", "- Lưu: VT."],
                       ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"], "Trần Thị Bích")
    lines = [p.text for p in nd30.body_paragraphs(doc)]
    assert "3. Thành phần" in lines and "- Ban Giám hiệu;" in lines


def test_plan_with_a_timeline_table(drafts):
    doc = drafts("ke-hoach-tuan-le-hoc-tap")
    nd30.assert_title(doc, "KẾ HOẠCH", "Tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2022")
    timeline = doc.tables[1]
    nd30.assert_data_table(timeline, ["Thời gian", "Nội dung", "Người thực hiện"])
    widths = [c.width.mm for c in timeline.rows[0].cells]
    assert abs(sum(widths) - 165) < 0.5 and abs(widths[1] / widths[0] - 2.5) < 0.01
    assert timeline.rows[2].cells[0].text == "01/10 – 07/10/2022"
    lines = [p.text for p in nd30.body_paragraphs(doc)]
    assert "II. NỘI DUNG VÀ THỜI GIAN THỰC HIỆN" in lines
    assert lines[lines.index("III. TỔ CHỨC THỰC HIỆN") - 1] != "III. TỔ CHỨC THỰC HIỆN"  # no duplicate


def test_report_that_scores_no_plan(drafts):
    doc = drafts("bao-cao-so-ket-hoc-ky-1")
    nd30.assert_title(doc, "BÁO CÁO", "Sơ kết học kỳ I năm học 2022-2023")
    nd30.assert_kinh_gui(doc, ["Kính gửi: Phòng Giáo dục và Đào tạo Quận 8"])
    assert [c.text for c in doc.tables[1].rows[1].cells] == ["6", "6", "245", "120"]


def test_draft_is_marked_and_issued_is_not(drafts, vanthu, tmp_path):
    doc = drafts("thong-bao-lich-hop")
    first = doc.sections[0].first_page_header
    assert [p.text for p in first.paragraphs if p.text.strip()] == ["DỰ THẢO"]
    assert doc.core_properties.comments == "Dự thảo"
    assert vanthu("soan", "thong-bao-lich-hop", "--cap-so", "--ngay", "2022-05-16").exit_code == 0
    issued = Document(tmp_path / "out" / "2022" / "TB-01-THCSKB.docx")
    nd30.assert_page_numbers(issued)
    assert "DỰ THẢO" not in nd30.text(issued)
    assert issued.core_properties.comments == "Đã ban hành"


def test_draft_mark_is_a_setting(vanthu, data, tmp_path):
    text = (data / "don-vi.yaml").read_text(encoding="utf-8")
    (data / "don-vi.yaml").write_text(text.replace("  cach_doan: 6", "  cach_doan: 6\n  dau_du_thao: false"),
                                      encoding="utf-8")
    assert vanthu("soan", "thong-bao-lich-hop").exit_code == 0
    nd30.assert_page_numbers(draft(tmp_path, "thong-bao-lich-hop"))


def test_two_plans_of_a_year_get_two_numbers(vanthu, data, tmp_path):
    replace_in(data / "2022" / "van-ban" / "ke-hoach-tuan-le-hoc-tap.yaml", "ngay: 2022-09-20", "ngay: 2022-05-09")
    (data / "2022" / "van-ban" / "ke-hoach-2.yaml").write_text(
        (data / "2022" / "van-ban" / "ke-hoach-tuan-le-hoc-tap.yaml").read_text(encoding="utf-8")
        .replace("Tổ chức Tuần lễ", "Tổ chức Ngày hội"), encoding="utf-8")
    result = vanthu("soan", "ke-hoach-tuan-le-hoc-tap", "ke-hoach-2", "--cap-so", "--ngay", "2022-09-20")
    assert result.exit_code == 0, result.output
    assert "Đã cấp số 01/KH-THCSKB ngày 20/09/2022" in result.output
    assert "Đã cấp số 02/KH-THCSKB ngày 20/09/2022" in result.output
    db = sqlite3.connect(data / "so-van-ban-di.sqlite")
    rows = db.execute("SELECT so, khoa FROM van_ban ORDER BY so").fetchall()
    assert rows == [(1, "2022/ke-hoach-tuan-le-hoc-tap"), (2, "2022/ke-hoach-2")]
    second = Document(tmp_path / "out" / "2022" / "KH-02-THCSKB.docx")
    assert "Tổ chức Ngày hội hưởng ứng học tập suốt đời năm 2022" in nd30.text(second)


def test_danh_sach_lists_kinds_and_states(vanthu):
    assert vanthu("soan", "to-trinh-kinh-phi", "--cap-so", "--ngay", "2022-05-18").exit_code == 0
    result = vanthu("danh-sach", "--nam", "2022")
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.output.splitlines()[2:]}
    assert "Tờ trình" in lines["to-trinh-kinh-phi"] and "đã cấp số 01/TTr-THCSKB ngày 18/05/2022" in lines[
        "to-trinh-kinh-phi"]
    assert lines["quyet-dinh-ban-chi-dao"].rstrip().endswith("dự thảo")
    assert "Công văn" in lines["cong-van-dang-ky-tap-huan"]


@pytest.mark.parametrize("loai", sorted(KINDS))
def test_every_kind_starts_from_a_starter_that_renders(vanthu, tmp_path, loai):
    name = f"moi-{re.sub(r'[^a-z]', '', loai.lower().replace('đ', 'd'))}"
    result = vanthu("moi", loai, name, "--nam", "2022")
    assert result.exit_code == 0, result.output
    assert f"data/2022/van-ban/{name}.yaml" in result.output
    result = vanthu("soan", name, "--nam", "2022")
    assert result.exit_code == 0, result.output
    doc = draft(tmp_path, name)
    nd30.assert_fonts(doc)
    ten_loai = KINDS[loai].ten_loai
    assert (ten_loai in [p.text for p in nd30.body_paragraphs(doc)]) if ten_loai else True
    again = vanthu("moi", loai, name, "--nam", "2022")
    assert again.exit_code == 1 and "đã có văn bản" in again.output


def test_moi_refuses_an_unknown_kind_and_a_bad_name(vanthu):
    result = vanthu("moi", "qđ", "quyet-dinh")
    assert result.exit_code == 1 and "có phải ý bạn là QĐ?" in result.output
    result = vanthu("moi", "QĐ", "Quyết định 1")
    assert result.exit_code == 1 and "«quyet-dinh-1»" in result.output


@pytest.mark.parametrize("old, new, message", [
    ("loai: QĐ", "loai: QD", "trường `loai`: loại văn bản `QD` không có trong Phụ lục III"),
    ("      - khoan: Phân công", "      - dieu: Phân công", "trường `noi_dung.2`: khối 2 của `noi_dung` là dieu"),
    ("          rong: [1, 4, 4, 3]", "          rong: [1, 4]", "`rong` có 2 số nhưng bảng có 4 cột"),
    ("  - dieu: Ban chỉ đạo có nhiệm vụ", "  - dieu: Ban chỉ đạo có nhiệm vụ\n    lap: tất cả",
     "trường `noi_dung.2.lap`"),
])
def test_bad_new_keys_name_file_line_and_field(vanthu, data, tmp_path, old, new, message):
    path = data / "2022" / "van-ban" / "quyet-dinh-ban-chi-dao.yaml"
    replace_in(path, old, new)
    result = vanthu("soan", "quyet-dinh-ban-chi-dao")
    assert result.exit_code == 1
    assert "data/2022/van-ban/quyet-dinh-ban-chi-dao.yaml, dòng" in result.output and message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "2022" / "du-thao" / "quyet-dinh-ban-chi-dao.docx").exists()


def test_kind_rules_are_data_errors(vanthu, data):
    path = data / "2022" / "van-ban" / "cong-van-dang-ky-tap-huan.yaml"
    replace_in(path, "kinh_gui:\n  - Phòng Giáo dục và Đào tạo Quận 8\n", "")
    result = vanthu("soan", "cong-van-dang-ky-tap-huan")
    assert result.exit_code == 1 and "Công văn cần nơi gửi (`kinh_gui`)" in result.output


def test_table_row_of_wrong_length(vanthu, data):
    path = data / "2022" / "van-ban" / "ke-hoach-tuan-le-hoc-tap.yaml"
    replace_in(path, "[07/10/2022, \"Tổng kết, khen thưởng\", Ban Giám hiệu]", "[07/10/2022, Tổng kết]")
    result = vanthu("soan", "ke-hoach-tuan-le-hoc-tap")
    assert result.exit_code == 1
    assert "ke-hoach-tuan-le-hoc-tap.yaml, dòng" in result.output and "hàng 4 có 2 ô nhưng bảng có 3 cột" in result.output


def test_unknown_document_name(vanthu):
    result = vanthu("soan", "khong-co")
    assert result.exit_code == 1 and "năm 2022 không có văn bản «khong-co»" in result.output


def test_a_mail_merge_kept_as_a_document_of_the_year(vanthu, tmp_path, data):
    result = vanthu("soan", "bao-cao-lop", "--cap-so", "--ngay", "2022-12-16")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "2022" / "bao-cao-lop"
    assert sorted(p.name for p in folder.iterdir())[:2] == ["BC-01-THCSKB-1-lop-6a1.docx", "BC-02-THCSKB-2-lop-6a2.docx"]
    doc = Document(folder / "BC-02-THCSKB-2-lop-6a2.docx")
    nd30.assert_title(doc, "BÁO CÁO", "Kết quả công tác Bình đẳng giới và Trẻ em năm 2022 của lớp 6A2")
    assert nd30.texts(doc.tables[0].cell(1, 0))[0].text == "Số: 02/BC-THCSKB"
    db = sqlite3.connect(data / "so-van-ban-di.sqlite")
    assert db.execute("SELECT khoa FROM van_ban WHERE so = 2").fetchone() == ("2022/bao-cao-lop/2-lop-6a2",)
    listing = vanthu("danh-sach").output
    assert "bao-cao-lop" in listing and "đã cấp 5/5 số" in listing


def test_a_document_needs_a_body_or_a_template(vanthu, data):
    path = data / "2022" / "van-ban" / "bao-cao-lop.yaml"
    replace_in(path, "mau: bao-cao-lop.docx\n", "")
    result = vanthu("soan", "bao-cao-lop")
    assert result.exit_code == 1
    assert "bao-cao-lop.yaml, dòng 5: văn bản cần nội dung (`noi_dung`), hoặc một mẫu Word riêng (`mau`)" in result.stderr


def test_fill_in_dots_are_kept_as_typed(vanthu, data, tmp_path):
    (data / "2022" / "van-ban" / "giay-moi-phu-huynh.yaml").write_text(
        "loai: TB\nngay: 2022-05-09\ntrich_yeu: Họp phụ huynh\n"
        "kinh_gui: [\"Phụ huynh học sinh lớp .........\"]\n"
        "noi_dung:\n  - \"Họ và tên học sinh: ……………… lớp ………\"\n"
        "noi_nhan: [\"Giáo viên chủ nhiệm lớp .......\"]\n"
        "ket_luan: \"Ký nhận của phụ huynh: ........\"\n", encoding="utf-8")
    assert vanthu("soan", "giay-moi-phu-huynh").exit_code == 0
    doc = draft(tmp_path, "giay-moi-phu-huynh")
    lines = [p.text for p in nd30.body_paragraphs(doc)]
    assert "Kính gửi: Phụ huynh học sinh lớp ........." in lines
    assert "Họ và tên học sinh: ……………… lớp ………" in lines
    assert "Ký nhận của phụ huynh: ........./." in lines
    assert "- Giáo viên chủ nhiệm lớp .......;" in [p.text for p in nd30.footer_table(doc).cell(0, 0).paragraphs]


def test_drafts_from_the_schools_own_template_are_marked(vanthu, tmp_path):
    assert vanthu("soan", "bao-cao-lop").exit_code == 0
    folder = tmp_path.joinpath(*DRAFTS, "bao-cao-lop")
    drafts = sorted(p for p in folder.glob("*.docx") if not p.name.startswith("tat-ca"))
    assert len(drafts) == 5
    for path in drafts:
        doc = Document(path)
        nd30.assert_page_numbers(doc, draft=True)
        assert doc.core_properties.comments == "Dự thảo"
