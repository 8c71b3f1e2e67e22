"""Test certificates for a school that has no token yet (the example school): a test-only CA, a key file
for the signer and one for the school, and sample images, made at first use in `<data>/.ky-so-thu/`.

They let a newcomer see a signed document. The CA is named as a test CA, is never among the roots a
school trusts (checking a file signed with it says so), and the folder stays out of git.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from .files import make_dirs, write_atomic
from .ky_so import TEST_FOLDER

PASSWORD = "thu-nghiem"  # the test key files' password: they guard nothing
CA_NAME = "CA THỬ NGHIỆM của vanthu - không có giá trị pháp lý"
FILES = {"ca": "ca-thu-nghiem.pem", "nguoi_ky": "nguoi-ky-thu.p12", "don_vi": "don-vi-thu.p12",
         "chu_ky": "chu-ky-thu.png", "dau": "dau-thu.png"}


def ensure(du_lieu: Path, signer: str, school: str) -> Path:
    """The test folder, with its CA, keys and images made if missing."""
    folder = make_dirs(Path(du_lieu) / TEST_FOLDER)
    paths = {name: folder / file for name, file in FILES.items()}
    (folder / ".gitignore").write_text("*\n", encoding="utf-8")  # in case the data folder is a git repository
    if not all(p.exists() for p in (paths["ca"], paths["nguoi_ky"], paths["don_vi"])):
        _make_keys(paths, signer, school)
    if not paths["chu_ky"].exists():
        write_atomic(paths["chu_ky"], lambda tmp: _signature_image().save(tmp, format="PNG"))
    if not paths["dau"].exists():
        write_atomic(paths["dau"], lambda tmp: _seal_image().save(tmp, format="PNG"))
    return folder


def _make_keys(paths: dict[str, Path], signer: str, school: str) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    def name(cn: str, org: str | None = None) -> x509.Name:
        parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
        parts += [x509.NameAttribute(NameOID.ORGANIZATION_NAME, org)] if org else []
        return x509.Name(parts + [x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    now = datetime.now(timezone.utc)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_cert = (x509.CertificateBuilder().subject_name(name(CA_NAME)).issuer_name(name(CA_NAME))
               .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3650))
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .sign(ca_key, hashes.SHA256()))
    for role, cn, org in (("nguoi_ky", signer, school), ("don_vi", school, school)):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = (x509.CertificateBuilder().subject_name(name(cn, org)).issuer_name(ca_cert.subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3650))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .sign(ca_key, hashes.SHA256()))
        data = pkcs12.serialize_key_and_certificates(role.encode(), key, cert, [ca_cert],
                                                     serialization.BestAvailableEncryption(PASSWORD.encode()))
        write_atomic(paths[role], lambda tmp: tmp.write_bytes(data))
    pem = ca_cert.public_bytes(serialization.Encoding.PEM)
    write_atomic(paths["ca"], lambda tmp: tmp.write_bytes(pem))


def _signature_image():
    """A blue scribble on a transparent background (a handwritten signature's stand-in)."""
    from PIL import Image, ImageDraw
    image = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.line([(20, 170), (110, 40), (160, 190), (240, 60), (300, 160), (420, 70), (580, 120)],
              fill=(0, 51, 204, 255), width=9, joint="curve")
    draw.line([(60, 205), (540, 185)], fill=(0, 51, 204, 255), width=5)
    return image


def _seal_image():
    """A red round seal on a transparent background, marked as a test seal."""
    from PIL import Image, ImageDraw
    size = 600
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (218, 37, 29, 255)
    draw.ellipse([8, 8, size - 8, size - 8], outline=red, width=16)
    draw.ellipse([90, 90, size - 90, size - 90], outline=red, width=8)
    draw.regular_polygon((size / 2, size / 2, 110), 5, rotation=0, fill=red)
    draw.text((size / 2, size - 60), "MAU THU", fill=red, anchor="mm", font_size=48)
    return image
