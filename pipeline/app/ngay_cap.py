"""The date Cấp số proposes, and the dates the register would refuse, said before the clerk confirms:
a document of year N is dated in N, and a new number never carries a date before a number below it
(numbers follow issue order, NĐ 30 Điều 15)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import DataError
from ..steps import Do, Step
from . import open_register, register_path


def _last_date(du_lieu: Path, nam: int, loai: str, register: Path | None) -> date | None:
    """The latest date already given in the sequence a new `loai` number of year `nam` would follow."""
    from ..register import exists
    if not exists(register_path(du_lieu, register)):
        return None
    with open_register(du_lieu, register) as reg:
        dates = [r.ngay for r in reg.rows(nam) if not reg.per_type or r.loai == loai]
    return max(dates, default=None)


def issue_date_range(du_lieu: Path, nam: int, loai: str, register: Path | None = None) -> tuple[date, date]:
    """The first and last dates a new number of `loai` in year `nam` may carry."""
    last = _last_date(du_lieu, nam, loai, register)
    return max(date(nam, 1, 1), last or date(nam, 1, 1)), date(nam, 12, 31)


def proposed_date(du_lieu: Path, nam: int, loai: str, today: date, register: Path | None = None) -> date:
    """Today, unless the register would refuse it: then the nearest date it takes."""
    first, last = issue_date_range(du_lieu, nam, loai, register)
    return min(max(today, first), last) if first <= last else first


def check_issue_date(du_lieu: Path, nam: int, loai: str, ngay: date, register: Path | None = None) -> None:
    """Refuse, before anything is taken, a date the register would refuse when issuing."""
    from .. import vn
    first, last = issue_date_range(du_lieu, nam, loai, register)
    if ngay.year != nam:
        raise DataError(f"văn bản thuộc năm {nam} phải mang ngày trong năm {nam} (số đánh lại từ 01 mỗi năm), "
                        f"không phải {vn.ngay_ngan(ngay)}; chọn ngày từ {vn.ngay_ngan(first)} đến {vn.ngay_ngan(last)}",
                        steps=[Step(Do.CHOOSE_DATE, nam=nam)])
    if ngay < first:
        raise DataError(f"số mới không thể mang ngày {vn.ngay_ngan(ngay)}: số trước nó trong sổ đã mang ngày "
                        f"{vn.ngay_ngan(first)}, mà số văn bản theo thứ tự ban hành (Nghị định 30, Điều 15); "
                        f"chọn ngày từ {vn.ngay_ngan(first)} trở đi", steps=[Step(Do.CHOOSE_DATE, nam=nam)])
