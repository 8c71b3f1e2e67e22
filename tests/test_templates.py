"""The shipped templates: built by layout code, committed for Word, still usable after a clerk's edits."""

import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Pt
from lxml import etree

import nd30
from conftest import ROOT
from pipeline.load import load_model
from pipeline.models import DonVi
from pipeline.shipped import TEMPLATES, write_templates

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _parts(path: Path) -> dict[str, bytes]:
    """Canonical XML of every part but the core properties (they carry a timestamp)."""
    with zipfile.ZipFile(path) as z:
        return {name: etree.tostring(etree.fromstring(z.read(name)), method="c14n")
                for name in z.namelist()
                if name.endswith((".xml", ".rels")) and name != "docProps/core.xml"}


def test_committed_templates_are_what_the_code_builds(tmp_path):
    settings = load_model(ROOT / "data" / "don-vi.yaml", DonVi).model.trinh_bay
    built = write_templates(settings, tmp_path)
    assert {p.name for p in built} == set(TEMPLATES)
    for path in built:
        committed = _parts(ROOT / "templates" / path.name)
        fresh = _parts(path)
        assert committed.keys() == fresh.keys()
        for name in fresh:
            assert committed[name] == fresh[name], f"{path.name}:{name} differs: run `make templates`"


def test_hand_edited_template_still_renders(vanthu, tmp_path, templates):
    path = templates / "van-ban.docx"
    doc = Document(path)
    header = doc.tables[0]
    chu_quan = next(p for p in header.cell(0, 0).paragraphs if p.text == "{{ dong }}")  # chu_quan_dong's
    chu_quan.runs[0].font.size = Pt(12)  # the clerk prefers Profile B's size here
    label = next(p for p in doc.tables[-1].cell(0, 0).paragraphs if p.text == "Nơi nhận:")
    label.runs[0].text = "Nơi nhận văn bản:"  # and a changed word
    # Word often splits a tag over several runs (spell check, edits in the middle).
    date_p = next(p for p in header.cell(1, 1).paragraphs if "dia_danh_ngay" in p.text)
    run = date_p.runs[0]
    run.text = "{{ dia_danh_"
    tail = date_p.add_run("ngay }}")
    tail.font.italic, tail.font.size = True, run.font.size
    doc.save(path)

    assert vanthu("soan", "ke-hoach-binh-dang-gioi").exit_code == 0
    out = Document(tmp_path / "out" / "2022" / "du-thao" / "ke-hoach-binh-dang-gioi.docx")
    cq = nd30.texts(out.tables[0].cell(0, 0))[0]
    assert cq.text == "ỦY BAN NHÂN DÂN QUẬN 8" and cq.runs[0].font.size == Pt(12)
    assert nd30.texts(out.tables[-1].cell(0, 0))[0].text == "Nơi nhận văn bản:"
    assert nd30.texts(out.tables[0].cell(1, 1))[0].text == "Quận 8, ngày 09 tháng 5 năm 2022"


def test_mau_command_rebuilds_the_templates(vanthu, templates):
    (templates / "van-ban.docx").unlink()
    result = vanthu("mau")
    assert result.exit_code == 0
    assert "Đã dựng mẫu: templates/van-ban.docx" in result.output
    assert (templates / "van-ban.docx").is_file()


def test_outputs_declare_word_2013_layout(vanthu, tmp_path):
    assert vanthu("soan", "ke-hoach-binh-dang-gioi").exit_code == 0
    for path in (ROOT / "templates" / "van-ban.docx", tmp_path / "out" / "2022" / "du-thao" / "ke-hoach-binh-dang-gioi.docx"):
        settings = etree.fromstring(zipfile.ZipFile(path).read("word/settings.xml"))
        modes = [s.get(f"{{{W}}}val") for s in settings.iter(f"{{{W}}}compatSetting")
                 if s.get(f"{{{W}}}name") == "compatibilityMode"]
        assert modes == ["15"], path
