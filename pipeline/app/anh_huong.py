"""What a change to the school's data (don-vi.yaml) means for what was issued: issued files never
change, but each issued document made again from the data would print the new values. The clerk is
told which ones, and nothing of them is touched."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import register_path

# What prints on a document, with the words a clerk knows it by.
PRINTED = {"co_quan_chu_quan": "cơ quan chủ quản", "ten": "tên trường", "ten_dau_trang": "tên trên tiêu đề",
           "ma": "mã trường (trong ký hiệu)", "dia_danh": "địa danh", "nguoi_ky": "người ký",
           "trinh_bay": "cách trình bày (lề, cỡ chữ, giãn dòng)"}


@dataclass
class Affected:
    changed: list[str]   # what changed that prints, in the clerk's words
    issued: list         # the register's issued rows whose documents would print differently


def issued_affected(du_lieu: Path, before, after) -> Affected:
    """The issued documents that would print differently with `after` instead of `before` (two DonVi)."""
    from ..register import ISSUED
    from ..register import exists
    from . import open_register
    old, new = before.model_dump(), after.model_dump()
    changed = [label for key, label in PRINTED.items() if old.get(key) != new.get(key)]
    if not changed or not exists(register_path(du_lieu)):
        return Affected(changed, [])
    with open_register(du_lieu) as reg:
        return Affected(changed, [r for r in reg.rows() if r.trang_thai == ISSUED])
