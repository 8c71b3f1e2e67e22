"""Trộn thư: upload a template and a sheet, see the columns matched, preview a row, merge them all."""

from __future__ import annotations

import contextlib
import json
import secrets
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.utils import secure_filename

from .. import app, vn
from ..app import LOAI_VAN_BAN, Do, School
from ..errors import DataError, VanthuError, raise_all
from . import preview
from .context import state
from .jobs import Job
from .pages import MAX_NAME, as_printed, bp, chosen_year, data, field_errors, file_url, needs_school, out_dir, parse_date


UPLOADS = {"mau": {".docx"}, "bang": {".xlsx", ".csv"}}


def _save_uploads(folder: Path) -> dict[str, Path]:
    """The template and the sheet, under fixed names inside the job's own folder: the name the
    browser sends only gives the suffix, so no upload can land anywhere else."""
    errors, suffixes = [], {}
    for field, allowed in UPLOADS.items():
        upload = request.files.get(field)
        suffix = Path(secure_filename(upload.filename)).suffix.lower() if upload and upload.filename else ""
        if not upload or not upload.filename:
            errors.append(DataError("chưa chọn tệp", field=field))
        elif suffix not in allowed:
            errors.append(DataError(f"tệp «{upload.filename}» không phải {' hay '.join(sorted(allowed))}", field=field))
        suffixes[field] = suffix
    raise_all(errors)
    folder.mkdir(parents=True)
    saved = {}
    for field, suffix in suffixes.items():
        saved[field] = app.save_upload(folder, field, suffix, request.files[field].save)
    return saved


def _readable(folder: Path, settings: dict) -> None:
    """The uploads opened as the merge will open them (the package guard, the template's syntax, the
    sheet): a file refused is said beside its box, under the name the clerk sent."""
    try:
        School(data()).merge_plan(folder / settings["mau"], folder / settings["bang"], folder / "van-ban",
                                  **_merge_options(folder, settings))
    except VanthuError as exc:
        raise _as_sent(exc, folder, settings) from None


def _as_sent(exc: VanthuError, folder: Path, settings: dict) -> DataError:
    """A refusal of an upload, naming it as the clerk sent it (never the job's folder), beside its box."""
    message = str(exc)
    field = next((f for f in ("mau", "bang") if str(folder / settings[f]) in message),
                 exc.field if isinstance(exc, DataError) else None)
    return DataError(_as_named(message, folder, settings), field=field, steps=exc.steps)


def _as_named(text: str, folder: Path, settings: dict) -> str:
    """`text` with the uploads' saved paths replaced by the names the clerk sent."""
    for field, key in (("mau", "ten_mau"), ("bang", "ten_bang")):
        text = text.replace(str(folder / settings[field]), f"«{settings[key]}»")
    return text.replace(str(folder) + "/", "")


@contextlib.contextmanager
def _refused_upload(job: Job, folder: Path, settings: dict) -> Iterator[None]:
    """A template the plan accepted but that fails when a row is filled in ({{ 1/0 }}, a loop too
    long) is refused as the upload it is: its job folder removed, the clerk sent back to the upload
    form. A refusal the clerk can get past (a step offered: allow empty cells, …) keeps the folder.
    Never around a numbered run: what is issued stays."""
    try:
        yield
    except VanthuError as exc:
        if exc.steps:
            raise
        shutil.rmtree(folder, ignore_errors=True)
        job.back = "/tron"
        raise DataError(_as_named(str(exc), folder, settings) + ". Tệp đã gửi không được giữ lại; sửa mẫu "
                        "rồi tải lên lại.") from None


def _merge_folder(job_id: str) -> Path:
    if not job_id.isalnum() or len(job_id) > MAX_NAME:
        abort(404)
    folder = out_dir() / "tron" / job_id
    if not (folder / "viec.json").is_file():
        abort(404)
    return folder


def _tron_page(form, errors: dict[str, str]) -> str:
    return render_template("tron.html", errors=errors, form=form,
                           loai_options=[(k, f"{k}: {v.capitalize()}") for k, v in LOAI_VAN_BAN.items()],
                           year_options=[(str(y), str(y)) for y in School(data()).years()])


@bp.get("/tron")
@needs_school
def tron_form():
    return _tron_page({"nam": str(chosen_year() or "")}, {})


@bp.post("/tron")
@needs_school
def tron_tai_len():
    job_id = datetime.now().strftime("%Y%m%d%H%M%S") + secrets.token_hex(3)
    folder = out_dir() / "tron" / job_id
    try:
        ngay = request.form.get("ngay", "")
        if ngay:
            parse_date(ngay)
        if request.form.get("loai", "BC") not in LOAI_VAN_BAN:
            raise DataError("chọn một loại văn bản trong danh sách", field="loai")
        uploads = _save_uploads(folder)
        mau, bang = uploads["mau"], uploads["bang"]
        settings = {"mau": mau.name, "bang": bang.name, "ten_mau": request.files["mau"].filename,
                    "ten_bang": request.files["bang"].filename, "loai": request.form.get("loai", "BC"),
                    "trich_yeu": request.form.get("trich_yeu", "").strip(), "ngay": ngay,
                    "ten": request.form.get("ten", "").strip() or "{stt}", "nam": request.form.get("nam", type=int),
                    "nhom": request.form.get("nhom", "").strip(), **{name: bool(request.form.get(name))
                                                                     for name in SWITCHES}}
        _readable(folder, settings)
    except VanthuError as exc:
        shutil.rmtree(folder, ignore_errors=True)  # nothing of a refused upload is kept
        errors, other = field_errors(exc)
        for message in other:
            flash(message, "loi")
        return _tron_page(request.form, errors), 400
    (folder / "viec.json").write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
    return redirect(url_for("pages.tron_xem", job_id=job_id))


SWITCHES = {"cho_phep_trong": Do.ALLOW_EMPTY, "bo_hang_tong": Do.DROP_TOTAL}  # a form's boxes, a step's buttons


def _merge_options(folder: Path, settings: dict) -> dict:
    """The settings of an uploaded merge as the merge job's options (the command line's, every one)."""
    return {"nam": settings.get("nam"), "pattern": settings["ten"], "loai": settings["loai"],
            "ngay": parse_date(settings["ngay"]) if settings.get("ngay") else None,
            "trich_yeu": settings["trich_yeu"] or None, "nhom": settings.get("nhom") or None,
            **{name: bool(settings.get(name)) for name in SWITCHES}}


def _step_buttons(steps) -> list[tuple[str, str]]:
    """The steps of a refused merge the page can take with a button: (setting, label)."""
    labels = {"cho_phep_trong": "Cho phép ô trống (in thành chỗ trống)", "bo_hang_tong": "Bỏ qua hàng tổng"}
    return [(name, labels[name]) for name, kind in SWITCHES.items() if any(s.kind == kind for s in steps)]


def _numbering(settings: dict, count: int, typed: str = "") -> dict:
    """The numbers and the date issuing the merge would give (nothing taken): shown, then confirmed.
    The date: the one typed, else the merge's own, else one the register takes (today if it can)."""
    nam = settings.get("nam") or chosen_year()
    given = typed.strip() or settings.get("ngay")
    ngay = parse_date(given) if given else app.proposed_date(data(), nam, settings["loai"], date.today())
    first = School(data()).next_number(settings["loai"], ngay)
    return {"ngay": ngay, "tu": first, "den": first + count - 1, "nam": nam}


def _settings(folder: Path) -> dict:
    return json.loads((folder / "viec.json").read_text(encoding="utf-8"))


@bp.get("/tron/<job_id>")
@needs_school
def tron_xem(job_id: str):
    folder = _merge_folder(job_id)
    settings = _settings(folder)
    plan = School(data()).merge_plan(folder / settings["mau"], folder / settings["bang"], folder / "van-ban",
                                     **_merge_options(folder, settings))
    columns = [{"tieu_de": c.tieu_de, "bien": c.bien, "dung": c.dung} for c in plan.columns]
    rows = [(d.stt, d.ten_tep, d.context) for d in plan.documents]
    numbering = _numbering(settings, len(rows), request.args.get("ngay_cap", "")) if rows and not plan.problem else None
    return render_template("tron_xem.html", job_id=job_id, settings=settings, columns=columns, problem=_as_named(plan.problem or "", folder, settings),
                           rows=rows, missing=plan.missing, frame_used=plan.frame_used, buttons=_step_buttons(
                               plan.next_steps), can_preview=preview.can_preview(), numbering=numbering)


@bp.post("/tron/<job_id>/tuy-chon")
@needs_school
def tron_tuy_chon(job_id: str):
    """A step the page offered (allow empty cells, drop the total row), taken: the merge's settings change."""
    folder = _merge_folder(job_id)
    settings = _settings(folder)
    name = request.form.get("bat", "")
    if name not in SWITCHES:
        abort(400)
    settings[name] = True
    (folder / "viec.json").write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
    return redirect(url_for("pages.tron_xem", job_id=job_id))


@bp.post("/tron/<job_id>/xem-truoc")
@needs_school
def tron_xem_truoc(job_id: str):
    folder = _merge_folder(job_id)
    settings = _settings(folder)
    stt = request.form.get("stt", type=int) or 1
    school, options = School(data()), _merge_options(folder, settings)
    template, sheet = folder / settings["mau"], folder / settings["bang"]
    plan = school.merge_plan(template, sheet, folder / "van-ban", **options)
    if plan.problem:
        raise DataError(_as_named(plan.problem, folder, settings))
    count = len(plan.documents)
    if not 1 <= stt <= count:
        raise DataError(f"bảng có {count} hàng dữ liệu; chọn số từ 1 đến {count}")
    row = plan.documents[stt - 1].hang
    out = out_dir()

    def work(job: Job) -> list[tuple[str, str]]:
        job.progress(0, 3, "Đang soạn văn bản")
        with _refused_upload(job, folder, settings):
            made = school.merge(template, sheet, folder / "xem-truoc", xem_truoc=row, **options)
        job.warn(made.warnings)
        return as_printed(job, made.paths[0], out)
    job_id2 = state().jobs.start(f"Xem trước hàng {stt}", work, back=url_for("pages.tron_xem", job_id=job_id))
    return redirect(url_for("pages.viec", job_id=job_id2))


@bp.post("/tron/<job_id>/chay")
@needs_school
def tron_chay(job_id: str):
    folder = _merge_folder(job_id)
    settings = _settings(folder)
    school, options = School(data()), _merge_options(folder, settings)
    template, sheet = folder / settings["mau"], folder / settings["bang"]
    plan = school.merge_plan(template, sheet, folder / "van-ban", **options)
    if plan.problem:
        raise DataError(_as_named(plan.problem, folder, settings))
    want_pdf = bool(request.form.get("pdf")) and preview.can_preview()
    out = out_dir()
    issue = bool(request.form.get("cap_so"))
    if issue:  # numbered: only the range the clerk confirmed, on the date shown with it
        numbering = _numbering(settings, len(plan.documents), request.form.get("ngay_cap", ""))
        if request.form.get("tu", type=int) != numbering["tu"]:
            flash("Số sẽ cấp đã thay đổi từ lúc mở trang (một văn bản khác vừa được cấp số). Hãy xem lại dãy số "
                  "mới rồi xác nhận lần nữa.", "loi")
            return redirect(url_for("pages.tron_xem", job_id=job_id, ngay_cap=request.form.get("ngay_cap", "")))
        options["ngay"] = numbering["ngay"]

    def work(job: Job) -> list[tuple[str, str]]:
        def bars(total: int):
            job.progress(0, total + 2 + want_pdf, "Đang cấp số và trộn" if issue else "Đang trộn")
            return lambda: job.progress()
        with _refused_upload(job, folder, settings) if not issue else contextlib.nullcontext():
            made = school.merge(template, sheet, folder / ("da-cap-so" if issue else "van-ban"),
                                combined=folder / "tat-ca.docx", progress=bars, issue=issue, **options)
        job.warn(made.warnings)
        paths, combined = made.paths, made.combined
        if made.issued:
            first, last = made.issued[0], made.issued[-1]
            job.progress(step=f"Đã cấp số {vn.so_hieu(first.so, first.ky_hieu)} đến {vn.so_hieu(last.so, last.ky_hieu)}")
        job.progress(step="Đã gộp thành một tệp để in")
        archive = folder / "van-ban.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in paths:
                zf.write(path, path.name)
        job.progress(step="Đã nén các văn bản")
        links = [(f"Tải {len(paths)} văn bản (.zip)", file_url(archive, out)),
                 ("Tải tệp gộp để in (.docx)", file_url(combined, out))]
        if want_pdf:
            job.progress(step="Đang xuất PDF để in (LibreOffice)")
            links.append(("Tải tệp gộp để in (.pdf)", file_url(preview.to_pdf(combined), out)))
            job.progress()
        return links
    job_id2 = state().jobs.start(f"Trộn thư: {len(plan.documents)} văn bản", work,
                                 back=url_for("pages.tron_xem", job_id=job_id))
    return redirect(url_for("pages.viec", job_id=job_id2))
