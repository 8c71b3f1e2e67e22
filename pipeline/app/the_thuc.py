"""Job: check any Word document against NĐ 30 (thể thức, kỹ thuật trình bày) and write a corrected copy;
for the page, the document's page images with each finding's place marked."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable


@dataclass
class FormatFinding:
    """One deviation, as the front ends show it (`--json` prints these keys)."""

    tep: str
    quy_tac: str
    muc: str  # "loi" or "canh_bao"
    vi_tri: str
    thong_bao: str
    trang: int | None = None
    trang_uoc_tinh: bool = False
    doan: str = ""
    sua_duoc: bool = False
    so: int = 0  # its number in the listing (the marker on the page image)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class FormatReport:
    tep: Path
    findings: list[FormatFinding]
    so_trang: int
    trang_uoc_tinh: bool

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def errors(self) -> list[FormatFinding]:
        return [f for f in self.findings if f.muc == "loi"]


@dataclass
class FormatFixed:
    ra: Path
    fixed: list[FormatFinding]
    left: FormatReport  # the copy checked again: what could not be fixed


@dataclass
class Marker:
    so: int
    x: float  # fraction of the page width
    y: float  # fraction of the page height


@dataclass
class PageImage:
    image: Path
    markers: list[Marker] = field(default_factory=list)


def _report(core_report) -> FormatReport:
    findings = []
    for n, f in enumerate(core_report.findings, 1):
        findings.append(FormatFinding(str(core_report.tep), f.quy_tac, f.muc, core_report.vi_tri(f), f.thong_bao,
                                      f.trang, core_report.estimated_pages, f.doan, f.sua_duoc, n))
    return FormatReport(core_report.tep, findings, core_report.pages, core_report.estimated_pages)


def check_format(tep: Path) -> FormatReport:
    """The findings of one Word file (.docx, or .doc through LibreOffice); DataError when it cannot be read."""
    from .. import the_thuc
    return _report(the_thuc.check_file(Path(tep)))


def fix_format(tep: Path, ra: Path) -> FormatFixed:
    """A corrected copy of `tep` in `ra` (never the original) and what is left to fix by hand."""
    from .. import the_thuc
    done = the_thuc.fix_file(Path(tep), Path(ra))
    fixed = [FormatFinding(str(tep), f.quy_tac, f.muc, "", f.thong_bao, sua_duoc=True) for f in done.fixed]
    return FormatFixed(Path(ra), fixed, _report(done.report))


def format_pages(tep: Path, report: FormatReport, workdir: Path,
                 to_pdf: Callable[[Path], Path] | None = None) -> list[PageImage]:
    """The document's pages as images (LibreOffice → PDF → PNG) with a marker where each finding is;
    findings are placed on the real pages, and their page numbers corrected in `report`. `to_pdf`:
    the front end's own converter (the page's warm LibreOffice); else a LibreOffice started for it."""
    import shutil

    from ..pdf import convert
    from ..the_thuc.trang import locate, page_pngs
    from ..importers.convert import to_docx
    from ..importers.reader import kind_of
    workdir = Path(workdir)
    source = workdir / "van-ban.docx"
    if kind_of(Path(tep)) == "convert":  # a .doc: its .docx made by LibreOffice, as the check reads it
        shutil.copyfile(to_docx(Path(tep), workdir), source)
    else:
        shutil.copyfile(tep, source)
    if to_pdf is not None:
        pdf_file = to_pdf(source)
    else:
        result = convert([source])
        if result.failed or not result.pdfs:
            from ..pdf import ConverterError
            raise ConverterError(f"LibreOffice không chuyển được {Path(tep).name} sang PDF để xem trang")
        pdf_file = result.pdfs[0]
    places = locate(pdf_file, [(f.so, f.doan) for f in report.findings])
    images = [PageImage(png) for png in page_pngs(pdf_file)]
    for f in report.findings:
        page, x, y = places.get(f.so, (None, 0.0, 0.0))
        if page is None:
            page, x, y = 1, 0.0, 0.0  # a finding of the whole document: at the top of page 1
        f.trang, f.trang_uoc_tinh = page, False
        if page <= len(images):
            images[page - 1].markers.append(Marker(f.so, x, y))
    report.trang_uoc_tinh = False
    return images
