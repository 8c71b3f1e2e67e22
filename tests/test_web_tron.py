"""The page's mail merge goes through the application's merge job, as the command line's does: every
option (groups, empty cells, the total row) and numbering through the register."""

import re

import pytest

import bombs
from sheets import school_sheet
from test_tron import plain_template
from test_web import ROOT, alerts, client_for, field_error, post, text_of, upload, wait_for


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def test_a_refused_merge_offers_its_way_out_as_a_button(data, tmp_path):
    app, client = client_for(data)
    plain_template(tmp_path / "m.docx", "{{ ho_ten }}")
    uploaded = upload(app, client, tmp_path / "m.docx", school_sheet(tmp_path / "ds.xlsx"), nam="2022")
    page = client.get(uploaded.headers["Location"])
    (problem,) = alerts(page)
    assert "«Tổng cộng» là hàng tổng" in problem and "--" not in problem
    assert "Bỏ qua hàng tổng" in text_of(page)
    taken = post(app, client, uploaded.headers["Location"] + "/tuy-chon", bat="bo_hang_tong")
    assert taken.status_code == 302
    page = text_of(client.get(uploaded.headers["Location"]))
    assert "3 văn bản sẽ được soạn" in page and "Bỏ qua hàng tổng" not in page


def test_a_merge_on_the_page_is_numbered_through_the_register(data):
    app, client = client_for(data)
    uploaded = upload(app, client, ROOT / "templates" / "bao-cao-lop.docx", data / "2022" / "bao-cao-lop.xlsx",
                      loai="BC", trich_yeu="Kết quả năm {{ nam }} của lớp {{ lop }}", ngay="2022-12-16",
                      ten="{stt}-lop-{lop}", nam="2022")
    assert "Cấp số 01 đến 05 và trộn" in text_of(client.get(uploaded.headers["Location"]))  # the range, shown first
    started = post(app, client, uploaded.headers["Location"] + "/chay", cap_so="1", ngay_cap="16/12/2022", tu="1")
    job = wait_for(client, started.headers["Location"])
    assert job["trang_thai"] == "xong", job["loi"]
    assert any(r["url"].endswith("tat-ca-da-cap-so.docx") for r in job["ket_qua"])  # an issued batch's print file
    register = text_of(client.get("/so-van-ban?nam=2022&loai=BC"))
    assert all(f"0{n}/BC-THCSKB" in register for n in range(1, 6))
    assert re.search(r"Kết quả năm 2022 của lớp 6A1", register)
    assert "01/BC-THCSKB" not in text_of(client.get("/so-van-ban?nam=2022&loai=KH"))  # filtered by the code


@pytest.mark.not_ooxml("mau-cua-toi.docx")
@pytest.mark.parametrize("hostile", ["bomb", "broken", "syntax"])
def test_a_template_the_guard_refuses_is_said_beside_its_box_and_not_kept(data, tmp_path, hostile):
    app, client = client_for(data)
    template = {"bomb": lambda p: bombs.package(p, bombs.TEMPLATE, "word/document.xml", bombs.padded(6 * bombs.MB)),
                "broken": lambda p: bombs.package(p, bombs.TEMPLATE, "word/document.xml", bombs.broken),
                "syntax": lambda p: plain_template(p, "{% if %}")}[hostile]
    template(tmp_path / "mau-cua-toi.docx")
    sent = upload(app, client, tmp_path / "mau-cua-toi.docx", data / "2022" / "bao-cao-lop.xlsx", nam="2022")
    assert sent.status_code == 400
    said = field_error(sent, "mau")
    assert said.startswith("mẫu «mau-cua-toi.docx»: ") and str(data) not in said, said
    assert not list((data / "out" / "tron").iterdir())  # nothing of the refused upload is kept


def test_a_template_refused_at_preview_is_not_kept(data, tmp_path):
    app, client = client_for(data)
    plain_template(tmp_path / "chia.docx", "{{ lop }}: {{ 1/0 }}")
    uploaded = upload(app, client, tmp_path / "chia.docx", data / "2022" / "bao-cao-lop.xlsx", nam="2022")
    assert uploaded.status_code == 302  # the plan cannot see it: only filling a row in does
    started = post(app, client, uploaded.headers["Location"] + "/xem-truoc", stt="1")
    job = wait_for(client, started.headers["Location"])
    assert job["trang_thai"] == "loi"
    assert job["loi"] == ("mẫu «chia.docx»: lỗi khi điền mẫu: phép tính trong {{ … }} chia cho 0. Tệp đã gửi không "
                          "được giữ lại; sửa mẫu rồi tải lên lại.")
    assert not list((data / "out" / "tron").iterdir())
    assert client.get(uploaded.headers["Location"]).status_code == 404
    assert 'href="/tron"' in client.get(started.headers["Location"]).get_data(as_text=True)  # back to the upload


@pytest.mark.not_ooxml("mau.docx")
@pytest.mark.parametrize("content, reason", [
    (b"", "nội dung không phải tệp Word; tệp hỏng hoặc tệp khác được đổi đuôi"),
    (b"PK\x03\x04 not a zip", "nội dung không phải tệp Word; tệp hỏng hoặc tệp khác được đổi đuôi"),
    (bombs.SHEET.read_bytes(), "tệp nén này không phải văn bản Word hoặc thiếu phần của nó (có thể là tệp Excel, "
                               "PowerPoint hay tệp nén khác)"),
])
def test_a_template_that_is_no_word_file_is_said_so_in_vietnamese(data, tmp_path, content, reason):
    app, client = client_for(data)
    (tmp_path / "mau.docx").write_bytes(content)
    sent = upload(app, client, tmp_path / "mau.docx", data / "2022" / "bao-cao-lop.xlsx", nam="2022")
    assert sent.status_code == 400
    assert field_error(sent, "mau") == f"mẫu «mau.docx»: tệp không phải .docx hợp lệ ({reason})"
