"""The body: typed or automatic labels read back to nested blocks (mục, điều, khoản, điểm, ý),
paragraphs, and tables as `bang`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import numbering, vn
from .reader import Item, Line, Table
from .review import Flag
from .text import is_caps, is_quyet_dinh, is_rule, legacy_damage, sentence_case

RANK = {"phan": 0, "chuong": 0.5, "muc": 1, "dieu": 1, "khoan": 2, "diem": 3}
_TITLED = ("phan", "chuong")  # their title may stand on the line under the label
_END_MARK = re.compile(r"\s*\./\.\s*$")
_SENTENCE_END = ".:;!?…)”\""
# Labels clerks use that the NĐ 30 table has no kind for.
_UNKNOWN_LABELS = (
    (re.compile(r"^\d+(\.\d+)+\.?\s"), "nhãn nhiều cấp «{}» không có trong thể thức (I., 1., a), -, +)"),
    (re.compile(r"^[A-ZĐ][.)]\s"), "nhãn «{}» (chữ in hoa) không có trong thể thức; có thể là một phần hay một mục"),
)


@dataclass
class Piece:
    """One paragraph, labelled block or table of the body, in document order."""

    kind: str | None  # muc, dieu, khoan, diem, y; None: a paragraph; "bang": a table
    text: str | Flag | dict = ""
    rank: float = 4  # nesting: a block holds the blocks of higher rank after it
    number: int | None = None
    where: int = 0
    end: bool = False  # ended with `./.`


@dataclass
class Body:
    blocks: list = field(default_factory=list)
    mo_dau: str | Flag | None = None
    ket_luan: str | Flag | None = None


def pieces(items: list[Item], notes: list[str], proper: tuple[str, ...] = ()) -> list[Piece]:
    out: list[Piece] = []
    for item in items:
        if isinstance(item, Table):
            out.append(Piece("bang", bang(item, notes), where=item.where))
            continue
        text = item.clean
        if not text or is_rule(text) or is_quyet_dinh(text):  # `QUYẾT ĐỊNH:` is vanthu's own line
            continue
        previous = out[-1] if out and out[-1].kind != "bang" else None
        piece = _piece(item, text, proper)
        # Only paragraphs are joined or titled: tables (whose text is a dict) never are.
        assert not isinstance(piece.text, dict)
        if previous and previous.kind in _TITLED and not str(previous.text) and piece.kind is None:
            previous.text = _title(piece.text, proper)  # `PHẦN THỨ NHẤT` / `KẾT QUẢ NĂM HỌC`
            continue
        if previous and piece.kind is None and _continues(previous, item, piece):
            assert not isinstance(previous.text, dict)
            previous.text = _join(previous.text, piece.text)
            previous.end = piece.end
        else:
            out.append(piece)
    return out


def _piece(line: Line, text: str, proper: tuple[str, ...]) -> Piece:
    end = bool(_END_MARK.search(text))
    text = vn.bo_dau_cuoi(_END_MARK.sub("", text), " .") + "." if end else text
    if line.auto is not None:
        if line.auto.kind is None:
            reason = f"đánh số tự động dạng «{line.auto.shown}» không có trong thể thức (I., 1., a), -, +)"
            return Piece(None, Flag(text, reason), where=line.where, end=end)
        # Word's bullets nest by list level (its second level is often `o`, not `+`).
        rank = RANK.get(line.auto.kind, 4 + line.auto.level / 100)
        return _labelled(line.auto.kind, None, text, rank, line.where, end, proper)
    if _NOTE.match(text):  # `* Lưu ý: …` is a note under a list, its asterisk typed: kept as typed
        return Piece(None, _checked(text), where=line.where, end=end)
    parsed = numbering.parse(text)
    if parsed is not None:
        rank = RANK.get(parsed.kind, 5 if parsed.nested else 4)
        return _labelled(parsed.kind, parsed.number, parsed.text, rank, line.where, end, proper)
    for pattern, reason in _UNKNOWN_LABELS:
        if found := pattern.match(text):
            return Piece(None, Flag(text, reason.format(found.group(0).strip())), where=line.where, end=end)
    return Piece(None, _checked(text), where=line.where, end=end)


def _title(text: str | Flag, proper: tuple[str, ...]) -> str | Flag:
    return text if isinstance(text, Flag) else _title_text(text, proper)


def _title_text(text: str, proper: tuple[str, ...]) -> str:
    text = vn.bo_dau_cuoi(text, " :.")  # fill-in dots at its end are kept
    return sentence_case(text, proper) if is_caps(text) else text


def _labelled(kind: str, number: int | None, text: str, rank: float, where: int, end: bool,
              proper: tuple[str, ...]) -> Piece:
    if kind in ("muc", *_TITLED):
        text = _title_text(text, proper)
    return Piece(kind, _checked(text), rank, number, where, end)


def _checked(text: str) -> str | Flag:
    damaged = legacy_damage(text)
    if damaged:
        return Flag(text, f"chữ «{damaged}» có vẻ hỏng do phông chữ cũ (TCVN3/VNI); sửa lại cho đúng")
    return text


def _continues(previous: Piece, line: Line, piece: Piece) -> bool:
    """A paragraph cut in two by Enter (or a manual line break) in the middle of a sentence."""
    text = str(piece.text)
    if line.joined and previous.where == line.where:
        return True
    return text[:1].islower() and not str(previous.text).rstrip().endswith(tuple(_SENTENCE_END))


def _join(a: str | Flag, b: str | Flag) -> str | Flag:
    joined = f"{a} {b}"
    reason = next((x.reason for x in (a, b) if isinstance(x, Flag)), None)
    return Flag(joined, reason) if reason else joined


# the body as blocks


def read_body(items: list[Item], notes: list[str], proper: tuple[str, ...] = (), opening: bool = True) -> Body:
    found = pieces(items, notes, proper)
    for piece in found:
        if piece.kind in _TITLED and not str(piece.text):
            piece.text = Flag(numbering.label(piece.kind, piece.number or 1).capitalize(),
                              "không thấy tên của phần hay chương này; điền tên")
    body = Body()
    labelled = [i for i, p in enumerate(found) if p.kind not in (None, "bang")]
    if opening and labelled and labelled[0] == 1 and found[0].kind is None:
        mo_dau = found.pop(0).text
        assert not isinstance(mo_dau, dict)  # a paragraph (kind None), not a table
        body.mo_dau = mo_dau
    # The last paragraph closes the text when it carries the end mark `./.`, or when it does not
    # stand alone under a heading (then it is that mục's or khoản's content).
    if len(found) > 1 and found[-1].kind is None and (found[-1].end or found[-2].kind not in RANK):
        ket_luan = found.pop().text
        assert not isinstance(ket_luan, dict)  # a paragraph (kind None), not a table
        body.ket_luan = ket_luan
    body.blocks = tree(found, notes)
    return body


def tree(found: list[Piece], notes: list[str]) -> list:
    """Nest the pieces by the rank of their labels; a paragraph or table belongs to the nearest
    mục, điều, khoản or điểm above it (bullets hold no paragraphs)."""
    root: list = []
    stack: list[tuple[float, dict]] = []
    counter = numbering.Counter()
    scopes: dict[int, numbering.Scope] = {}
    for piece in found:
        rank = piece.rank if piece.kind not in (None, "bang") else 4
        while stack and stack[-1][0] >= rank:
            stack.pop()
        if piece.kind is None and _CLOSING.match(str(piece.text)):
            while stack and _complete(stack[-1][1]):
                stack.pop()
        parent = stack[-1][1].setdefault("noi_dung", []) if stack else root
        if piece.kind in (None, "bang"):
            parent.append({"bang": piece.text} if piece.kind == "bang" else piece.text)
            continue
        block = {piece.kind: piece.text}
        parent.append(block)
        stack.append((rank, block))
        _check_number(piece, scopes.setdefault(id(parent), counter.within()), notes)
    return root


# Sentences that close a list or a text rather than continue its last item.
_CLOSING = re.compile(r"^(?:\*|(Trên đây|Đề nghị|Kính đề nghị|Rất mong|Trân trọng|Yêu cầu|Nhận được|Vậy|"
                      r"Trong quá trình|Nơi nào|Mọi vướng mắc|Kính trình)\b)")
_NOTE = re.compile(r"(?i)^\*+\s*(lưu ý|ghi chú|chú ý)\b")


def _complete(block: dict) -> bool:
    """A khoản or điểm that is a whole sentence and holds nothing: a paragraph after it closes the
    list it belongs to, at the list's level (an article, a heading or a line ending in `:` holds it)."""
    kind = next(iter(block))
    text = str(block[kind]).rstrip()
    return kind in ("khoan", "diem") and not block.get("noi_dung") and text.endswith((".", ";", "./."))


def _check_number(piece: Piece, scope: numbering.Scope, notes: list[str]) -> None:
    """A typed number that is not the block's position is noted (vanthu numbers by position)."""
    assert piece.kind is not None  # called for labelled blocks only
    position = scope.count(piece.kind)
    if piece.kind != "y" and piece.number is not None and piece.number != position:
        typed, right = numbering.label(piece.kind, piece.number), numbering.label(piece.kind, position)
        notes.append(f"đoạn {piece.where}: «{typed}» là khối thứ {position} cùng cấp; "
                     f"vanthu đánh số theo vị trí: {right}")


# tables


_TOTAL = re.compile(r"(?i)^(tổng|cộng)\b")


def bang(table: Table, notes: list[str]) -> dict:
    rows = [[_cell(lines) for lines in row] for row in table.rows]
    # A merged cell's text is in its first cell only (the header's names each column, for a sheet).
    for r0, c0, r1, c1 in table.spans:
        for r in range(r0, r1 + 1):
            for c in range(c0, min(c1 + 1, len(rows[r]))):
                if (r, c) != (r0, c0):
                    rows[r][c] = rows[r0][c0] if r == 0 else None
    kept = [r for r, row in enumerate(rows) if any(cell is not None for cell in row)] or [0]
    rows = [rows[r] for r in kept] if rows else [[None]]
    width = max(len(row) for row in rows)
    rows = [row + [None] * (width - len(row)) for row in rows]
    cot = [str(c) if c is not None else Flag(f"Cột {i}", "ô tiêu đề cột để trống") for i, c in enumerate(rows[0], 1)]
    out: dict = {"cot": cot}
    widths = _widths(table.widths, width)
    if widths:
        out["rong"] = widths
    out["hang"] = rows[1:]
    at = {r: i for i, r in enumerate(kept, 1)}
    gop = [[at[r0], c0 + 1, at[r1], c1 + 1] for r0, c0, r1, c1 in table.spans if r0 in at and r1 in at]
    if gop:
        head = max(r1 for r0, _, r1, _ in gop if r0 == 1) if any(g[0] == 1 for g in gop) else 1
        if head > 1:
            out["tieu_de"] = head
        out["gop"] = gop
    if len(rows) > 2 and _TOTAL.match(str(next((c for c in rows[-1] if c is not None), ""))):
        out["tong"] = True
    return out


def _cell(lines: list[Line]) -> str | int | None:
    text = "\n".join(line.clean for line in lines if line.clean)
    if not text:
        return None
    return int(text) if text.isdigit() and not text.startswith("0") and len(text) < 10 else text


def _widths(widths: list[int], count: int) -> list[float] | None:
    """Relative widths in halves of the narrowest column; none when all columns are equal."""
    if len(widths) != count or not all(widths):
        return None
    narrow = min(widths)
    ratios = [round(w / narrow * 2) / 2 for w in widths]
    if len(set(ratios)) == 1:
        return None
    return [int(r) if r == int(r) else r for r in ratios]
