"""One LibreOffice kept running between conversions, for the page's previews.

A `soffice --convert-to` pays LibreOffice's start (2–11 s here) for every document. Here one is
started once through unoserver (its XML-RPC server, run by a Python that can `import uno`: Debian's
python3-uno), and each document costs only its own conversion (~0.5 s). LibreOffice's own
single-instance forwarding (a second `soffice --convert-to` with the same profile) is no substitute:
the running instance quits after the first forwarded document (measured with 7.4).

The server runs in its own process group, with its own profile and temporary folder: stopping it
ends the whole group and removes the folder. A conversion that fails, hangs past its timeout, or
finds the server dead stops it; the next conversion starts a new one.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from xml.parsers.expat import ExpatError

from .pdf import ConverterError, soffice

START_TIMEOUT = 60.0  # seconds for LibreOffice and the server to answer (≈5 s here; a busy machine is slower)
PROBE = 0.1  # seconds between looks at a starting server
# Runs unoserver's server module under the Python that has uno, with the folder holding the
# installed unoserver appended (after that Python's own packages, so none of them is shadowed).
# Its XML-RPC server answers on a secret path only: unoserver asks for no password, and a web page
# the clerk opens could otherwise post to 127.0.0.1 (a plain-text body needs no CORS consent) and have
# LibreOffice read and write files anywhere. The secret comes through the environment, not the
# command line other users can see.
_SECRET = "VANTHU_OFFICE_SECRET"
_HOME = "VANTHU_OFFICE_HOME"
# vanthu killed outright (SIGKILL, the OOM killer) runs no clean-up: the server then watches its
# parent and, once orphaned, ends its whole process group (LibreOffice with it) after starting a
# detached remover of its folder.
_BOOT = f"""
import os, runpy, signal, subprocess, sys, threading, time, xmlrpc.server
xmlrpc.server.SimpleXMLRPCRequestHandler.rpc_paths = ('/' + os.environ.pop('{_SECRET}'),)
def orphaned(parent=os.getppid(), home=os.environ.pop('{_HOME}')):
    while os.getppid() == parent:
        time.sleep(0.5)
    remove = 'import shutil, sys, time; time.sleep(1); shutil.rmtree(sys.argv[1], True)'
    subprocess.Popen([sys.executable, '-c', remove, home], start_new_session=True,
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.killpg(0, signal.SIGKILL)
threading.Thread(target=orphaned, daemon=True).start()
sys.path.append(sys.argv.pop(1)); sys.argv[0] = 'unoserver'
runpy.run_module('unoserver.server', run_name='__main__', alter_sys=True)
"""

# What a call to the server raises when it is not there, refuses, breaks off or does not answer in time.
_FAILURES = (OSError, xmlrpc.client.Error, HTTPException, ExpatError)
_RUNNING: set[WarmOffice] = set()  # stopped at exit, whatever their owners forget


def stop_all() -> None:
    """End every kept LibreOffice of this process (a later conversion starts a new one)."""
    for running in list(_RUNNING):
        running._stop()


atexit.register(stop_all)


class WarmFailed(Exception):
    """The kept LibreOffice could not convert (not started, died, refused the file, or too slow)."""

    def __init__(self, why: str, hung: bool = False):
        super().__init__(why)
        self.hung = hung  # it did not answer in time


@functools.cache
def uno_python() -> str | None:
    """A Python that can `import uno`: this one, or the system's (python3-uno); None without one."""
    if importlib.util.find_spec("uno") is not None:
        return sys.executable
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        try:
            if os.access(candidate, os.X_OK) and subprocess.run(
                    [candidate, "-c", "import uno"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL, timeout=30).returncode == 0:
                return candidate
        except (OSError, subprocess.SubprocessError):
            continue
    return None


def _unoserver_folder() -> str | None:
    """The folder the installed unoserver package (and its metadata) lives in."""
    spec = importlib.util.find_spec("unoserver")
    if spec is None or spec.origin is None:
        return None
    return str(Path(spec.origin).parent.parent)


def available() -> bool:
    """LibreOffice, unoserver and a Python with uno are all there."""
    try:
        soffice()
    except ConverterError:
        return False
    return _unoserver_folder() is not None and uno_python() is not None


def _sample(path: Path) -> None:
    """A one-page Word document in the font of the documents."""
    from docx import Document
    document = Document()
    run = document.add_paragraph().add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    run.font.name, run.bold = "Times New Roman", True
    document.save(str(path))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Transport(xmlrpc.client.Transport):
    """XML-RPC with a deadline: a hung LibreOffice must not hang the page."""

    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host) -> HTTPConnection:
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


class WarmOffice:
    """One unoserver-driven LibreOffice, started on first use (or `start()`), converting one document
    at a time, stopped by `stop()` (or `stop_all()`, run at exit)."""

    def __init__(self):
        self._lock = threading.Lock()  # one conversion at a time: LibreOffice does one anyway
        self._process: subprocess.Popen | None = None
        self._folder: Path | None = None
        self._port = 0
        self._secret = ""  # the server's path: only this process knows it
        self._closed = False

    @property
    def pid(self) -> int | None:
        """The server's process (its group holds LibreOffice), while it runs."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def start(self) -> None:
        """Start the server now, if it does not run (blocks until it answers)."""
        with self._lock:
            self._ensure()

    def start_in_background(self) -> threading.Thread:
        """Start the server and convert a small document once (a first conversion loads Writer's
        import and export filters and the fonts: ~1 s more), so that the first preview is as quick."""
        def start():
            try:
                with self._lock:
                    self._ensure()
                    folder = self._folder
                if folder is None:
                    return
                sample = folder / "mau.docx"
                _sample(sample)
                self.convert(sample, folder / "mau.pdf")
            except (WarmFailed, OSError):
                pass  # the first conversion tries again, or goes the slow way
        thread = threading.Thread(target=start, name="vanthu-office-start", daemon=True)
        thread.start()
        return thread

    def convert(self, docx: Path, pdf: Path, timeout: float = 60, pdfa: bool = False) -> Path:
        """`docx` as PDF (PDF/A-2b if asked) into `pdf`; WarmFailed (and the server stopped) when that
        did not work."""
        options = ["SelectPdfVersion=2"] if pdfa else []  # the export filter's data, as in pdf.EXPORT_PDFA
        with self._lock:
            self._ensure()
            try:
                self._proxy(timeout).convert(str(Path(docx).resolve()), None, str(Path(pdf).resolve()), "pdf",
                                             None, options, False)
            except _FAILURES as exc:  # a refusal (Fault), a dead server, a timeout
                self._stop()
                raise WarmFailed(f"{type(exc).__name__}: {exc}", hung=isinstance(exc, TimeoutError)) from None
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise WarmFailed("no PDF written")
        return pdf

    def stop(self) -> None:
        """End the server and its LibreOffice; later conversions start none."""
        self._closed = True
        self._stop()

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        # unoserver's API through xmlrpc directly: its UnoClient has no timeout (a hung LibreOffice
        # would hold the preview for ever) and waits 5 × 10 s on a refused connection.
        return xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self._port}/{self._secret}",
                                         transport=_Transport(timeout), allow_none=True)

    def _ensure(self) -> None:
        """A running, answering server (a new one when the last has died)."""
        if self._closed:
            raise WarmFailed("stopped")
        if self._process is not None and self._process.poll() is None:
            return
        self._stop()
        python, folder = uno_python(), _unoserver_folder()
        if python is None or folder is None:
            raise WarmFailed("no Python with uno, or no unoserver")
        home = self._folder = Path(tempfile.mkdtemp(prefix="vanthu-office-"))
        self._port = uno_port = _free_port()
        while uno_port == self._port:
            uno_port = _free_port()
        self._secret = secrets.token_urlsafe(24)
        # LibreOffice's own temporary files go into our folder, removed with it.
        env = {**os.environ, "TMPDIR": str(home), _SECRET: self._secret, _HOME: str(home)}
        env.pop("PYTHONPATH", None)
        env.pop("PYTHONHOME", None)
        with open(home / "server.log", "wb") as log:
            process = self._process = subprocess.Popen(
                [python, "-c", _BOOT, folder, "--interface", "127.0.0.1", "--port", str(self._port),
                 "--uno-port", str(uno_port), "--user-installation", str(home / "profile"),
                 "--executable", soffice(), "--conversion-timeout", "300", "--quiet"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env, start_new_session=True)
        _RUNNING.add(self)
        deadline = time.monotonic() + START_TIMEOUT
        # stop() may come from another thread meanwhile (the page stopping): then give up at once.
        while time.monotonic() < deadline and not self._closed and process.poll() is None:
            try:
                self._proxy(2).system.listMethods()  # answers once LibreOffice is connected
                return
            except _FAILURES:
                time.sleep(PROBE)
        if self._process is process:
            self._stop()
        raise WarmFailed("did not start")

    def _stop(self) -> None:
        process, folder = self._process, self._folder
        self._process = self._folder = None
        _RUNNING.discard(self)
        if process is not None:
            # SIGKILL at once: once soffice.bin is gone its launcher (oosplash) ignores SIGTERM, and all
            # LibreOffice writes (profile, temporary files) is in our folder, removed below.
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
