"""A kind brings its own fields: the Giấy mời (GM) with who is invited (thanh_phan), when (thoi_gian) and
where (dia_diem), picked up by the model, `moi`, `kiem-tra`, rendering and the page's editor."""

import pytest
from docx import Document

import nd30
from conftest import replace_in
from pipeline.kinds import KINDS
from test_web import alerts, client_for
from test_web_editor import form_of, path_of, send, setting, value

NAME = "giay-moi-hop"


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def giay_moi(vanthu, data):
    result = vanthu("moi", "GM", NAME, "--nam", "2022")
    assert result.exit_code == 0, result.output
    return data / "2022" / "van-ban" / f"{NAME}.yaml"


def _body(path):
    doc = Document(path)
    nd30.assert_fonts(doc)
    return [p.text for p in nd30.body_paragraphs(doc) if p.text.strip()]


def test_the_kind_declares_its_fields():
    fields = {f.name: (f.type, f.label) for f in KINDS["GM"].fields}
    assert fields == {"thanh_phan": ("lines", "Thành phần"), "thoi_gian": ("text", "Thời gian"),
                      "dia_diem": ("text", "Địa điểm")}
    assert {"thoi_gian", "dia_diem", "thanh_phan"} <= set(KINDS["GM"].model().model_fields)
    assert "thoi_gian" not in KINDS["KH"].model().model_fields


def test_a_giay_moi_prints_who_when_and_where_after_its_opening(vanthu, tmp_path, giay_moi):
    text = giay_moi.read_text(encoding="utf-8")
    assert "thoi_gian: 07 giờ 30 phút, thứ Bảy, ngày 10 tháng 9 năm 2022" in text  # the starter, for the year
    assert vanthu("kiem-tra", NAME).output == f"{NAME}: hợp lệ (Giấy mời)\nDữ liệu hợp lệ: 1 văn bản.\n"
    result = vanthu("soan", NAME)
    assert result.exit_code == 0, result.output
    body = _body(tmp_path / "out" / "2022" / "du-thao" / f"{NAME}.docx")
    start = body.index("Trường THCS Khánh Bình trân trọng kính mời:")
    assert body[start - 2:start + 7] == [
        "GIẤY MỜI", "Dự họp phụ huynh học sinh đầu năm học 2022-2023",
        "Trường THCS Khánh Bình trân trọng kính mời:",
        "Thành phần:", "- Ban Giám hiệu;", "- Giáo viên chủ nhiệm các lớp.",
        "Thời gian: 07 giờ 30 phút, thứ Bảy, ngày 10 tháng 9 năm 2022.",
        "Địa điểm: Hội trường nhà trường.",
        "Nội dung: triển khai kế hoạch năm học 2022-2023 và trao đổi về công tác phối hợp giáo dục học sinh."]


def test_its_fields_are_filled_with_the_year_and_checked_like_any_other(vanthu, tmp_path, giay_moi):
    replace_in(giay_moi, "dia_diem: Hội trường nhà trường", "dia_diem: Phòng họp {{ don_vi.ten }}")
    replace_in(giay_moi, "  - Ban Giám hiệu\n", "  - Ban Giám hiệu\n  - Cha mẹ học sinh năm học {{ nam_hoc }}\n")
    assert vanthu("soan", NAME).exit_code == 0
    body = _body(tmp_path / "out" / "2022" / "du-thao" / f"{NAME}.docx")
    assert "- Cha mẹ học sinh năm học 2022-2023;" in body and "Địa điểm: Phòng họp Trường THCS Khánh Bình." in body
    replace_in(giay_moi, "thoi_gian: 07 giờ", "thoi_gian: Lúc {{ gio_hop }}, 07 giờ")
    result = vanthu("kiem-tra", NAME)
    assert result.exit_code == 1
    assert f"data/2022/van-ban/{NAME}.yaml, dòng" in result.output and "trường `thoi_gian`" in result.output


def test_a_missing_field_and_a_field_of_another_kind_are_data_errors(vanthu, data, giay_moi):
    text = giay_moi.read_text(encoding="utf-8")
    giay_moi.write_text("\n".join(line for line in text.splitlines() if not line.startswith("dia_diem:")) + "\n",
                        encoding="utf-8")
    result = vanthu("kiem-tra", NAME)
    assert result.exit_code == 1 and "trường `dia_diem`: thiếu trường bắt buộc" in result.output
    plan = data / "2022" / "van-ban" / "ke-hoach-binh-dang-gioi.yaml"
    replace_in(plan, "trich_yeu: ", "dia_diem: Hội trường\ntrich_yeu: ")
    result = vanthu("kiem-tra", "ke-hoach-binh-dang-gioi")
    assert result.exit_code == 1 and "trường `dia_diem` không được biết đến" in result.output


def test_the_editor_shows_and_writes_the_kind_fields(vanthu, data, giay_moi):
    app, client = client_for(data)
    url = f"/van-ban/2022/{NAME}"
    page = client.get(url)
    assert page.status_code == 200 and not alerts(page)
    html = page.get_data(as_text=True)
    assert "Thời gian" in html and "Địa điểm" in html and "Thành phần" in html
    fields = form_of(page)
    assert value(fields, "thanh_phan.2") == "Giáo viên chủ nhiệm các lớp"
    setting(fields, "dia_diem", "Phòng họp số 2")
    added = send(app, client, url, fields, "them:thanh_phan")
    fields = form_of(added)
    setting(fields, "thanh_phan.3", "Đại diện Ban đại diện cha mẹ học sinh")
    saved = send(app, client, url, fields)
    assert saved.status_code == 302, alerts(saved)
    text = path_of(data, NAME).read_text(encoding="utf-8")
    assert "dia_diem: Phòng họp số 2\n" in text
    assert "  - Giáo viên chủ nhiệm các lớp\n  - Đại diện Ban đại diện cha mẹ học sinh\n" in text
    assert "# Giấy mời — ai được mời" in text  # the starter's comments kept


def test_a_giay_moi_in_word_is_imported_with_its_fields(vanthu, tmp_path, data, giay_moi):
    assert vanthu("soan", NAME).exit_code == 0
    printed = tmp_path / "out" / "2022" / "du-thao" / f"{NAME}.docx"
    word = tmp_path / "giay-moi.docx"
    word.write_bytes(printed.read_bytes())
    result = vanthu("nhap", str(word), "--ten", "gm-nhap")
    assert result.exit_code == 0, result.output
    text = (data / "2022" / "van-ban" / "gm-nhap.yaml").read_text(encoding="utf-8")
    assert ("mo_dau: '{{ don_vi.ten }} trân trọng kính mời:'\nthanh_phan:\n  - Ban Giám hiệu\n"
            "  - Giáo viên chủ nhiệm các lớp\nthoi_gian: 07 giờ 30 phút, thứ Bảy, ngày 10 tháng 9 năm 2022\n"
            "dia_diem: Hội trường nhà trường\nnoi_dung:\n") in text
    assert vanthu("soan", "gm-nhap").exit_code == 0
    assert _body(tmp_path / "out" / "2022" / "du-thao" / "gm-nhap.docx") == _body(printed)
