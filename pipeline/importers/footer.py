"""The end of a document: the signature block and Nơi nhận (a table, or typed with tabs), then
the annexes (phụ lục) after them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import numbering, vn
from .body import read_body
from .reader import Item, Line, Table
from .review import Flag
from .text import BULLET, clean, fold, is_caps, is_rule, name_case, position_case, segments, sentence_case

# Quyền hạn as typed: `KT.`, `KT`, `K/T`, `T.M`, `TUQ.`, `Q.` …, before the authority's name.
_PREFIX = re.compile(r"^(K\s*/?\s*T|T\s*/?\s*M|T\s*/?\s*L|T\s*U\s*/?\s*Q|Q)(?:\s*[.:]\s*|\s+)(?=\S)")
_POSITION = re.compile(r"^(PHÓ\s+)?(HIỆU TRƯỞNG|CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG\s.*|TỔ TRƯỞNG.*|TỔ PHÓ.*|BÍ THƯ.*|THƯ KÝ.*|"
                       r"TỔNG PHỤ TRÁCH.*|NGƯỜI (?:LẬP|VIẾT|BÁO CÁO|ĐẠI DIỆN).*|KẾ TOÁN.*|CHỦ NHIỆM.*|VĂN THƯ.*)$")
_PURPOSE = re.compile(r"\(\s*để\s+([^)]*?)\s*\)")
_SIGN_NOTE = re.compile(r"^\(?\s*(đã ký|ký tên|ký,|ký và|ký ghi|chữ ký|đóng dấu)", re.IGNORECASE)


@dataclass
class Footer:
    nguoi_ky: dict | None = None
    noi_nhan: list = field(default_factory=list)
    nhu_tren: bool = False
    nhu_dieu: str | None = None  # `Như Điều 3` as typed (vanthu writes it)
    luu: str | None = None
    unknown: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # `(Đã ký)`: a mark of a signed copy, not of the text


def _is_name(text: str) -> bool:
    """`Nguyễn Văn A`: two to six words, each capitalised, nothing else."""
    words = text.split()
    return 2 <= len(words) <= 6 and all(w[0].isupper() and w.isalpha() for w in words)


def is_noi_nhan(text: str) -> bool:
    return fold(clean(text)).startswith("noi nhan")


def is_authority(text: str) -> bool:
    """A signature line: `KT. HIỆU TRƯỞNG`, `PHÓ HIỆU TRƯỞNG`, `TM. HỘI ĐỒNG TRƯỜNG` …"""
    text = clean(text)
    if not is_caps(text) or len(text.split()) > 10:
        return False
    return bool(_PREFIX.match(text) or _POSITION.match(text))


def _footer_table(table: Table) -> bool:
    return len(table.rows[0]) <= 3 and any(is_noi_nhan(l.text) or is_authority(l.text) for l in table.lines())


def _footer_line(line: Line) -> bool:
    parts = segments(line.text)
    if any(is_noi_nhan(p) for p in parts):
        return True
    return bool(parts) and is_authority(parts[-1]) and numbering.parse(line.clean) is None


def find_footer(items: list[Item], start: int) -> int:
    """Index of the first item of the signature / Nơi nhận block; len(items) when there is none."""
    for j in range(start, len(items)):
        item = items[j]
        if _footer_table(item) if isinstance(item, Table) else _footer_line(item):
            return j
    return len(items)


def _footerish(part: str) -> bool:
    return (is_noi_nhan(part) or bool(BULLET.match(part)) or fold(part).startswith("luu") or is_authority(part)
            or bool(_SIGN_NOTE.match(part) or _PURPOSE.fullmatch(part)) or _is_name(part) or is_rule(part))


def footer_end(items: list[Item], start: int) -> int:
    """Index after the signature / Nơi nhận block: annexes begin on a new page, or with what no footer has."""
    j = start
    while j < len(items):
        item = items[j]
        if j > start and item.new_page:
            break
        if isinstance(item, Table):
            if not _footer_table(item):
                break
        elif item.clean and not all(_footerish(p) for p in segments(item.text)):
            break
        j += 1
    return j


# signature and Nơi nhận


def read_footer(items: list[Item]) -> Footer:
    footer = Footer()
    authority: list[str] = []
    names: list[str] = []
    for cell, in_table in _cells(items):
        receiving = False
        for part in cell:
            receiving = _part(part, footer, authority, names, receiving and in_table)
    if authority:
        signer = _signer(authority, names, footer)
        if "ho_ten" in signer:
            footer.nguoi_ky = signer
        else:
            footer.unknown.append(f"{' / '.join(authority)} (không thấy họ tên người ký)")
    return footer


def _cells(items: list[Item]) -> list[tuple[list[str], bool]]:
    """Text parts by table cell (a cell's lines go together); typed lines each alone, split at tabs."""
    out: list[tuple[list[str], bool]] = []
    for item in items:
        if isinstance(item, Table):
            seen = set()
            for row in item.rows:
                for cell in row:
                    if id(cell) not in seen:
                        seen.add(id(cell))
                        out.append(([line.clean for line in cell if line.clean], True))
        else:
            out.append((segments(item.text), False))
    return out


def _part(part: str, footer: Footer, authority: list[str], names: list[str], in_list: bool) -> bool:
    """Sort one part of the footer; returns whether the next lines of the same cell are recipients
    (`in_list`: inside a cell after `Nơi nhận:`, where a recipient may lack its dash)."""
    if is_noi_nhan(part):
        rest = part.split(":", 1)[1].strip() if ":" in part else ""
        if rest:
            _recipient(rest, footer)
        return True
    if fold(BULLET.sub("", part)).startswith("luu"):
        footer.luu = _archive(part)
        return False
    if BULLET.match(part) and not is_authority(part):
        _recipient(part, footer)
        return True
    if is_authority(part):
        authority.append(clean(part))
    elif _SIGN_NOTE.match(part):
        footer.dropped.append(part)
    elif is_rule(part):
        pass
    elif in_list or _PURPOSE.fullmatch(part):
        _recipient(part, footer)
        return True
    elif _is_name(part) or (is_caps(part) and authority):
        names.append(name_case(part) if is_caps(part) else part)
    else:
        footer.unknown.append(part)
    return False


def _recipient(text: str, footer: Footer) -> None:
    text = BULLET.sub("", clean(text))
    purpose = _PURPOSE.search(text)
    name = vn.bo_dau_cuoi(clean(_PURPOSE.sub("", text)), " ;.,/")
    # vanthu writes `- Như trên;` and `- Như Điều N;` itself, but not what it is sent for: a line
    # with its purpose, `- Như Điều 3 (để thực hiện);`, is kept as typed.
    if fold(name).rstrip(".") == "nhu tren" and not purpose:
        footer.nhu_tren = True
        return
    if re.fullmatch(r"nhu dieu \d+", fold(name).rstrip(".")) and not purpose:
        footer.nhu_dieu = name
        return
    if not name and purpose and footer.noi_nhan:  # `(để thực hiện)` alone, for the line above
        last = footer.noi_nhan[-1]
        footer.noi_nhan[-1] = {"ten": last, "de": purpose.group(1)} if isinstance(last, str) else last
        return
    if name:
        footer.noi_nhan.append({"ten": name, "de": purpose.group(1)} if purpose else name)


def _archive(text: str) -> str | None:
    """`- Lưu: VT, TCM.` → `TCM` (vanthu writes VT itself)."""
    units = re.sub(r"^\S*\s*:?", "", BULLET.sub("", clean(text)), count=1).strip(" ./;")
    kept = [u.strip(" ./;") for u in units.split(",") if u.strip(" ./;") and u.strip(" ./;").upper() != "VT"]
    return ", ".join(kept) or None


def _signer(authority: list[str], names: list[str], footer: Footer) -> dict:
    first = authority[0]
    prefix = _PREFIX.match(first)
    signer: dict = {}
    if prefix:
        code = re.sub(r"[\s/.:]", "", prefix.group(0)).upper() + "."
        rest = first[prefix.end():]
        signer["quyen_han"] = code
        if code == "Q.":
            signer["chuc_vu"] = position_case(rest)
        else:
            signer["thay"] = position_case(rest)
            signer["chuc_vu"] = position_case(authority[-1]) if len(authority) > 1 else Flag(
                position_case(rest), "không thấy chức vụ của người ký thay")
    else:
        signer["chuc_vu"] = position_case(first)
    footer.unknown.extend(authority[1:-1] if prefix else authority[1:])
    if names:
        signer["ho_ten"] = names[0]
        footer.unknown.extend(names[1:])
    return signer


# annexes


_ANNEX_LABEL = re.compile(r"^phu luc\b")
# `(Kèm theo Quyết định số …)`, `(Ban hành kèm theo …)`: vanthu writes the annex's line itself.
_KEM_THEO = re.compile(r"^\(?\s*(ban hanh\s+)?kem theo\b")


def read_annexes(items: list[Item], notes: list[str], proper: tuple[str, ...]) -> list[dict]:
    annexes = []
    for group in _annex_groups(items):
        annex = _annex(group, notes, proper)
        if annex:
            annexes.append(annex)
    return annexes


def _annex_groups(items: list[Item]) -> list[list[Item]]:
    groups: list[list[Item]] = []
    for item in items:
        label = isinstance(item, Line) and bool(_ANNEX_LABEL.match(fold(item.clean)))
        if not groups or item.new_page or (label and _has_content(groups[-1])):
            groups.append([])
        groups[-1].append(item)
    return groups


def _has_content(group: list[Item]) -> bool:
    return any(isinstance(i, Table) or (i.clean and not _ANNEX_LABEL.match(fold(i.clean))) for i in group)


def _annex(group: list[Item], notes: list[str], proper: tuple[str, ...]) -> dict | None:
    i, title = 0, []
    while i < len(group) and isinstance(line := group[i], Line):
        text = line.clean
        if not text or is_rule(text) or _ANNEX_LABEL.match(fold(text)) or _KEM_THEO.match(fold(text)):
            i += 1
        elif (is_caps(text) or (line.bold and line.align == "center")) and numbering.parse(text) is None:
            title.append(text)
            i += 1
        else:
            break
    body = read_body(group[i:], notes, proper)
    blocks = ([body.mo_dau] if body.mo_dau else []) + body.blocks + ([body.ket_luan] if body.ket_luan else [])
    if not blocks and not title:
        return None
    # The title as typed, on its lines (vanthu prints it in capitals).
    ten = "\n".join(title)
    return {"ten": ten or Flag("Phụ lục", "không thấy tên phụ lục"), "noi_dung": blocks}
