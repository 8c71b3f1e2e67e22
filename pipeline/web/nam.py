"""Năm: the years, a new year made from the last one, and its values to review."""

from __future__ import annotations

from pathlib import Path

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.utils import secure_filename

from .. import rollover, school
from ..errors import VanthuError
from ..load import DON_VI_FILE, THAM_SO_FILE, load_model, years
from ..models import DonVi, ThamSo
from .pages import bp, data, needs_school

@bp.get("/nam")
@needs_school
def nam():
    rows = []
    for year in years(data()):
        folder = data() / str(year)
        try:
            nam_hoc = load_model(folder / THAM_SO_FILE, ThamSo).model.nam_hoc
            review = len(rollover.checklist(folder))
            problem = ""
        except VanthuError as exc:
            nam_hoc, review, problem = "", 0, str(exc)
        rows.append({"nam": year, "nam_hoc": nam_hoc, "xem_lai": review, "loi": problem,
                     "tep": sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))})
    dv = load_model(data() / DON_VI_FILE, DonVi).model
    return render_template("nam.html", rows=rows, don_vi=dv, folder=data().resolve())


@bp.post("/nam/moi")
@needs_school
def nam_moi():
    tu = request.form.get("tu", type=int)
    folder, items, skipped, _ = rollover.new_year(data(), tu, None)
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
    items = [_Review(item, item.file.relative_to(folder).as_posix()) for item in rollover.checklist(folder)]
    hashes = {item.ten: school.file_hash(item.file) for item in items}
    return render_template("xem_lai.html", year=year, items=items, hashes=hashes, errors={})


class _Review:
    """A review item and its file's path inside the year folder (`van-ban/ke-hoach.yaml`)."""

    def __init__(self, item, ten: str):
        self.item, self.ten = item, ten

    def __getattr__(self, name):
        return getattr(self.item, name)


@bp.post("/nam/<int:year>/xem-lai")
@needs_school
def xem_lai_luu(year: int):
    folder = _year_folder(year)
    name = request.form.get("tep", "")
    parts = name.split("/")
    if not all(part and part == secure_filename(part) for part in parts) or not name.endswith(".yaml"):
        abort(404)
    path = folder.joinpath(*parts)
    if not path.is_file():
        abort(404)
    field = request.form.get("truong", "")
    try:
        school.confirm_review(path, field, request.form.get("gia_tri", ""), request.form.get("bam", ""))
    except VanthuError as exc:
        flash(str(exc), "loi")
        return redirect(url_for("pages.xem_lai", year=year) + f"#{name}-{field}")
    flash(f"Đã xác nhận {name}, trường {field}.")
    return redirect(url_for("pages.xem_lai", year=year))
