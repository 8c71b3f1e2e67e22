"""An imported document written as a clerk would write it: block style, long texts folded at word
boundaries, values to review tagged `!xem-lai` with the reason in a comment above them."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from ..load import REVIEW_TAG
from .review import Flag

WIDTH = 100  # columns of a written line
_FLOW = ("cot", "rong")  # short lists of a table, written on one line like the README's examples


def yaml() -> YAML:
    y = YAML(typ="rt")
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096  # lines are folded here, at word boundaries, never inside `{{ … }}`
    return y


def dump(document: dict, comment: str | None = None) -> str:
    root = _map(document, 0)
    if comment:
        root.yaml_set_start_comment(comment)
    out = io.StringIO()
    yaml().dump(root, out)
    return out.getvalue()


def node(value: Any, col: int = 0) -> Any:
    """`value` as ruamel's round-trip node; `col` is where its keys or dashes start."""
    if isinstance(value, Flag):
        return _tagged(value.value, col)
    if isinstance(value, dict):
        return _map(value, col)
    if isinstance(value, list):
        return _seq(value, col)
    if isinstance(value, str):
        return _folded(value, col)
    return value


def _why(flag: Flag) -> str:
    return f"xem lại: {flag.reason}"


def _map(value: dict, col: int, comment_above: bool = True) -> CommentedMap:
    out = CommentedMap()
    for n, (key, item) in enumerate(value.items()):
        if key in _FLOW and isinstance(item, list):
            out[key] = _flow(item)
            reasons = [i.reason for i in item if isinstance(i, Flag)]
            if reasons:
                out.yaml_set_comment_before_after_key(key, before=f"xem lại: {'; '.join(reasons)}", indent=col)
            continue
        out[key] = [_flow(row) for row in item] if key in ("hang", "gop") and isinstance(item, list) else node(item, col + 2)
        if isinstance(item, Flag) and (n or comment_above):
            out.yaml_set_comment_before_after_key(key, before=_why(item), indent=col)
    return out


def _seq(value: list, col: int) -> CommentedSeq:
    out = CommentedSeq()
    for i, item in enumerate(value):
        first = next(iter(item.values()), None) if isinstance(item, dict) else None
        # A map item starts on the dash's line: its first key's comment goes above the dash.
        out.append(_map(item, col + 2, comment_above=False) if isinstance(item, dict) else node(item, col + 2))
        flag = item if isinstance(item, Flag) else first if isinstance(first, Flag) else None
        if flag:
            out.yaml_set_comment_before_after_key(i, before=_why(flag), indent=col)
    return out


def _flow(items: list) -> CommentedSeq:
    out = CommentedSeq([TaggedScalar(value=str(i.value), tag=REVIEW_TAG) if isinstance(i, Flag) else i
                        for i in items])
    out.fa.set_flow_style()
    return out


def _tagged(value: Any, col: int) -> TaggedScalar:
    if isinstance(value, date) or not isinstance(value, str):
        return TaggedScalar(value=str(value), tag=REVIEW_TAG)
    points = fold_points(value, col + len(REVIEW_TAG) + 2)
    if not points:
        return TaggedScalar(value=value, tag=REVIEW_TAG)
    for point in reversed(points):  # ruamel folds a `>` scalar where `\a` stands before a space
        value = value[:point] + "\a" + value[point:]
    return TaggedScalar(value=value, style=">", tag=REVIEW_TAG)


def _folded(text: str, col: int) -> str:
    if "\n" in text and text == text.strip() and "\n\n" not in text:  # typed lines kept as lines
        return LiteralScalarString(text)
    points = fold_points(text, col)
    if not points:
        return text
    folded = FoldedScalarString(text)
    folded.fold_pos = points
    return folded


def fold_points(text: str, col: int) -> list[int]:
    """Spaces where a long one-line text is folded to lines of at most WIDTH columns (never inside
    `{{ … }}`); none for a text that fits, or that folding cannot keep as it is."""
    room = max(WIDTH - col - 2, 40)
    if len(text) + col + 12 <= WIDTH or "\n" in text or text != text.strip() or "  " in text:
        return []
    points, start = [], 0
    while len(text) - start > room:
        cut = text.rfind(" ", start, start + room)
        while cut > start and text.count("{{", 0, cut) > text.count("}}", 0, cut):
            cut = text.rfind(" ", start, text.rfind("{{", 0, cut))
        if cut <= start:
            break
        points.append(cut)
        start = cut + 1
    return points
