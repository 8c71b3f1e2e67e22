"""Held-out Word files (tests/fixtures/held_out.py), typed the way clerks of other schools type them
and not used to shape the importer: each imports to the document a person wrote down by reading it
(tests/fixtures/held-out-expected/), and reaches the corpus's bar — every source line found exactly
once in what vanthu renders from the import, none twice, no failed import.
`bench/import_corpus.py held-out` prints the measure file by file."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from fidelity import import_and_render, measure
from fixtures.held_out import FILES
from pipeline.importers import convert, nhap
from pipeline.load import read_yaml

EXPECTED = Path(__file__).parent / "fixtures" / "held-out-expected"
ROOT = Path(__file__).resolve().parent.parent
# The fast run takes the files that try what the corpus does not: PHẦN I and «*» notes, merged
# table cells and a total row, «Xét …», pasted text, a Kính gửi without dashes, a giấy mời with
# nothing but its fields between its opening and closing; `make test` all.
FAST = {"ke-hoach-phan", "bao-cao-bang-gop", "quyet-dinh-danh-sach", "bao-cao-go-lon-xon", "ke-hoach-tron-o",
        "cong-van-vv-duoi-bang", "giay-moi-thu-tu-mau"}


def _source(tmp_path: Path, name: str) -> Path:
    make = dict(FILES)[name]
    return make().save(tmp_path / f"{name}.docx")


def _after_comments(text: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(lines[next(i for i, line in enumerate(lines) if not line.startswith("#")):])


def test_there_are_at_least_twelve_held_out_files_each_reviewed():
    assert len(FILES) >= 12
    assert all((EXPECTED / f"{name}.yaml").is_file() and (EXPECTED / f"{name}.don-vi.yaml").is_file()
               for name, _ in FILES)


@pytest.mark.parametrize("name", [n if n in FAST else pytest.param(n, marks=pytest.mark.slow) for n, _ in FILES])
def test_each_held_out_file_imports_as_reviewed_and_every_line_comes_back_once(name, tmp_path):
    source = _source(tmp_path, name)
    imported, rendered = import_and_render(source, tmp_path / "work", ROOT / "templates")
    assert _after_comments(imported.target.read_text(encoding="utf-8")) == \
        _after_comments((EXPECTED / f"{name}.yaml").read_text(encoding="utf-8"))
    school = (tmp_path / "work" / "data" / "don-vi.yaml").read_text(encoding="utf-8")
    assert _after_comments(school) == _after_comments((EXPECTED / f"{name}.don-vi.yaml").read_text(encoding="utf-8"))
    result = measure(source, rendered)
    assert result.missing == [] and result.repeated == [], (result.missing, result.repeated)
    assert result.share == 1.0 and result.lines >= 15


def test_a_table_with_merged_header_cells_and_a_total_row_comes_back_merged(tmp_path):
    source = _source(tmp_path, "bao-cao-bang-gop")
    imported, rendered = import_and_render(source, tmp_path / "work", ROOT / "templates")
    bang = read_yaml(imported.target)[0]["noi_dung"][0]["noi_dung"][0]["bang"]
    assert bang["cot"] == ["Khối", "Số học sinh", "Hoàn thành", "Hoàn thành"]  # the column under the merge named
    assert bang["hang"][0] == [None, None, "Số lượng", "Tỷ lệ"]
    assert (bang["tieu_de"], bang["gop"], bang["tong"]) == (2, [[1, 1, 2, 1], [1, 2, 2, 2], [1, 3, 1, 4]], True)
    table = next(t for t in docx.Document(str(rendered)).tables if t.cell(0, 0).text == "Khối")
    rows = table._tbl.findall(qn("w:tr"))
    first = rows[0].findall(qn("w:tc"))
    assert [tc.xpath("string(.)") for tc in first] == ["Khối", "Số học sinh", "Hoàn thành"]  # one cell over two columns
    assert first[2].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "2"
    second = rows[1].findall(qn("w:tc"))
    assert [tc.tcPr.find(qn("w:vMerge")) is not None for tc in second] == [True, True, False, False]
    assert [tc.xpath("string(.)") for tc in second] == ["", "", "Số lượng", "Tỷ lệ"]
    assert all(r.trPr is not None and r.trPr.find(qn("w:tblHeader")) is not None for r in rows[:2])
    assert rows[2].trPr is None or rows[2].trPr.find(qn("w:tblHeader")) is None
    header_run = table.cell(1, 2).paragraphs[0].runs[0]
    total_run = table.cell(4, 0).paragraphs[0].runs[0]
    body_run = table.cell(2, 0).paragraphs[0].runs[0]
    assert (header_run.bold, total_run.bold, bool(body_run.bold)) == (True, True, False)


def test_a_merge_outside_the_table_is_refused_clearly(tmp_path):
    from pipeline.models import Bang
    from pydantic import ValidationError
    with pytest.raises(ValidationError, match=r"ô gộp \[1, 3, 1, 5\] không nằm trong bảng"):
        Bang(cot=["A", "B", "C", "D"], hang=[["1", "2", "3", "4"]], gop=[[1, 3, 1, 5]])


def test_a_signed_copy_mark_and_notes_are_handled_in_their_role(tmp_path):
    (imported,) = nhap([_source(tmp_path, "to-trinh-kinh-phi")], tmp_path / "a")
    assert "«(Đã ký)» là dấu của bản đã ký, không chép vào dữ liệu" in imported.notes
    (plan,) = nhap([_source(tmp_path, "ke-hoach-tron-o")], tmp_path / "b")
    section = read_yaml(plan.target)[0]["noi_dung"][2]
    # A «*» note after a numbered list is a paragraph of the section, its asterisk as typed.
    assert section["noi_dung"][-1] == "* Ghi chú: danh sách học sinh được cập nhật sau mỗi đợt khảo sát."
    # A managing body typed over two lines: each line's capitals read as a name of its own.
    school = read_yaml(tmp_path / "b" / "don-vi.yaml")[0]
    assert school["co_quan_chu_quan"] == "UBND thành phố Thủ Đức Phòng Giáo dục và Đào tạo"


def test_a_giay_moi_keeps_its_fields_where_they_print_else_in_the_body(tmp_path):
    (in_order,) = nhap([_source(tmp_path, "giay-moi-thu-tu-mau")], tmp_path / "a")
    doc = read_yaml(in_order.target)[0]
    assert doc["mo_dau"] == "{{ don_vi.ten }} trân trọng kính mời:"
    assert [k for k in doc if k in ("thanh_phan", "thoi_gian", "dia_diem")] == ["thanh_phan", "thoi_gian", "dia_diem"]
    # Nothing else between opening and closing: the closing sentence is the body (it prints there).
    assert doc["noi_dung"] == ["Sự hiện diện của Quý vị là niềm vinh dự của nhà trường."] and "ket_luan" not in doc
    (other_order,) = nhap([_source(tmp_path, "giay-moi-ngay-trai")], tmp_path / "b")
    doc = read_yaml(other_order.target)[0]
    assert "thoi_gian" not in doc and [str(b).split(":")[0] for b in doc["noi_dung"][1:]] == \
        ["Thời gian", "Địa điểm", "Thành phần"]  # typed after the invitation, in another order: kept so


def test_addressees_without_dashes_and_quotes_in_guillemets(tmp_path):
    (imported,) = nhap([_source(tmp_path, "cong-van-vv-duoi-bang")], tmp_path / "a")
    doc = read_yaml(imported.target)[0]
    assert doc["kinh_gui"] == ["Phòng Giáo dục và Đào tạo quận Gò Vấp", "Nhà Thiếu nhi quận Gò Vấp"]
    assert imported.reviews == []  # «Em yêu trường em» is a quotation, not a word of a legacy font


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="cần LibreOffice")
@pytest.mark.parametrize("name", ["bao-cao-bang-gop", "quyet-dinh-kt", "ke-hoach-phan"])
def test_held_out_files_saved_as_word_97_import_the_same(name, tmp_path):
    source = _source(tmp_path, name)
    work = tmp_path / "to-doc"
    work.mkdir()
    doc = shutil.copy(convert.libreoffice(source, work, "doc:MS Word 97"), tmp_path / f"{name}.doc")
    imported, rendered = import_and_render(Path(doc), tmp_path / "work", ROOT / "templates")
    assert _after_comments(imported.target.read_text(encoding="utf-8")) == \
        _after_comments((EXPECTED / f"{name}.yaml").read_text(encoding="utf-8"))
    result = measure(source, rendered)
    assert result.missing == [] and result.repeated == [], (result.missing, result.repeated)
