"""PDF for printing, through LibreOffice kept running for a whole batch.

Each worker (at most one per core) is one headless LibreOffice with its own profile that converts
its share of the batch in a single run, so start-up is paid once per worker, not per document.
Workers live in their own process group: a failure or Ctrl-C ends them, and nothing stays behind.
A document LibreOffice cannot convert is tried once more alone, then reported by name.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfWriter

from .errors import OutputError, VanthuError
from .files import write_atomic

INSTALL_HINT = "cài bằng: apt-get install libreoffice-writer-nogui fonts-liberation2"
# Fonts that print Times New Roman documents with the same line breaks.
FONTS = ("Times New Roman", "Liberation Serif")


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
    pdfs: list[Path] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)


def convert(docs: list[Path], workers: int | None = None, timeout_per_doc: float = 30,
            timeout_base: float = 60) -> Result:
    """Write `x.pdf` beside each `x.docx`; documents that fail are listed, the others converted."""
    program = soffice()
    named = {f"{i:05d}": Path(d) for i, d in enumerate(docs)}  # unique names inside LibreOffice's folder
    workers = max(1, min(workers or os.cpu_count() or 1, len(named)))
    keys = list(named)
    with tempfile.TemporaryDirectory(prefix="vanthu-pdf-") as tmp:
        tmp = Path(tmp)
        runs = [_Worker(program, {k: named[k] for k in keys[i::workers]}, tmp, f"w{i}") for i in range(workers)]
        try:
            for run in runs:
                run.start()
            for run in runs:
                run.wait(timeout=timeout_base + timeout_per_doc * len(run.docs))
            for key in [k for run in runs for k in run.missing()]:
                alone = _Worker(program, {key: named[key]}, tmp, f"retry-{key}")  # one bad file stops no other
                runs.append(alone)
                alone.start()
                alone.wait(timeout=timeout_base + timeout_per_doc)
        finally:
            for run in runs:
                run.stop()
        result = Result()
        for key, doc in named.items():
            produced = tmp / "out" / f"{key}.pdf"
            if produced.exists() and produced.stat().st_size > 0:
                result.pdfs.append(write_atomic(doc.with_suffix(".pdf"),
                                                lambda t, p=produced: shutil.copyfile(p, t)))
            else:
                result.failed.append(doc)
    return result


class _Worker:
    """One headless LibreOffice converting a list of documents, in its own process group."""

    def __init__(self, program: str, docs: dict[str, Path], tmp: Path, name: str):
        self.program, self.docs = program, docs
        self.profile, self.inputs, self.out = tmp / f"profile-{name}", tmp / f"in-{name}", tmp / "out"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        self.inputs.mkdir(parents=True, exist_ok=True)
        for key, doc in self.docs.items():
            (self.inputs / f"{key}.docx").symlink_to(doc.resolve())
        self.process = subprocess.Popen(
            [self.program, f"-env:UserInstallation={self.profile.resolve().as_uri()}", "--headless",
             "--norestore", "--nologo", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(self.out),
             *(str(self.inputs / f"{key}.docx") for key in self.docs)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)

    def wait(self, timeout: float) -> None:
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise OutputError(f"LibreOffice không trả lời sau {timeout:g} giây; đã dừng nó") from None

    def missing(self) -> list[str]:
        return [key for key in self.docs if not (self.out / f"{key}.pdf").exists()]

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


def merge(pdfs: list[Path], out: Path) -> Path:
    """One PDF in print order."""
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(str(pdf))
    return write_atomic(Path(out), lambda tmp: writer.write(str(tmp)))
