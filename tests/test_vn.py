"""Vietnamese formats: dates, numbers, numerals, case, names."""

import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from pipeline import vn


def test_date_line_examples_of_the_spec():
    assert vn.dia_danh_ngay("Quận 8", date(2022, 5, 9)) == "Quận 8, ngày 09 tháng 5 năm 2022"
    assert vn.dia_danh_ngay("Hà Nội", date(2020, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2020"
    assert vn.ngay_thang(date(2019, 6, 29)) == "ngày 29 tháng 6 năm 2019"
    assert vn.ngay_thang(date(2023, 12, 10)) == "ngày 10 tháng 12 năm 2023"
    assert vn.ngay_thang(date(2024, 2, 29)) == "ngày 29 tháng 02 năm 2024"


def test_every_date_of_several_years_follows_the_padding_rule():
    d = date(2019, 1, 1)
    while d.year < 2027:
        words = vn.ngay_thang(d).split()
        assert words[0] == "ngày" and words[2] == "tháng" and words[4] == "năm"
        day, month, year = words[1], words[3], words[5]
        assert day == (f"0{d.day}" if d.day < 10 else str(d.day))
        assert month == (f"0{d.month}" if d.month <= 2 else str(d.month))
        assert year == str(d.year) and len(year) == 4
        d += timedelta(days=1)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_date_line_reads_back_to_the_same_date(d):
    _, day, _, month, _, year = vn.ngay_thang(d).split()
    assert date(int(year), int(month), int(day)) == d
    assert len(day) == 2
    assert (len(month) == 2) == (d.month <= 2 or d.month >= 10)
    assert not (month.startswith("0") and d.month > 2)


def test_document_numbers():
    assert [vn.so_van_ban(n) for n in (1, 5, 9, 10, 45, 123)] == ["01", "05", "09", "10", "45", "123"]
    assert vn.so_ky_hieu(5, "KH-THCSKB") == "Số: 05/KH-THCSKB"
    assert vn.so_ky_hieu(None, "KH-THCSKB") == "Số:      /KH-THCSKB"
    assert vn.so_hieu(7, "TB-THCSKB") == "07/TB-THCSKB"
    assert vn.ngay_ngan(date(2022, 5, 9)) == "09/05/2022"


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 9: "IX", 14: "XIV", 40: "XL", 90: "XC", 1994: "MCMXCIV"}


def test_roman_numerals():
    for n, expected in ROMAN.items():
        assert vn.la_ma(n) == expected
    with pytest.raises(ValueError):
        vn.la_ma(0)


@given(st.integers(min_value=1, max_value=3999))
def test_roman_numerals_are_unique_and_well_formed(n):
    numeral = vn.la_ma(n)
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = sum(-values[a] if values[a] < values[b] else values[a] for a, b in zip(numeral, numeral[1:]))
    assert total + values[numeral[-1]] == n


def test_diem_letters_follow_the_vietnamese_alphabet():
    assert [vn.chu_diem(i) for i in range(1, 8)] == ["a", "b", "c", "d", "đ", "e", "g"]
    with pytest.raises(ValueError):
        vn.chu_diem(24)


def test_upper_case():
    assert vn.in_hoa("Trường THCS Khánh Bình") == "TRƯỜNG THCS KHÁNH BÌNH"
    assert vn.in_hoa("Ủy ban nhân dân Quận 8") == "ỦY BAN NHÂN DÂN QUẬN 8"
    assert vn.in_hoa("phòng GD&ĐT đồng tháp") == "PHÒNG GD&ĐT ĐỒNG THÁP"


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ ", max_size=30))
def test_nfc_is_idempotent_and_upper_keeps_letters(text):
    decomposed = unicodedata.normalize("NFD", text)
    assert vn.nfc(decomposed) == vn.nfc(text) == unicodedata.normalize("NFC", text)
    assert vn.in_hoa(decomposed) == vn.in_hoa(text)
    assert len(vn.in_hoa(text)) == len(vn.nfc(text))


def test_babel_vietnamese_numbers_and_percents():
    assert vn.so(1234.5) == "1.234,5"
    assert vn.so(1234) == "1.234"
    assert vn.phan_tram(95.5) == "95,5%"
    assert vn.phan_tram(100) == "100%"


def test_slugs_are_ascii():
    assert vn.slug("Nguyễn Thị Lộc") == "nguyen-thi-loc"
    assert vn.slug("Đặng Đức Độ") == "dang-duc-do"
    assert vn.slug("../../etc/passwd") == "etc-passwd"


@given(st.text(max_size=40))
def test_slug_never_leaves_a_folder(text):
    s = vn.slug(text)
    assert s.isascii() and "/" not in s and "." not in s and not s.startswith("-")


def test_name_order_is_by_ten_then_ho_dem():
    names = ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê Văn An", "Nguyễn Văn Bình", "Phạm Thị Đào", "Vũ Thị Dung"]
    assert sorted(names, key=vn.khoa_ten) == [
        "Lê Văn An", "Nguyễn Thị Ánh", "Nguyễn Văn Bình", "Trần Văn Bình", "Vũ Thị Dung", "Phạm Thị Đào"]


def test_vietnamese_letter_order():
    words = ["Ước", "Uyên", "Ân", "Anh", "Ăn", "Đông", "Dung", "Ơn", "Ông", "Oanh"]
    assert sorted(words, key=vn.khoa_sap_xep) == ["Anh", "Ăn", "Ân", "Dung", "Đông", "Oanh", "Ông", "Ơn", "Uyên", "Ước"]


def test_fill_in_dots_are_kept_when_punctuation_is_stripped():
    assert vn.bo_dau_cuoi("Phụ huynh học sinh lớp .........;") == "Phụ huynh học sinh lớp ........."
    assert vn.bo_dau_cuoi("Phụ huynh học sinh lớp ………;") == "Phụ huynh học sinh lớp ………"
    assert vn.bo_dau_cuoi("Ban Giám hiệu.;") == "Ban Giám hiệu"
    assert vn.bo_dau_cuoi("Ký nhận: .....", ".") == "Ký nhận: ....."
    assert vn.bo_dau_cuoi("Xong.", ".") == "Xong"
