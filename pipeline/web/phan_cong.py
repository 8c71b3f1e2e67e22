"""Phân công: a roster uploaded as the clerk typed it in Excel, its columns matched to the roster's
fields, each teacher's roles picked from a plan of the year (the tasks each role gets shown, a role
with no task flagged beside its row), saved as the year's sheet and a notice document; that
document's own page previews, numbers (Cấp số) and gives the print file."""

from __future__ import annotations

import json
import secrets
import shutil
from datetime import date
from pathlib import Path

from flask import abort, flash, redirect, render_template, request, url_for

from .. import app, vn
from ..errors import DataError, VanthuError
from .context import state
from .jobs import Job
from .pages import MAX_NAME, as_printed, bp, chosen_year, data, field_errors, needs_school, out_dir, parse_date

SHEETS = (".xlsx", ".csv")


def _job(job_id: str) -> tuple[Path, dict]:
    if not job_id.isalnum() or len(job_id) > MAX_NAME:
        abort(404)
    folder = out_dir() / "phan-cong" / job_id
    if not (folder / "viec.json").is_file():
        abort(404)
    return folder, json.loads((folder / "viec.json").read_text(encoding="utf-8"))


@bp.get("/phan-cong")
@needs_school
def phan_cong():
    return render_template("phan_cong.html", nam=chosen_year(), errors={})


@bp.post("/phan-cong")
@needs_school
def phan_cong_tai_len():
    """The roster saved under a name vanthu makes in a job folder of its own, then read once: a
    sheet that cannot be read is said beside the file box, and not kept."""
    nam = request.form.get("nam", type=int)
    nam = nam if nam in app.School(data()).years() else chosen_year()
    upload = request.files.get("bang")
    folder = sheet = None
    try:
        suffix = app.upload_suffix(upload.filename if upload else "", SHEETS, "bang", "bảng Excel hoặc CSV")
        assert upload is not None  # no file is refused above
        folder = app.job_folder(out_dir() / "phan-cong")
        sheet = app.save_upload(folder, "danh-sach", suffix, upload.save)
        app.read_roster_sheet(sheet)
    except VanthuError as exc:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)  # a refused file is not kept
        by_field, _ = field_errors(exc)
        if not by_field:  # the sheet itself: said with its row and column, under the name the clerk sent
            said = [str(e) for e in getattr(exc, "errors", [exc])]
            sent = (upload.filename if upload else "") or ""
            by_field = {"bang": "; ".join(t.replace(str(sheet), sent) if sheet else t for t in said)}
        return render_template("phan_cong.html", nam=nam, errors=by_field), 400
    job = {"nam": nam, "bang": sheet.name, "ten_bang": upload.filename}
    (folder / "viec.json").write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    return redirect(url_for("pages.phan_cong_xem", job_id=folder.name))


def _mapping(sheet, form) -> dict[str, str]:
    """The column chosen for each field; the guess from the headers until the clerk picks."""
    if "cot-ho_ten" not in form:
        return dict(sheet.guess)
    return {name: form.get(f"cot-{name}", "") for name in app.ROSTER_FIELDS}


def _roles(teachers, form) -> None:
    """The roles the clerk ticked replace the ones typed in the sheet (once the form was sent)."""
    if form.get("co_vai_tro") != "1" or form.get("cot_vai_tro_truoc") != form.get("cot-vai_tro"):
        return  # first shown, or another column chosen for the roles: the roles typed in the sheet
    for i, teacher in enumerate(teachers):
        teacher.vai_tro = form.getlist(f"vai_tro-{i}")


def _step2(job_id: str, form, errors: dict[str, str] | None = None, status: int = 200):
    folder, job = _job(job_id)
    nam = job["nam"]
    sheet = app.read_roster_sheet(folder / job["bang"])
    mapping = _mapping(sheet, form)
    plans = app.roster_plans(data(), nam)
    plan = next((p for p in plans if p.ten == form.get("ke_hoach")), plans[0] if plans else None)
    errors = dict(errors or {})
    try:
        teachers = app.roster_teachers(sheet, mapping)
    except DataError as exc:
        teachers, errors["cot"] = [], exc.message
    _roles(teachers, form)
    problems = app.role_problems(teachers, plan) if plan else {}
    counts = [_task_count(plan, t.vai_tro) for t in teachers]
    ngay = form.get("ngay") or vn.ngay_ngan(app.proposed_date(data(), nam, "TB", date.today()))
    return render_template("phan_cong_xem.html", job_id=job_id, job=job, nam=nam, sheet=sheet, mapping=mapping,
                           fields=app.ROSTER_FIELDS, plans=plans, plan=plan, teachers=teachers, problems=problems, counts=counts,
                           errors=errors, ten=form.get("ten", ""), ngay=ngay, han=form.get("han", "")), status


def _task_count(plan, roles: list[str]) -> int:
    """How many of the plan's tasks the roles get (a task for two of them counted once)."""
    if plan is None:
        return 0
    wanted = {r.casefold() for r in roles}
    return len({task for role, tasks in plan.tasks.items() if role.casefold() in wanted for task in tasks})


@bp.get("/phan-cong/<job_id>")
@needs_school
def phan_cong_xem(job_id: str):
    return _step2(job_id, request.args)


@bp.post("/phan-cong/<job_id>")
@needs_school
def phan_cong_luu(job_id: str):
    """«Xem lại» shows the page again with the columns, plan and roles chosen; «Lưu» writes the sheet
    and the notice, then opens the notice's own page."""
    if request.form.get("lam") != "luu":
        return _step2(job_id, request.form)
    folder, job = _job(job_id)
    try:
        sheet = app.read_roster_sheet(folder / job["bang"])
        teachers = app.roster_teachers(sheet, _mapping(sheet, request.form))
        _roles(teachers, request.form)
        han = request.form.get("han", "").strip()
        saved = app.save_roster_notice(data(), job["nam"], request.form.get("ten", "").strip(),
                                       request.form.get("ke_hoach", ""), teachers,
                                       parse_date(request.form.get("ngay", "")),
                                       _deadline(han) if han else None)
    except VanthuError as exc:
        by_field, other = field_errors(exc)
        for message in other:
            flash(message, "loi")
        return _step2(job_id, request.form, by_field, 400)
    flash(f"Đã lưu danh sách {saved.sheet.name} ({len(teachers)} giáo viên) và văn bản {saved.document.stem}: "
          "một thông báo cho mỗi giáo viên. Bấm Xem trước để xem, Cấp số để cấp số cho tất cả và tải tệp gộp để in.")
    return redirect(url_for("pages.van_ban_sua", nam=job["nam"], ten=saved.document.stem))


def _deadline(text: str) -> date:
    try:
        return vn.doc_ngay(text)
    except ValueError as exc:
        raise DataError(str(exc), field="han") from None


@bp.post("/van-ban/<int:nam>/<ten>/xem-mot")
@needs_school
def phan_cong_xem_mot(nam: int, ten: str):
    """One person's copy of a document made once per roster row, as it will print (a draft)."""
    app.School(data()).document_path(nam, ten)  # refuses a document that is not there
    request_name = request.form.get("ho_ten", "").strip()
    wanted = vn.slug(request_name)
    folder, out = data(), out_dir()
    where = out / "xem-truoc" / str(nam) / ten
    run = where / secrets.token_hex(6)
    templates = app.School.templates_folder(None)

    def work(job: Job) -> list[tuple[str, str]]:
        job.progress(0, 3, "Đang soạn bản dự thảo")
        for old in where.glob("*"):  # earlier previews of this document
            shutil.rmtree(old, ignore_errors=True)
        (made,) = app.make(folder, nam, templates, run, [ten], nhap=True)
        job.warn(made.warnings)
        chosen = next((p for p in made.paths if wanted in p.stem), None)
        if chosen is None:
            raise DataError(f"danh sách không có «{request_name}»; gõ đúng họ và tên như trong danh sách")
        return as_printed(job, chosen, out)
    job_id = state().jobs.start(f"Xem trước: {ten} ({request_name or 'bản đầu tiên'})", work,
                                back=url_for("pages.van_ban_sua", nam=nam, ten=ten))
    return redirect(url_for("pages.viec", job_id=job_id))
