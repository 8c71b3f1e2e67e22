"""From a document's context to a file: a draft with a blank number, or issued through the register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

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


def draft(job: Job) -> Path:
    """Render with the number left blank (`Số:      /KH-THCSKB`)."""
    return job.template.render(job.context(None, None), job.folder / job.file_name(None))


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
