"""Several documents as one file to print: each keeps its own first page, header and page numbers."""

from __future__ import annotations

import zipfile
from copy import deepcopy
from pathlib import Path

from docx.enum.section import WD_SECTION_START
from docx.oxml.ns import qn
from lxml import etree

from . import ooxml, zipguard  # noqa: F401  (ooxml registers pgNumType)
from .files import write_atomic


def _restart_numbering(sect_pr) -> None:
    """Each document in the file starts a new page and counts its pages from 1 (and so shows no
    number on its first page)."""
    sect_pr.start_type = WD_SECTION_START.NEW_PAGE
    sect_pr.get_or_add_pgNumType().start = 1


def _end_section(doc) -> None:
    """Close the current section with the document's own settings, so the next one starts a new page."""
    body_sect = doc.element.body.find(qn("w:sectPr"))
    paragraph = doc.add_paragraph()
    paragraph._p.get_or_add_pPr()._insert_sectPr(deepcopy(body_sect))


def combine(paths: list[Path], out: Path) -> Path:
    """One file holding every document in order, each in its own section."""
    if _same_parts(paths):
        return write_atomic(Path(out), lambda tmp: _stream_bodies(paths, tmp))
    from docxcompose.composer import Composer  # the general case only

    master = _open(paths[0])
    _restart_numbering(master.element.body.find(qn("w:sectPr")))
    composer = Composer(master)
    for path in paths[1:]:
        _end_section(master)
        composer.append(_open(path))
    return write_atomic(Path(out), composer.save)


# Body content that docxcompose must renumber or re-link when documents are put together.
_NEEDS_COMPOSER = (b"<w:numPr", b"<w:bookmarkStart", b"<wp:docPr", b"<w:footnoteReference")
DOCUMENT = "word/document.xml"


def _same_parts(paths: list[Path]) -> bool:
    """True when the documents differ only in their body text: rendered from one template, with no
    images, lists or bookmarks whose ids would clash. Their bodies can then simply follow each other,
    streamed, in linear time; docxcompose handles the general case but slows with every document."""
    with zipfile.ZipFile(paths[0]) as z:
        rels = z.read("word/_rels/document.xml.rels")
    for path in paths:
        with zipfile.ZipFile(path) as z:
            if z.read("word/_rels/document.xml.rels") != rels:
                return False
            body = z.read(DOCUMENT)
        if any(marker in body for marker in _NEEDS_COMPOSER):
            return False
    return True


def _body_parts(xml: str) -> tuple[int, int]:
    """Where a document's body content starts and where its final section properties start."""
    return xml.index(">", xml.index("<w:body")) + 1, xml.rindex("<w:sectPr")


def _stream_bodies(paths: list[Path], target: Path, marked: bool = False) -> None:
    """Write the combined package, the document part streamed one body at a time; `marked` puts the
    bookmark `vanthu<i>` in the paragraph that ends document i's section (on its last page)."""
    master = _open(paths[0])
    sect_pr = master.element.body.find(qn("w:sectPr"))
    _restart_numbering(sect_pr)
    section = etree.tostring(sect_pr, encoding="unicode")
    with zipfile.ZipFile(paths[0]) as z:
        names = z.namelist()
        xml = z.read(DOCUMENT).decode("utf-8")
        start, end = _body_parts(xml)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for name in names:
                if name != DOCUMENT:
                    out.writestr(name, z.read(name))
            with out.open(DOCUMENT, "w") as doc:
                doc.write(xml[:start].encode("utf-8"))
                for i, path in enumerate(paths):
                    with zipfile.ZipFile(path) as other:
                        body = other.read(DOCUMENT).decode("utf-8")
                    first, last = _body_parts(body)
                    doc.write(body[first:last].encode("utf-8"))
                    # Each document but the last ends its own section: a new page, pages from 1.
                    mark = (f'<w:bookmarkStart w:id="{i}" w:name="vanthu{i}"/><w:bookmarkEnd w:id="{i}"/>'
                            if marked else "")
                    closing = f"<w:p><w:pPr>{section}</w:pPr>{mark}</w:p>" if i < len(paths) - 1 else section
                    doc.write(closing.encode("utf-8"))
                doc.write(xml[xml.index("</w:body>"):].encode("utf-8"))


def package_key(path: Path) -> tuple | None:
    """What a document shares with those it can be streamed with (`_stream_bodies`) and still look the
    same: every part but its body (known by size and CRC, without unpacking), and its page setup.
    None when it must stand alone (see `_NEEDS_COMPOSER`) or cannot be read."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = tuple(sorted((i.filename, i.CRC, i.file_size) for i in z.infolist()
                                 if i.filename != DOCUMENT and not i.filename.startswith("docProps/")))
            xml = z.read(DOCUMENT).decode("utf-8")
        start, end = _body_parts(xml)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return None
    if any(marker.decode() in xml[start:end] for marker in _NEEDS_COMPOSER):
        return None
    return parts, xml[:start], xml[end:]


def combine_marked(paths: list[Path], target: Path) -> None:
    """Documents of one `package_key`, streamed into one file whose PDF can be cut back into them:
    each but the last ends with the bookmark `vanthu<i>` on its last page."""
    _stream_bodies(paths, target, marked=True)


def _open(path: Path):
    """A document to put together with others, opened through the guard (it may be the clerk's file)."""
    return zipguard.open_docx(path, zipguard.data_error(path))
