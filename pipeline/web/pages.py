"""The pages: Khởi tạo, Trường, Năm, Sổ văn bản đi, Trộn thư, and the progress of long work
(Văn bản, its editor, preview and Cấp số are in soan_thao.py).

Routes only read the form, call the core and present what it returns; a data error is shown
beside the field it names.
"""

from __future__ import annotations

import functools
import json
import secrets
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import (Blueprint, abort, flash, jsonify, redirect, render_template, request, send_file,
                   send_from_directory, url_for)
from werkzeug.utils import secure_filename

from .. import app, rollover, school, so_dang_ky, vn
from ..combine import combine
from ..documents import tron
from ..engine import Template
from ..errors import DataError, DataErrors, VanthuError, raise_all
from ..layout import RULE_RATIO, Layout
from ..load import DON_VI_FILE, THAM_SO_FILE, load_model, open_year, years
from ..metrics import text_width_mm
from ..models import LOAI_VAN_BAN, DonVi, ThamSo
from ..publish import draft_all
from ..register import exists as register_exists
from ..register import REVOKED, Register
from ..tables import read_table
from ..vn import QUOC_HIEU, TIEU_NGU
from . import preview, state
from .editor import number
from .jobs import Job

bp = Blueprint("pages", __name__)
OUT = "out"  # what the page writes, inside the data folder


def data() -> Path:
    return state().data


def out_dir() -> Path:
    return data() / OUT


def needs_school(view):
    """Pages that need a school: before one is set up, the first page is Khởi tạo."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if data() is None or not school.is_school(data()):
            return redirect(url_for("pages.khoi_tao"))
        return view(*args, **kwargs)
    return wrapper


def field_errors(exc: VanthuError) -> tuple[dict[str, str], list[str]]:
    """Messages by form field (`nguoi_ky.ho_ten`), and the ones no field shows."""
    errors = exc.errors if isinstance(exc, DataErrors) else [exc]
    by_field, other = {}, []
    for error in errors:
        if isinstance(error, DataError) and error.field:
            by_field.setdefault(error.field, error.message)
        else:
            other.append(error.message if isinstance(error, DataError) else str(error))
    return by_field, other


@bp.get("/")
@needs_school
def index():
    return redirect(url_for("pages.nam"))


# Khởi tạo: the first page of a machine without a school.

KHOI_TAO_FIELDS = ("ten", "co_quan_chu_quan", "ma", "dia_danh", "chuc_vu", "ho_ten")


def _answers(form) -> school.TruongMoi:
    values = {name: vn.nfc(form.get(name, "").strip()) for name in KHOI_TAO_FIELDS}
    if not values["ma"] and values["ten"]:
        values["ma"] = school.suggest_ma(values["ten"])
    lines = [line.strip() for line in form.get("ten_dau_trang", "").splitlines() if line.strip()]
    return school.TruongMoi(**values, ten_dau_trang=lines or None, co_chu=form.get("co_chu", "A"))


@bp.route("/khoi-tao", methods=["GET", "POST"])
def khoi_tao():
    if data() is not None and school.is_school(data()):
        return redirect(url_for("pages.truong"))
    folder = request.form.get("thu_muc", "").strip() or str(data() or state().default_folder)
    if request.method == "GET":
        return render_template("khoi_tao.html", answers=school.TruongMoi("", "", "", "", co_quan_chu_quan=""),
                               folder=folder, errors={}, advice=[], header=None)
    answers = _answers(request.form)
    if "goi_y" in request.form:  # the clerk took one of the suggestions
        _, advice = _check_quietly(answers)
        index = int(request.form["goi_y"]) if request.form["goi_y"].isdigit() else -1
        if 0 <= index < len(advice):
            answers = replace(answers, **advice[index].suggestion)
    try:
        dv, advice = school.check(answers)
        if request.form.get("hanh_dong") == "tao":
            if not advice or request.form.get("van_tao"):
                school.create(Path(folder).expanduser(), answers)
                state().data = Path(folder).expanduser()
                flash(f"Đã khởi tạo {answers.ten} trong {folder}.")
                return redirect(url_for("pages.truong"))
            flash("Tiêu đề còn dòng sẽ xuống dòng khi in: dùng gợi ý, hoặc đánh dấu «Vẫn tạo như đã nhập».", "loi")
    except VanthuError as exc:
        errors, other = field_errors(exc)
        errors = {name.removeprefix("nguoi_ky."): message for name, message in errors.items()}
        for message in other:
            flash(message, "loi")
        return render_template("khoi_tao.html", answers=answers, folder=folder, errors=errors, advice=[],
                               header=None), 400
    return render_template("khoi_tao.html", answers=answers, folder=folder, errors={}, advice=advice,
                           header=header_preview(dv))


def _check_quietly(answers: school.TruongMoi) -> tuple[DonVi | None, list[school.Advice]]:
    try:
        return school.check(answers)
    except VanthuError:
        return None, []


def header_preview(dv: DonVi, ngay: date | None = None) -> dict[str, Any]:
    """The two-column header as it prints, in the sizes and rule lengths of the template."""
    layout = Layout(dv.trinh_bay)
    s = layout.sizes
    lines = dv.ten_dau_trang or [vn.in_hoa(dv.ten)]
    return {
        "chu_quan": vn.in_hoa(dv.co_quan_chu_quan) if dv.co_quan_chu_quan else "",
        "ten": lines,
        "gach_ten": max(text_width_mm(line, s.ten_don_vi, bold=True) for line in lines) * RULE_RATIO,
        "quoc_hieu": QUOC_HIEU, "tieu_ngu": TIEU_NGU,
        "gach_tieu_ngu": text_width_mm(TIEU_NGU, s.tieu_ngu, bold=True),
        "so": vn.so_ky_hieu(None, f"KH-{dv.ma}"),
        "ngay": vn.dia_danh_ngay(dv.dia_danh, ngay or date.today()),
        "sizes": s, "left": layout.header_left_mm, "right": layout.header_right_mm,
    }


# Trường: don-vi.yaml in a form.

NUMBERS = {"trinh_bay.le.tren", "trinh_bay.le.duoi", "trinh_bay.le.trai", "trinh_bay.le.phai",
           "trinh_bay.gian_dong", "trinh_bay.thut_dau_dong", "trinh_bay.cach_doan"}
TEXTS = ("co_quan_chu_quan", "ten", "ma", "dia_danh", "nguoi_ky.quyen_han", "nguoi_ky.thay", "nguoi_ky.chuc_vu",
         "nguoi_ky.ho_ten", "trinh_bay.co_chu", "so_van_ban")
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
    if "ten_dau_trang" in form:
        lines = [vn.nfc(line.strip()) for line in form["ten_dau_trang"].splitlines() if line.strip()]
        values["ten_dau_trang"] = lines or None
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
    return out


@bp.get("/truong")
@needs_school
def truong():
    path = data() / DON_VI_FILE
    dv = load_model(path, DonVi).model
    return render_template("truong.html", values=_flat(dv), errors={}, bam=school.file_hash(path),
                           header=header_preview(dv), advice=school.header_advice(dv))


@bp.post("/truong")
@needs_school
def truong_luu():
    path = data() / DON_VI_FILE
    values = don_vi_values(request.form)
    try:
        school.save_don_vi(data(), values, request.form.get("bam", ""))
    except school.EditConflict as exc:
        current = load_model(path, DonVi).model
        theirs = _flat(current)
        mine = {name: request.form.get(name, "").strip() for name in theirs}
        changed = [name for name in theirs if str(theirs[name] or "") != mine[name]]
        flash(f"{exc.message}. Các trường khác với tệp hiện tại: {', '.join(changed) or 'không có'}. "
              "Bấm Lưu lần nữa để ghi đè bằng những gì đang thấy trên trang.", "loi")
        return render_template("truong.html", values=mine, errors={}, bam=school.file_hash(path),
                               header=header_preview(current), advice=[]), 409
    except VanthuError as exc:
        errors, other = field_errors(exc)
        for message in other:
            flash(message, "loi")
        mine = {name: request.form.get(name, "") for name in (*TEXTS, *NUMBERS, "ten_dau_trang")}
        return render_template("truong.html", values=mine, errors=errors, bam=request.form.get("bam", ""),
                               header=None, advice=[]), 400
    flash("Đã lưu thông tin trường vào don-vi.yaml.")
    return redirect(url_for("pages.truong"))


# Năm: the years, and a new year made from the last one.

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


# Sổ văn bản đi.

def _register() -> Register | None:
    if not register_exists(app.register_path(data())):
        return None  # reading never creates the register
    return app.open_register(data())


def _date_arg(name: str) -> date | None:
    text = request.args.get(name, "")
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise DataError(f"ngày «{text}» không hợp lệ; cần dạng NĂM-THÁNG-NGÀY, ví dụ 2022-05-09") from None


def _register_rows() -> tuple[list, dict[str, Any]]:
    register = _register()
    if register is None:
        return [], {}
    with register:
        rows, all_years = register.rows(), register.years()
    chosen = {"nam": request.args.get("nam", type=int), "loai": request.args.get("loai", ""),
              "tu": _date_arg("tu"), "den": _date_arg("den")}
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


# Trộn thư: upload a template and a sheet, see the columns matched, preview a row, merge them all.

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


def _merge_folder(job_id: str) -> Path:
    if not job_id.isalnum():
        abort(404)
    folder = out_dir() / "tron" / job_id
    if not (folder / "viec.json").is_file():
        abort(404)
    return folder


def _tron_page(form, errors: dict[str, str]) -> str:
    return render_template("tron.html", errors=errors, form=form,
                           loai_options=[(k, f"{k}: {v.capitalize()}") for k, v in LOAI_VAN_BAN.items()],
                           year_options=[(str(y), str(y)) for y in years(data())])


@bp.get("/tron")
@needs_school
def tron_form():
    return _tron_page({}, {})


@bp.post("/tron")
@needs_school
def tron_tai_len():
    job_id = datetime.now().strftime("%Y%m%d%H%M%S") + secrets.token_hex(3)
    folder = out_dir() / "tron" / job_id
    try:
        ngay = request.form.get("ngay", "")
        if ngay:
            _parse_date(ngay)
        if request.form.get("loai", "BC") not in LOAI_VAN_BAN:
            raise DataError("chọn một loại văn bản trong danh sách", field="loai")
        uploads = _save_uploads(folder)
        mau, bang = uploads["mau"], uploads["bang"]
        settings = {"mau": mau.name, "bang": bang.name, "ten_mau": request.files["mau"].filename,
                    "ten_bang": request.files["bang"].filename, "loai": request.form.get("loai", "BC"),
                    "trich_yeu": request.form.get("trich_yeu", "").strip(), "ngay": ngay,
                    "ten": request.form.get("ten", "").strip() or "{stt}", "nam": request.form.get("nam", type=int)}
    except VanthuError as exc:
        errors, other = field_errors(exc)
        for message in other:
            flash(message, "loi")
        return _tron_page(request.form, errors), 400
    (folder / "viec.json").write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
    return redirect(url_for("pages.tron_xem", job_id=job_id))


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DataError(f"ngày «{text}» không hợp lệ", field="ngay") from None


def _merge_jobs(folder: Path, settings: dict):
    year = open_year(data(), settings.get("nam"))
    ngay = _parse_date(settings["ngay"]) if settings.get("ngay") else None
    return tron.jobs(year, folder / settings["mau"], folder / settings["bang"], folder / "van-ban",
                     settings["ten"], settings["loai"], ngay, settings["trich_yeu"] or None)


@bp.get("/tron/<job_id>")
@needs_school
def tron_xem(job_id: str):
    folder = _merge_folder(job_id)
    settings = json.loads((folder / "viec.json").read_text(encoding="utf-8"))
    table = read_table(folder / settings["bang"])
    used = Template(folder / settings["mau"]).variables
    problem, rows, known = "", [], set()
    try:
        jobs = _merge_jobs(folder, settings)
        known = set(jobs[0].context(None, None))
        rows = [(i, job.file_name(None), job.context(None, None)) for i, job in enumerate(jobs, 1)]
    except VanthuError as exc:
        problem = str(exc)
    columns = [{"tieu_de": title, "bien": key, "dung": key in used} for key, title in table.headers.items()]
    missing = sorted(used - known - set(table.headers)) if known else []
    return render_template("tron_xem.html", job_id=job_id, settings=settings, columns=columns, problem=problem,
                           rows=rows, missing=missing, frame_used=sorted(used - set(table.headers)),
                           can_preview=preview.can_preview())


@bp.post("/tron/<job_id>/xem-truoc")
@needs_school
def tron_xem_truoc(job_id: str):
    folder = _merge_folder(job_id)
    settings = json.loads((folder / "viec.json").read_text(encoding="utf-8"))
    stt = request.form.get("stt", type=int) or 1
    jobs = _merge_jobs(folder, settings)
    if not 1 <= stt <= len(jobs):
        raise DataError(f"bảng có {len(jobs)} hàng dữ liệu; chọn số từ 1 đến {len(jobs)}")
    one = replace(jobs[stt - 1], folder=folder / "xem-truoc")
    out = out_dir()

    def work(job: Job) -> list[tuple[str, str]]:
        job.progress(0, 3, "Đang soạn văn bản")
        return as_printed(job, draft_all([one])[0], out)
    job_id2 = state().jobs.start(f"Xem trước hàng {stt}", work, back=url_for("pages.tron_xem", job_id=job_id))
    return redirect(url_for("pages.viec", job_id=job_id2))


@bp.post("/tron/<job_id>/chay")
@needs_school
def tron_chay(job_id: str):
    folder = _merge_folder(job_id)
    settings = json.loads((folder / "viec.json").read_text(encoding="utf-8"))
    jobs = _merge_jobs(folder, settings)
    want_pdf = bool(request.form.get("pdf")) and preview.can_preview()
    out = out_dir()

    def work(job: Job) -> list[tuple[str, str]]:
        job.progress(0, len(jobs) + 2 + want_pdf, "Đang trộn")
        paths = draft_all(jobs, lambda: job.progress())
        job.progress(step="Đang gộp thành một tệp để in")
        combined = combine(paths, folder / "tat-ca.docx")
        archive = folder / "van-ban.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in paths:
                zf.write(path, path.name)
        job.progress(step="Đã nén các văn bản")
        links = [(f"Tải {len(paths)} văn bản (.zip)", _file_url(archive, out)),
                 ("Tải tệp gộp để in (.docx)", _file_url(combined, out))]
        if want_pdf:
            job.progress(step="Đang xuất PDF để in (LibreOffice)")
            links.append(("Tải tệp gộp để in (.pdf)", _file_url(preview.to_pdf(combined), out)))
            job.progress()
        return links
    job_id2 = state().jobs.start(f"Trộn thư: {len(jobs)} văn bản", work,
                                 back=url_for("pages.tron_xem", job_id=job_id))
    return redirect(url_for("pages.viec", job_id=job_id2))


# Long work and its results.

def as_printed(job: Job, docx: Path, out: Path) -> list[tuple[str, str]]:
    """A drafted document as it will print: its page images and PDF (when LibreOffice is there)."""
    links = [(f"Tải {docx.name}", _file_url(docx, out))]
    if preview.can_preview():
        job.progress(1, 3, "Đang chuyển sang PDF (LibreOffice)")
        pdf_file = preview.to_pdf(docx)
        job.progress(2, 3, "Đang dựng ảnh các trang")
        links += [(f"Trang {i}", _file_url(png, out)) for i, png in enumerate(preview.page_images(pdf_file), 1)]
        links.append((f"Tải {pdf_file.name}", _file_url(pdf_file, out)))
    job.progress(3, 3, "Xong")
    return links


def _file_url(path: Path, out: Path) -> str:
    """The download address of a file the page wrote (built without a request: jobs run in threads)."""
    return "/tep/" + quote(path.resolve().relative_to(out.resolve()).as_posix())


@bp.get("/viec/<job_id>")
def viec(job_id: str):
    job = state().jobs.get(job_id)
    if job is None:
        abort(404)
    images = [(label, url) for label, url in job.links if url.endswith(".png")]
    files = [link for link in job.links if link not in images]
    return render_template("viec.html", job=job, job_id=job_id, images=images, files=files)


@bp.get("/viec/<job_id>.json")
def viec_json(job_id: str):
    job = state().jobs.get(job_id)
    if job is None:
        abort(404)
    return jsonify(job.as_dict())


@bp.get("/tep/<path:rel>")
@needs_school
def tep(rel: str):
    """A file the page wrote (never anything outside `<data>/out/`)."""
    inline = Path(rel).suffix.lower() in (".png", ".pdf")
    return send_from_directory(out_dir().resolve(), rel, as_attachment=not inline)
