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

from browser import navigates
from conftest import ROOT, replace_in
from pipeline import rollover, school
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
    options.add_experimental_option("prefs", {"download.default_directory": str(tmp_path / "tai-ve"),
                                              "download.prompt_for_download": False})
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
        """A form's button (every one on these pages posts its form): done once the next page is there."""
        self.go(self.driver.find_element(By.XPATH, f"//button[normalize-space()='{text}']"))

    def follow(self, text: str):
        self.go(self.driver.find_element(By.LINK_TEXT, text))

    def click(self, element):
        """Scroll it to the middle of the window, as a person would, then click: never under the save bar."""
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def go(self, element):
        """Click what leads to another page, and wait for it (a read straight after the click races it)."""
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        navigates(self.driver, element)

    def sees(self, text: str, timeout: float = 5) -> bool:
        WebDriverWait(self.driver, timeout).until(EC.text_to_be_present_in_element((By.TAG_NAME, "body"), text))
        return True

    def button(self, label: str):
        """A button found by what a screen reader says of it (the small ↑ ↓ → ← ✕ ones)."""
        return self.driver.find_element(By.XPATH, f"//button[@aria-label='{label}']")

    def box(self, name: str):
        return self.driver.find_element(By.NAME, name)

    def screenshot(self, name: str, height: int | None = None):
        """The whole page (up to 2000 px), or the window's `height` from where it is scrolled."""
        if height:
            self.driver.set_window_size(1100, height)
            self.shots.mkdir(parents=True, exist_ok=True)
            self.driver.save_screenshot(str(self.shots / f"{name}.png"))
            self.driver.set_window_size(1100, 900)
            return
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
    clerk.type("Tỉnh, thành phố", "TP.HCM")
    clerk.type("Phường, xã, đặc khu", "P. Chánh Hưng")
    clerk.press("Điền cơ quan chủ quản và địa danh")  # the 2025 organisation: the ward's UBND
    assert clerk.box("co_quan_chu_quan").get_attribute("value") == "Ủy ban nhân dân phường Chánh Hưng"
    assert clerk.box("dia_danh").get_attribute("value") == "Chánh Hưng"
    clerk.type("Họ và tên", "Trần Thị Hoa")
    clerk.press("Xem trước tiêu đề")
    assert clerk.sees("NGUYỄN VĂN BẢY")  # the name on two lines, broken between its phrases
    lines = [p.text for p in browser.find_elements(By.CSS_SELECTOR, ".dau-trang .cot:first-child p")]
    assert lines[:4] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG CHÁNH HƯNG", "TRƯỜNG TRUNG HỌC CƠ SỞ", "NGUYỄN VĂN BẢY"]
    clerk.screenshot("khoi-tao")
    clerk.press("Khởi tạo trường")
    assert clerk.sees("Đã khởi tạo Trường Trung học cơ sở Nguyễn Văn Bảy")
    folder = tmp_path / "truong"
    assert "co_quan_chu_quan: Ủy ban nhân dân phường Chánh Hưng" in (folder / "don-vi.yaml").read_text(encoding="utf-8")

    # 2. The school's settings: the ward chosen at Khởi tạo is chosen again, another province's wards
    # offered as soon as it is picked; a deputy signs on the head's behalf.
    assert clerk.box("tinh").get_attribute("value") == "Thành phố Hồ Chí Minh"
    assert clerk.box("xa").get_attribute("value") == "Phường Chánh Hưng"
    offered = "return [...document.querySelectorAll('#ds-xa option')].map(o => o.value)"
    for province, ward in (("Hà Nội", "Phường Ba Đình"), ("TP.HCM", "Phường Chánh Hưng")):
        clerk.type("Tỉnh, thành phố", province)
        clerk.box("xa").click()  # leaving the box is choosing
        WebDriverWait(browser, 5).until(lambda driver: ward in driver.execute_script(offered))
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
    clerk.follow("Văn bản")
    assert clerk.sees("quyet-dinh-thanh-lap")
    clerk.screenshot("van-ban")

    # 3. A new year from this one, and its review list cleared value by value.
    (year,) = [int(p.name) for p in folder.iterdir() if p.name.isdigit()]
    replace_in(folder / str(year) / "tham-so.yaml", "bien: {}", "bien: {chu_de: An toàn giao thông năm " + str(year) + "}")
    clerk.follow("Năm")
    clerk.screenshot("nam")
    clerk.press(f"Tạo năm {year + 1} từ năm {year}")
    assert clerk.sees("cần xem lại")
    clerk.screenshot("xem-lai")
    pending = len(rollover.checklist(folder / str(year + 1)))
    assert pending > 0
    for _ in range(pending):
        clerk.go(browser.find_elements(By.XPATH, "//button[normalize-space()='Xác nhận']")[0])
        assert clerk.sees("Đã xác nhận")
    assert clerk.sees(f"Năm {year + 1} không còn giá trị nào cần xem lại")
    assert rollover.checklist(folder / str(year + 1)) == []

    # 4. A mail merge: upload, see the columns matched, preview one row, merge them all.
    clerk.follow("Trộn thư")
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
    clerk.follow("Sổ văn bản đi")
    assert clerk.sees("01/KH-THCSNVB")
    clerk.screenshot("so-van-ban")
    browser.find_element(By.TAG_NAME, "summary").click()
    clerk.type("Lý do thu hồi", "Sai ngày ban hành")
    clerk.press("Thu hồi")
    assert clerk.sees("Thu hồi là vĩnh viễn")
    clerk.press("Thu hồi số 01/KH-THCSNVB")
    assert clerk.sees("Đã thu hồi: Sai ngày ban hành")


def downloaded(folder: Path, suffix: str, timeout: float = 30) -> Path:
    """The file the browser saved, once it is whole."""
    found: list[Path] = []

    def done(_):
        found[:] = [p for p in folder.glob(f"*{suffix}")] if folder.is_dir() else []
        return bool(found) and not list(folder.glob("*.crdownload"))
    WebDriverWait(None, timeout, poll_frequency=0.2).until(done)
    return found[0]


def test_a_clerk_writes_a_decision_previews_issues_and_downloads_it(server, browser, tmp_path):
    app, base = server
    shots = Path(os.environ.get("VANTHU_SCREENSHOTS", tmp_path / "shots"))
    clerk = Clerk(browser, base, shots)
    folder = tmp_path / "truong"
    school.create(folder, school.TruongMoi("Trường THCS Khánh Bình", "THCSKB", "Quận 8", "Nguyễn Văn An",
                                           co_quan_chu_quan="UBND Quận 8"))
    state(app).data = folder
    (year,) = [int(p.name) for p in folder.iterdir() if p.name.isdigit()]

    # 1. A decision from its kind's starter, straight into the editor.
    clerk.open(f"/van-ban?token={state(app).token}")
    browser.find_element(By.XPATH, "//select[@id='loai']/option[@value='QĐ']").click()
    clerk.type("Tên tệp", "quyet-dinh-to-tin-hoc")
    clerk.press("Tạo từ mẫu")
    assert clerk.sees("Quyết định: quyet-dinh-to-tin-hoc")

    # 2. A field, a new article, a new row in the annex's table.
    trich_yeu = clerk.box("trich_yeu")
    trich_yeu.clear()
    trich_yeu.send_keys("Về việc thành lập Tổ Tin học năm học {{ nam_hoc }}")
    clerk.press("Thêm khối")  # the first kind offered in a decision is Điều
    article = browser.switch_to.active_element
    assert article.get_attribute("name") == "noi_dung.4.chu"
    article.send_keys("Tổ Tin học chịu trách nhiệm bảo trì phòng máy của nhà trường.")
    clerk.go(clerk.button("Thêm hàng vào bảng 1 của Phụ lục 1"))
    clerk.box("phu_luc.1.noi_dung.1.bang.hang.2.2").send_keys("Lê Thị Mai")
    clerk.box("phu_luc.1.noi_dung.1.bang.hang.2.3").send_keys("Giáo viên")
    clerk.box("phu_luc.1.noi_dung.1.bang.hang.2.4").send_keys("Tổ trưởng")
    assert clerk.box("trich_yeu").get_attribute("value").startswith("Về việc thành lập Tổ Tin học")  # kept across
    clerk.press("Lưu")
    assert clerk.sees("Đã lưu quyet-dinh-to-tin-hoc.yaml")
    saved = (folder / str(year) / "van-ban" / "quyet-dinh-to-tin-hoc.yaml").read_text(encoding="utf-8")
    assert "  - dieu: Tổ Tin học chịu trách nhiệm bảo trì phòng máy của nhà trường.\n" in saved
    assert "            - [2, Lê Thị Mai, Giáo viên, Tổ trưởng]\n" in saved
    assert "# Quyết định — một tệp là một văn bản" in saved  # the starter's comments stay
    browser.execute_script("document.querySelector('fieldset.noi-dung').scrollIntoView()")
    clerk.screenshot("van-ban-sua", height=1000)

    # 3. Xem trước: the pages as they will print, no number yet.
    if shutil.which("soffice") and shutil.which("pdftoppm"):
        clerk.press("Lưu và xem trước")
        WebDriverWait(browser, 120).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".trang-xem img")))
        assert browser.execute_script("return document.querySelector('.trang-xem img').naturalWidth") > 300
        pages = len(browser.find_elements(By.CSS_SELECTOR, ".trang-xem img"))
        assert pages == 2  # the decision, then its annex on a page of its own
        clerk.screenshot("van-ban-xem-truoc", height=1300)
        clerk.follow("Cấp số…")
    else:
        clerk.follow("Cấp số…")

    # 4. Cấp số: the number and date it will take, confirmed; then the .docx downloaded and opened.
    assert clerk.sees("Sẽ nhận số") and clerk.sees("01/QĐ-THCSKB")
    clerk.screenshot("cap-so")
    clerk.click(browser.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Cấp số 01 ngày')]"))
    WebDriverWait(browser, 120).until(EC.presence_of_element_located((By.PARTIAL_LINK_TEXT, "QĐ-01-THCSKB.docx")))
    browser.find_element(By.PARTIAL_LINK_TEXT, "QĐ-01-THCSKB.docx").click()
    doc = Document(downloaded(tmp_path / "tai-ve", ".docx"))
    cells = [p.text for table in doc.tables for cell in table._cells for p in cell.paragraphs]
    assert "Số: 01/QĐ-THCSKB" in cells
    texts = [p.text for p in doc.paragraphs]
    assert "Điều 4. Tổ Tin học chịu trách nhiệm bảo trì phòng máy của nhà trường./." in texts  # the last text ends ./.
    assert any("Lê Thị Mai" in c for c in cells)
    clerk.follow("← Quay lại")
    assert clerk.sees("Đã cấp số 01/QĐ-THCSKB")
