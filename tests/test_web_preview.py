"""The page's previews through one LibreOffice it keeps warm: reused, restarted when it dies or hangs,
stopped with the page; without python3-uno the page converts as the command line does.

Process checks look only at this test process's own descendants (psutil), never at the machine's."""

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from pypdf import PdfReader

from pipeline import office
from pipeline.errors import DataError
from pipeline.app import PdfConverter
from pipeline.web import state
from test_pdf import Descendants, libreoffice
from test_web import client_for, wait_for

PLAN = "ke-hoach-binh-dang-gioi"
needs_warm = pytest.mark.skipif(not office.available(), reason="chưa cài python3-uno (apt-get install python3-uno) "
                                "hay unoserver: trang chuyển PDF theo cách chậm")


def warm(test):
    """A test of the warm LibreOffice: slow, and skipped where it cannot run."""
    return libreoffice(needs_warm(test))


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def own_processes():
    watcher = Descendants()
    yield watcher
    watcher.done.set()


def preview(app, client) -> dict[str, str]:
    """The plan's preview through the page: its links by label."""
    started = client.post(f"/van-ban/2022/{PLAN}/xem-truoc", data={"csrf": state(app).csrf})
    job = wait_for(client, started.headers["Location"])
    assert job["trang_thai"] == "xong", job["loi"]
    return {r["nhan"]: r["url"] for r in job["ket_qua"]}


def soffices(pid: int | None) -> list[psutil.Process]:
    """The LibreOffice processes (soffice.bin) under a warm server."""
    assert pid is not None, "no warm LibreOffice runs"
    return [p for p in psutil.Process(pid).children(recursive=True) if p.name() == "soffice.bin"]


def seen_soffices(watcher: Descendants) -> set:
    """Every LibreOffice (soffice.bin) seen so far, by pid and start time (a new profile makes
    LibreOffice restart itself once at its very first start: two are seen then)."""
    return {key for key, (_, names) in list(watcher.seen.items()) if "soffice.bin" in names}


def check_pdf(client, links: dict[str, str]) -> None:
    """The preview's PDF is the plan: its pages (one image each), its title and its header."""
    pdf = PdfReader(io.BytesIO(client.get(links[f"Tải {PLAN}.pdf"]).data))
    images = [label for label in links if re.fullmatch(r"Trang \d+", label)]
    assert len(pdf.pages) == len(images) == 3
    first = pdf.pages[0].extract_text()
    assert "KẾ HOẠCH" in first and "Triển khai thực hiện công tác Bình đẳng giới" in first
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    image = client.get(links["Trang 1"])
    assert image.status_code == 200 and image.data[:3] == b"\xff\xd8\xff"  # a JPEG
    assert "inline" in image.headers.get("Content-Disposition", "inline")


@warm
def test_second_preview_reuses_the_same_libreoffice(data, own_processes):
    app, client = client_for(data)
    converter = state(app).pdfs
    check_pdf(client, preview(app, client))
    server, (first,) = converter.warm_pid, soffices(converter.warm_pid)
    before = seen_soffices(own_processes)
    check_pdf(client, preview(app, client))
    assert converter.warm_pid == server and soffices(server) == [first]
    assert seen_soffices(own_processes) == before  # none started for the second preview, even briefly
    converter.close()
    assert converter.warm_pid is None and not own_processes.survivors()


@warm
def test_a_killed_libreoffice_is_replaced_and_the_preview_still_works(data, own_processes):
    app, client = client_for(data)
    converter = state(app).pdfs
    preview(app, client)
    (killed,) = soffices(converter.warm_pid)
    killed.kill()
    killed.wait(10)
    check_pdf(client, preview(app, client))
    (now,) = soffices(converter.warm_pid)
    assert now.pid != killed.pid
    converter.close()
    assert not own_processes.survivors()


@warm
def test_a_hung_libreoffice_is_stopped_and_the_next_conversion_starts_another(data, own_processes, tmp_path):
    converter = PdfConverter()
    docx = tmp_path / "mau.docx"
    shutil.copyfile(Path(__file__).parent.parent / "templates" / "van-ban.docx", docx)
    converter.to_pdf(docx)
    server = converter.warm_pid
    (hung,) = soffices(server)
    hung.suspend()  # it stops answering, as a LibreOffice stuck on a document would
    try:
        warm_office = converter._warm
        with pytest.raises(office.WarmFailed) as failed:
            warm_office.convert(docx, tmp_path / "treo.pdf", timeout=3)
        assert failed.value.hung and warm_office.pid is None
        assert not hung.is_running() or hung.status() == psutil.STATUS_ZOMBIE
        assert len(PdfReader(converter.to_pdf(docx)).pages) >= 1
        assert converter.warm_pid not in (None, server)
    finally:
        converter.close()
    assert not own_processes.survivors()


@libreoffice
def test_without_python3_uno_the_preview_starts_libreoffice_as_the_command_line_does(data, own_processes,
                                                                                    monkeypatch):
    monkeypatch.setattr(office, "uno_python", lambda: None)
    app, client = client_for(data)
    check_pdf(client, preview(app, client))
    assert state(app).pdfs.warm_pid is None
    assert not [words for words in own_processes.named("python3") if "unoserver" in " ".join(words)]
    assert own_processes.named("soffice.bin")  # the preview's own, ended with it
    assert not own_processes.survivors()


@pytest.mark.not_ooxml("hong.docx")
def test_a_broken_word_file_is_refused_before_any_libreoffice(tmp_path, own_processes):
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a Word document")
    converter = PdfConverter()
    with pytest.raises(DataError) as refused:
        converter.to_pdf(broken)
    assert "hong.docx" in str(refused.value) and "không phải văn bản Word" in str(refused.value)
    assert converter.warm_pid is None and not own_processes.named("soffice.bin")
    assert not (tmp_path / "hong.pdf").exists()


@libreoffice
def test_a_document_the_warm_libreoffice_fails_on_goes_the_slow_way(data, own_processes, monkeypatch):
    tried = []

    def refuse(self, docx, pdf, timeout=60, pdfa=False):
        tried.append(docx)
        raise office.WarmFailed("refused")
    monkeypatch.setattr(office.WarmOffice, "convert", refuse)
    app, client = client_for(data)
    check_pdf(client, preview(app, client))
    assert len(tried) == 2  # a second warm LibreOffice, then one of its own
    assert not own_processes.survivors()


def _wait(ready, seconds: float = 120, what: str = "the page's LibreOffice did not start") -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


@warm
@pytest.mark.parametrize("signum, when", [(signal.SIGINT, "ready"), (signal.SIGTERM, "ready"),
                                          (signal.SIGHUP, "ready"), (signal.SIGINT, "starting"),
                                          (signal.SIGKILL, "ready")],
                         ids=["INT", "TERM", "HUP", "INT-while-starting", "KILL"])
def test_stopping_the_page_leaves_no_libreoffice(data, tmp_path, own_processes, signum, when):
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"), "TMPDIR": str(temp)}
    page = subprocess.Popen([str(Path(sys.executable).parent / "vanthu"), "web", "--khong-mo", "--du-lieu", str(data)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert page.stdout is not None
        assert "Trang làm việc của vanthu" in page.stdout.readline()
        if when == "ready":  # started with the page, before any preview; a first page converted
            _wait(lambda: list(temp.glob("vanthu-office-*/mau.pdf")))
        else:
            _wait(lambda: own_processes.named("soffice.bin"))
        page.send_signal(signum)
        page.wait(30)
    finally:
        if page.poll() is None:
            page.kill()
    if signum == signal.SIGKILL:  # no clean-up ran in the page: the orphaned server ends itself
        _wait(lambda: not own_processes.survivors() and not list(temp.iterdir()), 30, "LibreOffice outlived the page")
    assert own_processes.named("soffice.bin") and not own_processes.survivors()
    assert not list(temp.iterdir())  # its profile and temporary files removed
    assert "Traceback" not in page.stderr.read()


@warm
def test_the_warm_libreoffice_answers_only_this_process(tmp_path):
    """Its XML-RPC server asks for no password: without the secret path (a web page posting to
    127.0.0.1, another program) nothing is converted."""
    import xmlrpc.client
    warm_office = office.WarmOffice()
    try:
        warm_office.start()
        docx = tmp_path / "mau.docx"
        shutil.copyfile(Path(__file__).parent.parent / "templates" / "van-ban.docx", docx)
        for path in ("", "/RPC2"):
            stranger = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{warm_office._port}{path}", allow_none=True)
            with pytest.raises(xmlrpc.client.ProtocolError) as refused:
                stranger.convert(str(docx), None, str(tmp_path / "la.pdf"), "pdf", None, [], False)
            assert refused.value.errcode == 404
        assert not (tmp_path / "la.pdf").exists()
        assert warm_office.convert(docx, tmp_path / "mau.pdf").is_file()
    finally:
        warm_office.stop()
