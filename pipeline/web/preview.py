"""A document as it will print: PDF through LibreOffice, then page images through pdftoppm."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..app import ConverterError, School


def can_preview() -> bool:
    """LibreOffice and poppler are both there (otherwise the page offers the .docx only)."""
    return School.pdf_available() and shutil.which("pdftoppm") is not None


def to_pdf(docx: Path) -> Path:
    result = School.to_pdf([docx])
    if result.failed or not result.pdfs:
        raise ConverterError(f"LibreOffice không chuyển được {docx.name} sang PDF")
    return result.pdfs[0]


def page_images(pdf_file: Path, dpi: int = 70) -> list[Path]:
    """One PNG per page beside the PDF (`<name>-1.png`, …), small enough for a page."""
    prefix = pdf_file.with_suffix("")
    for old in pdf_file.parent.glob(f"{prefix.name}-*.png"):
        old.unlink()
    done = subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf_file), str(prefix)],
                          capture_output=True, timeout=120)
    if done.returncode != 0:
        raise ConverterError(f"không dựng được ảnh trang của {pdf_file.name} (pdftoppm)")
    return sorted(pdf_file.parent.glob(f"{prefix.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
