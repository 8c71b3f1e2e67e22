"""The register's promises under faults: kill, Ctrl-C, swapped or emptied registers, file-system errors.

Every test reads the register back with sqlite3 and the files with hashlib/python-docx, never
through the code under test. Processes are the tests' own children, signalled by pid.
"""

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from docx import Document

import nd30
from conftest import replace_in
from pipeline.errors import RegisterError
from pipeline.register import Entry, Register

SEED = int(os.environ.get("VANTHU_FAULT_SEED", time.time_ns() % 100_000))
RUN_VANTHU = "from pipeline.cli import main; main()"
REGISTER = "so-van-ban-di.sqlite"

# A worker issuing batches of three documents with random content through the register, and
# able to die (SIGKILL) or be interrupted (SIGINT) at a chosen step of issuing.
WORKER = r'''
import os, signal, sys, time
from datetime import date
from pathlib import Path
from pipeline.register import Entry, Register, Request

db, out, prefixes, point = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(","), sys.argv[4]

def signal_self(sig):
    os.kill(os.getpid(), sig)
    time.sleep(0.5)  # SIGINT arrives at the next bytecode; SIGKILL never returns

def write(so, ngay, tmp):
    with open(tmp, "wb") as f:
        for _ in range(6):
            f.write(os.urandom(2048))
            time.sleep(0.002)
    if point == "kill-while-writing" and so % 3 == 2:
        signal_self(signal.SIGKILL)
    if point == "interrupt-while-writing" and so % 3 == 2:
        signal_self(signal.SIGINT)

def around(name, sig, after):
    original = getattr(Register, name)
    def wrapper(self, *args, **kwargs):
        if not after:
            signal_self(sig)
        result = original(self, *args, **kwargs)
        if after:
            signal_self(sig)
        return result
    setattr(Register, name, wrapper)

HOOKS = {
    "kill-before-commit": ("_prepare", signal.SIGKILL, True),     # rows inserted, not committed
    "kill-after-commit": ("_complete", signal.SIGKILL, False),    # committed, files still temporary
    "kill-after-rename": ("_finish", signal.SIGKILL, True),       # file in place, row not yet marked
    "interrupt-after-commit": ("_complete", signal.SIGINT, False),
    "interrupt-while-placing": ("_finish", signal.SIGINT, False),
}
if point in HOOKS:
    around(*HOOKS[point])

def entry(key):
    return Entry(loai="TB", ten_loai="THÔNG BÁO", khoa=key, ky_hieu="TB-THCSKB", trich_yeu=f"Việc {key}",
                 nguoi_ky="Nguyễn Văn A", noi_nhan="- Lưu: VT.", bam_du_lieu=key, bam_mau="mau")

try:
    with Register(db, timeout=30) as register:
        print("ready", flush=True)
        for prefix, start in [(p, s) for p in prefixes for s in range(0, 9, 3)]:
            keys = [f"{prefix}-{j}" for j in range(start, start + 3)]
            register.issue_all([Request(entry(k), lambda so, k=k: out / f"TB-{so:02d}-{k}.bin", write)
                                for k in keys], date(2022, 5, 9))
except KeyboardInterrupt:
    sys.exit(130)
'''


def read_register(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT nam, chuoi, so, khoa, trang_thai, duong_dan, sha256, tep_tam FROM van_ban "
                           "ORDER BY so").fetchall()


def reopen(db: Path) -> None:
    """What the next run does first: open the register (finishing what a dead run committed)."""
    Register(db).close()


def assert_invariant(db: Path, out: Path, ignore: tuple[str, ...] = (), temps_allowed: bool = True) -> list[tuple]:
    """Every number has exactly one file, with its recorded sha256; every numbered file its row."""
    rows = read_register(db)
    assert [r for r in rows if r[4] != "da_cap"] == [], "a number left half issued after reopening"
    sequences = defaultdict(list)
    for nam, chuoi, so, *_ in rows:
        sequences[nam, chuoi].append(so)
    for numbers in sequences.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), f"gap or duplicate: {sorted(numbers)}"
    keys = [r[3] for r in rows]
    assert len(keys) == len(set(keys)), "a document numbered twice"
    for *_, path, digest, tmp in rows:
        assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == digest
        assert tmp is None
    files = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    visible = {p for p in files if not p.name.startswith(".") and p.name not in ignore}
    assert visible == {Path(r[5]) for r in rows}, "a numbered file without its row"
    hidden = [p.name for p in files if p.name.startswith(".")]
    # A kill while the print file was written may leave its temporary; the next write removes it.
    assert all(".dang-cap" in name or any(name.startswith(f".{i}.") for i in ignore) for name in hidden), hidden
    assert temps_allowed or not hidden
    return rows


def run_worker(tmp_path: Path, prefix: str, point: str = "none", signal_after: tuple | None = None):
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(tmp_path / "so.sqlite"), str(tmp_path / "out"),
                             prefix, point], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if signal_after:  # counted from the moment the register is open, so signals land while issuing
        sig, delay = signal_after
        assert proc.stdout.readline() == "ready\n"
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, err


def finish_all(tmp_path: Path, prefixes: list[str]) -> list[tuple]:
    code, err = run_worker(tmp_path, ",".join(prefixes))
    assert code == 0, err
    rows = assert_invariant(tmp_path / "so.sqlite", tmp_path / "out", temps_allowed=False)
    assert sorted(r[3] for r in rows) == sorted(f"{p}-{j}" for p in prefixes for j in range(9))
    return rows


@pytest.mark.parametrize("point, code", [
    ("kill-while-writing", -signal.SIGKILL), ("kill-before-commit", -signal.SIGKILL),
    ("kill-after-commit", -signal.SIGKILL), ("kill-after-rename", -signal.SIGKILL),
    ("interrupt-while-writing", 130), ("interrupt-after-commit", 130), ("interrupt-while-placing", 130)])
def test_a_run_stopped_at_each_step_of_issuing_leaves_every_number_with_its_file(tmp_path, point, code):
    assert run_worker(tmp_path, "a")[0] == 0  # three batches: numbers 01–09
    before = {r[3]: r for r in read_register(tmp_path / "so.sqlite")}
    returncode, err = run_worker(tmp_path, "b", point)
    assert returncode == code, err
    assert "Traceback" not in err
    reopen(tmp_path / "so.sqlite")
    rows = assert_invariant(tmp_path / "so.sqlite", tmp_path / "out")
    assert {r[3]: r for r in rows if r[3].startswith("a-")} == before  # earlier documents untouched
    committed = [r[3] for r in rows if r[3].startswith("b-")]
    if point in ("kill-after-commit", "kill-after-rename", "interrupt-after-commit", "interrupt-while-placing"):
        assert committed == ["b-0", "b-1", "b-2"]  # the committed batch was finished, not lost
    else:
        assert committed == []  # stopped before the commit: no number taken, no file
    rows = finish_all(tmp_path, ["a", "b"])
    assert [r[2] for r in rows] == list(range(1, 19))


@pytest.mark.slow  # eleven processes started and killed at random; each step is stopped above in the fast run
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_or_interrupted_at_random_moments_no_number_is_lost_or_given_twice(tmp_path, sig):
    rng = random.Random(SEED)
    prefixes = [f"r{i}" for i in range(10)]
    for prefix in prefixes:
        delay = rng.uniform(0, 0.15)
        code, err = run_worker(tmp_path, prefix, signal_after=(sig, delay))
        assert code in (0, 130, -sig), f"seed {SEED}, delay {delay:.3f}: {err}"
        if (tmp_path / "so.sqlite").exists():
            reopen(tmp_path / "so.sqlite")
            assert_invariant(tmp_path / "so.sqlite", tmp_path / "out")
    finish_all(tmp_path, prefixes)


def _notice_numbers(folder: Path) -> dict[str, str]:
    """The `Số:` line printed in each issued notice."""
    numbers = {}
    for path in sorted(folder.glob("TB-*.docx")):
        lines = [line for line in nd30.text(Document(path)).splitlines() if line.startswith("Số:")]
        numbers[path.name] = lines[0]
    return numbers


@pytest.mark.slow  # four full vanthu processes for each of two rounds
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_the_command_stopped_while_issuing_a_batch_then_run_again(tmp_path, sig):
    rng = random.Random(SEED + sig)
    root = Path(__file__).resolve().parent.parent
    for attempt in range(2):
        work = tmp_path / f"lan-{attempt}"
        shutil.copytree(root / "data", work / "data", ignore=shutil.ignore_patterns("*.sqlite*", ".*"))
        shutil.copytree(root / "templates", work / "templates")
        command = [sys.executable, "-c", RUN_VANTHU, "soan", "thong-bao-phan-cong", "--cap-so", "--ngay", "2022-05-12"]
        proc = subprocess.Popen(command, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        db, out = work / "data" / REGISTER, work / "out" / "2022" / "thong-bao-phan-cong"
        while not db.exists() and proc.poll() is None:  # the register opens just before the batch
            time.sleep(0.01)
        delay = rng.uniform(0, 1.0)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        if proc.returncode == 130:
            assert err.strip() == "Đã dừng.", err
        else:
            assert proc.returncode in (0, -sig), f"seed {SEED}, delay {delay:.2f}: {err}"
        if db.exists():
            reopen(db)
            assert_invariant(db, out, ignore=("tat-ca-da-cap-so.docx",))
        again = subprocess.run(command, cwd=work, capture_output=True, text=True)
        assert again.returncode == 0, again.stderr
        rows = assert_invariant(db, out, ignore=("tat-ca-da-cap-so.docx",), temps_allowed=False)
        assert [r[2] for r in rows] == [1, 2, 3, 4]
        printed = _notice_numbers(out)
        assert sorted(printed.values()) == [f"Số: 0{n}/TB-THCSKB" for n in (1, 2, 3, 4)]
        for name, line in printed.items():
            assert name.startswith(f"TB-{line.removeprefix('Số: ')[:2]}-")


# Registers emptied, deleted, swapped, corrupt.

@pytest.fixture
def issued_plan(vanthu, data, tmp_path):
    result = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09")
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / "2022" / "KH-01-THCSKB.docx"


def test_an_emptied_or_deleted_register_is_refused_while_numbers_exist(vanthu, data, issued_plan):
    register = data / REGISTER
    backup = register.read_bytes()
    for count, damage in enumerate(("emptied", "deleted"), 1):
        register.write_bytes(b"") if damage == "emptied" else register.unlink()
        for command in (("soan", "bao-cao-binh-dang-gioi", "--cap-so", "--ngay", "2022-12-20"), ("so-van-ban", "xem")):
            result = vanthu(*command)
            assert result.exit_code == 1, damage
            assert result.stderr.startswith(f"Lỗi: không thấy sổ văn bản đi data/{REGISTER} (tệp đã bị xóa hoặc "
                                            f"rỗng), trong khi sổ của đơn vị đã có {count} dòng")
            assert f"Hãy chép bản sao lưu mới nhất của sổ vào data/{REGISTER}" in result.stderr
        assert not register.exists() or register.read_bytes() == b""
        assert not (data.parent / "out" / "2022" / f"BC-0{count + 1}-THCSKB.docx").exists()
        register.write_bytes(backup)  # the clerk restores the backup: work goes on
        result = vanthu("soan", "bao-cao-binh-dang-gioi", "--cap-so", "--ngay", "2022-12-20")
        assert result.exit_code == 0 and f"Đã cấp số 0{count + 1}/BC-THCSKB" in result.output
        assert [r[2] for r in read_register(register)] == list(range(1, count + 2))
        vanthu("so-van-ban", "thu-hoi", str(count + 1), "--nam", "2022", "--ly-do", "Thử")
        backup = register.read_bytes()


def test_another_register_or_an_older_copy_in_its_place_is_refused(vanthu, data, issued_plan, tmp_path):
    register = data / REGISTER
    older = register.read_bytes()
    assert vanthu("soan", "bao-cao-binh-dang-gioi", "--cap-so", "--ngay", "2022-12-20").exit_code == 0
    latest = register.read_bytes()

    register.write_bytes(older)
    result = vanthu("soan", "thong-bao-phan-cong", "--cap-so", "--ngay", "2022-12-21")
    assert result.exit_code == 1
    assert "chỉ có 1 dòng, ít hơn 2 dòng đã có lần ghi trước" in result.stderr
    assert "có lẽ đây là một bản sao lưu cũ" in result.stderr
    assert register.read_bytes() == older and not (tmp_path / "out" / "2022" / "thong-bao-phan-cong").exists()

    other_school = tmp_path / "khac" / REGISTER
    with Register(other_school) as other:
        other.issue(Entry("KH", "KẾ HOẠCH", "x", "KH-THCSKHAC", "Việc khác", "B", "- Lưu: VT.", "h"),
                    date(2022, 3, 1), lambda so: tmp_path / "khac" / f"{so}.txt", lambda so, d, t: t.write_text("x"))
    register.write_bytes(other_school.read_bytes())
    result = vanthu("so-van-ban", "xem")
    assert result.exit_code == 1 and "là một sổ văn bản khác, không phải sổ của đơn vị này" in result.stderr
    assert register.read_bytes() == other_school.read_bytes()

    register.write_bytes(latest)
    assert vanthu("so-van-ban", "xem").exit_code == 0


def test_corrupt_or_foreign_database_is_refused_and_kept(vanthu, data, issued_plan):
    register = data / REGISTER
    good = register.read_bytes()
    register.write_bytes(good[:100] + b"\x00" * 50 + os.urandom(len(good) - 150))
    damaged = register.read_bytes()
    result = vanthu("soan", "bao-cao-binh-dang-gioi", "--cap-so")
    assert result.exit_code == 1 and "không phải sổ văn bản hoặc đã hỏng" in result.stderr
    assert "Traceback" not in result.stderr and register.read_bytes() == damaged

    register.unlink()
    (data / ".so-van-ban-di.id").unlink()  # not ours, and no trace of ours: still never written into
    with sqlite3.connect(register) as con:
        con.execute("CREATE TABLE diem (hoc_sinh TEXT, diem REAL)")
    foreign = register.read_bytes()
    result = vanthu("soan", "bao-cao-binh-dang-gioi", "--cap-so")
    assert result.exit_code == 1
    assert result.stderr == f"Lỗi: data/{REGISTER} là cơ sở dữ liệu của chương trình khác, không phải sổ văn bản " \
                            "đi của vanthu; tệp được giữ nguyên\n"
    assert register.read_bytes() == foreign


def test_a_new_register_never_overwrites_a_numbered_file_it_does_not_know(vanthu, data, issued_plan):
    issued = issued_plan.read_bytes()
    (data / REGISTER).unlink()
    (data / ".so-van-ban-di.id").unlink()  # every trace gone: only the numbered file in out/ remains
    result = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09")
    assert result.exit_code == 1
    assert "đã có tệp out/2022/KH-01-THCSKB.docx mà sổ văn bản" in result.stderr
    assert issued_plan.read_bytes() == issued
    assert read_register(data / REGISTER) == []
    assert not (data / ".so-van-ban-di.id").exists()  # an empty register leaves no trace: a backup still fits


# An issued file never changes.

def test_issuing_again_returns_the_issued_file_untouched(vanthu, issued_plan):
    before = (issued_plan.read_bytes(), issued_plan.stat().st_mtime_ns)
    time.sleep(0.01)
    result = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so")
    assert result.exit_code == 0
    assert result.output == ("Kế hoạch «ke-hoach-binh-dang-gioi» đã có số 01/KH-THCSKB (cấp ngày 09/05/2022); văn bản đã ban hành "
                             "được giữ nguyên: out/2022/KH-01-THCSKB.docx\n")
    assert (issued_plan.read_bytes(), issued_plan.stat().st_mtime_ns) == before


def test_a_changed_template_is_refused_and_the_issued_file_kept(vanthu, issued_plan, templates, data):
    before = issued_plan.read_bytes()
    doc = Document(templates / "van-ban.docx")
    doc.paragraphs[-1].add_run(" ")
    doc.save(templates / "van-ban.docx")
    result = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so")
    assert result.exit_code == 1
    assert "đã được cấp số 01/KH-THCSKB năm 2022 (tệp out/2022/KH-01-THCSKB.docx), nhưng mẫu đã thay đổi" \
        in result.stderr
    assert "vanthu so-van-ban thu-hoi 1 --nam 2022" in result.stderr
    assert issued_plan.read_bytes() == before
    assert [r[4] for r in read_register(data / REGISTER)] == ["da_cap"]


def test_an_issued_file_edited_or_deleted_is_reported_not_rewritten(vanthu, issued_plan, data):
    doc = Document(issued_plan)
    doc.add_paragraph("Thêm tay sau khi ký.")
    doc.save(issued_plan)
    edited = issued_plan.read_bytes()
    result = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so")
    assert result.exit_code == 1
    assert "nhưng tệp out/2022/KH-01-THCSKB.docx đã bị sửa sau khi cấp số" in result.stderr
    assert issued_plan.read_bytes() == edited

    issued_plan.unlink()
    result = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so")
    assert result.exit_code == 1
    assert "nhưng không còn tệp out/2022/KH-01-THCSKB.docx. Hãy chép lại tệp đó từ bản sao lưu" in result.stderr
    assert not issued_plan.exists()
    assert len(read_register(data / REGISTER)) == 1


def test_a_batch_with_one_changed_notice_issues_nothing_and_names_it(vanthu, data, tmp_path):
    assert vanthu("soan", "thong-bao-phan-cong", "--cap-so", "--ngay", "2022-05-12").exit_code == 0
    folder = tmp_path / "out" / "2022" / "thong-bao-phan-cong"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    roster = data / "2022" / "phan-cong.csv"
    replace_in(roster, "sau mỗi học kỳ", "sau mỗi tháng")  # Trần Văn Bình's extra task
    with open(roster, "a", encoding="utf-8") as f:  # and a new teacher, who must not get a number yet
        f.write("Võ Thị Mai,Bà,Giáo viên môn Giáo dục công dân,Tổ Ngữ văn - GDCD,"
                "Giáo viên môn Giáo dục công dân,,\n")
    result = vanthu("soan", "thong-bao-phan-cong", "--cap-so", "--ngay", "2022-05-12")
    assert result.exit_code == 1
    assert "(tệp out/2022/thong-bao-phan-cong/TB-01-THCSKB-tran-van-binh.docx), nhưng dữ liệu đã thay đổi" in result.stderr
    assert "chưa cấp số mới cho văn bản nào trong loạt" in result.stderr
    assert [r[2] for r in read_register(data / REGISTER)] == [1, 2, 3, 4]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_the_sequence_policy_of_a_year_cannot_change_mid_year(vanthu, data, issued_plan, tmp_path):
    with open(data / "don-vi.yaml", "a", encoding="utf-8") as f:
        f.write("so_van_ban: theo-loai\n")
    result = vanthu("soan", "thong-bao-phan-cong", "--cap-so", "--ngay", "2022-05-12")
    assert result.exit_code == 1
    assert result.stderr.startswith("Lỗi: năm 2022 của sổ văn bản đi đánh một dãy số chung cho mọi loại văn bản "
                                    "(`so_van_ban: chung`, chọn từ số đầu tiên của năm), nhưng cài đặt nay là "
                                    "`so_van_ban: theo-loai`.")
    assert [r[:3] for r in read_register(data / REGISTER)] == [(2022, "chung", 1)]
    assert not (tmp_path / "out" / "2022" / "thong-bao-phan-cong").exists()
    # The next year may take the new policy; then it is fixed for that year too.
    with Register(data / REGISTER, per_type=True) as register:
        write = lambda so, d, tmp: tmp.write_text(f"{so}")  # noqa: E731
        for loai in ("KH", "TB"):
            register.issue(Entry(loai, "X", "k", f"{loai}-THCSKB", "Việc", "A", "- Lưu: VT.", "h"),
                           date(2023, 1, 5), lambda so, loai=loai: tmp_path / f"{loai}-{so}-2023.txt", write)
    with Register(data / REGISTER) as register, pytest.raises(RegisterError, match="năm 2023 của sổ văn bản đi "
                                                                                   "đánh mỗi loại văn bản một dãy"):
        register.issue(Entry("BC", "X", "k", "BC-THCSKB", "Việc", "A", "- Lưu: VT.", "h"), date(2023, 2, 1),
                       lambda so: tmp_path / "bc.txt", write)
    assert [r[:3] for r in read_register(data / REGISTER)] == [(2022, "chung", 1), (2023, "KH", 1), (2023, "TB", 1)]


# File-system faults: one Vietnamese message, nothing taken, nothing half written.

def test_output_folder_that_is_a_file_or_a_name_too_long(vanthu, data, tmp_path):
    (tmp_path / "ra-la-tep").write_text("tệp của văn thư")
    cases = [(["--ra", "ra-la-tep"], "không tạo được thư mục ra-la-tep/2022: một phần của đường dẫn là tệp"),
             (["--ra", "x" * 300], "tên tệp hoặc đường dẫn quá dài")]
    for args, message in cases:
        for extra in ([], ["--cap-so", "--ngay", "2022-05-09"]):
            result = vanthu("soan", "ke-hoach-binh-dang-gioi", *args, *extra)
            assert result.exit_code == 1, result.output
            assert result.stderr.startswith("Lỗi: ") and message in result.stderr, result.stderr
            assert "Traceback" not in result.stderr
    assert (tmp_path / "ra-la-tep").read_text() == "tệp của văn thư"
    assert read_register(data / REGISTER) == []


@pytest.fixture
def immutable():
    """Make files or folders immutable (chattr +i: refused even to root); undone after the test."""
    made = []

    def make(path: Path):
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip("chattr +i is not available here (needs root and a file system that supports it)")
        made.append(path)
    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)])


def test_a_read_only_output_folder_takes_no_number(vanthu, data, tmp_path, immutable):
    out = tmp_path / "out" / "2022"
    out.mkdir(parents=True)
    immutable(out)
    result = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09")
    assert result.exit_code == 1
    assert result.stderr == ("Lỗi: không ghi được tệp out/2022/KH-01-THCSKB.docx: hệ thống không cho phép (tệp bị "
                             "khóa, chỉ đọc hoặc đang mở trong chương trình khác) (Operation not permitted)\n")
    assert list(out.iterdir()) == []
    assert read_register(data / REGISTER) == []


def test_a_locked_draft_leaves_the_whole_batch_as_it_was(vanthu, data, tmp_path, immutable):
    assert vanthu("soan", "thong-bao-phan-cong").exit_code == 0
    folder = tmp_path / "out" / "2022" / "du-thao" / "thong-bao-phan-cong"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    replace_in(data / "2022" / "van-ban" / "thong-bao-phan-cong.yaml", "ket_luan:", "ket_luan: ")  # any re-draft
    replace_in(data / "2022" / "phan-cong.csv", "sau mỗi học kỳ", "sau mỗi tháng")
    drafts = sorted(p for p in folder.iterdir() if not p.name.startswith("tat-ca-"))
    immutable(drafts[-1])  # the last one moved in: every earlier one must be put back
    result = vanthu("soan", "thong-bao-phan-cong")
    assert result.exit_code == 1
    assert f"không ghi được tệp out/2022/du-thao/thong-bao-phan-cong/{drafts[-1].name}: hệ thống không cho phép" \
        in result.stderr
    assert "không tệp nào được thay, các tệp đã có vẫn như cũ" in result.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [p.name for p in folder.parent.iterdir() if p.name.startswith(".")] == []  # no staging left


def test_two_drafts_with_one_file_name_are_refused_before_writing(vanthu, data, tmp_path):
    with open(data / "2022" / "phan-cong.csv", "a", encoding="utf-8") as f:
        f.write('Nguyễn Thị Lộc,Bà,"Giáo viên môn Giáo dục công dân, Tổ Ngữ văn - GDCD",,'
                "Giáo viên môn Giáo dục công dân,,\n")
    result = vanthu("soan", "thong-bao-phan-cong")
    assert result.exit_code == 1
    assert "hai văn bản cùng ghi vào tệp out/2022/du-thao/thong-bao-phan-cong/nguyen-thi-loc-giao-vien-mon-" \
           "giao-duc-cong-dan-to-ngu-van-gdcd.docx" in result.stderr
    assert "Chưa ghi tệp nào" in result.stderr
    assert not (tmp_path / "out" / "2022" / "du-thao" / "thong-bao-phan-cong").exists()


def _can_mount_tmpfs() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=8k tmpfs /mnt"],
                          capture_output=True).returncode == 0


@pytest.mark.skipif(not _can_mount_tmpfs(), reason="needs root to mount a small tmpfs in a private namespace")
def test_a_full_disk_takes_no_number(data, templates, tmp_path):
    full = tmp_path / "day"
    full.mkdir()
    # A 24 KiB file system, mounted only for this one process: the plan does not fit.
    script = f'mount -t tmpfs -o size=24k tmpfs {full} && exec "$0" -c "$1" soan ke-hoach-binh-dang-gioi --cap-so --ngay 2022-05-09 --ra {full}'
    result = subprocess.run(["unshare", "-m", "sh", "-c", script, sys.executable, RUN_VANTHU],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"Lỗi: không ghi được tệp {full}/2022/KH-01-THCSKB.docx: đĩa đã đầy (No space left on device)\n"
    assert read_register(data / REGISTER) == []


def test_stray_folders_in_data_are_not_years(vanthu, data, tmp_path):
    (data / "2022²").mkdir()
    (data / "2023 (1)").mkdir()
    result = vanthu("soan", "ke-hoach-binh-dang-gioi")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "2022" / "du-thao" / "ke-hoach-binh-dang-gioi.docx").exists()
    (tmp_path / "du-lieu-la-tep").write_text("x")
    result = vanthu("soan", "ke-hoach-binh-dang-gioi", "--du-lieu", "du-lieu-la-tep")
    assert result.exit_code == 1
    assert result.stderr == "Lỗi: du-lieu-la-tep: không tìm thấy thư mục dữ liệu (đây là một tệp)\n"


def test_nam_moi_ghi_de_keeps_the_replaced_year(vanthu, data):
    assert vanthu("nam-moi", "--tu", "2022").exit_code == 0
    replace_in(data / "2023" / "tham-so.yaml", "# Tham số", "# Đã sửa tay. Tham số")
    (data / "2023" / "ghi-chu-cua-van-thu.txt").write_text("đừng mất", encoding="utf-8")
    (data / "2023" / "van-ban" / "ghi-chu.yaml").write_text("# của văn thư\n", encoding="utf-8")
    result = vanthu("nam-moi", "--tu", "2022", "--ghi-de")
    assert result.exit_code == 0
    [kept] = (data / ".sao-luu").iterdir()
    assert kept.name.startswith("2023-")
    assert f"Thư mục 2023 cũ (kể cả mọi chỉnh sửa và tệp thêm) được giữ ở data/.sao-luu/{kept.name}/" \
        in result.output
    assert "# Đã sửa tay." in (kept / "tham-so.yaml").read_text(encoding="utf-8")
    assert (kept / "ghi-chu-cua-van-thu.txt").read_text(encoding="utf-8") == "đừng mất"
    assert (kept / "van-ban" / "ghi-chu.yaml").exists()
    assert not (data / "2023" / "ghi-chu-cua-van-thu.txt").exists()
    assert vanthu("soan", "ke-hoach-binh-dang-gioi", "--nam", "2023", "--nhap").exit_code == 0  # the backup is not taken for a year


def test_a_temporary_left_by_a_killed_writer_is_removed_by_the_next_write(tmp_path):
    from pipeline.files import write_atomic
    target = tmp_path / "tat-ca.txt"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".{target.name}.{int(dead.stdout)}.tmp"  # that process has ended
    stale.write_bytes(b"half")
    mine = tmp_path / f".{target.name}.{os.getppid()}.tmp"  # a live process's temporary is left alone
    mine.write_bytes(b"busy")
    write_atomic(target, lambda tmp: tmp.write_bytes(b"whole"))
    assert target.read_bytes() == b"whole" and not stale.exists() and mine.exists()
