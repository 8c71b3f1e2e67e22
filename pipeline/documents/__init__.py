"""What every document kind shares: the NĐ 30 frame variables and data-text filling."""

from __future__ import annotations

import functools
import logging
from datetime import date
from typing import Any

import jinja2

from .. import vn
from ..chars import BadCharacter, clean_text
from ..engine import explain, render_text
from ..layout import Layout
from ..metrics import text_width_mm
from ..load import Source, Year, flag
from ..models import NguoiKy, NoiNhan


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
    return vn.bo_dau_cuoi(text, ".") + "./."


def noi_nhan_lines(entries: list[NoiNhan], nhu_tren: bool, luu: str | None) -> list[str]:
    """Ô 9b: `- …;` per recipient with its purpose, `- Lưu: VT[, unit].` last."""
    lines = ["- Như trên;"] if nhu_tren else []
    for entry in entries:
        purpose = f" (để {entry.de})" if entry.de else ""
        lines.append(f"- {vn.bo_dau_cuoi(entry.ten)}{purpose};")
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


log = logging.getLogger(__name__)

DRAFT_STATE, ISSUED_STATE = "Dự thảo", "Đã ban hành"  # a document's `comments` property


@functools.lru_cache(maxsize=256)
def warn_once(message: str) -> None:
    """A warning for the clerk, once per run however many documents of a batch give it."""
    log.warning(message)


@functools.lru_cache(maxsize=256)
def warn_if_wraps(what: str, text: str, size: float, width_mm: float, hint: str, bold: bool = False,
                  italic: bool = False) -> None:
    """A header line that will not fit its column is worth a word to the clerk (once per text)."""
    needed = text_width_mm(text, size, bold, italic)
    if needed > width_mm:
        log.warning(f"{what} «{text}» dài {needed:.0f} mm, rộng hơn cột {width_mm:.0f} mm nên sẽ xuống dòng; {hint}")


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
    s = layout.sizes
    left, right = layout.header_inner_mm(left=True), layout.header_inner_mm(left=False)
    warn_if_wraps("dòng địa danh, ngày tháng", date_line, s.ngay, right,
                  "cỡ chữ B (trinh_bay.co_chu: B) in dòng này 13 pt", italic=True)
    for line in ten_don_vi:
        warn_if_wraps("tên đơn vị", line, s.ten_don_vi, left,
                      "chia tên thành các dòng bằng ten_dau_trang trong don-vi.yaml", bold=True)
    if dv.co_quan_chu_quan:
        warn_if_wraps("tên cơ quan chủ quản", vn.in_hoa(dv.co_quan_chu_quan), s.chu_quan, left,
                      "các cụm quen thuộc được viết tắt, ví dụ UBND QUẬN 8, PHÒNG GD&ĐT QUẬN 8")
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
        **_footer_rows(layout, noi_nhan, signer(nguoi_ky or dv.nguoi_ky)),
        "du_thao": so is None and dv.trinh_bay.dau_du_thao,
        "trang_thai": DRAFT_STATE if so is None else ISSUED_STATE,
    }


def _footer_rows(layout: Layout, noi_nhan: list[str], nguoi_ky: dict[str, Any]) -> dict[str, list[str]]:
    """Nơi nhận split between the signature's row and the rows below it (a long list flows on)."""
    dau, tiep = layout.beside_signature(noi_nhan, len(nguoi_ky["dong"]))
    return {"noi_nhan_dau": dau, "noi_nhan_tiep": tiep}
