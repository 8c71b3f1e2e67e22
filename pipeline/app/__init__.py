"""The jobs a clerk asks for — list, check, make, issue, start a document — for any front end.

Functions take plain arguments, return results and raise only errors of `errors.py`. Neither
click nor a web framework is imported here: the CLI and the web page call the same functions.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from .. import publish, vn
from ..documents import van_ban
from ..errors import DataError, OutputError, raise_all, VanthuError
from ..files import explain
from ..kinds import KINDS
from ..load import DON_VI_FILE, Year, load_model, open_year
from ..models import DonVi
from ..register import ISSUED, Issued, Register, Row
from ..register import exists as register_exists
from ..tables import read_table
from .the_thuc import FormatFinding, FormatFixed, FormatReport, PageImage, check_format, fix_format, format_pages  # noqa: F401

REGISTER_FILE = "so-van-ban-di.sqlite"

Progress = Callable[[], None]


def register_path(du_lieu: Path, path: Path | None = None) -> Path:
    return Path(path) if path else Path(du_lieu) / REGISTER_FILE


def open_register(du_lieu: Path, path: Path | None = None, don_vi: DonVi | None = None) -> Register:
    don_vi = don_vi or load_model(Path(du_lieu) / DON_VI_FILE, DonVi).model
    return Register(register_path(du_lieu, path), per_type=don_vi.so_van_ban == "theo-loai")


@contextmanager
def existing_register(du_lieu: Path, path: Path | None, year: Year, needed: bool) -> Iterator[Register | None]:
    """The register when issuing, or when it exists (to cite issued documents); else None."""
    if not needed and not register_exists(register_path(du_lieu, path)):
        yield None
        return
    register = open_register(du_lieu, path, year.don_vi.model)
    try:
        yield register
    finally:
        register.close()


# --- the year's documents ----------------------------------------------------------------------

@dataclass
class DocumentInfo:
    """A line of `vanthu danh-sach`: what the document is and where it stands."""

    ten: str
    loai: str
    ten_loai: str
    trich_yeu: str
    so_ban: int  # documents it makes: 1, or one per row of its list
    cap_so: list[Row] = field(default_factory=list)  # the register's rows for it (issued or revoked)

    @property
    def trang_thai(self) -> str:
        issued = [r for r in self.cap_so if r.trang_thai == ISSUED]
        if not self.cap_so:
            return "dự thảo"
        if not issued:
            return "đã thu hồi"
        if len(issued) == 1 and self.so_ban == 1:
            r = issued[0]
            return f"đã cấp số {vn.so_hieu(r.so, r.ky_hieu)} ngày {vn.ngay_ngan(r.ngay)}"
        return f"đã cấp {len(issued)}/{self.so_ban} số"


def documents(du_lieu: Path, nam: int | None = None, register: Path | None = None) -> tuple[Year, list[DocumentInfo]]:
    """The year's documents with their kind, trích yếu and state in the register."""
    year = open_year(du_lieu, nam, nhap=True)
    rows = _register_rows(du_lieu, register, year)
    infos = []
    for doc in _load_all(year):
        prepared = van_ban.prepare(doc)
        mine = [r for r in rows if r.loai == doc.data.loai and (r.khoa == doc.khoa or r.khoa.startswith(doc.khoa + "/"))]
        infos.append(DocumentInfo(doc.ten, doc.data.loai, doc.kind.ten, van_ban.trich_yeu(prepared),
                                  len(prepared.rows.names), mine))
    return year, infos


def _register_rows(du_lieu: Path, path: Path | None, year: Year) -> list[Row]:
    if not register_exists(register_path(du_lieu, path)):
        return []
    with open_register(du_lieu, path, year.don_vi.model) as reg:
        return reg.rows(year.nam)


def _load_all(year: Year, names: list[str] | None = None) -> list[van_ban.Document]:
    """Documents by name (all of the year when none), every bad file reported at once."""
    wanted = names or van_ban.names(year)
    if not wanted:
        raise DataError(f"năm {year.nam} chưa có văn bản nào; tạo một văn bản: vanthu moi LOẠI TÊN",
                        van_ban.folder(year))
    docs, errors = [], []
    for ten in wanted:
        try:
            docs.append(van_ban.load(year, ten))
        except VanthuError as exc:
            errors.append(exc)
    raise_all(errors)
    return docs


# --- checking and making ---------------------------------------------------------------------

@dataclass
class Checked:
    ten: str
    loai: str
    so_ban: int


def check(du_lieu: Path, nam: int | None, templates: Path, names: list[str] | None = None) -> list[Checked]:
    """Everything rendering would refuse, for every document (or those named), writing nothing."""
    year = open_year(du_lieu, nam)
    checked = []
    for doc in _load_all(year, names):
        jobs = van_ban.jobs(doc, templates, Path("out"), issued=False)
        for job in jobs:  # filled in memory: whatever rendering would refuse is refused here
            job.template.rehearse(job.context(None, None))
        checked.append(Checked(doc.ten, doc.data.loai, len(jobs)))
    if not names:
        for sheet in _sheets(year):  # the sheets a mail merge may draw from must read too
            read_table(sheet)
    return checked


def _sheets(year: Year) -> list[Path]:
    return [p for p in sorted(year.root.iterdir())
            if p.suffix.lower() in (".csv", ".xlsx") and not p.name.startswith(("~$", "."))]


@dataclass
class Made:
    """One document file's outputs: drafts, or numbers issued; and a print file for a batch."""

    ten: str
    loai: str
    paths: list[Path]
    issued: list[Issued] = field(default_factory=list)
    combined: Path | None = None


def make(du_lieu: Path, nam: int | None, templates: Path, out_root: Path, names: list[str] | None = None, *,
         issue: bool = False, ngay: date | None = None, nhap: bool = False, register: Path | None = None,
         progress: Callable[[int], Progress] | None = None, loai: str | None = None) -> list[Made]:
    """Draft or issue the documents of the year (all, those named, or those of one kind).

    Everything is loaded and checked before anything is written. `progress(n)` is told how many
    documents a file makes and returns a callback for each one made.
    """
    if nhap and issue:
        raise DataError("không cấp số cho bản nháp (--nhap); hãy xem lại dữ liệu rồi cấp số")
    year = open_year(du_lieu, nam, nhap)
    docs = _load_all(year, names)
    if loai:
        docs = [doc for doc in docs if doc.data.loai == loai]
        if not docs:
            raise DataError(f"năm {year.nam} không có văn bản loại {loai} ({KINDS[loai].ten.lower()})",
                            van_ban.folder(year))
    made = []
    with existing_register(du_lieu, register, year, issue) as reg:
        lookup = reg.find if reg else None
        planned = [(doc, van_ban.jobs(doc, templates, out_root, issue, lookup)) for doc in docs]
        for doc, jobs in planned:
            jobs[0].template.check(jobs[0].context(None, ngay))
        for doc, jobs in planned:
            step = progress(len(jobs)) if progress else None
            made.append(_make_one(doc, jobs, reg if issue else None, ngay, step))
    return made


def _make_one(doc: van_ban.Document, jobs: list[publish.Job], reg: Register | None, ngay: date | None,
              step: Progress | None) -> Made:
    if reg is None:
        paths = publish.draft_all(jobs, step, ngay)
        issued = []
    else:
        issued = publish.issue_all(jobs, reg, ngay, step)
        paths = [i.tep for i in issued]
    combined = None
    if doc.data.danh_sach:
        from ..combine import combine
        combined = combine(paths, jobs[0].folder / van_ban.COMBINED[reg is not None])
    return Made(doc.ten, doc.data.loai, paths, issued, combined)


# --- starting a document -----------------------------------------------------------------------

def new_document(du_lieu: Path, nam: int | None, loai: str, ten: str) -> Path:
    """A new document file from the commented starter of its kind; never over an existing one."""
    year = open_year(du_lieu, nam, nhap=True)
    if loai not in KINDS:
        close = [code for code in KINDS if code.casefold() == loai.casefold()]
        hint = f"; có phải ý bạn là {close[0]}?" if close else ""
        raise DataError(f"không có loại văn bản «{loai}»; các loại: {', '.join(KINDS)}{hint}")
    slug = vn.slug(ten)
    if not slug or slug != ten:
        raise DataError(f"tên tệp «{ten}» cần viết thường, không dấu, nối bằng `-`, ví dụ «{slug or 'quyet-dinh-ban-chi-dao'}»")
    path = van_ban.folder(year) / f"{ten}.yaml"
    if path.exists():
        raise OutputError(f"đã có văn bản {path}; chọn tên khác hoặc sửa tệp đó")
    from ..files import write_atomic
    text = KINDS[loai].starter().replace("{{ nam_bat_dau }}", str(year.nam))
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


# --- mail merge ----------------------------------------------------------------------------------

def merge(du_lieu: Path, nam: int | None, template: Path, sheet: Path, out: Path, *, pattern: str = "{stt}",
          loai: str = "BC", ngay: date | None = None, trich_yeu: str | None = None, nhom: str | None = None,
          cho_phep_trong: bool = False, bo_hang_tong: bool = False, xem_truoc: int | None = None,
          issue: bool = False, register: Path | None = None, combined: Path | None = None,
          progress: Callable[[int], Progress] | None = None) -> Made:
    """Trộn thư: one document per row (or group of rows) of a sheet from any template, drafts or
    numbered through the register like every other document; optionally one print file."""
    from ..documents import tron
    if issue and xem_truoc is not None:
        raise DataError("--xem-truoc chỉ soạn bản xem trước, không cấp số")
    year = open_year(du_lieu, nam)
    jobs = tron.jobs(year, template, sheet, out, pattern, loai, ngay, trich_yeu, nhom=nhom,
                     cho_phep_trong=cho_phep_trong, bo_hang_tong=bo_hang_tong, xem_truoc=xem_truoc)
    step = progress(len(jobs)) if progress else None
    with existing_register(du_lieu, register, year, issue) as reg:
        if issue:
            issued = publish.issue_all(jobs, reg, ngay, step)
            paths = [i.tep for i in issued]
        else:
            issued, paths = [], publish.draft_all(jobs, step, ngay)
    if combined:
        from ..combine import combine
        # An issued batch's print file is named apart, so a later draft run can never replace it.
        target = combined.with_name(f"{combined.stem}-da-cap-so{combined.suffix}") if issue else combined
        combined = combine(paths, target)
    return Made(Path(template).stem, loai, paths, issued, combined)


# --- revoking ------------------------------------------------------------------------------------

REVOKED_FOLDER = "thu-hoi"


@dataclass
class Revoked:
    row: Row
    moved_to: Path | None  # the file, moved aside into `thu-hoi/` beside where it was


def revoke(du_lieu: Path, nam: int, so: int, ly_do: str, loai: str | None = None,
           register: Path | None = None) -> Revoked:
    """Revoke a number (never given again) and move its file aside, so it cannot be printed as valid."""
    with open_register(du_lieu, register) as reg:
        row = reg.revoke(nam, so, ly_do, loai)
        source = Path(row.tep) if row.tep else None
        if source is None or not source.is_file():
            return Revoked(row, None)
        target = source.parent / REVOKED_FOLDER / source.name
        try:
            target.parent.mkdir(exist_ok=True)
            os.replace(source, target)
        except OSError as exc:
            raise OutputError(f"đã thu hồi số nhưng không chuyển được {source} vào {target.parent}: "
                              f"{explain(exc)}") from None
        reg.relocate(row, target)
        return Revoked(row, target)


# --- editing a document and issuing it (the web page's editor and Cấp số) ---------------------

def document_path(du_lieu: Path, nam: int, ten: str) -> Path:
    """`<năm>/van-ban/<tên>.yaml` of a document of the year (any other name is none)."""
    year = open_year(du_lieu, nam, nhap=True)
    if ten not in van_ban.names(year):
        known = ", ".join(van_ban.names(year)) or "chưa có văn bản nào"
        raise DataError(f"năm {year.nam} không có văn bản «{ten}» (các văn bản: {known})", van_ban.folder(year))
    return van_ban.folder(year) / f"{ten}.yaml"


def check_text(du_lieu: Path, nam: int, ten: str, text: str, templates: Path) -> None:
    """Everything rendering a draft would refuse of a document written as `text`, writing nothing.
    Errors name the document's own file, as if `text` were in it."""
    import tempfile
    from ..models import VanBan
    year = open_year(du_lieu, nam, nhap=True)
    path = van_ban.folder(year) / f"{ten}.yaml"
    with tempfile.TemporaryDirectory(prefix="vanthu-sua-") as tmp:
        written = Path(tmp) / path.name
        written.write_text(text, encoding="utf-8")
        try:
            doc = van_ban.Document(ten, year, load_model(written, VanBan))
            raise_all([doc.source.error(message, loc) for message, loc in doc.kind.problems(doc.data)])
            for job in van_ban.jobs(doc, templates, Path("out"), issued=False):
                job.template.rehearse(job.context(None, None))
        except VanthuError as exc:
            for error in getattr(exc, "errors", [exc]):
                if isinstance(error, DataError) and error.file == written:
                    error.file = path
            raise


def save_document(du_lieu: Path, nam: int, ten: str, text: str, templates: Path, expected_hash: str) -> Path:
    """Replace a document's file with `text` once it passes `check_text`, unless the file is no
    longer the one the edit started from (`expected_hash`): then EditConflict and nothing written."""
    from ..files import write_atomic
    from ..school import EditConflict, file_hash
    path = document_path(du_lieu, nam, ten)
    check_text(du_lieu, nam, ten, text, templates)
    if file_hash(path) != expected_hash:
        raise EditConflict("tệp đã được sửa ở nơi khác (trong một thẻ khác, hoặc bằng trình soạn thảo) từ lúc "
                           "mở trang này; thay đổi của bạn chưa được lưu", path)
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def document_rows(du_lieu: Path, nam: int, ten: str, register: Path | None = None) -> list[Row]:
    """The register's rows (issued or revoked) of one document, or of each row of a batch one."""
    year = open_year(du_lieu, nam, nhap=True)
    key = f"{year.nam}/{ten}"
    return [r for r in _register_rows(du_lieu, register, year) if r.khoa == key or r.khoa.startswith(key + "/")]


def next_number(du_lieu: Path, loai: str, ngay: date, register: Path | None = None) -> int:
    """The number the next document of kind `loai` issued on `ngay` would take; nothing is taken.
    Revoked numbers count (never given again), and so does a year's starting number (`bat-dau`)."""
    if not register_exists(register_path(du_lieu, register)):
        return 1
    with open_register(du_lieu, register) as reg:
        return reg.next_number(ngay.year, loai)


@dataclass
class ToIssue:
    """What Cấp số would give a document, before anything is taken."""

    ten: str
    loai: str
    ten_loai: str
    trich_yeu: str
    ky_hieu: str
    ngay: date
    so: list[int]       # the numbers its documents without one would take, in order
    da_cap: list[Row]   # the numbers it holds already: issuing again keeps them (and their date)


def to_issue(du_lieu: Path, nam: int, ten: str, ngay: date, templates: Path, register: Path | None = None) -> ToIssue:
    """Check a document as issuing checks it (values to review refused) and say which numbers
    issuing it on `ngay` would give; nothing is written, no number is taken."""
    (checked,) = check(du_lieu, nam, templates, [ten])
    year = open_year(du_lieu, nam)
    doc = van_ban.load(year, ten)
    held = [r for r in document_rows(du_lieu, nam, ten, register) if r.trang_thai == ISSUED]
    first = next_number(du_lieu, doc.data.loai, ngay, register)
    return ToIssue(ten, doc.data.loai, doc.kind.ten, van_ban.trich_yeu(van_ban.prepare(doc)), doc.ky_hieu, ngay,
                   list(range(first, first + max(checked.so_ban - len(held), 0))), held)


# --- numbering a document typed in Word ----------------------------------------------------------

@dataclass
class WordIssued:
    """A Word document numbered through the register: its number, and what the register recorded."""

    issued: Issued
    loai: str
    trich_yeu: str


def issue_word(du_lieu: Path, source: Path, ngay: date | None = None, *, nam: int | None = None,
               register: Path | None = None, out: Path | None = None) -> WordIssued:
    """Number a document the clerk typed in Word and record it; the issued copy goes beside it (or in `out`).

    The key is the file's name, the data fingerprint the file's bytes: the same file again gets the
    same number, a changed one is refused with the way out. The clerk's file is never written.
    """
    from .. import word_number
    from ..register import Entry
    don_vi = load_model(Path(du_lieu) / DON_VI_FILE, DonVi).model
    draft = word_number.read(source, don_vi.ma, don_vi.dia_danh)
    entry = Entry(loai=draft.loai, ten_loai=KINDS[draft.loai].ten_loai or "", khoa=f"word/{draft.source.stem}",
                  ky_hieu=draft.ky_hieu, trich_yeu=draft.trich_yeu,
                  nguoi_ky=draft.nguoi_ky or don_vi.nguoi_ky.ho_ten, noi_nhan="\n".join(draft.noi_nhan),
                  bam_du_lieu=draft.fingerprint)
    folder = Path(out) if out else draft.source.parent
    with open_register(du_lieu, register, don_vi) as reg:
        earlier = reg.find(entry.loai, entry.khoa)
        day = draft.date_of_issue(ngay or (earlier.ngay if earlier else None))
        if nam is not None and day.year != nam:
            raise DataError(f"ngày cấp số {vn.ngay_ngan(day)} không thuộc năm {nam}; chọn ngày trong năm bằng --ngay",
                            draft.source)
        issued = reg.issue(entry, day, lambda so: folder / draft.file_name(so), draft.write)
    return WordIssued(issued, draft.loai, draft.trich_yeu)
