"""Văn bản: the year's documents, a document in a form, its preview as it will print, and Cấp số.

The form is built and read back by editor.py; checking, saving, drafting and issuing are the
application layer's (pipeline/app/). A document is named by its year and file stem in the address
(`/van-ban/2022/quyet-dinh-ban-chi-dao`); any other name is no page.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import secrets
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from ruamel.yaml.error import YAMLError

from .. import app, vn
from ..app import FOLDER, ISSUED, KINDS, REVOKED, EditConflict, School, is_review, read_yaml
from ..errors import DataError, VanthuError
from . import editor, preview
from .context import same, state
from .jobs import Job
from .pages import (MAX_NAME, as_printed, as_sent, bp, chosen_year, data, date_arg, field_errors, file_url, inside, needs_school,
                    out_dir, parse_date)


NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


def templates() -> Path:
    return School.templates_folder(None)


# The list, a new document from its kind's starter, drafts of the year.

@bp.get("/van-ban")
@needs_school
def van_ban():
    return _van_ban_page(chosen_year())


def _van_ban_page(nam: int | None, errors: dict[str, dict[str, str]] | None = None, form=None):
    """The year's documents and the forms to add one; `errors` by form (`moi`, `nhap`) and field."""
    warnings: list[str] = []
    try:
        listing = School(data()).documents(nam)
        infos, problem, shown, warnings = listing.documents, "", listing.nam, listing.warnings
    except VanthuError as exc:
        infos, problem, shown = [], str(exc), nam or (School(data()).years() or [None])[-1]
    kinds = [(code, f"{code}: {kind.ten.capitalize()}") for code, kind in KINDS.items()]
    names = sorted(p.stem for p in (data() / str(shown) / FOLDER).glob("*.yaml")) if shown else []
    return render_template("van_ban.html", infos=infos, problem=problem, nam=shown, kinds=kinds,
                           years=School(data()).years(), names=names, errors=errors or {}, form=form or {},
                           warnings=warnings)


def _refused(which: str, exc: VanthuError):
    """A form of the list page sent back with each message beside its field (the others above it)."""
    by_field, other = field_errors(exc)
    for message in other:
        flash(message, "loi")
    return _van_ban_page(request.form.get("nam", type=int) or chosen_year(), {which: by_field}, request.form), 400


@bp.post("/van-ban/moi")
@needs_school
def van_ban_moi():
    nam = request.form.get("nam", type=int)
    try:
        path = app.new_document(data(), nam, request.form.get("loai", ""), request.form.get("ten", "").strip())
    except VanthuError as exc:
        return _refused("moi", exc)
    flash(f"Đã tạo {path.name} từ mẫu của loại văn bản. Sửa nội dung dưới đây rồi bấm Lưu.")
    return redirect(url_for("pages.van_ban_sua", nam=int(path.parent.parent.name), ten=path.stem))



@bp.post("/van-ban/nhap")
@needs_school
def van_ban_nhap():
    """Last year's Word file in: checked, saved under a name vanthu makes in a folder of its own,
    imported, opened in the editor. A refused name or file is said beside its field; nothing is written."""
    upload = request.files.get("tep")
    try:
        imported = app.import_upload(data(), out_dir(), upload.filename if upload else "",
                                     upload.save if upload else None, request.form.get("nam", type=int),
                                     request.form.get("ten", ""))
    except VanthuError as exc:
        return _refused("nhap", exc)
    assert upload is not None  # without a file, import_upload refuses its missing name
    flash(f"Đã nhập «{upload.filename}» thành văn bản {imported.target.stem}. "
          + " ".join(line.strip() for line in imported.summary()[1:]))
    return redirect(url_for("pages.van_ban_sua", nam=int(imported.target.parent.parent.name), ten=imported.target.stem))


@bp.post("/van-ban/cap-so-word")
@needs_school
def cap_so_word():
    """A document the clerk typed in Word, numbered through the register: its numbered copy to download.
    Kept under its own name in one folder, so the same file again keeps its number."""
    upload = request.files.get("tep")
    if not upload or not upload.filename:
        raise DataError("chưa chọn tệp Word cần cấp số")
    if Path(upload.filename).suffix.lower() != ".docx":
        raise DataError(f"tệp «{upload.filename}» không phải tệp Word .docx (tệp .doc: mở bằng Word, lưu thành .docx)")
    ngay = parse_date(request.form["ngay"]) if request.form.get("ngay", "").strip() else None
    folder = out_dir() / "word"
    # Its year: its date's. A file refused leaves nothing behind.
    try:
        result = app.kept_upload(folder, upload.filename, upload.save,
                                 lambda source: School(data()).issue_word(source, ngay, out=folder / "da-cap-so"))
    except VanthuError as exc:
        raise as_sent(exc, folder, upload.filename) from None
    issued = result.issued
    number = vn.so_hieu(issued.so, issued.ky_hieu)
    flash((f"Đã cấp số {number} ngày {vn.ngay_ngan(issued.ngay)}" if issued.moi else
           f"Tệp này đã có số {number} ngày {vn.ngay_ngan(issued.ngay)}; tải lại bản đã cấp số")
          + f" cho «{upload.filename}» ({result.trich_yeu}).")
    for warning in result.warnings:
        flash(f"Cảnh báo: {warning}", "canh-bao")
    return render_template("cap_so_word.html", issued=issued, number=number, ten=upload.filename,
                           url=file_url(issued.tep, out_dir()))


@bp.post("/van-ban/soan")
@needs_school
def van_ban_soan():
    nam = request.form.get("nam", type=int)
    names = [request.form["ten"]] if request.form.get("ten") else None
    folder, out = data(), out_dir()

    def work(job: Job) -> list[tuple[str, str]]:
        job.progress(0, 1, "Đang soạn bản dự thảo")
        made = app.make(folder, nam, templates(), out, names, nhap=True)
        job.warn([w for result in made for w in result.warnings])
        return [(f"Tải {path.name}", file_url(path, out)) for result in made for path in
                ([result.combined] if result.combined else result.paths)]
    job_id = state().jobs.start("Soạn bản dự thảo", work, back=url_for("pages.van_ban", nam=nam))
    return redirect(url_for("pages.viec", job_id=job_id))


# One document in a form.

def _document(nam: int, ten: str) -> Path:
    """The document's file; a name that is not a file stem of the year's documents is no page."""
    path = data() / str(nam) / FOLDER / f"{ten}.yaml"
    if not NAME.fullmatch(ten) or len(ten) > MAX_NAME or not path.is_file():
        abort(404)
    return path


def _tree(raw: bytes) -> Any:
    """The round-trip tree of a file the form was opened on (it was read as below then)."""
    return editor.load(raw.decode("utf-8"))


def _read(path: Path) -> tuple[bytes, Any]:
    """A document file as it is now, and its tree; what the loader refuses (a syntax slip, YAML
    aliases, text that is not UTF-8) is its message, with the line, and no form."""
    read_yaml(path)
    raw = path.read_bytes()
    try:
        return raw, _tree(raw)
    except YAMLError:  # e.g. a control character the round-trip reader refuses and the loader cleans
        raise DataError("tệp có ký tự không đọc được khi ghi lại; sửa tệp bằng trình soạn thảo rồi mở lại", path) from None


def _marks(node: Any) -> int:
    """Values still marked `!xem-lai` in a tree."""
    if isinstance(node, dict):
        return sum(_marks(v) for v in node.values())
    if isinstance(node, list):
        return sum(_marks(v) for v in node)
    return int(is_review(node))


def _hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _editor(nam: int, ten: str, state_: dict, *, raw: bytes, errors: dict | None = None, other: list | None = None,
            focus: str = "", unsaved: bool = False, conflict: list | None = None, seen: str = "",
            status: int = 200, warnings: list[str] | None = None):
    """The editor page for a state; `raw` is the file the form was opened on (its origins); `warnings`
    what the core would warn of when the document is made (a column too narrow for a word)."""
    root = _tree(raw)
    loai = str(root.get("loai", ""))
    editor.labels(state_.get("noi_dung") or [])
    for i, annex in enumerate(state_.get("phu_luc") or [], 1):
        editor.labels(annex.get("noi_dung") or [], f"Phụ lục {i}")
    dv = School(data()).don_vi()
    rows = app.document_rows(data(), nam, ten)
    page = render_template(
        "van_ban_sua.html", nam=nam, ten=ten, loai=loai, kind=KINDS.get(loai), s=state_, errors=errors or {},
        other=other or [], focus=focus, unsaved=unsaved, conflict=conflict, seen=seen, bam=_hash(raw),
        goc=base64.b64encode(raw).decode("ascii"), signer=dv.nguoi_ky, rows=rows, issued=ISSUED, revoked=REVOKED,
        mau=editor.text(root.get("mau")), danh_sach=editor.text(root.get("danh_sach")),
        files=_issued_files(rows), block_names=editor.BLOCK_NAMES, top_only=editor.TOP_ONLY, roles_in=editor.ROLES_IN,
        task_blocks=editor.TASK_BLOCKS, per_teacher=bool(root.get("danh_sach") and root.get("ke_hoach")),
        reviews=_marks(root), warnings=warnings or [])
    return page, status


def _issued_files(rows) -> dict[int, list[tuple[str, str]]]:
    """Downloads of each issued number's files that are still in the page's output folder."""
    out, files = out_dir().resolve(), {}
    for row in rows:
        docx = Path(row.tep).resolve()
        found = [p for p in (docx, docx.with_suffix(".pdf")) if p.is_file() and p.is_relative_to(out)]
        files[row.so] = [(p.suffix[1:].upper(), file_url(p, out)) for p in found]
    return files


# The editor page is cached while nothing it shows can have changed: the school's data, the year's
# files, the register and the templates, compared by their size and modification time.
CACHE_SIZE = 64


def _fingerprint(nam: int) -> tuple:
    root = data()
    paths = [root / "don-vi.yaml", *sorted(root.glob("so-van-ban-di.sqlite*")),
             *sorted((root / str(nam)).rglob("*")), *sorted(templates().glob("*.docx"))]
    stats = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        stats.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(stats)


def _page_cache() -> dict:
    return current_app.extensions.setdefault("vanthu-sua", {})


@bp.get("/van-ban/<int:nam>/<ten>")
@needs_school
def van_ban_sua(nam: int, ten: str):
    if session.get("_flashes"):  # a message to show once: not a page to keep
        return _editor_page(nam, ten)
    cache, key = _page_cache(), (nam, ten, _fingerprint(nam))
    if key not in cache:
        if len(cache) >= CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[key] = _editor_page(nam, ten)
    return cache[key]


def _editor_page(nam: int, ten: str):
    path = _document(nam, ten)
    raw, root = _read(path)
    state_ = editor.view(root, str(root.get("loai", "")))
    warnings: list[str] = []
    try:
        warnings = app.check_text(data(), nam, ten, raw.decode("utf-8"), templates()).warnings
        errors: dict[str, str] = {}
        other: list[str] = []
    except VanthuError as exc:
        errors, other = _placed(exc, state_, path)
    return _editor(nam, ten, state_, raw=raw, errors=errors, other=other, warnings=warnings)


def _placed(exc: VanthuError, state_: dict, path: Path) -> tuple[dict[str, str], list[str]]:
    """Errors of the document's own fields beside them; the others (a sheet it reads, a template)
    above the form, saying which file they concern."""
    errors = getattr(exc, "errors", [exc])
    own = [e for e in errors if isinstance(e, DataError) and e.field and Path(e.file or "") == path]
    # `own` holds the errors with a field only.
    placed, unplaced = editor.place({e.field: e.message for e in reversed(own) if e.field}, state_)
    return placed, unplaced + [str(e) for e in errors if e not in own]


def _opened_on() -> bytes:
    """The file the form was opened on, carried in the form and checked against its hash."""
    try:
        raw = base64.b64decode(request.form.get("goc", ""), validate=True)
    except (binascii.Error, ValueError):
        abort(400)
    if not same(_hash(raw), request.form.get("bam", "")):
        abort(400)
    try:
        _tree(raw)
    except (UnicodeDecodeError, YAMLError):
        abort(400)
    return raw


@bp.post("/van-ban/<int:nam>/<ten>")
@needs_school
def van_ban_luu(nam: int, ten: str):
    path = _document(nam, ten)
    raw = _opened_on()
    state_ = editor.from_form(request.form)
    action = request.form.get("lam", "luu")
    if action not in ("luu", "xem_truoc"):
        if action.startswith("them:") and action.count(":") == 1:
            action += ":" + request.form.get("moi." + action[5:], "")
        try:
            focus = editor.apply(state_, action)
        except editor.BadAction:
            abort(400)
        except editor.Refused as exc:
            flash(str(exc), "loi")
            focus = ""
        return _editor(nam, ten, state_, raw=raw, focus=focus, unsaved=True, seen=request.form.get("de", ""))
    try:
        now, current = _read(path)
    except DataError as exc:
        flash(f"Chưa lưu được: tệp hiện không đọc được ({exc}). Những gì đang gõ vẫn còn trên trang; sửa tệp rồi "
              "bấm Lưu lại.", "loi")
        return _editor(nam, ten, state_, raw=raw, unsaved=True, seen=request.form.get("de", ""), status=409)
    if _hash(now) not in (_hash(raw), request.form.get("de")):
        return _conflict(nam, ten, state_, raw, current, now)
    root = _tree(raw)
    editor.merge(root, state_)
    if now != raw:  # the clerk saw the other edit and saves over it: fields the form does not show keep it
        editor.graft(current, root, state_)
        root = current
    try:
        app.save_document(data(), nam, ten, editor.dump(root), templates(), _hash(now))
    except EditConflict:
        now, current = _read(path)
        return _conflict(nam, ten, state_, raw, current, now)
    except VanthuError as exc:
        errors, other = _placed(exc, state_, path)
        return _editor(nam, ten, state_, raw=raw, errors=errors, other=other, unsaved=True,
                       seen=request.form.get("de", ""), status=400)
    if action == "xem_truoc":
        return _start_preview(nam, ten)
    flash(f"Đã lưu {path.name}.")
    return redirect(url_for("pages.van_ban_sua", nam=nam, ten=ten))


@bp.post("/van-ban/<int:nam>/<ten>/thay-the")
@needs_school
def thay_the(nam: int, ten: str):
    """An issued document stays as issued: its replacement is a new document, numbered when issued."""
    _document(nam, ten)
    path = app.replacement(data(), nam, ten)
    flash(f"Đã tạo {path.stem}, bản sao của {ten} để sửa và cấp số mới. {ten} vẫn giữ nguyên như khi ban hành; "
          "ghi trong văn bản mới rằng nó thay thế văn bản cũ nếu cần.")
    return redirect(url_for("pages.van_ban_sua", nam=nam, ten=path.stem))


def _conflict(nam: int, ten: str, state_: dict, raw: bytes, current: Any, now: bytes):
    """Keep the clerk's input, say what the file holds now; saving again is a deliberate choice."""
    differ = editor.differences(state_, editor.view(current, str(current.get("loai", ""))))
    flash("Tệp đã được sửa ở nơi khác (trong một thẻ khác, hoặc bằng trình soạn thảo) từ lúc mở trang này; thay "
          "đổi của bạn chưa được lưu và vẫn còn trên trang. Bảng dưới đây so trang với tệp hiện tại. Bấm Lưu lần "
          "nữa để ghi những gì đang thấy trên trang đè lên tệp, hoặc mở lại trang để lấy bản trong tệp.", "loi")
    return _editor(nam, ten, state_, raw=raw, unsaved=True, conflict=differ, seen=_hash(now), status=409)


# Xem trước: the document as it will print, before any number is given.

def _start_preview(nam: int, ten: str):
    folder, out = data(), out_dir()
    where = out / "xem-truoc" / str(nam) / ten
    run = where / secrets.token_hex(6)

    def work(job: Job) -> list[tuple[str, str]]:
        job.progress(0, 3, "Đang soạn bản dự thảo")
        for old in where.glob("*"):  # earlier previews of this document
            shutil.rmtree(old, ignore_errors=True)
        (made,) = app.make(folder, nam, templates(), run, [ten], nhap=True)
        job.warn(made.warnings)
        return as_printed(job, made.combined or made.paths[0], out)
    job_id = state().jobs.start(f"Xem trước: {ten}", work, back=url_for("pages.van_ban_sua", nam=nam, ten=ten),
                                then=[("Cấp số…", url_for("pages.cap_so", nam=nam, ten=ten))])
    return redirect(url_for("pages.viec", job_id=job_id))


@bp.post("/van-ban/<int:nam>/<ten>/xem-truoc")
@needs_school
def xem_truoc(nam: int, ten: str):
    _document(nam, ten)
    return _start_preview(nam, ten)


# Cấp số: the number and date it will take, confirmed; then issued in the background.

@bp.get("/van-ban/<int:nam>/<ten>/cap-so")
@needs_school
def cap_so(nam: int, ten: str):
    path = _document(nam, ten)
    # Today, unless the register would refuse it (another year's document, a later number already given).
    loai = str(read_yaml(path)[0].get("loai") or "")
    ngay = date_arg("ngay") or app.proposed_date(data(), nam, loai, date.today())
    try:
        plan, problem = app.to_issue(data(), nam, ten, ngay, templates()), ""
    except VanthuError as exc:
        plan, problem = None, str(exc)
    return render_template("cap_so.html", nam=nam, ten=ten, ngay=ngay, plan=plan, problem=problem,
                           can_pdf=preview.can_preview()), 200 if plan else 400


@bp.post("/van-ban/<int:nam>/<ten>/cap-so")
@needs_school
def cap_so_lam(nam: int, ten: str):
    _document(nam, ten)
    ngay = parse_date(request.form.get("ngay", ""))
    plan = app.to_issue(data(), nam, ten, ngay, templates())
    if request.form.get("so", "") != ",".join(map(str, plan.so)):
        flash("Số sẽ cấp đã thay đổi từ lúc mở trang (một văn bản khác vừa được cấp số). Hãy xem lại số mới "
              "rồi xác nhận lần nữa.", "loi")
        return redirect(url_for("pages.cap_so", nam=nam, ten=ten, ngay=ngay.isoformat()))
    folder, out, want_pdf = data(), out_dir(), bool(request.form.get("pdf")) and preview.can_preview()
    on = plan.ngay_cap

    def work(job: Job) -> list[tuple[str, str]]:
        job.progress(0, 2 + want_pdf, "Đang cấp số và soạn văn bản")
        (made,) = app.make(folder, nam, templates(), out, [ten], issue=True, ngay=on)
        job.warn(made.warnings)
        job.progress(1, step="Đã cấp " + ", ".join(vn.so_hieu(i.so, i.ky_hieu) for i in made.issued))
        links = [(f"Tải {path.name}", file_url(path, out)) for path in made.paths if inside(path, out)]
        elsewhere = [path for path in made.paths if not inside(path, out)]
        if elsewhere:  # issued before, from another folder (the school's folder was moved since)
            job.warn([f"Văn bản đã được cấp số từ trước; tệp đã ban hành là {path}, ngoài thư mục của trang nên "
                      "không tải được ở đây." for path in elsewhere])
        printed = made.combined or made.paths[0]
        if made.combined and inside(made.combined, out):
            links.append(("Tải tệp gộp để in (.docx)", file_url(made.combined, out)))
        if want_pdf and inside(printed, out):
            job.progress(step="Đang xuất PDF để in (LibreOffice)")
            links.append((f"Tải PDF để in ({printed.with_suffix('.pdf').name})",
                          file_url(preview.to_pdf(printed), out)))
        job.progress(2 + want_pdf, step="Xong")
        return links
    job_id = state().jobs.start(f"Cấp số: {ten}", work, back=url_for("pages.van_ban_sua", nam=nam, ten=ten))
    return redirect(url_for("pages.viec", job_id=job_id))
