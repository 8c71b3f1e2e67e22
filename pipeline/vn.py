"""Vietnamese text and the number/date formats of NĐ 30/2020 (Phụ lục I, §9 of the spec)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from babel.numbers import format_decimal, format_percent

from .numbering import chu_diem, la_ma  # noqa: F401 (vn's API; the label table is numbering's)

LOCALE = "vi"

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def nfc(text: str) -> str:
    """Precomposed form, so that decomposed input (from some Mac or web sources) prints the same."""
    return unicodedata.normalize("NFC", text)


def in_hoa(text: str) -> str:
    """Vietnamese upper case (`Trường THCS Khánh Bình` → `TRƯỜNG THCS KHÁNH BÌNH`)."""
    return nfc(nfc(text).upper())


def thuong_dau(text: str) -> str:
    """First letter in lower case, to put a title or position inside a sentence (`GDCD` stays)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def ket_cau(text: str) -> str:
    """A sentence ends with punctuation; a full stop is added when it has none."""
    text = text.rstrip()
    return text if text[-1:] in ".!?:;…" else text + "."


_FILL_IN = re.compile(r"\.{2,}")


def bo_dau_cuoi(text: str, chars: str = " ;.,") -> str:
    """`text` without the punctuation `chars` at its end, but with its fill-in dots kept as typed:
    `Phụ huynh em .........;` → `Phụ huynh em .........` (a blank to fill in by hand; `…` is kept
    by any strip that leaves it out of `chars`)."""
    stripped = text.rstrip(chars)
    dots = _FILL_IN.search(text, len(stripped)) if "." in chars else None
    return text[:dots.end()] if dots else stripped


def so_van_ban(n: int | str | None) -> str:
    """Document number: 1–9 get a leading zero (`5a` → `05a`); a draft (None) prints blank."""
    if n is None:
        return ""
    digits = str(n).lstrip("0") or "0"
    letters = digits.lstrip("0123456789")
    return f"{int(digits[:len(digits) - len(letters)]):02d}{letters}"


def tach_so(text: str) -> tuple[int, str]:
    """`38a` → (38, "a"): a number as registers hold it, with the letter of a number slipped in after
    38 (a number vanthu gives has none); ValueError when it is not one."""
    found = re.fullmatch(r"\s*(\d+)\s*([a-zA-Z]?)\s*", text)
    if not found:
        raise ValueError(f"«{text.strip()}» không phải số văn bản: cần một số, có thể kèm một chữ cái "
                         "(ví dụ 38 hoặc 38a)")
    return int(found.group(1)), found.group(2).lower()


def so_hieu(n: int, ky_hieu: str) -> str:
    """Number and symbol as documents are cited and registered: `05/KH-THCSKB`."""
    return f"{so_van_ban(n)}/{ky_hieu}"


def so_ky_hieu(n: int | None, ky_hieu: str) -> str:
    """The `Số:` line; a draft keeps room for the number to be written by hand."""
    return f"Số: {so_hieu(n, ky_hieu)}" if n is not None else f"Số:      /{ky_hieu}"


def ngay_thang(d: date) -> str:
    """`ngày 09 tháng 5 năm 2022`: days 1–9 and months 1–2 are zero-padded, nothing else."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def ngay_ngan(d: date) -> str:
    """`09/05/2022`, for tables, registers and messages."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


DATE_PATTERNS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def doc_ngay(text: str) -> date:
    """A date as a clerk types it: 31/12/2022 (also 2022-12-31, 31-12-2022, 31.12.2022).
    Raises ValueError with a Vietnamese message."""
    text = text.strip()
    for pattern in DATE_PATTERNS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"«{text}» không phải ngày có thật; viết dạng ngày/tháng/năm, ví dụ 31/12/2022")


def dia_danh_ngay(dia_danh: str, d: date) -> str:
    return f"{dia_danh}, {ngay_thang(d)}"


def so(x: float | int) -> str:
    """A number in Vietnamese style: `1.234,5`."""
    return format_decimal(x, locale=LOCALE)


def phan_tram(x: float | int) -> str:
    """A percentage given in percent points: 95.5 → `95,5%`."""
    return format_percent(x / 100, format="#,##0.##%", locale=LOCALE)


def slug(text: str) -> str:
    """ASCII file-name part: `Nguyễn Thị Lộc` → `nguyen-thi-loc`."""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# Vietnamese collation: base letters in alphabet order, then the tone (none, huyền, sắc, hỏi, ngã, nặng).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def _letter_key(ch: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    tone = next((_TONES[m] for m in decomposed if m in _TONES), 0)
    base = nfc("".join(m for m in decomposed if m not in _TONES))
    return (_LETTER_RANK.get(base, 100 + ord(base[0]) if base else 0), tone)


def khoa_sap_xep(text: str) -> tuple:
    """Vietnamese dictionary order of one word or phrase."""
    letters = [ch for ch in nfc(text) if not ch.isspace()]
    return tuple(_letter_key(ch) for ch in letters)


def khoa_ten(ho_ten: str) -> tuple:
    """Name order as on a Vietnamese roster: by tên (last word), then họ đệm."""
    words = nfc(ho_ten).split()
    if not words:
        return ((), ())
    return (khoa_sap_xep(words[-1]), khoa_sap_xep(" ".join(words[:-1])))
