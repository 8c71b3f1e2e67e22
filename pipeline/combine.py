"""Several documents as one file to print: each keeps its own first page, header and page numbers."""

from __future__ import annotations

import zipfile
from copy import deepcopy
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docxcompose.composer import Composer

from .files import write_atomic


def _restart_numbering(sect_pr) -> None:
    """Each document in the file counts its pages from 1 (and so shows no number on its first page)."""
    pg = sect_pr.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        sect_pr.append(pg)
    pg.set(qn("w:start"), "1")
    kind = sect_pr.find(qn("w:type"))
    if kind is None:
        kind = OxmlElement("w:type")
        sect_pr.insert(0, kind)
    kind.set(qn("w:val"), "nextPage")


def _end_section(doc) -> None:
    """Close the current section with the document's own settings, so the next one starts a new page."""
    body_sect = doc.element.body.find(qn("w:sectPr"))
    paragraph = doc.add_paragraph()
    sect_pr = deepcopy(body_sect)
    paragraph._p.get_or_add_pPr().append(sect_pr)


def combine(paths: list[Path], out: Path) -> Path:
    """One file holding every document in order, each in its own section."""
    master = Document(paths[0])
    _restart_numbering(master.element.body.find(qn("w:sectPr")))
    if _same_parts(paths):
        _append_bodies(master, paths[1:])
        return write_atomic(Path(out), master.save)
    composer = Composer(master)
    for path in paths[1:]:
        _end_section(master)
        composer.append(Document(path))
    return write_atomic(Path(out), composer.save)


# Body content that docxcompose must renumber or re-link when documents differ in their parts.
_NEEDS_COMPOSER = (b"<w:numPr", b"<w:bookmarkStart", b"<wp:docPr", b"<w:footnoteReference")


def _same_parts(paths: list[Path]) -> bool:
    """True when the documents differ only in their body text: rendered from one template, with no
    images, lists or bookmarks whose ids would clash. Their bodies can then simply follow each other,
    in linear time; docxcompose handles the general case but slows down with every document added."""
    with zipfile.ZipFile(paths[0]) as z:
        rels = z.read("word/_rels/document.xml.rels")
    for path in paths:
        with zipfile.ZipFile(path) as z:
            if z.read("word/_rels/document.xml.rels") != rels:
                return False
            body = z.read("word/document.xml")
        if any(marker in body for marker in _NEEDS_COMPOSER):
            return False
    return True


def _append_bodies(master, paths: list[Path]) -> None:
    body = master.element.body
    final = body.find(qn("w:sectPr"))
    for path in paths:
        _end_section(master)
        with zipfile.ZipFile(path) as z:
            other = parse_xml(z.read("word/document.xml")).find(qn("w:body"))
        for child in list(other):
            if child.tag != qn("w:sectPr"):
                final.addprevious(child)
