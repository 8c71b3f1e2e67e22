"""Bounds on what a clerk can ask for, kept in one place: the years vanthu works with, and the
largest number a register can hold. A value outside them is a typing slip (2999, 20222, a date 0
read as 1970) and is refused with a message, never printed or stored."""

from __future__ import annotations

from datetime import date

from .errors import DataError

NAM_DAU, NAM_CUOI = 2000, 2100
SO_TOI_DA = 99_999  # no school issues that many documents in a year


def year_problem(nam: int) -> str | None:
    if NAM_DAU <= nam <= NAM_CUOI:
        return None
    return f"năm {nam} không hợp lý: cần một năm từ {NAM_DAU} đến {NAM_CUOI}"


def check_year(nam: int, field: str | None = None) -> int:
    problem = year_problem(nam)
    if problem:
        raise DataError(problem, field=field)
    return nam


def date_problem(value: date) -> str | None:
    if NAM_DAU <= value.year <= NAM_CUOI:
        return None
    return (f"ngày {value.isoformat()} không hợp lý: cần một ngày từ năm {NAM_DAU} đến {NAM_CUOI}, "
            "viết dạng NĂM-THÁNG-NGÀY, ví dụ 2022-05-09")


def check_date(value: date, field: str | None = None) -> date:
    problem = date_problem(value)
    if problem:
        raise DataError(problem, field=field)
    return value
