"""Căn cứ lines: a citation of a numbered document becomes its fields, anything else stays a line."""

from __future__ import annotations

import re
from datetime import date

from .. import vn
from .text import BULLET, clean, fold

_NUMBERED = re.compile(
    r"^(?P<lead>Căn cứ|Thực hiện)\s+(?P<loai>[^\d,;]{2,40}?)\s+số\s*:?\s*(?P<so>\d+[a-zA-Z]?)\s*/\s*"
    r"(?P<ky_hieu>[^\s,;]+?)\s*,?\s*ngày\s*(?P<d>\d{1,2})\s*(?:tháng\s*|/|-)\s*(?P<m>\d{1,2})\s*(?:năm\s*|/|-)\s*"
    r"(?P<y>\d{4})\s*,?\s*(?:của\s+(?P<rest>.+?))?\s*[;.]*$", re.IGNORECASE)
# Where the issuing body ends and the document's subject begins: `… Quận 8 về việc …`.
_SUBJECT = re.compile(r"\s(?=(?:về|v/v|quy định|hướng dẫn|ban hành|triển khai|sửa đổi|phê duyệt|thành lập|"
                      r"tổ chức|thực hiện|công bố|giao|phân công|kế hoạch)\b)", re.IGNORECASE)
_KY_HIEU = re.compile(r"^[A-Za-zĐđ0-9&/]+(-[A-Za-zĐđ0-9&/]+)*$")


def is_can_cu(text: str) -> bool:
    """`Căn cứ …`; or `Thực hiện` a numbered document as a line of its own, ending with `;` or `.`
    (a sentence going on, `Thực hiện Công văn số …, Trường … báo cáo:`, is body text)."""
    line = _line(text)
    folded = fold(line)
    if folded.startswith("can cu "):
        return True
    return folded.startswith("thuc hien ") and line.endswith((";", ".")) and bool(_NUMBERED.match(line))


def _line(text: str) -> str:
    return BULLET.sub("", clean(text))


def citation(text: str) -> dict | str:
    """The fields of `Căn cứ Kế hoạch số 70/KH-PGDĐT ngày 09 tháng 5 năm 2022 của … về …;`, or the line
    itself (without its final `;`/`.`, which vanthu writes) when it cites no numbered, dated document."""
    line = _line(text)
    match = _NUMBERED.match(line)
    if not match or match.group("lead").lower() != "căn cứ" or not match.group("rest"):
        return vn.bo_dau_cuoi(line)
    try:
        ngay = date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return vn.bo_dau_cuoi(line)
    ky_hieu = match.group("ky_hieu")
    if not _KY_HIEU.match(ky_hieu):
        return vn.bo_dau_cuoi(line)
    co_quan, _, trich_yeu = _SUBJECT.sub("\0", match.group("rest"), count=1).partition("\0")
    so = match.group("so")
    fields = {"loai": match.group("loai"), "so": int(so) if so.isdigit() else so, "ky_hieu": ky_hieu,
              "ngay": ngay, "co_quan": co_quan.strip(" ,")}
    if trich_yeu:
        fields["trich_yeu"] = trich_yeu.strip()
    return fields
