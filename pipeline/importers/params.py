"""The year's values in a document's text turned into the parameters vanthu fills, so that next
year's roll-over carries imported documents too: `năm 2022` → `năm {{ nam }}`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from .review import Flag
from .text import name_forms

_BLOCK_TEXTS = ("doan", "muc", "khoan", "diem", "y", "dieu")
_TOP_TEXTS = ("trich_yeu", "tham_quyen", "mo_dau", "ket_luan")
_JINJA = re.compile(r"\{[{%#]")


@dataclass
class Values:
    """The values of the document's own year, and the names that stand for them."""

    nam: int
    nam_hoc: str
    ten: str | None = None  # the school's name as the text writes it
    bien: dict[str, str] = field(default_factory=dict)  # the year's named variables (tham-so.yaml)


def parameterise(document: dict, values: Values) -> dict:
    """The document with the year's values in its texts (not in căn cứ, tables or Nơi nhận) replaced."""
    fill = lambda text: _replace(text, values)  # noqa: E731
    out = dict(document)
    for key in _TOP_TEXTS:
        if key in out:
            out[key] = _on_text(out[key], fill)
    out["noi_dung"] = _blocks(out.get("noi_dung", []), fill)
    if "phu_luc" in out:
        out["phu_luc"] = [{"ten": _on_text(a["ten"], fill), "noi_dung": _blocks(a["noi_dung"], fill)}
                          for a in out["phu_luc"]]
    return out


def _blocks(blocks: list, fill: Callable[[str], Any]) -> list:
    out = []
    for block in blocks:
        if isinstance(block, dict):
            block = {k: (_on_text(v, fill) if k in _BLOCK_TEXTS else _blocks(v, fill) if k == "noi_dung" else v)
                     for k, v in block.items()}
        else:
            block = _on_text(block, fill)
        out.append(block)
    return out


def _on_text(value: Any, fill: Callable[[str], Any]) -> Any:
    if isinstance(value, Flag):
        filled = fill(value.value) if isinstance(value.value, str) else value.value
        return Flag(filled.value if isinstance(filled, Flag) else filled, value.reason)
    return fill(value) if isinstance(value, str) else value


def _replace(text: str, values: Values) -> str | Flag:
    if _JINJA.search(text):  # braces vanthu would read as a variable: leave the text to the clerk
        return Flag(text, "câu có dấu «{{», «{%» hay «{#» mà vanthu đọc như biến; viết lại câu không dùng chúng")
    for name in sorted(name_forms(values.ten) if values.ten else [], key=len, reverse=True):
        text = re.sub(r"\s+".join(map(re.escape, name.split())), "{{ don_vi.ten }}", text, flags=re.IGNORECASE)
    for name, value in values.bien.items():
        text = re.sub(r"\s+".join(map(re.escape, value.split())), f"{{{{ {name} }}}}", text)
    start, end = values.nam_hoc.split("-")
    text = re.sub(rf"(?<!\d){start}\s*[-–—]\s*{end}(?!\d)", "{{ nam_hoc }}", text)
    return re.sub(rf"\b(năm|Năm|NĂM)\s+{values.nam}(?!\d)", lambda m: _year(m, text), text)


def _year(match: re.Match, text: str) -> str:
    """`năm 2022` → `năm {{ nam }}`, except in a full date (`ngày 09 tháng 5 năm 2022` stays a date)."""
    if re.search(r"tháng\s*\d{1,2}\s*$", text[:match.start()]):
        return match.group(0)
    return f"{match.group(1)} {{{{ nam }}}}"
