"""Files: the print file never one of the outputs and never half a batch; `pdf` refuses what is not a
Word file by name; SIGTERM cleans up as Ctrl-C does."""

import csv
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.errors import OutputError

TEMPLATE = "templates/bao-cao-lop.docx"
SHEET = "data/2022/bao-cao-lop.xlsx"


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()} if folder.exists() else {}


def refused(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Lỗi: ") and "Traceback" not in result.output
    return result.stderr.removeprefix("Lỗi: ").rstrip("\n")


@pytest.mark.parametrize("gop, named", [
    ("out/tron/bao-cao-lop/du-thao/3.docx", "một văn bản của loạt (out/tron/bao-cao-lop/du-thao/3.docx)"),
    ("templates/bao-cao-lop.docx", "mẫu hoặc bảng dữ liệu (templates/bao-cao-lop.docx)"),
    ("data/2022/bao-cao-lop.xlsx", "mẫu hoặc bảng dữ liệu (data/2022/bao-cao-lop.xlsx)"),
])
def test_the_print_file_is_never_one_of_the_outputs(vanthu, tmp_path, gop, named):
    first = vanthu("tron", TEMPLATE, SHEET, "--ngay", "2022-12-16")
    assert first.exit_code == 0, first.output
    before = tree(tmp_path)
    message = refused(vanthu("tron", TEMPLATE, SHEET, "--ngay", "2022-12-16", "--gop", gop))
    assert message == f"tệp gộp để in {gop} trùng tên với {named}; chọn tên khác cho tệp gộp. Chưa ghi tệp nào"
    assert tree(tmp_path) == before


def test_an_issued_batch_print_file_never_takes_a_numbered_name(vanthu, tmp_path):
    message = refused(vanthu("tron", TEMPLATE, SHEET, "--ngay", "2022-12-16", "--cap-so",
                             "--gop", "out/tron/bao-cao-lop/BC-01-THCSKB"))
    assert message == ("tệp gộp để in out/tron/bao-cao-lop/BC-01-THCSKB-da-cap-so mang tên như một văn bản đã cấp số; "
                       "chọn tên khác cho tệp gộp. Chưa ghi tệp nào")
    assert not (tmp_path / "out").exists() and not list((tmp_path / "data").glob("*.sqlite"))


def test_a_print_file_that_cannot_be_written_leaves_the_drafts_as_they_were(vanthu, tmp_path, monkeypatch):
    first = vanthu("tron", TEMPLATE, SHEET, "--ngay", "2022-12-16", "--gop", "out/tat-ca.docx")
    assert first.exit_code == 0, first.output
    before = tree(tmp_path / "out")

    def full_disk(paths, out):
        raise OutputError(f"không ghi được tệp {out}: đĩa đã đầy (No space left on device)")
    monkeypatch.setattr("pipeline.combine.combine", full_disk)
    message = refused(vanthu("tron", TEMPLATE, SHEET, "--ngay", "2022-12-17", "--gop", "out/tat-ca.docx"))
    assert message.startswith("không ghi được tệp ") and "đĩa đã đầy" in message
    assert tree(tmp_path / "out") == before  # the drafts of the 16th, not half a batch of the 17th
    assert not [p for p in (tmp_path / "out").rglob(".*")]


@pytest.mark.parametrize("content, message", [
    (b"", "tệp rỗng (0 byte), không phải văn bản Word"),
    (os.urandom(4096), "không phải văn bản Word .docx (nội dung không phải tệp Word; tệp hỏng hoặc tệp khác được đổi đuôi)"),
    (Path(SHEET), "không phải văn bản Word: tệp nén này không có văn bản Word (có thể là tệp Excel, PowerPoint hoặc "
                  "tệp nén khác)"),
])
@pytest.mark.not_ooxml("vao/*.docx")
def test_pdf_refuses_what_is_not_a_word_file_by_name(vanthu, tmp_path, content, message, monkeypatch):
    monkeypatch.setattr("pipeline.pdf.soffice", lambda: "/bin/false")  # refused before LibreOffice is needed
    folder = tmp_path / "vao"
    folder.mkdir()
    bad = folder / "gia.docx"
    bad.write_bytes(content if isinstance(content, bytes) else (tmp_path / content).read_bytes())
    good = folder / "that.docx"
    good.write_bytes((tmp_path / TEMPLATE).read_bytes())
    before = tree(tmp_path)
    assert refused(vanthu("pdf", str(folder))) == f"{bad}: {message}"
    assert tree(tmp_path) == before and not list(folder.glob("*.pdf"))


def test_sigterm_removes_the_temporaries_as_ctrl_c_does(tmp_path, data, templates):
    with open(tmp_path / "lon.csv", "w", encoding="utf-8", newline="") as f:
        from openpyxl import load_workbook
        sheet = load_workbook(data / "2022" / "bao-cao-lop.xlsx").active
        values = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
        writer = csv.writer(f)
        writer.writerow(values[0])
        for i in range(3000):
            row = list(values[1 + i % 5])
            row[0] = f"{row[0]}-{i}"
            row[7] = row[7].strftime("%d/%m/%Y")
            writer.writerow(row)
    child = subprocess.Popen([sys.executable, "-c", "from pipeline.cli import main; main()", "tron", str(templates / "bao-cao-lop.docx"),
                              "lon.csv", "--ngay", "2022-12-16", "--ten", "{lop}"], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    staged = []
    while time.monotonic() < deadline and not staged and child.poll() is None:
        staged = [p for p in (tmp_path / "out" / "tron").rglob(".*") if p.is_dir() and len(list(p.iterdir())) > 20] \
            if (tmp_path / "out" / "tron").exists() else []
        time.sleep(0.05)
    assert staged, "the batch finished before it could be stopped"
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert err.rstrip("\n").endswith("Đã dừng.") and "Traceback" not in err
    assert not [p for p in tmp_path.rglob(".*") if "out" in p.relative_to(tmp_path).parts]
    assert not [p for p in (tmp_path / "out").rglob("*.docx")] if (tmp_path / "out").exists() else True


@pytest.mark.slow  # a sheet of 100,000 rows is written first
def test_a_large_sheet_is_streamed_for_its_columns_and_a_preview(vanthu, tmp_path, monkeypatch):
    """100,000 rows: the column list and a one-row preview read the first rows only (read-only mode)."""
    from openpyxl import Workbook, load_workbook
    import openpyxl.reader.excel as excel
    rows = list(load_workbook(tmp_path / SHEET).active.iter_rows(values_only=True))
    book = Workbook()
    sheet = book.active
    sheet.append(rows[0])
    for i in range(100_000):
        row = list(rows[1 + i % 5])
        row[0] = f"{row[0]}-{i}"
        sheet.append(row)
    book.save(tmp_path / "lon.xlsx")
    opened = []
    real = excel.load_workbook

    def spy(*args, **kwargs):
        opened.append(kwargs.get("read_only", False))
        return real(*args, **kwargs)
    monkeypatch.setattr("openpyxl.load_workbook", spy)
    listed = vanthu("mau-moi", "lon.xlsx")
    assert listed.exit_code == 0, listed.output
    assert "{{ lop }}" in listed.output and "6A1-0" in listed.output
    assert opened and all(opened)
    opened.clear()
    preview = vanthu("tron", TEMPLATE, "lon.xlsx", "--xem-truoc", "3", "--ngay", "2022-12-16", "--ten", "{lop}")
    assert preview.exit_code == 0, preview.output
    assert opened and all(opened)
    assert preview.output.strip() == "Bản xem trước của hàng 3: out/tron/bao-cao-lop/du-thao/6a2-1.docx"
