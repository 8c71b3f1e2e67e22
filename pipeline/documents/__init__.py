"""What every document kind shares: the NĐ 30 frame variables and data-text filling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import jinja2

from .. import vn
from ..chars import BadCharacter, clean_text
from ..engine import explain, render_text
from ..layout import Layout
from ..metrics import text_width_mm
from ..load import Source, Year, flag
from ..models import DonVi, NguoiKy, NoiNhan


def fill(text: str, variables: dict[str, Any], source: Source, loc: tuple) -> str:
    """A data text with its `{{ … }}` filled; an unknown name is the data's error, at its line."""
    try:
        return clean_text(render_text(text, variables))
    except jinja2.TemplateError as exc:
        raise source.error(explain(exc), loc) from None
    except BadCharacter as exc:  # e.g. `{{ "\x1b" }}`: what the text makes is checked as what it says
        raise source.error(str(exc), loc) from None


def end_mark(text: str) -> str:
    """The content ends with `./.` (every sample of Phụ lục III)."""
    text = text.rstrip()
    if text.endswith("./."):
        return text
    return text.rstrip(".") + "./."


def noi_nhan_lines(entries: list[NoiNhan], nhu_tren: bool, luu: str | None) -> list[str]:
    """Ô 9b: `- …;` per recipient with its purpose, `- Lưu: VT[, unit].` last."""
    lines = ["- Như trên;"] if nhu_tren else []
    for entry in entries:
        purpose = f" (để {entry.de})" if entry.de else ""
        lines.append(f"- {entry.ten.rstrip(' ;.')}{purpose};")
    lines.append(f"- Lưu: VT, {luu}." if luu else "- Lưu: VT.")
    return lines


def signer(nguoi_ky: NguoiKy) -> dict[str, Any]:
    """Ô 7a/7b: the authority line(s) in capitals and the name as written."""
    if nguoi_ky.quyen_han == "Q.":
        lines = [f"Q. {vn.in_hoa(nguoi_ky.chuc_vu)}"]
    elif nguoi_ky.quyen_han:
        lines = [f"{nguoi_ky.quyen_han} {vn.in_hoa(nguoi_ky.thay)}", vn.in_hoa(nguoi_ky.chuc_vu)]
    else:
        lines = [vn.in_hoa(nguoi_ky.chuc_vu)]
    # The office that holds the power (a decision's authority line): the head's, when another signs for it.
    office = nguoi_ky.thay if nguoi_ky.quyen_han in ("KT.", "TM.", "TL.", "TUQ.") else nguoi_ky.chuc_vu
    return {"dong": lines, "ho_ten": nguoi_ky.ho_ten, "chuc_vu": nguoi_ky.chuc_vu, "chuc_vu_co_quan": office}


@dataclass(frozen=True)
class Overflow:
    """A header line wider than its column: it will wrap when printed."""

    field: str       # the don-vi.yaml field that makes it: dia_danh, ten, co_quan_chu_quan
    what: str
    text: str
    needed_mm: float
    width_mm: float
    hint: str

    def __str__(self) -> str:
        return (f"{self.what} «{self.text}» dài {self.needed_mm:.0f} mm, rộng hơn cột {self.width_mm:.0f} mm nên "
                f"sẽ xuống dòng; {self.hint}")


def header_overflows(dv: DonVi, ngay: date) -> list[Overflow]:
    """The header lines of a document of this school dated `ngay` that will not fit their column:
    the one header-width check (warnings of a run, the advice of setting a school up)."""
    layout = Layout(dv.trinh_bay)
    s = layout.sizes
    left, right = layout.header_inner_mm(left=True), layout.header_inner_mm(left=False)
    lines = [("dia_danh", "dòng địa danh, ngày tháng", vn.dia_danh_ngay(dv.dia_danh, ngay), s.ngay, right,
              "cỡ chữ B (trinh_bay.co_chu: B) in dòng này 13 pt", False, True)]
    lines += [("ten", "tên đơn vị", line, s.ten_don_vi, left,
               "chia tên thành các dòng bằng ten_dau_trang trong don-vi.yaml", True, False)
              for line in dv.ten_dau_trang or [vn.in_hoa(dv.ten)]]
    if dv.co_quan_chu_quan:
        lines.append(("co_quan_chu_quan", "tên cơ quan chủ quản", vn.in_hoa(dv.co_quan_chu_quan), s.chu_quan, left,
                      "các cụm quen thuộc được viết tắt, ví dụ UBND QUẬN 8, PHÒNG GD&ĐT QUẬN 8", False, False))
    found = []
    for field_name, what, text, size, width, hint, bold, italic in lines:
        needed = text_width_mm(text, size, bold, italic)
        if needed > width:
            found.append(Overflow(field_name, what, text, needed, width, hint))
    return found


def header_warnings(dv: DonVi, ngay: date) -> list[str]:
    return [str(o) for o in header_overflows(dv, ngay)]


# The variables every mail-merge template gets besides the columns (README, `vanthu mau-moi`).
FRAME_VARIABLES = {
    "stt": "số thứ tự văn bản: 1, 2, … (trong danh_sach: thứ tự trong nhóm)",
    "hang": "số hàng trong bảng (hàng đầu của nhóm)",
    "danh_sach": "các hàng của nhóm, khi trộn theo nhóm: {% for h in danh_sach %}{{ h.ho_ten }}{% endfor %}",
    "co_quan_chu_quan": "cơ quan chủ quản, in hoa",
    "ten_don_vi": "tên đơn vị in hoa, danh sách dòng: {{ ten_don_vi[0] }}",
    "gach_ten_don_vi": "đường kẻ dưới tên đơn vị (dùng với {{p … }})",
    "so": "số văn bản (trống: bản dự thảo)",
    "ky_hieu": "ký hiệu, ví dụ BC-THCSKB",
    "so_ky_hieu": "dòng «Số:      /BC-THCSKB»",
    "ngay": "ngày ghi trên văn bản (ngày chọn khi trộn); .ngan cho 16/12/2022",
    "dia_danh_ngay": "dòng địa danh, ngày tháng",
    "ten_loai": "tên loại văn bản, ví dụ BÁO CÁO",
    "trich_yeu": "trích yếu (chọn khi trộn, hoặc cột «Trích yếu» của bảng)",
    "gach_trich_yeu": "đường kẻ dưới trích yếu (dùng với {{p … }})",
    "nguoi_ky": "người ký: {{ nguoi_ky.ho_ten }}, .chuc_vu, .dong (các dòng thẩm quyền)",
    "noi_nhan": "các dòng Nơi nhận (danh sách; in bằng vòng lặp {%p for d in noi_nhan %})",
    "nam": "năm",
    "nam_hoc": "năm học",
    "nam_sau": "năm sau",
    "don_vi": "đơn vị: {{ don_vi.ten }}, .ma, .dia_danh",
}
# Columns that feed a frame variable rather than clash with it: the sheet's own numbering (STT)
# is replaced by the count of documents; a «Trích yếu» column is each document's subject line.
_FEEDS_FRAME = {"stt", "trich_yeu"}


def frame(year: Year, *, loai: str, ten_loai: str, so: int | None, ngay: date, trich_yeu: str,
          nguoi_ky: NguoiKy | None, noi_nhan: list[str], ngay_xem_lai: bool = False,
          ky_hieu: str | None = None) -> dict[str, Any]:
    """The variables every NĐ 30 template gets, whatever its kind (documented in the README).

    `ngay_xem_lai`: the date comes from a value still to be reviewed (flagged in a draft).
    """
    dv = year.don_vi.model
    layout = Layout(dv.trinh_bay)
    ten_don_vi = dv.ten_dau_trang or [vn.in_hoa(dv.ten)]
    ky_hieu = ky_hieu or f"{loai}-{dv.ma}"
    date_line = vn.dia_danh_ngay(dv.dia_danh, ngay)
    return {
        **year.variables(),
        "co_quan_chu_quan": vn.in_hoa(dv.co_quan_chu_quan) if dv.co_quan_chu_quan else "",
        "ten_don_vi": ten_don_vi,
        "gach_ten_don_vi": layout.rule_under_name(ten_don_vi),
        "so": so,
        "ky_hieu": ky_hieu,
        "so_ky_hieu": vn.so_ky_hieu(so, ky_hieu),
        "ngay": ngay,
        "dia_danh_ngay": flag(date_line) if ngay_xem_lai and year.nhap else date_line,
        "ten_loai": ten_loai,
        "trich_yeu": trich_yeu,
        "gach_trich_yeu": layout.rule_under_title(trich_yeu),
        "nguoi_ky": signer(nguoi_ky or dv.nguoi_ky),
        "noi_nhan": noi_nhan,
    }
