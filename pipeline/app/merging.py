"""What a mail merge would make, before anything is written: the sheet's columns as the template uses
them, the documents (file name, values, sheet row), and what the template needs that nothing gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import VanthuError
from .results import Outcome

if TYPE_CHECKING:
    from ..contexts import MergeContext


@dataclass
class PlannedColumn:
    tieu_de: str   # the column's header as typed
    bien: str      # its variable name
    dung: bool     # the template uses it


@dataclass
class Planned:
    stt: int
    ten_tep: str
    context: MergeContext
    hang: int      # the sheet row (the first of a group): what a preview of this document names


@dataclass
class MergePlan(Outcome):
    columns: list[PlannedColumn]
    documents: list[Planned] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)      # variables neither the sheet nor the frame gives
    frame_used: list[str] = field(default_factory=list)   # variables the template takes from the frame
    problem: str = ""                                     # why no document can be made yet


def _used(du_lieu: Path, nam: int | None, template: Path, table) -> set[str]:
    """The variables the template uses, its Word MERGEFIELDs read as the merge reads them (by column)."""
    from ..documents import van_ban
    from ..engine import Template
    from ..load import open_year
    from ..mergefields import Converter, Names
    try:
        reserved = van_ban.frame_variables(open_year(du_lieu, nam))
        return Template(template, Converter(Names(table, set(reserved)), Path(template)).prepare).variables
    except VanthuError:  # said by the merge itself, below; the plain tags are still worth showing
        return Template(template).variables


def merge_plan(du_lieu: Path, nam: int | None, template: Path, sheet: Path, out: Path, *, pattern: str = "{stt}",
               loai: str = "BC", ngay: date | None = None, trich_yeu: str | None = None, nhom: str | None = None,
               cho_phep_trong: bool = False, bo_hang_tong: bool = False) -> MergePlan:
    from ..documents import van_ban
    from ..load import open_year
    from ..tables import read_table
    table = read_table(sheet)
    used = _used(du_lieu, nam, template, table)
    columns = [PlannedColumn(title, key, key in used) for key, title in table.headers.items()]
    plan = MergePlan(columns, frame_used=sorted(used - set(table.headers)))
    try:
        year = open_year(du_lieu, nam)
        jobs = van_ban.merge_jobs(year, template, sheet, out, pattern, loai, ngay, trich_yeu, nhom=nhom,
                         cho_phep_trong=cho_phep_trong, bo_hang_tong=bo_hang_tong)
    except VanthuError as exc:
        plan.problem, plan.next_steps = str(exc), exc.steps
        return plan
    for i, job in enumerate(jobs, 1):
        context = job.context(None, None)
        plan.documents.append(Planned(i, job.file_name(None), context, context["hang"]))  # a group's: its first row's
    plan.missing = sorted(used - set(plan.documents[0].context) - set(table.headers))
    return plan
