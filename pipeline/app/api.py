"""`School`: a school's data folder opened once, the jobs a clerk asks for as its methods.

In the spirit of sqlite-utils' `Database`: `School(du_lieu)` holds where things are (the data
folder, the register, the templates, where output goes); each method is one job and returns a
plain result that carries its `warnings` and `next_steps` (`results.Outcome`). The module-level
functions of this package stay the implementation; the methods delegate to them, so front ends
need nothing else of the core.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from .. import importers, pdf, rollover, school, so_dang_ky
from ..documents import FRAME_VARIABLES, tron
from ..errors import VanthuError
from ..files import file_hash
from ..load import DON_VI_FILE, THAM_SO_FILE, load_model, years
from ..models import DonVi, ThamSo
from ..publish import outside_entry
from ..register import Row
from ..register import exists as register_exists
from ..shipped import templates_folder, write_templates
from . import (Checked, DocumentInfo, Made, Progress, Revoked, ToIssue, WordIssued, check, check_text,
               document_path, document_rows, documents, issue_word, make, merge, new_document, next_number,
               open_register, register_path, save_document, to_issue)
from .merging import MergePlan, merge_plan
from .results import Outcome, collects
from .thu_hoi import revoke

Bars = Callable[[int], Progress]


# --- results of the School's own jobs ------------------------------------------------------------

@dataclass
class Listing(Outcome):
    """The documents of one year, with their state in the register."""

    nam: int
    documents: list[DocumentInfo]


@dataclass
class Checks(Outcome):
    """What `check` found valid (everything it refuses is raised)."""

    documents: list[Checked]


@dataclass
class Making(Outcome):
    """Documents drafted or issued by one run, file by file."""

    made: list[Made]


@dataclass
class NewDocument(Outcome):
    path: Path
    loai: str
    ten: str


@dataclass
class NewYear(Outcome):
    """A year made from the last one: its folder, the values to review, what was not carried."""

    folder: Path
    nam: int
    tu: int
    review: list[rollover.ReviewItem]
    skipped: list[str]
    backup: Path | None = None


@dataclass
class YearInfo(Outcome):
    """A year of the data folder, as the list of years shows it."""

    nam: int
    nam_hoc: str
    to_review: int
    files: list[str]
    problem: str = ""


@dataclass
class Imports(Outcome):
    imported: list[importers.Imported]


@dataclass
class RegisterView(Outcome):
    """The register's rows a view shows, and what its filters can offer."""

    rows: list[Row]
    years: list[int] = field(default_factory=list)
    kinds: list[tuple[str, str]] = field(default_factory=list)  # (code, tên loại) of the kinds present
    per_type: bool = False                           # one sequence per kind: a revoke names the kind


@dataclass
class Exported(Outcome):
    path: Path
    count: int


@dataclass
class Recorded(Outcome):
    row: Row


@dataclass
class Started(Outcome):
    nam: int
    so: int
    loai: str | None


@dataclass
class Templates(Outcome):
    paths: list[Path]


@dataclass
class Pdfs(Outcome):
    pdfs: list[Path]
    combined: Path | None
    failed: dict[Path, str]


@dataclass
class SetUp(Outcome):
    folder: Path
    written: list[Path]


@dataclass
class SchoolCheck(Outcome):
    """The school some answers (or a don-vi.yaml) make, and what in its header will wrap."""

    don_vi: DonVi
    advice: list[school.Advice]


@dataclass
class Columns(Outcome):
    """A sheet's columns as a template uses them."""

    table: Any
    columns: list[tron.Column]
    frame: dict[str, str]


# --- the school ----------------------------------------------------------------------------------

class School:
    """A school's data folder opened once; each method is one job."""

    def __init__(self, du_lieu: Path, register: Path | None = None, templates: Path | None = None,
                 out: Path | None = None):
        self.du_lieu = Path(du_lieu)
        self.register_arg = Path(register) if register else None
        self.register_file = register_path(self.du_lieu, self.register_arg)
        self.templates_arg = Path(templates) if templates else None
        self.out = Path(out) if out else Path("out")
        self._templates: Path | None = None

    # finding and setting up a school

    @staticmethod
    def find(given: Path | None = None) -> Path | None:
        """The school's folder: the one given, the current folder or its `data/`, the remembered one."""
        return school.find_data(given)

    @staticmethod
    def folder(given: Path | None = None) -> Path:
        """As `find`, but DataError (with the step to set a school up) when there is none."""
        return school.data_folder(given)

    @staticmethod
    def templates_folder(given: Path | None = None) -> Path:
        """The templates a school uses: the folder given, its own `templates/`, else the shipped ones."""
        return templates_folder(given)

    @staticmethod
    def suggest_ma(ten: str) -> str:
        """`Trường THCS Khánh Bình` → `THCSKB`."""
        return school.suggest_ma(ten)

    @classmethod
    def open(cls, given: Path | None = None, **kwargs: Any) -> School:
        """The school found as `find` finds it; DataError (with a step to set one up) when none is."""
        return cls(school.data_folder(given), **kwargs)

    @staticmethod
    def is_school(folder: Path | None) -> bool:
        return folder is not None and school.is_school(Path(folder))

    @staticmethod
    def check_answers(answers: school.TruongMoi) -> SchoolCheck:
        dv, advice = school.check(answers)
        return SchoolCheck(dv, advice, warnings=[str(a) for a in advice])

    @classmethod
    def set_up(cls, folder: Path, answers: school.TruongMoi, today: date | None = None) -> SetUp:
        """A new school's folder: don-vi.yaml, this year's folder and its first documents; remembered."""
        written = school.create(Path(folder), answers, today)
        return SetUp(Path(folder), written)

    @property
    def exists(self) -> bool:
        return school.is_school(self.du_lieu)

    @property
    def templates(self) -> Path:
        if self._templates is None:
            self._templates = templates_folder(self.templates_arg)
        return self._templates

    def don_vi(self) -> DonVi:
        return load_model(self.du_lieu / DON_VI_FILE, DonVi).model

    def don_vi_file(self) -> Path:
        return self.du_lieu / DON_VI_FILE

    def don_vi_check(self, dv: DonVi | None = None) -> SchoolCheck:
        """Header lines that wrap, and district-era names once the school works past 1 July 2025."""
        dv = dv or self.don_vi()
        advice = school.don_vi_advice(dv, self.years())
        return SchoolCheck(dv, advice, warnings=[str(a) for a in advice])

    def save_don_vi(self, values: dict[str, Any], expected_hash: str | None) -> DonVi:
        return school.save_don_vi(self.du_lieu, values, expected_hash)

    def don_vi_with(self, values: dict[str, Any]) -> DonVi:
        """The school as these form values would make it, for a preview: checked, nothing written."""
        return school.don_vi_with(self.du_lieu, values)

    @staticmethod
    def header(dv: DonVi, ngay: date | None = None) -> school.HeaderPreview:
        """The two-column header as it prints (sizes, rule lengths), for a preview."""
        return school.header_preview(dv, ngay)

    @staticmethod
    def file_hash(path: Path) -> str:
        return file_hash(path)

    # years

    def years(self) -> list[int]:
        return years(self.du_lieu)

    def year_infos(self) -> list[YearInfo]:
        infos = []
        for nam in self.years():
            folder = self.du_lieu / str(nam)
            files = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
            try:
                nam_hoc = load_model(folder / THAM_SO_FILE, ThamSo).model.nam_hoc
                infos.append(YearInfo(nam, nam_hoc, len(rollover.checklist(folder)), files))
            except VanthuError as exc:
                infos.append(YearInfo(nam, "", 0, files, str(exc)))
        return infos

    def new_year(self, tu: int | None = None, den: int | None = None, overwrite: bool = False) -> NewYear:
        folder, items, skipped, backup = rollover.new_year(self.du_lieu, tu, den, overwrite)
        source = tu if tu is not None else int(folder.name) - 1
        return NewYear(folder, int(folder.name), source, items, skipped, backup)

    def compare(self, a: int, b: int) -> list[str]:
        return rollover.compare(self.du_lieu, a, b)

    def to_review(self, nam: int) -> list[rollover.ReviewItem]:
        return rollover.checklist(self.du_lieu / str(nam))

    def confirm_review(self, path: Path, field_path: str, text: str, expected_hash: str | None) -> None:
        school.confirm_review(path, field_path, text, expected_hash)

    # the year's documents

    @collects
    def documents(self, nam: int | None = None) -> Listing:
        year, infos = documents(self.du_lieu, nam, self.register_arg)
        return Listing(year.nam, infos)

    def check(self, nam: int | None = None, names: list[str] | None = None) -> Checks:
        return Checks(check(self.du_lieu, nam, self.templates, names))

    def make(self, nam: int | None = None, names: list[str] | None = None, *, issue: bool = False,
             ngay: date | None = None, nhap: bool = False, progress: Bars | None = None,
             loai: str | None = None) -> Making:
        return Making(make(self.du_lieu, nam, self.templates, self.out, names, issue=issue, ngay=ngay, nhap=nhap,
                           register=self.register_arg, progress=progress, loai=loai))

    def new_document(self, nam: int | None, loai: str, ten: str) -> NewDocument:
        return NewDocument(new_document(self.du_lieu, nam, loai, ten), loai, ten)

    def document_path(self, nam: int, ten: str) -> Path:
        return document_path(self.du_lieu, nam, ten)

    def check_text(self, nam: int, ten: str, text: str) -> Outcome:
        return check_text(self.du_lieu, nam, ten, text, self.templates)

    def save_document(self, nam: int, ten: str, text: str, expected_hash: str) -> Path:
        return save_document(self.du_lieu, nam, ten, text, self.templates, expected_hash)

    def document_rows(self, nam: int, ten: str) -> list[Row]:
        return document_rows(self.du_lieu, nam, ten, self.register_arg)

    def to_issue(self, nam: int, ten: str, ngay: date) -> ToIssue:
        return to_issue(self.du_lieu, nam, ten, ngay, self.templates, self.register_arg)

    def issue_word(self, source: Path, ngay: date | None = None, nam: int | None = None,
                   out: Path | None = None) -> WordIssued:
        """Number a document typed in Word in place (a copy beside it, or in `out`)."""
        return issue_word(self.du_lieu, source, ngay, nam=nam, register=self.register_arg, out=out)

    def import_word(self, files: list[Path], nam: int | None = None, ten: str | None = None,
                    overwrite: bool = False, normalise_names: bool = False) -> Imports:
        """Word files into the year's documents; the school's names kept as typed unless `normalise_names`."""
        return Imports(importers.nhap(list(files), self.du_lieu, nam, ten, overwrite, normalise_names))

    # mail merge

    def merge(self, template: Path, sheet: Path, out: Path, *, nam: int | None = None, pattern: str = "{stt}",
              loai: str = "BC", ngay: date | None = None, trich_yeu: str | None = None, nhom: str | None = None,
              cho_phep_trong: bool = False, bo_hang_tong: bool = False, xem_truoc: int | None = None,
              issue: bool = False, combined: Path | None = None, progress: Bars | None = None) -> Made:
        """One document per row (or group) of a sheet; drafts, or numbered through the register; a print
        file when `combined` is given (an issued batch's named apart)."""
        return merge(self.du_lieu, nam, template, sheet, out, pattern=pattern, loai=loai, ngay=ngay,
                     trich_yeu=trich_yeu, nhom=nhom, cho_phep_trong=cho_phep_trong, bo_hang_tong=bo_hang_tong,
                     xem_truoc=xem_truoc, issue=issue, register=self.register_arg, combined=combined,
                     progress=progress)

    def merge_plan(self, template: Path, sheet: Path, out: Path, *, nam: int | None = None, pattern: str = "{stt}",
                   loai: str = "BC", ngay: date | None = None, trich_yeu: str | None = None,
                   nhom: str | None = None, cho_phep_trong: bool = False, bo_hang_tong: bool = False) -> MergePlan:
        """What `merge` would make (columns matched, documents, missing variables); nothing written."""
        return merge_plan(self.du_lieu, nam, template, sheet, out, pattern=pattern, loai=loai, ngay=ngay,
                          trich_yeu=trich_yeu, nhom=nhom, cho_phep_trong=cho_phep_trong, bo_hang_tong=bo_hang_tong)

    @staticmethod
    def columns(sheet: Path) -> Columns:
        table, columns = tron.columns(sheet)
        return Columns(table, columns, dict(FRAME_VARIABLES))

    # the register

    def register_exists(self) -> bool:
        return register_exists(self.register_file)

    @collects
    def register_rows(self, nam: int | None = None, loai: str | None = None, tu: date | None = None,
                      den: date | None = None) -> RegisterView:
        """The rows a view shows, filtered by year, kind code and dates; reading never creates the register."""
        if not self.register_exists():
            return RegisterView([])
        with open_register(self.du_lieu, self.register_arg) as reg:
            everything = reg.rows()
            return RegisterView(reg.rows(nam, loai or None, tu, den), reg.years(),
                                sorted({(r.loai, r.ten_loai) for r in everything}), reg.per_type)

    def export_register(self, path: Path, nam: int | None = None, quyen: int = 1, loai: str | None = None,
                        tu: date | None = None, den: date | None = None) -> Exported:
        """The register (or the rows a view shows) as the printable Excel book of Phụ lục IV: one cover
        and one sheet per year."""
        view = self.register_rows(nam, loai, tu, den)
        dv = self.don_vi()
        return Exported(so_dang_ky.export(view.rows, Path(path), dv.ten, dv.co_quan_chu_quan, quyen), len(view.rows),
                        warnings=view.warnings)

    @collects
    def record(self, ngay: date, ky_hieu: str, trich_yeu: str, nguoi_ky: str, noi_nhan: list[str],
               so: int | str | None = None, loai: str | None = None) -> Recorded:
        """A document numbered outside vanthu (typed in Word, by hand) written into the register."""
        entry = outside_entry(ky_hieu, trich_yeu, nguoi_ky, list(noi_nhan), so, loai)
        with open_register(self.du_lieu, self.register_arg) as reg:
            return Recorded(reg.record(entry, ngay, so))

    @collects
    def start(self, nam: int, so: int | str, loai: str | None = None) -> Started:
        """A year's numbers start after the ones given by hand: at `so`, or after `152a` at 153.
        The result holds the first number vanthu will give."""
        with open_register(self.du_lieu, self.register_arg) as reg:
            first = reg.start(nam, so, loai)
        return Started(nam, first, loai)

    def revoke(self, nam: int, so: int | str, ly_do: str, loai: str | None = None) -> Revoked:
        """Revoke a number (never given again) and move its file aside. A kind code narrows the choice
        only where each kind has its own sequence; with one sequence a year's number is one document."""
        per_type = self.don_vi().so_van_ban == "theo-loai"
        return revoke(self.du_lieu, nam, so, ly_do, loai if per_type else None, self.register_arg)

    def next_number(self, loai: str, ngay: date) -> int:
        return next_number(self.du_lieu, loai, ngay, self.register_arg)

    # templates and PDF

    def write_templates(self, folder: Path) -> Templates:
        """The shipped templates rebuilt with the school's layout settings."""
        return Templates(write_templates(self.don_vi().trinh_bay, Path(folder)))

    @staticmethod
    def pdf_available() -> bool:
        """LibreOffice is there to make PDFs."""
        try:
            pdf.soffice()
        except pdf.ConverterError:
            return False
        return True

    @staticmethod
    def pdf_ready() -> list[str]:
        """Raise when LibreOffice is missing; the font warnings otherwise."""
        pdf.soffice()
        return pdf.font_warnings()

    @staticmethod
    def to_pdf(docs: list[Path], progress: pdf.Progress | None = None, combined: Path | None = None) -> Pdfs:
        result = pdf.convert(docs, progress, combined)
        return Pdfs(result.pdfs, result.combined, result.failed)
