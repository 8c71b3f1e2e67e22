"""A roster of teachers and their roles: the rows of an assignment notice (one notice per teacher,
quoting the tasks of the plan it cites for the teacher's roles)."""

from __future__ import annotations

from collections import Counter

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Protocol

from . import vn
from .contexts import TeacherVariables
from .errors import DataError, raise_all
from .tables import Table, parse_date, read_table


class Task(Protocol):
    """A plan's task as a notice quotes it (documents.van_ban.NhiemVu): for which roles, and its wording
    addressed to the person."""

    vai_tro: list[str]
    cho_nguoi: str


# Column headers as clerks write them, in their vocabulary form (see tables.header_key).
ALIASES = {"chuc_vu_bo_mon": "chuc_vu", "bo_mon": "chuc_vu", "to": "to_chuyen_mon",
           "nhiem_vu": "nhiem_vu_them", "han_hoan_thanh": "han", "thoi_han": "han"}
REQUIRED = {"ho_ten": "Họ và tên", "danh_xung": "Danh xưng", "chuc_vu": "Chức vụ", "vai_tro": "Vai trò"}
DANH_XUNG = {"ông": "Ông", "bà": "Bà"}


@dataclass
class GiaoVien:
    """One roster row, checked."""

    hang: int
    ho_ten: str
    danh_xung: str
    chuc_vu: str
    to_chuyen_mon: str | None
    vai_tro: list[str]
    nhiem_vu_them: list[str] = field(default_factory=list)
    han: date | None = None

    @property
    def khoa(self) -> str:
        """Who this is, for the register: the same name in another post is another teacher."""
        return "/".join(vn.slug(x) for x in (self.ho_ten, self.chuc_vu, self.to_chuyen_mon or ""))

    @property
    def chuc_danh(self) -> str:
        """Position as it reads inside a sentence: `giáo viên môn Giáo dục công dân, Tổ Ngữ văn - GDCD`."""
        position = vn.thuong_dau(self.chuc_vu)
        return f"{position}, {self.to_chuyen_mon}" if self.to_chuyen_mon else position


def _split(value: Any) -> list[str]:
    return [part.strip() for part in str(value or "").replace("\n", ";").split(";") if part.strip()]


def read_roster(path: Path, roles: list[str]) -> list[GiaoVien]:
    """Every row checked; every problem reported at once, by row and column as the clerk sees them."""
    table = read_table(path, ALIASES)
    missing = [title for key, title in REQUIRED.items() if key not in table.headers]
    if missing:
        raise table.error(f"thiếu cột {', '.join(f'«{m}»' for m in missing)} "
                          f"(các cột cần có: {', '.join(REQUIRED.values())})", 1)
    known = {r.casefold(): r for r in roles}
    errors: list[DataError] = []
    teachers: list[GiaoVien] = []
    seen: dict[str, int] = {}
    for number, row in table.rows:
        before = len(errors)
        teacher = _teacher(table, number, row, known, errors)
        if len(errors) > before:
            continue
        if teacher.khoa in seen:
            errors.append(table.error(f"{teacher.ho_ten} ({teacher.chuc_danh}) đã có ở hàng {seen[teacher.khoa]}",
                                      number, "ho_ten"))
            continue
        seen[teacher.khoa] = number
        teachers.append(teacher)
    if not errors and not teachers:
        errors.append(table.error("danh sách không có giáo viên nào"))
    raise_all(errors)
    return sorted(teachers, key=lambda t: (vn.khoa_ten(t.ho_ten), vn.khoa_sap_xep(t.chuc_danh)))


def _teacher(table: Table, number: int, row: dict, known: dict[str, str], errors: list) -> GiaoVien:
    """One row as a teacher; its problems go to `errors`."""
    def need(key: str) -> str:
        value = row.get(key)
        if value in (None, ""):
            errors.append(table.error("không được để trống", number, key))
            return ""
        return vn.nfc(str(value)).strip()

    ho_ten, danh_xung, chuc_vu = need("ho_ten"), need("danh_xung"), need("chuc_vu")
    if danh_xung and danh_xung.casefold() not in DANH_XUNG:
        errors.append(table.error(f"«{danh_xung}» không hợp lệ; ghi Ông hoặc Bà", number, "danh_xung"))
    roles = []
    for role in _split(row.get("vai_tro")):
        if role.casefold() in known:
            roles.append(known[role.casefold()])
        else:
            errors.append(table.error(f"vai trò «{role}» không có trong Kế hoạch; các vai trò Kế hoạch giao "
                                      f"nhiệm vụ: {'; '.join(known.values())}", number, "vai_tro"))
    if not _split(row.get("vai_tro")):
        errors.append(table.error("không được để trống", number, "vai_tro"))
    han = None
    if row.get("han") not in (None, ""):
        try:
            han = parse_date(row["han"])
        except ValueError as exc:
            errors.append(table.error(str(exc), number, "han"))
    to = row.get("to_chuyen_mon")
    return GiaoVien(number, ho_ten, DANH_XUNG.get(danh_xung.casefold(), danh_xung), chuc_vu,
                    str(to) if to else None, roles, _split(row.get("nhiem_vu_them")), han)


# --- a roster as the rows of a notice document (van-ban/*.yaml with `danh_sach` and `ke_hoach`) ---

def row(teacher: GiaoVien, tasks: Iterable[Task], han: date | None) -> TeacherVariables:
    """A teacher's variables: `hang.ho_ten`, `hang.chuc_danh`, `hang.nhiem_vu` (the plan's tasks for
    the teacher's roles, worded for the person, then the row's own), `hang.han`."""
    quoted = [t.cho_nguoi for t in tasks if set(t.vai_tro) & set(teacher.vai_tro)]
    deadline = teacher.han or han
    return {"hang": {
        "ho_ten": teacher.ho_ten, "danh_xung": teacher.danh_xung, "chuc_vu": teacher.chuc_vu,
        "to_chuyen_mon": teacher.to_chuyen_mon or "", "chuc_danh": teacher.chuc_danh,
        "nhiem_vu": [vn.ket_cau(text) for text in quoted + teacher.nhiem_vu_them],
        "han": f"trước {vn.ngay_thang(deadline)}" if deadline else "",
    }}


def names(teachers: list[GiaoVien]) -> list[str]:
    """Each teacher's part of file names and register keys; namesakes get their position too.
    One count of the name slugs, so a roster of thousands costs no more per teacher than a few."""
    bases = [vn.slug(t.ho_ten) for t in teachers]
    counts = Counter(bases)
    return [f"{base}-{vn.slug(t.chuc_danh)}" if counts[base] > 1 else base for base, t in zip(bases, teachers)]
