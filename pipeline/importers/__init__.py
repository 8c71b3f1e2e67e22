"""`vanthu nhap`: a clerk's Word files (.docx, .doc) in as vanthu documents.

Each file is read (through LibreOffice first when it is not a .docx), parsed into the document
model's keys with the label table of `numbering`, its year's values turned into parameters, and
written to `data/<năm>/van-ban/<tên>.yaml`; the school's own fields go into `don-vi.yaml` when it
lacks them. Every file of a call is read before anything is written: one bad file writes nothing.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import rollover, vn
from ..errors import DataError, OutputError
from ..files import temp_beside
from ..limits import check_year
from ..load import DON_VI_FILE, THAM_SO_FILE, field_path, read_yaml
from ..kinds.codes import KIND_CODES, ten_loai
from ..steps import Do, Step
from . import convert, document, params, reader, yaml_out
from .review import Flag, flags, plain

FOLDER = "van-ban"
_STEM = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SCHOOL_KEYS = ("co_quan_chu_quan", "ten", "ten_dau_trang", "ma", "dia_danh", "nguoi_ky")


@dataclass
class Imported:
    """One file imported: where it went, what was recognised, what the clerk should look at."""

    source: Path
    target: Path
    document: dict
    notes: list[str] = field(default_factory=list)
    reviews: list[rollover.ReviewItem] = field(default_factory=list)
    don_vi: list[str] = field(default_factory=list)  # keys added to don-vi.yaml
    created: list[Path] = field(default_factory=list)  # other files created (don-vi.yaml, tham-so.yaml)
    reasons: dict[tuple, str] = field(default_factory=dict)
    school_reviews: list[rollover.ReviewItem] = field(default_factory=list)  # marks written to don-vi.yaml

    def summary(self) -> list[str]:
        """What a clerk reads after importing (Vietnamese)."""
        doc = plain(self.document)
        kind = ten_loai(doc["loai"]).capitalize() if doc["loai"] in KIND_CODES else doc["loai"]
        lines = [f"Đã nhập {self.source} vào {self.target}: {kind}"
                 + (f" «{' '.join(doc['trich_yeu'].split())}»" if doc.get("trich_yeu") else "") + f", ngày {vn.ngay_ngan(doc['ngay'])}."]
        lines.append(f"  Nhận ra: {recognised(doc)}.")
        if self.don_vi:
            lines.append(f"  Đã thêm vào {DON_VI_FILE}: {', '.join(self.don_vi)}.")
        lines += [f"  Đã tạo {path}." for path in self.created]
        lines += [f"  Ghi chú: {note.rstrip('.')}." for note in self.notes]
        marks = self.reviews + self.school_reviews
        if marks:
            lines.append(f"  Cần xem lại {len(marks)} giá trị (đánh dấu !xem-lai; sửa nếu cần rồi xóa dấu):")
            lines += [f"  - {item}" for item in marks]
        return lines


def recognised(doc: dict) -> str:
    """`4 mục, 2 khoản, 17 ý, 1 căn cứ, 4 nơi nhận …`"""
    counts: dict[str, int] = {}

    def walk(blocks: list) -> None:
        for block in blocks:
            kind = next((k for k in block if k != "noi_dung"), "doan") if isinstance(block, dict) else "doan"
            counts[kind] = counts.get(kind, 0) + 1
            walk(block.get("noi_dung", []) if isinstance(block, dict) else [])
    walk(doc.get("noi_dung", []))
    for annex in doc.get("phu_luc", []):
        walk(annex["noi_dung"])
    names = (("muc", "mục"), ("dieu", "điều"), ("khoan", "khoản"), ("diem", "điểm"), ("y", "ý (gạch đầu dòng)"),
             ("bang", "bảng"), ("doan", "đoạn văn"))
    parts = [f"{counts[k]} {name}" for k, name in names if counts.get(k)]
    cited = doc.get("can_cu", [])
    if cited:
        structured = sum(isinstance(c, dict) for c in cited)
        parts.append(f"{len(cited)} căn cứ ({structured} trích dẫn số, ngày)")
    for key, name in (("kinh_gui", "nơi Kính gửi"), ("noi_nhan", "nơi nhận"), ("phu_luc", "phụ lục")):
        if doc.get(key):
            parts.append(f"{len(doc[key])} {name}")
    if doc.get("luu"):
        parts.append(f"Lưu: VT, {doc['luu']}")
    if doc.get("nguoi_ky"):
        signer = doc["nguoi_ky"]
        parts.append(f"người ký {signer.get('quyen_han', '')} {signer['chuc_vu']} {signer['ho_ten']}".replace("  ", " "))
    return ", ".join(parts) or "không có khối nào"


def nhap(files: list[Path], data_root: Path, nam: int | None = None, ten: str | None = None,
         ghi_de: bool = False, chuan_hoa_ten: bool = False) -> list[Imported]:
    """Import Word files into `data_root`; all are read before any is written.

    The school's names go to its file as the header types them (`TRƯỜNG MN DINH BÀ`); with
    `chuan_hoa_ten` the header prints the name the text uses, in capitals, instead."""
    data_root = Path(data_root)
    if ten is not None and len(files) != 1:
        raise DataError("chỉ đặt được tên cho văn bản khi nhập một tệp (tên tệp dữ liệu của văn bản đó)")
    if ten is not None and not _STEM.match(ten):
        raise DataError(f"tên «{ten}» không dùng được: cần chữ thường không dấu, số và `-`, ví dụ ke-hoach-bdg")
    if nam is not None:
        check_year(nam)
    batch = _Batch(data_root, chuan_hoa_ten)
    imported = [batch.prepare(Path(f), nam, ten) for f in files]
    targets = [i.target for i in imported]
    for i in imported:
        if targets.count(i.target) > 1:
            raise DataError(f"hai tệp cùng được nhập vào {i.target}; nhập từng tệp với tên khác nhau", i.source,
                            steps=[Step(Do.CHOOSE_NAME)])
        if i.target.exists() and not ghi_de:
            raise DataError(f"đã có {i.target}; ghi đè, hoặc đặt tên khác", i.source,
                            steps=[Step(Do.OVERWRITE), Step(Do.CHOOSE_NAME)])
    batch.write(imported)
    return imported


class _Batch:
    """The files of one call, and what they add to the school's and the year's files."""

    def __init__(self, data_root: Path, chuan_hoa_ten: bool = False):
        self.root = data_root
        self.chuan_hoa_ten = chuan_hoa_ten
        self.don_vi_path = data_root / DON_VI_FILE
        self.don_vi = read_yaml(self.don_vi_path)[0] if self.don_vi_path.exists() else {}
        self.added: dict[str, object] = {}
        self.texts: dict[Path, str] = {}

    def prepare(self, path: Path, nam: int | None, ten: str | None) -> Imported:
        parsed = document.parse(_read(path))
        tu = parsed.year or nam
        if tu is None:
            raise DataError("không đọc được năm của văn bản (không thấy dòng «…, ngày … tháng … năm …»); "
                            "chọn năm của văn bản", path, steps=[Step(Do.CHOOSE_YEAR)])
        den = nam or tu
        doc = params.parameterise(parsed.document, self._values(tu, parsed.ten_in_text))
        if doc["ngay"] is None:
            doc["ngay"] = Flag(date(tu, 1, 1), "không thấy ngày ban hành trong bản gốc; chọn ngày")
        imported = Imported(path, self.root / str(den) / FOLDER / f"{_stem(path, tu, ten)}.yaml", doc, parsed.notes)
        self._school(parsed, imported)
        text = yaml_out.dump(doc, _comment(path))
        imported.reasons = {loc: flag.reason for loc, flag in flags(doc)}
        if den != tu:  # last year's document for this year: carried as `vanthu nam-moi` carries data
            text, rolled = rollover.roll_yaml(text, tu, den, imported.target)
            imported.reasons.update(rolled)
        self.texts[imported.target] = text
        tham_so = self.root / str(den) / THAM_SO_FILE
        if not tham_so.exists() and tham_so not in self.texts:
            self.texts[tham_so] = f"# Tham số của năm (tạo khi nhập văn bản).\nnam: {den}\nnam_hoc: {den}-{den + 1}\n"
            imported.created.append(tham_so)
        return imported

    def _values(self, nam: int, ten: str | None) -> params.Values:
        path = self.root / str(nam) / THAM_SO_FILE
        year = read_yaml(path)[0] if path.exists() else {}
        return params.Values(nam, str(year.get("nam_hoc", f"{nam}-{nam + 1}")), ten,
                             {k: str(v) for k, v in (year.get("bien") or {}).items()})

    def _school(self, parsed: document.Parsed, imported: Imported) -> None:
        """Fields the school's file lacks come from the document; the signer stays in the document
        only when it is not the school's."""
        known = {**self.don_vi, **self.added}
        school = parsed.school
        if self.chuan_hoa_ten:
            school = {k: v for k, v in school.items() if k != "ten_dau_trang"}
        if known.get("ten") and school.get("ten") and known["ten"].casefold() != school["ten"].casefold():
            imported.notes.append(f"văn bản của «{school['ten']}», khác đơn vị trong {DON_VI_FILE} («{known['ten']}»): "
                                  f"không ghi gì vào {DON_VI_FILE}; tên trường trong câu đã thành {{{{ don_vi.ten }}}}")
        else:
            for key in _SCHOOL_KEYS:
                if key in school and key not in known:
                    # A deputy's signature is offered too: without a signer nothing can be drafted.
                    value = school[key]
                    if key == "nguoi_ky" and "quyen_han" in value:
                        value = {**value, "quyen_han": Flag(value["quyen_han"], "người ký thay, lấy từ văn bản; "
                                                            "sửa thành người thường ký nếu cần")}
                    self.added[key] = value
                    imported.don_vi.append(key)
            known = {**self.don_vi, **self.added}
        # The document keeps its signer, unless the school's file already had that one as its default.
        signer = imported.document.get("nguoi_ky")
        if signer is not None and _same_signer(plain(signer), plain(self.don_vi.get("nguoi_ky"))):
            del imported.document["nguoi_ky"]

    def write(self, imported: list[Imported]) -> None:
        if self.added:
            self.texts[self.don_vi_path] = self._don_vi_text(imported)
        _write_all(self.texts)
        if self.added:
            imported[0].school_reviews = self._school_reviews()
        for item in imported:
            _, source = read_yaml(item.target)
            item.reviews = [rollover.ReviewItem(item.target, source.line(loc), field_path(loc), value,
                                                item.reasons.get(loc, "giá trị cần xem lại"))
                            for loc, value in source.marks]

    def _school_reviews(self) -> list[rollover.ReviewItem]:
        """The values written to the school's file that the clerk should look at, with their reasons."""
        reasons = {loc: flag.reason for loc, flag in flags(self.added)}
        _, source = read_yaml(self.don_vi_path)
        return [rollover.ReviewItem(self.don_vi_path, source.line(loc), field_path(loc), value, reasons[loc])
                for loc, value in source.marks if loc in reasons]

    def _don_vi_text(self, imported: list[Imported]) -> str:
        if self.don_vi_path.exists():  # a round trip keeps the clerk's comments and order
            root = yaml_out.yaml().load(self.don_vi_path.read_text(encoding="utf-8"))
            for key, value in self.added.items():
                after = _SCHOOL_KEYS[_SCHOOL_KEYS.index(key) + 1:] + ("trinh_bay", "so_van_ban")
                later = [i for i, k in enumerate(root) if k in after]
                root.insert(later[0] if later else len(root), key, yaml_out.node(value, 2))
            out = io.StringIO()
            yaml_out.yaml().dump(root, out)
            return out.getvalue()
        guessed = self.added
        imported[0].created.append(self.don_vi_path)
        return yaml_out.dump(guessed, f"Đơn vị ban hành văn bản, đọc từ {imported[0].source} khi nhập văn bản Word.\n"
                                      "Xem lại các giá trị; thiếu trường nào (ma, dia_danh…) thì thêm vào.")


def _same_signer(a: dict, b) -> bool:
    return isinstance(b, dict) and {k: str(v) for k, v in a.items()} == {k: str(v) for k, v in b.items()}


def _read(path: Path) -> list[reader.Item]:
    if not path.is_file():
        raise DataError("không tìm thấy tệp", path)
    if reader.kind_of(path) == "docx":
        return reader.read(path)
    with tempfile.TemporaryDirectory(prefix="vanthu-nhap-") as tmp:
        converted = convert.to_docx(path, Path(tmp))
        try:
            return reader.read(converted)
        except DataError as exc:
            raise DataError(exc.message, path) from None


def _stem(path: Path, year: int, ten: str | None) -> str:
    """The document's name in the year (the one chosen, else the file's name without its year)."""
    if ten is not None:
        return ten
    stem = re.sub(rf"(-nam)?-{year}(-{year + 1})?(?=-|$)", "", vn.slug(path.stem)).strip("-")
    return stem or "van-ban"


def _comment(source: Path) -> str:
    return (f"Nhập từ tệp Word {source.name}. Giá trị đánh dấu !xem-lai cần xem lại: sửa nếu cần rồi "
            "xóa dấu.\nSố mục, khoản, điểm và gạch đầu dòng do vanthu đánh theo vị trí: không gõ tay.")


def _write_all(texts: dict[Path, str]) -> None:
    """Every file through a temporary one first, then all renamed; a failure puts back what was there."""
    temps: list[tuple[Path, Path]] = []
    before = {path: path.read_bytes() if path.exists() else None for path in texts}
    done: list[Path] = []
    target = None
    try:
        for target, text in texts.items():
            tmp = temp_beside(target)
            temps.append((tmp, target))
            tmp.write_text(text, encoding="utf-8")
        for tmp, target in temps:
            os.replace(tmp, target)
            done.append(target)
    except OSError as exc:
        for path in done:
            if (previous := before[path]) is None:
                path.unlink()
            else:
                path.write_bytes(previous)
        raise OutputError(f"không ghi được {target}: {exc.strerror}") from None
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)


__all__ = ["Imported", "nhap", "recognised"]
