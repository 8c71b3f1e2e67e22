"""From a document's context to a file: a draft with a blank number, or issued through the register."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Generic, TypeVar

from . import vn
from .contexts import Frame
from .engine import Template
from .errors import DataError
from .files import failure, move_all, sha256, staging
from .kinds.codes import CONG_VAN, KIND_CODES, LOAI_VAN_BAN, ten_loai
from .register import Entry, Issued, Register, Request, fingerprint

# Context keys that depend on the number and date of issue (a draft's mark too), not on the data;
# and keys derived from others (how Nơi nhận is laid out beside the signature), so a layout change
# is not a data change.
_ISSUE_KEYS = {"so", "so_ky_hieu", "ngay", "dia_danh_ngay", "du_thao", "trang_thai", "noi_nhan_dau", "noi_nhan_tiep"}


# What a job's template is rendered with: the NĐ 30 frame and what its kind of document adds (a
# document of the year's body, a mail merge's row). Covariant: a job of either is a job of a frame.
C = TypeVar("C", bound=Frame, covariant=True)


@dataclass
class Job(Generic[C]):
    """One document: its template, and its context and file name for a number and date."""

    template: Template
    loai: str
    khoa: str  # which document of its type this is, for idempotent issuing
    folder: Path
    context: Callable[[int | None, date | None], C]
    file_name: Callable[[int | None], str]
    # The draft's context as it reads before the documents it cites are numbered (None: it cites none).
    uncited: Callable[[date | None], C] | None = None


def draft(job: Job[Frame], ngay: date | None = None) -> Path:
    """Render with the number left blank (`Số:      /KH-THCSKB`), dated `ngay` or as the data says."""
    return job.template.render(job.context(None, ngay), job.folder / job.file_name(None))


def issue(job: Job[Frame], register: Register, ngay: date | None) -> Issued:
    """Take the next number (or the one it already has), render with it, record it: all or nothing.

    `ngay` None: a new number is dated today, an issued document keeps its date."""
    return issue_all([job], register, ngay)[0]


Progress = Callable[[], None]


def issue_all(jobs: Sequence[Job[Frame]], register: Register, ngay: date | None,
              progress: Progress | None = None) -> list[Issued]:
    """Issue a batch: every document checked first, then all numbered and written, or none."""
    requests = [_request(job, ngay) for job in jobs]
    return register.issue_all(requests, ngay, progress)


def _request(job: Job[Frame], ngay: date | None) -> Request:
    base = job.context(None, ngay)
    job.template.check(base)
    entry = Entry(
        loai=job.loai, ten_loai=base["ten_loai"], khoa=job.khoa, ky_hieu=base["ky_hieu"],
        trich_yeu=" ".join(base["trich_yeu"].split()), nguoi_ky=base["nguoi_ky"]["ho_ten"], noi_nhan="\n".join(base["noi_nhan"]),
        bam_du_lieu=fingerprint(_data_of(base)),
        bam_mau=_template_hash(job.template.path),
        bam_tuong_duong=(fingerprint(_data_of(job.uncited(ngay))),) if job.uncited else ())
    return Request(entry, lambda so: job.folder / job.file_name(so),
                   lambda so, day, tmp: job.template.render(job.context(so, day), tmp), nam=base.get("nam"))


def _data_of(context: Mapping[str, Any]) -> dict[str, Any]:
    """What a document says apart from its number and date: what issuing it again must find unchanged.
    An annex's `Kèm theo … số … ngày …` line and its rule quote the number and date.
    Every key counts, those no context type lists too (a merge's columns, the year's `bien`): Any."""
    data = {k: v for k, v in context.items() if k not in _ISSUE_KEYS}
    if data.get("phu_luc"):
        data["phu_luc"] = [{k: v for k, v in annex.items() if k not in ("kem_theo", "gach", "ngang", "ket")}
                           for annex in data["phu_luc"]]
    return data


def _template_hash(path: Path) -> str:
    """The template file's sha256, recorded at issue: a re-issue after it changed is refused."""
    try:
        return sha256(path)
    except OSError as exc:
        raise failure("không đọc được mẫu", path, exc) from None


def draft_all(jobs: Sequence[Job[Frame]], progress: Progress | None = None, ngay: date | None = None,
              combined: Path | None = None) -> list[Path]:
    """Render a batch of drafts into a staging folder, then move them in: a failure writes nothing.
    `combined`, the batch's print file, is made in the same folder and moved in with them: a
    print file that cannot be written leaves the drafts as they were too."""
    if not jobs:
        return []
    targets = _distinct_targets(jobs)
    if combined is not None:
        refuse_print_file_among(combined, targets)
    jobs[0].template.check(jobs[0].context(None, ngay))
    with staging(jobs[0].folder) as stage:
        staged = []
        for job, target in zip(jobs, targets):
            staged.append((job.template.render(job.context(None, ngay), stage / target.name), target))
            if progress:
                progress()
        if combined is not None:
            from .combine import combine
            staged.append((combine([path for path, _ in staged], stage / f".gop-{Path(combined).name}"),
                           Path(combined)))
        move_all(staged, aside=stage)
    return targets


def refuse_print_file_among(combined: Path, paths: list[Path], what: str = "một văn bản của loạt") -> None:
    """The print file never replaces one of the files it is made from (nor the template or sheet)."""
    target = Path(os.path.abspath(combined))
    for path in paths:
        if Path(os.path.abspath(path)) == target:
            raise DataError(f"tệp gộp để in {combined} trùng tên với {what} ({path}); chọn tên khác cho tệp gộp. "
                            "Chưa ghi tệp nào")


def _distinct_targets(jobs: Sequence[Job[Frame]]) -> list[Path]:
    """Each draft's file; two documents writing one file is refused before anything is written."""
    seen: dict[str, Job[Frame]] = {}  # by name as Windows and macOS compare them: case apart
    targets = []
    for job in jobs:
        target = job.folder / job.file_name(None)
        first = seen.setdefault(str(target).casefold(), job)
        if first is not job:
            raise DataError(f"hai văn bản cùng ghi vào tệp {target} («{first.khoa}» và «{job.khoa}»), "
                            "văn bản sau sẽ đè văn bản trước; hãy sửa dữ liệu để tên tệp khác nhau "
                            "(ví dụ ghi rõ chức vụ hoặc tổ chuyên môn). Chưa ghi tệp nào")
        targets.append(target)
    return targets


def outside_entry(ky_hieu: str, trich_yeu: str, nguoi_ky: str, noi_nhan: list[str], so: int | str | None = None,
                  loai: str | None = None) -> Entry:
    """What the register records of a document numbered outside vanthu (typed in Word, written by hand),
    checked before the register is opened."""
    ky_hieu, trich_yeu, nguoi_ky = (vn.nfc(text).strip() for text in (ky_hieu, trich_yeu, nguoi_ky))
    if not ky_hieu or " " in ky_hieu:
        raise DataError(f"ký hiệu «{ky_hieu}» không hợp lệ: cần các nhóm chữ nối bằng `-`, ví dụ QĐ-THCSKB")
    for value, what in ((trich_yeu, "trích yếu"), (nguoi_ky, "người ký")):
        if not value:
            raise DataError(f"{what} không được để trống")
    loai = loai or _type_of(ky_hieu)
    if loai not in KIND_CODES:
        raise DataError(f"không có loại văn bản «{loai}»; các mã: {', '.join(KIND_CODES)}")
    if so is not None:
        try:
            number = vn.tach_so(str(so))[0]
        except ValueError as exc:
            raise DataError(str(exc)) from None
        if number < 1:
            raise DataError(f"số văn bản bắt đầu từ 1, không phải {so}")
    items = [vn.nfc(line).strip().removeprefix("- ").rstrip(" ;.") for line in noi_nhan if line.strip()]
    archive = next((item for item in items if item.startswith("Lưu:")), "Lưu: VT")
    lines = [f"- {item};" for item in items if not item.startswith("Lưu:")] + [f"- {archive}."]
    return Entry(loai=loai, ten_loai=ten_loai(loai), khoa="", ky_hieu=ky_hieu, trich_yeu=trich_yeu, nguoi_ky=nguoi_ky,
                 noi_nhan="\n".join(lines), bam_du_lieu="")


def _type_of(ky_hieu: str) -> str:
    """`QĐ-THCSKB` is a decision; a công văn's symbol starts with the body (`THCSKB-VP`)."""
    first = ky_hieu.split("-", 1)[0]
    return first if first in LOAI_VAN_BAN else CONG_VAN
