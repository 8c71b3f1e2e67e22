"""What every document kind shares: the NĐ 30 frame variables and data-text filling."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date

import jinja2

from .. import vn
from ..chars import BadCharacter, clean_text
from ..contexts import Frame, Signer
from ..engine import explain, render_text
from ..layout import HeaderNames, Layout
from ..load import Source, Year, flag
from ..models import DonVi, NguoiKy, NoiNhan, TrinhBay
from ..names import fits, name_split


def fill(text: str, variables: Mapping[str, object], source: Source, loc: tuple) -> str:
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
    return vn.bo_dau_cuoi(text, ".") + "./."


def noi_nhan_lines(entries: list[NoiNhan], nhu_tren: bool, luu: str | None) -> list[str]:
    """Ô 9b: `- …;` per recipient with its purpose, `- Lưu: VT[, unit].` last."""
    lines = ["- Như trên;"] if nhu_tren else []
    for entry in entries:
        purpose = f" (để {entry.de})" if entry.de else ""
        lines.append(f"- {vn.bo_dau_cuoi(entry.ten)}{purpose};")
    lines.append(f"- Lưu: VT, {luu}." if luu else "- Lưu: VT.")
    return lines


def signer(nguoi_ky: NguoiKy) -> Signer:
    """Ô 7a/7b: the authority line(s) in capitals and the name as written."""
    if nguoi_ky.quyen_han == "Q.":
        lines = [f"Q. {vn.in_hoa(nguoi_ky.chuc_vu)}"]
    elif nguoi_ky.quyen_han:
        assert nguoi_ky.thay is not None  # KT., TM., TL., TUQ. name whom they sign for (NguoiKy's validator)
        lines = [f"{nguoi_ky.quyen_han} {vn.in_hoa(nguoi_ky.thay)}", vn.in_hoa(nguoi_ky.chuc_vu)]
    else:
        lines = [vn.in_hoa(nguoi_ky.chuc_vu)]
    # The office that holds the power (a decision's authority line): the head's, when another signs for it
    # (`thay`: given exactly when signing KT., TM., TL. or TUQ., NguoiKy's validator).
    office = nguoi_ky.thay or nguoi_ky.chuc_vu
    return {"dong": lines, "ho_ten": nguoi_ky.ho_ten, "chuc_vu": nguoi_ky.chuc_vu, "chuc_vu_co_quan": office}


def header_warnings(dv: DonVi, ngay: date) -> list[str]:
    """What in the header of a document of this school dated `ngay` will still not print whole:
    the one header-width check (the warnings of a run, on the terminal and on the page)."""
    return list(_header_warnings(Layout(dv.trinh_bay).header_names(dv), vn.dia_danh_ngay(dv.dia_danh, ngay),
                                 dv.trinh_bay.co_chu))

DRAFT_STATE, ISSUED_STATE = "Dự thảo", "Đã ban hành"  # a document's `comments` property


@functools.lru_cache(maxsize=256)
def _header_warnings(heading: HeaderNames, date_line: str, co_chu: str) -> tuple[str, ...]:
    layout = Layout(TrinhBay(co_chu=co_chu))  # the header's columns depend only on the size profile
    s, left = layout.sizes, layout.header_inner_mm(left=True)
    found = []
    for what, name, lines, size, bold, field in (
            ("tên cơ quan chủ quản", heading.chu_quan_name, heading.chu_quan, s.chu_quan, False, "chu_quan_dau_trang"),
            ("tên đơn vị", heading.ten_name, heading.ten, s.ten_don_vi, True, "ten_dau_trang")):
        if not lines:
            continue
        if not fits(lines, left, size, bold):
            found.append(f"{what} «{' / '.join(lines)}» có dòng rộng hơn cột {left:.0f} mm nên sẽ xuống dòng; "
                         f"chia lại các dòng ({field} trong don-vi.yaml) hoặc viết tắt")
        elif name and name_split(name, lines) and " ".join(lines) == name:
            found.append(f"{what} «{name}» dài hơn cột {left:.0f} mm nên phải ngắt giữa tên riêng "
                         f"(«{' / '.join(lines)}»); có thể viết tắt, ví dụ UBND, GD&ĐT, THCS")
    if not layout.date_fits(date_line):
        found.append(f"dòng địa danh, ngày tháng «{date_line}» rộng hơn cột {layout.header_inner_mm(left=False):.0f} mm "
                     "nên sẽ xuống dòng; viết địa danh ngắn hơn")
    return tuple(found)


# The variables every mail-merge template gets besides the columns (README, `vanthu mau-moi`).
FRAME_VARIABLES = {
    "stt": "số thứ tự văn bản: 1, 2, … (trong danh_sach: thứ tự trong nhóm)",
    "hang": "số hàng trong bảng (hàng đầu của nhóm)",
    "danh_sach": "các hàng của nhóm, khi trộn theo nhóm: {% for h in danh_sach %}{{ h.ho_ten }}{% endfor %}",
    "co_quan_chu_quan": "cơ quan chủ quản, in hoa",
    "chu_quan_dong": "cơ quan chủ quản theo dòng in: {% for d in chu_quan_dong %}",
    "ten_don_vi": "tên đơn vị in hoa, danh sách dòng: {{ ten_don_vi[0] }}",
    "gach_ten_don_vi": "đường kẻ dưới tên đơn vị (dùng với {{p … }})",
    "so": "số văn bản (trống: bản dự thảo)",
    "ky_hieu": "ký hiệu, ví dụ BC-THCSKB",
    "so_ky_hieu": "dòng «Số:      /BC-THCSKB»",
    "ngay": "ngày ghi trên văn bản (ngày chọn khi trộn); .ngan cho 16/12/2022",
    "dia_danh_ngay": "dòng địa danh, ngày tháng",
    "ngay_vua": "cỡ dòng ngày tháng cho vừa cột: 0 là 14 pt, 1 là 13 pt, 2 và 3 là 13 pt khít chữ dần",
    "ten_loai": "tên loại văn bản, ví dụ BÁO CÁO",
    "trich_yeu": "trích yếu (chọn khi trộn, hoặc cột «Trích yếu» của bảng)",
    "trich_yeu_dong": "trích yếu chia thành các dòng cân nhau",
    "gach_trich_yeu": "đường kẻ dưới trích yếu (dùng với {{p … }})",
    "nguoi_ky": "người ký: {{ nguoi_ky.ho_ten }}, .chuc_vu, .dong (các dòng thẩm quyền)",
    "noi_nhan": "các dòng Nơi nhận (danh sách; in bằng vòng lặp {%p for d in noi_nhan %})",
    "noi_nhan_dau": "các dòng Nơi nhận in cạnh chữ ký",
    "noi_nhan_tiep": "các dòng Nơi nhận còn lại, mỗi dòng một hàng bảng dưới chữ ký ({%tr for d in noi_nhan_tiep %})",
    "du_thao": "đúng khi là bản dự thảo (chưa cấp số)",
    "trang_thai": "«Dự thảo» hoặc «Đã ban hành»",
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
          ky_hieu: str | None = None) -> Frame:
    """The variables every NĐ 30 template gets, whatever its kind (documented in the README).

    `ngay_xem_lai`: the date comes from a value still to be reviewed (flagged in a draft).
    """
    dv = year.don_vi.model
    layout = Layout(dv.trinh_bay)
    heading = layout.header_names(dv)
    ky_hieu = ky_hieu or f"{loai}-{dv.ma}"
    date_line = vn.dia_danh_ngay(dv.dia_danh, ngay)
    title_lines = layout.title_lines(trich_yeu) if trich_yeu else ()
    signed = signer(nguoi_ky or dv.nguoi_ky)
    beside, below = layout.beside_signature(noi_nhan, len(signed["dong"]))  # a long Nơi nhận flows on
    return {
        **year.variables(),
        "co_quan_chu_quan": vn.in_hoa(dv.co_quan_chu_quan) if dv.co_quan_chu_quan else "",
        "chu_quan_dong": list(heading.chu_quan),
        "ten_don_vi": list(heading.ten),
        "gach_ten_don_vi": layout.rule_under_name(heading.ten),
        "so": so,
        "ky_hieu": ky_hieu,
        "so_ky_hieu": vn.so_ky_hieu(so, ky_hieu),
        "ngay": ngay,
        "dia_danh_ngay": flag(date_line) if ngay_xem_lai and year.nhap else date_line,
        "ngay_vua": layout.date_fit(date_line),
        "ten_loai": ten_loai,
        "trich_yeu": trich_yeu,
        "trich_yeu_dong": list(title_lines),
        "gach_trich_yeu": layout.rule_under_title(title_lines),
        "nguoi_ky": signed,
        "noi_nhan": noi_nhan,
        "noi_nhan_dau": beside,
        "noi_nhan_tiep": below,
        "du_thao": so is None and dv.trinh_bay.dau_du_thao,
        "trang_thai": DRAFT_STATE if so is None else ISSUED_STATE,
    }
