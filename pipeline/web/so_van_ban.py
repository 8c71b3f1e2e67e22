"""Sổ văn bản đi: the register as a table, its export to Excel, and revoking a number."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for

from .. import app, vn
from ..app import REVOKED, School
from ..errors import DataError
from .pages import bp, data, date_arg, needs_school, out_dir


def _chosen() -> dict[str, Any]:
    return {"nam": request.args.get("nam", type=int), "loai": request.args.get("loai", ""),
            "tu": date_arg("tu"), "den": date_arg("den")}


def _register_rows() -> tuple[list, dict[str, Any], list[str]]:
    chosen = _chosen()
    view = School(data()).register_rows(chosen["nam"], chosen["loai"] or None, chosen["tu"], chosen["den"])
    if not view.years:
        return [], {}, view.warnings
    return view.rows, {"chosen": chosen, "years": view.years, "kinds": view.kinds}, view.warnings


@bp.get("/so-van-ban")
@needs_school
def so_van_ban():
    rows, filters, warnings = _register_rows()
    return render_template("so_van_ban.html", rows=rows, filters=filters, revoked=REVOKED, warnings=warnings)


@bp.get("/so-van-ban/xuat")
@needs_school
def so_van_ban_xuat():
    c = _chosen()
    exported = School(data()).export_register(out_dir() / f"so-van-ban-di-{c['nam'] or 'tat-ca'}.xlsx", c["nam"],
                                              loai=c["loai"] or None, tu=c["tu"], den=c["den"])
    return send_file(exported.path.resolve(), as_attachment=True)


def _back(fallback: str) -> str:
    back = request.form.get("ve", "")
    if back.startswith("/") and not back.startswith("//") and "\\" not in back:  # only a page of this site
        return back
    return fallback


@bp.post("/so-van-ban/thu-hoi")
@needs_school
def thu_hoi():
    """Revoking is for good: the clerk sees what will be revoked and why, and confirms."""
    school = School(data())
    if not school.register_exists():
        abort(404)
    nam, so = request.form.get("nam", type=int) or 0, request.form.get("so", type=int) or 0
    loai, ly_do = request.form.get("loai") or None, vn.nfc(request.form.get("ly_do", "").strip())
    if not request.form.get("xac_nhan"):
        if not ly_do:
            raise DataError("cần ghi lý do thu hồi")
        rows = [r for r in school.register_rows(nam).rows if r.so == so and (loai is None or r.loai == loai)]
        if not rows:
            raise DataError(f"sổ văn bản đi năm {nam} không có số {so}")
        return render_template("thu_hoi.html", row=rows[0], ly_do=ly_do, loai=loai or "",
                               ve=_back(url_for("pages.so_van_ban", nam=nam)), revoked=REVOKED,
                               citing=app.citing_warning(data(), rows[0]))
    revoked = school.revoke(nam, so, ly_do, loai)
    printed = revoked.printed
    row = revoked.row
    for warning in revoked.warnings:
        flash(f"Cảnh báo: {warning}", "canh-bao")
    flash(f"Đã thu hồi số {vn.so_hieu(row.so, row.ky_hieu)} năm {row.nam}. Số này sẽ không được cấp lại."
          + (f" Văn bản được chuyển sang {revoked.moved_to}." if revoked.moved_to else "")
          + (f" Tệp gộp để in đã được soạn lại, không còn văn bản này: {printed.name}." if printed else ""))
    return redirect(_back(url_for("pages.so_van_ban", nam=row.nam)))
