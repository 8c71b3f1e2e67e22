"""Warnings of the core (a table with too many columns, a column narrower than a word, a total row
left out, a number left half issued) travel as data on the result of the job that met them: the
terminal prints each once per run, the page shows them where the job is, in every request."""

from datetime import date
from pathlib import Path

import pytest

from pipeline import app as app_layer
from pipeline.register import Register
from pipeline.web import preview, state
from test_web import client_for, text_of, wait_for

ELEVEN = "[STT, Họ và tên, Giới tính, Lớp, Chuyên cần, Hạnh kiểm, Toán, Ngữ văn, Tiếng Anh, Vật lý, Xếp loại]"
BIG = '"123.456.789,25"'

# An 11-column table whose words do not fit a portrait page.
NARROW_DOC = f"""loai: QĐ
ngay: 2022-05-09
trich_yeu: Về việc công nhận kết quả học tập
can_cu: [Căn cứ Điều lệ trường trung học]
noi_dung:
  - dieu: "Công nhận kết quả học tập của học sinh như sau:"
  - bang:
      cot: {ELEVEN}
      hang: [[1, Nguyễn Văn Anh, Nam, 6A1, Tốt, Tốt, 1.234.567, 1.234.567, 1.234.567, 1.234.567, Giỏi]]
  - dieu: Quyết định có hiệu lực kể từ ngày ký.
noi_nhan: [Ban Giám hiệu]
"""
# One notice per teacher of phan-cong.csv (four), each with an 11-column table whose numbers do not fit.
BATCH_DOC = f"""loai: TB
ngay: 2022-05-12
danh_sach: phan-cong.csv
trich_yeu: Kết quả học tập gửi {{{{ hang.ho_ten }}}}
noi_dung:
  - "Kết quả học tập như sau:"
  - bang:
      cot: {ELEVEN}
      hang: [[1, Nguyễn Văn Anh, Nam, 6A1, {', '.join([BIG] * 7)}]]
noi_nhan: [Ban Giám hiệu]
"""
# A table drawn from a sheet whose last row is its «Tổng cộng», without `tong`: the row is left out.
TOTAL_DOC = """loai: QĐ
ngay: 2022-05-09
trich_yeu: Về việc khen thưởng học sinh
can_cu: [Căn cứ Điều lệ trường trung học]
noi_dung:
  - dieu: "Khen thưởng các học sinh sau:"
  - bang:
      cot: [STT, Họ và tên, Điểm]
      tep: diem.csv
  - dieu: Quyết định có hiệu lực kể từ ngày ký.
noi_nhan: [Ban Giám hiệu]
"""
SHEET = "STT,Họ và tên,Điểm\n1,Nguyễn Văn Anh,9\n2,Trần Thị Bình,8\nTổng cộng,,17\n"

NARROW = ("văn bản «bang-hep»: bảng 11 cột (STT, Họ và tên, Giới tính, …): cột «STT» hẹp hơn chữ «STT»; cột «Giới "
          "tính» hẹp hơn chữ «Nam»; cột «Lớp» hẹp hơn chữ «Lớp»; cột «Chuyên cần» hẹp hơn chữ «Chuyên»; cột «Hạnh "
          "kiểm» hẹp hơn chữ «Hạnh»; cột «Xếp loại» hẹp hơn chữ «Giỏi»; các chữ này sẽ bị ngắt giữa chừng; rút gọn "
          "tiêu đề cột, đổi độ rộng các cột (`rong`), hoặc đặt bảng vào một phụ lục in trang ngang (`ngang`)")
TOO_WIDE = ("văn bản «ket-qua-tung-nguoi»: bảng 11 cột (STT, Họ và tên, Giới tính, …) có quá nhiều cột cho chiều rộng "
            "trang, các số sẽ bị ngắt dòng giữa số; bớt cột, hoặc đặt bảng vào một phụ lục in trang ngang (`ngang`)")


def total_left_out(sheet: str) -> str:
    return (f"{sheet}, hàng 4: hàng tổng «Tổng cộng» không được in trong bảng của văn bản «bo-tong»; để in nó "
            "làm hàng tổng (chữ đậm), đánh dấu bảng là có hàng tổng (`tong`)")


@pytest.fixture
def documents(data: Path) -> Path:
    folder = data / "2022" / "van-ban"
    (folder / "bang-hep.yaml").write_text(NARROW_DOC, encoding="utf-8")
    (folder / "ket-qua-tung-nguoi.yaml").write_text(BATCH_DOC, encoding="utf-8")
    (folder / "bo-tong.yaml").write_text(TOTAL_DOC, encoding="utf-8")
    (data / "2022" / "diem.csv").write_text(SHEET, encoding="utf-8")
    return data


def warnings_of(stderr: str) -> list[str]:
    return [line.removeprefix("Cảnh báo: ") for line in stderr.splitlines() if line.startswith("Cảnh báo: ")]


# The terminal.

def test_the_terminal_prints_each_warning_once_per_run(vanthu, documents):
    names = ("bang-hep", "ket-qua-tung-nguoi", "bo-tong", "--nam", "2022")
    made = vanthu("soan", *names)
    assert made.exit_code == 0, made.stderr
    # Four notices, each context built more than once: the table's warning still once.
    expected = [NARROW, TOO_WIDE, total_left_out("data/2022/diem.csv")]
    assert warnings_of(made.stderr) == expected
    assert "Đã ghi 4 văn bản Thông báo «ket-qua-tung-nguoi»" in made.stdout
    # The same process again (a long-lived caller): nothing remembered from the run before swallows them.
    assert warnings_of(vanthu("soan", *names).stderr) == expected
    assert warnings_of(vanthu("kiem-tra", *names).stderr) == expected


def test_a_document_without_problems_warns_of_nothing(vanthu, documents):
    result = vanthu("soan", "quyet-dinh-ban-chi-dao", "--nam", "2022")
    assert result.exit_code == 0 and "Cảnh báo" not in result.stderr, result.stderr


def test_results_carry_each_documents_own_warnings(documents, templates, tmp_path):
    made = app_layer.make(documents, 2022, templates, tmp_path / "out", ["bang-hep", "bo-tong", "ket-qua-tung-nguoi"],
                          nhap=True)
    sheet = str(documents / "2022" / "diem.csv")
    assert [(m.ten, m.warnings) for m in made] == [
        ("bang-hep", [NARROW]), ("bo-tong", [total_left_out(sheet)]), ("ket-qua-tung-nguoi", [TOO_WIDE])]
    checked = app_layer.check(documents, 2022, templates, ["bo-tong", "bang-hep"])
    assert [(c.ten, c.warnings) for c in checked] == [("bo-tong", [total_left_out(sheet)]), ("bang-hep", [NARROW])]


# The page.

@pytest.fixture
def web(documents, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(documents.parent / "config"))
    monkeypatch.setattr(preview, "can_preview", lambda: False)  # the .docx only: no LibreOffice in these tests
    return client_for(documents)


def job_of(app, client, url: str, **form) -> tuple[dict, str]:
    started = client.post(url, data={"csrf": state(app).csrf, **form})
    job = wait_for(client, started.headers["Location"])
    assert job["trang_thai"] == "xong", job["loi"]
    return job, text_of(client.get(started.headers["Location"]))


def test_the_preview_page_shows_the_warnings_in_every_request(web):
    app, client = web
    for _ in range(2):  # a second request of the same process still shows them
        job, page = job_of(app, client, "/van-ban/2022/bang-hep/xem-truoc")
        assert job["canh_bao"] == [NARROW]
        assert f"Cảnh báo: {NARROW}" in page
    job, page = job_of(app, client, "/van-ban/soan", nam="2022", ten="ket-qua-tung-nguoi")
    assert job["canh_bao"] == [TOO_WIDE]  # four notices, said once
    assert page.count("có quá nhiều cột cho chiều rộng trang") == 1


def test_the_editor_and_cap_so_pages_show_the_warnings_of_their_document(web, documents):
    app, client = web
    sheet = str(documents / "2022" / "diem.csv")
    for _ in range(2):
        assert f"Cảnh báo: {total_left_out(sheet)}" in text_of(client.get("/van-ban/2022/bo-tong"))
    assert f"Cảnh báo: {NARROW}" in text_of(client.get("/van-ban/2022/bang-hep/cap-so?ngay=2022-05-09"))
    assert "Cảnh báo" not in text_of(client.get("/van-ban/2022/quyet-dinh-ban-chi-dao"))
    job, page = job_of(app, client, "/van-ban/2022/bo-tong/cap-so", ngay="2022-05-09", so="1")
    assert job["canh_bao"] == [total_left_out(sheet)] and f"Cảnh báo: {total_left_out(sheet)}" in page


# The register's warnings: a number committed whose file was lost before it was put in place.

def half_issued(data: Path, templates: Path, out: Path, monkeypatch) -> None:
    def interrupted(self, pending, indexes):
        raise KeyboardInterrupt  # right after the commit, before the file is put in place
    with monkeypatch.context() as patched, pytest.raises(KeyboardInterrupt):
        patched.setattr(Register, "_complete", interrupted)
        app_layer.make(data, 2022, templates, out, ["quyet-dinh-ban-chi-dao"], issue=True, ngay=date(2022, 5, 9))
    [waiting] = out.rglob("*.dang-cap")
    waiting.unlink()  # lost before the next run could put it in place


LOST = "số 01/QĐ-THCSKB năm 2022 đang cấp dở và không còn tệp văn bản"


def test_the_registers_warnings_reach_the_result_the_terminal_and_the_page(vanthu, data, templates, tmp_path,
                                                                           monkeypatch):
    half_issued(data, templates, tmp_path / "out", monkeypatch)
    view = app_layer.School(data).register_rows(2022)
    assert [w[:len(LOST)] for w in view.warnings] == [LOST]
    listed = vanthu("so-van-ban", "xem", "--nam", "2022")
    assert [w[:len(LOST)] for w in warnings_of(listed.stderr)] == [LOST]
    # A job that opens the register says it with its result, once, on its first document.
    made = app_layer.make(data, 2022, templates, tmp_path / "out", ["ke-hoach-binh-dang-gioi", "to-trinh-kinh-phi"],
                          issue=True, ngay=date(2022, 5, 10))
    assert [w[:len(LOST)] for w in made[0].warnings] == [LOST] and made[1].warnings == []
    # Trộn thư, numbered: the same.
    merged = vanthu("tron", "templates/bao-cao-lop.docx", "data/2022/bao-cao-lop.xlsx", "--ten", "lop-{lop}",
                    "--ngay", "2022-12-16", "--cap-so")
    assert merged.exit_code == 0, merged.output
    assert [w[:len(LOST)] for w in warnings_of(merged.stderr)] == [LOST]
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app, client = client_for(data)
    for _ in range(2):
        assert f"Cảnh báo: {LOST}" in text_of(client.get("/so-van-ban"))


# In a real Chromium: the pages that show warnings stay accessible and speak only the clerk's words.

@pytest.mark.slow
def test_pages_with_warnings_are_accessible_and_speak_only_vietnamese(documents, tmp_path, monkeypatch):
    browser = pytest.importorskip("browser")
    if not (browser.CHROMIUM and browser.DRIVER):
        pytest.skip("cần chromium và chromium-driver (apt)")
    pytest.importorskip("axe_selenium_python")
    from selenium.webdriver.support.ui import WebDriverWait

    from pipeline.web import create_app
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(preview, "can_preview", lambda: False)
    app = create_app(documents, default_folder=documents)
    with browser.serving(app) as base, browser.chromium(tmp_path) as driver:
        driver.get(f"{base}/?token={state(app).token}")
        driver.get(f"{base}/van-ban/2022/bang-hep")
        browser.navigates(driver, driver.find_element("css selector", "button[value='xem_truoc']"))  # Lưu và xem trước
        job_page = driver.current_url.removeprefix(base)
        assert job_page.startswith("/viec/")
        WebDriverWait(driver, 60).until(lambda d: "Xong." in d.find_element("tag name", "body").text)
        problems = {}
        for path in ("/van-ban/2022/bang-hep", "/van-ban/2022/bo-tong", "/van-ban/2022/bo-tong/cap-so?ngay=2022-05-09",
                     job_page):
            driver.get(base + path)
            body = driver.find_element("tag name", "body").text
            assert "Cảnh báo: " in body, path
            found = browser.axe_violations(driver) + browser.terminal_or_english(body)
            if found:
                problems[path] = found
        assert not problems, "\n".join(f"{p}: {v}" for p, v in problems.items())
