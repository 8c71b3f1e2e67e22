"""Around a revoke: the batch's print file (all its issued letters in one .docx) made again without
the revoked one, so that no printed copy carries a number that is no longer valid; and the issued
documents that draw on the revoked one, named before and after the clerk confirms."""

from __future__ import annotations

from pathlib import Path

from .. import vn
from . import Revoked, open_register, register_path, revoke_number
from ..errors import warn
from .results import collects


@collects
def revoke(du_lieu: Path, nam: int, so: int | str, ly_do: str, loai: str | None = None,
           register: Path | None = None) -> Revoked:
    """Revoke a number (never given again) and move its file aside, so it cannot be printed as valid;
    its batch's print file is made again without it, and the issued documents that draw on it are
    named (they stay issued: the clerk decides)."""
    revoked = revoke_number(du_lieu, nam, so, ly_do, loai, register)
    revoked.printed = rebuild_print_file(du_lieu, revoked, register)
    citing = citing_warning(du_lieu, revoked.row, register)
    if citing:
        warn(citing)
    return revoked


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


def citing_warning(du_lieu: Path, row, register: Path | None = None) -> str:
    """A sentence naming the issued documents that draw on `row`'s document (a plan whose tasks or
    targets they quote, `ke_hoach`), or "" when none does: revoking it leaves them standing."""
    from ..register import ISSUED, exists
    from ..load import read_yaml
    from ..documents.van_ban import FOLDER
    year, _, ten = row.khoa.partition("/")
    if not year.isdigit() or not ten or "/" in ten or not exists(register_path(du_lieu, register)):
        return ""  # a row of a sheet, or a number given outside vanthu: nothing cites it by name
    folder = Path(du_lieu) / year / FOLDER
    names = {path.stem for path in sorted(folder.glob("*.yaml"))
             if path.stem != ten and str(read_yaml(path)[0].get("ke_hoach") or "") == ten}
    if not names:
        return ""
    with open_register(du_lieu, register) as reg:
        rows = sorted((r for r in reg.rows(int(year)) if r.trang_thai == ISSUED
                       and r.khoa.split("/")[1:2] and r.khoa.split("/")[1] in names), key=lambda r: r.so)
    if not rows:
        return ""
    shown = ", ".join(vn.so_hieu(r.so, r.ky_hieu) for r in rows)
    return (f"{len(rows)} văn bản đã cấp số căn cứ vào văn bản số {vn.so_hieu(row.so, row.ky_hieu)} "
            f"({shown}); thu hồi văn bản này không thu hồi chúng: hãy xem lại từng văn bản, thu hồi và cấp lại "
            "nếu cần")
