"""Hostile Word and Excel packages for the guard's tests and bench: a real template or sheet with one
part replaced by what a zip bomb or a hand-made XML would hold."""

from __future__ import annotations

import random
import string
import struct
import zipfile
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "bao-cao-lop.docx"
SHEET = ROOT / "data" / "2022" / "bao-cao-lop.xlsx"
MB = 1 << 20


def package(target: Path, source: Path, part: str, pieces: Callable[[bytes], Iterable[bytes]],
            extra: int = 0) -> Path:
    """`source` with `part` written as the pieces `pieces(original)` gives, streamed; `extra` empty parts more."""
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            if name != part:
                out.writestr(name, data)
        with out.open(part, "w") as f:
            for piece in pieces(parts[part]):
                f.write(piece)
        for i in range(extra):
            out.writestr(f"customXml/item{i}.xml", b"<a/>")
    return target


def padded(size: int, text: bool = False) -> Callable[[bytes], Iterable[bytes]]:
    """The original XML with `size` bytes of spaces (or of random letters, in one text) inside its root."""
    def pieces(xml: bytes) -> Iterable[bytes]:
        at = xml.index(b">", _root(xml)) + 1  # just inside the root element
        yield xml[:at]
        if text:
            yield b"<x>"
        rng = random.Random(1)
        left = size
        while left > 0:
            n = min(left, MB)
            yield ("".join(rng.choices(string.ascii_letters, k=n)).encode() if text else b" " * n)
            left -= n
        if text:
            yield b"</x>"
        yield xml[at:]
    return pieces


def _root(xml: bytes) -> int:
    """Where the root element starts (after an XML declaration, if any)."""
    return xml.index(b"<", xml.index(b"?>") + 2) if xml.startswith(b"<?") else xml.index(b"<")


def nested(depth: int) -> Callable[[bytes], Iterable[bytes]]:
    def pieces(xml: bytes) -> Iterable[bytes]:
        at = xml.index(b">", _root(xml)) + 1
        yield xml[:at] + b"<x>" * depth + b"</x>" * depth + xml[at:]
    return pieces


def broken(xml: bytes) -> Iterable[bytes]:
    yield xml.replace(b"</w:body>", b"</w:bod>", 1) if b"</w:body>" in xml else xml[:-20]


def lying(path: Path, part: str, told: int) -> Path:
    """The package rewritten so that its directory and local header say `part` inflates to `told` bytes."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    for signature, name_at, size_at, fixed in ((b"PK\x01\x02", 28, 24, 46), (b"PK\x03\x04", 26, 22, 30)):
        at = data.find(signature)
        while at >= 0:
            if data[at + fixed:at + fixed + struct.unpack_from("<H", data, at + name_at)[0]] == name:
                struct.pack_into("<I", data, at + size_at, told)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path
