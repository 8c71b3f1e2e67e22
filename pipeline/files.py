"""Writing files so that nobody ever sees half of one, and every OS error said in Vietnamese."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .errors import OutputError


def file_hash(path: Path) -> str:
    """A file's SHA-256, or "" when there is no file: what an edit started from, to detect another edit."""
    try:
        return sha256(Path(path))
    except FileNotFoundError:
        return ""

# What an OS error means for the clerk; the system's own (English) words follow in brackets.
_REASONS = {
    errno.EACCES: "không có quyền ghi (thư mục hoặc tệp chỉ đọc, hoặc tệp đang mở trong chương trình khác)",
    errno.EPERM: "hệ thống không cho phép (tệp bị khóa, chỉ đọc hoặc đang mở trong chương trình khác)",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENOSPC: "đĩa đã đầy",
    errno.EDQUOT: "đã hết dung lượng được cấp trên đĩa",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EISDIR: "đã có một thư mục trùng tên",
    errno.EEXIST: "đã có một tệp trùng tên",
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục",
    errno.EBUSY: "tệp đang được dùng",
    errno.ETXTBSY: "tệp đang được dùng",
    errno.EIO: "lỗi đọc ghi đĩa",
}


def explain(exc: OSError) -> str:
    """A Vietnamese reason for an OS error, its system text after it."""
    reason = _REASONS.get(exc.errno, "lỗi hệ thống tệp") if exc.errno is not None else "lỗi hệ thống tệp"
    return f"{reason} ({exc.strerror or exc})"


def failure(what: str, path: Path | str, exc: OSError) -> OutputError:
    return OutputError(f"{what} {path}: {explain(exc)}")


def make_dirs(folder: Path) -> Path:
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise failure("không tạo được thư mục", folder, exc) from None
    return Path(folder)


def temp_beside(path: Path) -> Path:
    """A temporary name in the target's folder, so the final rename stays on one file system.
    Temporaries left in that folder by a process that was killed are removed on the way."""
    make_dirs(path.parent)
    _sweep_stale(path.parent)
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


# Writes left into each folder before it is swept again: a folder is swept on its first write, then
# after as many writes as it had entries, so a batch of N files costs O(N) listings, not O(N²).
_WRITES_BEFORE_SWEEP: dict[str, int] = {}


def _sweep_stale(folder: Path) -> None:
    key = str(folder)
    left = _WRITES_BEFORE_SWEEP.get(key, 0)
    if left > 0:
        _WRITES_BEFORE_SWEEP[key] = left - 1
        return
    entries = 0
    with os.scandir(folder) as listing:
        for entry in listing:
            entries += 1
            name, _, pid = entry.name[:-len(".tmp")].rpartition(".")
            if (entry.name.startswith(".") and entry.name.endswith(".tmp") and name and pid.isdigit()
                    and not _running(int(pid))):
                _remove(Path(entry.path))
    _WRITES_BEFORE_SWEEP[key] = entries


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_atomic(path: Path, write: Callable[[Path], object]) -> Path:
    """Write through a temporary file, then rename: a failure leaves the previous file untouched."""
    path = Path(path)
    tmp = temp_beside(path)
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise failure("không ghi được tệp", path, exc) from None
    finally:
        _remove(tmp)
    return path


def sync(path: Path) -> None:
    """Force a file (or a folder's entries, after a rename) onto the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # a leftover temporary file is untidy, not harmful


@contextmanager
def staging(folder: Path) -> Iterator[Path]:
    """A hidden folder beside `folder` (same file system) to prepare a batch in; removed after, with
    the folders made for it when nothing was put in them (a refused batch leaves no trace)."""
    made = [p for p in (folder.parent, *folder.parent.parents) if not p.exists()]
    make_dirs(folder.parent)
    try:
        stage = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as exc:
        raise failure("không tạo được thư mục tạm trong", folder.parent, exc) from None
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        for parent in made:  # deepest first
            try:
                parent.rmdir()
            except OSError:
                break  # not empty: the batch was written there


def move_all(moves: list[tuple[Path, Path]], aside: Path) -> None:
    """Move prepared files onto their targets, all or none.

    A target that exists is first set aside in `aside` (a staging folder on the same file
    system); if any move fails, every file moved so far goes back where it was.
    """
    for _, target in moves:
        if target.exists() and not target.is_file():
            raise OutputError(f"không ghi được tệp {target}: {_REASONS[errno.EISDIR]}; không tệp nào được thay")
    done: list[tuple[Path, Path, Path | None]] = []
    try:
        for source, target in moves:
            make_dirs(target.parent)
            old = None
            if target.exists():
                old = aside / f".cu-{len(done)}-{target.name}"
                os.replace(target, old)
            done.append((source, target, old))
            os.replace(source, target)
    except OSError as exc:
        _undo(done)
        raise OutputError(f"không ghi được tệp {target}: {explain(exc)}; "
                          "không tệp nào được thay, các tệp đã có vẫn như cũ") from None
    except BaseException:
        _undo(done)
        raise


def _undo(done: list[tuple[Path, Path, Path | None]]) -> None:
    for source, target, old in reversed(done):
        try:
            if not source.exists() and target.exists():
                os.replace(target, source)
            if old is not None:
                os.replace(old, target)
        except OSError:
            pass  # best effort: the staged copy stays in the staging folder
