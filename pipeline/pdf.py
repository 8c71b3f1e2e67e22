"""PDF for printing, through as few LibreOffice loads as possible.

Documents that differ only in their body text (a batch from one template) are streamed into one
file, up to `PART` at a time, each ending with a bookmark; LibreOffice converts that file in one load
and its PDF is cut back at the bookmarks, so each document gets the pages, and the page numbers, it
has alone. A small batch is one load; a bigger one is shared by one LibreOffice per core (`plan`),
each converting its files in one run, in its own process group. A file that fails or hangs (per-file timeout) is converted again one document at a
time, so the culprit is named and the others still convert. Errors, Ctrl-C, SIGTERM and SIGHUP end
every LibreOffice started and remove the temporary folder.
"""

from __future__ import annotations

import gc
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .combine import combine_marked, package_key
from .errors import DataError, VanthuError, raise_all
from .files import write_atomic

INSTALL_HINT = "cài bằng: apt-get install libreoffice-writer-nogui fonts-liberation2"
# Fonts that print Times New Roman documents with the same line breaks.
FONTS = ("Times New Roman", "Liberation Serif")
PART = 50  # documents per LibreOffice load: bounds memory, the cost of a hang, and the progress step
SHARE = 10  # documents a LibreOffice must have at least before a second one is started beside it
POLL = 0.1  # seconds between looks at the running converters
# Writer bookmarks become PDF named destinations: where each document of a combined file ends.
EXPORT = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
# PDF/A-2b (SelectPdfVersion 2), the archival form of a văn bản điện tử that is then signed.
EXPORT_PDFA = ('pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"},'
               '"SelectPdfVersion":{"type":"long","value":"2"}}')
_MARK = re.compile(r"/?vanthu(\d+)")
_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

Progress = Callable[[int], None]  # called with the number of documents just finished


class ConverterError(VanthuError):
    """LibreOffice is missing or could not convert."""


def soffice() -> str:
    """The LibreOffice program, or a clear error saying how to install it."""
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise ConverterError(f"cần LibreOffice để xuất PDF nhưng máy chưa có; {INSTALL_HINT}")


def font_warnings() -> list[str]:
    """A warning when neither Times New Roman nor a metric-compatible font is installed."""
    if not shutil.which("fc-list"):
        return ["không kiểm tra được phông chữ (thiếu fc-list); PDF có thể xuống dòng khác bản Word"]
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    if any(font in families for font in FONTS):
        return []
    return ["máy không có phông Times New Roman hay Liberation Serif: LibreOffice sẽ dùng phông khác "
            f"và các dòng sẽ xuống khác bản Word; {INSTALL_HINT}"]


@dataclass
class Result:
    pdfs: list[Path] = field(default_factory=list)  # in the order of the documents
    failed: dict[Path, str] = field(default_factory=dict)  # document → why, in Vietnamese
    combined: Path | None = None  # every converted document in order, to print at once


def convert(docs: list[Path], progress: Progress | None = None, combined: Path | None = None,
            workers: int | None = None, timeout_per_doc: float = 5, timeout_base: float = 60,
            pdfa: bool = False, part: int | None = None) -> Result:
    """Write `x.pdf` beside each `x.docx`, and `combined` if given; documents that fail are listed
    with why, the others converted.

    A LibreOffice load of n documents may take `timeout_base + n * timeout_per_doc` seconds.
    """
    docs = [Path(d) for d in docs]
    from . import zipguard
    raise_all([DataError(problem, doc) for doc in docs if (problem := zipguard.word_problem(doc))])
    planned_workers, planned_part = plan(len(docs))
    slots = max(1, min(workers or planned_workers, len(docs)))
    with _Batch(soffice(), slots, part or planned_part, (timeout_base, timeout_per_doc), progress or (lambda n: None),
                EXPORT_PDFA if pdfa else EXPORT) as batch:
        pending = batch.parts(docs)
        while pending:
            pending = batch.run(pending)
        result = Result([batch.pdfs[d] for d in docs if d in batch.pdfs], batch.failed)
        if combined and result.pdfs:
            result.combined = batch.print_file(docs, Path(combined))
    return result


def plan(n: int, cores: int | None = None) -> tuple[int, int]:
    """How many LibreOffices convert a batch of n documents, and at most how many documents each load.

    Measured against one conversion of the batch's combined file (bench/pdf.py): a LibreOffice
    started beside another costs seconds on a busy machine, more than it saves on fewer than
    `SHARE` documents, so a small batch is one load; from there one LibreOffice per core."""
    cores = cores or os.cpu_count() or 1
    return max(1, min(cores, n // SHARE)), PART


class _Part:
    """Documents converted through one file: several streamed together, or one as it is."""

    def __init__(self, docs: list[Path], source: Path, tries: int = 0):
        self.docs, self.source, self.tries = docs, source, tries
        self.pdf = source.parent.parent / "out" / f"{source.stem}.pdf"
        self.pages: list[range | None] = []  # each document's pages in `pdf` (None: all), once split

    def prepare(self) -> bool:
        self.source.parent.mkdir(exist_ok=True)
        if len(self.docs) == 1:
            self.source.symlink_to(self.docs[0].resolve())
            return True
        try:
            combine_marked(self.docs, self.source)
        except (OSError, ValueError, SyntaxError, zipfile.BadZipFile):  # LibreOffice would fail it too
            return False
        finally:
            gc.collect()  # python-docx's parsed package is held in reference cycles: free it now, not later
        return True

    def split(self) -> dict[Path, Path] | None:
        """Each document's pages into `x.pdf` beside it; None when the PDF is not whole."""
        if not self.pdf.is_file() or self.pdf.stat().st_size == 0:
            return None
        if len(self.docs) == 1:
            self.pages = [None]  # all of them
            return {self.docs[0]: write_atomic(self.docs[0].with_suffix(".pdf"),
                                               lambda tmp: shutil.copyfile(self.pdf, tmp))}
        from pypdf import PdfReader, PdfWriter
        from pypdf.errors import PyPdfError

        try:
            reader = PdfReader(self.pdf)
            ranges = self._ranges(reader)
        except (PyPdfError, OSError, ValueError, KeyError):
            return None
        if ranges is None:
            return None
        self.pages = list(ranges)
        written = {}
        for doc, pages in zip(self.docs, ranges):
            writer = PdfWriter()
            for page in pages:
                writer.add_page(reader.pages[page])
            written[doc] = write_atomic(doc.with_suffix(".pdf"), lambda tmp: writer.write(str(tmp)))
        return written

    def _ranges(self, reader) -> list[range] | None:
        """Each document's pages, from the bookmark on the last page of each but the last."""
        ends: dict[int, int] = {}
        for name, destination in reader.named_destinations.items():
            mark = _MARK.fullmatch(str(name))
            if mark:
                ends[int(mark.group(1))] = reader.get_destination_page_number(destination)
        bounds = [-1]
        for i in range(len(self.docs) - 1):
            end = ends.get(i)
            if end is None:
                return None
            bounds.append(end)
        bounds.append(len(reader.pages) - 1)
        if any(a >= b for a, b in zip(bounds, bounds[1:])):
            return None
        return [range(a + 1, b + 1) for a, b in zip(bounds, bounds[1:])]


class _Worker:
    """One headless LibreOffice converting a list of parts in a single run, in its own process group."""

    def __init__(self, program: str, parts: list[_Part], profile: Path, timeouts: tuple[float, float],
                 export: str = EXPORT):
        self.program, self.parts, self.profile, self.timeouts, self.export = program, parts, profile, timeouts, export
        self.process: subprocess.Popen | None = None
        self.next = 0  # the first part not settled yet
        self.latest = -1  # the last part whose PDF has appeared
        self.deadline = 0.0

    def start(self) -> None:
        out = self.parts[0].pdf.parent
        out.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [self.program, f"-env:UserInstallation={self.profile.resolve().as_uri()}", "--headless",
             "--norestore", "--nologo", "--convert-to", self.export, "--outdir", str(out),
             *(str(part.source) for part in self.parts)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        self._wait_for(0)

    @property
    def running(self) -> bool:
        return self.next < len(self.parts)

    def _wait_for(self, index: int) -> None:
        base, per_doc = self.timeouts
        self.deadline = time.monotonic() + base + per_doc * len(self.parts[index].docs)

    def check(self) -> list[tuple[_Part, str]]:
        """Parts settled since the last look: `done` (PDF written), `missing` (LibreOffice gave
        up on it), `hung` (the one it was on when its time ran out), `untried` (after a hang)."""
        assert self.process is not None, "check() before start()"
        if self.process.poll() is not None:
            return self._settle(len(self.parts))
        # LibreOffice converts in order: once a part's PDF appears, every part before it is settled.
        latest = max((i for i in range(self.next, len(self.parts)) if self.parts[i].pdf.exists()), default=-1)
        settled = []
        if latest > self.latest:
            self.latest = latest
            settled = self._settle(latest)
            self._wait_for(min(latest + 1, len(self.parts) - 1))
        if time.monotonic() > self.deadline:
            self.stop()
            current = max(self.next, self.latest + 1)  # the part with the latest PDF may be half written
            settled += [(p, "untried") for p in self.parts[self.next:current]]
            settled += [(p, "hung") for p in self.parts[current:current + 1]]
            settled += [(p, "untried") for p in self.parts[current + 1:]]
            self.next = len(self.parts)
        return settled

    def _settle(self, upto: int) -> list[tuple[_Part, str]]:
        settled = [(p, "done" if p.pdf.exists() else "missing") for p in self.parts[self.next:upto]]
        self.next = upto
        return settled

    def stop(self) -> None:
        """End the whole process group (LibreOffice starts helper processes), even after a normal exit."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class _Batch:
    """One conversion: its temporary folder, its LibreOffice processes and what came out of them.
    Leaving it, however (error, Ctrl-C, SIGTERM, SIGHUP), ends the processes and removes the folder."""

    def __init__(self, program: str, slots: int, size: int, timeouts: tuple[float, float], progress: Progress,
                 export: str = EXPORT):
        self.size = size  # documents per load at most
        self.program, self.slots, self.timeouts, self.progress, self.export = program, slots, timeouts, progress, export
        self.pdfs: dict[Path, Path] = {}
        self.failed: dict[Path, str] = {}
        self.pages: dict[Path, tuple[Path, range | None]] = {}  # where each document's pages are
        self.workers: list[_Worker] = []
        self.count = 0  # parts made so far, for unique file names

    def __enter__(self) -> _Batch:
        self.handlers = _interrupt_on_signals()
        self.tmp = Path(tempfile.mkdtemp(prefix="vanthu-pdf-"))
        return self

    def __exit__(self, *exc) -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)  # a second signal must not cut the cleanup short
        try:
            for worker in self.workers:
                worker.stop()
            shutil.rmtree(self.tmp, ignore_errors=True)
            for signum, handler in self.handlers.items():
                signal.signal(signum, handler)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)

    def part(self, docs: list[Path], tries: int = 0) -> _Part:
        self.count += 1
        return _Part(docs, self.tmp / "in" / f"{self.count:05d}.docx", tries)

    def parts(self, docs: list[Path]) -> list[_Part]:
        """Documents that can share a load, in parts spread over the slots; the others alone."""
        groups: dict[object, list[Path]] = {}
        for doc in docs:
            key = package_key(doc)
            groups.setdefault(key if key is not None else doc, []).append(doc)
        parts = []
        for group in groups.values():
            size = max(1, min(self.size, math.ceil(len(group) / self.slots)))
            parts += [self.part(group[i:i + size]) for i in range(0, len(group), size)]
        return parts

    def run(self, parts: list[_Part]) -> list[_Part]:
        """Convert the parts, at most one LibreOffice per slot; returns the parts to try again."""
        again, ready = [], []
        for part in parts:
            if part.prepare():
                ready.append(part)
            else:
                again += self.settle(part, "missing")
        workers = [_Worker(self.program, ready[i::self.slots], self.tmp / f"profile-{len(self.workers) + i}",
                           self.timeouts, self.export) for i in range(min(self.slots, len(ready)))]
        self.workers += workers
        for worker in workers:
            worker.start()
        while any(w.running for w in workers):
            time.sleep(POLL)
            for worker in workers:
                for part, state in worker.check():
                    again += self.settle(part, state)
        return again

    def settle(self, part: _Part, state: str) -> list[_Part]:
        """Keep a part's PDFs, or say what to try next: its documents one by one, or it again."""
        pdfs = part.split() if state == "done" else None
        if pdfs is not None:
            self.pdfs.update(pdfs)
            self.pages.update((doc, (part.pdf, pages)) for doc, pages in zip(part.docs, part.pages))
            self.progress(len(part.docs))
            return []
        if state == "untried":
            return [self.part(part.docs, part.tries)]
        if len(part.docs) > 1:  # one of them is the culprit: each alone finds it
            return [self.part([doc], tries=1) for doc in part.docs]
        (doc,) = part.docs
        if state != "hung" and part.tries == 0:
            return [self.part([doc], tries=1)]
        if state == "hung":
            base, per_doc = self.timeouts
            self.failed[doc] = (f"LibreOffice không trả lời sau {base + per_doc:g} giây khi chuyển {doc} "
                                "sang PDF; đã dừng nó")
        else:
            self.failed[doc] = f"LibreOffice không chuyển được {doc} sang PDF"
        self.progress(1)
        return []

    def print_file(self, docs: list[Path], out: Path) -> Path:
        """The converted documents in order, their pages taken from the conversions themselves (a run
        of documents from one file in one go); fonts the files share are kept once."""
        from pypdf import PdfWriter

        runs: list[list] = []  # [pdf, first page, end] (None, None: the whole file)
        for pdf, pages in (self.pages[d] for d in docs if d in self.pages):
            if pages is not None and runs and runs[-1][0] == pdf and runs[-1][2] == pages.start:
                runs[-1][2] = pages.stop
            else:
                runs.append([pdf, *((pages.start, pages.stop) if pages is not None else (None, None))])
        writer = PdfWriter()
        for pdf, start, end in runs:
            writer.append(str(pdf), pages=None if start is None else (start, end), import_outline=False)
        writer.compress_identical_objects()
        return write_atomic(out, lambda tmp: writer.write(str(tmp)))


def _interrupt_on_signals() -> dict:
    """SIGTERM and SIGHUP (a closed terminal) stop the conversion as Ctrl-C does, so cleanup runs.
    Returns the handlers to restore; none are set outside the main thread (Python allows none there)."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def interrupt(signum, frame):
        raise KeyboardInterrupt
    return {signum: signal.signal(signum, interrupt) for signum in (signal.SIGTERM, signal.SIGHUP)}
