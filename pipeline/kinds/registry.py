"""The registry of kinds: one entry per code; a kind is one module defining a `Kind` subclass."""

from __future__ import annotations

from .base import AFTER_BODY, BEFORE_BODY, Kind, KindField
from .chung import Chung
from .cong_van import CongVan
from .giay_moi import GiayMoi
from .quyet_dinh import QuyetDinh
from .to_trinh import ToTrinh
from .codes import LOAI_VAN_BAN

KINDS: dict[str, Kind] = {
    **{code: Chung(code, ten_loai) for code, ten_loai in LOAI_VAN_BAN.items()},
    "QĐ": QuyetDinh(),
    "TTr": ToTrinh(),
    "CV": CongVan(),
    "GM": GiayMoi(),
}


def kind(code: str) -> Kind:
    """The kind of a document's `loai` (already validated by the model)."""
    return KINDS[code]


__all__ = ["AFTER_BODY", "BEFORE_BODY", "KINDS", "Kind", "KindField", "kind"]
