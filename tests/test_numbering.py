"""The label table: labels from kind and position, and typed labels read back to kind and number."""

import pytest
from hypothesis import given, strategies as st

from pipeline import numbering, vn
from pipeline.numbering import Parsed, label, parse

NUMBERED = {"muc": 39, "dieu": 200, "khoan": 99, "diem": 23}


def test_labels_of_each_kind():
    assert [label("muc", n) for n in (1, 2, 3, 4, 9, 14)] == ["I.", "II.", "III.", "IV.", "IX.", "XIV."]
    assert [label("khoan", n) for n in (1, 2, 10)] == ["1.", "2.", "10."]
    assert [label("diem", n) for n in range(1, 8)] == ["a)", "b)", "c)", "d)", "đ)", "e)", "g)"]
    assert label("diem", 23) == "y)"
    assert label("y") == "-" and label("y", nested=True) == "+"
    assert label("dieu", 1) == "Điều 1." and label("dieu", 12) == "Điều 12."
    with pytest.raises(ValueError):
        label("diem", 24)
    with pytest.raises(ValueError):
        label("phan", 11)


def test_no_f_j_w_z_nor_accented_vowels_among_diem_letters():
    letters = set(numbering.CHU_DIEM)
    assert len(letters) == 23
    assert not letters & set("fjwzăâêôơư")
    assert vn.chu_diem is numbering.chu_diem and vn.la_ma is numbering.la_ma  # vn's API kept


@pytest.mark.parametrize("typed, expected", [
    ("I. MỤC ĐÍCH, YÊU CẦU", ("muc", 1, "MỤC ĐÍCH, YÊU CẦU")),
    ("II - Nội dung", ("muc", 2, "Nội dung")),
    ("III/ TỔ CHỨC", ("muc", 3, "TỔ CHỨC")),
    ("IV.\tTổ chức thực hiện", ("muc", 4, "Tổ chức thực hiện")),
    ("V.TỔ CHỨC", ("muc", 5, "TỔ CHỨC")),
    ("1. Công tác tuyên truyền", ("khoan", 1, "Công tác tuyên truyền")),
    ("\t2. Công tác trọng tâm:", ("khoan", 2, "Công tác trọng tâm:")),
    ("3) Kinh phí", ("khoan", 3, "Kinh phí")),
    ("4/ Chế độ báo cáo", ("khoan", 4, "Chế độ báo cáo")),
    ("1.Công tác", ("khoan", 1, "Công tác")),
    ("12.\u00a0Mười hai", ("khoan", 12, "Mười hai")),
    ("a) Tuyên truyền", ("diem", 1, "Tuyên truyền")),
    ("đ) Năm", ("diem", 5, "Năm")),
    ("b. Hai", ("diem", 2, "Hai")),
    ("g)Bảy", ("diem", 7, "Bảy")),
    ("Điều 1. Thành lập Ban chỉ đạo", ("dieu", 1, "Thành lập Ban chỉ đạo")),
    ("Điều 2: Nhiệm vụ", ("dieu", 2, "Nhiệm vụ")),
    ("Điều 3 : Các ông (bà)", ("dieu", 3, "Các ông (bà)")),
    ("ĐIỀU 4 - Hiệu lực", ("dieu", 4, "Hiệu lực")),
    ("điều 5.\tHiệu lực", ("dieu", 5, "Hiệu lực")),
])
def test_typed_labels(typed, expected):
    found = parse(typed)
    assert (found.kind, found.number, found.text) == expected


@pytest.mark.parametrize("typed, nested, text", [
    ("- Đẩy mạnh", False, "Đẩy mạnh"),
    ("– Đẩy mạnh", False, "Đẩy mạnh"),
    ("— Đẩy mạnh", False, "Đẩy mạnh"),
    ("• Đẩy mạnh", False, "Đẩy mạnh"),
    ("-Căn cứ Luật", False, "Căn cứ Luật"),
    ("\t-\tCó tab", False, "Có tab"),
    ("-\u00a0Có NBSP   ", False, "Có NBSP"),
    ("- 100% trẻ em", False, "100% trẻ em"),
    ("+ Phấn đấu", True, "Phấn đấu"),
    ("  + Phấn đấu", True, "Phấn đấu"),
])
def test_typed_bullets(typed, nested, text):
    assert parse(typed) == Parsed("y", None, text, nested)


@pytest.mark.parametrize("typed", [
    "Trường THCS Khánh Bình xây dựng kế hoạch",
    "Điều chỉnh kế hoạch",
    "Vì vậy, nhà trường",
    "Y tế học đường",
    "1.000 học sinh",
    "1.1. Mục tiêu",
    "2022 là năm",
    "1/5 số học sinh",
    "v.v. và các việc khác",
    "f) không có chữ f",
    "C. Chữ C không là số La Mã của mục",
    "IIII. Không phải số La Mã",
    "-----",
    "- ",
    "-5 độ",
    "",
    "Căn cứ Kế hoạch số 70/KH-PGDĐT",
    "V/v đăng ký tham gia tập huấn",
    "I/O",
])
def test_lines_without_a_label(typed):
    assert parse(typed) is None


numbered_kinds = st.sampled_from(sorted(NUMBERED)).flatmap(
    lambda kind: st.tuples(st.just(kind), st.integers(1, NUMBERED[kind])))


@given(numbered_kinds)
def test_a_label_reads_back_to_its_kind_and_number(kind_n):
    kind, n = kind_n
    assert parse(label(kind, n)).key == (kind, n)


@given(st.booleans())
def test_a_bullet_reads_back_to_its_level(nested):
    found = parse(label("y", nested=nested) + " Nội dung")
    assert (found.kind, found.nested) == ("y", nested)


vietnamese_words = st.lists(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợ"
                                    "ĐÂÊÔƠƯTHCSKB", min_size=1, max_size=8), min_size=1, max_size=6)
separators = st.sampled_from([" ", "\t", "\u00a0", "  ", " \t", "\t\u00a0 "])


@given(numbered_kinds, separators, vietnamese_words, st.sampled_from(["", "  ", "\t", "\u00a0"]))
def test_a_label_before_text_reads_back_with_the_text(kind_n, separator, words, trailing):
    kind, n = kind_n
    text = " ".join(words)
    found = parse(label(kind, n) + separator + text + trailing)
    assert (found.kind, found.number, found.text) == (kind, n, text)


def _typed_forms(kind: str, n: int) -> list[str]:
    """The ways clerks type the same label."""
    if kind == "muc":
        r = numbering.la_ma(n)
        return [f"{r}.", f"{r} -", f"{r} –", f"{r}/", f"{r})", f"{r}:"]
    if kind == "khoan":
        return [f"{n}.", f"{n})", f"{n}/", f"{n} ."]
    if kind == "diem":
        letter = numbering.chu_diem(n)
        return [f"{letter})", f"{letter}.", f"{letter} )", f"{letter}/"]
    return [f"Điều {n}.", f"Điều {n}:", f"Điều {n} :", f"ĐIỀU {n}.", f"Điều {n} -", f"Điều  {n}."]


@given(numbered_kinds, separators, vietnamese_words, st.data())
def test_every_typed_form_reads_back(kind_n, separator, words, data):
    kind, n = kind_n
    typed = data.draw(st.sampled_from(_typed_forms(kind, n)))
    text = " ".join(words)
    found = parse(typed + separator + text)
    assert (found.kind, found.number, found.text) == (kind, n, text)
