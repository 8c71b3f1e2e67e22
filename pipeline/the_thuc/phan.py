"""The parts of a document the decree names, found in any Word file: header names, Quốc hiệu, Tiêu
ngữ, Số, date, V/v; tên loại, trích yếu, authority line; Kính gửi, căn cứ, body; signature and Nơi
nhận; annexes. A part is a span of one paragraph's text (headers typed with tabs put two on a line)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..importers.can_cu import is_can_cu
from ..importers.footer import is_authority, is_noi_nhan
from ..importers.text import fold, is_caps, is_rule
from ..kinds.codes import LOAI_VAN_BAN
from .word import Para, Word

_QUOC_HIEU = re.compile(r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia(\s+viet\s+nam)?")
_TIEU_NGU = re.compile(r"doc\s+lap\s*[-–—]*\s*tu\s+do\s*[-–—]*\s*hanh\s+phuc")
_SO = re.compile(r"so\s*[:.]?\s*(?:(?:\d+[a-z]?)?[\s._…]*/|\d+[a-z]?\s*[-–_]\s*[a-z]{2})")  # `Số: 12-KH/…` too
_NGAY = re.compile(r"ngay\b.*\bthang\b.*\bnam\b|\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(\d{4}|\d{2})\b")
_VV = re.compile(r"v\s*/\s*v\b")
_TEN_LOAI = {re.sub(r"\s", "", fold(name)): code for code, name in LOAI_VAN_BAN.items()}
_STAMP = re.compile(r"^(du thao|mat|toi mat|tuyet mat|khan|thuong khan|hoa toc|luu hanh noi bo)$")
_CHU_QUAN_WORDS = re.compile(r"^(ubnd|uy ban|hdnd|phong|so |bo |dang uy|tinh|thanh pho|quan|huyen|truong\b.*\b(dai hoc|cao dang))")


@dataclass
class Span:
    para: Para
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.para.text[self.start:self.end]

    @property
    def clean(self) -> str:
        return " ".join(self.text.split())

    @property
    def size(self) -> float | None:
        sizes = [r.size for r in self.para.runs_in(self.start, self.end) if r.size]
        return max(set(sizes), key=sizes.count) if sizes else None

    @property
    def side(self) -> str | None:
        """Left or right column of a line typed with tabs; None when the span is the whole paragraph."""
        if self.alone:
            return None
        return "left" if not self.para.text[:self.start].strip() else "right"

    @property
    def alone(self) -> bool:
        """The span is the paragraph's whole text (its alignment is its own)."""
        return self.para.text.strip() == self.text.strip()


@dataclass
class Parts:
    names: list[Span] = field(default_factory=list)  # left column of the header, top to bottom
    chu_quan: list[Span] = field(default_factory=list)
    ten_don_vi: list[Span] = field(default_factory=list)
    quoc_hieu: Span | None = None
    quoc_hieu_rest: Span | None = None  # `VIỆT NAM` typed on a line of its own
    tieu_ngu: Span | None = None
    so: Span | None = None
    ngay: Span | None = None
    v_v: list[Span] = field(default_factory=list)
    header_end: int = 0  # index in word.paras after the header
    ten_loai: Para | None = None
    loai: str | None = None
    trich_yeu: list[Para] = field(default_factory=list)
    tham_quyen: Para | None = None
    kinh_gui: list[Para] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)  # body paragraphs outside tables, in order
    footer_start: int | None = None
    noi_nhan: Span | None = None
    noi_nhan_lines: list[Span] = field(default_factory=list)
    ky: list[Span] = field(default_factory=list)  # authority and title lines
    ho_ten: Span | None = None
    annex: list[Para] = field(default_factory=list)


def segments(para: Para) -> list[Span]:
    """The parts of a paragraph laid out with tabs or (outside tables) runs of 3+ spaces; the blanks of
    a draft's `Số:      /KH` or `ngày    tháng` are no column break."""
    text = para.text
    cuts = [m.span() for m in re.finditer(r"[\t\n]+", text)]
    if para.cell is None:
        for m in re.finditer(r" {3,}", text):
            before, after = fold(text[:m.start()]).rstrip(), fold(text[m.end():])
            if not (before.endswith(("so:", "so", "ngay", "thang", "nam")) or after.startswith(("/", "thang", "nam"))):
                cuts.append(m.span())
    out, pos = [], 0
    for start, end in sorted(cuts) + [(len(text), len(text))]:
        piece = text[pos:start]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(Span(para, pos + lead, pos + len(piece.rstrip())))
        pos = max(pos, end)
    return out


def _kind(span: Span) -> str | None:
    folded = fold(span.clean)
    if _QUOC_HIEU.match(folded):
        return "quoc_hieu" if "viet nam" in folded else "quoc_hieu_dau"
    if folded in ("viet nam",):
        return "quoc_hieu_cuoi"
    if _TIEU_NGU.match(folded):
        return "tieu_ngu"
    if _SO.match(folded):
        return "so"
    if _VV.match(folded):
        return "v_v"
    if _NGAY.search(folded) and ("," in span.clean or re.search(r"\d{4}", folded)):
        return "ngay"
    if is_rule(span.clean):
        return "gach"
    return None


def type_code(text: str) -> str | None:
    return _TEN_LOAI.get(re.sub(r"\s", "", fold(text)))


def find(word: Word) -> Parts:
    parts = Parts()
    paras = word.paras
    i = _header(paras, parts)
    while parts.v_v and i < len(paras) and paras[i].table is None and _continues_v_v(paras[i]):
        parts.v_v.append(Span(paras[i], len(paras[i].text) - len(paras[i].text.lstrip()), len(paras[i].text.rstrip())))
        i += 1
    parts.header_end = i
    i = _title(paras, i, parts)
    _footer(word, i, parts)
    return parts


def _in_header_table(para: Para, table) -> bool:
    return table is not None and para.table is table


def _header(paras: list[Para], parts: Parts) -> int:
    table = next((p.table for p in paras[:30] if p.table is not None and any(
        _kind(s) in ("quoc_hieu", "quoc_hieu_dau", "tieu_ngu") for s in segments(p))), None)
    i, before_so = 0, True
    while i < len(paras):
        para = paras[i]
        spans = segments(para)
        in_table = _in_header_table(para, table)
        if not in_table:
            if para.table is not None:
                break
            kinds = [_kind(s) for s in spans]
            if spans and not any(kinds) and not (is_caps(para.clean) and len(para.clean) < 70
                                                 and not type_code(para.clean) and before_so):
                break
            if spans and type_code(para.clean):
                break
        for n, span in enumerate(spans):
            kind = _kind(span)
            if kind == "quoc_hieu" or kind == "quoc_hieu_dau":
                parts.quoc_hieu = span
            elif kind == "quoc_hieu_cuoi" and parts.quoc_hieu is not None:
                parts.quoc_hieu_rest = span
            elif kind == "tieu_ngu":
                parts.tieu_ngu = span
            elif kind == "so":
                parts.so, before_so = span, False
            elif kind == "ngay":
                parts.ngay = span
            elif kind == "v_v":
                parts.v_v.append(span)
            elif kind is None and parts.v_v and not before_so and (para.col == 0 if in_table else n == 0) \
                    and parts.v_v[-1].para is not para and not is_caps(span.clean):
                parts.v_v.append(span)  # the V/v line wrapped onto a second paragraph
            elif kind is None and _STAMP.match(fold(span.clean)):
                continue  # `DỰ THẢO`, `MẬT`, `KHẨN` stamps are no names
            elif kind is None and before_so and (para.col == 0 if in_table else (n == 0 and len(spans) > 1
                                                                                 or is_caps(span.clean))):
                parts.names.append(span)
        i += 1
        if table is not None and not in_table and i < len(paras) and paras[i].table is None \
                and parts.so is not None and parts.ngay is not None and not _VV.match(fold(paras[i].clean)):
            break  # (the V/v line of a công văn typed under a header drawn in text boxes is still the header's)
    _split_names(parts)
    return i


def _continues_v_v(para: Para) -> bool:
    """The V/v line typed on two paragraphs: a short lower-case line under it, before Kính gửi."""
    text = para.clean
    return bool(text) and len(text) < 60 and text[:1].islower() and "\t" not in para.text.strip()


def _split_names(parts: Parts) -> None:
    names = parts.names
    if len(names) < 2:
        parts.ten_don_vi = names
        return
    bold = [all(r.bold for r in s.para.runs_in(s.start, s.end)) for s in names]
    first_words = _CHU_QUAN_WORDS.match(fold(names[0].clean))
    if not bold[0] and any(bold[1:]):  # the managing body may take two lines: all before the first bold one
        split = bold.index(True)
        parts.chu_quan, parts.ten_don_vi = names[:split], names[split:]
    elif first_words and not fold(names[0].clean).startswith("truong"):
        parts.chu_quan, parts.ten_don_vi = names[:1], names[1:]
    else:
        parts.ten_don_vi = names


def _title(paras: list[Para], i: int, parts: Parts) -> int:
    while i < len(paras) and not paras[i].clean:
        i += 1
    if i < len(paras) and paras[i].table is None and type_code(paras[i].clean):
        parts.ten_loai, parts.loai = paras[i], type_code(paras[i].clean)
        i += 1
        first = None
        while i < len(paras) and paras[i].table is None and len(parts.trich_yeu) < 4:
            para = paras[i]
            text = para.clean
            if not text or is_rule(text) or is_can_cu(text) or fold(text).startswith("kinh gui"):
                break
            if first is not None and is_caps(text) and not is_caps(first.clean):
                break
            if first is not None and (para.align != first.align):
                break
            first = first or para
            parts.trich_yeu.append(para)
            i += 1
    elif parts.v_v:
        parts.loai = "CV"
    # past the rule, then the authority line of a decision
    j = i
    while j < len(paras) and paras[j].table is None and (not paras[j].clean or is_rule(paras[j].clean)):
        j += 1
    if parts.loai == "QĐ" and j < len(paras) and paras[j].table is None and is_caps(paras[j].clean) \
            and not fold(paras[j].clean).startswith("quyet dinh"):
        parts.tham_quyen = paras[j]
        i = j + 1
    return i


def _footer(word: Word, i: int, parts: Parts) -> None:
    paras = word.paras
    start = None
    for j in range(i, len(paras)):
        para = paras[j]
        spans = segments(para)
        if any(is_noi_nhan(s.text) for s in spans) or (
                para.table is None and spans and is_authority(spans[-1].clean) and is_caps(spans[-1].clean)
                and not _numbered_label(para.clean)) or (
                para.table is None and para.align in ("center", "right") and _title_in_lower_case(para.clean)):
            start = j
            break
    body_end = start if start is not None else len(paras)
    if start is not None and paras[start].table is not None:  # the table's earlier cells belong to it too
        while start > i and paras[start - 1].table is paras[body_end].table:
            start -= 1
        body_end = start
    parts.footer_start = start
    for para in paras[i:body_end]:
        if para.table is None and para.clean:
            if fold(para.clean).startswith("kinh gui") or (parts.kinh_gui and not parts.body and
                                                            para.clean.startswith(("-", "–"))):
                parts.kinh_gui.append(para)
            else:
                parts.body.append(para)
    if start is None:
        return
    end = _footer_lines(paras, start, parts)
    parts.annex = [p for p in paras[end:]]


def _numbered_label(text: str) -> bool:
    from .. import numbering
    return numbering.parse(text) is not None


def _footer_lines(paras: list[Para], start: int, parts: Parts) -> int:
    table = paras[start].table
    j = start
    left_col, label_tabs = None, 0
    while j < len(paras):
        para = paras[j]
        if table is not None and para.table is not table:
            break
        if table is None and para.table is not None:
            break
        if table is None and j > start and para.clean and _annex_start(para):
            break
        for n, span in enumerate(segments(para)):
            text = span.clean
            tabs = para.text[:span.start].count("\t") + len(re.findall(r" {4,}", para.text[:span.start]))
            if is_noi_nhan(text):
                parts.noi_nhan, left_col, label_tabs = span, (para.col if table is not None else n), tabs
                continue
            indented = tabs > max(label_tabs, 0)  # pushed further right than the label: the signature's column
            on_left = (para.col == left_col) if table is not None else (n == 0 and not indented and left_col is not None
                                                                         and (text[:1] in "-–—•+" or not is_caps(text)))
            if parts.noi_nhan is not None and on_left and (text[:1] in "-–—•+" or not is_caps(text)):
                parts.noi_nhan_lines.append(span)
            elif is_caps(text) and not _note(text):
                if parts.ho_ten is None:
                    parts.ky.append(span)
            elif not parts.ky and parts.ho_ten is None and not on_left and _title_in_lower_case(text):
                parts.ky.append(span)  # `Hiệu trưởng`: the title, typed in lower case (the check says so)
            elif text and not _note(text) and parts.ky and parts.ho_ten is None and len(text.split()) <= 6:
                parts.ho_ten = span
        j += 1
    if parts.ho_ten is None and len(parts.ky) > 1 and not is_authority(parts.ky[-1].clean):
        parts.ho_ten = parts.ky.pop()  # the name typed in capitals under the title
    return j


def _title_in_lower_case(text: str) -> bool:
    """`Hiệu trưởng`, `KT. Hiệu trưởng`: a signer's title as typed before it is put in capitals."""
    return not is_caps(text) and len(text.split()) <= 6 and not text.endswith((".", ";", ":")) \
        and is_authority(text.upper())


def _note(text: str) -> bool:
    return text.startswith("(") or fold(text).startswith(("da ky", "ky ten"))


def _annex_start(para: Para) -> bool:
    folded = fold(para.clean)
    return folded.startswith("phu luc")
