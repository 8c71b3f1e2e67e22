"""Word 97–2003 (.doc), RTF, macro and template files turned into .docx by LibreOffice first."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from ..errors import DataError
from ..pdf import INSTALL_HINT, ConverterError, soffice


def to_docx(path: Path, workdir: Path, timeout: float = 120) -> Path:
    """A .docx copy of `path` in `workdir`, made by a headless LibreOffice with its own profile."""
    return libreoffice(path, workdir, "docx:MS Word 2007 XML", timeout)


def libreoffice(path: Path, workdir: Path, target: str, timeout: float = 120) -> Path:
    """`path` converted by LibreOffice to `target` (`docx:MS Word 2007 XML`, `doc:MS Word 97` …) in `workdir`."""
    try:
        program = soffice()
    except ConverterError:
        raise ConverterError(f"cần LibreOffice để đọc {path} (Word 97–2003 hay định dạng cũ khác) nhưng máy chưa có; "
                             f"{INSTALL_HINT}; hoặc mở tệp bằng Word và lưu lại dạng .docx") from None
    source = workdir / f"nguon{path.suffix.lower() or '.doc'}"  # a plain name, whatever the clerk called it
    shutil.copyfile(path, source)
    out = workdir / "out"
    process = subprocess.Popen(
        [program, f"-env:UserInstallation={(workdir / 'profile').resolve().as_uri()}", "--headless", "--norestore",
         "--nologo", "--convert-to", target, "--outdir", str(out), str(source)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise DataError(f"LibreOffice chưa chuyển xong tệp sau {timeout:g} giây; đã dừng nó. Hãy mở tệp bằng Word "
                        "và lưu lại dạng .docx", path) from None
    finally:
        _stop(process)
    produced = out / f"{source.stem}.{target.split(':')[0]}"
    if not produced.is_file() or produced.stat().st_size == 0:
        raise DataError("LibreOffice không đọc được tệp này (tệp hỏng, có mật khẩu, hoặc không phải văn bản Word); "
                        "hãy mở bằng Word và lưu lại dạng .docx", path)
    return produced


def _stop(process: subprocess.Popen) -> None:
    """End LibreOffice's whole process group: it starts helpers that outlive the main process."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
