"""A document as it will print: PDF through the page's warm LibreOffice, then page images through pdftoppm."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..app import ConverterError, School
from .context import state

# JPEG: pdftoppm writes a page as PNG in ~0.25 s (zlib), as JPEG in ~0.01 s; at 90 the text stays sharp.
IMAGE = ("-jpeg", "-jpegopt", "quality=90")
IMAGE_SUFFIX = ".jpg"


def can_preview() -> bool:
    """LibreOffice and poppler are both there (otherwise the page offers the .docx only)."""
    return School.pdf_available() and shutil.which("pdftoppm") is not None


def to_pdf(docx: Path) -> Path:
    """`x.pdf` beside `x.docx`, through the LibreOffice the page keeps warm."""
    return state().pdfs.to_pdf(docx)


def page_images(pdf_file: Path, dpi: int = 70) -> list[Path]:
    """One image per page beside the PDF (`<name>-1.jpg`, …), small enough for a page."""
    prefix = pdf_file.with_suffix("")
    for old in pdf_file.parent.glob(f"{prefix.name}-*{IMAGE_SUFFIX}"):
        old.unlink()
    done = subprocess.run(["pdftoppm", *IMAGE, "-r", str(dpi), str(pdf_file), str(prefix)],
                          capture_output=True, timeout=120)
    if done.returncode != 0:
        raise ConverterError(f"không dựng được ảnh trang của {pdf_file.name} (pdftoppm)")
    return sorted(pdf_file.parent.glob(f"{prefix.name}-*{IMAGE_SUFFIX}"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
