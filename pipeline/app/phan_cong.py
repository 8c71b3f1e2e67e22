"""Phân công from the page: a roster uploaded as the clerk typed it, its columns mapped to the roster's
fields, each teacher's roles picked from a plan of the year, then saved as the year's sheet and a new
notice document (one notice per teacher, as `van-ban/thong-bao-phan-cong.yaml` shows)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import DataError, VanthuError, raise_all
from .results import Outcome

# The roster's fields, in the order of its columns (pipeline/phan_cong.py reads them by these headers).
FIELDS = {"ho_ten": "Họ và tên", "danh_xung": "Danh xưng", "chuc_vu": "Chức vụ", "to_chuyen_mon": "Tổ chuyên môn",
          "vai_tro": "Vai trò", "nhiem_vu_them": "Nhiệm vụ thêm", "han": "Hạn hoàn thành"}
ROSTER_FIELDS = FIELDS
NEEDED = ("ho_ten", "danh_xung", "chuc_vu")  # the roles are picked on the page


@dataclass
class RosterSheet(Outcome):
    """An uploaded roster: its headers as typed, the field each seems to be, its rows as text."""

    headers: list[str] = field(default_factory=list)
    guess: dict[str, str] = field(default_factory=dict)         # field → header ("" none)
    rows: list[dict[str, str]] = field(default_factory=list)    # header → cell text
    row_numbers: list[int] = field(default_factory=list)        # each row's number as the sheet shows it


@dataclass
class PlanTasks:
    """A plan of the year that gives tasks by role: its file name, its name, each role's tasks."""

    ten: str
    ten_ke_hoach: str
    tasks: dict[str, list[str]]   # role → the tasks worded for the person

    @property
    def roles(self) -> list[str]:
        return list(self.tasks)


@dataclass
class RosterTeacher:
    ho_ten: str
    danh_xung: str
    chuc_vu: str
    to_chuyen_mon: str = ""
    vai_tro: list[str] = field(default_factory=list)
    nhiem_vu_them: str = ""
    han: str = ""
    dong: int = 0  # its row in the clerk's sheet (0: not from a sheet)


@dataclass
class SavedNotice(Outcome):
    document: Path = Path()
    sheet: Path = Path()


def _text(value) -> str:
    from .. import vn
    if isinstance(value, date):
        return vn.ngay_ngan(value)
    return "" if value is None else vn.nfc(str(value)).strip()


def read_roster_sheet(sheet: Path) -> RosterSheet:
    """The sheet's columns and rows; each field guessed from the headers as clerks write them."""
    from .. import phan_cong
    from ..tables import COMMON_ALIASES, read_table
    table = read_table(sheet)
    aliases = {**COMMON_ALIASES, **phan_cong.ALIASES}
    guess = dict.fromkeys(FIELDS, "")
    for key, header in table.headers.items():
        name = aliases.get(key, key)
        if name in guess and not guess[name]:
            guess[name] = header
    rows = [{table.headers[k]: _text(v) for k, v in values.items() if k in table.headers} for _, values in table.rows]
    return RosterSheet(headers=list(table.headers.values()), guess=guess, rows=rows,
                       row_numbers=[number for number, _ in table.rows])


def roster_teachers(sheet: RosterSheet, mapping: dict[str, str]) -> list[RosterTeacher]:
    """The rows read through the clerk's mapping (field → header); roles split on `;` as typed."""
    missing = [FIELDS[f] for f in NEEDED if not mapping.get(f)]
    if missing:
        raise DataError(f"chọn cột cho {', '.join(f'«{m}»' for m in missing)}", field=f"cot-{NEEDED[0]}")
    unknown = [h for h in mapping.values() if h and h not in sheet.headers]
    if unknown:
        raise DataError(f"bảng không có cột «{unknown[0]}»")
    teachers = []
    for row, number in zip(sheet.rows, sheet.row_numbers or [0] * len(sheet.rows)):
        def get(name: str) -> str:
            return row.get(mapping.get(name) or "", "")
        roles = [r.strip() for r in get("vai_tro").replace("\n", ";").split(";") if r.strip()]
        teachers.append(RosterTeacher(get("ho_ten"), get("danh_xung"), get("chuc_vu"), get("to_chuyen_mon"),
                                      roles, get("nhiem_vu_them"), get("han"), number))
    return teachers


def roster_plans(du_lieu: Path, nam: int) -> list[PlanTasks]:
    """The year's plans (KH) that give tasks by role (`vai_tro`); a plan that does not load is left out."""
    from ..documents import van_ban
    from ..load import open_year
    year = open_year(du_lieu, nam, nhap=True)
    plans = []
    for ten in van_ban.names(year):
        try:
            doc = van_ban.load(year, ten)
            if doc.data.loai != "KH":
                continue
            the_plan = van_ban.plan(doc)
        except VanthuError:
            continue
        tasks: dict[str, list[str]] = {}
        for task in the_plan.nhiem_vu:
            for role in task.vai_tro:
                tasks.setdefault(role, []).append(task.cho_nguoi)
        if tasks:
            plans.append(PlanTasks(ten, the_plan.ten, tasks))
    return plans


def role_problems(teachers: list[RosterTeacher], plan: PlanTasks) -> dict[int, list[str]]:
    """Per row (0-based), what is wrong with its roles: none picked, or one the plan gives no task."""
    known = {r.casefold() for r in plan.roles}
    problems: dict[int, list[str]] = {}
    for i, t in enumerate(teachers):
        found = [f"vai trò «{r}» không có nhiệm vụ nào trong {plan.ten_ke_hoach}" for r in t.vai_tro
                 if r.casefold() not in known]
        if not t.vai_tro:
            found.append("chưa chọn vai trò")
        if found:
            problems[i] = found
    return problems


NOTICE = """\
# Thông báo phân công nhiệm vụ: một thông báo cho mỗi giáo viên trong {danh_sach} (danh_sach).
# Nhiệm vụ của mỗi người (hang.nhiem_vu) lấy từ Kế hoạch {ke_hoach} theo vai trò, cộng với cột
# «Nhiệm vụ thêm». Trong câu chữ dùng được {{{{ hang.danh_xung }}}}, {{{{ hang.ho_ten }}}},
# {{{{ hang.chuc_danh }}}}, {{{{ hang.han }}}} và {{{{ ke_hoach.ten }}}}.

loai: TB
ngay: {ngay}
ke_hoach: {ke_hoach}
danh_sach: {danh_sach}
{han}trich_yeu: Phân công nhiệm vụ thực hiện {{{{ ke_hoach.ten }}}}

can_cu:
  - "{{{{ ke_hoach.can_cu }}}}"   # theo số và ngày của kế hoạch khi kế hoạch đã được cấp số

mo_dau: >-
  Để triển khai có hiệu quả {{{{ ke_hoach.ten }}}}, Hiệu trưởng {{{{ don_vi.ten }}}} thông báo phân công
  nhiệm vụ như sau:

noi_dung:
  - "Phân công {{{{ hang.danh_xung }}}} {{{{ hang.ho_ten }}}}, {{{{ hang.chuc_danh }}}}, thực hiện các nhiệm vụ sau:"
  - khoan: "{{{{ nv }}}}"
    lap: nv in hang.nhiem_vu    # một khoản cho mỗi nhiệm vụ
  - "Thời hạn hoàn thành: {{{{ hang.han }}}}."

ket_luan: >-
  Đề nghị {{{{ hang.danh_xung }}}} {{{{ hang.ho_ten }}}} nghiêm túc thực hiện các nhiệm vụ được phân công và báo cáo
  kết quả về Hiệu trưởng đúng thời hạn.

noi_nhan:
  - ten: "{{{{ hang.danh_xung }}}} {{{{ hang.ho_ten }}}}"
    de: thực hiện
  - ten: Ban Giám hiệu
    de: biết
"""


def _write_csv(path: Path, teachers: list[RosterTeacher]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(FIELDS.values())
        for t in teachers:
            out.writerow([t.ho_ten, t.danh_xung, t.chuc_vu, t.to_chuyen_mon, "; ".join(t.vai_tro),
                          t.nhiem_vu_them, t.han])


def save_roster_notice(du_lieu: Path, nam: int, ten: str, ke_hoach: str, teachers: list[RosterTeacher],
                       ngay: date, han: date | None = None) -> SavedNotice:
    """Write the roster as `<năm>/phan-cong-<ten>.csv` and the notice `van-ban/<ten>.yaml` citing the plan.

    Refused, with nothing written, unless every teacher has roles the plan gives tasks to, and the
    sheet reads back as the notice will read it."""
    from .. import phan_cong
    from ..documents import van_ban
    from ..files import write_atomic
    from ..load import open_year
    from .uploads import checked_stem
    checked_stem(ten)
    if ngay.year != nam:
        raise DataError(f"ngày của thông báo phải trong năm {nam}", field="ngay")
    year = open_year(du_lieu, nam, nhap=True)
    plan = next((p for p in roster_plans(du_lieu, nam) if p.ten == ke_hoach), None)
    if plan is None:
        raise DataError(f"năm {nam} không có kế hoạch «{ke_hoach}» giao nhiệm vụ theo vai trò", field="ke_hoach")
    document = van_ban.folder(year) / f"{ten}.yaml"
    sheet = year.root / f"phan-cong-{ten}.csv"
    for path in (document, sheet):
        if path.exists():
            raise DataError(f"đã có {path.name} trong năm {nam}; chọn tên khác", field="ten")
    if not teachers:
        raise DataError("danh sách không có giáo viên nào")
    errors = [DataError(f"hàng {teachers[i].dong or i + 1} ({teachers[i].ho_ten or 'chưa có tên'}): {m}", field=f"vai_tro-{i}")
              for i, found in role_problems(teachers, plan).items() for m in found]
    raise_all(errors)
    staged = write_atomic(year.root / f".phan-cong-{ten}.kiem-tra.csv", lambda tmp: _write_csv(tmp, teachers))
    try:  # the roster as the notice will read it: names, titles, dates, duplicates
        phan_cong.read_roster(staged, plan.roles)
    except VanthuError as exc:
        staged.unlink(missing_ok=True)
        raise DataError(str(exc).replace(str(staged), "danh sách")) from None
    staged.replace(sheet)
    text = NOTICE.format(ngay=ngay.isoformat(), ke_hoach=ke_hoach, danh_sach=sheet.name, han=f"han: {han.isoformat()}\n" if han else "")
    try:
        write_atomic(document, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        van_ban.rows(van_ban.load(year, ten), van_ban.plan(van_ban.load(year, ke_hoach)))  # reads as it will print
    except BaseException:
        document.unlink(missing_ok=True)
        sheet.unlink(missing_ok=True)
        raise
    return SavedNotice(document=document, sheet=sheet)
