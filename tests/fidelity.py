"""How faithfully an imported Word file comes back: the share of its lines found exactly once in the
document vanthu renders from the import.

Lines are read with python-docx alone (not with the importer): every paragraph and table cell, cut at
manual line breaks and at tabs or runs of spaces (two columns typed on one line). Compared without
what vanthu writes itself by design: typed labels (it numbers by position), letter case (it prints
headings in capitals), spacing and end punctuation, the number of the document (given on issue), and
the «(Đã ký)» of a signed copy (a draft is not signed yet: the import notes it and leaves it out), the
issuer named at the end of an annex's «Kèm theo» line (vanthu writes that line, the issuer in full). A
label alone on its line (`PHẦN I`, `Chương 2`) is compared by its kind and number, not its spelling.
A matches a rendered line at a difflib ratio of at least 0.9; a line cut by Shift+Enter inside
a sentence that vanthu joins is found inside the joined line.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml.ns import qn

from pipeline import numbering

THRESHOLD = 0.9
_RULE = re.compile(r"^[\s_\-–—=*.…~]*$")


def lines_of(path: Path) -> list[str]:
    """The document's lines as a reader sees them, in order, each once (merged cells once)."""
    document = docx.Document(str(path))
    out: list[str] = []
    for block in document.element.body.iter(qn("w:p")):
        text = []
        for node in block.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            if node.tag == qn("w:t"):
                text.append(node.text or "")
            elif node.tag == qn("w:tab"):
                text.append("\t")
            elif node.get(qn("w:type")) in (None, "textWrapping"):
                text.append("\n")
        # A draft's blank number (`Số:      /KH-…`) is one part, not two columns.
        joined = re.sub(r"(?i)\b(số)[ \t\u00a0]*(:?)[ \t\u00a0]*(?=\d*[a-zđ]?[ \t\u00a0]*/)", r"\1\2 ", "".join(text))
        for line in re.sub(r"(?i)(số)\s*(:?)\s*/", r"\1\2 /", joined).split("\n"):
            parts = [part for part in re.split(r"\t+| {3,}|\u00a0{3,}", line) if not _RULE.match(part)]
            out += [part for part in _labels_joined(parts) if not _SIGNED.match(part.strip())]
    return out


_SIGNED = re.compile(r"(?i)^\(\s*đã ký\b[^()]*\)$")  # `(Đã ký)`, `(Đã ký và đóng dấu)`


def _labels_joined(parts: list[str]) -> list[str]:
    """`I.<tab>KẾT QUẢ` is one line: a label a tab away from its text, not two columns."""
    out: list[str] = []
    for part in parts:
        label = numbering.parse(out[-1]) if out else None
        if label is not None and label.kind not in ("phan", "chuong") and not label.text:
            out[-1] = f"{out[-1].strip()} {part}"
        else:
            out.append(part)
    return out


def key(line: str) -> str:
    """A line as compared: no typed label, one case, ordinary spaces, no end punctuation or `./.`."""
    text = " ".join(line.replace("\u00a0", " ").split())
    parsed = numbering.parse(text)
    if parsed is not None and parsed.text:
        text = parsed.text
    elif parsed is not None and parsed.number is not None:
        return f"{parsed.kind} {parsed.number}"
    text = re.sub(r"\s+([,;:.)])", r"\1", text)
    text = re.sub(r"(\d)\s*[-–]\s*(\d)", r"\1-\2", text)  # a school year as vanthu's {{ nam_hoc }} writes it
    text = re.sub(r"\bSố\s*:?\s*\d*[a-z]?\s*/", "Số: /", text)
    text = re.sub(r"(Kèm theo .*?số)\s*\d*\s*/", r"\1 /", text)
    # vanthu writes the annex's `Kèm theo` line itself, naming its issuer in full: compared up to the date.
    text = re.sub(r"^\((Kèm theo .*?năm \d{4}) của .*\)$", r"(\1)", text)
    text = re.sub(r"(\./\.|[\s;.,])+$", "", text)
    return text.casefold()


@dataclass
class Fidelity:
    source: Path
    lines: int = 0
    once: int = 0
    missing: list[str] = field(default_factory=list)
    repeated: list[tuple[str, int]] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.once / self.lines if self.lines else 1.0


def measure(source: Path, rendered: Path) -> Fidelity:
    wanted = [(line, key(line)) for line in lines_of(source)]
    have = [key(line) for line in lines_of(rendered)]
    result = Fidelity(source)
    keys = [k for _, k in wanted]
    for i, (line, k) in enumerate(wanted):
        if not k:
            continue
        result.lines += 1
        near = [n for n in keys[max(i - 1, 0):i] + keys[i + 1:i + 2] if n]
        count = _count(k, have, near) - (keys.count(k) - 1)  # a line the source itself has twice, twice
        if count == 1:
            result.once += 1
        elif count == 0:
            result.missing.append(line)
        else:
            result.repeated.append((line, count))
    return result


def _count(k: str, have: list[str], near: list[str]) -> int:
    exact = have.count(k)  # `QUYẾT ĐỊNH` and `QUYẾT ĐỊNH:` are two lines, though close
    if exact:
        return exact
    close = sum(1 for h in have if _ratio(k, h) >= THRESHOLD)
    if close:
        return close
    # A line vanthu prints over two or three (a header name broken between its phrases, a trích yếu
    # in balanced lines) is found in consecutive rendered lines.
    joined = sum(1 for n in (2, 3) for j in range(len(have) - n + 1) if " ".join(have[j:j + n]) == k)
    if joined:
        return joined
    # A sentence cut by Shift+Enter (or a name over two lines) is one rendered line, that holds a
    # neighbouring piece too.
    return sum(1 for h in have if k in h and any(n in h for n in near)) if len(k) >= 8 else 0


def _ratio(a: str, b: str) -> float:
    if abs(len(a) - len(b)) > 0.2 * max(len(a), len(b), 1):
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def import_and_render(source: Path, work: Path, templates: Path):
    """`source` imported into a new school folder under `work`, then drafted there as a clerk would
    right after importing; the import's result and the drafted .docx."""
    from pipeline import app
    from pipeline.importers import nhap

    data = work / "data"
    (imported,) = nhap([source], data)
    nam = int(imported.target.parent.parent.name)
    (made,) = app.make(data, nam, templates, work / "out", [imported.target.stem], nhap=True)
    return imported, made.paths[0]
