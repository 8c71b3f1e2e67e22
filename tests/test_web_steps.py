"""What the core says to do after an error reaches the page as a link or a hint, never as a command line."""

import pytest

from conftest import replace_in
from test_web import alerts, client_for, post, wait_for

PLAN = "ke-hoach-binh-dang-gioi"


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def test_an_issued_document_changed_since_is_refused_with_a_link_to_revoke_its_number(vanthu, data):
    assert vanthu("soan", PLAN, "--cap-so", "--ngay", "2022-05-09").exit_code == 0
    replace_in(data / "2022" / "van-ban" / f"{PLAN}.yaml", "ngày lễ, Tết.", "ngày lễ, Tết và dịp hè.")
    app, client = client_for(data)
    started = post(app, client, f"/van-ban/2022/{PLAN}/cap-so", ngay="2022-05-09", so="")
    assert started.status_code == 302, alerts(started)
    job = wait_for(client, started.headers["Location"])
    assert job["trang_thai"] == "loi" and "dữ liệu đã thay đổi" in job["loi"] and "vanthu" not in job["loi"]
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert '<a href="/so-van-ban?nam=2022">Thu hồi số 01 năm 2022 trong Sổ văn bản đi</a>' in page
    assert "--ly-do" not in page


def test_a_failed_job_shows_the_steps_of_its_error(data):
    app, client = client_for(data)
    (data / "2022" / "van-ban").rename(data / "2022" / "cu")
    (data / "2022" / "van-ban").mkdir()
    page = client.post("/van-ban/soan", data={"csrf": app.extensions["vanthu"].csrf, "nam": "2022"})
    job = wait_for(client, page.headers["Location"])
    assert "chưa có văn bản nào; hãy tạo một văn bản" in job["loi"]
    html = client.get(page.headers["Location"]).get_data(as_text=True)
    assert '<a href="/van-ban">Tạo văn bản mới trong trang Văn bản</a>' in html and "vanthu moi" not in html
