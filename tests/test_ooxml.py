"""Every .docx vanthu writes is valid OOXML: the shipped templates, each kind of output, combined files.

(conftest.py also validates every .docx any test makes; here Word's own repair triggers count too.)
"""

import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

import ooxml
from conftest import ROOT
from pipeline.combine import combine
from pipeline.ooxml import TBLPR
from pipeline.shipped import TEMPLATES

pytest_plugins = ["pytester"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PLAN = "out/2022/du-thao/ke-hoach-binh-dang-gioi.docx"


def _document_xml(path: Path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _rewrite_document(source: Path, target: Path, change) -> Path:
    """A copy of `source` whose document part went through `change`."""
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            out.writestr(info, data)
    return target


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_shipped_template_is_valid(name):
    assert ooxml.errors(ROOT / "templates" / name, app_compat=True) == []


def test_every_kind_of_output_and_every_combined_file_is_valid(vanthu, tmp_path):
    assert vanthu("soan").exit_code == 0  # every kind: plan, decision with its annex, công văn, notices …
    issued = vanthu("soan", "ke-hoach-binh-dang-gioi", "quyet-dinh-ban-chi-dao", "thong-bao-phan-cong", "--cap-so",
                    "--ngay", "2022-05-12")
    assert issued.exit_code == 0, issued.output
    result = vanthu("tron", "templates/bao-cao-lop.docx", "data/2022/bao-cao-lop.xlsx", "--ten", "{stt}-lop-{lop}",
                    "--trich-yeu", "Kết quả của lớp {{ lop }}", "--ngay", "2022-12-16", "--gop", "gop.docx")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    # Documents of different templates are combined by docxcompose, not streamed.
    mixed = combine([tmp_path / PLAN, out / "2022/du-thao/bao-cao-binh-dang-gioi.docx", tmp_path / "gop.docx"],
                    tmp_path / "hon-hop.docx")
    made = list(out.rglob("*.docx")) + [tmp_path / "gop.docx", mixed]
    kinds = {p.name for p in made}
    assert {"ke-hoach-binh-dang-gioi.docx", "KH-01-THCSKB.docx", "QĐ-02-THCSKB.docx", "bao-cao-binh-dang-gioi.docx",
            "quyet-dinh-ban-chi-dao.docx", "cong-van-dang-ky-tap-huan.docx", "tat-ca-du-thao.docx",
            "tat-ca-da-cap-so.docx", "1-lop-6a1.docx", "gop.docx", "hon-hop.docx"} <= kinds
    assert ooxml.report(sorted(made), tmp_path, app_compat=True) == ""
    for path in made:  # the defect that was: python-docx's tblLayout and a second one of ours
        for tbl_pr in _document_xml(path).iter(f"{W}tblPr"):
            assert len(tbl_pr.findall(f"{W}tblLayout")) == 1, path.name


@pytest.mark.not_ooxml("hong.docx")
def test_the_validator_sees_a_second_tbllayout(vanthu, tmp_path):
    assert vanthu("soan", "ke-hoach-binh-dang-gioi").exit_code == 0
    assert ooxml.errors(tmp_path / PLAN) == []

    def second_layout(root):
        tbl_pr = root.find(f".//{W}tblPr")
        etree.SubElement(tbl_pr, f"{W}tblLayout", {f"{W}type": "fixed"})
    broken = _rewrite_document(tmp_path / PLAN, tmp_path / "hong.docx", second_layout)
    assert any("tblPr" in e and "tblLayout" in e for e in ooxml.errors(broken))


@pytest.mark.not_ooxml("hong.docx")
def test_the_validator_sees_section_properties_out_of_order(vanthu, tmp_path):
    assert vanthu("soan", "thong-bao-phan-cong").exit_code == 0
    combined = tmp_path / "out/2022/du-thao/thong-bao-phan-cong/tat-ca-du-thao.docx"
    sections = list(_document_xml(combined).iter(f"{W}sectPr"))
    assert len(sections) == 4 and all(s.find(f"{W}pgNumType").get(f"{W}start") == "1" for s in sections)

    def type_first(root):  # what combine.py used to do
        sect_pr = root.find(f".//{W}sectPr")
        sect_pr.insert(0, etree.Element(f"{W}type", {f"{W}val": "nextPage"}))
    broken = _rewrite_document(combined, tmp_path / "hong.docx", type_first)
    assert any("sectPr" in e and "headerReference" in e for e in ooxml.errors(broken))


def test_any_test_that_makes_an_invalid_docx_fails(pytester):
    pytester.makeconftest("from ooxml import pytest_configure, pytest_runtest_call")
    pytester.makepyfile(f"""
        import shutil, pytest

        def test_valid(tmp_path):
            shutil.copy({str(ROOT / "templates" / "van-ban.docx")!r}, tmp_path / "mau.docx")

        def test_invalid(tmp_path):
            (tmp_path / "ra").mkdir()
            (tmp_path / "ra" / "hong.docx").write_bytes(b"PK not a package")

        @pytest.mark.not_ooxml("hong.docx")
        def test_invalid_on_purpose(tmp_path):
            (tmp_path / "hong.docx").write_bytes(b"PK not a package")
    """)
    result = pytester.runpytest_inprocess()
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*invalid .docx made by this test:*", "ra/hong.docx: 1 OOXML error(s)",
                                 "*not a valid ZIP*"])


def test_children_land_in_schema_order_whatever_order_they_are_added():
    tbl_pr = Document().add_table(rows=1, cols=1)._tbl.tblPr
    for name in ("tblCellMar", "tblLayout", "tblBorders", "tblInd", "jc", "tblW"):
        getattr(tbl_pr, f"get_or_add_{name}")()
    tags = [child.tag.replace(W, "w:") for child in tbl_pr]
    assert tags == [tag for tag in TBLPR if tag in tags]
    assert tags.count("w:tblLayout") == 1
