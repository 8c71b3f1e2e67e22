"""30 Word files typed as clerks type them (tests/fixtures/corpus.py): each imports to the document a
person wrote down by reading the source (tests/fixtures/corpus-expected/, one per kind of document,
whatever way it was typed), and every line of the source is found exactly once in what vanthu renders
from the import. `bench/import_corpus.py` prints the measure file by file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fidelity import import_and_render, measure
from fixtures.corpus import AS_DOC, corpus, make
from pipeline.importers import convert, nhap
from pipeline.load import read_yaml

EXPECTED = Path(__file__).parent / "fixtures" / "corpus-expected"
CORPUS = corpus()
ROOT = Path(__file__).resolve().parent.parent


def _source(tmp_path: Path, name: str) -> Path:
    spec, way = next((s, w) for n, s, w in CORPUS if n == name)
    return make(spec, way).save(tmp_path / f"{name}.docx")


def _after_comments(text: str) -> str:
    """A written file without its opening comment (it names the source file)."""
    lines = text.splitlines(keepends=True)
    return "".join(lines[next(i for i, line in enumerate(lines) if not line.startswith("#")):])


def _assert_as_reviewed(imported, data: Path, spec_name: str) -> None:
    expected = (EXPECTED / f"{spec_name}.yaml").read_text(encoding="utf-8")
    assert _after_comments(imported.target.read_text(encoding="utf-8")) == _after_comments(expected)
    school = (EXPECTED / f"{spec_name}.don-vi.yaml").read_text(encoding="utf-8")
    assert _after_comments((data / "don-vi.yaml").read_text(encoding="utf-8")) == _after_comments(school)


def test_the_corpus_has_thirty_files_of_every_kind():
    assert len(CORPUS) >= 30
    assert len({spec.name for _, spec, _ in CORPUS}) == 10
    assert {way.header for _, _, way in CORPUS} == {"table", "tabs", "spaces"}
    assert {way.labels for _, _, way in CORPUS} == {"typed", "slash", "auto"}
    assert all((EXPECTED / f"{spec.name}.yaml").is_file() for _, spec, _ in CORPUS)


def _one_way_per_kind() -> list:
    """Every file; the fast run takes one of each kind, the kinds taking the three ways in turn (each
    way of typing is in it), and `make test` all 30."""
    ways = sorted({way for _, _, way in CORPUS}, key=repr)
    kinds = list(dict.fromkeys(spec.name for _, spec, _ in CORPUS))
    return [n if ways.index(way) == kinds.index(spec.name) % len(ways) else pytest.param(n, marks=pytest.mark.slow)
            for n, spec, way in CORPUS]


@pytest.mark.parametrize("name", _one_way_per_kind())
def test_each_file_imports_to_its_reviewed_document_and_every_line_comes_back_once(name, tmp_path):
    source = _source(tmp_path, name)
    spec = next(s for n, s, _ in CORPUS if n == name)
    imported, rendered = import_and_render(source, tmp_path / "work", ROOT / "templates")
    _assert_as_reviewed(imported, tmp_path / "work" / "data", spec.name)
    result = measure(source, rendered)
    assert result.missing == [] and result.repeated == [], (result.missing, result.repeated)
    assert result.share == 1.0 and result.lines > 15


def test_what_vanthu_writes_itself_is_not_kept_as_text(tmp_path):
    (imported,) = nhap([_source(tmp_path, "quyet-dinh-quy-che-2")], tmp_path / "data")
    text = imported.target.read_text(encoding="utf-8")
    for generated in ("QUYẾT ĐỊNH:", "Như Điều", "Kèm theo", "Lưu", "VT", "Như trên"):
        assert generated not in text, generated
    # The school's header names as typed; a deputy's signature offered as the default signer, to review.
    school = read_yaml(tmp_path / "data" / "don-vi.yaml")[0]
    assert school["ten_dau_trang"] == ["TRƯỜNG TRUNG HỌC CƠ SỞ", "HÒA BÌNH"]
    (deputy,) = nhap([_source(tmp_path, "ke-hoach-hoi-thi-2")], tmp_path / "tan-phu")
    school = read_yaml(tmp_path / "tan-phu" / "don-vi.yaml")[0]
    assert school["co_quan_chu_quan"] == "UBND TX. đồng xoài"  # stray « .» gone, the clerk's case kept
    assert school["nguoi_ky"]["quyen_han"] == "KT." and school["nguoi_ky"]["ho_ten"] == "Lê Văn Hùng"
    review = [r for r in deputy.school_reviews if r.field == "nguoi_ky.quyen_han"]
    assert review and review[0].file == tmp_path / "tan-phu" / "don-vi.yaml" and "người ký thay" in review[0].reason
    assert any("nguoi_ky.quyen_han" in line and "người ký thay" in line for line in deputy.summary())


def test_a_part_without_its_title_on_the_same_line_takes_the_next_one(tmp_path):
    (imported,) = nhap([_source(tmp_path, "ke-hoach-nam-hoc-1")], tmp_path / "data")
    doc = read_yaml(imported.target)[0]
    assert [b["phan"] for b in doc["noi_dung"]] == ["Đặc điểm tình hình", "Nhiệm vụ và giải pháp"]
    assert [m["muc"] for m in doc["noi_dung"][1]["noi_dung"]] == ["Nhiệm vụ chung", "Chỉ tiêu"]


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="cần LibreOffice")
@pytest.mark.parametrize("name", AS_DOC)
def test_word_97_2003_files_of_the_corpus_import_the_same(name, tmp_path):
    docx = _source(tmp_path, name)
    work = tmp_path / "to-doc"
    work.mkdir()
    doc = shutil.copy(convert.libreoffice(docx, work, "doc:MS Word 97"), tmp_path / f"{name}.doc")
    spec = next(s for n, s, _ in CORPUS if n == name)
    imported, rendered = import_and_render(Path(doc), tmp_path / "work", ROOT / "templates")
    _assert_as_reviewed(imported, tmp_path / "work" / "data", spec.name)
    result = measure(docx, rendered)
    assert result.missing == [] and result.repeated == [], (result.missing, result.repeated)


def test_other_spellings_of_what_vanthu_writes_itself(tmp_path):
    from fixtures.clerk import Clerk
    c = Clerk()
    c.header_table([("PHÒNG GD&ĐT HUYỆN ĐỨC HÒA", False), ("TRƯỜNG THCS HÒA KHÁNH", True)], "Số: 45/QĐ-THCSHK",
                   "Đức Hòa, ngày 10 tháng 9 năm 2023")
    c.title("QUYẾT ĐỊNH", "Về việc ban hành Quy chế làm việc")
    c.line("HIỆU TRƯỞNG TRƯỜNG THCS HÒA KHÁNH", bold=True, center=True)
    c.line("Căn cứ Điều lệ trường trung học cơ sở;", italic=True)
    c.line("Xét đề nghị của Chủ tịch Công đoàn cơ sở,", italic=True)
    c.line("QUYẾT ĐỊNH:", bold=True, center=True)
    c.line("Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.")
    c.line("Điều 2. Các tổ chuyên môn chịu trách nhiệm thi hành Quyết định này./.")
    c.signature_table(["Nơi nhận:", "- Như điều 2;", "- Lưu VT."], ["HIỆU TRƯỞNG", "(đã ký)", "", "Vũ Quang Huy"])
    c.page_break()
    c.line("QUY CHẾ LÀM VIỆC", bold=True, center=True)
    c.line("(Ban hành kèm theo Quyết định số 45/QĐ-THCSHK ngày 10/9/2023 của Hiệu trưởng)", italic=True, center=True)
    c.line("Chương I", bold=True, center=True)
    c.line("NHỮNG QUY ĐỊNH CHUNG", bold=True, center=True)
    c.line("Điều 1. Phạm vi điều chỉnh", bold=True)
    c.line("Chương II", bold=True, center=True)
    c.line("TRÁCH NHIỆM", bold=True, center=True)
    c.line("Điều 2. Trách nhiệm của Hiệu trưởng", bold=True)
    (result,) = nhap([c.save(tmp_path / "qd.docx")], tmp_path / "data")
    doc = read_yaml(result.target)[0]
    assert doc["theo_de_nghi"] == "Xét đề nghị của Chủ tịch Công đoàn cơ sở"
    assert [next(iter(b)) for b in doc["noi_dung"]] == ["dieu", "dieu"]
    assert "noi_nhan" not in doc and "luu" not in doc
    (annex,) = doc["phu_luc"]
    assert annex["ten"] == "QUY CHẾ LÀM VIỆC"
    assert [b["chuong"] for b in annex["noi_dung"]] == ["Những quy định chung", "Trách nhiệm"]
    assert [d["dieu"] for b in annex["noi_dung"] for d in b["noi_dung"]] == ["Phạm vi điều chỉnh",
                                                                           "Trách nhiệm của Hiệu trưởng"]
    assert "«(đã ký)» là dấu của bản đã ký, không chép vào dữ liệu" in result.notes
    assert not any("đoạn" in note and "Điều" in note for note in result.notes)  # Điều run across chapters


def test_the_header_names_are_kept_as_typed_unless_asked_to_normalise(tmp_path):
    from fixtures.clerk import Clerk
    def school_file(folder: str, **options) -> dict:
        c = Clerk()
        c.header_table([("UBND HUYỆN TÂN HỒNG", False), ("TRƯỜNG MN DINH BÀ", True)], "Số: 3/TB-MNDB",
                       "Dinh Bà, ngày 05 tháng 9 năm 2022")
        c.title("THÔNG BÁO", "Lịch họp tháng 9")
        c.line("Trường Mầm non Dinh Bà thông báo lịch họp hội đồng sư phạm tháng 9 năm 2022./.")
        c.signature_table(["Nơi nhận:", "- Lưu: VT."], ["HIỆU TRƯỞNG", "", "Nguyễn Thị Thu Hà"])
        nhap([c.save(tmp_path / f"{folder}.docx")], tmp_path / folder, **options)
        return read_yaml(tmp_path / folder / "don-vi.yaml")[0]
    typed = school_file("giu")
    assert (typed["ten"], typed["ten_dau_trang"]) == ("Trường Mầm non Dinh Bà", ["TRƯỜNG MN DINH BÀ"])
    normalised = school_file("chuan-hoa", chuan_hoa_ten=True)
    assert normalised["ten"] == "Trường Mầm non Dinh Bà" and "ten_dau_trang" not in normalised
