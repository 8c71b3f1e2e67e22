"""What every kind of document shares, and what a kind may change."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, Literal

from .. import vn
from ..contexts import Block, Frame, TitleVars
from ..models import Text, VanBan

# Where a kind's own field prints: before the body (after the opening sentence), or after it.
BEFORE_BODY, AFTER_BODY = "truoc_noi_dung", "sau_noi_dung"


@dataclass(frozen=True)
class KindField:
    """A field a kind brings of its own (a Giấy mời's time and place): the data key, what it holds
    (`text`: one line; `lines`: a list, one item a line), its Vietnamese label, where it prints, and
    an example for the starter file. The model, the editor, `moi`, `kiem-tra` and the importer read
    these; nothing else names the field."""

    name: str
    label: str
    type: Literal["text", "lines"] = "text"
    where: str = BEFORE_BODY
    required: bool = True
    example: str = ""

    def annotation(self) -> tuple[Any, Any]:
        """The pydantic field: required or optional, one text or a list of texts."""
        kind = Text if self.type == "text" else list[Text]
        return (kind, ...) if self.required else (kind | None, None)


@dataclass(frozen=True)
class Kind:
    """A kind of document: its code (Phụ lục III), its tên loại, and its own rules.

    Subclasses override the hooks; the defaults are Mẫu 1.4 (kế hoạch, thông báo, báo cáo …).
    """

    code: str
    ten_loai: str | None
    mau: str = "Mẫu 1.4"  # the decree's sample this kind follows
    needs_kinh_gui: bool = False
    fields: tuple[KindField, ...] = ()  # the kind's own fields, beyond every document's
    form_fields: tuple[str, ...] = ()  # fields of the common model that only this kind offers in a form

    def model(self) -> type[VanBan]:
        """The data model of a document of this kind: every document's fields and this kind's own."""
        return _model(self)

    def field_blocks(self, doc: VanBan, fill: Callable[[str, tuple], str], where: str) -> list[Block]:
        """The kind's own fields as body blocks printed `where` (BEFORE_BODY, AFTER_BODY): `Thời gian: …`,
        or the label then one bullet per item of a list. `fill` fills a text's variables (errors at its line)."""
        blocks: list[Block] = []
        for f in self.fields:
            value = getattr(doc, f.name, None)
            if f.where != where or not value:
                continue
            if f.type == "text":
                blocks.append(_block("doan", "", f"{f.label}: {_clause(fill(value, (f.name,)))}."))
                continue
            items = [_clause(fill(item, (f.name, i))) for i, item in enumerate(value)]
            blocks.append(_block("doan", "", f"{f.label}:"))
            blocks += [_block("y", "-", text + ("." if i == len(items) - 1 else ";")) for i, text in enumerate(items)]
        return blocks

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
        if self.needs_kinh_gui and not doc.kinh_gui:
            found.append((f"{self.ten} cần nơi gửi (`kinh_gui`)", ("kinh_gui",)))
        return found

    def context(self, doc: VanBan, ctx: Frame) -> TitleVars:
        """The variables of the title block: tên loại, and what this kind adds. `ban_hanh` is who
        issues it, as an annex's `Kèm theo` line names them."""
        return {"ten_loai": self.ten_loai or "", "v_v": [], "tham_quyen": "", "quyet_dinh": False,
                "ban_hanh": ctx["don_vi"]["ten"]}

    def first_recipients(self, doc: VanBan, blocks: list[Block]) -> list[str]:
        """Lines that stand first in Nơi nhận: `- Như trên;` when there is a Kính gửi."""
        nhu_tren = doc.nhu_tren if doc.nhu_tren is not None else bool(doc.kinh_gui)
        return ["- Như trên;"] if nhu_tren else []

    def starter(self) -> str:
        """A commented data file a clerk starts a document of this kind from."""
        from .starters import generic
        return generic(self)

    def starter_text(self, nam: int) -> str:
        """The starter for a document of year `nam`."""
        return self.starter().replace("{{ nam_bat_dau }}", str(nam))


def _clause(text: str) -> str:
    return text.strip().rstrip(" ;.")


def _block(loai: str, nhan: str, text: str) -> Block:
    """A body block as documents.van_ban.number makes them."""
    return {"loai": loai, "nhan": nhan, "noi_dung": text, "dong": f"{nhan} {text}".strip(), "dam": False}


@functools.cache
def _model(kind: Kind) -> type[VanBan]:
    if not kind.fields:
        return VanBan
    from pydantic import create_model
    fields: dict[str, Any] = {f.name: f.annotation() for f in kind.fields}
    return create_model(f"VanBan{kind.code}", __base__=VanBan, **fields)
