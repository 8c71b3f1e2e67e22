"""Ký số on the page: the school's signing settings (from the Trường page), «Ký số» of an issued
document with the PINs asked in the page, the signed PDF to download, and the check of a signed PDF
(one of the school's, or one received)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.utils import secure_filename

from .. import app
from ..errors import DataError, DataErrors, VanthuError
from .context import state
from .pages import file_url, bp, data, field_errors, needs_school, out_dir

ROLES = (("nguoi_ky", "Người ký (chữ ký số của người có thẩm quyền)", "Ảnh chữ ký (màu xanh, PNG nền trong suốt)"),
         ("don_vi", "Nhà trường (chữ ký số của cơ quan, tổ chức)", "Ảnh dấu (màu đỏ, đúng kích thước thật, PNG nền trong suốt)"))
NUMBERS = ("trinh_bay.chu_ky_cao_mm", "trinh_bay.dau_mm", "trinh_bay.dau_trum")


# Settings: whose keys sign, the images, the trusted roots.

@bp.get("/truong/ky-so")
@needs_school
def ky_so_cai_dat():
    problem = ""
    try:
        values = app.signing_settings(data())
    except VanthuError as exc:
        values, problem = {}, str(exc)
    return render_template("ky_so_cai_dat.html", values=values, errors={}, roles=ROLES, problem=problem,
                           bam=_hash())


def _hash() -> str:
    return app.signing_settings_hash(data())


def _form_values(form) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for role, _, _ in ROLES:
        token = form.get(f"{role}.cach") == "token"
        slot = form.get(f"{role}.pkcs11.khe", "").strip()
        pkcs11 = {"thu_vien": form.get(f"{role}.pkcs11.thu_vien", "").strip() or None,
                  "token": form.get(f"{role}.pkcs11.token", "").strip() or None,
                  "khe": int(slot) if slot.isdigit() else (slot or None),
                  "khoa": form.get(f"{role}.pkcs11.khoa", "").strip() or None}
        values[role] = {"pkcs11": pkcs11 if token else None,
                        "tep": None if token else (form.get(f"{role}.tep", "").strip() or None),
                        "mat_khau_bien": form.get(f"{role}.mat_khau_bien", "").strip() or None}
    values["may_chu_dau_thoi_gian"] = form.get("may_chu_dau_thoi_gian", "").strip() or None
    values["trinh_bay"] = {name.split(".")[1]: _number(form.get(name, "")) for name in NUMBERS if form.get(name, "").strip()}
    return values


def _number(text: str) -> float | str:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def _uploads(files) -> dict[str, tuple[str, bytes]]:
    uploads = {}
    for name in ("nguoi_ky.anh", "don_vi.anh", "nguoi_ky.tep", "don_vi.tep", "chung_thu_goc"):
        given = files.get(name)
        if given and given.filename:
            uploads[name] = (secure_filename(given.filename) or name, given.read())
    return uploads


@bp.post("/truong/ky-so")
@needs_school
def ky_so_luu():
    try:
        app.save_signing_settings(data(), _form_values(request.form), _uploads(request.files), request.form.get("bam"))
    except VanthuError as exc:
        errors, other = field_errors(exc)
        for message in other:
            flash(message, "loi")
        shown = {**app.signing_settings(data()), **{k: v for k, v in request.form.items() if k != "csrf"}} \
            if (data() / "ky-so.yaml").is_file() else dict(request.form)
        return render_template("ky_so_cai_dat.html", values=shown, errors=errors, roles=ROLES, problem="",
                               bam=request.form.get("bam", "")), 400
    flash("Đã lưu cài đặt ký số vào ky-so.yaml. Mã PIN không bao giờ được lưu: trang hỏi mỗi lần ký.")
    return redirect(url_for("pages.ky_so_cai_dat"))


# Ký số of an issued document.

def _issued_files(nam: int, ten: str) -> list[Path]:
    return app.issued_files(data(), nam, ten)


def _signing_page(nam: int, ten: str, errors: dict[str, str] | None = None, problem: str = "", status: int = 200):
    files = _issued_files(nam, ten)
    try:
        secrets = app.secrets_needed(data())
    except VanthuError as exc:
        secrets, problem = [], problem or str(exc)
    out = out_dir().resolve()
    documents = []
    for path in files:
        signed = app.signed_name(path)
        inside = path.resolve().is_relative_to(out)
        documents.append({"path": path, "name": path.name, "signed": signed.is_file(),
                          "url": file_url(signed, out) if signed.is_file() and inside else None,
                          "checked": _checked(signed) if signed.is_file() else None})
    return render_template("ky_so.html", nam=nam, ten=ten, documents=documents, secrets=secrets,
                           errors=errors or {}, problem=problem), status


def _checked(pdf: Path):
    try:
        return app.check_signed(data(), pdf)
    except VanthuError as exc:
        return str(exc)


@bp.get("/van-ban/<int:nam>/<ten>/ky-so")
@needs_school
def ky_so_van_ban(nam: int, ten: str):
    app.document_path(data(), nam, ten)  # any other name is no page
    if not _issued_files(nam, ten):
        return _signing_page(nam, ten, problem="Văn bản chưa được cấp số: chỉ văn bản đã cấp số mới được ký số. "
                             "Hãy cấp số trước.", status=400)
    return _signing_page(nam, ten)


@bp.post("/van-ban/<int:nam>/<ten>/ky-so")
@needs_school
def ky_so_ky(nam: int, ten: str):
    app.document_path(data(), nam, ten)
    files = _issued_files(nam, ten)
    wanted = request.form.get("tep", "")
    chosen = [p for p in files if p.name == wanted]
    if not chosen:
        abort(400)
    secrets = {s.role: request.form.get(f"pin.{s.role}", "") for s in app.secrets_needed(data())}
    missing = {f"pin.{role}": "cần nhập" for role, value in secrets.items() if not value}
    if missing:
        return _signing_page(nam, ten, errors=missing, status=400)
    try:
        result = app.sign_document(data(), chosen[0], secrets, to_pdf=state().pdfs.to_pdf)
    except VanthuError as exc:
        return _signing_page(nam, ten, problem=str(exc), status=400)
    flash(f"Đã ký số văn bản số {result.so_hieu}: {result.tep.name}" if result.moi else
          f"Văn bản số {result.so_hieu} đã được ký số từ trước; tệp đã ký được giữ nguyên.")
    return redirect(url_for("pages.ky_so_van_ban", nam=nam, ten=ten))


# Checking a signed PDF: one received, or any other.

@bp.route("/ky-so/kiem-tra", methods=["GET", "POST"])
@needs_school
def ky_so_kiem_tra():
    if request.method == "GET":
        return render_template("ky_so_kiem_tra.html", checked=None, name="", problem="")
    given = request.files.get("tep")
    if not given or not given.filename:
        return render_template("ky_so_kiem_tra.html", checked=None, name="", problem="Chọn một tệp PDF đã ký."), 400
    name = secure_filename(given.filename) or "tep.pdf"
    with tempfile.TemporaryDirectory(prefix="vanthu-kiem-tra-") as tmp:  # a received file is not kept
        path = Path(tmp) / name
        given.save(path)
        try:
            checked, problem = app.check_signed(data(), path), ""
        except (DataError, DataErrors, VanthuError) as exc:
            checked, problem = None, str(exc).replace(str(path), given.filename)
    return render_template("ky_so_kiem_tra.html", checked=checked, name=given.filename, problem=problem), \
        200 if checked else 400
