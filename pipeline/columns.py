"""Column widths of a data table from its measured text: numbers never break, words only when
the page has no room for them.

A clerk gives relative widths (or none: equal). Each column needs at least the width of its
widest number (a number broken over two lines, «1/0», misreads) and, to keep words whole, of its
longest word (the header's, in bold). Widths follow the clerk's proportions above those
minimums. When the words cannot all fit, the numbers still do, and each column too narrow for
its longest word is named, so the clerk can widen the page (a landscape annex) or shorten a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .metrics import text_width_mm

NUMBER = re.compile(r"[-+]?[\d.,%\s]*\d[\d.,%]*")
SLACK_MM = 0.5  # what the word processor's own rounding may take beyond the measured width


@dataclass(frozen=True)
class Narrow:
    """A column whose longest word is wider than the column: the word will break."""

    column: str
    word: str


@dataclass(frozen=True)
class Columns:
    widths_mm: list[float]
    narrow: list[Narrow]      # columns that will break a word
    numbers_fit: bool         # every number prints on one line

    @property
    def fits(self) -> bool:
        return not self.narrow and self.numbers_fit


def is_number(text: str) -> bool:
    return bool(text) and NUMBER.fullmatch(text.strip()) is not None


def fit(titles: list[str], weights: list[float] | None, rows: list[list[str]], width_mm: float,
        size: float, pad_mm: float) -> Columns:
    """Widths (mm) summing to `width_mm` for a table whose header is bold at `size` pt and whose
    cells are regular, each cell padded by `pad_mm` on both sides."""
    # Without the clerk's proportions, each column's share follows its widest cell (a name column
    # gets more than a mark column), never under its title's longest word.
    weights = weights or [max(_widest(_cells(rows, c), size), _widest(titles[c].split(), size, bold=True), 1.0)
                          for c in range(len(titles))]
    numbers = [_widest(_numbers(rows, c), size) + 2 * pad_mm + SLACK_MM for c in range(len(titles))]
    words = [max(_widest(titles[c].split(), size, bold=True), _widest(_words(rows, c), size)) + 2 * pad_mm
             + SLACK_MM for c in range(len(titles))]
    if sum(words) <= width_mm:
        return Columns(_share(weights, words, width_mm), [], True)
    numbers_fit = sum(numbers) <= width_mm
    widths = _share(weights, numbers, width_mm) if numbers_fit else _share(numbers, [0] * len(titles), width_mm)
    narrow = [Narrow(titles[c], _longest(titles[c], rows, c, size)) for c in range(len(titles))
              if words[c] > widths[c] + 0.01]
    return Columns(widths, narrow, numbers_fit)


def needed_mm(titles: list[str], rows: list[list[str]], size: float, pad_mm: float) -> float:
    """The narrowest the table can be with every word and number whole."""
    return sum(max(_widest(titles[c].split(), size, bold=True), _widest(_words(rows, c), size)) + 2 * pad_mm
               + SLACK_MM for c in range(len(titles)))


def _share(weights: list[float], minimums: list[float], width_mm: float) -> list[float]:
    """`width_mm` shared in proportion to `weights`, no column below its minimum: the columns held
    at their minimum are set aside and the rest shared again, until none is below."""
    held: dict[int, float] = {}
    while True:
        free = [c for c in range(len(weights)) if c not in held]
        room = width_mm - sum(held.values())
        total = sum(weights[c] for c in free)
        widths = {c: room * weights[c] / total for c in free} if total else {}
        below = [c for c in free if widths[c] < minimums[c]]
        if not below:
            return [held.get(c, widths.get(c, 0.0)) for c in range(len(weights))]
        for c in below:
            held[c] = minimums[c]


def _cells(rows: list[list[str]], c: int) -> list[str]:
    return [row[c] for row in rows if c < len(row) and row[c]]


def _numbers(rows: list[list[str]], c: int) -> list[str]:
    return [token for cell in _cells(rows, c) for token in cell.split() if is_number(token)]


def _words(rows: list[list[str]], c: int) -> list[str]:
    return [word for cell in _cells(rows, c) for word in cell.split()]


def _widest(texts: list[str], size: float, bold: bool = False) -> float:
    return max((text_width_mm(t, size, bold=bold) for t in texts), default=0.0)


def _longest(title: str, rows: list[list[str]], c: int, size: float) -> str:
    candidates = [(text_width_mm(w, size, bold=True), w) for w in title.split()]
    candidates += [(text_width_mm(w, size), w) for w in _words(rows, c)]
    return max(candidates)[1] if candidates else ""
