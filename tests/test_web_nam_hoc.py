"""The clerk's year wholly through the page, from an empty folder, in a real Chromium (English, 1366×768):
the school set up; a plan typed (its tasks given to roles), issued, downloaded; notices per teacher from
an Excel roster, issued, printed; next year rolled over and reviewed; a mail merge of a Word MERGEFIELD
template with an Excel sheet, numbered; a Word document numbered; a revoke.
Every page on the way passes axe-core (no serious or critical violation) and shows no terminal wording.

Screenshots of each step go to tmp_path; with VANTHU_SCREENSHOTS=docs/web they refresh the README's.
"""

import os
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from browser import CHROMIUM, DRIVER, axe_violations, chromium, navigates, serving, terminal_or_english
from pipeline.web import create_app, state

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="cần chromium và chromium-driver (apt)")]
pytest.importorskip("selenium")
pytest.importorskip("axe_selenium_python")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


class Clerk:
    """What a person does, and what every page they see must pass."""

    def __init__(self, driver, base: str, shots: Path):
        self.driver, self.base, self.shots, self.problems = driver, base, shots, {}

    def open(self, path: str):
        self.driver.get(self.base + path)
        self.check()

    def check(self):
        """axe-core and the wording of the page now in the window."""
        path = self.driver.current_url.removeprefix(self.base)
        found = axe_violations(self.driver) + terminal_or_english(self.driver.find_element(By.TAG_NAME, "body").text)
        if found:
            self.problems[path] = found

    def fill(self, id_: str, text: str):
        """A box found by its id (the editor's block boxes are labelled for screen readers only)."""
        box = self.driver.find_element(By.ID, id_)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.clear()
        box.send_keys(text)

    def tick(self, css: str, on: bool):
        box = self.driver.find_element(By.CSS_SELECTOR, css)
        if box.is_selected() != on:
            self.click(box)

    def type(self, label: str, text: str):
        box = self.driver.find_element(By.XPATH, f"//label[normalize-space()='{label}']/following-sibling::*[1]")
        box.clear()
        box.send_keys(text)

    def press(self, text: str):
        """A form's button: the next page is checked once the browser has reached it."""
        self.goes(self.driver.find_element(By.XPATH, f"//button[normalize-space()='{text}']"))

    def follow(self, text: str):
        self.goes(self.driver.find_element(By.LINK_TEXT, text))

    def goes(self, element):
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        navigates(self.driver, element)
        self.check()

    def click(self, element):
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def sees(self, text: str, timeout: float = 20) -> bool:
        WebDriverWait(self.driver, timeout).until(EC.text_to_be_present_in_element((By.TAG_NAME, "body"), text))
        return True

    def waits_for_link(self, text: str, timeout: float = 180):
        link = WebDriverWait(self.driver, timeout).until(EC.presence_of_element_located((By.PARTIAL_LINK_TEXT, text)))
        self.check()
        return link

    def screenshot(self, name: str):
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(1366, min(max(height, 768), 2400))
        self.driver.execute_script("window.scrollTo(0, 0)")  # the whole page from its top, its message too
        self.shots.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(self.shots / f"{name}.png"))
        self.driver.set_window_size(1366, 768)


def downloaded(folder: Path, suffix: str, before: set, timeout: float = 60) -> Path:
    def done(_):
        new = [p for p in folder.glob(f"*{suffix}")] if folder.is_dir() else []
        new = [p for p in new if p not in before]
        return new[0] if new and not list(folder.glob("*.crdownload")) else False
    return WebDriverWait(None, timeout, poll_frequency=0.3).until(done)


def sheet(path: Path) -> Path:
    """Three pupils as a clerk types them: the columns the letter's MERGEFIELDs name."""
    from datetime import date
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["STT", "Họ và tên", "Lớp", "Ngày sinh", "Điểm TB", "Giới tính", "Học bổng"])
    for row in ([1, "Nguyễn Thị Lan", "6A1", date(2011, 3, 9), 8.5, "Nữ", 1500000],
                [2, "Trần Văn Bình", "6A1", date(2011, 10, 21), 9.25, "Nam", 2000000],
                [3, "Lê Hoàng Yến", "6A2", date(2011, 1, 5), 8.75, "Nữ", 1000000]):
        ws.append(row)
    book.save(path)
    return path


def roster(path: Path, year: int) -> Path:
    """Three teachers as a clerk types them in Excel: a title, a blank row, headers in their own words
    («Ông/Bà» is none vanthu knows), a role the plan does not have, a role left empty."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append([f"DANH SÁCH GIÁO VIÊN THỰC HIỆN TUẦN LỄ SÁCH NĂM HỌC {year}-{year + 1}"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Ông/Bà", "Chức vụ", "Tổ chuyên môn", "Vai trò"])
    ws.append([1, "Nguyễn Thị Mai", "Bà", "Giáo viên", "Tổ Ngữ văn", "Giáo viên chủ nhiệm"])
    ws.append([2, "Phạm Văn Tùng", "Ông", "Nhân viên thư viện", None, "Thủ thư"])
    ws.append([3, "Đỗ Thị Hạnh", "Bà", "Giáo viên", "Tổ Toán - Tin", None])
    book.save(path)
    return path


def all_text(document) -> list[str]:
    """Every paragraph of a .docx, those in its tables (the NĐ 30 header) too."""
    return [p.text for p in document.paragraphs] + [p.text for t in document.tables for c in t._cells
                                                     for p in c.paragraphs]


READING = "Tổ chức cho học sinh đọc sách 15 phút đầu giờ vào thứ Hai hằng tuần."
BOOKS = "Vận động học sinh quyên góp sách cho tủ sách lớp và thư viện trường."


def test_the_year_wholly_through_the_page(tmp_path, monkeypatch):
    from test_cap_so_docx import ke_hoach
    from test_mergefields import letter
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    shots = Path(os.environ.get("VANTHU_SCREENSHOTS", tmp_path / "shots"))
    folder, downloads = tmp_path / "truong", tmp_path / "tai-ve"
    app = create_app(None, default_folder=folder)
    with serving(app) as base, chromium(tmp_path) as driver:
        clerk = Clerk(driver, base, shots)

        # 1. An empty folder: the school set up on the first page.
        clerk.open(f"/?token={state(app).token}")
        clerk.type("Tên trường", "Trường Trung học cơ sở Nguyễn Văn Bảy")
        clerk.type("Cơ quan chủ quản", "Ủy ban nhân dân phường Chánh Hưng")  # a ward's school since 7/2025
        clerk.type("Địa danh ở dòng ngày tháng", "Chánh Hưng")
        clerk.type("Họ và tên", "Trần Thị Hoa")
        clerk.press("Xem trước tiêu đề")  # the long name breaks between its phrases: no advice to take
        clerk.screenshot("nam-hoc-01-khoi-tao")
        clerk.press("Khởi tạo trường")
        assert clerk.sees("Đã khởi tạo Trường Trung học cơ sở Nguyễn Văn Bảy")
        (year,) = [int(p.name) for p in folder.iterdir() if p.name.isdigit()]

        # 2. The plan typed from its kind's starter, issued with the date proposed, downloaded.
        clerk.follow("Văn bản")
        driver.find_element(By.XPATH, "//select[@id='loai']/option[@value='KH']").click()
        clerk.type("Tên tệp", "ke-hoach-tuan-le-sach")
        clerk.press("Tạo từ mẫu")
        assert clerk.sees("ke-hoach-tuan-le-sach")
        trich_yeu = driver.find_element(By.NAME, "trich_yeu")
        trich_yeu.clear()
        trich_yeu.send_keys("Tổ chức Tuần lễ sách năm học {{ nam_hoc }}")
        # the plan's tasks, each given to the roles that carry it out (the notices per teacher quote them)
        clerk.fill("noi_dung.2.noi_dung.1.chu", "Giao giáo viên chủ nhiệm " + READING[0].lower() + READING[1:])
        clerk.fill("noi_dung.2.noi_dung.1.vai_tro", "Giáo viên chủ nhiệm")
        clerk.fill("noi_dung.2.noi_dung.1.noi_dung.1.chu", BOOKS)
        clerk.fill("noi_dung.2.noi_dung.1.noi_dung.1.vai_tro", "Giáo viên chủ nhiệm; Nhân viên thư viện")
        clerk.press("Lưu")
        assert clerk.sees("Đã lưu ke-hoach-tuan-le-sach.yaml")
        clerk.screenshot("nam-hoc-02-ke-hoach")
        clerk.follow("Cấp số…")
        assert clerk.sees("Sẽ nhận số") and clerk.sees("01/KH-THCSNVB")
        clerk.screenshot("nam-hoc-03-cap-so")
        clerk.click(driver.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Cấp số 01 ngày')]"))
        link = clerk.waits_for_link("KH-01-THCSNVB.docx")
        clerk.screenshot("nam-hoc-04-da-cap-so")
        link.click()
        plan = Document(downloaded(downloads, ".docx", set()))
        cells = [p.text for t in plan.tables for c in t._cells for p in c.paragraphs]
        assert "Số: 01/KH-THCSNVB" in cells

        # 3. Notices per teacher: a roster typed in Excel uploaded, each teacher's roles picked from the
        # plan (a role the plan gives no task shown beside its row, then put right), one notice
        # previewed, all issued with numbers once the range is shown, the print file downloaded.
        clerk.open(f"/van-ban?nam={year}")
        clerk.follow("Phân công…")
        driver.find_element(By.ID, "bang").send_keys(str(roster(tmp_path / "Danh sách GV tuần lễ sách.xlsx", year)))
        clerk.screenshot("nam-hoc-05-phan-cong")
        clerk.press("Tải lên và xem các cột")
        assert clerk.sees("chọn cột cho «Danh xưng»")  # «Ông/Bà» is the clerk's word for it
        driver.find_element(By.CSS_SELECTOR, "#cot-danh_xung option[value='Ông/Bà']").click()
        clerk.press("Xem lại với cột, kế hoạch và vai trò đã chọn")
        assert clerk.sees("Giáo viên và vai trò (3 người)")
        page = driver.find_element(By.TAG_NAME, "body").text
        assert "vai trò «Thủ thư» không có nhiệm vụ nào trong Kế hoạch tổ chức Tuần lễ sách" in page
        assert "chưa chọn vai trò" in page and READING in page and BOOKS in page
        clerk.screenshot("nam-hoc-06-phan-cong-vai-tro")
        clerk.tick("input[name='vai_tro-1'][value='Thủ thư']", False)
        clerk.tick("input[name='vai_tro-1'][value='Nhân viên thư viện']", True)
        clerk.tick("input[name='vai_tro-2'][value='Giáo viên chủ nhiệm']", True)
        clerk.press("Xem lại với cột, kế hoạch và vai trò đã chọn")
        assert not driver.find_elements(By.CSS_SELECTOR, ".loi-o, .thong-bao.loi")
        counts = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "table.phan-cong tbody td:last-child")]
        assert counts == ["2", "1", "2"]
        clerk.type("Tên tệp văn bản", "thong-bao-tuan-le-sach")
        clerk.type("Hạn hoàn thành chung", f"31/12/{year}")
        clerk.press("Lưu danh sách và tạo thông báo")
        assert clerk.sees("(3 giáo viên)")
        clerk.screenshot("nam-hoc-07-thong-bao")
        clerk.fill("xem-mot", "Phạm Văn Tùng")
        clerk.press("Xem trước một bản")
        clerk.waits_for_link(".pdf")
        clerk.screenshot("nam-hoc-08-thong-bao-xem-truoc")
        clerk.open(f"/van-ban/{year}/thong-bao-tuan-le-sach")
        clerk.follow("Cấp số…")
        assert clerk.sees("02 đến 04/TB-THCSNVB (3 văn bản)")
        clerk.screenshot("nam-hoc-09-thong-bao-cap-so")
        clerk.click(driver.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Cấp số 02 đến 04 ngày')]"))
        link = clerk.waits_for_link("Tải tệp gộp để in (.docx)")
        clerk.screenshot("nam-hoc-10-thong-bao-da-cap-so")
        before = set(downloads.glob("*.docx"))
        link.click()
        printed = all_text(Document(downloaded(downloads, ".docx", before)))
        assert sorted(t for t in printed if t.startswith("Số: ")) == [f"Số: 0{n}/TB-THCSNVB" for n in (2, 3, 4)]
        for name in ("Nguyễn Thị Mai", "Phạm Văn Tùng", "Đỗ Thị Hạnh"):  # one notice each
            assert sum(t.startswith(f"Phân công {'Ông' if 'Tùng' in name else 'Bà'} {name},") for t in printed) == 1
        issued = {p.stem: all_text(Document(p)) for p in (folder / "out").rglob("TB-0*-THCSNVB*.docx")}
        assert len(issued) == 3, sorted(issued)
        (tung,) = [t for name, t in issued.items() if name.endswith("pham-van-tung")]
        assert "Phân công Ông Phạm Văn Tùng, nhân viên thư viện, thực hiện các nhiệm vụ sau:" in tung
        assert BOOKS in " ".join(tung) and READING not in " ".join(tung)  # his role's task only
        assert f"Thời hạn hoàn thành: trước ngày 31 tháng 12 năm {year}." in tung
        (hanh,) = [t for name, t in issued.items() if name.endswith("do-thi-hanh")]
        assert READING in " ".join(hanh) and BOOKS in " ".join(hanh)
        assert sorted(n for t in issued.values() for n in t if n.startswith("Số: ")) == \
            [f"Số: 0{n}/TB-THCSNVB" for n in (2, 3, 4)]
        clerk.open(f"/so-van-ban?nam={year}")
        register = driver.find_element(By.CSS_SELECTOR, "table.so").text
        for n, name in ((2, "Đỗ Thị Hạnh"), (3, "Nguyễn Thị Mai"), (4, "Phạm Văn Tùng")):
            assert f"0{n}/TB-THCSNVB" in register and name in register

        # 4. Next year rolled over, every value reviewed on the page.
        clerk.follow("Năm")
        clerk.press(f"Tạo năm {year + 1} từ năm {year}")
        assert clerk.sees("cần xem lại")
        clerk.screenshot("nam-hoc-11-xem-lai")
        for _ in range(60):
            buttons = driver.find_elements(By.XPATH, "//button[normalize-space()='Xác nhận']")
            if not buttons:
                break
            navigates(driver, buttons[0])  # each confirmation is a new page, «Đã xác nhận» on the last one too
            assert clerk.sees("Đã xác nhận")
        assert clerk.sees(f"Năm {year + 1} không còn giá trị nào cần xem lại")
        clerk.check()

        # 5. A mail merge of a Word MERGEFIELD letter with an Excel sheet, numbered after the range is shown.
        letter(tmp_path / "thu-khen.docx", ["{{ so_ky_hieu }}"])
        clerk.follow("Trộn thư")
        driver.find_element(By.ID, "mau").send_keys(str(tmp_path / "thu-khen.docx"))
        driver.find_element(By.ID, "bang").send_keys(str(sheet(tmp_path / "khen-thuong.xlsx")))
        clerk.type("Trích yếu", "Thư khen học sinh {{ ho_ten }}")
        clerk.type("Tên tệp", "{stt}-{ho_ten}")
        clerk.press("Tải lên và xem khớp cột")
        assert clerk.sees("3 văn bản sẽ được soạn")
        assert "— không" not in driver.find_element(By.TAG_NAME, "body").text  # every column the letter uses
        clerk.screenshot("nam-hoc-12-tron")
        assert clerk.sees("số 05 đến 07 (3 văn bản)")  # the year chosen (this one): after the notices' 04
        clerk.press("Cấp số 05 đến 07 và trộn")
        clerk.waits_for_link("Tải tệp gộp để in (.docx)")
        clerk.screenshot("nam-hoc-13-tron-da-cap-so")
        (printed,) = (folder / "out" / "tron").rglob("tat-ca-da-cap-so.docx")
        texts = [p.text for p in Document(printed).paragraphs]
        assert [t for t in texts if t.startswith("Số: ")] == [f"Số: 0{n}/BC-THCSNVB" for n in (5, 6, 7)]
        assert "Kính gửi phụ huynh học sinh nữ NGUYỄN THỊ LAN" in texts

        # 6. A document typed in Word, numbered, its numbered copy downloaded.
        word = ke_hoach(tmp_path, "ke-hoach-ngoai-khoa.docx", so=("Số:     /KH-THCSNVB",),
                        ngay=(f"Quận 8, ngày    tháng 12 năm {year}",))
        clerk.open(f"/van-ban?nam={year}")
        driver.find_element(By.ID, "tep-word").send_keys(str(word))
        clerk.press("Cấp số cho tệp Word")
        assert clerk.sees("Đã cấp số 08/KH-THCSNVB")
        clerk.screenshot("nam-hoc-14-cap-so-word")
        before = set(downloads.glob("*.docx"))
        clerk.click(driver.find_element(By.PARTIAL_LINK_TEXT, "Tải bản đã cấp số"))
        numbered = Document(downloaded(downloads, ".docx", before))
        assert any(c.startswith("Số: 08/KH-THCSNVB") for t in numbered.tables for c in
                   [p.text for cell in t._cells for p in cell.paragraphs])

        # 7. A revoke: asked with its reason, confirmed, written in the register.
        clerk.open(f"/so-van-ban?nam={year}")
        clerk.screenshot("nam-hoc-15-so-van-ban")
        clerk.click(driver.find_elements(By.TAG_NAME, "summary")[-1])  # the Word document, not the plan others cite
        box = driver.find_element(By.XPATH, "//details[@open]//input[@name='ly_do']")
        box.send_keys("Sai ngày ban hành")
        clerk.goes(driver.find_element(By.XPATH, "//details[@open]//button[normalize-space()='Thu hồi']"))
        assert clerk.sees("Thu hồi là vĩnh viễn")
        clerk.screenshot("nam-hoc-16-thu-hoi")
        assert clerk.sees("Thu hồi số 08/KH-THCSNVB?")
        clerk.goes(driver.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Thu hồi số')]"))
        assert clerk.sees("Đã thu hồi")

    assert not clerk.problems, "\n".join(f"{p}: {v}" for p, v in clerk.problems.items())
