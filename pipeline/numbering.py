"""The labels of a document's structure, written once: the renderer derives them from the
position of a block, the importer reads the ones a clerk typed back to the same kinds.

| kind    | label                          | typed forms read back                          |
|---------|--------------------------------|------------------------------------------------|
| `muc`   | `I.`, `II.` …                  | `I.` `I -` `I/` `I)` `I:`                       |
| `dieu`  | `Điều 1.`, `Điều 2.` …         | `Điều 1.` `Điều 1:` `Điều 1 :` `ĐIỀU 1 -`       |
| `khoan` | `1.`, `2.` …                   | `1.` `1)` `1/`                                  |
| `diem`  | `a)` … `đ)` … `y)`             | `a)` `a.` `a/`                                  |
| `y`     | `-`; `+` inside another `y`    | `-` `–` `—` `•` `*` …; `+`                      |

Any spaces, tabs or no-break spaces may follow a label; after `/` one is needed (`V/v` is no label).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("muc", "dieu", "khoan", "diem", "y")

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))

# Điểm labels follow the Vietnamese alphabet without f, j, w, z and without accented vowels.
CHU_DIEM = tuple("a b c d đ e g h i k l m n o p q r s t u v x y".split())


def la_ma(n: int) -> str:
    """Roman numeral of a section (mục) number."""
    if not 0 < n < 4000:
        raise ValueError(f"không viết được số La Mã cho {n}")
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def chu_diem(i: int) -> str:
    """The i-th (1-based) điểm letter: a, b, c, d, đ, e, g, …"""
    if not 0 < i <= len(CHU_DIEM):
        raise ValueError(f"một khoản có tối đa {len(CHU_DIEM)} điểm")
    return CHU_DIEM[i - 1]


def label(kind: str, n: int = 1, nested: bool = False) -> str:
    """The printed label of the n-th block of a kind; a bullet (`y`) inside another one is `+`."""
    if kind == "muc":
        return f"{la_ma(n)}."
    if kind == "dieu":
        return f"Điều {n}."
    if kind == "khoan":
        return f"{n}."
    if kind == "diem":
        return f"{chu_diem(n)})"
    if kind == "y":
        return "+" if nested else "-"
    raise ValueError(f"không có loại khối «{kind}»")


# The counting rule: mục and điều are numbered through the whole body (or annex), khoản and điểm
# within the block that holds them; bullets and paragraphs are not counted. The renderer, the
# page's editor and the importer all count with it.
THROUGH_BODY = ("muc", "dieu")
WITHIN_PARENT = ("khoan", "diem")


class Counter:
    """The positions of one body's blocks: `within()` for each list of blocks, in document order."""

    def __init__(self) -> None:
        self._body = dict.fromkeys(THROUGH_BODY, 0)

    def within(self) -> Scope:
        return Scope(self._body)


class Scope:
    """One list of blocks (a body, or the children of a block)."""

    def __init__(self, body: dict[str, int]) -> None:
        self._body, self._here = body, dict.fromkeys(WITHIN_PARENT, 0)

    def count(self, kind: str) -> int:
        """The position of the next block of this kind here; 0 for blocks that are not counted."""
        scope = self._body if kind in self._body else self._here
        if kind not in scope:
            return 0
        scope[kind] += 1
        return scope[kind]

    def label(self, kind: str, nested: bool = False) -> str:
        """The next block's printed label ("" for a paragraph or a table)."""
        return label(kind, self.count(kind), nested) if kind in KINDS else ""


@dataclass(frozen=True)
class Parsed:
    """A typed label read back: its kind, its number (None for a bullet) and the text after it."""

    kind: str
    number: int | None
    text: str
    nested: bool = False  # a bullet typed `+`

    @property
    def key(self) -> tuple[str, int | None]:
        return self.kind, self.number


# Sections are rarely more than a few dozen: I … XXXIX keeps `C.`, `D.`, `L.`, `M.` for words.
_ROMAN_NUMBERS = {la_ma(n): n for n in range(1, 40)}
_DIEM_NUMBERS = {letter: i for i, letter in enumerate(CHU_DIEM, 1)}
_SPACE = r"[\s\u200b\ufeff]"
# After a label: spaces, the end, or straight on with a letter or an opening quote (`1.Công tác`).
_AFTER = rf"(?:{_SPACE}+|$|(?=[^\W\d_]|[“\"'(\[]))"
_BULLETS = "-–—‒−•·●▪◦*+"

_PATTERNS = (
    ("dieu", re.compile(rf"(?i:điều){_SPACE}*(\d{{1,3}}){_SPACE}*(?:[.:)]|[-–—](?!\d))?{_AFTER}")),
    ("muc", re.compile(rf"([IVX]{{1,7}})(?:{_SPACE}*(?:[.):]|[-–—](?!\d)){_AFTER}|/{_SPACE}+)")),
    ("khoan", re.compile(rf"(\d{{1,2}})(?:{_SPACE}*[.)]{_AFTER}|/{_SPACE}+)")),
    ("diem", re.compile(rf"([a-zđ])(?:{_SPACE}*\){_AFTER}|[./]{_SPACE}+)")),
    ("y", re.compile(rf"([{_BULLETS}])(?:{_SPACE}+|(?=[^\W\d_]|[“\"'(\[]))")),
)


def _number(kind: str, typed: str) -> int | None:
    if kind == "muc":
        return _ROMAN_NUMBERS.get(typed)
    if kind == "diem":
        return _DIEM_NUMBERS.get(typed)
    if kind == "y":
        return None
    return int(typed) if int(typed) > 0 else None


def parse(line: str) -> Parsed | None:
    """The label a line starts with, however a clerk typed it; None for a line without one."""
    text = line.lstrip(" \t\u00a0\u200b\ufeff\u2002\u2003\u2009\u202f\u3000")
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        rest = text[match.end():].strip(" \t\u00a0\u200b\ufeff\u2002\u2003\u2009\u202f\u3000")
        if kind == "y":
            if not rest or rest[0] in _BULLETS:  # a lone dash, or a rule `-----`
                return None
            return Parsed("y", None, rest, nested=match.group(1) == "+")
        number = _number(kind, match.group(1))
        if number is not None:
            return Parsed(kind, number, rest)
    return None
