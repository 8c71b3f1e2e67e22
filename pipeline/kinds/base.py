"""What every kind of document shares, and what a kind may change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import vn
from ..models import VanBan


@dataclass(frozen=True)
class Kind:
    """A kind of document: its code (Phụ lục III), its tên loại, and its own rules.

    Subclasses override the hooks; the defaults are Mẫu 1.4 (kế hoạch, thông báo, báo cáo …).
    """

    code: str
    ten_loai: str | None
    mau: str = "Mẫu 1.4"  # the decree's sample this kind follows
    needs_kinh_gui: bool = False

    @property
    def ten(self) -> str:
        """The kind's name inside a sentence: `Kế hoạch`, `Quyết định`, `Công văn`."""
        return vn.thuong_dau(self.ten_loai or "").capitalize() if self.ten_loai else "Công văn"

    def ky_hieu(self, ma: str, doc: VanBan) -> str:
        """Ký hiệu of a typed document: `KH-THCSKB`."""
        return f"{self.code}-{ma}"

    def problems(self, doc: VanBan) -> list[tuple[str, tuple]]:
        """What this kind requires of the data: (message, field path) pairs."""
        found = []
        if not doc.trich_yeu:
            found.append((f"{self.ten} cần trích yếu (`trich_yeu`)", ("trich_yeu",)))
        if self.needs_kinh_gui and not doc.kinh_gui:
            found.append((f"{self.ten} cần nơi gửi (`kinh_gui`)", ("kinh_gui",)))
        return found

    def context(self, doc: VanBan, ctx: dict[str, Any]) -> dict[str, Any]:
        """The variables of the title block: tên loại, and what this kind adds. `ban_hanh` is who
        issues it, as an annex's `Kèm theo` line names them."""
        return {"ten_loai": self.ten_loai or "", "v_v": [], "tham_quyen": "", "quyet_dinh": False,
                "ban_hanh": ctx["don_vi"]["ten"]}

    def first_recipients(self, doc: VanBan, blocks: list[dict]) -> list[str]:
        """Lines that stand first in Nơi nhận: `- Như trên;` when there is a Kính gửi."""
        nhu_tren = doc.nhu_tren if doc.nhu_tren is not None else bool(doc.kinh_gui)
        return ["- Như trên;"] if nhu_tren else []

    def starter(self) -> str:
        """A commented data file for `vanthu moi`."""
        from .starters import generic
        return generic(self)
