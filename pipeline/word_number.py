"""Numbering a document the clerk typed in Word: its `Số:` and date lines, filled in place.

The NĐ 30 header is found whether the clerk laid it out as a two-column table or as paragraphs
aligned with tabs or spaces. Only the characters of those two lines change: the new text goes
into the run where the line's text starts, so the document keeps its own fonts, sizes and
italics, and the rest of the document is unchanged. Everything that could refuse the
document is found by `read`, before a number is taken; `Draft.write` then cannot fail on it.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from . import vn, zipguard
from .documents import DRAFT_STATE, ISSUED_STATE, noi_nhan_lines
from .errors import DataError
from .files import write_atomic
from .importers import document, reader
from .importers.review import text_of
from .importers.text import fold
from .kinds import CONG_VAN, KINDS
from .metrics import text_width_mm
from .models import NoiNhan
from .steps import Do, Step

# The header lies within the first paragraphs of the body (table cells included).
HEADER_PARAGRAPHS = 40
NEAR = 12  # how far from the Số line its date line may be

_BLANK = "[ \u00a0\u2007\u202f.…_·]"  # what clerks type where the number or a date part will go
_SO = re.compile(r"^[^\S\n]*(số)[^\S\n]*:", re.IGNORECASE | re.MULTILINE)
_SO_REST = re.compile(r"(?P<cho>[^/\n\t]*)/(?P<ky_hieu>\S*)")
_DATE = re.compile(rf"ngày(?P<d>{_BLANK}*\d{{0,2}}{_BLANK}*)tháng(?P<m>{_BLANK}*\d{{0,2}}{_BLANK}*)"
                   rf"năm(?P<y>[ \u00a0]*\d{{0,4}}[.…_·]*)", re.IGNORECASE)
_GAP = re.compile(r"\t|[^\S\n]{3,}")  # where one column of a tab/space layout ends
_KY_HIEU = re.compile(r"^[A-Za-zĐđ0-9&]+(-[A-Za-zĐđ0-9&]+)*$")
# Children a run may have for its text to be rewritten without losing anything.
_PLAIN = {qn(f"w:{tag}") for tag in ("rPr", "t", "tab", "br", "cr", "noBreakHyphen", "softHyphen",
                                     "lastRenderedPageBreak")}


class _Para:
    """One paragraph's own runs and their text (NFC), to find lines and rewrite parts of them."""

    def __init__(self, p: etree._Element, index: int):
        self.p, self.index = p, index
        self.in_text_box = any(a.tag == qn("w:txbxContent") for a in p.iterancestors())
        self._read()

    def _read(self) -> None:
        self.runs = _own_runs(self.p)
        self.texts = [vn.nfc(r.text) for r in self.runs]
        self.text = "".join(self.texts)
        self.locked = _locked(self.runs)

    def touched(self, start: int, end: int) -> list[int]:
        """The runs holding characters start..end."""
        found, pos = [], 0
        for i, text in enumerate(self.texts):
            if pos < end and pos + len(text) > start:
                found.append(i)
            pos += len(text)
        return found

    def editable(self, start: int, end: int) -> bool:
        return not any(self.locked[i] for i in self.touched(start, end))

    def replace(self, start: int, end: int, new: str) -> None:
        """Put `new` in place of start..end in the first run touched; empty what the others held."""
        touched = self.touched(start, end)
        offsets = [sum(len(t) for t in self.texts[:i]) for i in touched]
        for n, (i, a) in enumerate(zip(touched, offsets)):
            text = self.texts[i]
            lo, hi = max(start - a, 0), min(end - a, len(text))
            self.texts[i] = text[:lo] + (new if n == 0 else "") + text[hi:]
            if self.texts[i] or n == 0:
                self.runs[i].text = self.texts[i]
            else:
                self.runs[i].getparent().remove(self.runs[i])
        self._read()


def _own_runs(p: etree._Element) -> list:
    """Runs of this paragraph, also inside hyperlinks, insertions and content controls; not deleted
    text, and not the runs of a text box anchored in it (those belong to its own paragraphs)."""
    runs = []
    for r in p.iter(qn("w:r")):
        parent = r.getparent()
        while parent is not p and parent.tag not in (qn("w:p"), qn("w:del"), qn("w:moveFrom")):
            parent = parent.getparent()
        if parent is p:
            runs.append(r)
    return runs


def _locked(runs: list) -> list[bool]:
    """Runs that are, or show the result of, a field, or hold a picture or symbol."""
    locked, depth = [], 0
    for r in runs:
        for fld in r.findall(qn("w:fldChar")):
            depth += {"begin": 1, "end": -1}.get(fld.get(qn("w:fldCharType")), 0)
        in_simple_field = any(a.tag == qn("w:fldSimple") for a in r.iterancestors())
        # A run with a fldChar or instrText is not plain, so a field's first and last runs are locked too.
        locked.append(depth > 0 or in_simple_field or any(c.tag not in _PLAIN for c in r))
    return locked


@dataclass(frozen=True)
class _Edit:
    """Characters start..end of a paragraph, to be replaced by a text known once numbered."""

    para: int
    start: int
    end: int
    text: Callable[[int, date], str]


@dataclass(frozen=True)
class Draft:
    """A clerk's Word document ready to be numbered: what the register records, where the number goes."""

    source: Path
    content: bytes
    loai: str
    ky_hieu: str
    trich_yeu: str
    nguoi_ky: str | None
    noi_nhan: list[str]
    typed_date: tuple[int | None, int | None, int | None]  # day, month, year already typed
    date_text: str
    edits: tuple[_Edit, ...]

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    def file_name(self, so: int) -> str:
        """`ke-hoach-x-KH-05-THCSKB.docx`, as vanthu names issued documents (`CV-05-THCSKB-VP` for a công văn)."""
        groups = self.ky_hieu.split("-")
        rest = "-".join(groups[1:]) if groups[0] == self.loai else self.ky_hieu
        return f"{self.source.stem}-{self.loai}-{vn.so_van_ban(so)}-{rest}.docx"

    def date_of_issue(self, ngay: date | None) -> date:
        """The given date, or the one typed in full on the document, or today; never one that
        contradicts a day, month or year already typed on the date line."""
        day, month, year = self.typed_date
        if ngay is None and day is not None and month is not None and year is not None:
            try:
                return date(year, month, day)
            except ValueError:
                raise DataError(f"dòng ngày tháng «{self.date_text}» không phải một ngày có thật",
                                self.source) from None
        chosen = ngay or date.today()
        typed = zip(self.typed_date, (chosen.day, chosen.month, chosen.year))
        if any(t is not None and t != c for t, c in typed):
            when = "" if ngay else " (hôm nay)"
            raise DataError(f"dòng ngày tháng ghi «{self.date_text}», khác ngày cấp số {vn.ngay_ngan(chosen)}{when}; "
                            "chọn ngày ban hành, hoặc sửa dòng ngày tháng trong tệp",
                            self.source, steps=[Step(Do.CHOOSE_DATE)])
        return chosen

    def write(self, so: int, ngay: date, path: Path) -> None:
        """The issued copy: the clerk's file with the number and date written in."""
        doc = Document(io.BytesIO(self.content))
        paras = _paragraphs(doc)
        for edit in sorted(self.edits, key=lambda e: (e.para, e.start), reverse=True):
            paras[edit.para].replace(edit.start, edit.end, edit.text(so, ngay))
        _unmark_draft(doc)
        write_atomic(path, lambda tmp: doc.save(str(tmp)))  # a full disk is a message, not a traceback


DRAFT_MARK = "DỰ THẢO"


def _unmark_draft(doc) -> None:
    """An issued document is no draft: its `DỰ THẢO` box (a header paragraph saying only that) and
    its «Dự thảo» property go."""
    for section in doc.sections:
        for part in (section.first_page_header, section.header, section.even_page_header):
            if not part._has_definition:
                continue
            for p in part._element.findall(qn("w:p")):
                if vn.nfc(" ".join(t.text or "" for t in p.iter(qn("w:t"))).strip()).upper() == DRAFT_MARK:
                    _remove_paragraph(p)
    if (doc.core_properties.comments or "").strip() == DRAFT_STATE:
        doc.core_properties.comments = ISSUED_STATE


def _remove_paragraph(p) -> None:
    """Remove a header paragraph; the last one is emptied instead (a header holds one at least)."""
    parent = p.getparent()
    if len(parent.findall(qn("w:p"))) + len(parent.findall(qn("w:tbl"))) > 1:
        parent.remove(p)
        return
    for child in list(p):
        p.remove(child)


def read(path: Path, ma: str, dia_danh: str) -> Draft:
    """Find the Số and date lines, the ký hiệu, the kind and the trích yếu; refuse what cannot be numbered."""
    path = Path(path)
    content = _content(path)
    doc = _open(path, content)
    paras = _paragraphs(doc)
    so_para, so_match = _so_line(path, paras)
    ky_hieu, slash, end = _number_place(path, so_para, so_match.start(1), so_match.end())
    loai = _kind(path, ky_hieu, ma, _squash(so_para.text[so_match.start(1):end]))
    date_para, date_match, place_start = _date_line(path, paras, so_para, end)
    edits = [_Edit(so_para.index, so_match.start(1), slash, lambda so, ngay: f"Số: {vn.so_van_ban(so)}"),
             _date_edit(date_para, date_match, place_start, dia_danh)]
    if date_para is so_para:
        edits += _keep_column(so_para, so_match.start(1), slash, end, place_start)
    for edit in edits:
        if not paras[edit.para].editable(edit.start, edit.end):
            raise DataError(f"dòng «{_line_of(paras[edit.para].text, edit.start)}» có trường (field), hình hay ký "
                            "hiệu đặc biệt ở chỗ cần điền; gõ lại dòng này bằng chữ thường rồi cấp số", path)
    trich_yeu, nguoi_ky, noi_nhan = _recorded(path, loai, ky_hieu)
    return Draft(source=path, content=content, loai=loai, ky_hieu=ky_hieu, trich_yeu=trich_yeu, nguoi_ky=nguoi_ky,
                 noi_nhan=noi_nhan, typed_date=_typed_date(date_match), date_text=_squash(date_match.group(0)),
                 edits=tuple(edits))


# --- opening ---------------------------------------------------------------------------------------

def _content(path: Path) -> bytes:
    if path.suffix.lower() != ".docx":
        hint = ("; tệp .doc (Word 97–2003): mở bằng Word, chọn Lưu thành (Save As) kiểu Word Document (.docx) "
                "rồi cấp số tệp mới" if path.suffix.lower() == ".doc" else "")
        raise DataError(f"chỉ cấp số được cho văn bản Word .docx{hint}", path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError("không có tệp này", path) from None
    except OSError as exc:
        raise DataError(f"không đọc được tệp: {exc.strerror}", path) from None


def _open(path: Path, content: bytes):
    try:
        return zipguard.open_docx(content, zipguard.data_error(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        raise DataError("không mở được: không phải văn bản Word .docx hợp lệ (có thể tệp bị hỏng); "
                        "mở bằng Word, lưu lại kiểu .docx rồi cấp số", path) from None


def _paragraphs(doc) -> list[_Para]:
    """Every paragraph of the body in reading order: table cells row by row, nested tables, text boxes."""
    return [_Para(p, i) for i, p in enumerate(doc.element.body.iter(qn("w:p")))]


# --- the Số line -----------------------------------------------------------------------------------

def _so_line(path: Path, paras: list[_Para]) -> tuple[_Para, re.Match]:
    for para in paras[:HEADER_PARAGRAPHS]:
        match = _SO.search(para.text)
        if match:
            if para.in_text_box:
                raise DataError("dòng «Số:» nằm trong hộp văn bản (text box); vanthu chỉ điền được dòng Số gõ "
                                "trong bảng hoặc trong đoạn văn: đặt phần đầu văn bản trong một bảng hai cột", path)
            return para, match
    raise DataError("không tìm thấy dòng «Số:» ở phần đầu văn bản (thể thức Nghị định 30: dưới tên đơn vị, ví dụ "
                    "«Số:      /KH-THCSKB»); gõ dòng này, để trống chỗ số, rồi cấp số", path)


def _number_place(path: Path, para: _Para, start: int, colon: int) -> tuple[str, int, int]:
    """The ký hiệu, where the `/` before it is and where it ends; the blank before `/` must be blank."""
    rest = _SO_REST.match(para.text, colon)
    line = _squash(re.split(r"[\t\n]", para.text[start:])[0] if not rest else para.text[start:rest.end()])
    if not rest:
        raise DataError(f"dòng «{line}» không có ký hiệu sau dấu «/» (ví dụ «Số:      /KH-THCSKB»)", path)
    cho, ky_hieu = rest.group("cho"), rest.group("ky_hieu")
    if any(ch.isdigit() for ch in cho):
        raise DataError(f"dòng «{line}» đã có số; văn bản đã cấp số không được cấp lại. Cấp số cho bản dự thảo, "
                        f"chỗ số để trống (ví dụ «Số:      /{ky_hieu or 'KH-THCSKB'}»)", path)
    if re.sub(_BLANK, "", cho):
        raise DataError(f"dòng «{line}»: chỗ số «{cho.strip()}» không phải chỗ trống; để trống hoặc gõ dấu chấm", path)
    if not _KY_HIEU.match(ky_hieu):
        raise DataError(f"dòng «{line}»: ký hiệu «{ky_hieu}» chưa đủ; cần dạng «KH-THCSKB» (mã loại văn bản và mã "
                        "trường) hoặc «THCSKB-VP» (công văn: mã trường và mã bộ phận soạn)", path)
    return ky_hieu, rest.start("ky_hieu") - 1, rest.end("ky_hieu")


def _kind(path: Path, ky_hieu: str, ma: str, line: str) -> str:
    """The type code from the ký hiệu's first group; a công văn's starts with the school's code."""
    groups = ky_hieu.split("-")
    if groups[0] in KINDS:
        loai, unit = groups[0], (groups[1] if len(groups) > 1 else "")
    elif groups[0] == ma:
        loai, unit = CONG_VAN, ma
    else:
        close = [code for code in KINDS if fold(code) == fold(groups[0])]
        hint = f" (có phải «{close[0]}»?)" if close else ""
        raise DataError(f"dòng «{line}»: «{groups[0]}» trong ký hiệu «{ky_hieu}» không phải mã loại văn bản của "
                        f"Nghị định 30{hint}, cũng không phải mã trường «{ma}» (ký hiệu công văn)", path)
    if unit != ma:
        raise DataError(f"dòng «{line}»: ký hiệu «{ky_hieu}» mang mã đơn vị «{unit}», không phải mã của trường "
                        f"«{ma}» (don-vi.yaml, trường `ma`); vanthu chỉ cấp số cho văn bản của trường", path)
    return loai


def _keep_column(para: _Para, so_start: int, slash: int, end: int, place_start: int) -> list[_Edit]:
    """When spaces, not a tab, push the date to its column on the Số line, keep it where it was:
    the spaces between the two take up what the number's blank gave back."""
    gap = para.text[end:place_start]
    if not gap or "\t" in gap or gap.strip():
        return []
    old = para.text[so_start:slash]

    def spaces(so: int, ngay: date) -> str:
        freed = text_width_mm(old, 13) - text_width_mm(f"Số: {vn.so_van_ban(so)}", 13)
        return gap[0] * max(1, len(gap) + round(freed / text_width_mm(" ", 13)))
    return [_Edit(para.index, end, place_start, spaces)]


# --- the date line ---------------------------------------------------------------------------------

def _date_line(path: Path, paras: list[_Para], so_para: _Para, after: int) -> tuple[_Para, re.Match, int]:
    """The date line: on the Số line after the ký hiệu, or the nearest paragraph below it, or above."""
    i = so_para.index
    order = [i] + list(range(i + 1, min(i + NEAR, len(paras)))) + list(range(i - 1, max(i - NEAR, -1), -1))
    for j in order:
        para = paras[j]
        found = _date_in(para, after if para is so_para else 0)
        if found:
            if para.in_text_box:
                raise DataError("dòng ngày tháng nằm trong hộp văn bản (text box); vanthu chỉ điền được dòng gõ trong "
                                "bảng hoặc trong đoạn văn: đặt phần đầu văn bản trong một bảng hai cột", path)
            return para, *found
    raise DataError("không tìm thấy dòng địa danh, ngày tháng cạnh dòng «Số:» (ví dụ «Quận 8, ngày    tháng 5 năm "
                    "2022» hoặc «…, ngày … tháng … năm 20…»); gõ dòng này rồi cấp số", path)


def _date_in(para: _Para, start: int) -> tuple[re.Match, int] | None:
    """A `…, ngày … tháng … năm …` that is a line of its own (not a date inside a sentence)."""
    for match in _DATE.finditer(para.text, start):
        line_start = max(para.text.rfind("\n", 0, match.start()) + 1, start)
        gaps = [m.end() for m in _GAP.finditer(para.text, line_start, match.start())]
        place_start = gaps[-1] if gaps else line_start
        while place_start < match.start() and para.text[place_start].isspace():
            place_start += 1
        place = para.text[place_start:match.start()].strip()
        tail = para.text[match.end():].split("\n", 1)[0].split("\t", 1)[0]
        placed = not place or (place.endswith(",") and ":" not in place) or not re.sub(_BLANK, "", place)
        if placed and not tail.strip():  # not `Thời gian: 8 giờ, ngày …` nor a date inside a sentence
            return match, place_start
    return None


def _date_edit(para: _Para, match: re.Match, place_start: int, dia_danh: str) -> _Edit:
    place = para.text[place_start:match.start()].strip().rstrip(",").strip()
    place = place if re.sub(_BLANK, "", place) else dia_danh  # `…, ngày` or no place: the school's
    end = match.start() + len(match.group(0).rstrip(" \u00a0"))
    return _Edit(para.index, place_start, end, lambda so, ngay: vn.dia_danh_ngay(place, ngay))


def _typed_date(match: re.Match) -> tuple[int | None, int | None, int | None]:
    """Day, month and year already typed on the date line (a year like `20…` is not typed yet)."""
    day, month, year = (int(d) if (d := re.sub(r"\D", "", match.group(g))) else None for g in "dmy")
    return day, month, year if year and year >= 1000 else None


# --- what the register records ---------------------------------------------------------------------

def _recorded(path: Path, loai: str, ky_hieu: str) -> tuple[str, str | None, list[str]]:
    """Trích yếu, signer and Nơi nhận lines, read as `vanthu nhap` reads a Word document."""
    found = document.parse(reader.read(path)).document
    title = found.get("loai")
    if isinstance(title, str) and title != loai:
        raise DataError(f"ký hiệu «{ky_hieu}» là của {KINDS[loai].ten.lower()}, nhưng tên loại của văn bản là "
                        f"«{KINDS[title].ten_loai or KINDS[title].ten}»; sửa ký hiệu hoặc tên loại", path)
    if not found.get("trich_yeu"):
        where = "dòng «V/v …» dưới dòng «Số:»" if KINDS[loai].ten_loai is None else \
            f"dòng chữ đậm dưới tên loại «{KINDS[loai].ten_loai}»"
        raise DataError(f"không tìm thấy trích yếu ({where}); trích yếu cần có để ghi sổ văn bản đi", path)
    signer = found.get("nguoi_ky")
    recipients = [NoiNhan.model_construct(ten=text_of(e["ten"]), de=text_of(e["de"]) if e.get("de") else None)
                  if isinstance(e, dict) else NoiNhan.model_construct(ten=text_of(e), de=None)
                  for e in found.get("noi_nhan") or []]
    return (" ".join(text_of(found["trich_yeu"]).split()), text_of(signer["ho_ten"]) if isinstance(signer, dict) else None,
            noi_nhan_lines(recipients, bool(found.get("nhu_tren")), found.get("luu")) if recipients else [])


def _line_of(text: str, at: int) -> str:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return _squash(text[start:end if end >= 0 else len(text)])


def _squash(text: str) -> str:
    """Spaces (NBSP too) and tabs collapsed, as text is quoted in messages and the register."""
    return " ".join(text.split())
