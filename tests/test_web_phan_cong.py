"""Phân công on the page: a roster typed in Excel uploaded, its columns matched, roles picked from the
plan (a role with no task flagged beside its row), saved as a notice that issues one numbered notice
per teacher with the tasks of their roles."""

import csv
import re
from datetime import date

import pytest
from docx import Document
from openpyxl import Workbook

from pipeline import app as vanthu
from test_web import ROOT, alerts, client_for, post, text_of, wait_for


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def roster(path):
    """As a clerk types it: a title row, headers of their own words, two roles in one cell."""
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH PHÂN CÔNG NĂM 2022"])
    ws.append(["STT", "Họ tên", "Xưng hô", "Chức vụ", "Tổ", "Vai trò"])
    ws.append([1, "Nguyễn Thị Lộc", "Bà", "Giáo viên môn Giáo dục công dân", "Tổ Ngữ văn - GDCD",
               "Giáo viên môn Giáo dục công dân"])
    ws.append([2, "Lê Thị Hoa", "Bà", "Tổng phụ trách Đội", None, "Tổng phụ trách Đội; Bảo vệ"])
    ws.append([3, "Trần Văn Bình", "Ông", "Giáo viên môn Giáo dục công dân", "Tổ Ngữ văn - GDCD", None])
    wb.save(path)
    return path


def send(client, app, path, nam="2022"):
    from pipeline.web.context import state
    return client.post("/phan-cong", data={"csrf": state(app).csrf, "nam": nam, "bang": (open(path, "rb"), path.name)},
                       content_type="multipart/form-data")


MAPPING = {"cot-ho_ten": "Họ tên", "cot-danh_xung": "Xưng hô", "cot-chuc_vu": "Chức vụ", "cot-to_chuyen_mon": "Tổ",
           "cot-vai_tro": "Vai trò", "cot-nhiem_vu_them": "", "cot-han": ""}


def test_a_roster_is_mapped_given_roles_saved_and_issued_with_numbers(data, tmp_path, monkeypatch):
    monkeypatch.setattr("pipeline.web.preview.can_preview", lambda: False)  # the .docx only: no LibreOffice here
    app, client = client_for(data)
    assert "Phân công…" in text_of(client.get("/van-ban?nam=2022"))
    sent = send(client, app, roster(tmp_path / "Danh sách GV.xlsx"))
    assert sent.status_code == 302
    step2 = sent.headers["Location"]

    page = client.get(step2)
    html = page.get_data(as_text=True)
    assert all(f'<option value="{h}"' in html for h in ("Họ tên", "Xưng hô", "Chức vụ", "Tổ", "Vai trò"))
    assert "chọn cột cho «Danh xưng»" in " ".join(alerts(page))  # «Xưng hô» is not a header vanthu knows

    page = post(app, client, step2, lam="xem", co_vai_tro="", **MAPPING)
    text = text_of(page)
    assert "Giáo viên và vai trò (3 người)" in text
    # Each teacher beside the row number Excel shows (a title row and the header above them).
    assert re.findall(r"<td>(\d+)</td>\s*<th scope=\"row\">", page.get_data(as_text=True)) == ["3", "4", "5"]
    assert "Tham gia các lớp bồi dưỡng, tập huấn" in text  # the plan's tasks, by role
    problems = alerts(page)
    assert any("vai trò «Bảo vệ» không có nhiệm vụ nào" in p for p in problems)
    assert "chưa chọn vai trò" in problems  # Trần Văn Bình's empty cell
    assert re.search(r'name="vai_tro-0" value="Giáo viên môn Giáo dục công dân" checked', page.get_data(as_text=True))

    form = {**MAPPING, "co_vai_tro": "1", "cot_vai_tro_truoc": "Vai trò", "ke_hoach": "ke-hoach-binh-dang-gioi", "ten": "phan-cong-gv",
            "ngay": "01/06/2022", "han": "30/06/2022",
            "vai_tro-0": "Giáo viên môn Giáo dục công dân", "vai_tro-1": ["Tổng phụ trách Đội", "Bảo vệ"],
            "vai_tro-2": ["Giáo viên môn Giáo dục công dân", "Giáo viên phụ trách công tác pháp chế"]}
    refused = post(app, client, step2, lam="luu", **form)
    assert refused.status_code == 400
    assert any("hàng 4 (Lê Thị Hoa): vai trò «Bảo vệ»" in p for p in alerts(refused))  # the sheet's own row
    assert not (data / "2022" / "van-ban" / "phan-cong-gv.yaml").exists()
    assert not (data / "2022" / "phan-cong-phan-cong-gv.csv").exists()

    saved = post(app, client, step2, lam="luu", **{**form, "vai_tro-1": "Tổng phụ trách Đội"})
    assert saved.status_code == 302, alerts(saved)
    assert saved.headers["Location"].endswith("/van-ban/2022/phan-cong-gv")
    notice = text_of(client.get(saved.headers["Location"]))
    assert "{{ hang.ho_ten }}" in notice and "là danh xưng, họ tên, chức vụ và hạn của người đó" in notice
    with open(data / "2022" / "phan-cong-phan-cong-gv.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["Danh xưng"] for r in rows] == ["Bà", "Bà", "Ông"]
    assert rows[2]["Vai trò"] == "Giáo viên môn Giáo dục công dân; Giáo viên phụ trách công tác pháp chế"
    assert "Cấp số" in text_of(client.get("/van-ban?nam=2022"))
    assert "01 đến 03" in text_of(client.get("/van-ban/2022/phan-cong-gv/cap-so?ngay=01/06/2022"))
    one = wait_for(client, post(app, client, "/van-ban/2022/phan-cong-gv/xem-mot", ho_ten="Lê Thị Hoa").headers["Location"])
    assert one["trang_thai"] == "xong", one["loi"]
    (draft,) = [r["url"] for r in one["ket_qua"] if r["url"].endswith(".docx")]
    assert draft.endswith("le-thi-hoa.docx")

    (made,) = vanthu.make(data, 2022, ROOT / "templates", tmp_path / "out", ["phan-cong-gv"], issue=True,
                          ngay=date(2022, 6, 1))
    assert [i.so for i in made.issued] == [1, 2, 3]
    assert made.combined and made.combined.is_file()
    (hoa,) = [p for p in made.paths if p.name.endswith("le-thi-hoa.docx")]
    text = "\n".join(p.text for p in Document(hoa).paragraphs)
    assert "Phân công Bà Lê Thị Hoa, tổng phụ trách Đội, thực hiện các nhiệm vụ sau:" in text
    assert "tuyên truyền, phổ biến, giáo dục pháp luật về bình đẳng giới" in text
    assert "tập huấn" not in text  # a task of another role only
    assert "trước ngày 30 tháng 6 năm 2022" in text


def test_a_file_that_is_not_a_sheet_is_refused_beside_its_box(data, tmp_path):
    app, client = client_for(data)
    (tmp_path / "ds.txt").write_text("x", encoding="utf-8")
    refused = send(client, app, tmp_path / "ds.txt")
    assert refused.status_code == 400
    assert "không phải bảng Excel hoặc CSV" in " ".join(alerts(refused))
    assert not list(data.glob("out/phan-cong/*/*"))  # nothing kept of a refused file


def test_a_plan_missing_from_the_year_is_said(data, tmp_path):
    app, client = client_for(data)
    step2 = send(client, app, roster(tmp_path / "ds.xlsx")).headers["Location"]
    refused = post(app, client, step2, lam="luu", **MAPPING, co_vai_tro="1", ke_hoach="khong-co", ten="pc", cot_vai_tro_truoc="Vai trò",
                   ngay="01/06/2022", **{"vai_tro-0": "Tổng phụ trách Đội", "vai_tro-1": "Tổng phụ trách Đội",
                                         "vai_tro-2": "Tổng phụ trách Đội"})
    assert refused.status_code == 400
    assert "không có kế hoạch «khong-co»" in " ".join(alerts(refused))


def test_a_sheet_that_cannot_be_read_is_said_with_the_name_the_clerk_sent(data, tmp_path):
    app, client = client_for(data)
    (tmp_path / "gv.csv").write_text("", encoding="utf-8")
    refused = send(client, app, tmp_path / "gv.csv")
    assert refused.status_code == 400
    message = " ".join(alerts(refused))
    assert "gv.csv" in message and "danh-sach" not in message and "out/" not in message
    assert not any((data / "out" / "phan-cong").iterdir())


@pytest.mark.slow
def test_a_clerk_sets_up_the_notices_in_chromium(data, tmp_path):
    """Upload, the roles ticked on the page (axe-core finds nothing serious), saved, on the notice's page."""
    from browser import CHROMIUM, DRIVER, axe_violations, chromium, navigates, serving, terminal_or_english
    if not (CHROMIUM and DRIVER):
        pytest.skip("cần chromium và chromium-driver (apt)")
    pytest.importorskip("axe_selenium_python")
    from selenium.webdriver.common.by import By
    from pipeline.web import create_app, state
    sheet = roster(tmp_path / "ds.xlsx")
    app = create_app(data, default_folder=data)
    with serving(app) as base, chromium(tmp_path) as driver:
        driver.get(f"{base}/?token={state(app).token}")
        driver.get(f"{base}/van-ban?nam=2022")
        navigates(driver, driver.find_element(By.LINK_TEXT, "Phân công…"))
        picker = driver.find_element(By.CSS_SELECTOR, "#bang + .chon-tep")  # an English browser: still Vietnamese
        shown = [picker.find_element(By.CLASS_NAME, c).text for c in ("nut-tep", "ten-tep")]
        assert shown == ["Chọn tệp…", "Chưa chọn tệp"], shown
        driver.find_element(By.ID, "bang").send_keys(str(sheet))
        assert picker.find_element(By.CLASS_NAME, "ten-tep").text == "ds.xlsx"
        navigates(driver, driver.find_element(By.CSS_SELECTOR, "form.bieu-mau button[type=submit]"))
        driver.find_element(By.CSS_SELECTOR, "#cot-danh_xung option[value='Xưng hô']").click()
        navigates(driver, driver.find_element(By.CSS_SELECTOR, "button[value=xem]"))
        assert not axe_violations(driver)
        assert not terminal_or_english(driver.find_element(By.TAG_NAME, "body").text)
        driver.find_element(By.CSS_SELECTOR, "input[name='vai_tro-1'][value='Bảo vệ']").click()  # unticked
        driver.find_element(By.CSS_SELECTOR, "input[name='vai_tro-2'][value='Tổng phụ trách Đội']").click()
        driver.find_element(By.ID, "ten").send_keys("phan-cong-gv")
        navigates(driver, driver.find_element(By.CSS_SELECTOR, "button[value=luu]"))
        assert driver.current_url.endswith("/van-ban/2022/phan-cong-gv")
        assert "Đã lưu danh sách phan-cong-phan-cong-gv.csv (3 giáo viên)" in driver.find_element(By.TAG_NAME, "body").text
