"""Writing files so that nobody ever sees half of one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from .errors import OutputError


def temp_beside(path: Path) -> Path:
    """A temporary name in the target's folder, so the final rename stays on one file system."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"không tạo được thư mục {path.parent}: {exc.strerror}") from None
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Write through a temporary file, then rename: a failure leaves the previous file untouched."""
    path = Path(path)
    tmp = temp_beside(path)
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"không ghi được tệp {path}: {exc.strerror}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return path
