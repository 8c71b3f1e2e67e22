"""Packages that would exhaust the machine (zip bombs, endless XML) refused by every path that opens a
Word file, a template or a sheet: one Vietnamese message, exit 1, nothing written, quickly."""

import hashlib
import sqlite3
from pathlib import Path

import pytest

import bombs
from bombs import MB

TAIL = "; tệp có thể bị hỏng hoặc được tạo ra để làm treo máy. Nếu là tệp của bạn, hãy mở bằng {app} rồi lưu lại thành tệp mới"
DOC = "word/document.xml"

# Each hostile package, and the words of its refusal.
WORD_BOMBS = {
    "too-big": (lambda p: bombs.package(p, bombs.TEMPLATE, DOC, bombs.padded(200 * MB)),
                f"thành phần «{DOC}» giải nén ra hơn 128 MB (giới hạn cho một thành phần)"),
    "lying": (lambda p: bombs.lying(bombs.package(p, bombs.TEMPLATE, DOC, bombs.padded(150 * MB)), DOC, 5000),
              f"thành phần «{DOC}» giải nén ra nhiều hơn tệp khai báo"),
    "ratio": (lambda p: bombs.package(p, bombs.TEMPLATE, DOC, bombs.padded(40 * MB)),
              f"thành phần «{DOC}» nén quá chặt: giải nén lớn gấp hơn 100 lần (dấu hiệu của «bom nén»)"),
    "entries": (lambda p: bombs.package(p, bombs.TEMPLATE, DOC, lambda xml: [xml], extra=3100),
                "tệp nén có 3114 thành phần, quá nhiều cho một tệp Word (tối đa 3000)"),
    "deep": (lambda p: bombs.package(p, bombs.TEMPLATE, DOC, bombs.nested(5000)),
             f"phần «{DOC}» lồng nhau quá 200 tầng"),
    "long-text": (lambda p: bombs.package(p, bombs.TEMPLATE, DOC, bombs.padded(5 * MB, text=True)),
                  f"phần «{DOC}» có một đoạn chữ dài hơn 4 MB"),
    "malformed": (lambda p: bombs.package(p, bombs.TEMPLATE, DOC, bombs.broken),
                  f"phần «{DOC}» không phải XML hợp lệ, dòng 2 (tệp bị hỏng hoặc bị sửa bằng tay)"),
}


def register_rows(data: Path) -> list:
    path = data / "so-van-ban-di.sqlite"
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        return db.execute("SELECT * FROM van_ban ORDER BY rowid").fetchall()


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {kind: make(folder / f"{kind}.docx") for kind, (make, _) in WORD_BOMBS.items()}


def refused(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Lỗi: ") and "Traceback" not in result.output
    return result.stderr.removeprefix("Lỗi: ").rstrip("\n")


@pytest.mark.not_ooxml("bombs*/*.docx")
@pytest.mark.parametrize("kind", list(WORD_BOMBS))
def test_nhap_refuses_a_hostile_word_file(vanthu, data, hostile, kind):
    before = tree(data)
    message = refused(vanthu("nhap", str(hostile[kind]), "--ten", "bom"))
    assert message == f"{hostile[kind]}: {WORD_BOMBS[kind][1]}{TAIL.format(app='Word')}"
    assert tree(data) == before


@pytest.mark.not_ooxml("bombs*/*.docx")
@pytest.mark.parametrize("kind", ["too-big", "lying", "deep", "malformed"])
def test_cap_so_refuses_a_hostile_word_file(vanthu, tmp_path, data, hostile, kind):
    issued = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09")
    assert issued.exit_code == 0, issued.output
    before, rows = tree(tmp_path / "out"), register_rows(data)
    message = refused(vanthu("cap-so", str(hostile[kind]), "--ngay", "2022-06-01", "--ra", str(tmp_path / "out")))
    assert message == f"{hostile[kind]}: {WORD_BOMBS[kind][1]}{TAIL.format(app='Word')}"
    assert tree(tmp_path / "out") == before and register_rows(data) == rows


@pytest.mark.not_ooxml("bombs*/*.docx")
@pytest.mark.parametrize("kind", ["too-big", "lying", "malformed"])
def test_tron_refuses_a_hostile_template(vanthu, tmp_path, data, hostile, kind):
    message = refused(vanthu("tron", str(hostile[kind]), str(data / "2022" / "bao-cao-lop.xlsx"), "--ngay", "2022-12-16"))
    assert message == f"mẫu {hostile[kind]}: {WORD_BOMBS[kind][1]}{TAIL.format(app='Word')}"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind, make, expected", [
    ("too-big", lambda p: bombs.package(p, bombs.SHEET, "xl/worksheets/sheet1.xml", bombs.padded(200 * MB)),
     "thành phần «xl/worksheets/sheet1.xml» giải nén ra hơn 128 MB (giới hạn cho một thành phần)"),
    ("lying", lambda p: bombs.lying(bombs.package(p, bombs.SHEET, "xl/worksheets/sheet1.xml", bombs.padded(150 * MB)),
                                    "xl/worksheets/sheet1.xml", 9000),
     "thành phần «xl/worksheets/sheet1.xml» giải nén ra nhiều hơn tệp khai báo"),
])
def test_tron_and_mau_moi_refuse_a_hostile_sheet(vanthu, tmp_path, data, kind, make, expected):
    sheet = make(tmp_path / f"{kind}.xlsx")
    for command in (("tron", str(bombs.TEMPLATE), str(sheet), "--ngay", "2022-12-16"), ("mau-moi", str(sheet))):
        message = refused(vanthu(*command))
        assert message == f"{sheet}: {expected}{TAIL.format(app='Excel')}"
    assert not (tmp_path / "out").exists()


@pytest.mark.not_ooxml("bombs*/*.docx", "data/out/tron/*/mau.docx")
def test_the_page_refuses_a_hostile_upload(data, hostile, tmp_path, monkeypatch):
    from pipeline.web import create_app, state
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = create_app(data, token="t", default_folder=data)
    client = app.test_client()
    client.get("/?token=t")
    before = tree(data)
    sent = client.post("/van-ban/nhap", data={"csrf": state(app).csrf, "nam": "2022",
                                              "tep": (open(hostile["lying"], "rb"), "bom.docx")},
                       content_type="multipart/form-data")
    assert sent.status_code == 400
    assert WORD_BOMBS["lying"][1] in sent.get_data(as_text=True)
    assert tree(data) == before
    uploaded = client.post("/tron", data={"csrf": state(app).csrf, "mau": (open(hostile["deep"], "rb"), "mau.docx"),
                                          "bang": (open(bombs.SHEET, "rb"), "bang.xlsx")},
                           content_type="multipart/form-data")
    assert uploaded.status_code == 400 and WORD_BOMBS["deep"][1] in uploaded.get_data(as_text=True)  # at once
    assert tree(data) == before  # and not kept


def test_ordinary_packages_pass_the_guard(tmp_path):
    from pipeline import zipguard
    from pipeline.errors import DataError
    for path in [*sorted((bombs.ROOT / "templates").glob("*.docx")), bombs.SHEET]:
        zipguard.check(path, lambda m: DataError(m, path), "xlsx" if path.suffix == ".xlsx" else "docx")
