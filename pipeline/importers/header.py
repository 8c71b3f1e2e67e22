"""The top of a document: the header (two columns, as a table or typed with tabs), the tên loại
and trích yếu, the authority line of a decision, Kính gửi, căn cứ."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .. import numbering, vn
from ..kinds.codes import CONG_VAN, LOAI_VAN_BAN
from .can_cu import citation, is_can_cu
from .reader import Item, Line, Table
from .review import Flag
from .text import BULLET, clean, fold, is_caps, is_quyet_dinh, is_rule, segments, sentence_case

_QUOC_HIEU = re.compile(r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam")
_TIEU_NGU = re.compile(r"doc\s+lap\s*[-–—]+\s*tu\s+do\s*[-–—]+\s*hanh\s+phuc")
# Each at the start of a column: the line's start, after a tab, or after a run of spaces.
_COLUMN = r"(?:^|(?<=\t)|(?<=   ))\s*"
_SO = re.compile(_COLUMN + r"so\s*:?\s*(?P<so>[^\s/]*)\s*/\s*(?P<ky_hieu>[^\s/][^\s]*)")
_NGAY = re.compile(r"(?P<place>[^\t,]*?)\s*,\s*ngay(?P<d>[\s\d._…]*?)thang(?P<m>[\s\d._…]*?)nam\s*(?P<y>\d{4})?")
_VV = re.compile(_COLUMN + r"(?:v\s*/\s*v\b\.?|ve viec)\s*:?\s*(?P<t>.*)$")
_TEN_LOAI = {re.sub(r"\s", "", name): code for code, name in LOAI_VAN_BAN.items()}
HEADER_LINES = 15


@dataclass
class Header:
    """What the header says, as typed (the unit's names in capitals)."""

    co_quan_chu_quan: str | None = None
    ten: list[str] = field(default_factory=list)
    so: str | None = None
    ky_hieu: str | None = None
    dia_danh: str | None = None
    ngay: date | Flag | None = None
    vv: str | None = None
    unknown: list[str] = field(default_factory=list)
    org: list[tuple[str, bool]] = field(default_factory=list)  # left-column lines that are names, with bold
    found: bool = False


@dataclass
class Front:
    """Everything before the body."""

    header: Header
    loai: str | Flag | None = None
    trich_yeu: str | Flag | None = None
    tham_quyen: str | None = None
    kinh_gui: list[str] = field(default_factory=list)
    can_cu: list = field(default_factory=list)
    theo_de_nghi: str | None = None
    mo_dau: str | None = None  # an opening sentence typed as the last căn cứ
    start: int = 0  # index of the first item of the body


class _Scan:
    """One header line: patterns are found on its folded form and blanked out of it once taken."""

    def __init__(self, text: str):
        self.text, self.folded = text, fold(text)

    def take(self, pattern: re.Pattern) -> dict[str, str] | None:
        """The pattern's groups as typed (None when it is not there); the match is blanked out."""
        match = pattern.search(self.folded)
        if not match:
            return None
        start, end = match.span()
        found = {k: self.text[slice(*match.span(k))] if match.span(k) != (-1, -1) else "" for k in match.groupdict()}
        self.text = self.text[:start] + " " * (end - start) + self.text[end:]
        self.folded = self.folded[:start] + " " * (end - start) + self.folded[end:]
        return found


def type_code(line: Line) -> str | None:
    """The type code of a tên loại line (`KẾ HOẠCH` → KH), also typed with spaced letters."""
    return _TEN_LOAI.get(re.sub(r"\s", "", line.clean).upper()) if is_caps(line.clean) else None


def has_header_pattern(text: str) -> bool:
    scan = _Scan(text)
    return any(scan.take(p) is not None for p in (_QUOC_HIEU, _TIEU_NGU, _SO, _NGAY, _VV))


def read_front(items: list[Item]) -> Front:
    header, i = read_header(items)
    front = Front(header)
    i = _title(items, i, front)
    front.start = _addressees_and_bases(items, i, front)
    if front.loai is None:
        front.loai = _kind_without_title(header)
    if front.loai == CONG_VAN and front.trich_yeu is None and header.vv:
        front.trich_yeu = header.vv
    return front


# the header


def read_header(items: list[Item]) -> tuple[Header, int]:
    """The header and the index of the first item after it."""
    header, i = Header(), _skip_empty(items, 0)
    rows: list[tuple[Line, int]] = []
    table = items[i] if i < len(items) else None
    if isinstance(table, Table) and any(has_header_pattern(l.text) for l in table.lines()):
        rows = [(line, col) for col, lines in _columns(table) for line in lines]
        i += 1
    end = _header_end(items, i, table=bool(rows))
    rows += [(line, 0) for line in items[i:end] if isinstance(line, Line)]
    for line, col in rows:
        _header_line(header, line, col)
    _names(header)
    header.found = bool(rows) and any(has_header_pattern(line.text) for line, _ in rows)
    return header, end if header.found else 0


def _line_at(items: list[Item], i: int) -> Line | None:
    """The item at `i` when it is a line (not a table, not past the end)."""
    item = items[i] if i < len(items) else None
    return item if isinstance(item, Line) else None


def _skip_empty(items: list[Item], i: int) -> int:
    while (line := _line_at(items, i)) is not None and not line.clean:
        i += 1
    return i


def _columns(table: Table) -> list[tuple[int, list[Line]]]:
    """The table's cells, each once, with their column: row by row for a header of two rows."""
    out: list[tuple[int, list[Line]]] = []
    seen: set[int] = set()
    for row in table.rows:
        for col, cell in enumerate(row):
            if id(cell) not in seen:
                seen.add(id(cell))
                out.append((col, cell))
    return sorted(out, key=lambda c: c[0] > 0)  # the left column first: chủ quản, tên, số, V/v


def _header_end(items: list[Item], i: int, table: bool) -> int:
    """Where the header typed as lines ends: after its last Số, date, Quốc hiệu or Tiêu ngữ line."""
    last, j, window = None, i, 4 if table else HEADER_LINES
    while j - i < window and (line := _line_at(items, j)) is not None:
        if has_header_pattern(line.text):
            last = j
        elif type_code(line) or _starts_front(line.clean):
            break
        j += 1
    if last is None:
        return i
    return _vv_continuation(items, last + 1)


def _vv_continuation(items: list[Item], j: int) -> int:
    """A V/v typed over two lines: the second begins in lower case."""
    while (line := _line_at(items, j)) is not None and line.clean[:1].islower():
        j += 1
    return j


def _header_line(header: Header, line: Line, col: int) -> None:
    scan = _Scan(line.text)
    scan.take(_QUOC_HIEU)
    scan.take(_TIEU_NGU)
    if (so := scan.take(_SO)) is not None:
        header.so = so["so"].strip(" .…_") or None
        header.ky_hieu = so["ky_hieu"].strip(" .;,")
    if (ngay := scan.take(_NGAY)) is not None:
        places = segments(ngay["place"])
        header.dia_danh = places[-1] if places else None
        header.ngay = _date(ngay)
    if (vv := scan.take(_VV)) is not None:
        header.vv = clean(vv["t"])
        return
    for part in segments(scan.text):
        part = _tidy(part)
        if is_rule(part) or not any(c.isalnum() for c in part):
            continue
        if header.vv is not None and part[:1].islower():
            header.vv = f"{header.vv}\n{part}"
        elif col == 0:
            header.org.append((part, line.bold))
        else:
            header.unknown.append(part)


def _tidy(part: str) -> str:
    """A name as typed, without the stray marks clerks leave around it (`PHÒNG GD-ĐT .`, `- TRƯỜNG`)."""
    part = re.sub(r"\s+([,.;:])", r"\1", part)
    return part.strip(" .,;:-–—_*").strip()


def _names(header: Header) -> None:
    """Left column: the managing body (not bold) above the unit's name (bold, maybe on two lines)."""
    texts, bold = [t for t, _ in header.org], [b for _, b in header.org]
    if len(texts) < 2:
        header.ten = texts
        return
    split = bold.index(True) if any(bold) and not all(bold) and bold.index(True) > 0 else 1
    # A managing body over two lines (`UBND THÀNH PHỐ X` / `PHÒNG GIÁO DỤC VÀ ĐÀO TẠO`) is two names.
    header.co_quan_chu_quan, header.ten = "\n".join(texts[:split]), texts[split:]


def _date(found: dict[str, str]) -> date | Flag | None:
    day, month, year = (re.sub(r"\D", "", found[k]) for k in ("d", "m", "y"))
    if not year:
        return None
    missing = [name for name, value in (("ngày", day), ("tháng", month)) if not value]
    try:
        value = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return Flag(date(int(year), 1, 1), f"ngày tháng trong bản gốc không có thật ({day}/{month}/{year})")
    if missing:
        return Flag(value, f"bản gốc để trống {' và '.join(missing)}; chọn ngày ban hành")
    return value


def _kind_without_title(header: Header) -> str | Flag:
    """No tên loại: a công văn when there is a V/v; else the code in the ký hiệu, to be confirmed."""
    if header.vv is not None:
        return CONG_VAN
    code = (header.ky_hieu or "").split("-")[0]
    if code in LOAI_VAN_BAN:
        return Flag(code, f"không thấy tên loại văn bản; lấy theo ký hiệu {header.ky_hieu}")
    return Flag(CONG_VAN, "không thấy tên loại văn bản hay dòng V/v; xem lại loại văn bản")


# tên loại, trích yếu, thẩm quyền


def _title(items: list[Item], i: int, front: Front) -> int:
    i = _skip_empty(items, i)
    title = _line_at(items, i)
    loai = type_code(title) if title is not None else None
    if not loai:
        return i
    front.loai = loai
    first: Line | None = None
    lines: list[str] = []
    i += 1
    while (line := _line_at(items, i)) is not None and len(lines) < 4:
        if not line.clean or is_rule(line.clean) or _starts_front(line.clean):
            break
        if first is not None and not _continues_title(first, line, loai):
            break
        first = first or line
        lines.append(line.clean)
        i += 1
    if lines:
        front.trich_yeu = _trich_yeu("\n".join(lines))
    if front.loai == "QĐ":
        i = _authority(items, i, front)
    return i


def _starts_front(text: str) -> bool:
    return is_can_cu(text) or _is_kinh_gui(text) or numbering.parse(text) is not None


def _continues_title(first: Line, line: Line, loai: str) -> bool:
    if line.clean[:1].islower():
        return True
    if is_caps(line.clean) and (loai == "QĐ" or not is_caps(first.clean)):
        return False  # the authority line of a decision, not more of the trích yếu
    return (line.bold, line.align) == (first.bold, first.align) and line.bold


def _trich_yeu(text: str) -> str | Flag:
    text = re.sub(r"^(?:V\s*/\s*[vV])\.?\s*:?\s*", "V/v ", text)  # kept as the clerk wrote it
    if is_caps(text):
        return Flag(_by_lines(sentence_case(text), text), "trích yếu gõ chữ in hoa; đã đổi sang chữ thường, "
                    "xem lại các tên riêng")
    return text


def _by_lines(text: str, typed: str) -> str:
    """`text` (one line) cut where `typed` has its line breaks (same words)."""
    words, out = text.split(), []
    for line in typed.split("\n"):
        count = len(line.split())
        out.append(" ".join(words[:count]))
        words = words[count:]
    return "\n".join(out)


def _authority(items: list[Item], i: int, front: Front) -> int:
    """`HIỆU TRƯỞNG TRƯỜNG THCS …` under a decision's trích yếu, maybe on two lines."""
    lines: list[str] = []
    while (line := _line_at(items, i)) is not None and (not line.clean or is_rule(line.clean)):
        i += 1
    while (line := _line_at(items, i)) is not None and is_caps(line.clean) and len(lines) < 3:
        if is_quyet_dinh(line.clean):
            break
        lines.append(line.clean)
        i += 1
    if lines:
        front.tham_quyen = " ".join(lines)
    return i


# Kính gửi and căn cứ


def _is_kinh_gui(text: str) -> bool:
    return fold(text).startswith("kinh gui")


def _addressees_and_bases(items: list[Item], i: int, front: Front) -> int:
    while (line := _line_at(items, i)) is not None:
        text = line.clean
        if not text or is_rule(text) or (front.loai == "QĐ" and is_quyet_dinh(text)):
            i += 1
        elif _is_kinh_gui(text):
            i = _kinh_gui(items, i, front)
        elif fold(BULLET.sub("", text)).startswith(("theo de nghi", "xet de nghi")) or (
                front.loai == "QĐ" and fold(text).startswith("xet ")):  # `Xét năng lực …,` is the same ground
            front.theo_de_nghi = vn.bo_dau_cuoi(BULLET.sub("", text))
            i += 1
        elif is_can_cu(text) and not front.mo_dau:
            if _opens(text):  # `Căn cứ …, Trường … xây dựng kế hoạch … như sau:` opens the text
                front.mo_dau = BULLET.sub("", text)
            else:
                front.can_cu.append(citation(text))
            i += 1
        else:
            break
    return i


def _opens(text: str) -> bool:
    """A căn cứ line that is the document's opening sentence: it ends announcing what follows."""
    return bool(re.search(r"(như sau|sau đây|cụ thể)\s*:\s*$", text, re.IGNORECASE)) or text.rstrip().endswith(":")


def _kinh_gui(items: list[Item], i: int, front: Front) -> int:
    kinh_gui = _line_at(items, i)
    assert kinh_gui is not None  # the caller found `Kính gửi` on this line
    first = re.sub(r"^\S+\s+\S+\s*:?\s*", "", kinh_gui.clean)  # after `Kính gửi:`
    if first:
        front.kinh_gui.append(_recipient(first))
    i += 1
    previous = kinh_gui
    while (line := _line_at(items, i)) is not None:
        text = line.clean
        if BULLET.match(text) or (front.kinh_gui and previous.clean.endswith(";") and len(text) < 120):
            # A dash, or the line after one ending in `;`: the next addressee (`Kính gửi: A;` / `B.`).
            front.kinh_gui.append(_recipient(text))
        elif front.kinh_gui and text[:1].islower() and not previous.clean.endswith((";", ".")):
            # The addressee's name going on on the next line (`Phòng Giáo dục và Đào tạo / huyện …`).
            front.kinh_gui[-1] = f"{front.kinh_gui[-1]} {_recipient(text)}"
        else:
            break
        previous = line
        i += 1
    return i


def _recipient(text: str) -> str:
    return vn.bo_dau_cuoi(BULLET.sub("", clean(text)))
