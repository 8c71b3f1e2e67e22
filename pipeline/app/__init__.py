"""The jobs a clerk asks for — list, check, make, issue, start a document — for any front end.

Functions take plain arguments, return results and raise only errors of `errors.py`. Neither
click nor a web framework is imported here: the CLI and the web page call the same functions.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from ..errors import DataError, OutputError, RegisterError, collecting, raise_all, VanthuError, warn

if TYPE_CHECKING:  # the heavy modules load when a job runs, so `vanthu --help` starts at once
    from .. import publish
    from ..contexts import Frame
    from ..documents import van_ban
    from ..load import Year
    from ..models import DonVi
    from ..register import Issued, Register, Row
from .results import Do, Outcome, Step, collects

REGISTER_FILE = "so-van-ban-di.sqlite"
_NUMBERED_NAME = re.compile(r"(?:^|-)[A-ZĐ]{1,4}-\d{2,}-[A-ZĐ0-9&]+(?:-|\.docx$)")

Progress = Callable[[], None]


def register_path(du_lieu: Path, path: Path | None = None) -> Path:
    return Path(path) if path else Path(du_lieu) / REGISTER_FILE


def open_register(du_lieu: Path, path: Path | None = None, don_vi: DonVi | None = None) -> Register:
    from ..load import DON_VI_FILE, load_model
    from ..models import DonVi
    from ..register import Register
    don_vi = don_vi or load_model(Path(du_lieu) / DON_VI_FILE, DonVi).model
    return Register(register_path(du_lieu, path), per_type=don_vi.so_van_ban == "theo-loai")


@contextmanager
def existing_register(du_lieu: Path, path: Path | None, year: Year, needed: bool) -> Iterator[Register | None]:
    """The register when issuing, or when it exists (to cite issued documents); else None."""
    from ..register import exists as register_exists
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
class DocumentInfo(Outcome):
    """A line of `vanthu danh-sach`: what the document is and where it stands."""

    ten: str
    loai: str
    ten_loai: str
    trich_yeu: str
    so_ban: int  # documents it makes: 1, or one per row of its list
    cap_so: list[Row] = field(default_factory=list)  # the register's rows for it (issued or revoked)

    @property
    def trang_thai(self) -> str:
        from .. import vn
        from ..register import ISSUED
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
    from ..documents import van_ban
    from ..load import open_year
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
    from ..register import exists as register_exists
    if not register_exists(register_path(du_lieu, path)):
        return []
    with open_register(du_lieu, path, year.don_vi.model) as reg:
        return reg.rows(year.nam)


def _load_all(year: Year, names: list[str] | None = None) -> list[van_ban.Document]:
    """Documents by name (all of the year when none), every bad file reported at once."""
    from ..documents import van_ban
    wanted = names or van_ban.names(year)
    if not wanted:
        raise DataError(f"năm {year.nam} chưa có văn bản nào; hãy tạo một văn bản", van_ban.folder(year),
                        steps=[Step(Do.NEW_DOCUMENT)])
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
class Checked(Outcome):
    ten: str
    loai: str
    so_ban: int


def check(du_lieu: Path, nam: int | None, templates: Path, names: list[str] | None = None) -> list[Checked]:
    """Everything rendering would refuse, for every document (or those named), writing nothing."""
    from ..documents import van_ban
    from ..load import open_year
    from ..tables import read_table
    year = open_year(du_lieu, nam)
    checked = []
    for doc in _load_all(year, names):
        with collecting() as found:  # each document's warnings on its own result
            jobs = van_ban.jobs(doc, templates, Path("out"), issued=False)
            contexts = [job.context(None, None) for job in jobs]
            for job, context in zip(jobs, contexts):  # filled in memory: whatever rendering would refuse is refused here
                job.template.rehearse(context)
            _warn_header(year, contexts[0])
        checked.append(Checked(doc.ten, doc.data.loai, len(jobs), warnings=found))
    if not names:
        for sheet in _sheets(year):  # the sheets a mail merge may draw from must read too
            read_table(sheet)
    return checked


def _sheets(year: Year) -> list[Path]:
    return [p for p in sorted(year.root.iterdir())
            if p.suffix.lower() in (".csv", ".xlsx") and not p.name.startswith(("~$", "."))]


@dataclass
class Made(Outcome):
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
    from ..documents import van_ban
    from ..kinds import KINDS
    from ..load import open_year
    if nhap and issue:
        raise DataError("không cấp số cho bản nháp; hãy xem lại dữ liệu rồi cấp số", steps=[Step(Do.REVIEW, nam=nam)])
    year = open_year(du_lieu, nam, nhap)
    docs = _load_all(year, names)
    if loai:
        docs = [doc for doc in docs if doc.data.loai == loai]
        if not docs:
            raise DataError(f"năm {year.nam} không có văn bản loại {loai} ({KINDS[loai].ten.lower()})",
                            van_ban.folder(year))
    made: list[Made] = []
    with collecting() as run, existing_register(du_lieu, register, year, issue) as reg:
        lookup = reg.find if reg else None
        planned = []
        for doc in docs:  # every document checked before any is written; its warnings on its own result
            with collecting() as found:
                jobs = van_ban.jobs(doc, templates, out_root, issue, lookup)
                context = jobs[0].context(None, ngay)
                jobs[0].template.check(context)
                _warn_header(year, context)
            planned.append((doc, jobs, found))
        for doc, jobs, found in planned:
            step = progress(len(jobs)) if progress else None
            with collecting(found):
                made.append(_make_one(doc, jobs, reg if issue else None, ngay, step))
            made[-1].warnings = found
    if made:  # the run's own warnings (the register's), said with the first document's
        own = {w for result in made for w in result.warnings}
        made[0].warnings = [*(w for w in run if w not in own), *made[0].warnings]
    return made


def _warn_header(year: Year, context: Frame) -> None:
    """The header lines of a document (its school, its date) that will wrap when printed."""
    from ..documents import header_warnings
    for warning in header_warnings(year.don_vi.model, context["ngay"]):
        warn(warning)


def _make_one(doc: van_ban.Document, jobs: Sequence[publish.Job[Frame]], reg: Register | None, ngay: date | None,
              step: Progress | None) -> Made:
    from .. import publish
    from ..documents import van_ban
    combined = jobs[0].folder / van_ban.COMBINED[reg is not None] if doc.data.danh_sach else None
    if reg is None:
        return Made(doc.ten, doc.data.loai, publish.draft_all(jobs, step, ngay, combined), [], combined)
    issued = publish.issue_all(jobs, reg, ngay, step)
    paths = [i.tep for i in issued]
    if combined:
        combined = _print_file(paths, combined)
    return Made(doc.ten, doc.data.loai, paths, issued, combined)


def _print_file(paths: list[Path], combined: Path) -> Path:
    """An issued batch's print file: its documents stand issued whatever happens to it."""
    from ..combine import combine
    try:
        return combine(paths, combined)
    except OutputError as exc:
        raise OutputError(f"{exc.message}. Các văn bản đã được cấp số và ghi đủ; tệp gộp để in chưa có: cấp số "
                          "lại loạt này (các văn bản đã cấp được giữ nguyên) để tạo lại tệp gộp") from None


# --- starting a document -----------------------------------------------------------------------

def new_document(du_lieu: Path, nam: int | None, loai: str, ten: str) -> Path:
    """A new document file from the commented starter of its kind; never over an existing one."""
    from .. import vn
    from ..documents import van_ban
    from ..kinds import KINDS
    from ..load import open_year
    year = open_year(du_lieu, nam, nhap=True)
    if loai not in KINDS:
        close = [code for code in KINDS if code.casefold() == loai.casefold()]
        hint = f"; có phải ý bạn là {close[0]}?" if close else ""
        raise DataError(f"không có loại văn bản «{loai}»; các loại: {', '.join(KINDS)}{hint}", field="loai")
    slug = vn.slug(ten)
    if not slug or slug != ten:
        raise DataError(f"tên tệp «{ten}» cần viết thường, không dấu, nối bằng `-`, ví dụ «{slug or 'quyet-dinh-ban-chi-dao'}»",
                        field="ten")
    from .uploads import MAX_STEM
    if len(ten) > MAX_STEM:  # before the disk refuses the name
        raise DataError(f"tên tệp quá dài ({len(ten)} ký tự); tối đa {MAX_STEM} ký tự", field="ten")
    path = van_ban.folder(year) / f"{ten}.yaml"
    if path.exists():
        raise OutputError(f"đã có văn bản {path}; chọn tên khác hoặc sửa tệp đó")
    from ..files import write_atomic
    text = KINDS[loai].starter_text(year.nam)
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


# --- mail merge ----------------------------------------------------------------------------------

@collects
def merge(du_lieu: Path, nam: int | None, template: Path, sheet: Path, out: Path, *, pattern: str = "{stt}",
          loai: str = "BC", ngay: date | None = None, trich_yeu: str | None = None, nhom: str | None = None,
          cho_phep_trong: bool = False, bo_hang_tong: bool = False, xem_truoc: int | None = None,
          issue: bool = False, register: Path | None = None, combined: Path | None = None,
          progress: Callable[[int], Progress] | None = None) -> Made:
    """Trộn thư: one document per row (or group of rows) of a sheet from any template, drafts or
    numbered through the register like every other document; optionally one print file."""
    from .. import publish
    from ..documents import van_ban
    from ..load import open_year
    if issue and xem_truoc is not None:
        raise DataError("bản xem trước không được cấp số", steps=[Step(Do.PREVIEW_ONLY)])
    year = open_year(du_lieu, nam)
    out = Path(out) if issue else Path(out) / van_ban.DRAFTS  # drafts apart: never mistaken for, nor over, an issued one
    if combined:
        publish.refuse_print_file_among(combined, [template, sheet], "mẫu hoặc bảng dữ liệu")
        # An issued batch's print file is named apart, so a later draft run can never replace it.
        combined = combined.with_name(f"{combined.stem}-da-cap-so{combined.suffix}") if issue else combined
    jobs = van_ban.merge_jobs(year, template, sheet, out, pattern, loai, ngay, trich_yeu, nhom=nhom,
                     cho_phep_trong=cho_phep_trong, bo_hang_tong=bo_hang_tong, xem_truoc=xem_truoc)
    _warn_header(year, jobs[0].context(None, ngay))
    step = progress(len(jobs)) if progress else None
    if combined and issue:  # before the register: issued names carry their number, drafts' names do not
        publish.refuse_print_file_among(combined, [job.folder / job.file_name(None) for job in jobs])
        if _NUMBERED_NAME.search(combined.name):
            raise DataError(f"tệp gộp để in {combined} mang tên như một văn bản đã cấp số; chọn tên khác cho "
                            "tệp gộp. Chưa ghi tệp nào")
    with existing_register(du_lieu, register, year, issue) as reg:
        if not issue:
            return Made(Path(template).stem, loai, publish.draft_all(jobs, step, ngay, combined), [], combined)
        assert reg is not None  # existing_register opens it when issuing
        issued = publish.issue_all(jobs, reg, ngay, step)
    paths = [i.tep for i in issued]
    return Made(Path(template).stem, loai, paths, issued, _print_file(paths, combined) if combined else None)


# --- revoking ------------------------------------------------------------------------------------

REVOKED_FOLDER = "thu-hoi"


@dataclass
class Revoked(Outcome):
    row: Row
    moved_to: Path | None  # the file, moved aside into `thu-hoi/` beside where it was
    printed: Path | None = None  # its batch's print file, made again without it


def revoke_number(du_lieu: Path, nam: int, so: int | str, ly_do: str, loai: str | None,
                  register: Path | None) -> Revoked:
    """Revoke a number (never given again) and move its file aside, so it cannot be printed as valid."""
    from ..files import explain
    from ..register import exists as register_exists
    if not register_exists(register_path(du_lieu, register)):  # revoking never creates a register
        raise RegisterError(f"chưa có sổ văn bản đi {register_path(du_lieu, register)}: chưa số nào được cấp, "
                            "không có gì để thu hồi")
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
        from ..ky_so import signed_name
        signed = signed_name(source)  # its văn bản điện tử goes aside with it
        if signed.is_file():
            try:
                os.replace(signed, target.parent / signed.name)
            except OSError as exc:
                raise OutputError(f"đã thu hồi số nhưng không chuyển được {signed} vào {target.parent}: "
                                  f"{explain(exc)}") from None
        return Revoked(row, target)


# --- editing a document and issuing it (the web page's editor and Cấp số) ---------------------

def document_path(du_lieu: Path, nam: int, ten: str) -> Path:
    """`<năm>/van-ban/<tên>.yaml` of a document of the year (any other name is none)."""
    from ..documents import van_ban
    from ..load import open_year
    year = open_year(du_lieu, nam, nhap=True)
    if ten not in van_ban.names(year):
        known = ", ".join(van_ban.names(year)) or "chưa có văn bản nào"
        raise DataError(f"năm {year.nam} không có văn bản «{ten}» (các văn bản: {known})", van_ban.folder(year))
    return van_ban.folder(year) / f"{ten}.yaml"


@collects
def check_text(du_lieu: Path, nam: int, ten: str, text: str, templates: Path) -> Outcome:
    """Everything rendering a draft would refuse of a document written as `text`, writing nothing;
    what it would warn of in its result. Errors name the document's own file, as if `text` were in it."""
    import tempfile

    from ..documents import van_ban
    from ..load import open_year
    year = open_year(du_lieu, nam, nhap=True)
    path = van_ban.folder(year) / f"{ten}.yaml"
    with tempfile.TemporaryDirectory(prefix="vanthu-sua-") as tmp:
        written = Path(tmp) / path.name
        written.write_text(text, encoding="utf-8")
        try:
            doc = van_ban.Document(ten, year, van_ban.load_document(written))
            raise_all([doc.source.error(message, loc) for message, loc in doc.kind.problems(doc.data)])
            for i, job in enumerate(van_ban.jobs(doc, templates, Path("out"), issued=False)):
                context = job.context(None, None)
                job.template.rehearse(context)
                if i == 0:
                    _warn_header(year, context)
        except VanthuError as exc:
            for error in getattr(exc, "errors", [exc]):
                if isinstance(error, DataError) and error.file == written:
                    error.file = path
            raise
    return Outcome()


def save_document(du_lieu: Path, nam: int, ten: str, text: str, templates: Path, expected_hash: str) -> Path:
    """Replace a document's file with `text` once it passes `check_text`, unless the file is no
    longer the one the edit started from (`expected_hash`): then EditConflict and nothing written."""
    from ..files import write_atomic
    from ..errors import EditConflict
    from ..files import file_hash
    path = document_path(du_lieu, nam, ten)
    check_text(du_lieu, nam, ten, text, templates)
    if path.read_text(encoding="utf-8") != text:
        refuse_issued_change(du_lieu, nam, ten)
    if file_hash(path) != expected_hash:
        raise EditConflict("tệp đã được sửa ở nơi khác (trong một thẻ khác, hoặc bằng trình soạn thảo) từ lúc "
                           "mở trang này; thay đổi của bạn chưa được lưu", path)
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def refuse_issued_change(du_lieu: Path, nam: int, ten: str) -> None:
    """An issued document never changes: its file is what was issued. Revoke it (then issue anew),
    or write a new document that replaces it."""
    from .. import vn
    from ..register import ISSUED
    issued = [r for r in document_rows(du_lieu, nam, ten) if r.trang_thai == ISSUED]
    if issued:
        numbers = ", ".join(vn.so_hieu(r.so, r.ky_hieu) for r in issued)
        raise DataError(f"văn bản «{ten}» đã cấp số {numbers} nên không sửa được nữa; muốn đổi nội dung thì thu hồi "
                        "số đã cấp rồi cấp số mới, hoặc soạn một văn bản mới thay thế nó",
                        steps=[*(Step(Do.REVOKE, so=r.so, nam=r.nam, loai=r.loai) for r in issued),
                               Step(Do.NEW_DOCUMENT, ten=ten)])


def document_rows(du_lieu: Path, nam: int, ten: str, register: Path | None = None) -> list[Row]:
    """The register's rows (issued or revoked) of one document, or of each row of a batch one."""
    from ..load import open_year
    year = open_year(du_lieu, nam, nhap=True)
    key = f"{year.nam}/{ten}"
    return [r for r in _register_rows(du_lieu, register, year) if r.khoa == key or r.khoa.startswith(key + "/")]


def next_number(du_lieu: Path, loai: str, ngay: date, register: Path | None = None) -> int:
    """The number the next document of kind `loai` issued on `ngay` would take; nothing is taken.
    Revoked numbers count (never given again), and so does a year's starting number (`bat-dau`)."""
    from ..register import exists as register_exists
    if not register_exists(register_path(du_lieu, register)):
        return 1
    with open_register(du_lieu, register) as reg:
        return reg.next_number(ngay.year, loai)


@dataclass
class ToIssue(Outcome):
    """What Cấp số would give a document, before anything is taken."""

    ten: str
    loai: str
    ten_loai: str
    trich_yeu: str
    ky_hieu: str
    ngay: date
    so: list[int]       # the numbers its documents without one would take, in order
    da_cap: list[Row]   # the numbers it holds already: issuing again keeps them (and their date)

    @property
    def ngay_cap(self) -> date:
        """The date issuing uses: the one chosen, or, when every number is held already (issued
        again, nothing new), the date they were issued on."""
        return self.ngay if self.so or not self.da_cap else self.da_cap[0].ngay


@collects
def to_issue(du_lieu: Path, nam: int, ten: str, ngay: date, templates: Path, register: Path | None = None) -> ToIssue:
    """Check a document as issuing checks it (values to review refused) and say which numbers
    issuing it on `ngay` would give; nothing is written, no number is taken."""
    from ..documents import van_ban
    from ..load import open_year
    from ..register import ISSUED
    (checked,) = check(du_lieu, nam, templates, [ten])
    year = open_year(du_lieu, nam)
    doc = van_ban.load(year, ten)
    held = [r for r in document_rows(du_lieu, nam, ten, register) if r.trang_thai == ISSUED]
    if checked.so_ban > len(held):  # new numbers to give: on a date the register takes
        check_issue_date(du_lieu, nam, doc.data.loai, ngay, register)
    first = next_number(du_lieu, doc.data.loai, ngay, register)
    return ToIssue(ten, doc.data.loai, doc.kind.ten, van_ban.trich_yeu(van_ban.prepare(doc)), doc.ky_hieu, ngay,
                   list(range(first, first + max(checked.so_ban - len(held), 0))), held)


# A document of year N is dated in N, and a new number never carries a date before a number below it
# (numbers follow issue order, NĐ 30 Điều 15): refused before the clerk confirms, not after.

def _last_date(du_lieu: Path, nam: int, loai: str, register: Path | None) -> date | None:
    """The latest date already given in the sequence a new `loai` number of year `nam` would follow."""
    from ..register import exists
    if not exists(register_path(du_lieu, register)):
        return None
    with open_register(du_lieu, register) as reg:
        dates = [r.ngay for r in reg.rows(nam) if not reg.per_type or r.loai == loai]
    return max(dates, default=None)


def issue_date_range(du_lieu: Path, nam: int, loai: str, register: Path | None = None) -> tuple[date, date]:
    """The first and last dates a new number of `loai` in year `nam` may carry."""
    last = _last_date(du_lieu, nam, loai, register)
    return max(date(nam, 1, 1), last or date(nam, 1, 1)), date(nam, 12, 31)


def check_issue_date(du_lieu: Path, nam: int, loai: str, ngay: date, register: Path | None = None) -> None:
    """Refuse, before anything is taken, a date the register would refuse when issuing."""
    from .. import vn
    first, last = issue_date_range(du_lieu, nam, loai, register)
    if ngay.year != nam:
        raise DataError(f"văn bản thuộc năm {nam} phải mang ngày trong năm {nam} (số đánh lại từ 01 mỗi năm), "
                        f"không phải {vn.ngay_ngan(ngay)}; chọn ngày từ {vn.ngay_ngan(first)} đến {vn.ngay_ngan(last)}",
                        steps=[Step(Do.CHOOSE_DATE, nam=nam)])
    if ngay < first:
        raise DataError(f"số mới không thể mang ngày {vn.ngay_ngan(ngay)}: số trước nó trong sổ đã mang ngày "
                        f"{vn.ngay_ngan(first)}, mà số văn bản theo thứ tự ban hành (Nghị định 30, Điều 15); "
                        f"chọn ngày từ {vn.ngay_ngan(first)} trở đi", steps=[Step(Do.CHOOSE_DATE, nam=nam)])


# --- numbering a document typed in Word ----------------------------------------------------------

@dataclass
class WordIssued(Outcome):
    """A Word document numbered through the register: its number, and what the register recorded."""

    issued: Issued
    loai: str
    trich_yeu: str


@collects
def issue_word(du_lieu: Path, source: Path, ngay: date | None = None, *, nam: int | None = None,
               register: Path | None = None, out: Path | None = None) -> WordIssued:
    """Number a document the clerk typed in Word and record it; the issued copy goes beside it (or in `out`).

    The key is the file's name, the data fingerprint the file's bytes: the same file again gets the
    same number, a changed one is refused with the way out. The clerk's file is never written.
    """
    from .. import vn, word_number
    from ..kinds import KINDS
    from ..load import DON_VI_FILE, load_model
    from ..models import DonVi
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
            raise DataError(f"ngày cấp số {vn.ngay_ngan(day)} không thuộc năm {nam}; chọn ngày trong năm",
                            draft.source, steps=[Step(Do.CHOOSE_DATE, nam=nam)])
        issued = reg.issue(entry, day, lambda so: folder / draft.file_name(so), draft.write)
    return WordIssued(issued, draft.loai, draft.trich_yeu)


# --- what the front ends may use besides the functions above ---------------------------------------
# Loaded on first use (PEP 562), so a front end can name them at import time and `vanthu --help` still
# loads no document library.

from ..kinds.codes import CONG_VAN, KIND_CODES, LOAI_VAN_BAN  # noqa: E402, F401 (a plain table; every kind's code)

_LAZY = {
    "School": ".api", "Listing": ".api", "Checks": ".api", "Making": ".api", "NewDocument": ".api",
    "NewYear": ".api", "YearInfo": ".api", "Imports": ".api", "RegisterView": ".api", "Exported": ".api",
    "Recorded": ".api", "Started": ".api", "Templates": ".api", "Pdfs": ".api", "SetUp": ".api",
    "SchoolCheck": ".api", "Columns": ".api", "MergePlan": ".merging",
    "FOLDER": "..documents.van_ban", "is_review": "..load", "read_yaml": "..load", "DonVi": "..models",
    "KINDS": "..kinds", "ISSUED": "..register", "REVOKED": "..register", "OUTSIDE": "..register",
    "STATES": "..register", "TruongMoi": "..school", "Advice": "..school", "EditConflict": "..errors",
    "ConverterError": "..pdf", "explain": "..files",
    # Kiểm tra thể thức: any Word document checked (and fixed) against NĐ 30.
    "FormatFinding": ".the_thuc", "FormatFixed": ".the_thuc", "FormatReport": ".the_thuc", "PageImage": ".the_thuc",
    "check_format": ".the_thuc", "fix_format": ".the_thuc", "format_pages": ".the_thuc",
    # Uploads: a name checked before any byte is written, saved under a name vanthu makes.
    "checked_stem": ".uploads", "import_upload": ".uploads", "job_folder": ".uploads", "save_upload": ".uploads",
    "upload_suffix": ".uploads",
    # The 2025 organisation: provinces, wards and communes, the usual chủ quản and địa danh.
    "PlaceSuggestion": ".dia_gioi", "check_province": ".dia_gioi", "province_names": ".dia_gioi",
    "suggest_place": ".dia_gioi", "ward_names": ".dia_gioi",
    # Ký số (the application's signing jobs); "module:name" where the front ends use another name.
    "CheckedFile": ".ky_so", "Secret": ".ky_so", "SignedDocument": ".ky_so", "check_signed": ".ky_so",
    "issued_files": ".ky_so", "secrets_needed": ".ky_so", "sign_document": ".ky_so", "signed_name": ".ky_so",
    "to_sign": ".ky_so", "save_signing_settings": ".ky_so:save_settings",
    "signing_settings_hash": ".ky_so:settings_hash", "signing_settings": ".ky_so:settings_values",
}
_LAZY.update(replacement=".thay_the", citing_warning=".thu_hoi", revoke=".thu_hoi", proposed_date=".ngay_cap",
             review_list=".xem_lai", confirm_checked=".xem_lai", field_label=".xem_lai",
             issued_affected=".anh_huong")
_LAZY.update(dict.fromkeys(("ROSTER_FIELDS", "RosterSheet", "PlanTasks", "RosterTeacher", "SavedNotice",
                           "read_roster_sheet", "roster_teachers", "roster_plans", "role_problems",
                           "save_roster_notice"), ".phan_cong"))
_LAZY.update(PdfConverter=".xem_truoc")
_LAZY.update(kept_upload=".uploads")
_LAZY.update(dict.fromkeys(("WebAddress", "web_address", "keep_web_address", "renew_web_address"), ".dia_chi"))


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module
    module, _, attribute = _LAZY[name].partition(":")
    value = getattr(import_module(module, __name__), attribute or name)
    globals()[name] = value
    return value

