"""Thể thức: check any Word document against NĐ 30/2020 and write a corrected copy.

`check_file` reads a .docx (a .doc through LibreOffice) and returns its findings; `fix_file`
writes a copy with every fixable finding fixed in place and returns what is left. The rules are
`quy_tac`'s table, the one layout draws documents with.
"""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from ..errors import DataError
from ..files import write_atomic
from ..importers import reader
from ..importers.convert import to_docx
from .kiem_tra import CANH_BAO, LOI, Finding, check
from .word import Word, sync_fallbacks

MAX_PASSES = 8


@dataclass
class Report:
    tep: Path
    findings: list[Finding]
    estimated_pages: bool
    pages: int = 1

    @property
    def ok(self) -> bool:
        return not self.findings

    def vi_tri(self, f: Finding) -> str:
        if f.para is None:
            return "cả văn bản"
        page = f"trang {f.trang}{' (ước tính)' if self.estimated_pages else ''}"
        return f"{page}, đoạn «{f.doan}»" if f.doan else page


@dataclass
class Fixed:
    report: Report  # the copy, checked again
    fixed: list[Finding] = field(default_factory=list)  # what was fixed


def _open(path: Path, workdir: Path):
    kind = reader.kind_of(path)
    source = to_docx(path, workdir) if kind == "convert" else path
    try:
        return docx.Document(str(source))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError):
        raise DataError("không đọc được tệp Word; hãy mở bằng Word rồi lưu lại dạng .docx", path) from None


def check_document(document, path: Path) -> Report:
    word = Word(document)
    if not any(p.clean for p in word.paras):
        raise DataError("văn bản không có chữ nào; không có gì để kiểm tra", path)
    findings = check(word)
    return Report(Path(path), findings, word.pages_estimated, max((p.page for p in word.paras), default=1))


def check_file(path: Path) -> Report:
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="vanthu-the-thuc-") as work:
        return check_document(_open(path, Path(work)), path)


def fix_document(document, path: Path) -> list[Finding]:
    """Fix in place, pass after pass (one edit per paragraph a pass, so offsets stay true); what was fixed."""
    done: list[Finding] = []
    for _ in range(MAX_PASSES):
        report = check_document(document, path)
        touched: set[int] = set()
        progress = False
        for finding in report.findings:
            if finding.sua is None:
                continue
            owner = getattr(finding.sua, "para", None)
            if owner is not None and id(owner) in touched:
                continue
            finding.sua()
            progress = True
            if owner is not None:
                touched.add(id(owner))
            done.append(finding)
        if not progress:
            break
    sync_fallbacks(document)
    return done


def fix_file(path: Path, out: Path) -> Fixed:
    path, out = Path(path), Path(out)
    if out.resolve() == path.resolve():
        raise DataError("tệp sửa phải khác tệp gốc; tệp gốc không bao giờ bị ghi đè", out)
    if out.suffix.lower() != ".docx":
        raise DataError("tệp sửa phải có đuôi .docx", out)
    with tempfile.TemporaryDirectory(prefix="vanthu-the-thuc-") as work:
        document = _open(path, Path(work))
        fixed = fix_document(document, path)
        write_atomic(out, lambda tmp: document.save(str(tmp)))
        return Fixed(check_document(docx.Document(str(out)), out), _unique(fixed))


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.quy_tac, f.thong_bao)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


__all__ = ["CANH_BAO", "LOI", "Finding", "Fixed", "Report", "check_file", "fix_file"]
