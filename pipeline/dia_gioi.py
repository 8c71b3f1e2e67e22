"""Vietnam's administrative units since 1 July 2025 — 34 provinces, 3,321 wards, communes and special
zones, no districts — from the `vietnam-provinces` package (its data ships with it), and what a
school's header needs from them: its chủ quản and its địa danh (spec §3, §12, §15.1).

NĐ 30/2020, Phụ lục I: the địa danh of a local body is the official name of the unit where it sits;
a unit named after a person, a number or a historical event is written in full with its unit word.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from vietnam_provinces import Province, VietNamDivisionType, Ward

from . import vn
from .errors import DataError

REFORM_DAY = date(2025, 7, 1)  # two levels of local government from this day
REFORM = "01/7/2025"


@dataclass(frozen=True)
class Tinh:
    """A province or centrally-run city: `ten` as written in a sentence (`Thành phố Hồ Chí Minh`,
    `tỉnh Quảng Ninh` → `Quảng Ninh`)."""

    ten: str
    thanh_pho: bool
    code: int

    @property
    def ten_day_du(self) -> str:
        """With its unit word: `Thành phố Hồ Chí Minh`, `tỉnh Quảng Ninh`."""
        return self.ten if self.thanh_pho else f"tỉnh {self.ten}"

    def __str__(self) -> str:
        return self.ten_day_du


@dataclass(frozen=True)
class Xa:
    """A ward, commune or special zone: `loai` is `phường`, `xã` or `đặc khu`, `ten` its own name."""

    loai: str
    ten: str
    tinh: Tinh

    @property
    def ten_day_du(self) -> str:
        return f"{self.loai.capitalize()} {self.ten}"

    def __str__(self) -> str:
        return self.ten_day_du


def _clean(text: str) -> str:
    return " ".join(vn.nfc(text).split())


@functools.cache
def provinces() -> tuple[Tinh, ...]:
    """The 34 provinces and cities, in the dataset's (official code) order."""
    return tuple(Tinh(_clean(p.name), p.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG, int(p.code))
                 for p in Province.iter_all())


@functools.cache
def _wards() -> dict[int, tuple[Xa, ...]]:
    by_code = {t.code: t for t in provinces()}
    out: dict[int, list[Xa]] = {}
    for w in Ward.iter_all():
        loai = w.division_type.value
        name = _clean(w.name)
        own = name[len(loai):].strip() if name.lower().startswith(loai) else name
        out.setdefault(int(w.province_code), []).append(Xa(loai, own, by_code[int(w.province_code)]))
    return {code: tuple(sorted(ws, key=lambda x: vn.khoa_sap_xep(x.ten))) for code, ws in out.items()}


def wards(tinh: Tinh) -> tuple[Xa, ...]:
    """The wards, communes and special zones of a province, in Vietnamese alphabetical order."""
    return _wards()[tinh.code]


# The customary short forms clerks type, expanded before looking a name up.
_SHORT = [
    (r"\b(tp|t\.p)\s*\.?\s*(?=\w)", "thành phố "),
    (r"\bubnd\b", "ủy ban nhân dân"),
    (r"\btx\s*\.\s*", "thị xã "),
    (r"\btt\s*\.\s*", "thị trấn "),
    (r"\bp\s*\.\s*", "phường "),
    (r"\bx\s*\.\s*", "xã "),
    (r"\bq\s*\.\s*", "quận "),
    (r"\bh\s*\.\s*", "huyện "),
    (r"\bđk\s*\.\s*", "đặc khu "),
    (r"uỷ", "ủy"), (r"hoà", "hòa"), (r"thuỷ", "thủy"), (r"khoá", "khóa"),
]


def _key(text: str) -> str:
    """A name as compared: lower case, short forms expanded, the old tone placement (hoà) as the new."""
    text = vn.nfc(text).lower().replace("–", "-")
    for pattern, long in _SHORT:
        text = re.sub(pattern, long, text)
    return " ".join(text.replace(" - ", "-").split())


def _plain(text: str) -> str:
    """Without diacritics, for a clerk who typed none."""
    text = text.replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


_T = TypeVar("_T")


def _lookup(text: str, options: dict[str, _T], missing: str, field: str) -> _T:
    if not text.strip():
        raise DataError("chưa chọn" + (" tỉnh, thành phố" if field == "tinh" else " phường, xã, đặc khu"), field=field)
    key = _key(text)
    if key in options:
        return options[key]
    plain: dict[str, list[_T]] = {}
    for name, value in options.items():
        plain.setdefault(_plain(name), []).append(value)
    if len(found := plain.get(_plain(key), [])) == 1:
        return found[0]
    close = dict.fromkeys(str(options[c]) for c in difflib.get_close_matches(key, list(options), n=6, cutoff=0.6))
    hint = f"; có phải: {', '.join('«' + c + '»' for c in list(close)[:3])}?" if close else ""
    raise DataError(f"{missing} «{text.strip()}» (theo danh mục đơn vị hành chính từ {REFORM}){hint}", field=field)


def find_province(text: str) -> Tinh:
    """`TP.HCM`, `Hồ Chí Minh`, `thành phố Hồ Chí Minh`, `tỉnh An Giang`, `an giang` … → the province."""
    options: dict[str, Tinh] = {}
    for t in provinces():
        bare = t.ten.removeprefix("Thành phố ")
        for name in (t.ten, bare, f"tỉnh {t.ten}", f"thành phố {bare}"):
            options[_key(name)] = t
    for short, code in (("hcm", 79), ("tphcm", 79), ("tp hcm", 79), ("hn", 1), ("tphn", 1), ("tp hn", 1)):
        options[_key(short)] = next(t for t in provinces() if t.code == code)
    return _lookup(text, options, "không có tỉnh, thành phố", "tinh")


def find_ward(tinh: Tinh, text: str) -> Xa:
    """`P. Chánh Hưng`, `phường Chánh Hưng`, `Chánh Hưng` → the ward of that province."""
    options: dict[str, Xa] = {}
    for x in wards(tinh):
        for name in (x.ten_day_du, x.ten):
            options.setdefault(_key(name), x)
    where = tinh.ten_day_du[:1].upper() + tinh.ten_day_du[1:]
    return _lookup(text, options, f"{where} không có phường, xã, đặc khu", "xa")


def full_names(tinh: str | None, xa: str | None) -> tuple[str | None, str | None]:
    """A province and a ward of it as the dataset writes them (`TP.HCM`, `p. chánh hưng` →
    `Thành phố Hồ Chí Minh`, `Phường Chánh Hưng`); either may be empty, but a ward needs its province.
    Unknown names raise DataError (field `tinh` or `xa`)."""
    tinh, xa = (tinh or "").strip(), (xa or "").strip()
    if not tinh and not xa:
        return None, None
    province = find_province(tinh)
    return province.ten_day_du, find_ward(province, xa).ten_day_du if xa else None


# Chủ quản and địa danh.

_UPPER_SECONDARY = re.compile(r"trung học phổ thông|\bthpt\b|phổ thông dân tộc nội trú|\bptdtnt\b|"
                              r"giáo dục thường xuyên|\bgdtx\b|chuyên", re.IGNORECASE)


def managing_body(xa: Xa, ten_truong: str) -> str:
    """The chủ quản a clerk writes since 1 July 2025: a high school (THPT, dân tộc nội trú, GDTX) is
    run by the province's Sở GD&ĐT; kindergartens, primary and lower-secondary schools by the UBND
    of their ward or commune."""
    if _UPPER_SECONDARY.search(vn.nfc(ten_truong)):
        return f"Sở Giáo dục và Đào tạo {xa.tinh.ten_day_du}"
    return f"Ủy ban nhân dân {xa.loai} {xa.ten}"


# Units named after a person or an event keep their unit word (Phụ lục I): a number, the common
# family names that open a person's name, the events clerks meet in place names.
_FAMILY_NAMES = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
                 "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lương", "Tôn", "Chu", "Mạc", "Cao", "Lạc"}
_EVENTS = {"Điện Biên Phủ", "Quang Trung", "Ba Đình", "Bạch Đằng", "Chi Lăng", "Đống Đa", "Hàm Rồng"}


def named_after_person_or_number(ten: str) -> bool:
    words = ten.split()
    return (any(ch.isdigit() for ch in ten) or ten in _EVENTS
            or (len(words) >= 2 and words[0] in _FAMILY_NAMES and "-" not in ten))


def place_name(xa: Xa) -> str:
    """The địa danh of a school in this ward or commune: its own name (`Chánh Hưng`), or with the
    unit word when it is named after a person, a number or an event (`Phường Điện Biên Phủ`)."""
    return xa.ten_day_du if named_after_person_or_number(xa.ten) else xa.ten


_UBND_OF = re.compile(r"ủy ban nhân dân ((?:phường|xã|đặc khu|thị trấn) .+)")


def other_ward(xa: Xa, text: str) -> str | None:
    """The ward or commune of `xa`'s province that `text` names, when it is another one (a chủ quản
    `UBND phường …` or a địa danh left from before the ward was chosen anew); None when `text` names
    `xa` itself or no ward of the province."""
    key = _key(text)
    if key in (_key(xa.tinh.ten), _key(xa.tinh.ten_day_du)):  # the province's own name (Lào Cai)
        return None
    m = _UBND_OF.fullmatch(key)
    try:
        found = find_ward(xa.tinh, m.group(1) if m else key)
    except DataError:
        return None
    return None if found == xa else found.ten_day_du


# Names of the district era, to review in data carried past 1 July 2025.

_DISTRICT = re.compile(r"(?<!\w)(?:(?i:quận|huyện|thị xã)\s+|(?:Q|H|TX|Tx)\.\s*)(?=\d|[^\W\d_])")
_CITY = re.compile(r"(?<!\w)(?i:thành phố|tp\.?)\s*(?=[^\W\d_])")
_PHONG_GD = re.compile(r"(?<!\w)(phòng\s+(gd\s*&\s*đt|gdđt|gd\s*-\s*đt|giáo dục\s*(và|&|-)\s*đào tạo)|pgd)(?!\w)",
                       re.IGNORECASE)


def _named(text: str, start: int) -> str:
    """The proper name from `start`: words that begin with a capital letter or a digit."""
    words = []
    for word in text[start:].split():
        if not (word[0].isupper() or word[0].isdigit()):
            break
        words.append(word.rstrip(",;.()"))
        if word[-1] in ",;.)":
            break
    return " ".join(words)


def district_era(text: str) -> str | None:
    """Why `text` names a body that no longer exists since 1 July 2025, or None."""
    text = vn.nfc(str(text))
    if m := _PHONG_GD.search(text):
        return (f"«{m.group(0)}»: từ {REFORM} không còn Phòng Giáo dục và Đào tạo cấp huyện; trường mầm non, "
                "tiểu học, trung học cơ sở do Ủy ban nhân dân phường, xã quản lý (ghi tên cơ quan mới)")
    for m in _DISTRICT.finditer(text):
        if name := _named(text, m.end()):
            return (f"«{text[m.start():m.end()].strip()} {name}»: từ {REFORM} không còn cấp huyện (quận, huyện, "
                    "thị xã); ghi phường, xã hoặc tỉnh, thành phố mới")
    for m in _CITY.finditer(text):
        name = _named(text, m.end())
        if name and not any(_key(name) in (_key(t.ten), _key(t.ten.removeprefix("Thành phố "))) for t in provinces()):
            return (f"«{text[m.start():m.end()].strip()} {name}»: thành phố thuộc tỉnh (cấp huyện) không còn từ "
                    f"{REFORM}; ghi phường, xã hoặc tỉnh, thành phố mới")
    return None
