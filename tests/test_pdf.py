"""PDF for printing: LibreOffice kept running per batch, text checked with pdftotext."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline import pdf
from pipeline.errors import OutputError

needs_libreoffice = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="chưa cài LibreOffice và poppler-utils (apt-get install libreoffice-writer-nogui fonts-liberation2 "
           "poppler-utils): bỏ qua các kiểm thử xuất PDF")


def pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def no_converter_left() -> bool:
    return subprocess.run(["pgrep", "-f", "vanthu-pdf-"], capture_output=True).returncode == 1


@needs_libreoffice
def test_plan_pdf_prints_header_lines_whole_and_numbers_from_page_two(vanthu, tmp_path):
    result = vanthu("ke-hoach", "--pdf")
    assert result.exit_code == 0, result.output
    assert "Đã xuất 1 tệp PDF, ví dụ out/2022/ke-hoach-2022-du-thao.pdf" in result.output
    printed = pages(tmp_path / "out" / "2022" / "ke-hoach-2022-du-thao.pdf")
    assert len(printed) == 3
    first = printed[0].splitlines()
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in first)  # one line, not wrapped
    assert any("Quận 8, ngày 09 tháng 5 năm 2022" in line for line in first)
    assert any("Độc lập - Tự do - Hạnh phúc" in line for line in first)
    assert "Triển khai thực hiện công tác Bình đẳng giới và Trẻ em năm 2022" in printed[0]
    numbers = [[line.strip() for line in page.splitlines() if line.strip().isdigit()] for page in printed]
    assert numbers[0] == [] and numbers[1] == ["2"] and numbers[2] == ["3"]
    assert no_converter_left()


@needs_libreoffice
def test_batch_pdf_with_one_print_file(vanthu, tmp_path):
    result = vanthu("phan-cong", "--pdf")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "2022" / "phan-cong"
    assert len(list(folder.glob("TB-*.pdf"))) == 4
    combined = folder / "tat-ca-thong-bao.pdf"
    assert "Bản PDF gộp để in: out/2022/phan-cong/tat-ca-thong-bao.pdf" in result.output
    assert len(PdfReader(combined).pages) == 4
    names = [next(l for l in page.splitlines() if "Phân công Ông" in l or "Phân công Bà" in l) for page in pages(combined)]
    assert ["Trần Văn Bình" in names[0], "Phạm Minh Đức" in names[1], "Lê Thị Hoa" in names[2],
            "Nguyễn Thị Lộc" in names[3]] == [True] * 4


@needs_libreoffice
@pytest.mark.not_ooxml("hong.docx")
def test_a_broken_document_is_named_and_the_others_convert(vanthu, tmp_path):
    assert vanthu("ke-hoach").exit_code == 0
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really a document")
    result = vanthu("pdf", "out/2022/ke-hoach-2022-du-thao.docx", "hong.docx")
    assert result.exit_code == 1
    assert "Lỗi: LibreOffice không chuyển được hong.docx sang PDF" in result.stderr
    assert (tmp_path / "out/2022/ke-hoach-2022-du-thao.pdf").is_file()
    assert not (tmp_path / "hong.pdf").exists()
    assert no_converter_left()


@needs_libreoffice
def test_a_stuck_converter_is_stopped_with_its_helpers(vanthu, tmp_path):
    assert vanthu("ke-hoach").exit_code == 0
    with pytest.raises(OutputError, match="LibreOffice không trả lời"):
        pdf.convert([tmp_path / "out/2022/ke-hoach-2022-du-thao.docx"], timeout_per_doc=0, timeout_base=0.3)
    assert no_converter_left()


def _path_with(tmp_path: Path, **programs: str) -> str:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, script in programs.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{script}\n")
        (bin_dir / name).chmod(0o755)
    return str(bin_dir)


def test_missing_libreoffice_fails_at_once(vanthu, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", _path_with(tmp_path))
    result = vanthu("ke-hoach", "--pdf")
    assert result.exit_code == 1
    assert result.stderr == ("Lỗi: cần LibreOffice để xuất PDF nhưng máy chưa có; cài bằng: apt-get install "
                             "libreoffice-writer-nogui fonts-liberation2\n")
    assert not (tmp_path / "out").exists()


def test_missing_fonts_are_warned_about(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", _path_with(tmp_path, **{"fc-list": "echo 'DejaVu Sans'"}))
    (warning,) = pdf.font_warnings()
    assert "không có phông Times New Roman hay Liberation Serif" in warning and "fonts-liberation2" in warning
    monkeypatch.setenv("PATH", str(tmp_path / "bin") + os.pathsep + "/nonexistent")
    (tmp_path / "bin" / "fc-list").write_text("#!/bin/sh\necho 'Liberation Serif'\n")
    assert pdf.font_warnings() == []


@needs_libreoffice
def test_ctrl_c_leaves_no_libreoffice_behind(vanthu, tmp_path, monkeypatch):
    assert vanthu("ke-hoach").exit_code == 0

    def interrupted(self, timeout):
        raise KeyboardInterrupt
    monkeypatch.setattr(pdf._Worker, "wait", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pdf.convert([tmp_path / "out/2022/ke-hoach-2022-du-thao.docx"])
    assert no_converter_left()
