"""One guarded way to open a Word file, a template or a sheet: a .docx and a .xlsx are zip files of
XML, and a small one can ask for gigabytes (a «zip bomb») or endless parsing.

Before python-docx, docxtpl or openpyxl read a package, `check` looks at it: the number of its
entries, each entry's and the total inflated size (counted while inflating, in small pieces, so a
package lying about its sizes is caught too), the compression ratio, and in each XML part the depth
of nesting and the size of one text. A refusal is one Vietnamese message, given after inflating at
most the limits below, in small pieces: within a second or two and a few MB of memory.
"""

from __future__ import annotations

import copy
import io
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable

from lxml import etree

from .errors import DataError, VanthuError

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    entries: int = 3000           # a Word file has tens; a workbook a few per sheet
    entry: int = 128 * MB         # one part inflated (a sheet of 100,000 rows is ~30 MB)
    total: int = 256 * MB         # all parts inflated
    ratio: int = 100              # inflated / compressed, for a part above `ratio_from`
    ratio_from: int = 4 * MB
    depth: int = 200              # XML nesting (nested tables reach tens)
    text: int = 4 * MB            # one XML text or attribute value
    # XML parts up to this size are walked element by element (depth, text sizes); a larger one (a
    # sheet of many thousand rows) is only inflated and counted, and left to the parser's own
    # limits (libxml2 refuses nesting past 256 and a text past 10 MB), so that it costs no more
    # than reading it.
    walk: int = 8 * MB


LIMITS = Limits()
CHUNK = 64 * 1024
XML_SUFFIXES = (".xml", ".rels", ".vml")

Refuse = Callable[[str], VanthuError]
_checked: dict[tuple, None] = {}  # packages already checked, by (path, size, mtime)


def _tail(kind: str) -> str:
    app = "Excel" if kind == "xlsx" else "Word"
    return (f"; tệp có thể bị hỏng hoặc được tạo ra để làm treo máy. Nếu là tệp của bạn, hãy mở bằng {app} "
            f"rồi lưu lại thành tệp mới")


def check(source: Path | bytes, refuse: Refuse, kind: str = "docx", limits: Limits = LIMITS) -> None:
    """Refuse (by calling `refuse(message)` and raising what it returns) a package beyond the limits.

    `source` is a path or the file's bytes. A damaged zip is left to the reader, which says so in
    its own words; a part that is not well-formed XML is refused here with its name and line.
    """
    key = None
    if isinstance(source, (str, Path)):
        try:
            st = os.stat(source)
        except OSError:
            return  # the reader says the file is missing, in its words
        key = (str(Path(source).resolve()), st.st_size, st.st_mtime_ns)
        if key in _checked:
            return
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the reader's own message
    with archive:
        _check_archive(archive, refuse, kind, limits)
    if key is not None:
        if len(_checked) > 256:
            _checked.clear()
        _checked[key] = None


def _check_archive(archive: zipfile.ZipFile, refuse: Refuse, kind: str, limits: Limits) -> None:
    tail = _tail(kind)
    infos = archive.infolist()
    if len(infos) > limits.entries:
        raise refuse(f"tệp nén có {len(infos)} thành phần, quá nhiều cho một tệp {_what(kind)} "
                     f"(tối đa {limits.entries}){tail}")
    declared = 0
    for info in infos:  # what the directory says, refused before inflating anything
        declared += info.file_size
        _check_size(info.filename, info.file_size, info.compress_size, declared, refuse, tail, limits)
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        total = _inflate(archive, info, total, refuse, tail, limits)


def _what(kind: str) -> str:
    return "Excel" if kind == "xlsx" else "Word"


def _check_size(name: str, size: int, compressed: int, total: int, refuse: Refuse, tail: str, limits: Limits) -> None:
    if size > limits.entry:
        raise refuse(f"thành phần «{name}» giải nén ra hơn {limits.entry // MB} MB (giới hạn cho một thành phần)"
                     f"{tail}")
    if total > limits.total:
        raise refuse(f"tệp giải nén ra hơn {limits.total // MB} MB (giới hạn cho cả tệp){tail}")
    if size > limits.ratio_from and size > limits.ratio * max(compressed, 1):
        raise refuse(f"thành phần «{name}» nén quá chặt: giải nén lớn gấp hơn {limits.ratio} lần "
                     f"(dấu hiệu của «bom nén»){tail}")


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, total: int, refuse: Refuse, tail: str,
             limits: Limits) -> int:
    """Inflate one entry in small pieces, counting what it really gives (a lying directory is
    caught), and walk its XML; the running total of the package is returned."""
    # Allow one byte past the entry limit, so an entry longer than it says is seen, not truncated.
    probe = copy.copy(info)
    probe.file_size = limits.entry + 1
    walker = (_XmlWalk(info.filename, refuse, tail, limits)
              if info.filename.lower().endswith(XML_SUFFIXES) and info.file_size <= limits.walk else None)
    size = 0
    try:
        with archive.open(probe) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                total += len(chunk)
                if size > info.file_size:
                    raise refuse(f"thành phần «{info.filename}» giải nén ra nhiều hơn tệp khai báo{tail}")
                _check_size(info.filename, size, info.compress_size, total, refuse, tail, limits)
                if walker:
                    walker.feed(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError, ValueError, zlib.error):
        return total  # damaged, encrypted or of an unknown method: the reader's own message
    if walker:
        walker.close()
    return total


class _XmlWalk:
    """An XML part parsed as it inflates: nesting depth and text sizes checked, nothing kept."""

    def __init__(self, name: str, refuse: Refuse, tail: str, limits: Limits):
        self.name, self.refuse, self.tail, self.limits = name, refuse, tail, limits
        self.parser = etree.XMLPullParser(events=("start", "end"), resolve_entities=False, no_network=True,
                                          huge_tree=False, load_dtd=False)
        self.depth = 0

    def feed(self, chunk: bytes) -> None:
        try:
            self.parser.feed(chunk)
        except etree.XMLSyntaxError as exc:
            self._malformed(exc)
        self._events()

    def close(self) -> None:
        try:
            self.parser.close()
        except etree.XMLSyntaxError as exc:
            self._malformed(exc)
        self._events()

    def _events(self) -> None:
        try:
            for event, element in self.parser.read_events():
                if event == "start":
                    self.depth += 1
                    if self.depth > self.limits.depth:
                        raise self.refuse(f"phần «{self.name}» lồng nhau quá {self.limits.depth} tầng{self.tail}")
                    continue
                self.depth -= 1
                for text in (element.text, element.tail, *element.attrib.values()):
                    if text and len(text) > self.limits.text:
                        raise self.refuse(f"phần «{self.name}» có một đoạn chữ dài hơn {self.limits.text // MB} MB"
                                          f"{self.tail}")
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            self._malformed(exc)

    def _malformed(self, exc: etree.XMLSyntaxError) -> None:
        line = exc.lineno or (exc.position[0] if getattr(exc, "position", None) else None)
        where = f", dòng {line}" if line else ""
        if "depth" in str(exc).lower():
            raise self.refuse(f"phần «{self.name}» lồng nhau quá {self.limits.depth} tầng{self.tail}") from None
        raise self.refuse(f"phần «{self.name}» không phải XML hợp lệ{where} (tệp bị hỏng hoặc bị sửa bằng tay){self.tail}") \
            from None


def word_problem(path: Path) -> str | None:
    """Why a file given as a Word document is not one (None: it is, as far as its package shows)."""
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        return f"không đọc được tệp ({exc.strerror})"
    if size == 0:
        return "tệp rỗng (0 byte), không phải văn bản Word"
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "không phải văn bản Word .docx (nội dung không phải tệp Word; tệp hỏng hoặc tệp khác được đổi đuôi)"
    if "word/document.xml" not in names:
        return "không phải văn bản Word: tệp nén này không có văn bản Word (có thể là tệp Excel, PowerPoint hoặc tệp nén khác)"
    try:
        check(Path(path), lambda message: DataError(message), "docx")
    except DataError as exc:
        return exc.message
    return None


# The openers every path uses.

def open_docx(source: Path | bytes | IO[bytes], refuse: Refuse):
    """python-docx's Document, after the check."""
    from docx import Document
    if hasattr(source, "read"):
        source = source.read()
    check(source if isinstance(source, bytes) else Path(source), refuse, "docx")
    return Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))


def open_xlsx(path: Path, refuse: Refuse, **options):
    """openpyxl's workbook, after the check."""
    from openpyxl import load_workbook
    check(Path(path), refuse, "xlsx")
    return load_workbook(path, **options)


def data_error(path: Path | str | None) -> Refuse:
    """A refusal naming a data file (the clerk's Word file or sheet)."""
    return lambda message: DataError(message, path)
