"""The «Kiểm tra thể thức» page: upload, findings beside the pages, the corrected copy, cấp số."""

from __future__ import annotations

import io
import re

import docx
import pytest

import word_tay
from pipeline import app as app_layer
from pipeline.pdf import ConverterError
from pipeline.web import state
from test_web import client_for, field_error, text_of  # noqa: F401 (the page's token and cookie as the other page tests)


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def _faulty(tmp_path, so="07"):
    word_tay.build(tmp_path / "goc.docx", "KH", so=so)
    doc = docx.Document(str(tmp_path / "goc.docx"))
    word_tay.FAULTS["quoc_hieu_thuong"][0](doc)
    word_tay.FAULTS["danh_so_trung"][0](doc)
    doc.save(str(tmp_path / "ke-hoach.docx"))
    return tmp_path / "ke-hoach.docx"


def _upload(app, client, path):
    return client.post("/the-thuc", data={"csrf": state(app).csrf, "tep": (io.BytesIO(path.read_bytes()), path.name)},
                       content_type="multipart/form-data")


def test_upload_lists_findings_and_gives_the_corrected_copy(data, tmp_path, monkeypatch):
    def no_libreoffice(*args, **kwargs):
        raise ConverterError("không có LibreOffice")
    monkeypatch.setattr(app_layer, "format_pages", no_libreoffice)
    app, client = client_for(data)
    assert "Kiểm tra thể thức" in text_of(client.get("/the-thuc"))
    page = _upload(app, client, _faulty(tmp_path))
    assert page.status_code == 200
    text = text_of(page)
    assert "2 lỗi, 0 cảnh báo (số trang ước tính)" in text
    assert "quoc_hieu.kieu_chu" in text and "danh_so.thu_tu" in text
    job = re.search(r"/the-thuc/([0-9a-f]+)/ban-sua\.docx", page.get_data(as_text=True)).group(1)
    copy = client.get(f"/the-thuc/{job}/ban-sua.docx")
    assert copy.status_code == 200 and "ke-hoach-da-sua.docx" in copy.headers["Content-Disposition"]
    (tmp_path / "tai-ve.docx").write_bytes(copy.data)
    assert app_layer.check_format(tmp_path / "tai-ve.docx").ok
    assert client.get("/the-thuc/khong-co/ban-sua.docx").status_code == 404


@pytest.mark.parametrize("name, content, said", [
    ("bang.xlsx", b"x", "tệp «bang.xlsx» không phải tệp Word (.docx hoặc .doc)"),
    ("hong.docx", b"not a zip", "«hong.docx»"),  # named as sent, never where the page kept it
])
def test_a_file_that_is_not_word_is_refused_beside_its_box(data, name, content, said):
    app, client = client_for(data)
    page = client.post("/the-thuc", data={"csrf": state(app).csrf, "tep": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")
    assert page.status_code == 400 and said in field_error(page, "tep")
    assert 'aria-invalid="true" aria-describedby="tep-loi"' in page.get_data(as_text=True)  # the form, to try again
    assert not any((data / "out" / "the-thuc").glob("*"))  # nothing of a refused file kept


def test_a_bad_date_for_cap_so_is_said_beside_it_and_takes_no_number(data, tmp_path, monkeypatch):
    monkeypatch.setattr(app_layer, "format_pages", lambda *a, **k: [])
    app, client = client_for(data)
    page = _upload(app, client, _faulty(tmp_path, so=None))
    assert 'name="ngay" type="text" class="ngay"' in page.get_data(as_text=True)  # ngày/tháng/năm in any browser
    job = re.search(r"/the-thuc/([0-9a-f]+)/cap-so", page.get_data(as_text=True)).group(1)
    refused = client.post(f"/the-thuc/{job}/cap-so", data={"csrf": state(app).csrf, "ngay": "31/02/2026"})
    assert refused.status_code == 400
    assert field_error(refused, "ngay") == "«31/02/2026» không phải ngày có thật; viết dạng ngày/tháng/năm, ví dụ 31/12/2022"
    assert 'value="31/02/2026"' in refused.get_data(as_text=True)  # as typed, to correct
    assert "2 lỗi" in text_of(refused)  # the findings still shown
    done = client.post(f"/the-thuc/{job}/cap-so", data={"csrf": state(app).csrf, "ngay": "05/09/2026"})
    assert "Đã cấp số 01/KH-THCSKB ngày 05/09/2026" in text_of(done)  # the refusal took no number


def test_the_corrected_copy_is_numbered_through_the_register(data, tmp_path, monkeypatch):
    monkeypatch.setattr(app_layer, "format_pages", lambda *a, **k: [])
    app, client = client_for(data)
    page = _upload(app, client, _faulty(tmp_path, so=None))
    job = re.search(r"/the-thuc/([0-9a-f]+)/cap-so", page.get_data(as_text=True)).group(1)
    done = client.post(f"/the-thuc/{job}/cap-so", data={"csrf": state(app).csrf, "ngay": "2026-09-05"})
    assert done.status_code == 200, text_of(done)
    assert re.search(r"Đã cấp số 01/KH-THCSKB ngày 05/09/2026", text_of(done))


@pytest.mark.slow
def test_pages_are_shown_with_a_marker_per_finding(data, tmp_path):
    app, client = client_for(data)
    page = _upload(app, client, _faulty(tmp_path))
    html = page.get_data(as_text=True)
    images = re.findall(r'src="(/the-thuc/[0-9a-f]+/trang/[^"]+\.png)"', html)
    assert len(images) == 2
    assert client.get(images[0]).data[:4] == b"\x89PNG"
    markers = re.findall(r'class="dau" href="#loi-(\d+)"', html)
    assert sorted(markers) == ["1", "2"]
    assert "(số trang ước tính)" not in text_of(page)
