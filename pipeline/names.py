"""Breaking agency names and the trích yếu over lines, by measured widths (spec §15.1, §4).

A header name breaks between its phrases — after the body's kind (`ỦY BAN NHÂN DÂN`, `SỞ GIÁO DỤC
VÀ ĐÀO TẠO`, `TRƯỜNG TIỂU HỌC` …), before a unit word that stays with its name (`PHƯỜNG CHÁNH HƯNG`,
`THÀNH PHỐ HỒ CHÍ MINH`) — and inside a proper name only when that name alone is wider than the
column. Among the breaks allowed, the one with the most even lines wins.
"""

from __future__ import annotations

import functools
import itertools
import re

from .metrics import text_width_mm

# Kinds of bodies, longest first where one is the start of another (upper case, as printed).
KINDS = tuple(sorted((
    "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN", "HĐND",
    "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SỞ GD&ĐT", "SỞ GDĐT", "BỘ GIÁO DỤC VÀ ĐÀO TẠO",
    "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "PHÒNG GD&ĐT", "PHÒNG GDĐT", "PHÒNG VĂN HÓA - XÃ HỘI", "PHÒNG VĂN HOÁ - XÃ HỘI",
    "TRƯỜNG TRUNG HỌC CƠ SỞ", "TRƯỜNG TRUNG HỌC PHỔ THÔNG", "TRƯỜNG TIỂU HỌC", "TRƯỜNG MẦM NON",
    "TRƯỜNG MẪU GIÁO", "TRƯỜNG THCS", "TRƯỜNG THPT", "TRƯỜNG TH", "TRƯỜNG MN", "TRƯỜNG MG",
    "TRƯỜNG TIỂU HỌC VÀ TRUNG HỌC CƠ SỞ", "TRƯỜNG TRUNG HỌC CƠ SỞ VÀ TRUNG HỌC PHỔ THÔNG",
    "TRƯỜNG TH&THCS", "TRƯỜNG TH VÀ THCS", "TRƯỜNG THCS&THPT", "TRƯỜNG THCS VÀ THPT",
    "TRƯỜNG TIỂU HỌC, TRUNG HỌC CƠ SỞ VÀ TRUNG HỌC PHỔ THÔNG", "TRƯỜNG TH, THCS VÀ THPT",
    "TRƯỜNG PHỔ THÔNG DÂN TỘC NỘI TRÚ", "TRƯỜNG PHỔ THÔNG DÂN TỘC BÁN TRÚ", "TRƯỜNG PTDTNT", "TRƯỜNG PTDTBT",
    "TRƯỜNG PHỔ THÔNG DÂN TỘC BÁN TRÚ TIỂU HỌC", "TRƯỜNG PHỔ THÔNG DÂN TỘC BÁN TRÚ TRUNG HỌC CƠ SỞ",
    "TRƯỜNG PTDTBT TH", "TRƯỜNG PTDTBT THCS", "TRƯỜNG PHỔ THÔNG", "TRƯỜNG TRUNG CẤP", "TRƯỜNG CAO ĐẲNG",
    "TRUNG TÂM GIÁO DỤC THƯỜNG XUYÊN", "TRUNG TÂM GDTX",
    "TRUNG TÂM GIÁO DỤC NGHỀ NGHIỆP - GIÁO DỤC THƯỜNG XUYÊN", "TRUNG TÂM GDNN - GDTX",
), key=len, reverse=True))
# Unit words: each starts a phrase that keeps its proper name (`XÃ HỘI` is no commune).
UNITS = ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "ĐẶC KHU", "PHƯỜNG", "XÃ", "TỈNH", "QUẬN", "HUYỆN", "TP.")

# What a break costs, by where it falls.
BETWEEN_PHRASES = 0
KIND_SEAM = 10            # `TRƯỜNG TIỂU HỌC VÀ / TRUNG HỌC CƠ SỞ`: a kind made of two
INSIDE_KIND = 40          # `SỞ GIÁO DỤC / VÀ ĐÀO TẠO`: allowed, not liked
AFTER_UNIT_WORD = 50      # `PHƯỜNG / TRƯƠNG QUANG TRỌNG`: only when the unit and its name do not fit
AFTER_DASH = 60           # `VĂN MIẾU - / QUỐC TỬ GIÁM`: the name's own seam
INSIDE_NAME = 100         # only when the name alone does not fit
INSIDE_UNIT_WORD = 1000   # `THÀNH / PHỐ`
PER_LINE = 20             # a line more than needed
OVERFLOW = 10_000         # a line wider than the column
MAX_LINES = 4
SAFETY_MM = 0.8           # what LibreOffice and Word may add over the measured advance widths


def _starts_with(words: list[str], i: int, phrase: str) -> bool:
    parts = phrase.split()
    return words[i:i + len(parts)] == parts


def _unit_at(words: list[str], i: int) -> int:
    """Length (in words) of the unit word starting at `i`, or 0."""
    for unit in UNITS:
        if _starts_with(words, i, unit):
            if unit == "XÃ" and words[i + 1:i + 2] == ["HỘI"]:
                continue
            return len(unit.split())
    return 0


@functools.lru_cache(maxsize=1024)
def break_costs(name: str) -> tuple[int, ...]:
    """The cost of breaking `name` after each of its words but the last."""
    words = name.split()
    n = len(words)
    costs = [INSIDE_NAME] * max(n - 1, 0)
    i = 0
    while i < n:
        kind = next((k for k in KINDS if _starts_with(words, i, k)), None)
        unit = _unit_at(words, i)
        if kind:
            length = len(kind.split())
            costs[i:i + length - 1] = [KIND_SEAM if w in ("VÀ", "-") or w.endswith(",") else INSIDE_KIND
                                       for w in words[i:i + length - 1]]
        elif unit:
            length = unit
            costs[i:i + length - 1] = [INSIDE_UNIT_WORD] * (length - 1)
            if i + length - 1 < n - 1:
                costs[i + length - 1] = AFTER_UNIT_WORD
        else:
            i += 1
            continue
        if i > 0:
            costs[i - 1] = BETWEEN_PHRASES
        end = i + length
        if end < n and end - 1 < len(costs) and kind:
            costs[end - 1] = BETWEEN_PHRASES
        i = end
    for j in range(n - 1):
        if words[j] in ("-", "–") and costs[j] == INSIDE_NAME:
            costs[j] = AFTER_DASH
        if words[j + 1] in ("-", "–"):
            costs[j] = max(costs[j], INSIDE_NAME + 1)  # a dash never starts a line
    return tuple(costs)


def _lines(words: list[str], breaks: tuple[int, ...]) -> list[str]:
    bounds = (0, *(b + 1 for b in breaks), len(words))
    return [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]


@functools.lru_cache(maxsize=1024)
def header_lines(name: str, width_mm: float, size_pt: float, bold: bool = False) -> tuple[str, ...]:
    """`name` in as few, as even lines as its phrases allow within `width_mm` (see the module)."""
    words = name.split()
    if not words:
        return ()
    room = width_mm - SAFETY_MM
    costs = break_costs(" ".join(words))

    def cost(breaks: tuple[int, ...]) -> float:
        widths = [text_width_mm(line, size_pt, bold) for line in _lines(words, breaks)]
        over = sum(OVERFLOW for w in widths if w > room)
        spread = (max(widths) - min(widths)) / room * 10 if len(widths) > 1 else 0
        return over + sum(costs[b] for b in breaks) + PER_LINE * len(breaks) + spread

    options = (b for k in range(min(MAX_LINES, len(words))) for b in itertools.combinations(range(len(words) - 1), k))
    return tuple(_lines(words, min(options, key=cost)))


def fits(lines: list[str] | tuple[str, ...], width_mm: float, size_pt: float, bold: bool = False,
         italic: bool = False) -> bool:
    """Whether every line prints on one line of `width_mm` (with the layout's safety margin)."""
    return all(text_width_mm(line, size_pt, bold, italic) <= width_mm - SAFETY_MM for line in lines)


def name_split(name: str, lines: tuple[str, ...]) -> bool:
    """Whether the lines break a proper name (a break that costs more than a phrase boundary's)."""
    words, costs = name.split(), break_costs(name)
    ends = list(itertools.accumulate(len(line.split()) for line in lines))[:-1]
    return any(costs[e - 1] >= AFTER_DASH for e in ends) if words else False


# The trích yếu: balanced lines, no short last word alone, set phrases kept together.

KEEP_TOGETHER = re.compile(r"\b(Bình đẳng|Trẻ em|năm học|học kỳ|Hội đồng|Ban chỉ đạo|cơ sở|phổ thông|tiểu học|"
                           r"mầm non|nội bộ|đào tạo)\b", re.IGNORECASE)


def _glue(text: str) -> list[str]:
    """Words, with set phrases and a number with its unit word as one piece."""
    glued = KEEP_TOGETHER.sub(lambda m: m.group(0).replace(" ", "\u00a0"), " ".join(text.split()))
    glued = re.sub(r"\b(năm|số|ngày|tháng|lớp|khối|Điều|Quận|Phường) (\d)", "\\1\u00a0\\2", glued)
    return glued.split(" ")


@functools.lru_cache(maxsize=1024)
def balanced_lines(text: str, width_mm: float, size_pt: float, bold: bool = True) -> tuple[str, ...]:
    """`text` on as few lines as a word processor would need, each as long as the others, never
    breaking a set phrase (`Bình đẳng`) when another break exists."""
    pieces = _glue(text)
    if not pieces or pieces == [""]:
        return ()
    room = width_mm - SAFETY_MM
    ends = list(itertools.accumulate((text_width_mm(p.replace("\u00a0", " "), size_pt, bold) for p in pieces),
                                     initial=0.0))
    space = text_width_mm(" ", size_pt, bold)

    def width(a: int, b: int) -> float:
        return ends[b] - ends[a] + space * (b - a - 1)

    n = len(pieces)
    if any(width(i, i + 1) > room for i in range(n)):
        return (" ".join(pieces).replace("\u00a0", " "),)  # a piece wider than the text: the word processor wraps it
    for count in range(1, n + 1):
        cuts = _even_cuts(n, count, width, room)
        if cuts is not None:
            break
    else:
        cuts = ()
    bounds = (0, *cuts, n)
    return tuple(" ".join(pieces[a:b]).replace("\u00a0", " ") for a, b in zip(bounds, bounds[1:]))


def _even_cuts(n: int, count: int, width, room: float) -> tuple[int, ...] | None:
    """Where to cut n pieces into `count` lines no wider than `room`, the lines as even as can be
    (the least sum of squared widths); None when `count` lines cannot hold them."""
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for line in range(1, count + 1):
        for end in range(line, n + 1):
            for start in range(line - 1, end):
                w = width(start, end)
                if w > room or best[line - 1][start] == inf:
                    continue
                cost = best[line - 1][start] + w * w
                if cost < best[line][end]:
                    best[line][end], back[line][end] = cost, start
    if best[count][n] == inf:
        return None
    cuts, end = [], n
    for line in range(count, 0, -1):
        end = back[line][end]
        cuts.append(end)
    return tuple(reversed(cuts[:-1]))
