"""Files a clerk sends through the page: checked first, then written only under a name vanthu makes,
inside the job's own folder, through the same atomic write as every other file.

The name the browser sends and the name the clerk types are never a path: the browser's gives only
the suffix (checked against a list), the clerk's must be a plain file stem and is checked before
any byte reaches the disk.
"""

from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Callable, TypeVar

from .. import vn
from ..errors import DataError
from ..files import make_dirs, write_atomic
from ..limits import check_year

STEM = re.compile(r"[a-z0-9][a-z0-9-]*")
MAX_STEM = 80  # a file stem longer than this is a mistake, and paths on Windows have a limit
WORD_FILES = (".docx", ".doc")

Save = Callable[[Path], None]  # writes the upload's bytes to the path it is given


def checked_stem(ten: str, field: str = "ten") -> str:
    """A file stem typed by the clerk, refused (beside its field) unless it is one: no folder, no dot."""
    if STEM.fullmatch(ten) and len(ten) <= MAX_STEM:
        return ten
    example = vn.slug(ten)[:MAX_STEM].strip("-") or "ke-hoach-bdg"
    raise DataError(f"tên «{ten}» không dùng được: cần chữ thường không dấu, số và dấu `-` "
                    f"(không có thư mục, dấu chấm hay gạch chéo), ví dụ «{example}»", field=field)


def upload_suffix(filename: str, allowed: tuple[str, ...], field: str, what: str) -> str:
    """The suffix of the name the browser sent, the only part of it that is used."""
    if not filename:
        raise DataError("chưa chọn tệp", field=field)
    # Either separator: a browser on Windows may send a whole path.
    suffix = PurePosixPath(PureWindowsPath(filename).name).suffix.lower()
    if suffix not in allowed:
        raise DataError(f"tệp «{filename}» không phải {what} ({' hoặc '.join(allowed)})", field=field)
    return suffix


def job_folder(parent: Path) -> Path:
    """A new folder of random name for one upload's files."""
    return make_dirs(Path(parent) / secrets.token_hex(8))


def save_upload(folder: Path, stem: str, suffix: str, save: Save) -> Path:
    """Write an upload as `folder/stem+suffix`, atomically; both parts were made or checked by vanthu."""
    if not STEM.fullmatch(stem) or not re.fullmatch(r"\.[a-z0-9]+", suffix):
        raise ValueError(f"not a name vanthu makes: {stem!r}{suffix!r}")  # a bug, never the clerk's input
    return write_atomic(Path(folder) / f"{stem}{suffix}", save)


T = TypeVar("T")


def kept_upload(folder: Path, filename: str, save: Save, use: Callable[[Path], T]) -> T:
    """An upload kept in `folder` under the slug of the name it was sent with (the same file sent
    again lands on the same name), then given to `use`; when `use` refuses it, the folder is left as
    it was before: a new file removed, an earlier one of that name put back."""
    name = PurePosixPath(PureWindowsPath(filename).name)
    stem = vn.slug(name.stem)[:MAX_STEM].strip("-") or "van-ban"
    suffix = name.suffix.lower()
    target = Path(folder) / f"{stem}{suffix}"
    before = target.read_bytes() if target.is_file() else None
    save_upload(make_dirs(Path(folder)), stem, suffix, save)
    try:
        return use(target)
    except BaseException:
        if before is None:
            target.unlink(missing_ok=True)
        else:
            write_atomic(target, lambda tmp: tmp.write_bytes(before))
        raise


def import_upload(du_lieu: Path, out: Path, filename: str, save: Save, nam: int | None, ten: str = ""):
    """Nhập from the page: a Word file sent by the browser becomes a document of the year.

    The typed name is checked, the file saved under it (or under the slug of the sent name) in a
    fresh folder of `out/nhap/`, then imported as `vanthu nhap` imports.
    """
    from .. import importers
    ten = ten.strip()
    if nam is not None:
        check_year(nam)  # the year is the page's, not a box of the form: said above it
    suffix = upload_suffix(filename, WORD_FILES, "tep", "tệp Word")
    if ten:
        checked_stem(ten)
    else:
        ten = vn.slug(PurePosixPath(PureWindowsPath(filename).name).stem)[:MAX_STEM].strip("-")
    folder = job_folder(Path(out) / "nhap")
    try:
        source = save_upload(folder, ten or "van-ban", suffix, save)
        (imported,) = importers.nhap([source], Path(du_lieu), nam, ten or None)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # a refused file is not kept
        raise
    return imported
