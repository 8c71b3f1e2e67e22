"""`vanthu nhap` and the files clerks have: Word 97–2003 through LibreOffice, and files that are not
a readable Word document — one clear message, nothing written."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import SEED
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook

from fixtures.clerk import Clerk, decision, seed_plan
from pipeline.errors import DataError, VanthuError
from pipeline.importers import convert, nhap
from pipeline.steps import Do

needs_libreoffice = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                                       reason="LibreOffice chưa được cài (apt-get install libreoffice-writer-nogui)")


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def without_comment(text: str) -> str:
    """A written document without its first comment line (which names the source file)."""
    return text.split("\n", 1)[1]


@pytest.mark.slow  # LibreOffice, four times
@needs_libreoffice
def test_word_97_2003_files_import_like_the_docx_they_were_saved_from(tmp_path):
    for name, clerk in (("ke-hoach", seed_plan(SEED)), ("quyet-dinh", decision())):
        docx = clerk.save(tmp_path / f"{name}.docx")
        work = tmp_path / f"to-doc-{name}"
        work.mkdir()
        doc = shutil.copy(convert.libreoffice(docx, work, "doc:MS Word 97"), tmp_path / f"{name}.doc")
        assert Path(doc).read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # an OLE2 file, as Word 97–2003 writes
        (from_doc,) = nhap([Path(doc)], tmp_path / "tu-doc")
        (from_docx,) = nhap([docx], tmp_path / "tu-docx")
        assert without_comment(from_doc.target.read_text(encoding="utf-8")) == \
            without_comment(from_docx.target.read_text(encoding="utf-8"))
        assert from_doc.summary()[1] == from_docx.summary()[1]


def test_without_libreoffice_a_doc_gets_a_clear_message(tmp_path, monkeypatch):
    source = tmp_path / "ke-hoach.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(VanthuError) as error:
        nhap([source], tmp_path / "data")
    assert str(error.value).startswith(f"cần LibreOffice để đọc {source} (Word 97–2003 hay định dạng cũ khác) nhưng "
                                       "máy chưa có; cài bằng: apt-get install libreoffice-writer-nogui")
    assert not (tmp_path / "data").exists()


def _encrypted(path: Path) -> Path:
    plain = decision().save(path.with_suffix(".plain.docx"))
    out = io.BytesIO()
    with open(plain, "rb") as f:
        OOXMLFile(f).encrypt("matkhau", out)
    path.write_bytes(out.getvalue())
    return path


def _spreadsheet(path: Path) -> Path:
    book = Workbook()
    book.active["A1"] = "Họ và tên"
    book.save(path)
    return path


def _image_only(path: Path) -> Path:
    clerk = Clerk()
    clerk.picture()
    return clerk.save(path)


def _corrupt(path: Path) -> Path:
    good = decision().save(path.with_suffix(".good.docx")).read_bytes()
    path.write_bytes(good[: len(good) // 2])
    return path


def _text(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


BAD = {
    "empty": (lambda p: _text(p, b""), "tệp rỗng (0 byte); không có gì để nhập"),
    "plain text named .docx": (lambda p: _text(p, "Kế hoạch năm 2022".encode()),
                               "không phải tệp Word (.docx hoặc .doc)"),
    "pdf": (lambda p: _text(p, b"%PDF-1.7\n%\xe2\xe3"),
            "đây là tệp PDF; vanthu chỉ nhập tệp Word (.docx hoặc .doc). Hãy dùng bản Word gốc"),
    "spreadsheet": (_spreadsheet, "không phải tệp Word: tệp nén này không có văn bản Word (có thể là tệp Excel, "
                                  "PowerPoint hoặc tệp nén khác)"),
    "cut in half": (_corrupt, "tệp .docx bị hỏng (không mở được như một tệp Word); hãy mở bằng Word rồi lưu lại"),
    "encrypted": (_encrypted, "tệp Word có mật khẩu; hãy mở bằng Word, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ tài "
                              "liệu) rồi lưu lại và nhập lại"),
    "image-only scan": (_image_only, "văn bản chỉ có hình ảnh, không có chữ (bản chụp hoặc bản quét?); vanthu không "
                                     "đọc chữ trong ảnh. Hãy dùng bản Word gốc, hoặc nhận dạng chữ (OCR) trước"),
    "no text": (lambda p: Clerk().save(p), "văn bản không có chữ nào; không có gì để nhập"),
}


@pytest.mark.parametrize("case", sorted(BAD))
@pytest.mark.not_ooxml("*.docx")  # the bad files are the input
def test_a_file_that_is_not_a_readable_word_document_gets_one_message_and_writes_nothing(tmp_path, data, case):
    make, message = BAD[case]
    source = make(tmp_path / "van-ban.docx")
    before = files_under(data)
    with pytest.raises(DataError) as error:
        nhap([source], data)
    assert str(error.value) == f"{source}: {message}"
    assert files_under(data) == before


@pytest.mark.not_ooxml("ke-hoach.docx")
def test_the_command_reports_a_bad_file_in_vietnamese_without_a_traceback(vanthu, tmp_path):
    (tmp_path / "ke-hoach.docx").write_text("không phải Word", encoding="utf-8")
    result = vanthu("nhap", "ke-hoach.docx")
    assert result.exit_code == 1
    assert result.stderr == "Lỗi: ke-hoach.docx: không phải tệp Word (.docx hoặc .doc)\n"
    assert "Traceback" not in result.output


@pytest.mark.not_ooxml("hong.docx")
def test_one_bad_file_in_a_batch_writes_none_of_them(tmp_path, data):
    good = decision().save(tmp_path / "quyet-dinh.docx")
    bad = _text(tmp_path / "hong.docx", b"")
    before = files_under(data)
    with pytest.raises(DataError):
        nhap([good, bad], data)
    assert files_under(data) == before


def test_an_existing_document_is_kept_unless_ghi_de(tmp_path, data):
    source = decision().save(tmp_path / "quyet-dinh.docx")
    target = data / "2022" / "van-ban" / "quyet-dinh.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("# sửa tay\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        nhap([source], data)
    assert str(error.value) == f"{source}: đã có {target}; ghi đè, hoặc đặt tên khác"
    assert [step.kind for step in error.value.steps] == [Do.OVERWRITE, Do.CHOOSE_NAME]
    assert target.read_text(encoding="utf-8") == "# sửa tay\n"
    nhap([source], data, ghi_de=True)
    assert "loai: QĐ" in target.read_text(encoding="utf-8")


def test_two_files_of_one_name_are_refused(tmp_path, data):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    sources = [decision().save(a / "quyet-dinh.docx"), decision().save(b / "quyet-dinh.docx")]
    with pytest.raises(DataError) as error:
        nhap(sources, data)
    assert "hai tệp cùng được nhập vào" in str(error.value)
    assert not (data / "2022" / "van-ban" / "quyet-dinh.yaml").exists()


def test_a_document_without_a_date_needs_the_year(tmp_path):
    clerk = Clerk()
    clerk.title("KẾ HOẠCH", "Tổ chức hội thi")
    clerk.line("Nhà trường tổ chức hội thi.")
    source = clerk.save(tmp_path / "ke-hoach.docx")
    with pytest.raises(DataError) as error:
        nhap([source], tmp_path / "data")
    assert str(error.value) == (f"{source}: không đọc được năm của văn bản (không thấy dòng «…, ngày … tháng … năm …»); "
                                "chọn năm của văn bản")
    assert [step.kind for step in error.value.steps] == [Do.CHOOSE_YEAR]
    (result,) = nhap([source], tmp_path / "data", nam=2022)
    assert result.reviews[0].field == "ngay"
    assert any(note.startswith("không thấy phần đầu văn bản") for note in result.notes)


@pytest.mark.parametrize("ten", ["Kế hoạch", "ke hoach", "-ke-hoach", "ke_hoach"])
def test_a_name_that_cannot_be_a_file_name_is_refused(tmp_path, ten):
    source = decision().save(tmp_path / "quyet-dinh.docx")
    with pytest.raises(DataError) as error:
        nhap([source], tmp_path / "data", ten=ten)
    assert f"tên «{ten}» không dùng được: cần chữ thường không dấu, số và `-`" in str(error.value)
    assert not (tmp_path / "data").exists()


def test_a_failure_while_writing_leaves_the_data_as_it_was(tmp_path, data, monkeypatch):
    """Disk full at the second file: the first one written is taken back, no temporary file stays."""
    import os

    calls = []
    real = os.replace

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(src, dst)
    monkeypatch.setattr("pipeline.importers.os.replace", failing)
    before = files_under(data)
    with pytest.raises(VanthuError) as error:
        nhap([decision().save(tmp_path / "quyet-dinh.docx"), seed_plan(SEED).save(tmp_path / "ke-hoach.docx")], data)
    assert "không ghi được" in str(error.value)
    assert files_under(data) == before
