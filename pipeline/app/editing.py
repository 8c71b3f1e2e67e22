"""What the page's document editor needs of the core to build a form and read it back: the
round-trip YAML that keeps a clerk's comments, the labels blocks print with, the text blocks, and
a citation as it prints."""

from __future__ import annotations

from typing import Any

from ..models import TEXT_BLOCKS  # noqa: F401
from ..numbering import Counter, label  # noqa: F401 (I., 1., a), - as the document prints them, counted alike)
from ..school import round_trip  # noqa: F401


def kind_fields(loai: str) -> tuple:
    """The fields a kind brings of its own (`kinds.KindField`: name, type, label …); none for an unknown code."""
    from ..kinds import KINDS
    return KINDS[loai].fields if loai in KINDS else ()


def form_fields(loai: str) -> dict[str, bool]:
    """Fields of every document that only some kinds offer (a decision's authority line, a công văn's
    drafting unit): whether this kind does."""
    from ..kinds import KINDS
    offered = {name: False for kind in KINDS.values() for name in kind.form_fields}
    return {**offered, **{name: True for name in (KINDS[loai].form_fields if loai in KINDS else ())}}


def all_kind_fields() -> dict[str, Any]:
    """Every kind's own fields by name (a form's posted names are known before its kind is)."""
    from ..kinds import KINDS
    return {f.name: f for kind in KINDS.values() for f in kind.fields}


def citation_text(values: dict[str, Any]) -> str:
    """A structured citation (loai, so, ky_hieu, ngay, co_quan, trich_yeu) as its line prints."""
    from ..documents.van_ban import can_cu_text
    from ..models import CanCu
    return can_cu_text(CanCu.model_validate(values))
