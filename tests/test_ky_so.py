"""Ký số: văn bản điện tử signed with two SoftHSM2 tokens (the principal's and the school's), checked by
pyHanko's own validator; the images where NĐ 30 Phụ lục I Phần II puts them; clear refusals."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from kyso import CA, init_token, small_pdf, softhsm_lib, timestamp_server
from pipeline import ky_so, office
from pipeline import pdf as pdf_module
from pipeline.errors import SigningError

needs_libreoffice = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                                       reason="LibreOffice hoặc poppler chưa cài")
pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler chưa cài")

SIGNER, SCHOOL = "Nguyễn Văn A", "Trường THCS Khánh Bình"  # the example school's signer and name
PINS = {"HT": "1111", "TRUONG": "2222"}
MM = 72 / 25.4


@pytest.fixture(scope="session")
def hsm(tmp_path_factory):
    """Two SoftHSM2 tokens, each with a key pair generated inside it and a certificate of a local test CA."""
    if softhsm_lib() is None:
        pytest.skip("SoftHSM2 chưa cài (apt-get install softhsm2)")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOFTHSM2_CONF", str(conf))
        ca = CA.make()
        init_token("HT", PINS["HT"], ca, SIGNER, SCHOOL)
        init_token("TRUONG", PINS["TRUONG"], ca, SCHOOL, SCHOOL)
        root = ca.write_root(folder / "ca-goc.pem")
        yield {"ca": ca, "root": root, "lib": softhsm_lib(), "folder": folder}


def token(hsm, label: str) -> ky_so.Khoa:
    return ky_so.Khoa(pkcs11=ky_so.Pkcs11(thu_vien=hsm["lib"], token=label))


def images(folder: Path) -> tuple[Path, Path]:
    """A blue signature and a red seal, PNG with transparent backgrounds."""
    signature = Image.new("RGBA", (400, 160), (0, 0, 0, 0))
    ImageDraw.Draw(signature).line([(10, 120), (150, 20), (250, 140), (390, 30)], fill=(0, 51, 204, 255), width=8)
    seal = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    ImageDraw.Draw(seal).ellipse([5, 5, 295, 295], outline=(218, 37, 29, 255), width=12)
    signature.save(folder / "chu-ky.png")
    seal.save(folder / "dau.png")
    return folder / "chu-ky.png", folder / "dau.png"


def validate(pdf: Path, root: Path):
    """pyHanko's own validation of every signature, trusting the test CA only."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext
    with open(pdf, "rb") as f:
        reader = PdfFileReader(f)
        return [validate_pdf_signature(sig, ValidationContext(trust_roots=[load_cert_from_pemder(str(root))]))
                for sig in reader.embedded_signatures]


def assert_two_valid_covering_all(statuses) -> None:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    assert len(statuses) == 2
    for status in statuses:
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        assert status.bottom_line
    first, last = statuses
    assert last.coverage == SignatureCoverageLevel.ENTIRE_FILE
    # the first covers its revision; all that follows it is the second signature (form filling at most)
    assert first.coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert first.modification_level <= ModificationLevel.FORM_FILLING


def widgets(pdf: Path) -> dict[str, tuple[int, list[float]]]:
    """Signature fields by name: their page and rectangle, as the PDF holds them."""
    found = {}
    for index, page in enumerate(PdfReader(pdf).pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/FT") == "/Sig" or annot.get("/Parent", {}).get("/FT") == "/Sig":
                name = annot.get("/T") or annot["/Parent"]["/T"]
                found[str(name)] = (index, [float(v) for v in annot["/Rect"]])
    return found


def sign_small(hsm, tmp_path, out_name="ky-so.pdf", signer_owner="Nguyen Van A", timestamp_url=None):
    pdf = small_pdf(tmp_path / "van-ban.pdf", "HIEU TRUONG", "Nguyen Van A")
    signature, seal = images(tmp_path)
    font = ky_so.info_font(tmp_path)
    when = ky_so.signing_time()
    text = ky_so.info_text(SCHOOL, when)
    block = ky_so.find_block(pdf, "Nguyen Van A")
    placed = ky_so.place(block, ky_so.TrinhBay(), 400 / 160, 1.0, ky_so.text_width(text, font))
    with ky_so.open_key(tmp_path, "nguoi_ky", token(hsm, "HT"), PINS["HT"]) as principal, \
            ky_so.open_key(tmp_path, "don_vi", token(hsm, "TRUONG"), PINS["TRUONG"]) as school:
        ky_so.check_certificate(principal, "nguoi_ky", signer_owner, when)
        ky_so.check_certificate(school, "don_vi", SCHOOL, when)
        ky_so.sign(pdf, tmp_path / out_name, [
            ky_so.Signature(principal, "chu-ky-nguoi-ky", placed.page, placed.signer, ky_so.signer_style(signature)),
            ky_so.Signature(school, "chu-ky-don-vi", placed.page, placed.agency,
                            ky_so.agency_style(seal, text, font))], timestamp_url)
    return tmp_path / out_name, placed


# --- fast: a small PDF made without LibreOffice -----------------------------------------------------

def test_two_tokens_sign_a_small_pdf_and_pyhanko_finds_two_valid_signatures(hsm, tmp_path):
    signed, _ = sign_small(hsm, tmp_path)
    assert_two_valid_covering_all(validate(signed, hsm["root"]))


def test_the_images_sit_between_title_and_name_and_the_seal_covers_a_third_on_the_left(hsm, tmp_path):
    signed, _ = sign_small(hsm, tmp_path)
    fields = widgets(signed)
    (page_a, signer), (page_b, agency) = fields["chu-ky-nguoi-ky"], fields["chu-ky-don-vi"]
    assert page_a == page_b == 1  # the last page, where the signature block is
    # small_pdf: the title's baseline at y=480, the name's at y=400 (13 pt, Times), the name from x=385
    name_top, title_bottom = 400 + 13 * 0.75, 480 - 13 * 0.25
    x0, y0, x1, y1 = signer
    assert name_top < y0 < y1 < title_bottom
    name_width = ky_so.text_width("Nguyen Van A", ky_so.info_font(tmp_path), 13)
    assert abs((x0 + x1) / 2 - (385 + name_width / 2)) < 1  # centred on the name
    ax0, ay0, ax1, ay1 = agency
    assert abs(ax1 - (x0 + (x1 - x0) / 3)) < 1  # over the left third of the signature
    assert ax0 < x0
    seal_height = ky_so.TrinhBay().dau_mm * MM  # the seal at its real size, centred on the signature
    assert abs(ay1 - ((y0 + y1) / 2 + seal_height / 2)) < 1
    # the school's annotation comes after the signer's, so the seal is drawn over the signature
    annots = [a.get_object() for a in PdfReader(signed).pages[1]["/Annots"]]
    names = [a.get("/T") for a in annots]
    assert names.index("chu-ky-nguoi-ky") < names.index("chu-ky-don-vi")
    assert all(a["/F"] & 4 for a in annots)  # printed, as PDF/A wants every annotation


def test_the_information_is_the_agency_and_the_time_in_iso_8601_with_vietnam_zone(hsm, tmp_path):
    signed, _ = sign_small(hsm, tmp_path)
    text = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(signed), "-"], capture_output=True,
                          text=True).stdout
    assert SCHOOL in text
    assert re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", text)
    fonts = subprocess.run(["pdffonts", str(signed)], capture_output=True, text=True).stdout
    assert re.search(r"(TimesNewRoman|LiberationSerif)\S*\s.*yes\s+yes", fonts)  # embedded (PDF/A)


def test_a_timestamp_server_stamps_both_signatures_and_the_check_reports_its_time(hsm, tmp_path):
    with timestamp_server(hsm["ca"]) as (url, answered):
        signed, _ = sign_small(hsm, tmp_path, timestamp_url=url)
    assert len(answered) >= 2  # one stamp per signature (pyHanko first asks one more to size the space for it)
    statuses = validate(signed, hsm["root"])
    assert_two_valid_covering_all(statuses)
    for status in statuses:
        assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    checked = ky_so.check(signed, [hsm["root"]])
    now = datetime.now(timezone.utc)
    assert [c.ghi_chu for c in checked] == ["", ""]
    for c in checked:
        assert c.dau_thoi_gian is not None and abs(c.dau_thoi_gian - now) < timedelta(minutes=5)
        assert c.dau_thoi_gian.utcoffset() == timedelta(hours=7)


def test_a_stamp_from_a_server_the_school_does_not_trust_is_said_so(hsm, tmp_path):
    with timestamp_server(CA.make("CA lạ")) as (url, _):
        signed, _ = sign_small(hsm, tmp_path, timestamp_url=url)
    checked = ky_so.check(signed, [hsm["root"]])
    assert all(c.dau_thoi_gian is None and "dấu thời gian do máy chủ mà trường chưa tin cậy" in c.ghi_chu
               for c in checked)


@pytest.mark.parametrize("status", [500, None])
def test_a_timestamp_server_that_fails_or_is_not_there_signs_nothing(hsm, tmp_path, status):
    with timestamp_server(hsm["ca"], status=status or 500) as (url, _):
        pass  # closed again: nothing listens on that port any more
    if status:
        with timestamp_server(hsm["ca"], status=status) as (url, _):
            with pytest.raises(SigningError, match="máy chủ dấu thời gian không trả lời") as error:
                sign_small(hsm, tmp_path, timestamp_url=url)
    else:
        with pytest.raises(SigningError, match="máy chủ dấu thời gian không trả lời") as error:
            sign_small(hsm, tmp_path, timestamp_url=url)
    assert "không ký gì" in str(error.value)
    assert not (tmp_path / "ky-so.pdf").exists()


def test_wrong_pin_one_message_nothing_signed(hsm, tmp_path):
    with pytest.raises(SigningError) as caught:
        with ky_so.open_key(tmp_path, "nguoi_ky", token(hsm, "HT"), "0000"):
            pass
    assert caught.value.message == ("mã PIN của token «HT» (người ký) không đúng; không ký gì. Lưu ý: nhập sai "
                                    "nhiều lần token sẽ bị khóa")


def test_missing_token(hsm, tmp_path):
    with pytest.raises(SigningError) as caught:
        with ky_so.open_key(tmp_path, "don_vi", token(hsm, "KHONG-CO"), "1234"):
            pass
    assert caught.value.message == "không thấy token «KHONG-CO» (đơn vị): cắm token vào máy rồi thử lại"


def test_expired_and_not_yet_valid_certificates(hsm, tmp_path):
    when = ky_so.signing_time()
    for name, days, said in (("het-han.p12", (-400, -30), "đã hết hạn ngày"), ("chua-hieu-luc.p12", (10, 400),
                                                                                 "chưa có hiệu lực")):
        hsm["ca"].p12(tmp_path / name, SIGNER, "mk", SCHOOL, days)
        key = ky_so._file_key("nguoi_ky", tmp_path / name, "mk")
        with pytest.raises(SigningError) as caught:
            ky_so.check_certificate(key, "nguoi_ky", SIGNER, when)
        assert caught.value.message.startswith(f"chứng thư số trong tệp khóa {name} (người ký) {said}")


def test_wrong_password_of_a_key_file(hsm, tmp_path):
    hsm["ca"].p12(tmp_path / "k.p12", SIGNER, "dung", SCHOOL)
    with pytest.raises(SigningError) as caught:
        ky_so._file_key("nguoi_ky", tmp_path / "k.p12", "sai")
    assert caught.value.message == ("mật khẩu của tệp khóa k.p12 (người ký) không đúng, hoặc tệp không phải "
                                    "tệp khóa .p12/.pfx; không ký gì")


def test_a_certificate_that_is_not_the_signers_is_refused(hsm, tmp_path):
    with ky_so.open_key(tmp_path, "don_vi", token(hsm, "TRUONG"), PINS["TRUONG"]) as school:
        with pytest.raises(SigningError) as caught:
            ky_so.check_certificate(school, "nguoi_ky", "Trần Thị B", ky_so.signing_time())
    assert caught.value.message == (f"chứng thư số trong token «TRUONG» là của «{SCHOOL}», không phải của người "
                                    "ký «Trần Thị B»: hãy dùng đúng token hoặc tệp khóa của người ký; không ký gì")


def test_a_file_changed_after_signing_is_said_so(hsm, tmp_path, vanthu):
    signed, _ = sign_small(hsm, tmp_path)
    data = bytearray(signed.read_bytes())
    at = data.index(b"noi dung")
    data[at:at + 3] = b"NOI"
    changed = tmp_path / "da-sua.pdf"
    changed.write_bytes(data)
    checked = ky_so.check(changed, [hsm["root"]])
    assert [c.nguyen_ven for c in checked] == [False, False]
    result = vanthu("ky-so", "--kiem-tra", str(changed))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"Lỗi: {changed} đã bị sửa sau khi ký: không dùng tệp này như văn bản đã ký"
    untouched = vanthu("ky-so", "--kiem-tra", str(signed))
    assert untouched.exit_code == 0 and untouched.output.count("nguyên vẹn; chứng thư CHƯA được tin cậy") == 2


def test_a_draft_and_a_revoked_number_are_never_signed(vanthu, data, tmp_path):
    draft = vanthu("soan", "ke-hoach-binh-dang-gioi")
    assert draft.exit_code == 0, draft.output
    path = Path("out/2022/du-thao/ke-hoach-binh-dang-gioi.docx")
    result = vanthu("ky-so", str(path))
    assert result.exit_code == 1
    assert ("không phải văn bản đã cấp số trong sổ văn bản đi: bản dự thảo (hay tệp ngoài sổ) không bao giờ được "
            "ký số") in result.output
    issued = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09")
    assert issued.exit_code == 0, issued.output
    docx = Path("out/2022/KH-01-THCSKB.docx")
    docx.with_name("KH-01-THCSKB.docx.bak").write_bytes(docx.read_bytes())
    assert vanthu("so-van-ban", "thu-hoi", "1", "--nam", "2022", "--ly-do", "Sai ngày").exit_code == 0
    docx.with_name("KH-01-THCSKB.docx.bak").rename(docx)  # the file back where it was: still refused
    refused = vanthu("ky-so", str(docx))
    assert refused.exit_code == 1
    assert "số 01/KH-THCSKB năm 2022 đã bị thu hồi (Sai ngày): không ký số văn bản đã thu hồi" in refused.output
    assert not list(Path("out/2022").glob("*ky-so*")) and not list(Path("out/2022").glob(".*dang-ky"))


def test_an_issued_file_changed_since_is_not_signed(vanthu, data):
    assert vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09").exit_code == 0
    docx = Path("out/2022/KH-01-THCSKB.docx")
    docx.write_bytes(docx.read_bytes() + b"\0")
    result = vanthu("ky-so", str(docx))
    assert result.exit_code == 1
    assert "đã bị sửa sau khi cấp số 01/KH-THCSKB năm 2022" in result.output
    assert not list(Path("out/2022").glob("*ky-so*"))


# --- slow: the example plan through LibreOffice ---------------------------------------------------

def school_on_tokens(data: Path, hsm) -> None:
    """The example school's signing settings on the two SoftHSM2 tokens, PINs from the environment."""
    signature, seal = images(data)
    (data / "ky-so.yaml").write_text(
        "nguoi_ky:\n"
        f"  pkcs11: {{thu_vien: {hsm['lib']}, token: HT}}\n"
        "  mat_khau_bien: PIN_HIEU_TRUONG_THU\n"
        f"  anh: {signature.name}\n"
        "don_vi:\n"
        f"  pkcs11: {{thu_vien: {hsm['lib']}, token: TRUONG}}\n"
        "  mat_khau_bien: PIN_TRUONG_THU\n"
        f"  anh: {seal.name}\n"
        f"chung_thu_goc: [{hsm['root']}]\n", encoding="utf-8")


def word_boxes(pdf: Path, page: int) -> dict[str, tuple[float, float, float, float]]:
    """Each line's text and box (PDF coordinates, origin bottom left) on one page, from poppler."""
    html = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page + 1), "-l", str(page + 1), str(pdf), "-"],
                          capture_output=True, text=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', html).group(1))
    lines = {}
    for attrs, body in re.findall(r"<line ([^>]*)>(.*?)</line>", html, re.S):
        x0, y0, x1, y1 = (float(v) for v in re.findall(r'="([\d.]+)"', attrs))
        text = " ".join(re.findall(r">([^<]+)</word>", body))
        lines[text] = (x0, height - y1, x1, height - y0)
    return lines


@pytest.mark.slow
@needs_libreoffice
def test_the_example_plan_signed_with_two_softhsm_tokens(vanthu, data, hsm, monkeypatch):
    school_on_tokens(data, hsm)
    monkeypatch.setenv("PIN_HIEU_TRUONG_THU", PINS["HT"])
    monkeypatch.setenv("PIN_TRUONG_THU", PINS["TRUONG"])
    assert vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09").exit_code == 0
    annex = small_pdf(Path("phu-luc.pdf"), "PHU LUC", "Danh sach", pages=1)
    result = vanthu("ky-so", "out/2022/KH-01-THCSKB.docx", "--kem-theo", str(annex))
    assert result.exit_code == 0, result.output
    signed = Path("out/2022/KH-01-THCSKB-ky-so.pdf")
    assert result.output == (f"Đã ký số văn bản số 01/KH-THCSKB ({SIGNER}, {SCHOOL}): {signed}\n"
                             "Đã ký số tệp kèm theo: phu-luc-ky-so.pdf\n")
    annex_statuses = validate(Path("phu-luc-ky-so.pdf"), hsm["root"])
    assert len(annex_statuses) == 1 and annex_statuses[0].bottom_line
    assert annex_statuses[0].signing_cert.subject.native["common_name"] == SCHOOL
    (annex_page, (ax0, ay0, ax1, ay1)), = widgets(Path("phu-luc-ky-so.pdf")).values()
    width, height = (float(v) for v in PdfReader("phu-luc-ky-so.pdf").pages[0].mediabox[2:])
    assert annex_page == 0 and ax0 > width / 2 and ay0 > height * 0.85  # top right of the first page
    annex_text = subprocess.run(["pdftotext", "phu-luc-ky-so.pdf", "-"], capture_output=True, text=True).stdout
    assert "Kèm theo văn bản số 01/KH-THCSKB" in annex_text and SCHOOL in annex_text

    assert_two_valid_covering_all(validate(signed, hsm["root"]))
    xmp = PdfReader(signed).xmp_metadata.rdf_root.toxml()
    assert re.search(r"pdfaid:part(>|=\")2", xmp) and re.search(r"pdfaid:conformance(>|=\")B", xmp)

    fields = widgets(signed)
    page, signer = fields["chu-ky-nguoi-ky"]
    assert fields["chu-ky-don-vi"][0] == page == len(PdfReader(signed).pages) - 1
    lines = word_boxes(signed, page)
    name, title = lines[SIGNER], lines["HIỆU TRƯỞNG"]
    assert name[3] < signer[1] < signer[3] < title[1]  # between the title line and the name line
    assert abs((signer[0] + signer[2]) / 2 - (name[0] + name[2]) / 2) < 1
    agency = fields["chu-ky-don-vi"][1]
    assert abs(agency[2] - (signer[0] + (signer[2] - signer[0]) / 3)) < 1

    with sqlite3.connect(data / "so-van-ban-di.sqlite") as db:
        (tep, digest, names), = db.execute("SELECT tep, sha256, nguoi_ky FROM ky_so WHERE kem_theo = 0").fetchall()
        (annex_names,), = db.execute("SELECT nguoi_ky FROM ky_so WHERE kem_theo = 1").fetchall()
    assert SCHOOL in annex_names and SIGNER not in annex_names
    assert Path(tep).resolve() == signed.resolve()
    assert digest == hashlib.sha256(signed.read_bytes()).hexdigest()
    assert SIGNER in names and SCHOOL in names

    before = signed.stat().st_mtime_ns
    again = vanthu("ky-so", "out/2022/KH-01-THCSKB.pdf")
    assert again.exit_code == 0
    assert again.output == (f"Văn bản số 01/KH-THCSKB đã được ký số từ trước; tệp đã ký được giữ nguyên: {signed}\n")
    assert signed.stat().st_mtime_ns == before

    checked = vanthu("ky-so", "--kiem-tra", str(signed))
    assert checked.exit_code == 0
    assert checked.output.count("nguyên vẹn; chứng thư tin cậy") == 2


@pytest.mark.slow
@needs_libreoffice
def test_wrong_pin_on_the_example_plan_writes_nothing(vanthu, data, hsm, monkeypatch):
    school_on_tokens(data, hsm)
    monkeypatch.setenv("PIN_HIEU_TRUONG_THU", "9999")
    monkeypatch.setenv("PIN_TRUONG_THU", PINS["TRUONG"])
    assert vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09").exit_code == 0
    result = vanthu("ky-so", "out/2022/KH-01-THCSKB.docx")
    assert result.exit_code == 1
    assert result.output == ("Lỗi: mã PIN của token «HT» (người ký) không đúng; không ký gì. Lưu ý: nhập sai nhiều "
                             "lần token sẽ bị khóa\n")
    assert sorted(p.name for p in Path("out/2022").iterdir()) == ["KH-01-THCSKB.docx"]
    with sqlite3.connect(data / "so-van-ban-di.sqlite") as db:
        assert db.execute("SELECT count(*) FROM ky_so").fetchone() == (0,)


@pytest.mark.slow
@needs_libreoffice
def test_the_example_school_signs_with_its_test_certificates_never_trusted(vanthu, data):
    assert vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09").exit_code == 0
    result = vanthu("ky-so", "out/2022/KH-01-THCSKB.docx")
    assert result.exit_code == 0, result.output
    assert "chứng thư THỬ NGHIỆM" in result.output
    assert (data / ".ky-so-thu" / "ca-thu-nghiem.pem").is_file()
    checked = vanthu("ky-so", "--kiem-tra", "out/2022/KH-01-THCSKB-ky-so.pdf")
    assert checked.output.count("nguyên vẹn; chứng thư CHƯA được tin cậy") == 2


# --- the page -------------------------------------------------------------------------------------

def web_client(data):
    from test_web import client_for
    return client_for(data)


def page_text(response) -> str:
    from test_web import text_of
    return text_of(response)


def test_the_page_checks_a_received_signed_file_and_keeps_nothing(hsm, tmp_path, data, monkeypatch):
    from io import BytesIO
    from pipeline.web import state
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    signed, _ = sign_small(hsm, tmp_path)
    app, client = web_client(data)
    before = sorted(p.name for p in data.rglob("*"))
    response = client.post("/ky-so/kiem-tra", data={"csrf": state(app).csrf,
                                                   "tep": (BytesIO(signed.read_bytes()), "nhan-duoc.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    text = page_text(response)
    assert "nhan-duoc.pdf: 2 chữ ký số" in text
    assert text.count("Còn nguyên vẹn") == 2 and "Nguyễn Văn A" in text and SCHOOL in text
    assert sorted(p.name for p in data.rglob("*")) == before
    changed = bytearray(signed.read_bytes())
    at = changed.index(b"noi dung")
    changed[at:at + 3] = b"NOI"
    response = client.post("/ky-so/kiem-tra", data={"csrf": state(app).csrf, "tep": (BytesIO(bytes(changed)), "x.pdf")},
                           content_type="multipart/form-data")
    assert "Tệp đã bị sửa sau khi ký: không dùng tệp này như văn bản đã ký." in page_text(response)


def test_the_page_shows_the_time_a_trusted_timestamp_server_certifies(hsm, tmp_path, data, monkeypatch):
    from io import BytesIO
    from pipeline.web import state
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    with timestamp_server(hsm["ca"]) as (url, _):
        signed, _ = sign_small(hsm, tmp_path, timestamp_url=url)
    shutil.copy(hsm["root"], data / "ca-goc.pem")
    settings = data / "ky-so.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("chung_thu_goc: []", "chung_thu_goc: [ca-goc.pem]"),
                        encoding="utf-8")
    app, client = web_client(data)
    response = client.post("/ky-so/kiem-tra", data={"csrf": state(app).csrf,
                                                   "tep": (BytesIO(signed.read_bytes()), "nhan-duoc.pdf")},
                           content_type="multipart/form-data")
    text = page_text(response)
    assert text.count("Tin cậy") == 2 and "Chưa tin cậy" not in text
    assert len(re.findall(r"Dấu thời gian: 20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?\+07:00", text)) == 2


def test_the_truong_page_sets_signing_up_and_refuses_an_image_that_is_not_png(data, tmp_path, monkeypatch):
    from io import BytesIO
    from pipeline.web import state
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app, client = web_client(data)
    assert "Ký số văn bản điện tử" in page_text(client.get("/truong"))
    page = client.get("/truong/ky-so")
    assert page.status_code == 200 and "chứng thư THỬ NGHIỆM" in page_text(page)
    bam = re.search(r'name="bam" value="([0-9a-f]*)"', page.get_data(as_text=True)).group(1)
    signature, _ = images(tmp_path)
    form = {"csrf": state(app).csrf, "bam": bam, "nguoi_ky.cach": "token",
            "nguoi_ky.pkcs11.thu_vien": "/usr/lib/libthu.so", "nguoi_ky.pkcs11.token": "HIEU TRUONG",
            "don_vi.cach": "tep", "don_vi.tep": ".ky-so-thu/don-vi-thu.p12", "trinh_bay.dau_mm": "40"}
    before = (data / "ky-so.yaml").read_text(encoding="utf-8")
    bad = client.post("/truong/ky-so", data={**form, "nguoi_ky.anh": (BytesIO(b"GIF89a..."), "chu-ky.gif")},
                      content_type="multipart/form-data")
    assert bad.status_code == 400
    assert "cần ảnh PNG nền trong suốt" in page_text(bad)
    assert (data / "ky-so.yaml").read_text(encoding="utf-8") == before and not (data / "ky-so").exists()
    good = client.post("/truong/ky-so", data={**form, "nguoi_ky.anh": (BytesIO(signature.read_bytes()), "chu-ky.png")},
                       content_type="multipart/form-data")
    assert good.status_code == 302
    saved = ky_so.load_settings(data)
    assert saved.nguoi_ky.pkcs11.token == "HIEU TRUONG" and saved.nguoi_ky.anh == "ky-so/chu-ky.png"
    assert saved.trinh_bay.dau_mm == 40 and (data / "ky-so" / "chu-ky.png").read_bytes() == signature.read_bytes()
    assert "# Ký số văn bản điện tử" in (data / "ky-so.yaml").read_text(encoding="utf-8")  # comments kept


@pytest.mark.slow
@needs_libreoffice
def test_ky_so_on_the_page_asks_the_pins_and_offers_the_signed_pdf(data, hsm, tmp_path, monkeypatch):
    from pipeline import app as core
    from pipeline.web import state
    from datetime import date
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    school_on_tokens(data, hsm)
    (data / "ky-so.yaml").write_text((data / "ky-so.yaml").read_text().replace("  mat_khau_bien: PIN_TRUONG_THU\n", "")
                                     .replace("  mat_khau_bien: PIN_HIEU_TRUONG_THU\n", ""))
    core.make(data, 2022, ROOT_TEMPLATES, data / "out", ["ke-hoach-binh-dang-gioi"], issue=True, ngay=date(2022, 5, 9))
    app, client = web_client(data)
    assert "Ký số ke-hoach-binh-dang-gioi" in client.get("/van-ban?nam=2022").get_data(as_text=True)
    page = client.get("/van-ban/2022/ke-hoach-binh-dang-gioi/ky-so")
    assert "Mã PIN của token «HT» (người ký)" in page_text(page) and 'type="password"' in page.get_data(as_text=True)
    form = {"csrf": state(app).csrf, "tep": "KH-01-THCSKB.docx"}
    wrong = client.post("/van-ban/2022/ke-hoach-binh-dang-gioi/ky-so",
                        data={**form, "pin.nguoi_ky": "9999", "pin.don_vi": PINS["TRUONG"]})
    assert wrong.status_code == 400
    assert "mã PIN của token «HT» (người ký) không đúng; không ký gì" in page_text(wrong)
    assert not (data / "out" / "2022" / "KH-01-THCSKB-ky-so.pdf").exists()
    if office.available():  # the page's warm LibreOffice makes the PDF/A: no LibreOffice of its own
        monkeypatch.setattr(pdf_module, "convert", lambda *a, **k: pytest.fail("a cold LibreOffice was started"))
    done = client.post("/van-ban/2022/ke-hoach-binh-dang-gioi/ky-so",
                       data={**form, "pin.nguoi_ky": PINS["HT"], "pin.don_vi": PINS["TRUONG"]})
    assert done.status_code == 302
    assert ky_so.is_pdfa2(data / "out/2022/KH-01-THCSKB-ky-so.pdf")
    shown = client.get("/van-ban/2022/ke-hoach-binh-dang-gioi/ky-so")
    text = page_text(shown)
    assert "Đã ký số văn bản số 01/KH-THCSKB: KH-01-THCSKB-ky-so.pdf" in text
    assert text.count("Còn nguyên vẹn") == 2 and text.count("Tin cậy") == 2
    link = re.search(r'href="(/tep/[^"]+-ky-so\.pdf)"', shown.get_data(as_text=True)).group(1)
    download = client.get(link)
    assert download.status_code == 200 and download.data == (data / "out/2022/KH-01-THCSKB-ky-so.pdf").read_bytes()


ROOT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_a_signed_file_whose_move_was_cut_short_is_put_in_place_by_the_next_look(tmp_path, monkeypatch):
    from datetime import date
    from pipeline import register as reg_module
    from pipeline.errors import OutputError
    from pipeline.register import Entry, Register, signing_temp
    reg = Register(tmp_path / "so.sqlite")
    entry = Entry("KH", "KẾ HOẠCH", "2022/k", "KH-THCSKB", "Thử", SIGNER, "", "bam")
    issued = reg.issue(entry, date(2022, 5, 9), lambda so: tmp_path / "KH-01.odt",
                       lambda so, ngay, tmp: tmp.write_bytes(b"docx"))
    found = reg.issued_file(issued.tep)
    target = tmp_path / "KH-01-ky-so.pdf"
    signing_temp(target).write_bytes(b"%PDF signed")
    real = os.replace
    monkeypatch.setattr(reg_module.os, "replace", lambda a, b: (_ for _ in ()).throw(OSError(28, "full")))
    with pytest.raises(OutputError):
        reg.record_signed(found.id, target, signing_temp(target), [SIGNER])
    assert not target.exists() and signing_temp(target).exists()
    monkeypatch.setattr(reg_module.os, "replace", real)
    signed = Register(tmp_path / "so.sqlite").signed(target)
    assert target.read_bytes() == b"%PDF signed" and not signing_temp(target).exists()
    assert signed.sha256 == hashlib.sha256(b"%PDF signed").hexdigest() and signed.nguoi_ky == [SIGNER]
    reg.revoke(2022, 1, "Sai")
    other = tmp_path / "khac-ky-so.pdf"
    signing_temp(other).write_bytes(b"x")
    with pytest.raises(reg_module.RegisterError) as caught:
        reg.record_signed(found.id, other, signing_temp(other), [SIGNER])
    assert "đã thu hồi" in caught.value.message and not signing_temp(other).exists() and not other.exists()


def test_the_terminal_asks_each_pin_hidden_after_refusing_a_draft_first(hsm, vanthu, data, monkeypatch):
    from click.testing import CliRunner
    from pipeline.cli import cli
    school_on_tokens(data, hsm)
    for name in ("PIN_HIEU_TRUONG_THU", "PIN_TRUONG_THU"):
        monkeypatch.delenv(name, raising=False)
    assert vanthu("soan", "ke-hoach-binh-dang-gioi").exit_code == 0
    draft = CliRunner().invoke(cli, ["ky-so", "out/2022/du-thao/ke-hoach-binh-dang-gioi.docx"], input="1111\n2222\n")
    assert draft.exit_code == 1 and "Nhập" not in draft.output  # no PIN asked for a draft
    assert vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09").exit_code == 0
    monkeypatch.setattr("pipeline.app.sign_document", lambda *a, **k: (_ for _ in ()).throw(SigningError(repr(a[2]))))
    asked = CliRunner().invoke(cli, ["ky-so", "out/2022/KH-01-THCSKB.docx"], input="1111\n2222\n")
    assert asked.output.startswith("Nhập mã PIN của token «HT» (người ký): \nNhập mã PIN của token «TRUONG» (đơn vị): ")
    assert "1111" not in asked.output.split("\n")[0]  # hidden as typed
    assert "{'nguoi_ky': '1111', 'don_vi': '2222'}" in asked.output


def test_a_school_certificate_in_full_words_is_the_schools(hsm, tmp_path):
    hsm["ca"].p12(tmp_path / "truong.p12", "TRƯỜNG TRUNG HỌC CƠ SỞ KHÁNH BÌNH", "mk")
    key = ky_so._file_key("don_vi", tmp_path / "truong.p12", "mk")
    ky_so.check_certificate(key, "don_vi", SCHOOL, ky_so.signing_time())  # THCS = trung học cơ sở
    with pytest.raises(SigningError):
        ky_so.check_certificate(key, "don_vi", "Trường THCS Bình Đông", ky_so.signing_time())


def test_revoking_a_number_moves_its_signed_pdf_aside_too(vanthu, data):
    assert vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09").exit_code == 0
    Path("out/2022/KH-01-THCSKB-ky-so.pdf").write_bytes(b"%PDF-1.7 signed")
    assert vanthu("so-van-ban", "thu-hoi", "1", "--nam", "2022", "--ly-do", "Sai").exit_code == 0
    assert sorted(p.name for p in Path("out/2022/thu-hoi").iterdir()) == ["KH-01-THCSKB-ky-so.pdf", "KH-01-THCSKB.docx"]
    assert not Path("out/2022/KH-01-THCSKB-ky-so.pdf").exists()
