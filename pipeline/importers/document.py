"""A Word document's lines and tables → a vanthu document (the keys of the document model) and the
school's own fields as the header and signature give them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .. import vn
from ..kinds import CONG_VAN, KINDS, LOAI_VAN_BAN
from .body import read_body
from .footer import find_footer, footer_end, read_annexes, read_footer
from .header import Front, read_front
from .reader import Item, Line, Table
from .review import Flag, text_of
from .text import is_caps, name_forms, org_case, segments, sentence_case


@dataclass
class Parsed:
    document: dict
    school: dict  # co_quan_chu_quan, ten, ten_dau_trang, ma, dia_danh, nguoi_ky: what the document shows
    ten_in_text: str | None  # the school's name as the text writes it (to become {{ don_vi.ten }})
    year: int | None  # the year of the document's date
    notes: list[str] = field(default_factory=list)


def parse(items: list[Item]) -> Parsed:
    notes: list[str] = []
    items = _sentences(items)
    front = read_front(items)
    school_name = _school_name(front, items)
    proper = tuple(p for p in (school_name, front.header.dia_danh) if p)
    end_body = find_footer(items, front.start)
    end_footer = footer_end(items, end_body)
    body = read_body(items[front.start:end_body], notes, proper, opening=not front.mo_dau)
    footer = read_footer(items[end_body:end_footer])
    annexes = read_annexes(items[end_footer:], notes, proper)
    document = _document(front, body, footer, annexes, school_name, notes)
    ngay = front.header.ngay
    year = (ngay.value if isinstance(ngay, Flag) else ngay).year if ngay else None
    notes.extend(_header_notes(front, footer, end_body == len(items)))
    return Parsed(document, _school(front, footer, school_name), school_name, year, notes)


_ENDS = tuple(".:;!?…")


def _sentences(items: list[Item]) -> list[Item]:
    """A sentence cut by Shift+Enter is one line again, whatever its second part begins with
    (`… năm học 2022` / `- 2023 của …` is no bullet). Centred lines (titles), lines in capitals and
    lines laid out in columns keep their breaks."""
    out: list[Item] = []
    for item in items:
        before = out[-1] if out and isinstance(out[-1], Line) else None
        if (isinstance(item, Line) and item.joined and before is not None and before.where == item.where
                and _prose(before) and _prose(item) and not before.clean.endswith(_ENDS)):
            out[-1] = replace(before, text=f"{before.clean} {item.clean}")
            continue
        out.append(item)
    return out


def _prose(line: Line) -> bool:
    return line.align != "center" and not is_caps(line.clean) and len(segments(line.text)) == 1


def _document(front: Front, body, footer, annexes: list, school: str | None, notes: list[str]) -> dict:
    doc: dict = {"loai": front.loai, "ngay": front.header.ngay}
    optional = {
        "trich_yeu": front.trich_yeu,
        "tham_quyen": sentence_case(front.tham_quyen, (school,) if school else ()) if front.tham_quyen else None,
        "kinh_gui": front.kinh_gui,
        "can_cu": front.can_cu,
        "theo_de_nghi": front.theo_de_nghi,
        "mo_dau": front.mo_dau or body.mo_dau,
        "noi_dung": body.blocks or [Flag("(chưa có nội dung)", "không thấy nội dung văn bản")],
        "ket_luan": body.ket_luan,
        "nguoi_ky": footer.nguoi_ky,
        "noi_nhan": footer.noi_nhan,
        "nhu_tren": _nhu_tren(footer.nhu_tren, bool(front.kinh_gui)),
        "luu": footer.luu,
        "phu_luc": annexes,
    }
    doc.update({k: v for k, v in optional.items() if v not in (None, [], "")})
    _own_fields(doc)
    if front.header.ky_hieu and front.loai == CONG_VAN and "-" in front.header.ky_hieu:
        doc["don_vi_soan"] = front.header.ky_hieu.split("-", 1)[1]
    return doc


def _own_fields(doc: dict) -> None:
    """A kind's own fields (a Giấy mời's `Thời gian: …`) read from the body lines that start with their
    label: a line for a text, the label then its bullets (or the rest of its line) for a list. They
    print after the opening, in the kind's order: they are taken only when that is where they stand
    (one run of them in that order, after at most one paragraph, which opens the document, `mo_dau`);
    otherwise they stay body lines, in their place."""
    kind = KINDS.get(text_of(doc["loai"]))
    labels = {f.label.casefold(): f for f in kind.fields} if kind else {}
    blocks, kept, found = doc.get("noi_dung", []), [], {}
    first = last = None
    i = 0
    while i < len(blocks):
        line = blocks[i] if isinstance(blocks[i], str) else ""
        label, colon, rest = line.partition(":")
        f = labels.get(label.strip().casefold()) if colon else None
        if f is None or f.name in doc or f.name in found:
            kept.append(blocks[i])
            i += 1
            continue
        first = len(kept) if first is None else first
        if last is not None and last != len(kept):
            return  # fields apart from each other: kept where they are
        last = len(kept)
        if f.type == "text":
            found[f.name] = rest.strip().rstrip(" ;.")
            i += 1
            continue
        items = [rest.strip().rstrip(" ;.")] if rest.strip() else []
        i += 1
        while i < len(blocks) and isinstance(blocks[i], dict) and isinstance(blocks[i].get("y"), str):
            items.append(blocks[i]["y"].strip().rstrip(" ;."))
            i += 1
        found[f.name] = items
    if first is None:
        return
    assert kind is not None  # fields are found only through a known kind's labels
    order = [f.name for f in kind.fields if f.name in found]
    opening = kept[0] if first == 1 and isinstance(kept[0], str) and "mo_dau" not in doc else None
    if list(found) != order or (first and opening is None):
        return  # they would print elsewhere than typed
    if opening is not None:
        del kept[0]
    if not kept:  # a document needs a body: the closing sentence is it, printed in the same place
        if "ket_luan" not in doc:
            return
        kept.append(doc.pop("ket_luan"))
    doc.update(found)
    if opening is not None:
        doc["mo_dau"] = opening
    doc["noi_dung"] = kept
    # In the file, the opening and the kind's fields stand before the body, as they print.
    ahead = ["mo_dau", *(f.name for f in kind.fields)]
    keys = [k for k in doc if k not in ahead and k != "noi_dung"]
    at = next((i for i, k in enumerate(keys) if k in ("ket_luan", "nguoi_ky", "noi_nhan", "phu_luc")), len(keys))
    ordered = {k: doc[k] for k in [*keys[:at], *(k for k in ahead if k in doc), "noi_dung", *keys[at:]]}
    doc.clear()
    doc.update(ordered)


def _nhu_tren(written: bool, kinh_gui: bool) -> bool | None:
    """`- Như trên;` goes first by default when there is a Kính gửi: said only when it differs."""
    return None if written == kinh_gui else written


def _school_name(front: Front, items: list[Item]) -> str | None:
    """The unit's name as the body writes it (`Trường THCS Khánh Bình`), else from the header's capitals."""
    caps = " ".join(front.header.ten)
    if not caps:
        return None
    forms = "|".join(r"\s+".join(map(re.escape, form.split())) for form in name_forms(caps))
    pattern = re.compile(forms, re.IGNORECASE)
    for item in items[front.start:]:
        for line in item.lines() if isinstance(item, Table) else [item]:
            found = pattern.search(line.clean)
            if found and not found.group(0).isupper():
                return found.group(0)
    return org_case(caps)


def _school(front: Front, footer, school_name: str | None) -> dict:
    header = front.header
    school: dict = {}
    if header.co_quan_chu_quan:
        typed = header.co_quan_chu_quan
        # Capitals are read as a name (printed in capitals again); a clerk's own mixed case is kept.
        school["co_quan_chu_quan"] = Flag(" ".join(map(org_case, typed.split("\n"))),
                                          "đọc từ chữ in hoa ở đầu văn bản; xem lại chữ hoa, chữ thường"
                                          ) if is_caps(typed) else " ".join(typed.split("\n"))
    if school_name:
        school["ten"] = school_name
    if len(header.ten) > 1 or (header.ten and school_name and vn.in_hoa(school_name) != header.ten[0]):
        school["ten_dau_trang"] = header.ten  # the header's lines as typed (`TRƯỜNG MN DINH BÀ`)
    ma = _ma(header.ky_hieu, front.loai)
    if ma:
        school["ma"] = ma
    if header.dia_danh:
        school["dia_danh"] = header.dia_danh
    if footer.nguoi_ky and "ho_ten" in footer.nguoi_ky:
        school["nguoi_ky"] = footer.nguoi_ky
    return school


def _ma(ky_hieu: str | None, loai) -> str | None:
    """The unit's code in the ký hiệu: `KH-THCSKB` → THCSKB; a công văn's `THCSKB-VP` → THCSKB."""
    if not ky_hieu:
        return None
    groups = ky_hieu.split("-")
    code = groups[1] if len(groups) > 1 and groups[0] in LOAI_VAN_BAN else groups[0]
    return code if re.fullmatch(r"[A-ZĐ0-9&]+", code) else None


def _header_notes(front: Front, footer, no_footer: bool) -> list[str]:
    header, notes = front.header, []
    if not header.found:
        notes.append("không thấy phần đầu văn bản (Quốc hiệu, số, ngày tháng); điền ngày ban hành và kiểm tra "
                     "thông tin đơn vị")
    if header.so:
        notes.append(f"số của bản gốc ({header.so}/{header.ky_hieu}) không được chép: vanthu cấp số khi ban hành")
    code = (header.ky_hieu or "").split("-")[0]
    loai = text_of(front.loai)
    if code in LOAI_VAN_BAN and loai in LOAI_VAN_BAN and code != loai:
        notes.append(f"ký hiệu {header.ky_hieu} không khớp với tên loại {LOAI_VAN_BAN[loai]}")
    notes += [f"phần đầu có dòng không nhận ra, đã bỏ: «{u}»" for u in header.unknown]
    notes += [f"phần chữ ký / Nơi nhận có dòng không nhận ra, đã bỏ: «{u}»" for u in footer.unknown]
    notes += [f"«{d}» là dấu của bản đã ký, không chép vào dữ liệu" for d in footer.dropped]
    if no_footer:
        notes.append("không thấy khối chữ ký và Nơi nhận; văn bản dùng người ký của đơn vị")
    return notes


