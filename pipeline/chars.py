"""Characters a .docx can hold: every text read from data passes `clean_text` once, at load time.

Two classes of characters XML 1.0 (or Word) cannot hold, or that no clerk means to print:
- breaks from other programs (Word's Shift+Enter U+000B, a page break, old Mac/Windows line
  ends, Unicode's line and paragraph separators) become a line break, as they were meant;
- every other control character (C0 but tab and line feed, DEL, C1), lone surrogates and
  U+FFFE/U+FFFF are refused, named and located, since nothing says what they were meant to be.
"""

from __future__ import annotations

import re

from .vn import nfc

# Private-use characters around a value to review, so a draft can highlight it (engine.highlight_marked):
# set when data is loaded (load.flag), found when a document is rendered.
MARK_START, MARK_END = "\ue000", "\ue001"

_BREAKS = re.compile("\r\n|[\r\v\f\x85\u2028\u2029]")
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

_NAMES = {0x00: "NUL, ký tự rỗng", 0x07: "BEL, tiếng chuông", 0x08: "BS, xóa lùi", 0x0B: "tab dọc",
          0x0C: "ngắt trang", 0x1B: "ESC", 0x7F: "DEL, xóa"}


class BadCharacter(ValueError):
    """A text holds a character no document can hold; the message says which and where in the text."""


def describe(ch: str) -> str:
    """`ký tự điều khiển U+001B (ESC)`: how the clerk is told which invisible character it is."""
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return f"nửa cặp thay thế U+{code:04X} (surrogate) đứng lẻ"
    if code in (0xFFFE, 0xFFFF):
        return f"mã U+{code:04X} (không phải ký tự)"
    name = f" ({_NAMES[code]})" if code in _NAMES else ""
    return f"ký tự điều khiển U+{code:04X}{name}"


def refuse_invalid(text: str) -> None:
    """Raise BadCharacter for the first character `text` cannot carry into a document."""
    found = _REFUSED.search(text)
    if found:
        before = " ".join(text[:found.start()].split())[-30:]
        where = f"sau «{before}»" if before else "ở đầu"
        raise BadCharacter(f"có {describe(found.group())} {where}; ký tự này không hiện ra nhưng làm hỏng tệp "
                           "Word, hãy xóa nó (thường lẫn vào khi chép từ phần mềm khác)")


def clean_text(text: str) -> str:
    """NFC text with breaks as line breaks; BadCharacter for a character no document can hold."""
    text = _BREAKS.sub("\n", nfc(text))
    refuse_invalid(text)
    return text
