"""Advance widths of Times New Roman, to size header columns and the rules under names.

Taken from Liberation Serif (metric-compatible with Times New Roman), 2048 units per em, with
fontTools. Vietnamese letters take the width of their base letter; only đ and the horn letters
ư, ơ differ, so they are listed too.
"""

from __future__ import annotations

import functools
import unicodedata

UNITS_PER_EM = 2048
MM_PER_PT = 25.4 / 72
_CHARS = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~ĐđƯưƠơ'
_WIDTHS = {
    (False, False): (
        512, 682, 836, 1024, 1024, 1706, 1593, 369, 682, 682, 1024, 1155, 512, 682, 512,
        569, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 569, 569, 1155,
        1155, 1155, 909, 1886, 1479, 1366, 1366, 1479, 1251, 1139, 1479, 1479, 682, 797,
        1479, 1251, 1821, 1479, 1479, 1139, 1479, 1366, 1139, 1251, 1479, 1479, 1933, 1479,
        1479, 1251, 682, 569, 682, 961, 1024, 682, 909, 1024, 909, 1024, 909, 682, 1024,
        1024, 569, 569, 1024, 569, 1593, 1024, 1024, 1024, 1024, 682, 797, 569, 1024, 1024,
        1479, 1024, 1024, 909, 983, 410, 983, 1108, 1479, 1024, 1589, 1110, 1479, 1083,
    ),
    (True, False): (
        512, 682, 1137, 1024, 1024, 2048, 1706, 569, 682, 682, 1024, 1167, 512, 682, 512,
        569, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1167,
        1167, 1167, 1024, 1905, 1479, 1366, 1479, 1479, 1366, 1251, 1593, 1593, 797, 1024,
        1593, 1366, 1933, 1479, 1593, 1251, 1593, 1479, 1139, 1366, 1479, 1479, 2048, 1479,
        1479, 1366, 682, 569, 682, 1190, 1024, 682, 1024, 1139, 909, 1139, 909, 682, 1024,
        1139, 569, 682, 1139, 569, 1706, 1139, 1024, 1139, 1139, 909, 797, 682, 1139, 1024,
        1479, 1024, 1024, 909, 807, 451, 807, 1065, 1479, 1139, 1630, 1229, 1593, 1134,
    ),
    (False, True): (
        512, 682, 860, 1024, 1024, 1706, 1593, 438, 682, 682, 1024, 1382, 512, 682, 512,
        569, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1382,
        1382, 1382, 1024, 1884, 1251, 1251, 1366, 1479, 1251, 1251, 1479, 1479, 682, 909,
        1366, 1139, 1706, 1366, 1479, 1251, 1479, 1251, 1024, 1139, 1479, 1251, 1706, 1251,
        1139, 1139, 797, 569, 797, 864, 1024, 682, 1024, 1024, 909, 1024, 909, 569, 1024,
        1024, 569, 569, 909, 569, 1479, 1024, 1024, 1024, 1024, 797, 797, 569, 1024, 909,
        1366, 909, 909, 797, 819, 563, 819, 1108, 1479, 1024, 1544, 1117, 1479, 1093,
    ),
    (True, True): (
        512, 797, 1137, 1024, 1024, 1706, 1593, 569, 682, 682, 1024, 1167, 512, 682, 512,
        569, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1167,
        1167, 1167, 1024, 1704, 1366, 1366, 1366, 1479, 1366, 1366, 1479, 1593, 797, 1024,
        1366, 1251, 1821, 1479, 1479, 1251, 1479, 1366, 1139, 1251, 1479, 1366, 1821, 1366,
        1251, 1251, 682, 569, 682, 1167, 1024, 682, 1024, 1024, 909, 1024, 909, 682, 1024,
        1139, 569, 569, 1024, 569, 1593, 1139, 1024, 1024, 1024, 797, 797, 569, 1139, 909,
        1366, 1024, 909, 797, 713, 451, 713, 1167, 1479, 1024, 1587, 1227, 1479, 1099,
    ),
}
_TONE_MARKS = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323", "\u0302", "\u0306"}


def _base(ch: str) -> str:
    """The letter whose width a Vietnamese letter shares (keeps the horn of ư, ơ)."""
    decomposed = unicodedata.normalize("NFD", ch)
    return unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONE_MARKS))


@functools.lru_cache(maxsize=4096)
def _units(ch: str, bold: bool, italic: bool) -> int:
    """One character's advance width; unknown characters count as a wide letter."""
    if unicodedata.category(ch) == "Co":
        return 0  # private-use markers (values to review) take no room
    i = _CHARS.find(_base(ch))
    return _WIDTHS[(bold, italic)][i] if i >= 0 else UNITS_PER_EM * 3 // 4


def _mm(units: int, size_pt: float) -> float:
    return units / UNITS_PER_EM * size_pt * MM_PER_PT


@functools.lru_cache(maxsize=4096)
def _text_units(text: str, bold: bool, italic: bool) -> int:
    return sum(_units(ch, bold, italic) for ch in text)


def text_width_mm(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """Printed width of one line of text (the same headers and titles come back for every document
    of a batch, so widths are remembered)."""
    return _mm(_text_units(text, bold, italic), size_pt)


def wrap(text: str, width_mm: float, size_pt: float, bold: bool = False) -> list[str]:
    """Greedy word wrap as a word processor does it, to know the longest printed line."""
    lines: list[str] = []
    line_units = 0
    space = _units(" ", bold, False)
    for word in text.split():
        units = _text_units(word, bold, False)
        if lines and _mm(line_units + space + units, size_pt) <= width_mm:
            lines[-1] = f"{lines[-1]} {word}"
            line_units += space + units
        else:
            lines.append(word)
            line_units = units
    return lines
