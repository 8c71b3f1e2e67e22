"""One file to print from many documents, whether they share a template or not."""

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.combine import combine


def _doc(path, text, bookmark=False):
    doc = Document()
    doc.sections[0].different_first_page_header_footer = True
    p = doc.add_paragraph(text)
    if bookmark:  # ids that would clash when bodies are simply concatenated
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), "0"), start.set(qn("w:name"), "dau"), end.set(qn("w:id"), "0")
        p._p.insert(0, start), p._p.append(end)
    doc.save(path)
    return path


def test_documents_with_their_own_ids_go_through_docxcompose(tmp_path):
    paths = [_doc(tmp_path / f"{i}.docx", f"Văn bản {i}", bookmark=True) for i in range(3)]
    out = Document(combine(paths, tmp_path / "gop.docx"))
    assert [p.text for p in out.paragraphs if p.text] == ["Văn bản 0", "Văn bản 1", "Văn bản 2"]
    assert len(out.sections) == 3
    ids = [b.get(qn("w:id")) for b in out.element.body.iter(qn("w:bookmarkStart"))]
    assert len(set(ids)) == 3
    for section in out.sections:
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_plain_documents_are_appended_in_order(tmp_path):
    paths = [_doc(tmp_path / f"{i}.docx", f"Văn bản {i}") for i in range(3)]
    out = Document(combine(paths, tmp_path / "gop.docx"))
    assert [p.text for p in out.paragraphs if p.text] == ["Văn bản 0", "Văn bản 1", "Văn bản 2"]
    assert len(out.sections) == 3 and all(s.different_first_page_header_footer for s in out.sections)
