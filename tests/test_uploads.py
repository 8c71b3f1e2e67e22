"""Every form of the page that takes a file or a name, sent a path instead of a name: refused beside
its field before any byte is written; the issued document and the register untouched."""

import hashlib
import re
import sqlite3
import time
from html import unescape
from pathlib import Path

import pytest

from pipeline.web import create_app, state

TOKEN = "test-token"
REGISTER = "so-van-ban-di.sqlite"
TRAVERSALS = ["../../2022/KH-01-THCSKB", "../KH-01-THCSKB", "/tmp/vanthu-tuyet-doi", "..\\..\\2022\\KH-01-THCSKB",
              "2022/KH-01-THCSKB", "C:\\Windows\\x", "ke-hoach.docx", "."]


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def issued(vanthu, data, tmp_path):
    """A plan issued into the page's output folder (data/out), as the page issues it."""
    result = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09", "--ra", str(data / "out"))
    assert result.exit_code == 0, result.output
    return data / "out" / "2022" / "KH-01-THCSKB.docx"


@pytest.fixture
def word(vanthu, tmp_path) -> Path:
    """A real Word file of last year to import."""
    result = vanthu("soan", "quyet-dinh-ban-chi-dao", "--ra", str(tmp_path / "ra"))
    assert result.exit_code == 0, result.output
    return tmp_path / "ra" / "2022" / "du-thao" / "quyet-dinh-ban-chi-dao.docx"


def snapshot(data: Path) -> dict[str, str]:
    """Every file under the data folder (and beside it) by its hash, and the register's rows."""
    root = data.parent
    files = {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in root.rglob("*") if p.is_file() and not {"config", "inputs"} & set(p.relative_to(root).parts)}
    with sqlite3.connect(data / REGISTER) as db:
        files["rows"] = repr(db.execute("SELECT * FROM van_ban ORDER BY rowid").fetchall())
    return files


def client_for(data):
    app = create_app(data, token=TOKEN, default_folder=data)
    client = app.test_client()
    assert client.get(f"/?token={TOKEN}").status_code == 302
    return app, client


def wait_for(client, location: str) -> dict:
    for _ in range(600):
        job = client.get(location + ".json").get_json()
        if job["trang_thai"] != "dang-chay":
            return job
        time.sleep(0.1)
    raise AssertionError("the job did not finish")


def field_error(response, name: str) -> str:
    m = re.search(rf'id="{re.escape(name)}-loi"[^>]*>(.*?)</small>', response.get_data(as_text=True), re.S)
    return unescape(m.group(1)) if m else ""


@pytest.mark.not_ooxml("data/out/nhap/*/*.docx")
@pytest.mark.parametrize("ten", TRAVERSALS)
def test_nhap_refuses_a_path_as_name_before_writing(data, issued, word, ten):
    before = snapshot(data)
    app, client = client_for(data)
    sent = client.post("/van-ban/nhap", data={"csrf": state(app).csrf, "nam": "2022", "ten": ten,
                                              "tep": (open(word, "rb"), "KH-01-THCSKB.docx")},
                       content_type="multipart/form-data")
    assert sent.status_code == 400
    message = field_error(sent, "ten-nhap")
    assert message.startswith(f"tên «{ten}» không dùng được: cần chữ thường không dấu, số và dấu `-`")
    assert "Traceback" not in sent.get_data(as_text=True)
    assert snapshot(data) == before  # the issued file, the register, every data file: as they were
    assert not list((data / "out").glob("nhap/*"))


@pytest.mark.not_ooxml("data/out/nhap/*/*.docx")
@pytest.mark.parametrize("filename", ["../../2022/KH-01-THCSKB.docx", "/tmp/KH-01-THCSKB.docx",
                                      "..\\..\\2022\\KH-01-THCSKB.docx"])
def test_nhap_uses_only_the_suffix_of_the_sent_name(data, issued, word, filename):
    before = snapshot(data)
    app, client = client_for(data)
    sent = client.post("/van-ban/nhap", data={"csrf": state(app).csrf, "nam": "2022",
                                              "tep": (open(word, "rb"), filename)},
                       content_type="multipart/form-data")
    assert sent.status_code == 302, sent.get_data(as_text=True)
    # the name's last part, as a slug (the test client's multipart drops a backslash's escapes)
    assert re.fullmatch(r"/van-ban/2022/(2022)?kh-01-thcskb", sent.headers["Location"])
    stem = sent.headers["Location"].rsplit("/", 1)[1]
    after = snapshot(data)
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    (saved,) = (data / "out" / "nhap").glob("*/*.docx")
    assert saved.name == f"{stem}.docx" and saved.read_bytes() == word.read_bytes()
    assert changed == {f"data/2022/van-ban/{stem}.yaml", str(saved.relative_to(data.parent))}


def test_nhap_refuses_a_file_that_is_not_word_beside_its_field(data, issued, tmp_path):
    before = snapshot(data)
    app, client = client_for(data)
    text = tmp_path / "inputs" / "ghi-chu.txt"
    text.parent.mkdir()
    text.write_text("không phải Word", encoding="utf-8")
    sent = client.post("/van-ban/nhap", data={"csrf": state(app).csrf, "tep": (open(text, "rb"), "../../ghi-chu.txt")},
                       content_type="multipart/form-data")
    assert sent.status_code == 400
    assert field_error(sent, "tep") == "tệp «../../ghi-chu.txt» không phải tệp Word (.docx hoặc .doc)"
    nothing = client.post("/van-ban/nhap", data={"csrf": state(app).csrf}, content_type="multipart/form-data")
    assert nothing.status_code == 400 and field_error(nothing, "tep") == "chưa chọn tệp"
    assert snapshot(data) == before


@pytest.mark.not_ooxml("inputs/gia.docx")  # a fake Word file, on purpose
def test_nhap_keeps_nothing_of_a_file_it_cannot_import(data, issued, tmp_path):
    before = snapshot(data)
    app, client = client_for(data)
    fake = tmp_path / "inputs" / "gia.docx"
    fake.parent.mkdir()
    fake.write_bytes(b"PK\x03\x04 not really")
    sent = client.post("/van-ban/nhap", data={"csrf": state(app).csrf, "tep": (open(fake, "rb"), "gia.docx")},
                       content_type="multipart/form-data")
    assert sent.status_code == 400 and "Traceback" not in sent.get_data(as_text=True)
    assert snapshot(data) == before
    assert not list((data / "out").glob("nhap/*"))


@pytest.mark.parametrize("ten", TRAVERSALS)
def test_a_new_document_refuses_a_path_as_name_beside_its_field(data, issued, ten):
    before = snapshot(data)
    app, client = client_for(data)
    sent = client.post("/van-ban/moi", data={"csrf": state(app).csrf, "nam": "2022", "loai": "KH", "ten": ten})
    assert sent.status_code == 400
    assert field_error(sent, "ten").startswith(f"tên tệp «{ten}» cần viết thường, không dấu, nối bằng `-`")
    assert snapshot(data) == before


@pytest.mark.parametrize("ten", ["../../2022/KH-01-THCSKB-{stt}", "/tmp/{lop}", "..\\{stt}"])
def test_mail_merge_names_never_leave_its_folder(data, issued, ten):
    before = snapshot(data)
    app, client = client_for(data)
    template = Path(__file__).parent.parent / "templates" / "bao-cao-lop.docx"
    sheet = data / "2022" / "bao-cao-lop.xlsx"
    sent = client.post("/tron", data={"csrf": state(app).csrf, "ten": ten, "ngay": "2022-12-16",
                                      "mau": (open(template, "rb"), "../../2022/KH-01-THCSKB.docx"),
                                      "bang": (open(sheet, "rb"), "/tmp/bang.xlsx")},
                       content_type="multipart/form-data")
    assert sent.status_code == 302
    (job,) = (data / "out" / "tron").iterdir()
    assert sorted(p.name for p in job.iterdir()) == ["bang.xlsx", "mau.docx", "viec.json"]
    merged = client.post(f"/tron/{job.name}/chay", data={"csrf": state(app).csrf})
    assert merged.status_code == 302
    assert wait_for(client, merged.headers["Location"])["trang_thai"] == "xong"
    names = sorted(p.name for p in (job / "van-ban" / "du-thao").iterdir())  # drafts, apart from issued ones
    assert len(names) == 5 and all(re.fullmatch(r"[a-z0-9-]+\.docx", n) for n in names), names
    after = snapshot(data)
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert all(k.startswith(f"data/out/tron/{job.name}/") for k in changed), changed
