"""What templates are rendered with, as types: the NĐ 30 frame every document gets, what a document
of the year adds to it, a mail merge's row, and the variables data texts are filled with.

At run time these are plain dicts (the engine and docxtpl take dicts); the TypedDicts let mypy
check the names and the values where contexts are built and read. Names a clerk chooses — a
sheet's columns, the year's `bien` in tham-so.yaml — cannot be listed in a class: they ride along
as keys beyond those a TypedDict lists (allowed at run time, invisible to the type checker).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Literal, NotRequired, TypedDict

from markupsafe import Markup

from .models import Khoi


class DonViVars(TypedDict):
    """`{{ don_vi.ten }}`, `.ma`, `.dia_danh`."""

    ten: str
    ma: str
    dia_danh: str


class YearVariables(TypedDict):
    """What every data text and template may use of the year (Year.variables), the `bien` besides."""

    nam: int
    nam_hoc: str
    nam_sau: int
    don_vi: DonViVars


class Signer(TypedDict):
    """`nguoi_ky`: the authority lines in capitals (ô 7a/7b), the name and the office."""

    dong: list[str]
    ho_ten: str
    chuc_vu: str
    chuc_vu_co_quan: str  # the office that holds the power (a decision's authority line)


class Frame(YearVariables):
    """The variables every NĐ 30 template gets, whatever its kind (documents.FRAME_VARIABLES words them)."""

    co_quan_chu_quan: str
    chu_quan_dong: list[str]
    ten_don_vi: list[str]
    gach_ten_don_vi: Markup
    # None in a draft. A mail merge gives a draft "" instead: a clerk's template prints `{{ so }}`.
    so: int | Literal[""] | None
    ky_hieu: str
    so_ky_hieu: str
    ngay: date  # a mail merge's is a rows.Ngay (prints as NĐ 30 words)
    dia_danh_ngay: str
    ngay_vua: int  # which of the template's date lines fits its column
    ten_loai: str
    trich_yeu: str
    trich_yeu_dong: list[str]
    gach_trich_yeu: Markup
    nguoi_ky: Signer
    noi_nhan: list[str]
    noi_nhan_dau: list[str]   # printed beside the signature
    noi_nhan_tiep: list[str]  # the rest, one a row below it
    du_thao: bool
    trang_thai: str


class Block(TypedDict):
    """A body block as the template prints it: `dong` is the label and text on one line. A table
    block (`loai: bang`) has only `bang`, its XML (None where tables are not built: reading a plan)."""

    loai: str
    dong: str
    dam: bool
    nhan: NotRequired[str]
    noi_dung: NotRequired[str]
    bang: NotRequired[Markup | None]
    khoi: NotRequired[Khoi]  # the data block it comes from; dropped before the template sees it


class KinhGuiLine(TypedDict):
    loai: Literal["mot", "dau", "tiep", "cuoi"]  # one recipient; or the heading, the middle ones, the last
    dong: str


class Annex(TypedDict):
    """A phụ lục after the signature, on pages of its own."""

    ngat: Markup  # the section break before it
    ngang: bool   # printed landscape
    ket: str      # the break ending a landscape last annex (Markup), else ""
    nhan: str
    ten: str
    kem_theo: str
    gach: Markup
    noi_dung: list[Block]


class TitleVars(TypedDict):
    """What a kind adds for its title block (Kind.context); `ban_hanh` is who issues the document."""

    ten_loai: str
    v_v: list[str]
    tham_quyen: str
    quyet_dinh: bool
    ban_hanh: str


class DocumentContext(Frame):
    """A document of the year (`van-ban/*.yaml`) as templates/van-ban.docx prints it."""

    v_v: list[str]
    tham_quyen: str
    quyet_dinh: bool
    ban_hanh: str
    kinh_gui: list[KinhGuiLine]
    can_cu: list[str]
    theo_de_nghi: str | None
    mo_dau: str | None
    noi_dung: list[Block]
    ket_luan: str | None
    phu_luc: list[Annex]


class MergeContext(Frame):
    """A mail merge's document: the frame, and its row of the sheet. The row's columns are extra keys
    (see documents.van_ban.merge_jobs): their names are the clerk's."""

    stt: int   # the document's count (in `danh_sach`: the row's within its group)
    hang: int  # its sheet row (a group's first)
    danh_sach: NotRequired[list[Mapping[str, object]]]  # a group's rows, when merging by group


# --- what data texts are filled with, besides the year's variables -------------------------------

class PlanRef(TypedDict):
    ten: str
    trich_yeu: str
    can_cu: str


class PlanVariables(TypedDict, total=False):
    """A document citing a plan: `ke_hoach`; a report scoring it: its targets, scored."""

    ke_hoach: PlanRef
    chi_tieu: list[list[str]]  # rows of the targets' table: TT, target, planned, result, Đạt / Chưa đạt
    dat: int
    tong_chi_tieu: int
    nhan_xet: list[str]


class TeacherRow(TypedDict):
    """`hang` of a notice made once per teacher of a roster (phan_cong.row)."""

    ho_ten: str
    danh_xung: str
    chuc_vu: str
    to_chuyen_mon: str
    chuc_danh: str
    nhiem_vu: list[str]
    han: str


class TeacherVariables(TypedDict):
    hang: TeacherRow
