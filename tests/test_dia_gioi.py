"""The 2025 organisation: provinces and wards from vietnam-provinces, the chủ quản and địa danh of a
school there, the customary abbreviations, and the district-era names to review."""

import pytest

from pipeline import dia_gioi
from pipeline.errors import DataError


def test_the_dataset_has_every_province_and_ward():
    assert len(dia_gioi.provinces()) == 34
    assert sum(len(dia_gioi.wards(t)) for t in dia_gioi.provinces()) == 3321


@pytest.mark.parametrize("typed", ["TP.HCM", "tp hcm", "HCM", "Thành phố Hồ Chí Minh", "hồ chí minh", "Ho Chi Minh"])
def test_provinces_as_clerks_type_them(typed):
    assert dia_gioi.find_province(typed).ten_day_du == "Thành phố Hồ Chí Minh"


@pytest.mark.parametrize("tinh, xa, ten, chu_quan, dia_danh", [
    ("TP.HCM", "P. Chánh Hưng", "Trường THCS Khánh Bình", "Ủy ban nhân dân phường Chánh Hưng", "Chánh Hưng"),
    ("Vĩnh Long", "xã Hưng Khánh Trung", "Trường Tiểu học Minh Hòa", "Ủy ban nhân dân xã Hưng Khánh Trung",
     "Hưng Khánh Trung"),
    ("TP HCM", "Sài Gòn", "Trường THPT Nguyễn Du", "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh", "Sài Gòn"),
    ("tỉnh Quảng Ninh", "Phường Hạ Long", "Trường Trung học phổ thông Hòn Gai",
     "Sở Giáo dục và Đào tạo tỉnh Quảng Ninh", "Hạ Long"),
    # Named after a person or an event: written in full with the unit word (NĐ 30, Phụ lục I).
    ("Hà Nội", "Phường Ba Đình", "Trường Mầm non Hoa Sen", "Ủy ban nhân dân phường Ba Đình", "Phường Ba Đình"),
    ("Thanh Hóa", "Phường Hạc Thành", "Trường THCS Trần Mai Ninh",
     "Ủy ban nhân dân phường Hạc Thành", "Hạc Thành"),
])
def test_the_chu_quan_and_dia_danh_of_a_school(tinh, xa, ten, chu_quan, dia_danh):
    ward = dia_gioi.find_ward(dia_gioi.find_province(tinh), xa)
    assert dia_gioi.managing_body(ward, ten) == chu_quan
    assert dia_gioi.place_name(ward) == dia_danh


def test_a_ward_named_after_a_person_keeps_its_unit_word():
    ward = dia_gioi.find_ward(dia_gioi.find_province("Hải Phòng"), "Phường Lê Thanh Nghị")
    assert dia_gioi.place_name(ward) == "Phường Lê Thanh Nghị"


def test_an_unknown_name_says_which_are_close():
    with pytest.raises(DataError) as err:
        dia_gioi.find_province("Hồ Chí Mihn")
    assert err.value.field == "tinh"
    assert err.value.message == ("không có tỉnh, thành phố «Hồ Chí Mihn» (theo danh mục đơn vị hành chính từ "
                                 "01/7/2025); có phải: «Thành phố Hồ Chí Minh»?")
    with pytest.raises(DataError) as err:
        dia_gioi.find_ward(dia_gioi.find_province("TP.HCM"), "Phường 8")
    assert err.value.field == "xa" and err.value.message.startswith(
        "Thành phố Hồ Chí Minh không có phường, xã, đặc khu «Phường 8»")


@pytest.mark.parametrize("text, found", [
    ("Ủy ban nhân dân Quận 8", "«Quận 8»"), ("UBND Q.8", "«Q. 8»"), ("Huyện Bình Chánh", "«Huyện Bình Chánh»"),
    ("TX. Tân Uyên", "«TX. Tân Uyên»"), ("Phòng GD&ĐT Quận 8", "«Phòng GD&ĐT»"),
    ("Phòng Giáo dục và Đào tạo huyện Củ Chi", "«Phòng Giáo dục và Đào tạo»"),
    ("Thành phố Thủ Đức", "«Thành phố Thủ Đức»"),
])
def test_district_era_names_are_found(text, found):
    assert dia_gioi.district_era(text).startswith(found)


@pytest.mark.parametrize("text", ["Thành phố Hồ Chí Minh", "Sở GD&ĐT TP. Huế", "Ủy ban nhân dân phường Chánh Hưng",
                                  "Phòng Văn hóa - Xã hội phường Chánh Hưng", "Ban Giám hiệu", "Các tổ chuyên môn"])
def test_current_names_are_not_flagged(text):
    assert dia_gioi.district_era(text) is None


@pytest.mark.parametrize("text, other", [
    ("Ủy ban nhân dân phường Chánh Hưng", "Phường Chánh Hưng"), ("UBND P. CHÁNH HƯNG", "Phường Chánh Hưng"),
    ("Chánh Hưng", "Phường Chánh Hưng"),
    ("UBND phường Bình Đông", None), ("Bình Đông", None),                     # the ward chosen
    ("Ủy ban nhân dân Quận 8", None), ("Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh", None),  # no ward
])
def test_a_value_left_from_another_ward_is_found(text, other):
    ward = dia_gioi.find_ward(dia_gioi.find_province("TP.HCM"), "Bình Đông")
    assert dia_gioi.other_ward(ward, text) == other


def test_the_provinces_own_name_is_not_taken_for_its_namesake_ward():
    ward = dia_gioi.find_ward(dia_gioi.find_province("Lào Cai"), "Bát Xát")
    assert dia_gioi.other_ward(ward, "Lào Cai") is None  # the province, though Phường Lào Cai exists
    assert dia_gioi.other_ward(ward, "Phường Lào Cai") == "Phường Lào Cai"
