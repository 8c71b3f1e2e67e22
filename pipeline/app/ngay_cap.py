"""The date Cấp số proposes: one the register takes (`issue_date_range`, checked by `to_issue`):
a document of year N is dated in N, and a new number never carries a date before a number below it
(numbers follow issue order, NĐ 30 Điều 15)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from . import issue_date_range


def proposed_date(du_lieu: Path, nam: int, loai: str, today: date, register: Path | None = None) -> date:
    """Today, unless the register would refuse it: then the nearest date it takes."""
    first, last = issue_date_range(du_lieu, nam, loai, register)
    return min(max(today, first), last) if first <= last else first
