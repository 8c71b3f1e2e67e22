"""Sổ văn bản đi: the register as a table, its export to Excel, and revoking a number."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for

from .. import app, so_dang_ky, vn
from ..load import DON_VI_FILE, load_model
from ..models import DonVi
from ..register import exists as register_exists
from ..register import REVOKED, Register
from .pages import bp, data, date_arg, needs_school, out_dir

def _register() -> Register | None:
    if not register_exists(app.register_path(data())):
        return None  # reading never creates the register
    return app.open_register(data())


def _register_rows() -> tuple[list, dict[str, Any]]:
    register = _register()
    if register is None:
        return [], {}
    with register:
        rows, all_years = register.rows(), register.years()
    chosen = {"nam": request.args.get("nam", type=int), "loai": request.args.get("loai", ""),
              "tu": date_arg("tu"), "den": date_arg("den")}
    kinds = sorted({r.ten_loai for r in rows})
    rows = [r for r in rows if (chosen["nam"] is None or r.nam == chosen["nam"])
            and (not chosen["loai"] or r.ten_loai == chosen["loai"])
            and (chosen["tu"] is None or r.ngay >= chosen["tu"]) and (chosen["den"] is None or r.ngay <= chosen["den"])]
    return rows, {"chosen": chosen, "years": all_years, "kinds": kinds}


@bp.get("/so-van-ban")
@needs_school
def so_van_ban():
    rows, filters = _register_rows()
    return render_template("so_van_ban.html", rows=rows, filters=filters, revoked=REVOKED)


@bp.get("/so-van-ban/xuat")
@needs_school
def so_van_ban_xuat():
    rows, filters = _register_rows()
    year = filters.get("chosen", {}).get("nam")
    dv = load_model(data() / DON_VI_FILE, DonVi).model
    path = so_dang_ky.export(rows, out_dir() / f"so-van-ban-di-{year or 'tat-ca'}.xlsx", dv.ten, dv.co_quan_chu_quan)
    return send_file(path.resolve(), as_attachment=True)


@bp.post("/so-van-ban/thu-hoi")
@needs_school
def thu_hoi():
    register = _register()
    if register is None:
        abort(404)
    loai = request.form.get("loai") or None
    with register:
        per_type = register.per_type
    revoked = app.revoke(data(), request.form.get("nam", type=int) or 0, request.form.get("so", type=int) or 0,
                         request.form.get("ly_do", ""), loai if per_type else None)
    row = revoked.row
    flash(f"Đã thu hồi số {vn.so_hieu(row.so, row.ky_hieu)} năm {row.nam}. Số này sẽ không được cấp lại."
          + (f" Văn bản được chuyển sang {revoked.moved_to}." if revoked.moved_to else ""))
    back = request.form.get("ve", "")
    if back.startswith("/") and not back.startswith("//") and "\\" not in back:  # only a page of this site
        return redirect(back)
    return redirect(url_for("pages.so_van_ban", nam=row.nam))
