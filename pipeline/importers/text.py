"""Text as clerks type it: odd spaces, capitals, abbreviations, and fonts of the 1990s."""

from __future__ import annotations

import re
import unicodedata

from ..vn import nfc

# Spaces Word keeps apart from the ordinary one (no-break, thin, en/em, ideographic) and invisible marks.
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


def normal(text: str) -> str:
    """NFC, every kind of space an ordinary space (tabs kept), invisible marks removed."""
    return _INVISIBLE.sub("", _SPACES.sub(" ", nfc(text)))


def clean(text: str) -> str:
    """One line of text: whitespace runs (tabs too) collapsed, ends stripped."""
    # A space typed before a comma, semicolon, colon or closing bracket is a slip, not a choice.
    text = re.sub(r"(?<=\w) +([,;:)](?!\S*[/\d]))", r"\1", " ".join(normal(text).split()))
    return re.sub(r"(?<=\w) +\.(?=\s|$)", ".", text)  # a sentence's full stop, typed a space away


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one: spans found in it are spans of `text`."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        out.append({"đ": "d", "Đ": "d"}.get(ch, base).lower()[:1] or ch)
    return "".join(out)


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def segments(text: str) -> list[str]:
    """The parts of a line laid out with tabs or runs of spaces (two columns typed on one line)."""
    return [s.strip() for s in re.split(r"\t+| {3,}", normal(text)) if s.strip()]


# A dash or bullet a clerk puts before a line of a list (Kính gửi, căn cứ, Nơi nhận).
BULLET = re.compile(r"^[-–—•+*]\s*")
RULE = re.compile(r"^[\s_\-–—=*.…~]{3,}$")


def is_quyet_dinh(text: str) -> bool:
    """`QUYẾT ĐỊNH:` before a decision's articles (vanthu writes it)."""
    return re.sub(r"[\s:.]", "", text).upper() == "QUYẾTĐỊNH"


def is_rule(text: str) -> bool:
    """A line drawn with characters under a name or a title: `______`, `-----`, `***`."""
    return bool(RULE.match(text)) and any(c in text for c in "_-–—=*~")


# Acronyms with a vowel (those without one, like THCS or GD&ĐT, are recognised by that).
_ACRONYMS = {"UBND", "HĐND", "BHYT", "ATGT", "ATTP", "COVID", "TNTP", "ĐTN", "UB", "KHKT", "NCKH", "ĐH", "CĐ",
             "HIV", "AIDS", "ASEAN", "ICT", "STEM", "STEAM", "TP"}
_VOWELS = set("aeiouy")


def _keeps_capitals(word: str) -> bool:
    letters = "".join(c for c in word if c.isalpha())
    if not letters or not letters.isupper():
        return False
    roman = set(letters) <= set("IVX")
    return roman or letters in _ACRONYMS or not (set(fold(letters)) & _VOWELS)


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def sentence_case(text: str, proper: tuple[str, ...] = ()) -> str:
    """A title typed in capitals as a sentence: `MỤC ĐÍCH, YÊU CẦU` → `Mục đích, yêu cầu`.

    Acronyms (THCS, UBND) and Roman numerals keep their capitals, and so do the `proper`
    phrases (the school's name as the text writes it).
    """
    lowered = " ".join(w if _keeps_capitals(w) else w.lower() for w in text.split())
    for phrase in sorted(proper, key=len, reverse=True):
        lowered = re.sub(re.escape(phrase), lambda _: phrase, lowered, flags=re.IGNORECASE)
    return _capital(lowered)


# In a body's name the words after the kind of unit are its proper name: Quận 8, Trường THCS Khánh Bình.
_UNIT = re.compile(r"\b(quận|huyện|tỉnh|phường|xã|thị xã|thị trấn|thành phố|tp\.|tx\.|tt\.|trường(?: (?:tiểu học|"
                   r"trung học cơ sở|trung học phổ thông|mầm non|mẫu giáo|[A-ZĐ&]{2,6}))?) (.+)$", re.IGNORECASE)


def org_case(text: str) -> str:
    """The name of a body typed in capitals: `ỦY BAN NHÂN DÂN QUẬN 8` → `Ủy ban nhân dân Quận 8`."""
    words = sentence_case(text)
    words = re.sub("giáo dục và đào tạo", "Giáo dục và Đào tạo", words, flags=re.IGNORECASE)
    match = _UNIT.search(words)
    if not match:
        return words
    unit = match.group(1)
    if unit.lower() in ("tp.", "tx.", "tt."):
        unit = unit.upper()
    elif unit.lower().startswith("trường "):  # Trường Trung học cơ sở …
        unit = "Trường " + _capital(unit[len("trường "):])
    elif match.start() and not match.group(2)[:1].isdigit() and match.group(2).lower() != "hồ chí minh":
        unit = unit.lower()  # NĐ 30 (Phụ lục II): `huyện Gia Lâm`; `Quận 8`, `Thành phố Hồ Chí Minh`
    else:
        unit = _capital(unit)
    return f"{words[:match.start()]}{unit} {name_case(match.group(2))}"


_SCHOOL_KINDS = (("Trung học cơ sở", "THCS"), ("Trung học phổ thông", "THPT"), ("Tiểu học", "TH"), ("Mầm non", "MN"))


def name_forms(name: str) -> list[str]:
    """A school's name and its other usual form: `Trường THCS X` ↔ `Trường Trung học cơ sở X`."""
    forms = [name]
    for long, short in _SCHOOL_KINDS:
        for old, new in ((long, short), (short, long)):
            pattern = re.compile(rf"(?<!\w){old}(?!\w)", re.IGNORECASE)
            if pattern.search(name):
                forms.append(pattern.sub(new, name, count=1))
    return forms


def name_case(text: str) -> str:
    """A person's name: every syllable capitalised (`NGUYỄN VĂN A` → `Nguyễn Văn A`)."""
    return " ".join(_capital(w.lower()) for w in text.split())


def position_case(text: str) -> str:
    """A position typed in capitals: `PHÓ HIỆU TRƯỞNG` → `Phó Hiệu trưởng`, `CHỦ TỊCH` → `Chủ tịch`."""
    words = text.split()
    if len(words) > 1 and words[0].upper() == "PHÓ":
        return "Phó " + sentence_case(" ".join(words[1:]))
    return sentence_case(text)


# A TCVN3 (.VnTime) document read without its font shows Latin-1 symbols inside words; a bad
# conversion leaves syllables no Vietnamese word has (`đònh` for `định`).
_TCVN3 = re.compile(r"\w*[¸µ¶·¹¨©ª«¬®¯°±²³´½¾]\w*")
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def legacy_damage(text: str) -> str | None:
    """The first word that looks damaged by a legacy Vietnamese font, if any."""
    text = re.sub(r"«([^«»]+)»", r"\1", text)  # guillemets around a quote are quotation marks (TCVN3 has no »)
    found = _TCVN3.search(text)
    if found:
        return found.group(0)
    return next((w for w in re.findall(r"[^\W\d_]+", text) if not w.isascii() and not _plausible(w)), None)


def _plausible(word: str) -> bool:
    """Finals `-nh` and `-ch` follow only a, ê, i, y in Vietnamese (anh, ênh, inh, ach, ich, uynh)."""
    plain = nfc("".join(c for c in unicodedata.normalize("NFD", word.lower()) if c not in _TONES))
    if not plain.endswith(("nh", "ch")) or len(plain) < 3:
        return True
    return plain[-3] in "aêiy"
