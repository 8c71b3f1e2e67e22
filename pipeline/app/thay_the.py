"""A new document that replaces an issued one: its text copied under a new name, to edit and issue
with a number of its own (the issued one stays as it was issued)."""

from __future__ import annotations

from pathlib import Path

from ..files import write_atomic
from . import document_path


def replacement(du_lieu: Path, nam: int, ten: str) -> Path:
    """`<ten>-thay-the.yaml` (or -2, -3 … when taken) beside the issued document, a copy of it."""
    source = document_path(du_lieu, nam, ten)
    for n in range(1, 100):
        target = source.with_name(f"{ten}-thay-the{'' if n == 1 else f'-{n}'}.yaml")
        if not target.exists():
            text = source.read_text(encoding="utf-8")
            return write_atomic(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    raise FileExistsError(target)
