"""Văn bản điện tử: a PDF signed (PAdES) by the signer and by the school, shown as NĐ 30/2020 wants it.

The rules of Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần II («Thể thức, kỹ thuật trình bày văn bản
điện tử»), as quoted by Sở TTTT's guide 893/STTTT-CNTT and by Cục Văn thư và Lưu trữ nhà nước (the
decree's own text was not in reach; both sources agree):
- the signer's signature: image = the handwritten signature, blue, PNG with a transparent background,
  centred between the signer's title and name (ô số 7c of Phần I, Mục IV);
- the agency's signature: image = the seal, red, at its real size, PNG with a transparent background,
  covering about 1/3 of the signer's image on its left; information = the agency's name and the signing
  time (day, month, year; hours, minutes, seconds; Vietnam's time zone, ISO 8601), Times New Roman,
  lower case, upright, 10 pt, black;
- files issued with the main document (an annex in its own file): signed by the agency, no image; the
  information (number and ký hiệu of the main document, signing time, agency) at the top right of the
  first page.
Where the text allows a range ("about 1/3", "real size", the image sizes) it is a setting of
`ky-so.yaml` (TrinhBay below); the rest is fixed here.

Keys stay in their tokens: a PKCS#11 library (the CA's driver), or a .p12/.pfx file. PINs and passwords
are given for one signing and never stored.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import warnings
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Iterator

from pydantic import Field, StringConstraints, model_validator

from . import vn
from .errors import DataError, SigningError

if TYPE_CHECKING:  # pyHanko and cryptography load only when signing
    from cryptography.x509 import Certificate
    from pyhanko.sign.signers import Signer
    from pyhanko.stamp import BaseStampStyle
from .models import Model, Text

SETTINGS_FILE = "ky-so.yaml"
TEST_FOLDER = ".ky-so-thu"  # the example school's test-only CA and keys; git-ignored, never trusted
VIETNAM = timezone(timedelta(hours=7))
MM = 72 / 25.4  # PDF points per millimetre
INFO_SIZE = 10  # pt, the information text (Phần II: cỡ chữ 10)
LEADING = 12  # pt between its lines (an integer: pyHanko lays text out in whole numbers)
INFO_FONTS = ("Times New Roman", "Liberation Serif")  # Liberation Serif: metric-compatible stand-in
SIGNER, AGENCY = "nguoi_ky", "don_vi"
ROLE_NAMES = {SIGNER: "người ký", AGENCY: "đơn vị"}

# pyHanko imports cryptography's DSA, which warns in English on every run; vanthu signs with RSA/ECDSA keys.
warnings.filterwarnings("ignore", message=".*DSA is deprecated.*")

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


# --- settings (`ky-so.yaml` in the school's folder) -------------------------------------------------

class Pkcs11(Model):
    """A USB token through its PKCS#11 library."""

    thu_vien: Text  # the CA's driver, e.g. /usr/lib/x86_64-linux-gnu/libvnpt-ca.so
    token: Name | None = None  # the token's label (when several are plugged in)
    khe: int | None = Field(None, ge=0)  # or the slot number
    khoa: Name | None = None  # label of the key and its certificate on the token (default: the only one)


class Khoa(Model):
    """Where one signature's key lives, and its image."""

    pkcs11: Pkcs11 | None = None
    tep: Text | None = None  # a .p12/.pfx file, relative to the school's folder
    mat_khau_bien: Text | None = None  # environment variable holding the PIN or password (else asked)
    anh: Text | None = None  # PNG with a transparent background: the signature (blue) or the seal (red)

    @model_validator(mode="after")
    def _one_place(self):
        if (self.pkcs11 is None) == (self.tep is None):
            raise ValueError("cần đúng một nơi giữ khóa: `pkcs11` (token USB) hoặc `tep` (tệp .p12/.pfx)")
        return self


class TrinhBay(Model):
    """The appearance, where the decree allows a range."""

    chu_ky_cao_mm: float = Field(18, ge=8, le=40)  # the signer's image: height, within the gap above the name
    chu_ky_rong_toi_da_mm: float = Field(60, ge=20, le=80)
    dau_mm: float = Field(36, ge=20, le=60)  # the seal at its real size (its image's height)
    dau_trum: float = Field(1 / 3, ge=0.2, le=0.5)  # part of the signer's image the seal covers ("khoảng 1/3")


class CaiDat(Model):
    """`ky-so.yaml`: whose keys sign, the images, the trusted roots, the timestamp server."""

    nguoi_ky: Khoa
    don_vi: Khoa
    chung_thu_goc: list[Text] = []  # CA root certificates (.pem/.cer/.crt) the school trusts
    may_chu_dau_thoi_gian: Text | None = None  # RFC 3161 timestamp server (URL)
    trinh_bay: TrinhBay = TrinhBay()
    chung_thu_thu: bool = False  # test certificates of a test-only CA, made at first use: no legal value


def load_settings(du_lieu: Path) -> CaiDat:
    from .load import load_model
    path = Path(du_lieu) / SETTINGS_FILE
    if not path.is_file():
        raise DataError("trường chưa cài đặt ký số: cần khai báo khóa của người ký và của trường, ảnh chữ ký và "
                        "ảnh dấu (tệp ky-so.yaml)", path)
    return load_model(path, CaiDat).model


def in_folder(du_lieu: Path, name: str) -> Path:
    path = Path(name)
    return path if path.is_absolute() else Path(du_lieu) / path


# --- keys ----------------------------------------------------------------------------------------

@dataclass
class Key:
    """An opened key: pyHanko's signer and its certificate (cryptography's)."""

    signer: Signer
    cert: Certificate
    where: str  # "token «HT»" or "tệp hieu-truong.p12", for messages


def secret_for(khoa: Khoa, given: str | None) -> str | None:
    """The PIN or password: the one given for this signing, else the environment variable's."""
    if given:
        return given
    return os.environ.get(khoa.mat_khau_bien) if khoa.mat_khau_bien else None


@contextmanager
def open_key(du_lieu: Path, role: str, khoa: Khoa, secret: str | None) -> Iterator[Key]:
    if khoa.pkcs11 is not None:
        with _token_key(role, khoa.pkcs11, secret) as key:
            yield key
    else:
        assert khoa.tep is not None  # a key is on a token or in a file (Khoa's validator)
        yield _file_key(role, in_folder(du_lieu, khoa.tep), secret)


def _file_key(role: str, path: Path, secret: str | None) -> Key:
    from asn1crypto import keys as asn1_keys, x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    where = f"tệp khóa {path.name}"
    try:
        data = path.read_bytes()
    except OSError:
        raise SigningError(f"không thấy {where} của {ROLE_NAMES[role]} ({path}); chọn lại tệp .p12/.pfx "
                           "trong cài đặt ký số") from None
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(data, secret.encode() if secret else None)
    except ValueError:
        raise SigningError(f"mật khẩu của {where} ({ROLE_NAMES[role]}) không đúng, hoặc tệp không phải "
                           "tệp khóa .p12/.pfx; không ký gì") from None
    if key is None or cert is None:
        raise SigningError(f"{where} không có khóa bí mật và chứng thư số của {ROLE_NAMES[role]}")
    der = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    to_asn1 = lambda c: asn1_x509.Certificate.load(c.public_bytes(Encoding.DER))  # noqa: E731
    signer = SimpleSigner(signing_cert=to_asn1(cert), signing_key=asn1_keys.PrivateKeyInfo.load(der),
                          cert_registry=SimpleCertificateStore.from_certs([to_asn1(c) for c in chain or []]))
    return Key(signer, cert, where)


@contextmanager
def _token_key(role: str, spec: Pkcs11, pin: str | None) -> Iterator[Key]:
    import pkcs11
    from cryptography import x509
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    named = f"token «{spec.token}»" if spec.token else (f"token ở khe {spec.khe}" if spec.khe is not None else "token")
    who = ROLE_NAMES[role]
    if not Path(spec.thu_vien).is_file():
        raise SigningError(f"không thấy thư viện PKCS#11 {spec.thu_vien} của {named} ({who}): cài trình điều "
                           "khiển token của nhà cung cấp chữ ký số, hoặc sửa đường dẫn trong cài đặt ký số")
    if not pin:
        raise SigningError(f"cần mã PIN của {named} ({who})")
    try:
        session = open_pkcs11_session(spec.thu_vien, slot_no=spec.khe,
                                      token_criteria=TokenCriteria(label=spec.token) if spec.token else None,
                                      user_pin=pin)
    except pkcs11.PinIncorrect:
        raise SigningError(f"mã PIN của {named} ({who}) không đúng; không ký gì. Lưu ý: nhập sai nhiều lần "
                           "token sẽ bị khóa") from None
    except pkcs11.PinLocked:
        raise SigningError(f"{named} ({who}) đã bị khóa vì nhập sai PIN nhiều lần; liên hệ nhà cung cấp chữ "
                           "ký số để mở khóa") from None
    except (pkcs11.PKCS11Error, RuntimeError, OSError) as exc:
        if "No token" in str(exc) or isinstance(exc, pkcs11.NoSuchToken):
            raise SigningError(f"không thấy {named} ({who}): cắm token vào máy rồi thử lại") from None
        raise SigningError(f"không mở được {named} ({who}): {type(exc).__name__}") from None
    try:
        signer = PKCS11Signer(session, cert_label=spec.khoa, key_label=spec.khoa, other_certs_to_pull=None) \
            if spec.khoa else PKCS11Signer(session, key_id=_only_key_id(session, named, who),
                                           other_certs_to_pull=None)
        try:
            cert = x509.load_der_x509_certificate(signer.signing_cert.dump())
        except Exception:  # pyHanko's lookup errors are English: say which object is missing
            raise SigningError(f"{named} ({who}) không có khóa và chứng thư số"
                               + (f" mang nhãn «{spec.khoa}»" if spec.khoa else "")) from None
        yield Key(signer, cert, named)
    finally:
        session.close()


def _only_key_id(session, named: str, who: str) -> bytes:
    from pkcs11 import Attribute, ObjectClass
    ids = [obj[Attribute.ID] for obj in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})]
    if len(ids) != 1:
        raise SigningError(f"{named} ({who}) có {len(ids)} khóa; ghi nhãn khóa cần dùng (`khoa`) trong cài đặt ký số")
    return ids[0]


# --- certificates --------------------------------------------------------------------------------

def subject_name(cert) -> str:
    from cryptography.x509.oid import NameOID
    for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME):
        values = cert.subject.get_attributes_for_oid(oid)
        if values:
            return vn.nfc(str(values[0].value))
    return cert.subject.rfc4514_string()


# How certificates often spell school names: the full words, where the school writes the short form.
_SHORT = {"trung-hoc-co-so": "thcs", "trung-hoc-pho-thong": "thpt", "tieu-hoc": "th", "mam-non": "mn",
          "uy-ban-nhan-dan": "ubnd", "giao-duc-va-dao-tao": "gd-dt"}


def _loose(name: str) -> str:
    text = vn.slug(name)
    for full, short in _SHORT.items():
        text = text.replace(full, short)
    return text


def check_certificate(key: Key, role: str, owner: str, now: datetime, *aliases: str) -> None:
    """Refuse a certificate out of its validity period, or one that is not the owner's (its name, or one
    of `aliases`: the school's name as its header prints it)."""
    cert, who = key.cert, ROLE_NAMES[role]
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    if now < start:
        raise SigningError(f"chứng thư số trong {key.where} ({who}) chưa có hiệu lực: dùng được từ ngày "
                           f"{vn.ngay_ngan(start.astimezone(VIETNAM).date())}; không ký gì")
    if now > end:
        raise SigningError(f"chứng thư số trong {key.where} ({who}) đã hết hạn ngày "
                           f"{vn.ngay_ngan(end.astimezone(VIETNAM).date())}; hãy gia hạn với nhà cung cấp chữ "
                           "ký số; không ký gì")
    names = [_loose(str(a.value)) for a in cert.subject]
    wanted = [_loose(n) for n in (owner, *aliases) if _loose(n)]
    if not any(w in name for w in wanted for name in names):
        raise SigningError(f"chứng thư số trong {key.where} là của «{subject_name(cert)}», không phải của "
                           f"{who} «{owner}»: hãy dùng đúng token hoặc tệp khóa của {who}; không ký gì")


# --- where the signature block is -----------------------------------------------------------------

@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, origin bottom left."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Line:
    text: str
    box: Box


@dataclass(frozen=True)
class Block:
    """The signature block on its page: the signer's title line (above) and name line (below)."""

    page: int  # 0-based
    title: Line
    name: Line
    page_size: tuple[float, float]


def page_lines(pdf: Path) -> list[tuple[tuple[float, float], list[Line]]]:
    """Each page's size and text lines, from poppler's word boxes."""
    if not shutil.which("pdftotext"):
        raise SigningError("cần poppler (pdftotext) để tìm chỗ chữ ký trong PDF; cài bằng: apt-get install "
                           "poppler-utils")
    done = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True)
    if done.returncode != 0:
        raise SigningError(f"không đọc được {pdf} như một tệp PDF")
    ns = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in ET.fromstring(done.stdout).iter(f"{ns}page"):
        width, height = float(page.attrib["width"]), float(page.attrib["height"])
        lines = []
        for line in page.iter(f"{ns}line"):
            words = [w.text or "" for w in line.iter(f"{ns}word")]
            x0, y0, x1, y1 = (float(line.attrib[k]) for k in ("xMin", "yMin", "xMax", "yMax"))
            lines.append(Line(vn.nfc(" ".join(words)), Box(x0, height - y1, x1, height - y0)))
        pages.append(((width, height), lines))
    return pages


def find_block(pdf: Path, ho_ten: str) -> Block:
    """The last line holding the signer's name, and the line right above it (the title)."""
    wanted = " ".join(vn.nfc(ho_ten).split()).casefold()
    pages = page_lines(pdf)
    for index in range(len(pages) - 1, -1, -1):
        size, lines = pages[index]
        names = [line for line in lines if line.text.casefold() == wanted]
        if not names:
            continue
        name = min(names, key=lambda line: line.box.y0)
        above = [line for line in lines if line.box.y0 > name.box.y1 and _overlap(line.box, name.box)]
        if above:
            return Block(index, min(above, key=lambda line: line.box.y0), name, size)
    raise SigningError(f"không thấy họ tên người ký «{ho_ten}» trong PDF để đặt chữ ký; văn bản cần khối chữ "
                       "ký (chức vụ, họ tên) như khi in")


def _overlap(a: Box, b: Box) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1


# --- placing the images ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Placement:
    page: int
    signer: Box  # the signer's image
    seal: Box  # the seal's image
    agency: Box  # the agency's annotation: the seal, its information below


def image_ratio(path: Path) -> float:
    from PIL import Image
    with Image.open(path) as image:
        return image.width / image.height


def place(block: Block, layout: TrinhBay, signature_ratio: float, seal_ratio: float, info_width: float) -> Placement:
    """The signer's image centred between title and name; the seal over its left part (Phần II)."""
    gap = block.title.box.y0 - block.name.box.y1
    height = min(layout.chu_ky_cao_mm * MM, max(gap - 2, 8 * MM))
    width = height * signature_ratio
    if width > layout.chu_ky_rong_toi_da_mm * MM:
        width = layout.chu_ky_rong_toi_da_mm * MM
        height = width / signature_ratio
    middle = block.name.box.y1 + gap / 2
    cx = block.name.box.cx
    signer = Box(cx - width / 2, middle - height / 2, cx + width / 2, middle + height / 2)
    seal_h = layout.dau_mm * MM
    seal_w = seal_h * seal_ratio
    right = signer.x0 + width * layout.dau_trum
    seal = Box(right - seal_w, middle - seal_h / 2, right, middle + seal_h / 2)
    text_h = 2 * LEADING + 4
    agency = Box(right - max(seal_w, info_width + 4), seal.y0 - text_h, right, seal.y1)
    return Placement(block.page, signer, seal, agency)


# --- signing --------------------------------------------------------------------------------------

def info_font(folder: Path) -> Path:
    """Times New Roman, or its metric-compatible stand-in, as a font file to embed (PDF/A), written into
    `folder` at 1000 units per em: pyHanko writes the glyph widths as the font gives them, and a PDF
    reads them as thousandths of an em."""
    import logging
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    source = _font_file()
    target = Path(folder) / f"{source.stem}-1000.ttf"
    with TTFont(source) as font:
        if font["head"].unitsPerEm != 1000:
            scale_upem(font, 1000)
        font.save(target)
    return target


def _font_file() -> Path:
    if shutil.which("fc-match"):
        for family in INFO_FONTS:
            found = subprocess.run(["fc-match", "-f", "%{family}\n%{file}", f"{family}:style=Regular"],
                                   capture_output=True, text=True).stdout.splitlines()
            if len(found) == 2 and family in found[0] and found[1].endswith(".ttf"):
                return Path(found[1])
    raise SigningError("máy không có phông Times New Roman hay Liberation Serif để ghi thông tin chữ ký số; "
                       "cài bằng: apt-get install fonts-liberation2")


def signing_time(now: datetime | None = None) -> datetime:
    return (now or datetime.now(timezone.utc)).astimezone(VIETNAM).replace(microsecond=0)


def info_text(agency: str, when: datetime, main_number: str | None = None) -> str:
    """Phần II's information: the agency's name and the signing time in ISO 8601 with Vietnam's zone
    (for an annex, the main document's number and ký hiệu first)."""
    lines = ([main_number] if main_number else []) + [agency, when.isoformat()]
    return "\n".join(lines)


def text_width(text: str, font: Path, size: float = INFO_SIZE) -> float:
    from fontTools.ttLib import TTFont
    with TTFont(font) as tt:
        cmap, advances, units = tt.getBestCmap(), tt["hmtx"].metrics, tt["head"].unitsPerEm
        return max(sum(advances[cmap.get(ord(ch), ".notdef")][0] for ch in line) * size / units
                   for line in text.splitlines())


@dataclass
class Signature:
    """One signature to add: whose key, where and how it shows."""

    key: Key
    field: str
    page: int
    box: Box
    style: BaseStampStyle


def signer_style(image: Path):
    from pyhanko.pdf_utils import layout
    from pyhanko.stamp import StaticStampStyle
    return StaticStampStyle(background=_image(image), border_width=0, background_opacity=1.0,
                            background_layout=layout.SimpleBoxLayoutRule(
                                x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                                margins=layout.Margins.uniform(0), inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT))


def agency_style(image: Path | None, text: str, font: Path):
    """The seal at the top right of the annotation, the information in Times New Roman 10 below it
    (with no image: the information alone, at the top right)."""
    from pyhanko.pdf_utils import layout, text as pdf_text
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.stamp import TextStampStyle
    right_bottom = layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MAX,
                                              y_align=layout.AxisAlignment.ALIGN_MIN if image else layout.AxisAlignment.ALIGN_MAX,
                                              margins=layout.Margins.uniform(0))
    box_style = pdf_text.TextBoxStyle(font=GlyphAccumulatorFactory(str(font), font_size=INFO_SIZE),
                                      font_size=INFO_SIZE, leading=LEADING, border_width=0,
                                      box_layout_rule=right_bottom)
    extra = {}
    if image is not None:
        extra = dict(background=_image(image), background_opacity=1.0, background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MAX, y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins(bottom=2 * LEADING + 4), inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT))
    return TextStampStyle(stamp_text=text.replace("%", "%%"), text_box_style=box_style, border_width=0,
                          inner_content_layout=right_bottom, **extra)


def _image(path: Path):
    from PIL import Image, UnidentifiedImageError
    from pyhanko.pdf_utils.images import PdfImage
    try:
        image = Image.open(path)
        image.load()
    except FileNotFoundError:
        raise SigningError(f"không thấy ảnh {path}; chọn lại ảnh trong cài đặt ký số") from None
    except (UnidentifiedImageError, OSError):
        raise SigningError(f"{path} không phải ảnh PNG đọc được") from None
    return PdfImage(image, writer=None)


def sign(source: Path, target: Path, signatures: list[Signature], timestamp_url: str | None = None) -> None:
    """Add each signature in turn (an incremental update each, PAdES), writing `target`."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps

    stamper = timestamps.HTTPTimeStamper(timestamp_url) if timestamp_url else None
    data = Path(source).read_bytes()
    for signature in signatures:
        box = signature.box
        rect = (round(box.x0, 2), round(box.y0, 2), round(box.x1, 2), round(box.y1, 2))
        # pyHanko types the box as ints, yet writes any number into the PDF (points to 1/100).
        spec = fields.SigFieldSpec(signature.field, on_page=signature.page, box=rect)  # type: ignore[arg-type]
        meta = signers.PdfSignatureMetadata(field_name=signature.field, subfilter=fields.SigSeedSubFilter.PADES,
                                            md_algorithm="sha256")
        pdf_signer = signers.PdfSigner(meta, signer=signature.key.signer, stamp_style=signature.style,
                                       new_field_spec=spec, timestamper=stamper)
        out = io.BytesIO()
        try:
            pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), output=out)
        except Exception as exc:  # the token, the server or the file failed: say whose signature, in Vietnamese
            if isinstance(exc, SigningError):
                raise
            raise SigningError(f"không ký được bằng {signature.key.where}: {_reason(exc)}; không ký gì") from None
        data = out.getvalue()
    Path(target).write_bytes(data)


def _reason(exc: Exception) -> str:
    text = f"{type(exc).__name__} {exc}"
    if "imestamp" in text or "HTTP" in text or "Connection" in text:
        return "máy chủ dấu thời gian không trả lời"
    if "PinIncorrect" in text or "PIN" in text:
        return "mã PIN không đúng"
    return "token hoặc tệp khóa từ chối thao tác ký"


# --- checking a signed file -------------------------------------------------------------------------

@dataclass
class Checked:
    """One signature of a signed PDF, as a clerk reads it."""

    ten: str  # the certificate's subject
    luc: datetime | None  # the signing time it claims
    nguyen_ven: bool  # the signed bytes are unchanged
    phu_ca_tep: bool  # nothing but later signatures added after it
    tin_cay: bool  # its chain ends in a root the school trusts, and the certificate was valid
    ghi_chu: str  # why not, in Vietnamese; "" when all is well
    dau_thoi_gian: datetime | None = None  # the time a trusted timestamp server certifies, if any


def check(pdf: Path, roots: list[Path]) -> list[Checked]:
    """Every signature of `pdf`: who, when, whether intact and covering the file, whether trusted."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    import logging
    for noisy in ("pyhanko", "pyhanko_certvalidator"):  # English tracebacks of untrusted chains: said below
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    trust = [_load_root(path) for path in roots]
    try:
        with open(pdf, "rb") as f:
            reader = PdfFileReader(f, strict=False)
            embedded = reader.embedded_signatures
            if not embedded:
                raise SigningError(f"{pdf} không có chữ ký số nào")
            results = []
            for sig in embedded:
                context = ValidationContext(trust_roots=trust, allow_fetching=False, revocation_mode="soft-fail")
                status = validate_pdf_signature(sig, context)
                results.append(_as_checked(status))
            return results
    except (PdfReadError, ValueError, KeyError):
        raise SigningError(f"{pdf} không phải tệp PDF đọc được, hoặc đã hỏng") from None
    except OSError:
        raise SigningError(f"không đọc được tệp {pdf}") from None


def _load_root(path: Path):
    from asn1crypto import pem, x509 as asn1_x509
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise DataError(f"không thấy chứng thư gốc {path} (trong `chung_thu_goc` của cài đặt ký số)") from None
    if pem.detect(data):
        data = pem.unarmor(data)[2]
    try:
        return asn1_x509.Certificate.load(data)
    except ValueError:
        raise DataError(f"{path} không phải chứng thư số (.pem, .cer, .crt)") from None


def _as_checked(status) -> Checked:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    cert = status.signing_cert
    name = vn.nfc(cert.subject.human_friendly) if cert is not None else "không rõ"
    cn = cert.subject.native.get("common_name") if cert is not None else None
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None and status.modification_level <= ModificationLevel.FORM_FILLING)
    notes = []
    if not status.intact or not status.valid:
        notes.append("tệp đã bị sửa sau khi ký (nội dung đã ký không còn nguyên vẹn)")
    elif not whole:
        notes.append("tệp đã bị thêm nội dung sau khi ký")
    if not status.trusted:
        notes.append("chứng thư số không thuộc nhà cung cấp mà trường tin cậy (chưa thêm chứng thư gốc của họ), "
                     "hoặc đã hết hạn lúc ký")
    stamped = _timestamp(status.timestamp_validity, notes)
    when = status.signer_reported_dt
    return Checked(vn.nfc(cn) if cn else name, when.astimezone(VIETNAM) if when else None,
                   bool(status.intact and status.valid), whole, bool(status.trusted), "; ".join(notes), stamped)


def _timestamp(status, notes: list[str]) -> datetime | None:
    """The time a signature's timestamp certifies, when the stamp is intact and its server trusted:
    unlike the signer's own clock, it proves when the file was signed."""
    if status is None:
        return None
    if not (status.intact and status.valid):
        notes.append("dấu thời gian của chữ ký không còn nguyên vẹn")
        return None
    if not status.trusted:
        notes.append("dấu thời gian do máy chủ mà trường chưa tin cậy cấp (chưa thêm chứng thư gốc của máy chủ đó)")
        return None
    return status.timestamp.astimezone(VIETNAM)


def is_pdfa2(pdf: Path) -> bool:
    """Whether the file declares PDF/A-2 in its XMP metadata."""
    from xml.dom.minidom import CharacterData

    from pypdf import PdfReader
    meta = PdfReader(pdf).xmp_metadata
    if meta is None:
        return False
    parts = meta.rdf_root.getElementsByTagNameNS("http://www.aiim.org/pdfa/ns/id/", "part")
    values = [n.firstChild.data for n in parts if isinstance(n.firstChild, CharacterData)] if parts else []
    if not values:  # written as an attribute of rdf:Description
        values = [d.getAttributeNS("http://www.aiim.org/pdfa/ns/id/", "part")
                  for d in meta.rdf_root.getElementsByTagNameNS("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "Description")]
    return "2" in values


def temp_folder() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="vanthu-ky-so-")


SUFFIX = "-ky-so"  # x.docx → x-ky-so.pdf beside it


def signed_name(source: Path) -> Path:
    """The signed PDF (văn bản điện tử) of an issued document: beside it, named after it."""
    source = Path(source)
    return source.with_name(f"{source.stem}{SUFFIX}.pdf")
