"""After a revoke: the batch's print file (all its issued letters in one .docx) made again without
the revoked one, so that no printed copy carries a number that is no longer valid."""

from __future__ import annotations

from pathlib import Path

from . import Revoked, open_register


def rebuild_print_file(du_lieu: Path, revoked: Revoked, register: Path | None = None) -> Path | None:
    """The print file beside the revoked document, rebuilt from the batch's documents still issued
    (removed when none is left); None when the document had no print file."""
    from ..combine import combine
    from ..documents.van_ban import COMBINED
    from ..register import ISSUED
    row = revoked.row
    if not row.tep or "/" not in row.khoa.strip("/"):
        return None
    folder = revoked.moved_to.parent.parent if revoked.moved_to else Path(row.tep).parent
    printed = folder / COMBINED[True]
    if not printed.is_file():
        return None
    batch = row.khoa.rsplit("/", 1)[0] + "/"
    with open_register(du_lieu, register) as reg:
        kept = sorted((r for r in reg.rows(row.nam) if r.trang_thai == ISSUED and r.khoa.startswith(batch)
                       and r.tep and Path(r.tep).parent == folder and Path(r.tep).is_file()), key=lambda r: r.so)
    if not kept:
        printed.unlink()
        return None
    return combine([Path(r.tep) for r in kept], printed)
