"""Document kinds: how each kind of NĐ 30 document lays out its header, title block and closing, and
the fields it brings of its own. Everything vanthu knows of a kind is here: the codes (codes.py,
which loads nothing), and one module per kind, gathered in the registry (registry.py) that the CLI,
`kiem-tra`, the template builder, the importer and the web page iterate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .codes import CONG_VAN, KIND_CODES, LOAI_VAN_BAN, ten_loai

if TYPE_CHECKING:  # the type checker sees the registry's names (at run time they load on first use)
    from .registry import AFTER_BODY, BEFORE_BODY, KINDS, Kind, KindField, kind

_REGISTRY = ("AFTER_BODY", "BEFORE_BODY", "KINDS", "Kind", "KindField", "kind")


def __getattr__(name: str):
    # The registry loads the model (pydantic): only when a kind is asked for, not for the codes.
    if name not in _REGISTRY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import registry
    return getattr(registry, name)


__all__ = ["CONG_VAN", "KIND_CODES", "LOAI_VAN_BAN", "ten_loai", *_REGISTRY]
