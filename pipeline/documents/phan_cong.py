"""Thông báo phân công: one notice per teacher, quoting the plan's tasks for the teacher's roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import vn
from ..engine import Template
from ..errors import DataError, raise_all
from ..layout import Builder, Layout
from ..load import Source, Year, load_model
from ..models import Model, NoiNhan, Text, TrinhBay
from ..publish import Job
from ..register import Row
from ..tables import Table, parse_date, read_table
from . import end_mark, fill, filled, frame, noi_nhan_lines
from .ke_hoach import Plan, can_cu_plan, reference

CONTENT_FILE = "thong-bao-phan-cong.yaml"
ROSTER_FILES = ("phan-cong.xlsx", "phan-cong.csv")
TEMPLATE = "thong-bao-phan-cong.docx"
FOLDER = "phan-cong"
COMBINED = "tat-ca-thong-bao.docx"
LOAI, TEN_LOAI = "TB", "THÔNG BÁO"

# Column headers as clerks write them, in their vocabulary form (see tables.header_key).
ALIASES = {"chuc_vu_bo_mon": "chuc_vu", "bo_mon": "chuc_vu", "to": "to_chuyen_mon",
           "nhiem_vu": "nhiem_vu_them", "han_hoan_thanh": "han", "thoi_han": "han"}
REQUIRED = {"ho_ten": "Họ và tên", "danh_xung": "Danh xưng", "chuc_vu": "Chức vụ", "vai_tro": "Vai trò"}
DANH_XUNG = {"ông": "Ông", "bà": "Bà"}


class ThongBaoPhanCong(Model):
    """`<năm>/thong-bao-phan-cong.yaml`: the words of the notice that are not the teacher's."""

    ngay: date
    mo_dau: Text | None = None
    ket_luan: Text
    han: date | None = None
    noi_nhan: list[NoiNhan] = []  # besides the teacher, who always comes first
    luu: Text | None = None


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


def roster_path(year: Year) -> Path:
    found = [year.root / name for name in ROSTER_FILES if (year.root / name).is_file()]
    if not found:
        raise DataError(f"không tìm thấy danh sách phân công ({' hoặc '.join(ROSTER_FILES)})", year.root)
    if len(found) > 1:
        raise DataError(f"có cả {found[0].name} và {found[1].name}; hãy giữ một tệp", year.root)
    return found[0]


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


def tasks(teacher: GiaoVien, plan: Plan) -> list[str]:
    """The plan's tasks for the teacher's roles, in the plan's order, then the row's own tasks."""
    quoted = [t.noi_dung for t in plan.nhiem_vu if set(t.vai_tro) & set(teacher.vai_tro)]
    return [f"{i}. {vn.ket_cau(text)}" for i, text in enumerate(quoted + teacher.nhiem_vu_them, 1)]


@dataclass
class Batch:
    year: Year
    plan: Plan
    content: ThongBaoPhanCong
    content_source: Source
    teachers: list[GiaoVien]


def load(year: Year, plan: Plan) -> Batch:
    loaded = load_model(year.root / CONTENT_FILE, ThongBaoPhanCong)
    roles = list(dict.fromkeys(r for task in plan.nhiem_vu for r in task.vai_tro))
    teachers = read_roster(roster_path(year), roles)
    return Batch(year, plan, loaded.model, loaded.source, teachers)


def context(batch: Batch, teacher: GiaoVien, so: int | None, ngay: date | None,
            plan_issued: Row | None) -> dict[str, Any]:
    year, plan, content = batch.year, batch.plan, batch.content
    variables = {**year.variables(), "danh_xung": teacher.danh_xung, "ho_ten": teacher.ho_ten,
                 "ke_hoach": plan.trich_yeu}
    text = lambda value, loc: fill(value, variables, batch.content_source, loc)  # noqa: E731
    plan_ref = reference(plan)
    han = teacher.han or content.han
    recipients = [NoiNhan(ten=f"{teacher.danh_xung} {teacher.ho_ten}", de="thực hiện"),
                  *filled(content.noi_nhan, variables, batch.content_source, "noi_nhan")]
    return {
        **frame(year, loai=LOAI, ten_loai=TEN_LOAI, so=so, ngay=ngay or content.ngay,
                trich_yeu=f"Phân công nhiệm vụ thực hiện {plan_ref}", nguoi_ky=plan.data.nguoi_ky,
                noi_nhan=noi_nhan_lines(recipients, nhu_tren=False, luu=content.luu),
                ngay_xem_lai=ngay is None and batch.content_source.is_marked(("ngay",))),
        "can_cu": [can_cu_plan(year, plan, plan_issued)],
        "mo_dau": text(content.mo_dau, ("mo_dau",)) if content.mo_dau else None,
        "giao_vien": {"ho_ten": teacher.ho_ten, "danh_xung": teacher.danh_xung, "chuc_vu": teacher.chuc_vu,
                      "to_chuyen_mon": teacher.to_chuyen_mon or "", "chuc_danh": teacher.chuc_danh},
        "nhiem_vu": tasks(teacher, plan),
        "han": f"trước {vn.ngay_thang(han)}" if han else None,
        "ket_luan": end_mark(text(content.ket_luan, ("ket_luan",))),
    }


def file_name(year: Year, teacher: GiaoVien, so: int | None, taken: dict[str, int]) -> str:
    number = vn.so_van_ban(so) if so is not None else "du-thao"
    base = f"{LOAI}-{number}-{year.don_vi.model.ma}-{vn.slug(teacher.ho_ten)}"
    if so is None and taken.get(vn.slug(teacher.ho_ten), 0) > 1:
        base += f"-{vn.slug(teacher.chuc_danh)}"  # namesakes get distinct drafts
    return base + ".docx"


def jobs(batch: Batch, templates: Path, out_root: Path, plan_issued: Row | None) -> list[Job]:
    """One job per teacher, in name order."""
    template = Template(Path(templates) / TEMPLATE)
    folder = Path(out_root) / str(batch.year.nam) / FOLDER
    counts: dict[str, int] = {}
    for t in batch.teachers:
        counts[vn.slug(t.ho_ten)] = counts.get(vn.slug(t.ho_ten), 0) + 1
    return [
        Job(template=template, loai=LOAI, khoa=f"phan-cong-{batch.year.nam}/{t.khoa}", folder=folder,
            context=lambda so, ngay, t=t: context(batch, t, so, ngay, plan_issued),
            file_name=lambda so, t=t: file_name(batch.year, t, so, counts))
        for t in batch.teachers
    ]


def build_template(trinh_bay: TrinhBay) -> Builder:
    """templates/thong-bao-phan-cong.docx: Mẫu 1.4 of Phụ lục III for a notice."""
    b = Builder(Layout(trinh_bay))
    b.header()
    b.title()
    b.intro()
    b.body("Phân công {{ giao_vien.danh_xung }} {{ giao_vien.ho_ten }}, {{ giao_vien.chuc_danh }}, "
           "thực hiện các nhiệm vụ sau:")
    b.tag("for nv in nhiem_vu")
    b.body("{{ nv }}")
    b.tag("endfor")
    b.tag("if han")
    b.body("Thời hạn hoàn thành: {{ han }}.")
    b.tag("endif")
    b.closing()
    return b
