"""What every page of the clerk's site shares: the blueprint, the school's folder, the guard for pages
that need a school, field errors, dates from a form, and the links to files the page wrote.

The pages themselves live by resource: truong.py (Khởi tạo, Trường), nam.py (Năm, Xem lại),
van_ban.py (Văn bản, its editor, preview and Cấp số), so_van_ban.py (Sổ văn bản đi), tron.py (Trộn thư)
and viec.py (the progress of long work and the files it wrote). Routes only read the form, call the
core and present what it returns; a data error is shown beside the field it names.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Blueprint, redirect, request, session, url_for

from .. import vn
from ..app import School
from ..errors import DataError, DataErrors, VanthuError
from . import preview
from .context import state
from .jobs import Job

bp = Blueprint("pages", __name__)
OUT = "out"  # what the page writes, inside the data folder
MAX_NAME = 120  # a name in an address (a document, a job): longer is none, before the disk refuses it


def data() -> Path:
    """The school's folder, for the pages behind `needs_school`."""
    folder = state().data
    assert folder is not None, "a page that needs a school is not marked @needs_school"
    return folder


def out_dir() -> Path:
    return data() / OUT


def needs_school(view):
    """Pages that need a school: before one is set up, the first page is Khởi tạo."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        folder = state().data
        if folder is None or not School.is_school(folder):
            return redirect(url_for("pages.khoi_tao"))
        return view(*args, **kwargs)
    return wrapper


def field_errors(exc: VanthuError) -> tuple[dict[str, str], list[str]]:
    """Messages by form field (`nguoi_ky.ho_ten`), and the ones no field shows."""
    errors = exc.errors if isinstance(exc, DataErrors) else [exc]
    by_field: dict[str, str] = {}
    other: list[str] = []
    for error in errors:
        if isinstance(error, DataError) and error.field:
            by_field.setdefault(error.field, error.message)
        else:
            other.append(error.message if isinstance(error, DataError) else str(error))
    return by_field, other


# The year the clerk works on: chosen in the header on every page, followed by Văn bản, Nhập, Trộn thư
# and new documents. A page of one year's document (/van-ban/2022/…) chooses that year.

def school_years() -> list[int]:
    folder = state().data  # None on the first page, before a school is set up
    return School(folder).years() if folder is not None and School.is_school(folder) else []


def chosen_year() -> int | None:
    """The year asked for in the address, else the one chosen last, else the newest."""
    known = school_years()
    for wanted in (request.args.get("nam", type=int), (request.view_args or {}).get("nam"), session.get("nam")):
        if wanted in known:
            return wanted
    return known[-1] if known else None


@bp.before_app_request
def _remember_year():
    wanted = request.args.get("nam", type=int) or (request.view_args or {}).get("nam")
    if wanted and request.method == "GET" and wanted in school_years():
        session["nam"] = wanted


@bp.app_context_processor
def _year_switcher() -> dict:
    """The header's year links: this page for another year, or the year's document list from a
    page that belongs to one year (a document, its Cấp số, a year's review)."""
    known = school_years() if request.url_rule else []
    endpoint = request.endpoint or ""

    def year_url(nam: int) -> str:
        if request.view_args or request.method != "GET" or endpoint == "pages.khoi_tao":
            return url_for("pages.tron_form" if endpoint.startswith("pages.tron") else "pages.van_ban", nam=nam)
        values: dict[str, Any] = {**request.args.to_dict(), "nam": nam}
        return url_for(endpoint, **values)
    return {"cac_nam": known, "nam_chon": chosen_year() if known else None, "year_url": year_url}


@bp.get("/")
@needs_school
def index():
    return redirect(url_for("pages.nam"))


def date_arg(name: str) -> date | None:
    text = request.args.get(name, "")
    try:
        return vn.doc_ngay(text) if text else None
    except ValueError as exc:
        raise DataError(str(exc)) from None


def parse_date(text: str) -> date:
    try:
        return vn.doc_ngay(text)
    except ValueError as exc:
        raise DataError(str(exc), field="ngay") from None


# Long work and its results.

def as_printed(job: Job, docx: Path, out: Path) -> list[tuple[str, str]]:
    """A drafted document as it will print: its page images and PDF (when LibreOffice is there)."""
    links = [(f"Tải {docx.name}", file_url(docx, out))]
    if preview.can_preview():
        job.progress(1, 3, "Đang chuyển sang PDF (LibreOffice)")
        pdf_file = preview.to_pdf(docx)
        job.progress(2, 3, "Đang dựng ảnh các trang")
        links += [(f"Trang {i}", file_url(png, out)) for i, png in enumerate(preview.page_images(pdf_file), 1)]
        links.append((f"Tải {pdf_file.name}", file_url(pdf_file, out)))
    job.progress(3, 3, "Xong")
    return links


def as_sent(exc: VanthuError, folder: Path, sent: str, field: str | None = None) -> DataError:
    """A refusal of an uploaded file, naming it as the clerk sent it rather than where the page
    saved it (in a folder the clerk never saw, under a name vanthu made); beside its box `field`."""
    text = re.sub(re.escape(str(folder)) + r"/[A-Za-z0-9._/-]*", lambda _: f"«{sent}»", str(exc))
    return DataError(text, field=field, steps=exc.steps)


def inside(path: Path, out: Path) -> bool:
    """A file the page can offer for download: one inside its output folder."""
    return path.resolve().is_relative_to(out.resolve())


def file_url(path: Path, out: Path) -> str:
    """The download address of a file the page wrote (built without a request: jobs run in threads)."""
    return "/tep/" + quote(path.resolve().relative_to(out.resolve()).as_posix())


