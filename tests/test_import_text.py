"""The importer's reading of single texts: capitals, legacy fonts, căn cứ citations, year parameters."""

from datetime import date

import pytest

from pipeline import models
from pipeline.importers.can_cu import citation, is_can_cu
from pipeline.importers.params import Values, parameterise
from pipeline.importers.review import Flag
from pipeline.importers.text import legacy_damage, name_case, org_case, position_case, sentence_case


@pytest.mark.parametrize("caps, expected", [
    ("MỤC ĐÍCH, YÊU CẦU", "Mục đích, yêu cầu"),
    ("TỔ CHỨC THỰC HIỆN", "Tổ chức thực hiện"),
    ("KẾ HOẠCH HỌC KỲ II CỦA GVCN", "Kế hoạch học kỳ II của GVCN"),
    ("PHÒNG CHỐNG COVID-19 VÀ BẢO HIỂM Y TẾ (BHYT)", "Phòng chống COVID-19 và bảo hiểm y tế (BHYT)"),
])
def test_titles_in_capitals_become_sentences(caps, expected):
    assert sentence_case(caps) == expected


def test_proper_names_keep_their_capitals_in_a_title():
    assert sentence_case("KẾ HOẠCH CỦA TRƯỜNG THCS KHÁNH BÌNH", ("Trường THCS Khánh Bình",)) == \
        "Kế hoạch của Trường THCS Khánh Bình"


@pytest.mark.parametrize("caps, expected", [
    ("ỦY BAN NHÂN DÂN QUẬN 8", "Ủy ban nhân dân Quận 8"),
    ("UBND QUẬN 8", "UBND Quận 8"),
    ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN 8", "Phòng Giáo dục và Đào tạo Quận 8"),
    ("PHÒNG GD&ĐT HUYỆN BÌNH CHÁNH", "Phòng GD&ĐT huyện Bình Chánh"),  # NĐ 30, Phụ lục II: `huyện Gia Lâm`
    ("UBND THÀNH PHỐ HỒ CHÍ MINH", "UBND Thành phố Hồ Chí Minh"),
    ("TRƯỜNG THCS KHÁNH BÌNH", "Trường THCS Khánh Bình"),
    ("TRƯỜNG TRUNG HỌC CƠ SỞ KHÁNH BÌNH", "Trường Trung học cơ sở Khánh Bình"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO TP. HỒ CHÍ MINH", "Sở Giáo dục và Đào tạo TP. Hồ Chí Minh"),
])
def test_names_of_bodies_in_capitals(caps, expected):
    assert org_case(caps) == expected


def test_people_and_positions():
    assert name_case("NGUYỄN THỊ LỘC") == "Nguyễn Thị Lộc"
    assert position_case("PHÓ HIỆU TRƯỞNG") == "Phó Hiệu trưởng"
    assert position_case("HIỆU TRƯỞNG") == "Hiệu trưởng"
    assert position_case("CHỦ TỊCH") == "Chủ tịch"


@pytest.mark.parametrize("text, damaged", [
    ("theo quy đònh của pháp luật", "đònh"),
    ("Tr­êng THCS Kh¸nh B×nh", "Kh¸nh"),
    ("Khánh Bình, thành phố, Huỳnh, bệnh, thích, xanh, Punch, Zürich", None),
])
def test_words_damaged_by_a_legacy_font(text, damaged):
    assert legacy_damage(text) == damaged


def test_a_numbered_and_dated_citation_becomes_fields():
    assert citation("- Căn cứ Kế hoạch số 38a/KH-THCSBH ngày 05/9/2022 của Trường THCS Bình Hưng về việc tổ chức "
                    "hội thi;") == {"loai": "Kế hoạch", "so": "38a", "ky_hieu": "KH-THCSBH", "ngay": date(2022, 9, 5),
                                    "co_quan": "Trường THCS Bình Hưng", "trich_yeu": "về việc tổ chức hội thi"}
    assert citation("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư.") \
        == {"loai": "Nghị định", "so": 30, "ky_hieu": "2020/NĐ-CP", "ngay": date(2020, 3, 5), "co_quan": "Chính phủ",
            "trich_yeu": "về công tác văn thư"}


@pytest.mark.parametrize("line, kept", [
    ("Căn cứ Luật Giáo dục ngày 14 tháng 6 năm 2019;", "Căn cứ Luật Giáo dục ngày 14 tháng 6 năm 2019"),
    ("Căn cứ tình hình thực tế của nhà trường.", "Căn cứ tình hình thực tế của nhà trường"),
    ("Căn cứ Công văn số 12/PGDĐT ngày 31 tháng 02 năm 2022 của Phòng GD&ĐT;",  # no such date
     "Căn cứ Công văn số 12/PGDĐT ngày 31 tháng 02 năm 2022 của Phòng GD&ĐT"),
    ("Thực hiện Kế hoạch số 70/KH-PGDĐT ngày 09 tháng 5 năm 2022 của Phòng GD&ĐT Quận 8;",
     "Thực hiện Kế hoạch số 70/KH-PGDĐT ngày 09 tháng 5 năm 2022 của Phòng GD&ĐT Quận 8"),
])
def test_other_cited_lines_stay_lines_without_their_final_mark(line, kept):
    assert is_can_cu(line)
    assert citation(line) == kept


def test_a_sentence_that_goes_on_is_no_citation():
    assert not is_can_cu("Thực hiện Công văn số 12/PGDĐT ngày 01 tháng 9 năm 2022 của Phòng GD&ĐT,")
    assert not is_can_cu("Thực hiện tốt nhiệm vụ năm học.")


def test_the_years_values_become_parameters():
    values = Values(2022, "2022-2023", "Trường THCS Khánh Bình", {"chu_de": "Chung tay vì trẻ em"})
    doc = {"loai": "KH", "ngay": date(2022, 5, 9),
           "trich_yeu": "Kế hoạch năm 2022 của trường THCS Khánh Bình",
           "can_cu": ["Căn cứ Kế hoạch năm 2022 của Phòng GD&ĐT"],
           "noi_dung": [{"muc": "Nội dung", "noi_dung": [
               "Năm học 2022 – 2023, Tháng hành động với chủ đề “Chung tay vì trẻ em”.",
               {"y": "Hạn nộp: ngày 09 tháng 5 năm 2022; báo cáo năm 2022 và năm 20221.", "noi_dung": []},
               {"bang": {"cot": ["Năm 2022"], "hang": []}},
               Flag("Quy đònh năm 2022", "phông chữ")]}]}
    out = parameterise(doc, values)
    assert out["trich_yeu"] == "Kế hoạch năm {{ nam }} của {{ don_vi.ten }}"
    assert out["can_cu"] == doc["can_cu"]  # a citation names the cited document's own year
    body = out["noi_dung"][0]["noi_dung"]
    assert body[0] == "Năm học {{ nam_hoc }}, Tháng hành động với chủ đề “{{ chu_de }}”."
    assert body[1]["y"] == "Hạn nộp: ngày 09 tháng 5 năm 2022; báo cáo năm {{ nam }} và năm 20221."
    assert body[2] == {"bang": {"cot": ["Năm 2022"], "hang": []}}
    assert (body[3].value, body[3].reason) == ("Quy đònh năm {{ nam }}", "phông chữ")


def test_braces_a_template_would_read_are_left_to_the_clerk():
    out = parameterise({"noi_dung": ["Mẫu {{ ho_ten }} năm 2022"]}, Values(2022, "2022-2023"))
    flag = out["noi_dung"][0]
    assert isinstance(flag, Flag) and flag.value == "Mẫu {{ ho_ten }} năm 2022"


def test_imported_documents_are_valid_documents_of_the_model(tmp_path):
    """Every document the import tests build loads as the model of issue 12 once it is there."""
    van_ban = getattr(models, "VanBan", None)
    if van_ban is None:
        pytest.skip("models.VanBan (issue 12) is not in this branch yet")
    from conftest import SEED

    from fixtures.clerk import cong_van, decision, seed_plan
    from pipeline.importers import nhap
    from pipeline.load import read_yaml
    for name, clerk in (("ke-hoach", seed_plan(SEED)), ("quyet-dinh", decision()),
                        ("cong-van", cong_van(["Phòng GD&ĐT Quận 8", "UBND Phường 3"]))):
        (result,) = nhap([clerk.save(tmp_path / f"{name}.docx")], tmp_path / "data")
        van_ban.model_validate(read_yaml(result.target)[0])


def test_a_schools_short_and_full_names():
    from pipeline.importers.text import name_forms
    assert name_forms("Trường THCS Khánh Bình") == ["Trường THCS Khánh Bình", "Trường Trung học cơ sở Khánh Bình"]
    assert name_forms("TRƯỜNG TIỂU HỌC BÌNH HƯNG") == ["TRƯỜNG TIỂU HỌC BÌNH HƯNG", "TRƯỜNG TH BÌNH HƯNG"]
    assert name_forms("Trường Mầm non Hoa Sen")[1] == "Trường MN Hoa Sen"


@pytest.mark.parametrize("lines, signer", [
    (["HIỆU TRƯỞNG", "Nguyễn Văn A"], {"chuc_vu": "Hiệu trưởng", "ho_ten": "Nguyễn Văn A"}),
    (["K/T HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "(Đã ký)", "TRẦN THỊ B"],
     {"quyen_han": "KT.", "thay": "Hiệu trưởng", "chuc_vu": "Phó Hiệu trưởng", "ho_ten": "Trần Thị B"}),
    (["TM. HỘI ĐỒNG TRƯỜNG", "CHỦ TỊCH", "Lê Văn C"],
     {"quyen_han": "TM.", "thay": "Hội đồng trường", "chuc_vu": "Chủ tịch", "ho_ten": "Lê Văn C"}),
    (["Q. HIỆU TRƯỞNG", "Phạm Văn D"], {"quyen_han": "Q.", "chuc_vu": "Hiệu trưởng", "ho_ten": "Phạm Văn D"}),
    (["TL. HIỆU TRƯỞNG", "TỔ TRƯỞNG VĂN PHÒNG", "Võ Thị E"],
     {"quyen_han": "TL.", "thay": "Hiệu trưởng", "chuc_vu": "Tổ trưởng văn phòng", "ho_ten": "Võ Thị E"}),
    (["TUQ. HIỆU TRƯỞNG", "TỔ TRƯỞNG VĂN PHÒNG", "Võ Thị E"],
     {"quyen_han": "TUQ.", "thay": "Hiệu trưởng", "chuc_vu": "Tổ trưởng văn phòng", "ho_ten": "Võ Thị E"}),
])
def test_signature_blocks(lines, signer):
    from pipeline.importers.footer import read_footer
    from pipeline.importers.reader import Line
    footer = read_footer([Line("Nơi nhận:\t\t" + lines[0]), Line("- Như trên;"), Line("- Lưu: VT, TCM (02).")]
                         + [Line("\t\t\t" + text) for text in lines[1:]])
    assert footer.nguoi_ky == signer
    assert footer.nhu_tren and footer.noi_nhan == [] and footer.luu == "TCM (02)"
    assert footer.unknown == []


@pytest.mark.parametrize("typed, so, ky_hieu", [
    ("Số: 38a/KH-THCSBH", "38a", "KH-THCSBH"),
    ("Số : 151/TB-THCSKB", "151", "TB-THCSKB"),
    ("Số:     /KH-THCSKB", None, "KH-THCSKB"),
    ("Số: ......./KH-THCSKB", None, "KH-THCSKB"),
    ("SỐ: …/QĐ-THCSKB", None, "QĐ-THCSKB"),
])
def test_the_number_line_blank_dotted_or_filled(typed, so, ky_hieu):
    from pipeline.importers.header import read_header
    from pipeline.importers.reader import Line
    header, end = read_header([Line(f"{typed}          Quận 8, ngày   tháng 5 năm 2022"), Line("KẾ HOẠCH")])
    assert (header.so, header.ky_hieu, header.dia_danh, end) == (so, ky_hieu, "Quận 8", 1)
    assert header.ngay.value == date(2022, 5, 1) and "để trống ngày" in header.ngay.reason


def test_a_header_laid_out_with_spaces():
    from pipeline.importers.header import read_header
    from pipeline.importers.reader import Line
    header, end = read_header([
        Line("UBND QUẬN 8                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        Line("TRƯỜNG THCS KHÁNH BÌNH                       Độc lập – Tự do – Hạnh phúc", bold=True),
        Line("        ----------                                 ---------------------"),
        Line("Số: 12/KH-THCSKB                      Quận 8, ngày 09 tháng 5 năm 2022"),
        Line(""), Line("KẾ HOẠCH")])
    assert (header.co_quan_chu_quan, header.ten, header.so, header.ngay, end) == (
        "UBND QUẬN 8", ["TRƯỜNG THCS KHÁNH BÌNH"], "12", date(2022, 5, 9), 4)
    assert header.unknown == []
