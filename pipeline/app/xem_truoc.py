"""PDFs for a front end that keeps running (the page): one LibreOffice kept warm between documents.

Where the warm one cannot run (no python3-uno, no unoserver) or fails on a document, the document
goes the command line's way (`pdf.convert`, a LibreOffice of its own): slower, never an error more.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from .. import office, pdf, zipguard
from ..errors import DataError
from ..files import write_atomic

log = logging.getLogger(__name__)


class PdfConverter:
    """Owned by the front end: `warm_up()` when it starts, `to_pdf()` per document, `close()` when it stops."""

    def __init__(self, warm: bool = True) -> None:
        """`warm=False`: every PDF starts its own LibreOffice, as the command line does."""
        self._warm = office.WarmOffice()
        self._use_warm = warm

    @staticmethod
    def warm_available() -> bool:
        """The machine can keep a LibreOffice warm (else every PDF starts one)."""
        return office.available()

    @property
    def warm_pid(self) -> int | None:
        """The process group holding the warm LibreOffice, while it runs."""
        return self._warm.pid

    def warm_up(self) -> threading.Thread | None:
        """Start the warm LibreOffice in the background, so that the first preview finds it ready."""
        if self._use_warm and office.available():
            return self._warm.start_in_background()
        return None

    def to_pdf(self, docx: Path, timeout: float = 65, pdfa: bool = False) -> Path:
        """`x.pdf` beside `x.docx` (PDF/A-2b if asked); ConverterError when LibreOffice cannot convert it."""
        docx = Path(docx)
        problem = zipguard.word_problem(docx)
        if problem:
            raise DataError(problem, docx)
        target = docx.with_suffix(".pdf")
        if self._use_warm and office.available():
            for attempt in (1, 2):  # a second LibreOffice, should the first have died under it
                try:
                    return write_atomic(target, lambda tmp: self._warm.convert(docx, tmp, timeout, pdfa))
                except office.WarmFailed as exc:
                    log.warning("warm LibreOffice failed on %s (attempt %d): %s", docx, attempt, exc)
                    if exc.hung:
                        break  # a document that hangs one LibreOffice hangs the next: no second wait
        result = pdf.convert([docx], timeout_base=timeout, timeout_per_doc=0, pdfa=pdfa)
        if result.failed or not result.pdfs:
            raise pdf.ConverterError("\n".join(result.failed.values())
                                     or f"LibreOffice không chuyển được {docx.name} sang PDF")
        return result.pdfs[0]

    def close(self) -> None:
        """Stop the warm LibreOffice (none is left running); later PDFs each start their own."""
        self._warm.stop()
