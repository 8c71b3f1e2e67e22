"""Kiểm tra thể thức: upload a Word file, see its findings beside its pages with their places marked,
download the corrected copy, and number it through the register if the clerk wants."""

from __future__ import annotations

import json
import secrets
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, render_template, request, send_file
from werkzeug.utils import secure_filename

from .. import app, vn
from ..errors import DataError, VanthuError
from .context import state
from .pages import MAX_NAME, as_sent, field_errors

bp = Blueprint("the_thuc", __name__)
_SUFFIXES = {".docx", ".doc"}


def _root() -> Path:
    """Where checked files are kept: the school's out/ folder, or a temporary one before a school exists."""
    data = current_app.extensions["vanthu"].data
    if data is not None:
        return Path(data) / "out" / "the-thuc"
    root = current_app.config.setdefault("THE_THUC_TMP", tempfile.mkdtemp(prefix="vanthu-the-thuc-"))
    return Path(root)


def _folder(job: str) -> Path:
    if not job.isalnum() or len(job) > MAX_NAME:
        abort(404)
    folder = _root() / job
    if not (folder / "ket-qua.json").is_file():
        abort(404)
    return folder


def _page(status: int = 200, **values: Any):
    values = {"result": None, "errors": {}, "ngay": vn.ngay_ngan(date.today()), **values}
    return render_template("the_thuc.html", **values), status


def _refused(exc: VanthuError, **values: Any):
    """The page again, the refusal beside its box (the file, the date) and the rest above the form."""
    errors, other = field_errors(exc)
    for message in other:
        flash(message, "loi")
    return _page(400, errors=errors, **values)


@bp.get("/the-thuc")
def form():
    return _page()


@bp.post("/the-thuc")
def upload():
    try:
        return _page(**_checked())
    except VanthuError as exc:
        if exc.steps:
            raise
        return _refused(exc)


def _checked() -> dict[str, Any]:
    """The uploaded file checked, its findings and pages kept under a new job; what the page shows."""
    upload = request.files.get("tep")
    if not upload or not upload.filename:
        raise DataError("chưa chọn tệp Word để kiểm tra", field="tep")
    suffix = Path(secure_filename(upload.filename)).suffix.lower() or Path(upload.filename).suffix.lower()
    if suffix not in _SUFFIXES:
        raise DataError(f"tệp «{upload.filename}» không phải tệp Word (.docx hoặc .doc)", field="tep")
    job = secrets.token_hex(8)
    folder = _root() / job
    folder.mkdir(parents=True)
    try:
        source = app.save_upload(folder, "goc", suffix, upload.save)
        report = app.check_format(source)
        fixed = app.fix_format(source, folder / "ban-sua.docx") if not report.ok else None
    except VanthuError as exc:
        refused = as_sent(exc, folder, upload.filename, field="tep")
        shutil.rmtree(folder, ignore_errors=True)  # nothing of a refused file is kept
        raise refused from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    pages = []
    try:
        pages = app.format_pages(source, report, folder, state().pdfs.to_pdf)
    except VanthuError:
        pages = []  # without LibreOffice the listing alone, pages estimated
    result = {
        "ten": upload.filename,
        "findings": [f.as_dict() for f in report.findings],
        "uoc_tinh": report.trang_uoc_tinh,
        "pages": [{"image": p.image.name, "markers": [vars(m) for m in p.markers]} for p in pages],
        "fixed": len(fixed.fixed) if fixed else 0,
        "left": [f.as_dict() for f in fixed.left.findings] if fixed else [],
    }
    (folder / "ket-qua.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return {"result": result, "job": job}


@bp.get("/the-thuc/<job>/trang/<name>")
def page_image(job: str, name: str):
    folder = _folder(job)
    path = folder / secure_filename(name)
    if path.suffix != ".png" or len(name) > MAX_NAME or not path.is_file():
        abort(404)
    return send_file(path.resolve(), mimetype="image/png")


@bp.get("/the-thuc/<job>/ban-sua.docx")
def corrected(job: str):
    folder = _folder(job)
    result = json.loads((folder / "ket-qua.json").read_text(encoding="utf-8"))
    path = folder / "ban-sua.docx"
    if not path.is_file():
        abort(404)
    name = Path(result["ten"]).stem + "-da-sua.docx"
    return send_file(path.resolve(), as_attachment=True, download_name=name)


def _date(text: str) -> date | None:
    """The date typed (or picked) for Cấp số; none: the one on the document, or today."""
    try:
        return vn.doc_ngay(text) if text else None
    except ValueError as exc:
        raise DataError(str(exc), field="ngay") from None


@bp.post("/the-thuc/<job>/cap-so")
def issue(job: str):
    folder = _folder(job)
    data = current_app.extensions["vanthu"].data
    if data is None:
        raise DataError("chưa có trường: khởi tạo trường trước khi cấp số")
    result = json.loads((folder / "ket-qua.json").read_text(encoding="utf-8"))
    source = next((folder / n for n in ("ban-sua.docx", "goc.docx", "van-ban.docx") if (folder / n).is_file()), None)
    if source is None:
        raise DataError("chưa có bản .docx để cấp số; hãy mở tệp bằng Word, lưu lại dạng .docx rồi kiểm tra lại")
    named = folder / (secure_filename(Path(result["ten"]).stem) or "van-ban")
    named = named.with_suffix(".docx")
    if not named.exists():
        named.write_bytes(source.read_bytes())
    typed = request.form.get("ngay", "").strip()
    try:
        issued = app.issue_word(Path(data), named, _date(typed), out=folder / "da-cap-so")
    except VanthuError as exc:
        if exc.steps:
            raise
        return _refused(exc, result=result, job=job, ngay=typed)
    for warning in issued.warnings:
        flash(f"Cảnh báo: {warning}", "canh-bao")
    return _page(result=result, job=job, issued=issued.issued)
