"""Khởi tạo (the first page of a machine without a school) and Trường (don-vi.yaml in a form)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from flask import flash, jsonify, make_response, redirect, render_template, request, url_for

from .. import app, vn
from ..app import (DonVi, EditConflict, PlaceSuggestion, School, TruongMoi, WebAddress, check_province,
                    keep_web_address, province_names, renew_web_address, suggest_place, ward_names)
from ..errors import VanthuError
from .context import state
from .editor import number
from .pages import bp, data, field_errors, needs_school


KHOI_TAO_FIELDS = ("ten", "co_quan_chu_quan", "ma", "dia_danh", "chuc_vu", "ho_ten")


def _answers(form) -> TruongMoi:
    values = {name: vn.nfc(form.get(name, "").strip()) for name in KHOI_TAO_FIELDS}
    if not values["ma"] and values["ten"]:
        values["ma"] = School.suggest_ma(values["ten"])
    lines = [line.strip() for line in form.get("ten_dau_trang", "").splitlines() if line.strip()]
    return TruongMoi(**values, ten_dau_trang=lines or None, co_chu=form.get("co_chu", "A"))


@bp.route("/khoi-tao", methods=["GET", "POST"])
def khoi_tao():
    current = state().data  # None until a school is set up
    if current is not None and School.is_school(current):
        return redirect(url_for("pages.truong"))
    folder = request.form.get("thu_muc", "").strip() or str(current or state().default_folder)
    if request.method == "GET":
        return _khoi_tao_page(TruongMoi("", "", "", "", co_quan_chu_quan=""), folder, _place({}), {})
    place = _place(request.form)
    answers = replace(_answers(request.form), **place)
    if request.form.get("hanh_dong") == "dia_gioi":  # fill chủ quản and địa danh from the ward
        found, errors = _fill_place(answers.ten, place)
        if errors:
            return _khoi_tao_page(answers, folder, place, errors), 400
        if found is not None:
            answers = replace(answers, co_quan_chu_quan=found.co_quan_chu_quan, dia_danh=found.dia_danh)
        answers = replace(answers, **place)
    if "goi_y" in request.form:  # the clerk took one of the suggestions
        _, advice = _check_quietly(answers)
        index = int(request.form["goi_y"]) if request.form["goi_y"].isdigit() else -1
        if 0 <= index < len(advice):
            answers = replace(answers, **advice[index].suggestion)
    try:
        checked = School.check_answers(answers)
        dv, advice = checked.don_vi, checked.advice
        if request.form.get("hanh_dong") == "tao":
            if not advice or request.form.get("van_tao"):
                School.set_up(Path(folder).expanduser(), answers)
                state().data = Path(folder).expanduser()
                keep_web_address(state().data, WebAddress(state().token, state().port))  # survives a restart
                flash(f"Đã khởi tạo {answers.ten} trong {folder}.")
                return redirect(url_for("pages.truong"))
            flash("Tiêu đề còn dòng sẽ xuống dòng khi in: dùng gợi ý, hoặc đánh dấu «Vẫn tạo như đã nhập».", "loi")
    except VanthuError as exc:
        errors, other = field_errors(exc)
        errors = {name.removeprefix("nguoi_ky."): message for name, message in errors.items()}
        for message in other:
            flash(message, "loi")
        return _khoi_tao_page(answers, folder, place, errors), 400
    return _khoi_tao_page(answers, folder, place, {}, advice, School.header(dv))


def _place(form) -> dict[str, str]:
    return {name: vn.nfc(form.get(name, "").strip()) for name in ("tinh", "xa")}


def _fill_place(ten: str, place: dict[str, str]) -> tuple[PlaceSuggestion | None, dict[str, str]]:
    """The chủ quản and địa danh of a school named `ten` in the chosen ward, and errors by field; `place`
    is rewritten as the dataset writes it. A province alone is a step, not an error: its wards are offered."""
    try:
        if place["tinh"] and not place["xa"]:
            place["tinh"] = check_province(place["tinh"])
            flash(f"Chọn phường, xã, đặc khu của {place['tinh']} trong danh sách, rồi bấm lại «Điền cơ quan "
                  "chủ quản và địa danh».")
            return None, {}
        found = suggest_place(ten, place["tinh"], place["xa"])
    except VanthuError as exc:
        errors, other = field_errors(exc)
        for message in other:
            flash(message, "loi")
        return None, errors
    place.update(tinh=found.tinh, xa=found.xa)
    return found, {}


def _picker(place: dict[str, str]) -> dict[str, Any]:
    """What the province and ward boxes offer: the provinces and, once one is chosen, its wards."""
    try:
        wards = ward_names(place["tinh"]) if place["tinh"] else []
    except VanthuError:
        wards = []
    return {"place": place, "provinces": province_names(), "wards": wards}


@bp.get("/dia-gioi/xa.json")
def dia_gioi_xa():
    """The wards of a province, for the ward box to offer as soon as the province is chosen."""
    tinh = request.args.get("tinh", "")
    try:
        return jsonify({"tinh": check_province(tinh), "xa": ward_names(tinh)})
    except VanthuError:
        return jsonify({"tinh": None, "xa": []})


def _khoi_tao_page(answers, folder: str, place: dict[str, str], errors: dict, advice=(), header=None) -> str:
    return render_template("khoi_tao.html", answers=answers, folder=folder, errors=errors,
                           advice=list(advice), header=header, **_picker(place))


def _check_quietly(answers: TruongMoi) -> tuple[DonVi | None, list]:
    try:
        checked = School.check_answers(answers)
        return checked.don_vi, checked.advice
    except VanthuError:
        return None, []


# Trường: don-vi.yaml in a form.

NUMBERS = {"trinh_bay.le.tren", "trinh_bay.le.duoi", "trinh_bay.le.trai", "trinh_bay.le.phai",
           "trinh_bay.gian_dong", "trinh_bay.thut_dau_dong", "trinh_bay.cach_doan"}
TEXTS = ("co_quan_chu_quan", "ten", "ma", "dia_danh", "tinh", "xa", "nguoi_ky.quyen_han", "nguoi_ky.thay",
         "nguoi_ky.chuc_vu", "nguoi_ky.ho_ten", "trinh_bay.co_chu", "so_van_ban")
REQUIRED = {"ten", "ma", "dia_danh", "nguoi_ky.chuc_vu", "nguoi_ky.ho_ten"}  # empty: "không được để trống"


def don_vi_values(form) -> dict[str, Any]:
    """The form as nested don-vi.yaml values; an empty box is no value."""
    values: dict[str, Any] = {}
    for name in (*TEXTS, *sorted(NUMBERS)):
        if name not in form:
            continue  # a field the form does not show is left as it is
        text = vn.nfc(form.get(name, "").strip())
        value = (number(text) if name in NUMBERS else text) if text else ("" if name in REQUIRED else None)
        node = values
        *parents, last = name.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    for name in ("ten_dau_trang", "chu_quan_dau_trang"):
        if name in form:
            lines = [vn.nfc(line.strip()) for line in form[name].splitlines() if line.strip()]
            values[name] = lines or None
    return values


def _flat(dv: DonVi) -> dict[str, Any]:
    """The school's values by form field name."""
    out: dict[str, Any] = {}

    def walk(value: Any, prefix: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{prefix}.{key}" if prefix else key)
        else:
            out[prefix] = vn.so(value) if isinstance(value, float) else value  # 20, 1,15 as a clerk writes them
    walk(dv.model_dump(), "")
    out["ten_dau_trang"] = "\n".join(dv.ten_dau_trang or [])
    out["chu_quan_dau_trang"] = "\n".join(dv.chu_quan_dau_trang or [])
    return out


@bp.get("/truong")
@needs_school
def truong():
    path = School(data()).don_vi_file()
    dv = School(data()).don_vi()
    return _truong_page(_flat(dv), {}, School.file_hash(path), School.header(dv),
                        School(data()).don_vi_check(dv).advice, dia_chi=page_address())


def _truong_page(values: dict[str, Any], errors: dict, bam: str, header, advice, **more: Any) -> str:
    place = {name: values.get(name) or "" for name in ("tinh", "xa")}
    return render_template("truong.html", values=values, errors=errors, bam=bam, header=header, advice=advice,
                           **_picker(place), **more)


def _typed(form) -> dict[str, str]:
    """The form as the clerk typed it, to show again."""
    return {name: form.get(name, "") for name in (*TEXTS, *NUMBERS, "ten_dau_trang", "chu_quan_dau_trang")}


@bp.post("/truong")
@needs_school
def truong_luu():
    if request.form.get("hanh_dong") == "dia_gioi":
        return _truong_dia_gioi()
    path = School(data()).don_vi_file()
    values = don_vi_values(request.form)
    before = School(data()).don_vi()
    try:
        after = School(data()).save_don_vi(values, request.form.get("bam", ""))
    except EditConflict as exc:
        current = School(data()).don_vi()
        theirs = _flat(current)
        mine = {name: request.form.get(name, "").strip() for name in theirs}
        changed = [name for name in theirs if str(theirs[name] or "") != mine[name]]
        flash(f"{exc.message}. Các trường khác với tệp hiện tại: {', '.join(changed) or 'không có'}. "
              "Bấm Lưu lần nữa để ghi đè bằng những gì đang thấy trên trang.", "loi")
        return _truong_page(mine, {}, School.file_hash(path), School.header(current), []), 409
    except VanthuError as exc:
        errors, other = field_errors(exc)
        for message in other:
            flash(message, "loi")
        return _truong_page(_typed(request.form), errors, request.form.get("bam", ""), None, []), 400
    flash("Đã lưu thông tin trường vào don-vi.yaml.")
    affected = app.issued_affected(data(), before, after)
    if affected.issued:
        numbers = ", ".join(f"{vn.so_hieu(r.so, r.ky_hieu)} ({r.nam})" for r in affected.issued[:12])
        more = f" và {len(affected.issued) - 12} văn bản khác" if len(affected.issued) > 12 else ""
        flash(f"Đã đổi {', '.join(affected.changed)}. {len(affected.issued)} văn bản đã cấp số không đổi (tệp đã "
              f"ban hành giữ nguyên), nhưng nếu soạn lại sẽ in khác: {numbers}{more}. Muốn văn bản mang thông "
              "tin mới thì thu hồi và cấp số mới, hoặc soạn văn bản thay thế.", "canh-bao")
    return redirect(url_for("pages.truong"))


def _truong_dia_gioi():
    """The chủ quản and địa danh of the chosen ward put into the form, nothing saved: the clerk reviews
    them and saves with Lưu (so an edit made meanwhile, and the issued documents it changes, are still
    shown then). Header lines the clerk set for the old chủ quản are made anew for the new one."""
    mine = _typed(request.form)
    place = _place(request.form)
    found, errors = _fill_place(vn.nfc(mine["ten"].strip()), place)
    mine.update(place)
    if errors:
        return _truong_page(mine, errors, request.form.get("bam", ""), None, []), 400
    if found is not None:
        mine.update(co_quan_chu_quan=found.co_quan_chu_quan, dia_danh=found.dia_danh)
        flash(f"Đã điền cơ quan chủ quản «{found.co_quan_chu_quan}» và địa danh «{found.dia_danh}» theo "
              f"{found.xa}, {found.tinh}. Xem lại rồi bấm Lưu để ghi vào don-vi.yaml (chưa lưu).",
              "canh-bao")
    if found is not None and mine["chu_quan_dau_trang"].strip():
        mine["chu_quan_dau_trang"] = "\n".join(_chu_quan_lines(mine))
    try:
        dv = School(data()).don_vi_with(don_vi_values(mine))
        header, advice = School.header(dv), School(data()).don_vi_check(dv).advice
    except VanthuError:
        header, advice = None, []  # another box is not right yet: Lưu says which, beside it
    return _truong_page(mine, {}, request.form.get("bam", ""), header, advice)


def _chu_quan_lines(values: dict[str, str]) -> list[str]:
    """The chủ quản broken as vanthu breaks it in the school's header (none when the form cannot make a
    school yet: then vanthu breaks it when it prints)."""
    try:
        dv = School(data()).don_vi_with({**don_vi_values(values), "chu_quan_dau_trang": None})
    except VanthuError:
        return []
    return list(School.header(dv)["chu_quan"])


def page_address() -> str:
    """The address to bookmark: it opens the page after a restart, until the clerk renews it."""
    return f"{request.host_url}?token={state().token}"


@bp.post("/dia-chi/moi")
@needs_school
def dia_chi_moi():
    """A new secret in the address (when the old one was shared or seen): only the new one opens the page."""
    st = state()
    st.token = renew_web_address(data(), st.port).token
    flash("Đã đổi địa chỉ trang làm việc; địa chỉ cũ không mở được nữa. Hãy lưu địa chỉ mới (dấu trang) ngay.")
    response = make_response(redirect(url_for("pages.truong")))
    response.set_cookie(st.cookie, st.token, httponly=True, samesite="Strict")
    return response
