"""The web page, request by request: every route, and every way a request can be refused."""

import io
import re
import time
import zipfile
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from pipeline.so_dang_ky import HEADER_ROW

from conftest import ROOT, replace_in
from pipeline import app as app_layer, rollover, school
from pipeline.cli import cli
from pipeline.web import create_app, state

TOKEN = "test-token"


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def client_for(data, **config):
    app = create_app(data, token=TOKEN, default_folder=data)
    app.config.update(config)
    client = app.test_client()
    assert client.get(f"/?token={TOKEN}").status_code == 302
    return app, client


@pytest.fixture
def web(data):
    return client_for(data)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def alerts(response) -> list[str]:
    html = response.get_data(as_text=True)
    return [unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in re.findall(r'role="alert"[^>]*>(.*?)</', html, re.S)]


def field_error(response, name: str) -> str:
    m = re.search(rf'id="{re.escape(name)}-loi"[^>]*>(.*?)</small>', response.get_data(as_text=True), re.S)
    return unescape(m.group(1)) if m else ""


def post(app, client, url, **form):
    return client.post(url, data={"csrf": state(app).csrf, **form})


# The token, the CSRF token, the host, the error pages.

def test_nothing_is_served_without_the_token(data):
    app = create_app(data, token=TOKEN)
    client = app.test_client()
    for url in ("/", "/truong", "/static/style.css", "/so-van-ban/xuat"):
        refused = client.get(url)
        assert refused.status_code == 403
        assert "chỉ mở được bằng địa chỉ mà lệnh `vanthu web` đã in" in alerts(refused)[0]
    wrong = client.get("/?token=doan-mo")
    assert wrong.status_code == 403 and "Mã trong địa chỉ không đúng" in alerts(wrong)[0]
    entered = client.get(f"/truong?token={TOKEN}&x=1")
    assert entered.status_code == 302 and entered.headers["Location"] == "/truong?x=1"
    assert "HttpOnly" in entered.headers["Set-Cookie"] and "SameSite=Strict" in entered.headers["Set-Cookie"]
    assert client.get("/truong").status_code == 200


def test_every_form_needs_the_csrf_token(web, data):
    app, client = web
    before = (data / "don-vi.yaml").read_text(encoding="utf-8")
    for url in ("/truong", "/nam/moi", "/so-van-ban/thu-hoi", "/tron", "/khoi-tao"):
        refused = client.post(url, data={"ten": "Trường khác", "csrf": "cu"})
        assert refused.status_code == 403, url
        assert alerts(refused) == ["Biểu mẫu này không đến từ trang vanthu đang chạy, hoặc đã cũ (vanthu đã khởi "
                                   "động lại). Hãy tải lại trang rồi gửi lại."]
    assert (data / "don-vi.yaml").read_text(encoding="utf-8") == before
    assert not (data / "2023").exists()


def test_another_host_name_is_refused(web):
    _, client = web
    refused = client.get("/truong", headers={"Host": "evil.example:80"})
    assert refused.status_code == 400 and alerts(refused) == ["Yêu cầu không hợp lệ."]


@pytest.fixture
def bug_report(tmp_path):
    """What the terminal of `vanthu web` would say of a bug; the handler gone after the test."""
    import logging
    from pipeline.web import report_bugs
    said: list[str] = []
    logger = logging.getLogger("pipeline.web")
    handler = report_bugs(said.append, tmp_path / "log" / "loi-trang.log")
    yield said
    logger.removeHandler(handler)
    logger.propagate = True


def test_errors_are_vietnamese_messages_never_tracebacks(web, monkeypatch, tmp_path, bug_report):
    said = bug_report
    app, client = web
    missing = client.get("/khong-co-trang-nay")
    assert missing.status_code == 404 and alerts(missing) == ["Không có trang này."]
    assert post(app, client, "/nam").status_code == 405

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail")
    monkeypatch.setattr(rollover, "checklist", broken)
    crashed = client.get("/nam")
    assert crashed.status_code == 500
    assert alerts(crashed)[0].startswith("Có lỗi ngoài dự kiến trong vanthu")
    assert "Traceback" not in crashed.get_data(as_text=True) and "internal detail" not in crashed.get_data(as_text=True)
    # The terminal of `vanthu web` gets one Vietnamese line; the traceback goes to the log file it names.
    assert said == [f"Có lỗi ngoài dự kiến trên trang, thao tác đó không được thực hiện; chi tiết để báo lỗi đã "
                    f"ghi vào {tmp_path / 'log' / 'loi-trang.log'}."]
    logged = (tmp_path / "log" / "loi-trang.log").read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError: internal detail" in logged


# Khởi tạo.

def test_without_a_school_the_first_page_sets_one_up(tmp_path):
    folder = tmp_path / "truong-moi"
    app, client = client_for(None)
    state(app).default_folder = folder
    assert client.get("/").headers["Location"] == "/khoi-tao"
    assert client.get("/truong").headers["Location"] == "/khoi-tao"
    page = client.get("/khoi-tao")
    assert page.status_code == 200 and f'value="{folder}"' in page.get_data(as_text=True)

    form = {"thu_muc": str(folder), "ten": "Trường Trung học cơ sở Nguyễn Văn Bảy", "co_quan_chu_quan":
            "Ủy ban nhân dân Quận 8", "ma": "", "dia_danh": "Quận 8", "chuc_vu": "Hiệu trưởng", "ho_ten": ""}
    bad = post(app, client, "/khoi-tao", hanh_dong="tao", **form)
    assert bad.status_code == 400 and field_error(bad, "ho_ten") == "không được để trống"
    assert not folder.exists()

    form["ho_ten"] = "Trần Thị Hoa"
    filled = post(app, client, "/khoi-tao", hanh_dong="dia_gioi", tinh="TP.HCM", xa="p. chánh hưng", **form)
    assert filled.status_code == 200 and not folder.exists()
    page = filled.get_data(as_text=True)
    assert 'value="Ủy ban nhân dân phường Chánh Hưng"' in page and 'value="Chánh Hưng"' in page
    assert 'value="Thành phố Hồ Chí Minh"' in page and '<option value="Phường Chánh Hưng">' in page
    unknown = post(app, client, "/khoi-tao", hanh_dong="dia_gioi", tinh="TP.HCM", xa="Phường 8", **form)
    assert unknown.status_code == 400 and field_error(unknown, "xa").startswith(
        "Thành phố Hồ Chí Minh không có phường, xã, đặc khu «Phường 8» (theo danh mục đơn vị hành chính từ 01/7/2025)")
    refused = post(app, client, "/khoi-tao", hanh_dong="tao", tinh="TP.HCM", xa="Phường 8", **form)
    assert refused.status_code == 400 and field_error(refused, "xa").startswith("Thành phố Hồ Chí Minh không có")
    assert not folder.exists()

    # A date line too long even condensed: shown, not created until the clerk says so.
    long_place = {**form, "dia_danh": "Phường Văn Miếu - Quốc Tử Giám Thành phố Hà Nội"}
    checked = post(app, client, "/khoi-tao", hanh_dong="tao", **long_place)
    assert checked.status_code == 200 and not folder.exists()
    assert "nên sẽ xuống dòng; viết địa danh ngắn hơn" in text_of(checked)
    assert "«Quận 8»: từ 01/7/2025 không còn cấp huyện" in text_of(checked)  # a body gone since the reform
    assert 'value="THCSNVB"' in checked.get_data(as_text=True)  # the code suggested from the name
    preview = checked.get_data(as_text=True)  # the name broken between its phrases
    assert ">TRƯỜNG TRUNG HỌC CƠ SỞ</p>" in preview and ">NGUYỄN VĂN BẢY</p>" in preview
    form.update(co_quan_chu_quan="Ủy ban nhân dân phường Chánh Hưng", dia_danh="Chánh Hưng", ma="THCSNVB")
    made = post(app, client, "/khoi-tao", hanh_dong="tao", ten_dau_trang="TRƯỜNG TRUNG HỌC CƠ SỞ\nNGUYỄN VĂN BẢY",
                tinh="TP.HCM", xa="p. chánh hưng", **form)
    assert made.status_code == 302 and made.headers["Location"] == "/truong"
    text = (folder / "don-vi.yaml").read_text(encoding="utf-8")
    assert "  - NGUYỄN VĂN BẢY" in text
    assert "\ntinh: Thành phố Hồ Chí Minh " in text and "\nxa: Phường Chánh Hưng " in text  # chosen again on Trường
    assert school.remembered() == folder.resolve()
    assert "Thông tin trường" in text_of(client.get("/truong"))
    assert client.get("/khoi-tao").headers["Location"] == "/truong"  # one school per folder


# Trường.

def test_school_settings_save_round_trip_keeping_comments(web, data):
    app, client = web
    page = client.get("/truong")
    html = page.get_data(as_text=True)
    assert 'value="Trường THCS Khánh Bình"' in html and "ỦY BAN NHÂN DÂN QUẬN 8" in html
    bam = re.search(r'name="bam" value="(\w+)"', html).group(1)
    form = {"bam": bam, "co_quan_chu_quan": "Ủy ban nhân dân Quận 8", "ten": "Trường THCS Khánh Bình",
            "ten_dau_trang": "", "chu_quan_dau_trang": "ỦY BAN NHÂN DÂN\nQUẬN 8", "ma": "THCSKB",
            "dia_danh": "Quận 8", "so_van_ban": "chung", "nguoi_ky.quyen_han": "KT.", "nguoi_ky.thay": "Hiệu trưởng", "nguoi_ky.chuc_vu": "Phó Hiệu trưởng",
            "nguoi_ky.ho_ten": "Trần Thị B", "trinh_bay.co_chu": "B", "trinh_bay.le.tren": "22",
            "trinh_bay.le.duoi": "20", "trinh_bay.le.trai": "30", "trinh_bay.le.phai": "15",
            "trinh_bay.gian_dong": "1,2", "trinh_bay.thut_dau_dong": "1.27", "trinh_bay.cach_doan": "6"}
    saved = post(app, client, "/truong", **form)
    assert saved.status_code == 302
    text = (data / "don-vi.yaml").read_text(encoding="utf-8")
    assert "nguoi_ky:                                 # người ký mặc định\n  chuc_vu: Phó Hiệu trưởng\n" in text
    assert "  quyen_han: KT.\n  thay: Hiệu trưởng\n" in text and "  # Phó Hiệu trưởng ký thay:" in text
    assert "le: {tren: 22, duoi: 20, trai: 30, phai: 15}   # lề (mm)" in text
    assert "  gian_dong: 1.2 " in text and "co_chu: B " in text
    assert "chu_quan_dau_trang:\n  - ỦY BAN NHÂN DÂN\n  - QUẬN 8\n" in text  # the clerk's own lines
    again = client.get("/truong").get_data(as_text=True)
    assert "Đã lưu thông tin trường" in again and ">ỦY BAN NHÂN DÂN\nQUẬN 8</textarea>" in again


def test_a_bad_value_is_shown_beside_its_field_and_nothing_is_written(web, data):
    app, client = web
    before = (data / "don-vi.yaml").read_text(encoding="utf-8")
    bam = school.file_hash(data / "don-vi.yaml")
    bad = post(app, client, "/truong", bam=bam, ten="Trường THCS Khánh Bình", ma="thcs kb", dia_danh="Quận 8",
               **{"nguoi_ky.chuc_vu": "Hiệu trưởng", "nguoi_ky.ho_ten": "", "nguoi_ky.quyen_han": "KT.",
                  "trinh_bay.le.tren": "40", "trinh_bay.gian_dong": "rộng", "trinh_bay.co_chu": "A"})
    assert bad.status_code == 400
    assert field_error(bad, "ma").startswith("giá trị «thcs kb» không đúng dạng")
    assert field_error(bad, "nguoi_ky.ho_ten") == "không được để trống"
    assert field_error(bad, "trinh_bay.le.tren") == "giá trị 40 nằm ngoài khoảng cho phép (≤ 25)"
    assert field_error(bad, "trinh_bay.gian_dong") == "cần một số, nhận được «rộng»"
    assert 'value="thcs kb"' in bad.get_data(as_text=True)  # what the clerk typed is kept in the form
    assert (data / "don-vi.yaml").read_text(encoding="utf-8") == before


def test_an_edit_made_meanwhile_is_never_overwritten_unseen(web, data):
    app, client = web
    bam = re.search(r'name="bam" value="(\w+)"', client.get("/truong").get_data(as_text=True)).group(1)
    replace_in(data / "don-vi.yaml", "ho_ten: Nguyễn Văn A", "ho_ten: Nguyễn Văn Sửa Trong Tệp")
    form = {"ten": "Trường THCS Khánh Bình Mới", "ma": "THCSKB", "dia_danh": "Quận 8",
            "nguoi_ky.chuc_vu": "Hiệu trưởng", "nguoi_ky.ho_ten": "Nguyễn Văn A", "trinh_bay.co_chu": "A"}
    conflict = post(app, client, "/truong", bam=bam, **form)
    assert conflict.status_code == 409
    assert "đã được sửa ở nơi khác" in alerts(conflict)[0] and "nguoi_ky.ho_ten" in alerts(conflict)[0]
    assert 'value="Trường THCS Khánh Bình Mới"' in conflict.get_data(as_text=True)  # the clerk's edit is kept
    assert "Nguyễn Văn Sửa Trong Tệp" in (data / "don-vi.yaml").read_text(encoding="utf-8")
    new_bam = re.search(r'name="bam" value="(\w+)"', conflict.get_data(as_text=True)).group(1)
    assert post(app, client, "/truong", bam=new_bam, **form).status_code == 302  # saving again is deliberate
    assert "ten: Trường THCS Khánh Bình Mới " in (data / "don-vi.yaml").read_text(encoding="utf-8")



def form_of(response) -> dict[str, str]:
    """What the browser sends for the page's form when Lưu is pressed: boxes, text areas, chosen options."""
    html = response.get_data(as_text=True)
    form = {m[0]: unescape(m[1]) for m in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html)}
    form.update({m[0]: unescape(m[1]) for m in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S)})
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        form[name] = unescape(chosen.group(1)) if chosen else ""
    return form


def box(response, name: str) -> str:
    m = re.search(rf'<input id="{re.escape(name)}" name="{re.escape(name)}"[^>]*value="([^"]*)"', response.get_data(as_text=True))
    return unescape(m.group(1)) if m else ""


def test_a_school_whose_district_is_gone_picks_its_ward_fills_reviews_and_saves(web, data):
    app, client = web
    issue_plan(data)
    school_file = data / "don-vi.yaml"
    page = client.get("/truong")
    html = page.get_data(as_text=True)
    assert '<option value="Thành phố Hồ Chí Minh">' in html and '<option value="tỉnh An Giang">' in html
    assert '<datalist id="ds-xa"></datalist>' in html  # no province yet, no wards
    form = form_of(page)
    before = school_file.read_bytes()

    def fill(**place):
        return post(app, client, "/truong", **{**form, "hanh_dong": "dia_gioi", **place})

    province = fill(tinh="tp hcm", xa="")  # a province alone: its wards are offered
    assert province.status_code == 200 and box(province, "tinh") == "Thành phố Hồ Chí Minh"
    assert '<option value="Phường Chánh Hưng">' in province.get_data(as_text=True)
    assert "Chọn phường, xã, đặc khu của Thành phố Hồ Chí Minh" in text_of(province)
    listed = client.get("/dia-gioi/xa.json?tinh=TP.HCM").get_json()  # what the page's script offers at once
    assert listed["tinh"] == "Thành phố Hồ Chí Minh" and "Phường Chánh Hưng" in listed["xa"] and len(listed["xa"]) > 100
    assert client.get("/dia-gioi/xa.json?tinh=Quận 8").get_json() == {"tinh": None, "xa": []}

    unknown = fill(tinh="TP.HCM", xa="Phường 8")
    assert unknown.status_code == 400 and field_error(unknown, "xa").startswith(
        "Thành phố Hồ Chí Minh không có phường, xã, đặc khu «Phường 8» (theo danh mục đơn vị hành chính từ 01/7/2025)")
    assert box(unknown, "xa") == "Phường 8" and box(unknown, "co_quan_chu_quan") == "Ủy ban nhân dân Quận 8"
    no_province = fill(tinh="Hồ Chí Mihn", xa="Chánh Hưng")
    assert no_province.status_code == 400 and field_error(no_province, "tinh").startswith(
        "không có tỉnh, thành phố «Hồ Chí Mihn»")

    filled = fill(tinh="TP.HCM", xa="p. chánh hưng")
    assert filled.status_code == 200, alerts(filled)
    assert box(filled, "co_quan_chu_quan") == "Ủy ban nhân dân phường Chánh Hưng"
    assert box(filled, "dia_danh") == "Chánh Hưng" and box(filled, "xa") == "Phường Chánh Hưng"
    assert ">PHƯỜNG CHÁNH HƯNG</p>" in filled.get_data(as_text=True)  # the header preview, as it will print
    assert "bấm Lưu để ghi vào don-vi.yaml (chưa lưu)" in text_of(filled)
    assert school_file.read_bytes() == before  # filling wrote nothing: every refusal above neither

    saved = post(app, client, "/truong", **form_of(filled))
    assert saved.status_code == 302, alerts(saved)
    text = school_file.read_text(encoding="utf-8")
    assert "\nco_quan_chu_quan: Ủy ban nhân dân phường Chánh Hưng " in text and "\ndia_danh: Chánh Hưng " in text
    assert "dia_danh: Chánh Hưng                      # địa danh ở dòng ngày tháng\ntinh: Thành phố Hồ Chí Minh " in text
    assert "\nxa: Phường Chánh Hưng                     # phường, xã, đặc khu nơi trường đóng\n\nnguoi_ky:" in text
    again = client.get("/truong")  # the ward chosen is chosen again, its neighbours offered
    assert box(again, "tinh") == "Thành phố Hồ Chí Minh" and box(again, "xa") == "Phường Chánh Hưng"
    assert '<option value="Phường Chánh Hưng">' in again.get_data(as_text=True)
    assert "Đã lưu thông tin trường" in text_of(again)
    assert "Đã đổi cơ quan chủ quản, địa danh. 2 văn bản đã cấp số không đổi" in text_of(again)  # as any save warns

    # Another ward chosen and saved without filling: the header would still name Chánh Hưng.
    moved = post(app, client, "/truong", **{**form_of(again), "xa": "Phường Bình Đông"})
    assert moved.status_code == 302, alerts(moved)
    shown = text_of(client.get("/truong"))
    assert ("cơ quan chủ quản: «Ủy ban nhân dân phường Chánh Hưng» là của Phường Chánh Hưng, không phải Phường "
            "Bình Đông đã chọn; trường ở Phường Bình Đông ghi «Ủy ban nhân dân phường Bình Đông»") in shown
    assert "địa danh: «Chánh Hưng» là của Phường Chánh Hưng, không phải Phường Bình Đông đã chọn" in shown
    refilled = post(app, client, "/truong", **{**form_of(client.get("/truong")), "hanh_dong": "dia_gioi"})
    assert "không phải Phường Bình Đông đã chọn" not in text_of(refilled)  # filled for the new ward: nothing to say


def test_filling_from_the_ward_makes_the_clerks_header_lines_anew_and_saving_still_sees_other_edits(web, data):
    app, client = web
    replace_in(data / "don-vi.yaml", "ten: Trường THCS Khánh Bình ",
               "chu_quan_dau_trang: [ỦY BAN NHÂN DÂN, QUẬN 8]\nten: Trường THCS Khánh Bình ")
    form = form_of(client.get("/truong"))
    assert form["chu_quan_dau_trang"] == "ỦY BAN NHÂN DÂN\nQUẬN 8"
    filled = post(app, client, "/truong", **{**form, "hanh_dong": "dia_gioi", "tinh": "Hà Nội", "xa": "P. Ba Đình"})
    assert filled.status_code == 200, alerts(filled)
    assert form_of(filled)["chu_quan_dau_trang"] == "ỦY BAN NHÂN DÂN\nPHƯỜNG BA ĐÌNH"  # the old lines would print Quận 8
    assert box(filled, "dia_danh") == "Phường Ba Đình"  # named after an event: with its unit word

    replace_in(data / "don-vi.yaml", "ho_ten: Nguyễn Văn A", "ho_ten: Nguyễn Văn Sửa Trong Tệp")  # meanwhile
    conflict = post(app, client, "/truong", **form_of(filled))
    assert conflict.status_code == 409 and "nguoi_ky.ho_ten" in alerts(conflict)[0]
    assert box(conflict, "co_quan_chu_quan") == "Ủy ban nhân dân phường Ba Đình"  # the filled values are kept
    assert "Ủy ban nhân dân Quận 8" in (data / "don-vi.yaml").read_text(encoding="utf-8")
    saved = post(app, client, "/truong", **form_of(conflict))
    assert saved.status_code == 302, alerts(saved)
    text = (data / "don-vi.yaml").read_text(encoding="utf-8")
    assert "chu_quan_dau_trang:\n  - ỦY BAN NHÂN DÂN\n  - PHƯỜNG BA ĐÌNH\n" in text and "\nxa: Phường Ba Đình " in text


def test_a_school_working_past_july_2025_is_told_its_chu_quan_and_dia_danh_are_of_the_district_era(web, data):
    app, client = web
    gone = "«Quận 8»: từ 01/7/2025 không còn cấp huyện"
    assert gone not in text_of(client.get("/truong"))  # the example school works in 2022: Quận 8 was right
    rollover.new_year(data, 2022, 2026)
    shown = text_of(client.get("/truong"))
    assert f"cơ quan chủ quản: {gone}" in shown and f"địa danh: {gone}" in shown
    filled = post(app, client, "/truong", **{**form_of(client.get("/truong")), "hanh_dong": "dia_gioi",
                                            "tinh": "TP.HCM", "xa": "Phường Chánh Hưng"})
    assert gone not in text_of(filled)  # the preview of the filled form: nothing left to review
    assert post(app, client, "/truong", **form_of(filled)).status_code == 302
    assert gone not in text_of(client.get("/truong"))


def test_an_unknown_ward_is_refused_beside_its_box_when_saving_too(web, data):
    app, client = web
    before = (data / "don-vi.yaml").read_bytes()
    bad = post(app, client, "/truong", **{**form_of(client.get("/truong")), "tinh": "TP.HCM", "xa": "Phường 8"})
    assert bad.status_code == 400 and field_error(bad, "xa").startswith("Thành phố Hồ Chí Minh không có phường")
    assert (data / "don-vi.yaml").read_bytes() == before


# Năm.

def test_next_year_and_its_review_list(web, data):
    app, client = web
    years = client.get("/nam")
    assert "Tạo năm 2023 từ năm 2022" in text_of(years)
    made = post(app, client, "/nam/moi", tu="2022")
    assert made.headers["Location"] == "/nam/2023/xem-lai"
    review = client.get("/nam/2023/xem-lai")
    items = rollover.checklist(data / "2023")
    assert f"Còn {len(items)} giá trị" in text_of(review)
    first = next(item for item in items if item.file.name == "ke-hoach-binh-dang-gioi.yaml")
    name = "van-ban/ke-hoach-binh-dang-gioi.yaml"
    assert f'href="#{name}-{first.field}"' in review.get_data(as_text=True)
    assert f'id="{name}-{first.field}"' in review.get_data(as_text=True)

    bam = school.file_hash(first.file)
    stale = post(app, client, "/nam/2023/xem-lai", tep=name, truong=first.field, gia_tri="2023-05-10",
                 bam="cu")
    assert "đã được sửa ở nơi khác" in text_of(client.get(stale.headers["Location"]))
    # Named by the document and the field's label, with the reason as a sentence; no file paths.
    shown = text_of(review)
    assert "Kế hoạch «Triển khai thực hiện công tác Bình đẳng giới và Trẻ em năm 2023»: ngày ban hành" in shown
    assert "Ngày của năm 2022 đã được lùi sang năm 2023; hãy chọn ngày thật." in shown
    assert "Tham số của năm 2023: tham số «chu_de_thang_hanh_dong» của năm" in shown
    assert 'value="10/05/2023"' in review.get_data(as_text=True)  # a date shown as typed on the page
    assert "van-ban/ke-hoach" not in shown and "dòng " not in shown
    # Checked as the editor checks a save: a date that is none is refused, nothing written.
    before = first.file.read_bytes()
    refused = post(app, client, "/nam/2023/xem-lai", tep=name, truong=first.field, gia_tri="31/02/2023", bam=bam)
    assert "Chưa xác nhận ngày ban hành" in text_of(client.get(refused.headers["Location"]))
    assert first.file.read_bytes() == before
    done = post(app, client, "/nam/2023/xem-lai", tep=name, truong=first.field, gia_tri="10/05/2023",
                bam=bam)
    assert done.status_code == 302
    assert "\nngay: 2023-05-10\n" in first.file.read_text(encoding="utf-8")  # a date, as the editor writes it
    assert len(rollover.checklist(data / "2023")) == len(items) - 1
    for bad in ("../don-vi.yaml", "van-ban/../../don-vi.yaml", "/etc/x.yaml", "tham-so.csv", "khong-co.yaml"):
        assert post(app, client, "/nam/2023/xem-lai", tep=bad, truong="nam", gia_tri="1", bam="").status_code == 404
    assert client.get("/nam/1999/xem-lai").status_code == 404
    again = post(app, client, "/nam/moi", tu="2022")
    assert again.status_code == 400 and "đã có" in alerts(again)[0]


# Sổ văn bản đi.

def issue_plan(data: Path) -> None:
    result = CliRunner().invoke(cli, ["ke-hoach", "--du-lieu", str(data), "--ra", str(data.parent / "ra"),
                                      "--mau", str(ROOT / "templates"), "--cap-so", "--ngay", "2022-05-09"])
    assert result.exit_code == 0, result.output


def test_register_lists_filters_exports_and_revokes(web, data):
    app, client = web
    assert "chưa có văn bản nào" in text_of(client.get("/so-van-ban"))
    assert not app_layer.register_path(data).exists()  # reading never creates it
    issue_plan(data)
    page = client.get("/so-van-ban")
    assert "01/KH-THCSKB" in text_of(page) and "09/05/2022" in text_of(page)
    html = page.get_data(as_text=True)
    assert "<span>- Phòng GD&amp;ĐT Quận 8 (để báo cáo);</span><span>- Giáo viên bộ môn GDCD (để thực hiện);</span>" in html
    assert "01/KH-THCSKB" not in text_of(client.get("/so-van-ban?nam=2023"))
    assert "01/KH-THCSKB" not in text_of(client.get("/so-van-ban?loai=QUYẾT ĐỊNH"))
    assert "01/KH-THCSKB" in text_of(client.get("/so-van-ban?tu=2022-05-01&den=2022-05-09"))
    assert "01/KH-THCSKB" not in text_of(client.get("/so-van-ban?tu=2022-05-10"))
    assert "01/KH-THCSKB" in text_of(client.get("/so-van-ban?tu=01/05/2022&den=09/05/2022"))  # as typed on the page
    assert 'value="01/05/2022"' in client.get("/so-van-ban?tu=2022-05-01").get_data(as_text=True)  # shown dd/mm/yyyy
    bad = client.get("/so-van-ban?tu=31/02/2022")
    assert bad.status_code == 400 and "«31/02/2022» không phải ngày có thật" in alerts(bad)[0]

    sheet = client.get("/so-van-ban/xuat?nam=2022")
    assert sheet.status_code == 200 and "attachment" in sheet.headers["Content-Disposition"]
    ws = load_workbook(io.BytesIO(sheet.data))["Năm 2022"]  # after the cover sheet
    assert ws.cell(HEADER_ROW + 1, 1).value == "01/KH-THCSKB"

    no_reason = post(app, client, "/so-van-ban/thu-hoi", nam="2022", so="1", loai="KH", ly_do=" ")
    assert no_reason.status_code == 400 and "cần ghi lý do thu hồi" in alerts(no_reason)[0]
    asked = post(app, client, "/so-van-ban/thu-hoi", nam="2022", so="1", loai="KH", ly_do="Sai ngày")
    assert asked.status_code == 200 and "Thu hồi số 01/KH-THCSKB?" in text_of(asked)  # nothing done before confirming
    assert "Lý do thu hồi Sai ngày" in text_of(asked) and "Đã thu hồi" not in text_of(client.get("/so-van-ban"))
    revoked = post(app, client, "/so-van-ban/thu-hoi", nam="2022", so="1", loai="KH", ly_do="Sai ngày", xac_nhan="1")
    assert revoked.headers["Location"] == "/so-van-ban?nam=2022"
    assert "Đã thu hồi: Sai ngày" in text_of(client.get("/so-van-ban"))
    twice = post(app, client, "/so-van-ban/thu-hoi", nam="2022", so="1", ly_do="Lần nữa", xac_nhan="1")
    assert twice.status_code == 400 and "đã bị thu hồi trước đó" in alerts(twice)[0]


def test_revoking_a_plan_on_the_page_says_first_which_issued_notices_quote_it(web, data):
    app, client = web
    issue_plan(data)  # numbers 01 and 02: the year's two plans
    result = CliRunner().invoke(cli, ["soan", "thong-bao-phan-cong", "--du-lieu", str(data), "--ra", str(data.parent / "ra"),
                                      "--mau", str(ROOT / "templates"), "--cap-so", "--ngay", "2022-05-10"])
    assert result.exit_code == 0, result.output
    asked = post(app, client, "/so-van-ban/thu-hoi", nam="2022", so="1", loai="KH", ly_do="Sai chỉ tiêu")
    said = ("4 văn bản đã cấp số căn cứ vào văn bản số 01/KH-THCSKB (03/TB-THCSKB, 04/TB-THCSKB, 05/TB-THCSKB, "
            "06/TB-THCSKB); thu hồi văn bản này không thu hồi chúng")
    assert asked.status_code == 200 and any(said in alert for alert in alerts(asked)), text_of(asked)
    done = post(app, client, "/so-van-ban/thu-hoi", nam="2022", so="1", loai="KH", ly_do="Sai chỉ tiêu", xac_nhan="1")
    assert said in text_of(client.get(done.headers["Location"]))  # and again once done, with the result
    quiet = post(app, client, "/so-van-ban/thu-hoi", nam="2022", so="3", loai="TB", ly_do="Sai tên")
    assert quiet.status_code == 200 and "Thu hồi số 03/TB-THCSKB?" in text_of(quiet)
    assert not any("căn cứ vào văn bản" in alert for alert in alerts(quiet))


# Trộn thư.

def upload(app, client, template: Path, sheet: Path, **form):
    return client.post("/tron", data={"csrf": state(app).csrf, "mau": (open(template, "rb"), template.name),
                                      "bang": (open(sheet, "rb"), sheet.name), **form},
                       content_type="multipart/form-data")


def wait_for(client, location: str) -> dict:
    job_url = location + ".json"
    for _ in range(600):
        job = client.get(job_url).get_json()
        if job["trang_thai"] != "dang-chay":
            return job
        time.sleep(0.1)
    raise AssertionError("the job did not finish")


def test_mail_merge_matches_columns_and_merges_in_the_background(web, data):
    app, client = web
    assert "Trộn thư" in text_of(client.get("/tron"))
    uploaded = upload(app, client, ROOT / "templates" / "bao-cao-lop.docx", data / "2022" / "bao-cao-lop.xlsx",
                      loai="BC", trich_yeu="Kết quả năm {{ nam }} của lớp {{ lop }}", ngay="2022-12-16",
                      ten="{stt}-lop-{lop}", nam="2022")
    assert uploaded.status_code == 302
    matched = client.get(uploaded.headers["Location"])
    page = text_of(matched)
    assert "5 văn bản sẽ được soạn" in page and "Kết quả năm 2022 của lớp 6A1" in page
    assert re.search(r"Sĩ số\s+\{\{ si_so \}\}\s+✓ có", page)

    started = post(app, client, uploaded.headers["Location"] + "/chay")
    job = wait_for(client, started.headers["Location"])
    assert job["trang_thai"] == "xong" and job["loi"] == ""
    links = {r["nhan"]: r["url"] for r in job["ket_qua"]}
    archive = client.get(links["Tải 5 văn bản (.zip)"])
    with zipfile.ZipFile(io.BytesIO(archive.data)) as zf:
        assert sorted(zf.namelist())[0] == "1-lop-6a1.docx"
        doc = Document(io.BytesIO(zf.read("1-lop-6a1.docx")))
    assert any("Lớp 6A1" in p.text for p in doc.paragraphs)
    combined = Document(io.BytesIO(client.get(links["Tải tệp gộp để in (.docx)"]).data))
    assert sum("Lớp " in p.text and "báo cáo kết quả" in p.text for p in combined.paragraphs) == 5
    assert "Trộn thư: 5 văn bản" in text_of(client.get(started.headers["Location"]))
    assert not app_layer.register_path(data).exists()  # drafts take no number

    # Numbered: the range is shown, then confirmed; a stale range is refused.
    page = text_of(client.get(uploaded.headers["Location"]))
    assert "số 01 đến 05 (5 văn bản), ngày ban hành 16/12/2022" in page and "Cấp số 01 đến 05 và trộn" in page
    stale = post(app, client, uploaded.headers["Location"] + "/chay", cap_so="1", tu="3")
    assert "Số sẽ cấp đã thay đổi" in text_of(client.get(stale.headers["Location"]))
    assert not app_layer.register_path(data).exists()
    numbered = post(app, client, uploaded.headers["Location"] + "/chay", cap_so="1", tu="1")
    job = wait_for(client, numbered.headers["Location"])
    assert job["trang_thai"] == "xong", job["loi"]
    rows = app_layer.School(data).register_rows(2022).rows
    assert [(r.so, r.ky_hieu, r.ngay.isoformat()) for r in rows] == [(n, "BC-THCSKB", "2022-12-16") for n in range(1, 6)]
    links = {r["nhan"]: r["url"] for r in job["ket_qua"]}
    combined = Document(io.BytesIO(client.get(links["Tải tệp gộp để in (.docx)"]).data))
    shown = [p.text for p in combined.paragraphs] + [p.text for t in combined.tables for c in t._cells for p in c.paragraphs]
    assert all(any(f"{n:02d}/BC-THCSKB" in line for line in shown) for n in range(1, 6))


@pytest.mark.not_ooxml("hong.docx", "data/out/tron/*/mau.docx")  # uploads refused on purpose
def test_mail_merge_refuses_bad_uploads(web, data, tmp_path):
    app, client = web
    sheet = data / "2022" / "bao-cao-lop.xlsx"
    wrong = upload(app, client, sheet, sheet)
    assert wrong.status_code == 400 and field_error(wrong, "mau") == "tệp «bao-cao-lop.xlsx» không phải .docx"
    nothing = client.post("/tron", data={"csrf": state(app).csrf}, content_type="multipart/form-data")
    assert field_error(nothing, "mau") == "chưa chọn tệp" and field_error(nothing, "bang") == "chưa chọn tệp"

    evil = tmp_path / "evil.docx"
    evil.write_bytes((ROOT / "templates" / "bao-cao-lop.docx").read_bytes())
    sneaky = client.post("/tron", data={"csrf": state(app).csrf, "mau": (open(evil, "rb"), "../../../../evil.docx"),
                                        "bang": (open(sheet, "rb"), "..\\..\\bang.xlsx")},
                         content_type="multipart/form-data")
    assert sneaky.status_code == 302
    assert sorted(p.name for p in tmp_path.rglob("evil.docx")) == ["evil.docx"]  # only the test's own
    (folder,) = (data / "out" / "tron").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["bang.xlsx", "mau.docx", "viec.json"]

    bad_template = tmp_path / "hong.docx"
    bad_template.write_bytes(b"not a zip")
    broken = upload(app, client, bad_template, sheet)
    assert broken.status_code == 400 and "tệp không phải .docx hợp lệ" in field_error(broken, "mau")
    assert [p.name for p in (data / "out" / "tron").iterdir()] == [folder.name]  # the refused upload not kept
    assert client.get("/tron/khong-co").status_code == 404
    assert client.get("/tep/../don-vi.yaml").status_code == 404
    assert client.get("/tep/%2e%2e/don-vi.yaml").status_code == 404
    assert client.get("/viec/khong-co").status_code == 404


def test_an_oversized_upload_is_refused_with_a_message(data):
    app, client = client_for(data, MAX_CONTENT_LENGTH=1024)
    sheet = data / "2022" / "bao-cao-lop.xlsx"
    refused = upload(app, client, ROOT / "templates" / "bao-cao-lop.docx", sheet)
    assert refused.status_code == 413
    assert alerts(refused) == ["Tệp tải lên quá lớn: tối đa 20 MB mỗi lần gửi."]
    assert not (data / "out").exists()


def test_a_template_that_uses_unknown_columns_is_explained(web, data, tmp_path):
    app, client = web
    sheet = tmp_path / "ds.csv"
    sheet.write_text("Họ và tên,Lớp\nAn,6A1\n", encoding="utf-8")
    uploaded = upload(app, client, ROOT / "templates" / "bao-cao-lop.docx", sheet)
    page = client.get(uploaded.headers["Location"])
    assert "mẫu dùng biến mà dữ liệu không có" in alerts(page)[0]
    assert "Họ và tên {{ ho_ten }} — không" in text_of(page)


# Văn bản.

def test_documents_are_listed_started_from_a_starter_and_drafted(web, data):
    app, client = web
    page = text_of(client.get("/van-ban?nam=2022"))
    assert "quyet-dinh-ban-chi-dao" in page and "dự thảo" in page
    bad = post(app, client, "/van-ban/moi", nam="2022", loai="QĐ", ten="Quyết định mới")
    assert bad.status_code == 400 and "cần viết thường, không dấu" in alerts(bad)[0]
    made = post(app, client, "/van-ban/moi", nam="2022", loai="QĐ", ten="quyet-dinh-moi")
    assert made.status_code == 302 and (data / "2022" / "van-ban" / "quyet-dinh-moi.yaml").is_file()
    started = post(app, client, "/van-ban/soan", nam="2022", ten="quyet-dinh-ban-chi-dao")
    job = wait_for(client, started.headers["Location"])
    assert job["trang_thai"] == "xong", job["loi"]
    (link,) = job["ket_qua"]
    doc = Document(io.BytesIO(client.get(link["url"]).data))
    assert any(p.text == "QUYẾT ĐỊNH" for p in doc.paragraphs)


# The address survives a restart: its token (and port) kept in the school's folder, renewable.

def test_the_address_survives_a_restart_and_is_renewed_from_the_page(data):
    first = create_app(data, default_folder=data)
    token = state(first).token
    kept = data / ".trang-lam-viec.json"
    assert kept.is_file() and oct(kept.stat().st_mode & 0o777) == "0o600"
    again = create_app(data, default_folder=data)  # a restart
    assert state(again).token == token
    client = again.test_client()
    assert client.get(f"/?token={token}").status_code == 302
    page = client.get("/truong")
    assert f'value="http://localhost/?token={token}"' in page.get_data(as_text=True)
    renewed = client.post("/dia-chi/moi", data={"csrf": state(again).csrf})
    assert renewed.status_code == 302 and "Đã đổi địa chỉ trang làm việc" in text_of(client.get("/truong"))
    new = state(again).token
    assert new != token and new in kept.read_text(encoding="utf-8")
    assert create_app(data, default_folder=data).test_client().get(f"/?token={token}").status_code == 403
    assert state(create_app(data, default_folder=data)).token == new


def test_the_port_of_last_time_is_taken_again_or_any_free_one(data):
    from pipeline.web import _bind
    app = create_app(data, default_folder=data)
    first = _bind(app, 0, fallback=True)
    try:
        again = _bind(app, first.port, fallback=True)  # the kept port is taken meanwhile: another one
        assert again.port != first.port
        again.server_close()
        with pytest.raises(OSError):
            _bind(app, first.port, fallback=False)  # a port the clerk asked for is not silently changed
    finally:
        first.server_close()


# Cấp số for a document typed in Word: uploaded, numbered, the numbered copy downloaded.

def test_a_word_document_is_numbered_on_the_page(web, data, tmp_path):
    from test_cap_so_docx import ke_hoach
    app, client = web
    source = ke_hoach(tmp_path)

    def send(ngay):
        return client.post("/van-ban/cap-so-word", content_type="multipart/form-data",
                           data={"csrf": state(app).csrf, "ngay": ngay, "tep": (open(source, "rb"), "Kế hoạch X.docx")})
    done = send("09/05/2022")
    assert done.status_code == 200
    assert "Đã cấp số 01/KH-THCSKB ngày 09/05/2022 cho «Kế hoạch X.docx»" in text_of(done)
    url = re.search(r'href="(/tep/word/da-cap-so/[^"]+)"', done.get_data(as_text=True)).group(1)
    issued = Document(io.BytesIO(client.get(url).data))
    cells = [p.text for t in issued.tables for c in t._cells for p in c.paragraphs]
    assert any(c.startswith("Số: 01/KH-THCSKB") for c in cells)
    again = send("")  # the same file again keeps its number
    assert "Tệp này đã có số 01/KH-THCSKB ngày 09/05/2022" in text_of(again)
    wrong = client.post("/van-ban/cap-so-word", content_type="multipart/form-data",
                        data={"csrf": state(app).csrf, "tep": (io.BytesIO(b"x"), "ghi-chu.txt")})
    assert wrong.status_code == 400 and "không phải tệp Word .docx" in alerts(wrong)[0]


def test_the_year_switcher_is_on_every_page_and_the_year_chosen_is_followed(web, data):
    _, client = web
    rollover.new_year(data, 2022, None)
    assert "Văn bản năm 2023" in text_of(client.get("/van-ban"))  # the newest until one is chosen
    for url in ("/nam", "/truong", "/van-ban", "/so-van-ban", "/tron", "/van-ban/2023/quyet-dinh-ban-chi-dao"):
        html = client.get(url).get_data(as_text=True)
        assert 'aria-label="Chọn năm làm việc"' in html and ">2022</a>" in html and ">2023</a>" in html, url
    assert 'href="/van-ban?nam=2022"' in client.get("/van-ban").get_data(as_text=True)
    assert "Văn bản năm 2022" in text_of(client.get("/van-ban?nam=2022"))
    assert "Văn bản năm 2022" in text_of(client.get("/van-ban"))  # kept
    form = client.get("/tron").get_data(as_text=True)
    assert re.search(r'<option value="2022" selected>', form)  # Trộn thư follows the chosen year
    assert 'name="nam" value="2022"' in client.get("/van-ban").get_data(as_text=True)  # new documents and Nhập too
    client.get("/van-ban/2023/quyet-dinh-ban-chi-dao")  # opening a 2023 document chooses 2023
    assert "Văn bản năm 2023" in text_of(client.get("/van-ban"))


def test_saving_the_school_warns_which_issued_documents_would_print_differently(web, data):
    app, client = web
    issue_plan(data)
    issued = data.parent / "ra" / "2022"
    before = {p: p.read_bytes() for p in issued.rglob("*.docx")}
    page = client.get("/truong")
    form = dict(re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', page.get_data(as_text=True)))
    del form["hanh_dong"]  # a button's value is sent only when it is the one pressed: this is Lưu
    form["dia_danh"] = "Phường Chánh Hưng"
    saved = client.post("/truong", data={**form, "csrf": state(app).csrf})
    assert saved.status_code == 302, alerts(saved)
    shown = text_of(client.get("/truong"))
    assert "Đã đổi địa danh. 2 văn bản đã cấp số không đổi" in shown
    assert "nếu soạn lại sẽ in khác: 01/KH-THCSKB (2022), 02/KH-THCSKB (2022)" in shown
    assert {p: p.read_bytes() for p in issued.rglob("*.docx")} == before  # nothing issued is touched
    form["dia_danh"] = "Phường Chánh Hưng"
    again = client.post("/truong", data={**form, "csrf": state(app).csrf, "bam": school.file_hash(data / "don-vi.yaml")})
    assert "văn bản đã cấp số không đổi" not in text_of(client.get(again.headers["Location"]))  # nothing changed
