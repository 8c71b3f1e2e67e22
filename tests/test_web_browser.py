"""The clerk's main paths in a real Chromium (headless, driven by Selenium), against a server this test starts.

Screenshots go to tmp_path; with VANTHU_SCREENSHOTS=docs/web they refresh the README's pictures.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from conftest import ROOT, replace_in
from pipeline import rollover
from pipeline.cli import cli
from pipeline.web import create_app, state

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="cần chromium và chromium-driver (apt)")]

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture
def server(tmp_path, monkeypatch):
    """The page for a machine with no school yet, on a free port of 127.0.0.1, in a thread of this test."""
    from werkzeug.serving import make_server

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = create_app(None, default_folder=tmp_path / "truong")
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{httpd.port}"
    httpd.shutdown()
    thread.join(10)


@pytest.fixture
def browser(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=vi",
                f"--user-data-dir={tmp_path / 'chromium'}", "--window-size=1100,900", "--hide-scrollbars"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)
    driver.implicitly_wait(2)
    yield driver
    driver.quit()


class Clerk:
    """What a person does: open pages, type into labelled boxes, press buttons, look."""

    def __init__(self, driver, base: str, shots: Path):
        self.driver, self.base, self.shots = driver, base, shots

    def open(self, path: str):
        self.driver.get(self.base + path)

    def type(self, label: str, text: str):
        box = self.driver.find_element(By.XPATH, f"//label[normalize-space()='{label}']/following-sibling::*[1]")
        box.clear()
        box.send_keys(text)

    def press(self, text: str):
        self.driver.find_element(By.XPATH, f"//button[normalize-space()='{text}']").click()

    def sees(self, text: str, timeout: float = 5) -> bool:
        WebDriverWait(self.driver, timeout).until(EC.text_to_be_present_in_element((By.TAG_NAME, "body"), text))
        return True

    def screenshot(self, name: str):
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(1100, min(max(height, 600), 2000))
        self.shots.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(self.shots / f"{name}.png"))
        self.driver.set_window_size(1100, 900)


def test_a_clerk_sets_up_the_school_rolls_a_year_merges_letters_and_keeps_the_register(server, browser, tmp_path):
    app, base = server
    shots = Path(os.environ.get("VANTHU_SCREENSHOTS", tmp_path / "shots"))
    clerk = Clerk(browser, base, shots)
    token = state(app).token

    # 1. No school yet: the first page sets one up, checking that the header fits.
    clerk.open(f"/?token={token}")
    assert browser.current_url.endswith("/khoi-tao")
    clerk.type("Tên trường", "Trường Trung học cơ sở Nguyễn Văn Bảy")
    clerk.type("Cơ quan chủ quản", "Ủy ban nhân dân Quận 8")
    clerk.type("Địa danh ở dòng ngày tháng", "Quận 8")
    clerk.type("Họ và tên", "Trần Thị Hoa")
    clerk.press("Xem trước tiêu đề")
    assert clerk.sees("in trên hai dòng")
    clerk.press("Dùng gợi ý")
    assert clerk.sees("NGUYỄN VĂN BẢY")
    clerk.screenshot("khoi-tao")
    clerk.press("Khởi tạo trường")
    assert clerk.sees("Đã khởi tạo Trường Trung học cơ sở Nguyễn Văn Bảy")
    folder = tmp_path / "truong"
    assert "  - NGUYỄN VĂN BẢY" in (folder / "don-vi.yaml").read_text(encoding="utf-8")

    # 2. The school's settings: a deputy signs on the head's behalf.
    browser.find_element(By.XPATH, "//select[@id='nguoi_ky.quyen_han']/option[@value='KT.']").click()
    clerk.type("Ký thay cho", "Hiệu trưởng")
    clerk.type("Chức vụ", "Phó Hiệu trưởng")
    clerk.type("Họ và tên", "Lê Văn Tám")
    clerk.press("Lưu")
    assert clerk.sees("Đã lưu thông tin trường")
    clerk.screenshot("truong")
    saved = (folder / "don-vi.yaml").read_text(encoding="utf-8")
    assert "  quyen_han: KT.\n  thay: Hiệu trưởng\n" in saved and "# người ký mặc định" in saved

    # The year's documents, started from the starters of their kinds.
    browser.find_element(By.LINK_TEXT, "Văn bản").click()
    assert clerk.sees("quyet-dinh-thanh-lap")
    clerk.screenshot("van-ban")

    # 3. A new year from this one, and its review list cleared value by value.
    (year,) = [int(p.name) for p in folder.iterdir() if p.name.isdigit()]
    replace_in(folder / str(year) / "tham-so.yaml", "bien: {}", "bien: {chu_de: An toàn giao thông năm " + str(year) + "}")
    browser.find_element(By.LINK_TEXT, "Năm").click()
    clerk.screenshot("nam")
    clerk.press(f"Tạo năm {year + 1} từ năm {year}")
    assert clerk.sees("cần xem lại")
    clerk.screenshot("xem-lai")
    pending = len(rollover.checklist(folder / str(year + 1)))
    assert pending > 0
    for _ in range(pending):
        browser.find_elements(By.XPATH, "//button[normalize-space()='Xác nhận']")[0].click()
        assert clerk.sees("Đã xác nhận")
    assert clerk.sees(f"Năm {year + 1} không còn giá trị nào cần xem lại")
    assert rollover.checklist(folder / str(year + 1)) == []

    # 4. A mail merge: upload, see the columns matched, preview one row, merge them all.
    browser.find_element(By.LINK_TEXT, "Trộn thư").click()
    browser.find_element(By.ID, "mau").send_keys(str(ROOT / "templates" / "bao-cao-lop.docx"))
    browser.find_element(By.ID, "bang").send_keys(str(ROOT / "data" / "2022" / "bao-cao-lop.xlsx"))
    clerk.type("Trích yếu", "Kết quả năm học {{ nam_hoc }} của lớp {{ lop }}")
    clerk.type("Tên tệp", "{stt}-lop-{lop}")
    clerk.press("Tải lên và xem khớp cột")
    assert clerk.sees("5 văn bản sẽ được soạn")
    clerk.screenshot("tron")
    if shutil.which("soffice") and shutil.which("pdftoppm"):
        browser.find_element(By.XPATH, "//button[@aria-label='Xem trước hàng 1']").click()
        WebDriverWait(browser, 120).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".trang-xem img")))
        assert browser.execute_script("return document.querySelector('.trang-xem img').naturalWidth") > 300
        clerk.screenshot("tron-xem-truoc")
        browser.back()
    clerk.press("Trộn 5 văn bản")
    WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.LINK_TEXT, "Tải tệp gộp để in (.docx)")))
    clerk.screenshot("tron-xong")
    (combined,) = (folder / "out" / "tron").rglob("tat-ca.docx")
    assert sum("báo cáo kết quả" in p.text for p in Document(combined).paragraphs) == 5

    # 5. The register: a plan issued, filtered, then revoked with a reason.
    issued = CliRunner().invoke(cli, ["soan", "ke-hoach-nam-hoc", "--du-lieu", str(folder), "--nam", str(year),
                                      "--ra", str(tmp_path / "ra"), "--cap-so", "--ngay", f"{year}-09-05"])
    assert issued.exit_code == 0, issued.output
    browser.find_element(By.LINK_TEXT, "Sổ văn bản đi").click()
    assert clerk.sees("01/KH-THCSNVB")
    clerk.screenshot("so-van-ban")
    browser.find_element(By.TAG_NAME, "summary").click()
    clerk.type("Lý do thu hồi", "Sai ngày ban hành")
    clerk.press("Thu hồi")
    assert clerk.sees("Đã thu hồi: Sai ngày ban hành")
