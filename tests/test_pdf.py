"""PDF for printing: a batch through one LibreOffice load, cut back into documents; text checked with
pdftotext; no LibreOffice and no temporary folder outlive vanthu, whatever stops it.

Process checks look only at this test process's own descendants (sampled with psutil while the test
runs), never at the machine's other processes."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import psutil
import pytest

from pipeline.errors import DataError
from pypdf import PdfReader

from conftest import replace_in
from pipeline import pdf

needs_libreoffice = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="chưa cài LibreOffice và poppler-utils (apt-get install libreoffice-writer-nogui fonts-liberation2 "
           "poppler-utils): bỏ qua các kiểm thử xuất PDF")


def libreoffice(test):
    """A test that runs LibreOffice: slow, and skipped where it is not installed."""
    return pytest.mark.slow(needs_libreoffice(test))


BATCH = Path("out/2022/du-thao/thong-bao-phan-cong")
PLAN = Path("out/2022/du-thao/ke-hoach-binh-dang-gioi.docx")


def draft_notices(vanthu, tmp_path) -> list[Path]:
    """The example school's notices (one per teacher of its roster), as drafts."""
    assert vanthu("soan", "thong-bao-phan-cong").exit_code == 0
    return sorted(p for p in (tmp_path / BATCH).glob("*.docx") if not p.name.startswith("tat-ca-"))


def pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


class Descendants:
    """Every process below this one (children, theirs, …), sampled while the test runs: a process
    that loses its parent leaves the tree, so it must have been seen before."""

    def __init__(self):
        self.me, self.seen, self.done = psutil.Process(), {}, threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while not self.done.is_set():
            try:
                children = self.me.children(recursive=True)
            except psutil.Error:
                children = []  # a process ended while the tree was read: read it again
            for child in children:
                self._note(child)
            time.sleep(0.02)

    def _note(self, child: psutil.Process) -> None:
        # Every command line is kept: a process that exec()s changes it, and one that has exited but
        # is not yet reaped still shows its name with an empty command line.
        try:
            _, names = self.seen.setdefault((child.pid, child.create_time()), (child, {}))
            info = child.as_dict(["name", "cmdline"])
        except psutil.Error:
            return  # it ended while being looked at
        if info["name"]:
            names.setdefault(info["name"], set()).update(info["cmdline"] or [])

    def named(self, name: str) -> list[set[str]]:
        """The command-line words of the processes seen with that name."""
        return [names[name] for _, names in list(self.seen.values()) if name in names]

    def survivors(self) -> list[psutil.Process]:
        """The processes seen that still run (pid reuse excluded by their start time)."""
        self.done.set()
        self.thread.join()
        alive = []
        for process, _ in self.seen.values():
            try:
                if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(process)
            except psutil.NoSuchProcess:
                pass
        return alive


@pytest.fixture
def own_processes():
    watcher = Descendants()
    yield watcher
    watcher.done.set()


@pytest.fixture
def temp_folder(tmp_path, monkeypatch) -> Path:
    """Where vanthu's temporary folders go, in this process and the ones it starts."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@libreoffice
def test_plan_pdf_prints_header_lines_whole_and_numbers_from_page_two(vanthu, tmp_path, own_processes, temp_folder):
    result = vanthu("soan", "ke-hoach-binh-dang-gioi", "--pdf")
    assert result.exit_code == 0, result.output
    assert "Đã xuất 1 tệp PDF, ví dụ out/2022/du-thao/ke-hoach-binh-dang-gioi.pdf" in result.output
    printed = pages(tmp_path / "out" / "2022" / "du-thao" / "ke-hoach-binh-dang-gioi.pdf")
    assert len(printed) == 3
    first = printed[0].splitlines()
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in first)  # one line, not wrapped
    assert any("Quận 8, ngày 09 tháng 5 năm 2022" in line for line in first)
    assert any("Độc lập - Tự do - Hạnh phúc" in line for line in first)
    assert "Triển khai thực hiện công tác Bình đẳng giới và Trẻ em năm 2022" in printed[0]
    numbers = [[line.strip() for line in page.splitlines() if line.strip().isdigit()] for page in printed]
    assert numbers[0] == [] and numbers[1] == ["2"] and numbers[2] == ["3"]
    assert own_processes.named("soffice.bin") and own_processes.survivors() == []
    assert list(temp_folder.iterdir()) == []


@libreoffice
def test_batch_pdf_with_one_print_file(vanthu, tmp_path):
    result = vanthu("soan", "thong-bao-phan-cong", "--pdf")
    assert result.exit_code == 0, result.output
    folder = tmp_path / BATCH
    assert len([p for p in folder.glob("*.pdf") if not p.name.startswith("tat-ca-")]) == 4
    combined = folder / "tat-ca-du-thao.pdf"
    assert "Bản PDF gộp để in: out/2022/du-thao/thong-bao-phan-cong/tat-ca-du-thao.pdf" in result.output
    assert len(PdfReader(combined).pages) == 4
    names = [next(l for l in page.splitlines() if "Phân công Ông" in l or "Phân công Bà" in l) for page in pages(combined)]
    assert ["Trần Văn Bình" in names[0], "Phạm Minh Đức" in names[1], "Lê Thị Hoa" in names[2],
            "Nguyễn Thị Lộc" in names[3]] == [True] * 4


@libreoffice
def test_each_pdf_of_a_batch_is_its_document_converted_alone(vanthu, tmp_path, data, own_processes):
    # Notices of one, two and more pages, so that page breaks and page numbers are compared too.
    tasks = "; ".join(f"Nhiệm vụ thêm số {i} là một câu đủ dài để chiếm trọn một dòng in trên khổ giấy A4" for i in range(30))
    replace_in(data / "2022" / "phan-cong.csv", "Tổ chức các hoạt động của Liên đội", f"{tasks}; Tổ chức")
    replace_in(data / "2022" / "phan-cong.csv", "Tổng hợp kết quả", f"{tasks}; {tasks}; Tổng hợp kết quả")
    docs = draft_notices(vanthu, tmp_path)
    done = []
    result = pdf.convert(docs, done.append, tmp_path / "in.pdf", workers=1)
    assert result.pdfs == [d.with_suffix(".pdf") for d in docs] and result.failed == {}
    assert sum(done) == len(docs)
    # One LibreOffice (restarted once or twice on a new profile, as it does), loading one file.
    assert len({arg for command in own_processes.named("soffice.bin") for arg in command if arg.endswith(".docx")}) == 1

    alone = tmp_path / "alone"
    subprocess.run([pdf.soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(alone), *map(str, docs)], check=True, capture_output=True)
    for doc in docs:
        assert pages(doc.with_suffix(".pdf")) == pages(alone / f"{doc.stem}.pdf"), doc.name
    assert pages(result.combined) == [page for doc in docs for page in pages(doc.with_suffix(".pdf"))]
    lengths = sorted(len(pages(d.with_suffix(".pdf"))) for d in docs)
    assert lengths[0] == 1 and lengths[-1] >= 3, lengths
    assert own_processes.survivors() == []


@libreoffice
@pytest.mark.not_ooxml("hong.docx")
def test_a_broken_document_is_named_and_nothing_is_converted(vanthu, tmp_path, own_processes, temp_folder):
    # A file that is no Word document is refused by name before LibreOffice starts: nothing half done.
    assert vanthu("soan", "ke-hoach-binh-dang-gioi").exit_code == 0
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really a document")
    result = vanthu("pdf", str(PLAN), "hong.docx")
    assert result.exit_code == 1
    assert "Lỗi: hong.docx: không phải văn bản Word .docx" in result.stderr
    assert not (tmp_path / PLAN).with_suffix(".pdf").exists()
    assert not (tmp_path / "hong.pdf").exists()
    assert own_processes.survivors() == []
    assert list(temp_folder.iterdir()) == []


@libreoffice
@pytest.mark.not_ooxml("out/2022/du-thao/thong-bao-phan-cong/nguyen-thi-loc.docx")
def test_a_broken_document_in_a_batch_is_named_before_anything_converts(vanthu, tmp_path, own_processes):
    docs = draft_notices(vanthu, tmp_path)
    broken = docs[1]
    with zipfile.ZipFile(broken) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"</w:tbl>", b"</w:tbl><w:p><w:r><w:t>", 1)
    with zipfile.ZipFile(broken, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(DataError) as refused:  # its XML is broken: refused by name, the batch not started
        pdf.convert(docs, workers=1)
    assert str(broken) in str(refused.value)
    assert not [d for d in docs if d.with_suffix(".pdf").exists()]
    assert own_processes.survivors() == []


def _path_with(tmp_path: Path, **programs: str) -> str:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, script in programs.items():
        (bin_dir / name).write_text(script if script.startswith("#!") else f"#!/bin/sh\n{script}\n")
        (bin_dir / name).chmod(0o755)
    return str(bin_dir)


HANGS_ON = "TREO-LIBREOFFICE"
# LibreOffice, except that it hangs on any file holding HANGS_ON.
FAKE_SOFFICE = f"""#!{sys.executable}
import os, sys, time, zipfile
for arg in sys.argv[1:]:
    if arg.endswith(".docx") and b"{HANGS_ON}" in zipfile.ZipFile(arg).read("word/document.xml"):
        time.sleep(600)
os.execv({shutil.which("soffice")!r}, [{shutil.which("soffice")!r}, *sys.argv[1:]])
"""


@libreoffice
def test_a_document_that_hangs_libreoffice_is_named_and_the_others_convert(
        vanthu, tmp_path, data, own_processes, temp_folder, monkeypatch):
    replace_in(data / "2022" / "phan-cong.csv", "Tổng hợp kết quả", f"{HANGS_ON} Tổng hợp kết quả")
    docs = draft_notices(vanthu, tmp_path)
    (hangs,) = [doc for doc in docs if "tran-van-binh" in doc.name]
    monkeypatch.setenv("PATH", _path_with(tmp_path, soffice=FAKE_SOFFICE) + os.pathsep + os.environ["PATH"])
    result = pdf.convert(docs, workers=2, timeout_base=10, timeout_per_doc=0.5)
    assert result.failed == {hangs: f"LibreOffice không trả lời sau 10.5 giây khi chuyển {hangs} sang PDF; đã dừng nó"}
    assert result.pdfs == [d.with_suffix(".pdf") for d in docs if d != hangs]
    assert not hangs.with_suffix(".pdf").exists()
    assert own_processes.survivors() == []
    assert list(temp_folder.iterdir()) == []


def _runs(pid: int, name: str) -> bool:
    """Whether a process below `pid` has that name (one may end while being looked at)."""
    try:
        return any(child.name() == name for child in psutil.Process(pid).children(recursive=True))
    except psutil.Error:
        return False


@libreoffice
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["INT", "TERM", "HUP"])
def test_a_signal_mid_conversion_leaves_no_libreoffice_and_no_temp_folder(
        vanthu, tmp_path, own_processes, temp_folder, signum):
    docs = draft_notices(vanthu, tmp_path)
    run = subprocess.Popen([sys.executable, "-c", "from pipeline.cli import main; main()", "pdf", *map(str, docs)],
                           cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (_runs(run.pid, "soffice.bin") and own_processes.named("soffice.bin")):
        assert run.poll() is None and time.monotonic() < deadline, "LibreOffice never started"
        time.sleep(0.05)
    run.send_signal(signum)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 130 and err.endswith("\nĐã dừng.\n"), (run.returncode, err)
    assert own_processes.named("soffice.bin") and own_processes.survivors() == []
    assert list(temp_folder.iterdir()) == []


def test_missing_libreoffice_fails_at_once(vanthu, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", _path_with(tmp_path))
    result = vanthu("soan", "ke-hoach-binh-dang-gioi", "--pdf")
    assert result.exit_code == 1
    assert result.stderr == ("Lỗi: cần LibreOffice để xuất PDF nhưng máy chưa có; cài bằng: apt-get install "
                             "libreoffice-writer-nogui fonts-liberation2\n")
    assert not (tmp_path / "out").exists()


def test_missing_fonts_are_warned_about(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", _path_with(tmp_path, **{"fc-list": "echo 'DejaVu Sans'"}))
    (warning,) = pdf.font_warnings()
    assert "không có phông Times New Roman hay Liberation Serif" in warning and "fonts-liberation2" in warning
    monkeypatch.setenv("PATH", str(tmp_path / "bin") + os.pathsep + "/nonexistent")
    (tmp_path / "bin" / "fc-list").write_text("#!/bin/sh\necho 'Liberation Serif'\n")
    assert pdf.font_warnings() == []


def test_a_small_batch_is_one_load_and_a_big_one_shared_by_every_core():
    assert pdf.plan(1, cores=2) == (1, pdf.PART)
    assert pdf.plan(pdf.SHARE * 2 - 1, cores=2)[0] == 1  # a second LibreOffice would cost more than it saves
    assert pdf.plan(pdf.SHARE * 2, cores=2)[0] == 2
    assert pdf.plan(1000, cores=2) == (2, pdf.PART)
    assert pdf.plan(1000, cores=1)[0] == 1
    assert pdf.plan(pdf.SHARE * 3, cores=8)[0] == 3  # never more LibreOffices than shares of work
