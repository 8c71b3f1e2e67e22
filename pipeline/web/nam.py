"""Năm: the years, a new year made from the last one, and its values to review."""

from __future__ import annotations

from pathlib import Path

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.utils import secure_filename

from .. import app
from ..app import School
from ..errors import VanthuError
from .pages import MAX_NAME, bp, data, needs_school


@bp.get("/nam")
@needs_school
def nam():
    school = School(data())
    rows = [{"nam": y.nam, "nam_hoc": y.nam_hoc, "xem_lai": y.to_review, "loi": y.problem, "tep": y.files}
            for y in school.year_infos()]
    dv = school.don_vi()
    return render_template("nam.html", rows=rows, don_vi=dv, folder=data().resolve())


@bp.post("/nam/moi")
@needs_school
def nam_moi():
    tu = request.form.get("tu", type=int)
    made = School(data()).new_year(tu, None)
    folder, items, skipped = made.folder, made.review, made.skipped
    flash(f"Đã tạo năm {folder.name} từ năm {tu}. Cần xem lại {len(items)} giá trị trước khi ban hành."
          + (f" Không chép (kết quả của năm cũ): {', '.join(skipped)}." if skipped else ""))
    return redirect(url_for("pages.xem_lai", year=int(folder.name)))


def _year_folder(year: int) -> Path:
    folder = data() / str(year)
    if not folder.is_dir():
        abort(404)
    return folder


@bp.get("/nam/<int:year>/xem-lai")
@needs_school
def xem_lai(year: int):
    folder = _year_folder(year)
    items = app.review_list(data(), year)
    hashes = {item.ten: School.file_hash(item.file) for item in items}
    return render_template("xem_lai.html", year=year, items=items, hashes=hashes, errors={})


@bp.post("/nam/<int:year>/xem-lai")
@needs_school
def xem_lai_luu(year: int):
    folder = _year_folder(year)
    name = request.form.get("tep", "")
    parts = name.split("/")
    if not all(part and part == secure_filename(part) and len(part) <= MAX_NAME for part in parts) \
            or not name.endswith(".yaml"):
        abort(404)
    path = folder.joinpath(*parts)
    if not path.is_file():
        abort(404)
    field = request.form.get("truong", "")
    school = School(data())
    label = app.field_label(field)
    try:
        app.confirm_checked(data(), year, path, field, request.form.get("gia_tri", ""), request.form.get("bam", ""),
                            school.templates)
    except VanthuError as exc:
        problems = getattr(exc, "errors", [exc])
        flash(f"Chưa xác nhận {label}: " + "; ".join(getattr(e, "message", str(e)) for e in problems), "loi")
        return redirect(url_for("pages.xem_lai", year=year) + f"#{name}-{field}")
    flash(f"Đã xác nhận {label} ({name}).")
    return redirect(url_for("pages.xem_lai", year=year))
