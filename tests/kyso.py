"""Helpers of the ký số tests: a local test CA made here with `cryptography`, SoftHSM2 tokens holding
keys generated inside them, and small PDFs made without LibreOffice. Never a network."""

from __future__ import annotations

import http.server
import shutil
import subprocess
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SOFTHSM_LIBS = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                "/usr/local/lib/softhsm/libsofthsm2.so")


def softhsm_lib() -> str | None:
    found = [p for p in SOFTHSM_LIBS if Path(p).is_file()]
    return found[0] if found and shutil.which("softhsm2-util") else None


def _name(cn: str, org: str | None = None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if org:
        parts.insert(1, x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    return x509.Name(parts)


@dataclass
class CA:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    @classmethod
    def make(cls, cn: str = "CA thử nghiệm của kiểm thử vanthu") -> CA:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        now = datetime.now(timezone.utc)
        cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(cn))
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3650))
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                             data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                             crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                .sign(key, hashes.SHA256()))
        return cls(key, cert)

    def issue(self, public_key, cn: str, org: str | None = None, days: tuple[int, int] = (-1, 365)) -> x509.Certificate:
        now = datetime.now(timezone.utc)
        return (x509.CertificateBuilder().subject_name(_name(cn, org)).issuer_name(self.cert.subject)
                .public_key(public_key).serial_number(x509.random_serial_number())
                .not_valid_before(now + timedelta(days=days[0])).not_valid_after(now + timedelta(days=days[1]))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                             data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                             crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False)
                .sign(self.key, hashes.SHA256()))

    def tsa(self, cn: str = "Máy chủ dấu thời gian thử nghiệm") -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
        """A timestamping authority's key and certificate (RFC 3161 wants that one critical key usage)."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(self.cert.subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(datetime.now(timezone.utc) - timedelta(days=1))
                .not_valid_after(datetime.now(timezone.utc) + timedelta(days=365))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False)
                .sign(self.key, hashes.SHA256()))
        return key, cert

    def write_root(self, path: Path) -> Path:
        path.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))
        return path

    def p12(self, path: Path, cn: str, password: str, org: str | None = None, days=(-1, 365)) -> Path:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = self.issue(key.public_key(), cn, org, days)
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            b"k", key, cert, [self.cert], serialization.BestAvailableEncryption(password.encode())))
        return path


def init_token(label: str, pin: str, ca: CA, cn: str, org: str | None = None, key_label: str = "ky-so") -> None:
    """A SoftHSM2 token whose key pair is generated inside it; the CA's certificate for it stored beside."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin",
                    pin + "-so"], check=True, capture_output=True)
    lib = pkcs11.lib(softhsm_lib())
    lib.reinitialize()  # see the token just made
    with lib.get_token(token_label=label).open(rw=True, user_pin=pin) as session:
        public, _ = session.generate_keypair(KeyType.RSA, 2048, store=True, label=key_label, id=b"\x01")
        numbers = rsa.RSAPublicNumbers(int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
                                       int.from_bytes(public[Attribute.MODULUS], "big"))
        cert = ca.issue(numbers.public_key(), cn, org)
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: key_label, Attribute.ID: b"\x01",
            Attribute.SUBJECT: cert.subject.public_bytes(), Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER)})


def small_pdf(path: Path, title: str, name: str, pages: int = 2) -> Path:
    """A PDF with the signature block (title, blank lines, name) at the end of its last page, written
    with pypdf and a standard font: no LibreOffice. Names must be plain ASCII here."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Times-Roman"),
                             NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})
    for number in range(pages):
        page = writer.add_blank_page(595.3, 841.9)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
            {NameObject("/F1"): writer._add_object(font)})})
        text = f"BT /F1 13 Tf 85 760 Td (Trang {number + 1}: noi dung van ban) Tj ET\n"
        if number == pages - 1:
            text += (f"BT /F1 13 Tf 85 480 Td (Noi nhan:) Tj ET\n"
                     f"BT /F1 13 Tf 380 480 Td ({title}) Tj ET\n"
                     f"BT /F1 13 Tf 385 400 Td ({name}) Tj ET\n")
        stream = DecodedStreamObject()
        stream.set_data(text.encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    with open(path, "wb") as f:
        writer.write(f)
    return path


@contextmanager
def timestamp_server(ca: CA, status: int = 200):
    """An RFC 3161 timestamp server on a loopback port of its own (pyHanko's test stamper behind a
    plain HTTP server), yielding its URL and the list of requests it answered. With another status
    than 200 it answers every request with that HTTP error."""
    from asn1crypto import keys, tsp, x509 as asn1_x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    key, cert = ca.tsa()
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                                           serialization.NoEncryption())),
        certs_to_embed=[asn1_x509.Certificate.load(ca.cert.public_bytes(serialization.Encoding.DER))])
    answered: list[bytes] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if status != 200:
                self.send_error(status)
                return
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            answered.append(body)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa", answered
    finally:
        server.shutdown()
        server.server_close()
