"""The template engine: escaping, strict variables, atomic writes."""

import base64
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from conftest import ROOT
from pipeline.documents import van_ban
from pipeline.engine import Template, environment
from pipeline.files import write_atomic
from pipeline.errors import OutputError, TemplateError
from pipeline.load import open_year


def _template(tmp_path: Path, *lines: str) -> Path:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    path = tmp_path / "mau.docx"
    doc.save(path)
    return path


def test_markup_characters_render_verbatim(tmp_path):
    tpl = Template(_template(tmp_path, "{{ a }}", "{%p for x in ds %}", "{{ x }}", "{%p endfor %}"))
    out = tpl.render({"a": "GD&ĐT <Quận 8> \"x\" & y", "ds": ["1 < 2", "R&D"]}, tmp_path / "ra.docx")
    texts = [p.text for p in Document(out).paragraphs]
    assert texts == ["GD&ĐT <Quận 8> \"x\" & y", "1 < 2", "R&D"]


def test_missing_variables_are_listed_before_rendering(tmp_path):
    tpl = Template(_template(tmp_path, "{{ a }} {{ b }} {{ c.d }}"))
    assert tpl.variables == {"a", "b", "c"}
    with pytest.raises(TemplateError, match="`b`, `c`"):
        tpl.render({"a": 1}, tmp_path / "ra.docx")
    assert not (tmp_path / "ra.docx").exists()


def test_templates_cannot_reach_python_internals(tmp_path):
    tpl = Template(_template(tmp_path, "{{ a.__class__.__mro__ }}"))
    with pytest.raises(TemplateError, match="không được phép|không có trường"):
        tpl.render({"a": "x"}, tmp_path / "ra.docx")


@pytest.mark.not_ooxml("a.docx")
def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")

    def broken(path):
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="không ghi được tệp"):
        write_atomic(target, broken)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]


# The compiled path against docxtpl itself, part by part.



def _canonical_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: (etree.tostring(etree.fromstring(z.read(name)), method="c14n")
                       if name.endswith((".xml", ".rels")) else z.read(name))
                for name in z.namelist()}


def _docxtpl_bytes(path: Path, context: dict) -> bytes:
    tpl = DocxTemplate(path)
    tpl.render(context, environment(autoescape=True), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def _example_contexts(tmp_path):
    year = open_year(ROOT / "data")
    tricky = "Sở GD&ĐT <Thành phố> \"Hồ Chí Minh\" & 'các' đơn vị — ưu tiên"
    for ten in van_ban.names(year):  # every kind: decision with annex, công văn, notices, report …
        jobs = van_ban.jobs(van_ban.load(year, ten), ROOT / "templates", tmp_path, issued=False)
        for job in jobs[:2]:
            yield job.template.path.name, job.context(None, None)
    decision = van_ban.jobs(van_ban.load(year, "quyet-dinh-ban-chi-dao"), ROOT / "templates", tmp_path, issued=True)
    issued = decision[0].context(7, date(2022, 5, 12))
    yield "van-ban.docx", issued
    yield "van-ban.docx", {**issued, "trich_yeu": tricky, "can_cu": [], "mo_dau": None, "phu_luc": [],
                           "kinh_gui": van_ban.kinh_gui_lines([tricky, "Ủy ban nhân dân Phường 3"]),
                           "noi_dung": [{"loai": "muc", "dong": tricky, "dam": True}], "noi_nhan": ["- Lưu: VT."]}
    for job in van_ban.merge_jobs(year, ROOT / "templates" / "bao-cao-lop.docx", ROOT / "data/2022/bao-cao-lop.xlsx",
                                  tmp_path, trich_yeu="Lớp {{ lop }} & <năm> {{ nam }}")[:2]:
        yield "bao-cao-lop.docx", job.context(None, None)


@pytest.mark.slow
def test_compiled_render_equals_docxtpl_part_by_part(tmp_path):
    cases = list(_example_contexts(tmp_path))
    assert {name for name, _ in cases} == {"van-ban.docx", "bao-cao-lop.docx"}
    for i, (name, context) in enumerate(cases):
        template = Template(ROOT / "templates" / name)
        assert template._compiled is not None, name
        ours = _canonical_parts(template.render(context, tmp_path / f"{i}.docx").read_bytes())
        theirs = _canonical_parts(_docxtpl_bytes(ROOT / "templates" / name, context))
        assert ours.keys() == theirs.keys(), name
        for part in ours:
            assert ours[part] == theirs[part], f"{name} #{i}: {part} differs"


def test_images_fall_back_to_docxtpl(tmp_path):
    # An image adds a part to the package: that render goes through docxtpl, automatically.
    png = tmp_path / "dau.png"
    png.write_bytes(base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))
    tpl = Template(_template(tmp_path, "{{ a }}", "{{ anh }}"))
    assert tpl._compiled is not None
    out = tpl.render({"a": "A & B", "anh": InlineImage(tpl._docx, str(png))}, tmp_path / "ra.docx")
    doc = Document(out)
    assert doc.paragraphs[0].text == "A & B"
    assert len(doc.inline_shapes) == 1


def test_user_template_features_render_as_docxtpl_does(tmp_path):
    """Header tags, tags split across runs, row and paragraph tags, escaping, empty lists."""
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Đầu trang: {{ don_vi }} – {{ so }}"
    split = doc.add_paragraph()
    for piece in ("Kính gửi: {{ ", "kinh_", "gui }}"):
        split.add_run(piece)
    doc.add_paragraph("{%p if ghi_chu %}")
    doc.add_paragraph("Ghi chú: {{ ghi_chu }}")
    doc.add_paragraph("{%p endif %}")
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(1, 0).text = "{%tr for h in hang %}", "{{ h.ten }}"
    table.cell(1, 1).text, table.cell(2, 0).text = "{{ h.so }}", "{%tr endfor %}"
    path = tmp_path / "mau.docx"
    doc.save(path)
    template = Template(path)
    assert template._compiled is not None and template.variables == {"don_vi", "so", "kinh_gui", "ghi_chu", "hang"}
    contexts = [
        {"don_vi": "GD&ĐT <Q8>", "so": 7, "kinh_gui": "Phòng \"A\" & 'B'", "ghi_chu": "có",
         "hang": [{"ten": "Lộc", "so": 1}, {"ten": "Bình & Đức", "so": 2}]},
        {"don_vi": "", "so": None, "kinh_gui": "", "ghi_chu": None, "hang": []},
    ]
    for i, context in enumerate(contexts):
        ours = _canonical_parts(template.render(context, tmp_path / f"{i}.docx").read_bytes())
        assert ours == _canonical_parts(_docxtpl_bytes(path, context))
    first = Document(tmp_path / "0.docx")
    assert first.sections[0].header.paragraphs[0].text == "Đầu trang: GD&ĐT <Q8> – 7"
    assert first.paragraphs[0].text == "Kính gửi: Phòng \"A\" & 'B'"
    assert [c.text for c in first.tables[0].rows[1].cells] == ["Bình & Đức", "2"]


def test_row_loops_under_a_header_row_render_as_docxtpl_does(tmp_path):
    """A table whose first row prints always keeps its columns, whatever the loop below it gives."""
    doc = Document()
    table = doc.add_table(rows=4, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Họ và tên", "Số"
    table.cell(1, 0).text, table.cell(2, 0).text = "{%tr for h in hang %}", "{{ h.ten }}"
    table.cell(2, 1).text, table.cell(3, 0).text = "{{ h.so }}", "{%tr endfor %}"
    path = tmp_path / "mau.docx"
    doc.save(path)
    template = Template(path)
    for i, rows in enumerate(([{"ten": "Lộc", "so": 1}, {"ten": "Bình", "so": 2}], [])):
        ours = _canonical_parts(template.render({"hang": rows}, tmp_path / f"{i}.docx").read_bytes())
        assert ours == _canonical_parts(_docxtpl_bytes(path, {"hang": rows}))
    assert [[c.text for c in r.cells] for r in Document(tmp_path / "0.docx").tables[0].rows] == [
        ["Họ và tên", "Số"], ["Lộc", "1"], ["Bình", "2"]]
