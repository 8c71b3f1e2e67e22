"""The template engine: escaping, strict variables, atomic writes."""

from pathlib import Path

import pytest
from docx import Document

from pipeline.engine import Template, write_atomic
from pipeline.errors import OutputError, TemplateError


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
