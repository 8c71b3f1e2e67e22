"""Ký số: an issued document as a signed PDF/A (văn bản điện tử), and the check of a signed PDF.

Plain functions for any front end; the PIN or password of each key is given by the front end (asked
on the terminal or in the page) for one signing and never stored.
"""

from __future__ import annotations

import os
import shutil
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator

from .. import ky_so, vn
from ..ky_so import SUFFIX, signed_name  # noqa: F401 (the front ends name it through the app)
from ..errors import DataError, SigningError
from ..files import sha256
from ..load import DON_VI_FILE, load_model
from ..models import DonVi
from ..register import ISSUED, REVOKED, IssuedFile, Register, signing_temp
from . import open_register



@dataclass
class Secret:
    """What a front end must ask for one key before signing (nothing when known)."""

    role: str  # ky_so.SIGNER or ky_so.AGENCY
    label: str  # "mã PIN của token «HT» (người ký)"


@dataclass
class SignedDocument:
    tep: Path
    so_hieu: str
    nguoi_ky: list[str]
    moi: bool  # False: it was signed before, and is returned untouched
    kem_theo: list[Path] = field(default_factory=list)
    chung_thu_thu: bool = False  # signed with the example school's test certificates


def settings(du_lieu: Path) -> ky_so.CaiDat:
    """The school's signing settings; the example school's test keys made at first use."""
    cai_dat = ky_so.load_settings(du_lieu)
    if cai_dat.chung_thu_thu:
        from .. import ky_so_thu
        don_vi = load_model(Path(du_lieu) / DON_VI_FILE, DonVi).model
        ky_so_thu.ensure(du_lieu, don_vi.nguoi_ky.ho_ten, don_vi.ten)
    return cai_dat


def secrets_needed(du_lieu: Path) -> list[Secret]:
    """The PINs and passwords to ask for: those no environment variable gives (test keys have theirs)."""
    cai_dat = ky_so.load_settings(du_lieu)
    needed = []
    for role in (ky_so.SIGNER, ky_so.AGENCY):
        khoa = getattr(cai_dat, role)
        if cai_dat.chung_thu_thu or ky_so.secret_for(khoa, None):
            continue
        what = (f"mã PIN của token «{khoa.pkcs11.token}»" if khoa.pkcs11 and khoa.pkcs11.token else
                "mã PIN của token" if khoa.pkcs11 else f"mật khẩu của tệp khóa {Path(khoa.tep).name}")
        needed.append(Secret(role, f"{what} ({ky_so.ROLE_NAMES[role]})"))
    return needed


@dataclass
class ToSign:
    """What signing a file would do, before any PIN is asked."""

    so_hieu: str
    da_ky: bool  # signed before: signing returns that file untouched, no key needed


def to_sign(du_lieu: Path, source: Path, register: Path | None = None) -> ToSign:
    """Refuse now what signing would refuse (a draft, a revoked number, a changed file); nothing written."""
    docx = _issued_docx(Path(source))
    with open_register(du_lieu, register) as reg:
        found = _issued(reg, docx)
        return ToSign(vn.so_hieu(found.row.so, found.row.ky_hieu), _earlier(reg, signed_name(docx)) is not None)


def sign_document(du_lieu: Path, source: Path, secrets: dict[str, str] | None = None, *,
                  register: Path | None = None, annexes: list[Path] | None = None,
                  now: datetime | None = None, to_pdf: Callable[..., Path] | None = None) -> SignedDocument:
    """Sign an issued document (its .docx, or the PDF beside it) as `<name>-ky-so.pdf`: PDF/A-2b, the
    signer's signature then the school's, placed as NĐ 30 Phụ lục I Phần II shows them; annex files
    signed by the school alone. Refused: drafts, revoked numbers, changed files; nothing is written.
    `to_pdf` converts (`PdfConverter.to_pdf`, e.g. the page's warm LibreOffice); by default a LibreOffice
    of its own."""
    cai_dat = settings(du_lieu)
    don_vi = load_model(Path(du_lieu) / DON_VI_FILE, DonVi).model
    docx = _issued_docx(Path(source))
    target = signed_name(docx)
    secrets = {role: value for role, value in (secrets or {}).items() if value}
    with open_register(du_lieu, register, don_vi) as reg:
        found = _issued(reg, docx)
        number = vn.so_hieu(found.row.so, found.row.ky_hieu)
        earlier = _earlier(reg, target)
        if earlier is not None:
            return SignedDocument(target, number, earlier.nguoi_ky, False, chung_thu_thu=cai_dat.chung_thu_thu)
        annex_targets = [signed_name(Path(a)) for a in annexes or []]
        for annex in annexes or []:
            if Path(annex).suffix.lower() not in (".pdf", ".docx") or not Path(annex).is_file():
                raise DataError("không thấy tệp kèm theo (cần tệp .pdf hoặc .docx)", annex)
        for path in [target, *annex_targets]:
            if os.path.lexists(path):
                raise SigningError(f"đã có tệp {path} mà sổ văn bản không ghi là tệp đã ký số; chuyển nó đi chỗ "
                                   "khác rồi ký lại (tệp đã ký không bao giờ bị ghi đè)")
        when = ky_so.signing_time(now)
        # The keys first: a wrong PIN or a missing token is said before the conversion's wait.
        with _keys(du_lieu, cai_dat, secrets, found.row.nguoi_ky, don_vi, when) as (signer, agency), \
                ky_so.temp_folder() as tmp:
            tmp = Path(tmp)
            pdf = _pdfa(docx, tmp, to_pdf)
            font = ky_so.info_font(tmp)
            annex_pdfs = [_pdfa(a, tmp, to_pdf) if a.suffix.lower() == ".docx" else a for a in map(Path, annexes or [])]
            names = [ky_so.subject_name(signer.cert), ky_so.subject_name(agency.cert)]
            jobs = [(pdf, target, _main_signatures(pdf, cai_dat, du_lieu, signer, agency, found.row.nguoi_ky,
                                                   don_vi.ten, when, font), names, False)]
            jobs += [(annex, annex_target, _annex_signature(annex, agency, don_vi.ten, number, when, font),
                      names[1:], True) for annex, annex_target in zip(annex_pdfs, annex_targets)]
            _sign_all(reg, found, jobs, cai_dat.may_chu_dau_thoi_gian)
    return SignedDocument(target, number, names, True, annex_targets, cai_dat.chung_thu_thu)


def issued_files(du_lieu: Path, nam: int, ten: str, register: Path | None = None) -> list[Path]:
    """The issued (not revoked) files of a document, to sign; a path the register holds relative to the
    folder it was issued from is looked for beside the data folder too."""
    from . import document_rows
    files = []
    for row in document_rows(du_lieu, nam, ten, register):
        if row.trang_thai != ISSUED or not row.tep:
            continue
        path = Path(row.tep)
        if not path.is_absolute() and not path.exists():
            path = Path(du_lieu).resolve().parent / path
        files.append(path)
    return files


def _issued_docx(source: Path) -> Path:
    if source.suffix.lower() not in (".docx", ".pdf"):
        raise DataError("cần tệp .docx hoặc .pdf của một văn bản đã cấp số", source)
    docx = source.with_suffix(".docx")
    if not docx.is_file():
        raise DataError(f"không thấy tệp Word {docx.name} của văn bản (PDF ký số được xuất lại từ tệp đã cấp "
                        "số ghi trong sổ)", source)
    return docx


def _issued(reg: Register, docx: Path) -> IssuedFile:
    """The register's row of an issued file: a draft, a revoked number or a changed file is refused."""
    from . import REVOKED_FOLDER
    found = reg.issued_file(docx) or reg.issued_file(docx.parent / REVOKED_FOLDER / docx.name)
    if found is None:
        raise SigningError(f"{docx} không phải văn bản đã cấp số trong sổ văn bản đi: bản dự thảo (hay tệp ngoài "
                           "sổ) không bao giờ được ký số; hãy cấp số cho văn bản trước")
    number = f"số {vn.so_hieu(found.row.so, found.row.ky_hieu)} năm {found.row.nam}"
    if found.row.trang_thai == REVOKED:
        raise SigningError(f"{number} đã bị thu hồi ({found.row.ly_do_thu_hoi}): không ký số văn bản đã thu hồi")
    if found.row.trang_thai != ISSUED:
        raise SigningError(f"{number} đang được cấp dở: hãy hoàn tất việc cấp số trước khi ký số")
    if found.sha256 and sha256(docx) != found.sha256:
        raise SigningError(f"{docx} đã bị sửa sau khi cấp {number} (khác bản ghi trong sổ): văn bản đã ban hành "
                           "không được sửa; hãy chép lại tệp từ bản sao lưu, hoặc thu hồi số rồi cấp số mới")
    return found


def _earlier(reg: Register, target: Path):
    """A signed file recorded before: returned untouched, unless it changed since."""
    earlier = reg.signed(target)
    if earlier is None:
        return None
    if not target.is_file():
        raise SigningError(f"sổ văn bản ghi đã ký số {target} nhưng tệp không còn; hãy chép lại tệp từ bản sao lưu")
    if sha256(target) != earlier.sha256:
        raise SigningError(f"tệp đã ký số {target} đã bị sửa sau khi ký (khác bản ghi trong sổ); tệp đã ký không "
                           "được sửa: hãy chép lại tệp từ bản sao lưu")
    return earlier


def _pdfa(docx: Path, tmp: Path, to_pdf: Callable[..., Path] | None) -> Path:
    """The document as PDF/A-2b, converted in the temporary folder (nothing is written beside it)."""
    from .. import pdf
    copy = tmp / docx.name
    shutil.copyfile(docx, copy)
    if to_pdf is not None:
        return to_pdf(copy, pdfa=True)
    result = pdf.convert([copy], pdfa=True, workers=1)
    if result.failed:
        raise pdf.ConverterError("\n".join(result.failed.values()))
    return result.pdfs[0]


@contextmanager
def _keys(du_lieu: Path, cai_dat: ky_so.CaiDat, secrets: dict[str, str], signer_name: str, don_vi: DonVi,
          when: datetime) -> Iterator[list[ky_so.Key]]:
    """Both keys opened (two tokens may be plugged in at once), their certificates checked."""
    header = " ".join(don_vi.ten_dau_trang or [])
    with ExitStack() as stack:
        keys = []
        for role, owners in ((ky_so.SIGNER, [signer_name]), (ky_so.AGENCY, [don_vi.ten, header])):
            khoa = getattr(cai_dat, role)
            secret = secrets.get(role) or ky_so.secret_for(khoa, None)
            if secret is None and cai_dat.chung_thu_thu:
                from ..ky_so_thu import PASSWORD
                secret = PASSWORD
            key = stack.enter_context(ky_so.open_key(du_lieu, role, khoa, secret))
            owner, *aliases = owners
            ky_so.check_certificate(key, role, owner, when, *aliases)
            keys.append(key)
        yield keys


def _image(du_lieu: Path, khoa: ky_so.Khoa, what: str) -> Path:
    if not khoa.anh:
        raise DataError(f"chưa chọn {what} (`anh`) trong cài đặt ký số", Path(du_lieu) / ky_so.SETTINGS_FILE)
    return ky_so.in_folder(du_lieu, khoa.anh)


def _main_signatures(pdf: Path, cai_dat, du_lieu, signer, agency, signer_name, school, when, font):
    signature = _image(du_lieu, cai_dat.nguoi_ky, "ảnh chữ ký của người ký")
    seal = _image(du_lieu, cai_dat.don_vi, "ảnh dấu của đơn vị")
    block = ky_so.find_block(pdf, signer_name)
    text = ky_so.info_text(school, when)
    placed = ky_so.place(block, cai_dat.trinh_bay, _ratio(signature), _ratio(seal), ky_so.text_width(text, font))
    return [ky_so.Signature(signer, "chu-ky-nguoi-ky", placed.page, placed.signer, ky_so.signer_style(signature)),
            ky_so.Signature(agency, "chu-ky-don-vi", placed.page, placed.agency,
                            ky_so.agency_style(seal, text, font))]


def _ratio(path: Path) -> float:
    try:
        return ky_so.image_ratio(path)
    except FileNotFoundError:
        raise SigningError(f"không thấy ảnh {path}; chọn lại ảnh trong cài đặt ký số") from None
    except OSError:
        raise SigningError(f"{path} không phải ảnh PNG đọc được") from None


def _annex_signature(pdf: Path, agency, school: str, number: str, when, font):
    """An annex file: the school's signature with no image, its information at the top right of page 1."""
    from pypdf import PdfReader
    box = PdfReader(pdf).pages[0].mediabox
    text = ky_so.info_text(school, when, main_number=f"Kèm theo văn bản số {number}")
    width, height = ky_so.text_width(text, font) + 4, 3 * ky_so.LEADING + 4
    right, top = float(box.right) - 15 * ky_so.MM, float(box.top) - 8 * ky_so.MM
    placed = ky_so.Box(right - width, top - height, right, top)
    return [ky_so.Signature(agency, "chu-ky-don-vi", 0, placed, ky_so.agency_style(None, text, font))]


def _sign_all(reg: Register, found: IssuedFile, jobs: list[tuple], timestamp_url: str | None) -> None:
    """Every file signed into its temporary copy first (a refusal leaves none), then each recorded and
    put in place."""
    try:
        for pdf, target, plan, _, _ in jobs:
            ky_so.sign(pdf, signing_temp(target), plan, timestamp_url)
    except BaseException:
        for _, target, _, _, _ in jobs:
            signing_temp(target).unlink(missing_ok=True)
        raise
    for _, target, _, names, annex in jobs:
        reg.record_signed(found.id, target, signing_temp(target), names, annex)


# --- checking a signed file -----------------------------------------------------------------------

@dataclass
class CheckedFile:
    tep: Path
    chu_ky: list[ky_so.Checked]
    tin_cay_goc: int  # how many roots the school trusts

    @property
    def nguyen_ven(self) -> bool:
        return all(c.nguyen_ven and c.phu_ca_tep for c in self.chu_ky)


def check_signed(du_lieu: Path | None, pdf: Path) -> CheckedFile:
    """Who signed, when, whether the file is unchanged since, whether each chain ends in a root the
    school trusts (`chung_thu_goc`; none when the school has no signing settings)."""
    roots: list[Path] = []
    if du_lieu is not None and (Path(du_lieu) / ky_so.SETTINGS_FILE).is_file():
        roots = [ky_so.in_folder(du_lieu, r) for r in ky_so.load_settings(du_lieu).chung_thu_goc]
    if not Path(pdf).is_file():
        raise DataError("không thấy tệp", pdf)
    return CheckedFile(Path(pdf), ky_so.check(Path(pdf), roots), len(roots))


# --- the settings, from the Trường page ---------------------------------------------------------------

UPLOADS = "ky-so"  # images, key files and roots given on the page, inside the school's folder
ROLES = (ky_so.SIGNER, ky_so.AGENCY)


def settings_values(du_lieu: Path) -> dict[str, object]:
    """`ky-so.yaml` as flat form values (`nguoi_ky.pkcs11.token` …); empty when the school has none."""
    path = Path(du_lieu) / ky_so.SETTINGS_FILE
    if not path.is_file():
        return {}
    flat: dict[str, object] = {}

    def walk(value, prefix: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{prefix}.{key}" if prefix else key)
        else:
            flat[prefix] = value
    walk(ky_so.load_settings(du_lieu).model_dump(), "")
    return flat


def settings_hash(du_lieu: Path) -> str:
    """The fingerprint of `ky-so.yaml` a form starts from ("" when there is none)."""
    from ..school import file_hash
    return file_hash(Path(du_lieu) / ky_so.SETTINGS_FILE)


def save_settings(du_lieu: Path, values: dict[str, Any], uploads: dict[str, tuple[str, bytes]],
                  expected_hash: str | None) -> ky_so.CaiDat:
    """Form values and uploaded files into `ky-so.yaml` (its comments and order kept). Uploads go into
    `<data>/ky-so/`; images must be PNG. Everything is checked before anything is written."""
    from ruamel.yaml.comments import CommentedMap
    from .. import school
    from ..files import make_dirs, write_atomic
    from ..load import Source, validate
    path = Path(du_lieu) / ky_so.SETTINGS_FILE
    root = school._load_for_edit(path, expected_hash) if path.is_file() else CommentedMap()
    if not path.is_file() and expected_hash:
        raise school.EditConflict("tệp đã bị xóa ở nơi khác từ lúc mở trang này; thay đổi chưa được lưu", path)
    files: dict[Path, bytes] = {}
    for name, (filename, data) in uploads.items():
        if name.endswith(".anh"):
            _check_png(data, path, name)
        stored = f"{UPLOADS}/{Path(filename).name}"
        files[Path(du_lieu) / stored] = data
        if name == "chung_thu_goc":
            values = {**values, "chung_thu_goc": [*values.get("chung_thu_goc", []), stored]}
        else:
            role, key = name.split(".")
            values = {**values, role: {**values.get(role, {}), key: stored}}
    school.set_values(root, values)
    cai_dat = validate(ky_so.CaiDat, root, Source(path, root))
    for target, data in files.items():
        make_dirs(target.parent)
        write_atomic(target, lambda tmp: tmp.write_bytes(data))
    write_atomic(path, lambda tmp: tmp.write_text(school.dump(root), encoding="utf-8"))
    return cai_dat


def _check_png(data: bytes, path: Path, name: str) -> None:
    import io
    from PIL import Image, UnidentifiedImageError
    try:
        with Image.open(io.BytesIO(data)) as image:
            ok = image.format == "PNG"
    except (UnidentifiedImageError, OSError):
        ok = False
    if not ok:
        raise DataError("cần ảnh PNG nền trong suốt", path, field=name)
