"""From a document's context to a file: a draft with a blank number, or issued through the register."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

from .engine import Template
from .register import Entry, Issued, Register, fingerprint

# Context keys that depend on the number and date of issue, not on the data.
_ISSUE_KEYS = {"so", "so_ky_hieu", "ngay", "dia_danh_ngay"}


@dataclass
class Job:
    """One document: its template, and its context and file name for a number and date."""

    template: Template
    loai: str
    khoa: str  # which document of its type this is, for idempotent issuing
    folder: Path
    context: Callable[[int | None, date | None], dict[str, Any]]
    file_name: Callable[[int | None], str]


def draft(job: Job, ngay: date | None = None) -> Path:
    """Render with the number left blank (`Số:      /KH-THCSKB`), dated `ngay` or as the data says."""
    return job.template.render(job.context(None, ngay), job.folder / job.file_name(None))


def issue(job: Job, register: Register, ngay: date) -> Issued:
    """Take the next number (or the one it already has), render with it, record it: all or nothing."""
    base = job.context(None, ngay)
    job.template.check(base)
    entry = Entry(
        loai=job.loai, ten_loai=base["ten_loai"], khoa=job.khoa, ky_hieu=base["ky_hieu"],
        trich_yeu=base["trich_yeu"], nguoi_ky=base["nguoi_ky"]["ho_ten"], noi_nhan="\n".join(base["noi_nhan"]),
        bam_du_lieu=fingerprint({k: v for k, v in base.items() if k not in _ISSUE_KEYS}))
    return register.issue(entry, ngay, lambda so: job.folder / job.file_name(so),
                          lambda so, day, tmp: job.template.render(job.context(so, day), tmp))


Progress = Callable[[], None]


def draft_all(jobs: list[Job], progress: Progress | None = None, ngay: date | None = None) -> list[Path]:
    """Render a batch of drafts into a staging folder, then move them in: a failure writes nothing."""
    if not jobs:
        return []
    folder = jobs[0].folder
    jobs[0].template.check(jobs[0].context(None, ngay))
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        staged = []
        for job in jobs:
            staged.append(job.template.render(job.context(None, ngay), staging / job.file_name(None)))
            if progress:
                progress()
        folder.mkdir(exist_ok=True)
        for path in staged:
            os.replace(path, folder / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / path.name for path in staged]


def issue_all(jobs: Iterable[Job], register: Register, ngay: date,
              progress: Progress | None = None) -> list[Issued]:
    """Issue a batch in order, each document in its own transaction (re-running takes no new numbers)."""
    issued = []
    for job in jobs:
        issued.append(issue(job, register, ngay))
        if progress:
            progress()
    return issued
