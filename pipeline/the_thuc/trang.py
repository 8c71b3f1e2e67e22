"""Where a paragraph landed on the rendered pages: its first words found in the PDF's word boxes
(poppler's pdftotext -bbox-layout), as a page number and a position on that page."""

from __future__ import annotations

import subprocess
from pathlib import Path

from lxml import etree

from ..importers.text import fold
from ..pdf import ConverterError

_X = "{http://www.w3.org/1999/xhtml}"


def _words(pdf_file: Path) -> list[tuple[int, float, float, str]]:
    """Every word of the PDF: page (1-based), x and y as fractions of the page, folded text."""
    done = subprocess.run(["pdftotext", "-bbox-layout", str(pdf_file), "-"], capture_output=True, timeout=120)
    if done.returncode != 0:
        raise ConverterError(f"không đọc được vị trí chữ trong {pdf_file.name} (pdftotext)")
    root = etree.fromstring(done.stdout, etree.XMLParser(recover=True))
    out = []
    for n, page in enumerate(root.iter(f"{_X}page"), 1):
        width, height = float(page.get("width")), float(page.get("height"))
        for word in page.iter(f"{_X}word"):
            out.append((n, float(word.get("xMin")) / width, float(word.get("yMin")) / height, fold(word.text or "")))
    return out


def locate(pdf_file: Path, texts: list[tuple[int, str]]) -> dict[int, tuple[int, float, float]]:
    """For each (key, paragraph text): its (page, x, y), found in document order; missing keys are not found."""
    words = _words(pdf_file)
    folded = [w[3] for w in words]
    found = {}
    for key, text in texts:
        wanted = fold(text.rstrip("…")).split()[:6]
        at = _find(folded, wanted, 0) if wanted else None
        if at is None:
            continue
        page, x, y, _ = words[at]
        found[key] = (page, x, y)
    return found


def _find(words: list[str], wanted: list[str], start: int) -> int | None:
    n = len(wanted)
    for i in range(start, len(words) - n + 1):
        if words[i:i + n] == wanted:
            return i
    return None


def page_pngs(pdf_file: Path, dpi: int = 70) -> list[Path]:
    """One PNG per page beside the PDF."""
    prefix = pdf_file.with_suffix("")
    done = subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf_file), str(prefix)], capture_output=True,
                          timeout=120)
    if done.returncode != 0:
        raise ConverterError(f"không dựng được ảnh trang của {pdf_file.name} (pdftoppm)")
    return sorted(pdf_file.parent.glob(f"{prefix.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
