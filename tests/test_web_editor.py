"""The Văn bản editor, preview and Cấp số, request by request: the form is read from the page as a
browser would send it, changed, and posted back; the YAML file and the issued .docx are checked."""

import base64
import hashlib
import io
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from werkzeug.datastructures import MultiDict

from conftest import replace_in
from pipeline import app as app_layer, rollover, school
from pipeline.web import editor, state
from test_web import alerts, client_for, field_error, text_of, wait_for

QD = "quyet-dinh-ban-chi-dao"


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def web(data):
    return client_for(data)


class _Form(HTMLParser):
    """The fields of one form as a browser submits them: inputs, checked boxes, selected options, text areas."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._area = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        elif not self.inside:
            return
        elif tag == "input" and a.get("type") not in ("submit", "checkbox") or tag == "input" and "checked" in a:
            self.fields.append([a["name"], a.get("value", "")])
        elif tag == "textarea":
            self._area = [a["name"], ""]
            self.fields.append(self._area)
        elif tag == "select":
            self._select = [a["name"], None]
        elif tag == "option" and self._select:
            if self._select[1] is None or "selected" in a:
                self._select[1] = a.get("value", "")

    def handle_data(self, data):
        if self._area is not None:
            self._area[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._area[1] = self._area[1].removeprefix("\n")
            self._area = None
        elif tag == "select" and self._select:
            self.fields.append(self._select)
            self._select = None


def form_of(response, form_id="sua") -> list[list[str]]:
    parser = _Form(form_id)
    parser.feed(response.get_data(as_text=True))
    return parser.fields


def setting(fields, name, value):
    matches = [f for f in fields if f[0] == name]
    assert len(matches) == 1, name
    matches[0][1] = value


def value(fields, name):
    return next(v for n, v in fields if n == name)


def send(app, client, url, fields, lam="luu"):
    return client.post(url, data=MultiDict([*((n, v) for n, v in fields if n != "csrf"),
                                            ("csrf", state(app).csrf), ("lam", lam)]))


def path_of(data, ten, nam=2022):
    return data / str(nam) / "van-ban" / f"{ten}.yaml"


# The form says what the file says: saving it untouched changes nothing.

@pytest.mark.parametrize("ten", sorted(p.stem for p in (Path(__file__).parent.parent / "data" / "2022" / "van-ban").glob("*.yaml")))
def test_saving_the_form_untouched_leaves_the_file_byte_for_byte(web, data, ten):
    app, client = web
    before = path_of(data, ten).read_bytes()
    page = client.get(f"/van-ban/2022/{ten}")
    assert page.status_code == 200 and not alerts(page)
    saved = send(app, client, f"/van-ban/2022/{ten}", form_of(page))
    assert saved.status_code == 302, alerts(saved)
    assert path_of(data, ten).read_bytes() == before
    assert f"Đã lưu {ten}.yaml" in text_of(client.get(saved.headers["Location"]))


def test_a_decision_is_edited_in_the_form_and_written_round_trip(web, data):
    app, client = web
    url = f"/van-ban/2022/{QD}"
    fields = form_of(client.get(url))
    setting(fields, "trich_yeu", "Về việc thành lập Ban chỉ đạo: công tác Bình đẳng giới năm {{ nam }}")
    added = send(app, client, url, fields, "them:noi_dung:dieu")  # a new article at the end, not saved yet
    assert added.status_code == 200 and "Có thay đổi chưa lưu" in text_of(added)
    assert 'id="noi_dung.4.chu" name="noi_dung.4.chu"' in added.get_data(as_text=True)
    assert re.search(r'name="noi_dung.4.chu"[^>]*autofocus', added.get_data(as_text=True))
    fields = form_of(added)
    setting(fields, "noi_dung.4.chu", "Chánh Văn phòng chịu trách nhiệm lưu trữ hồ sơ của Ban.")
    moved = send(app, client, url, fields, "len:noi_dung.4")  # now Điều 3; the one that was 3 becomes 4
    fields = form_of(moved)
    assert value(fields, "noi_dung.3.chu") == "Chánh Văn phòng chịu trách nhiệm lưu trữ hồ sơ của Ban."
    setting(fields, "noi_nhan.2.de", "thực hiện")
    fields.append(["nguoi_ky.rieng", "1"])  # the box "Người ký riêng", ticked
    for name, text in (("nguoi_ky.quyen_han", "KT."), ("nguoi_ky.thay", "Hiệu trưởng"),
                       ("nguoi_ky.chuc_vu", "Phó Hiệu trưởng"), ("nguoi_ky.ho_ten", "Trần Thị Bích")):
        setting(fields, name, text)
    assert path_of(data, QD).read_text(encoding="utf-8").count("dieu:") == 3  # nothing written by the actions
    saved = send(app, client, url, fields)
    assert saved.status_code == 302, alerts(saved)
    text = path_of(data, QD).read_text(encoding="utf-8")
    assert text.startswith("# Quyết định thành lập Ban chỉ đạo công tác Bình đẳng giới và Trẻ em năm 2022.\n"
                           "# Điều 1, 2, 3 và «- Như Điều 3;» trong Nơi nhận do vanthu đánh số và thêm.\n")
    assert "trich_yeu: 'Về việc thành lập Ban chỉ đạo: công tác Bình đẳng giới năm {{ nam }}'\n" in text
    assert ("  - dieu: Chánh Văn phòng chịu trách nhiệm lưu trữ hồ sơ của Ban.\n  - dieu: >-\n      Quyết định có "
            "hiệu lực kể từ ngày ký.") in text  # the untouched article keeps its folded lines
    assert "  - ten: Ban Giám hiệu\n    de: thực hiện\n" in text
    assert "nguoi_ky:\n  quyen_han: KT.\n  thay: Hiệu trưởng\n  chuc_vu: Phó Hiệu trưởng\n  ho_ten: Trần Thị Bích\nnoi_nhan:" in text
    assert "          tep: ban-chi-dao.csv\n" in text and "    de: báo cáo\n" in text
    assert "\nnoi_dung:\n  - dieu: >-\n      Thành lập Ban chỉ đạo" in text


def test_nested_blocks_move_indent_and_outdent_and_keys_the_form_does_not_show_survive(web, data):
    app, client = web
    ten = "bao-cao-binh-dang-gioi"
    url = f"/van-ban/2022/{ten}"
    before = path_of(data, ten).read_text(encoding="utf-8")
    page = client.get(url)
    html = page.get_data(as_text=True)
    assert 'name="noi_dung.1.noi_dung.1.noi_dung.1.bang.tu" value="chi_tieu"' in html
    fields = form_of(page)
    # the bullet that repeats (`lap`) goes above the paragraph, then out of khoản 1 into mục I
    moved = send(app, client, url, fields, "len:noi_dung.1.noi_dung.1.noi_dung.3")
    out = send(app, client, url, form_of(moved), "lui:noi_dung.1.noi_dung.1.noi_dung.2")
    assert "gạch đầu dòng 2 của mục I" in text_of(out)
    fields = form_of(out)
    assert value(fields, "noi_dung.1.noi_dung.2.chu") == "{{ nx }}"
    back = send(app, client, url, fields, "thut:noi_dung.1.noi_dung.2")  # into khoản 1 again, at its end
    fields = form_of(back)
    assert value(fields, "noi_dung.1.noi_dung.1.noi_dung.3.chu") == "{{ nx }}"
    saved = send(app, client, url, fields)
    assert saved.status_code == 302, alerts(saved)
    text = path_of(data, ten).read_text(encoding="utf-8")
    assert '          - y: "{{ nx }}"\n            lap: nx in nhan_xet     # nhận xét của từng chỉ tiêu có nhận xét\n' in text
    assert text.index('"Đạt {{ dat }}') < text.index('- y: "{{ nx }}"')
    assert "ket_qua:\n  tre-em-hoan-canh-dac-biet:\n    ket_qua: 100\n" in text and "ke_hoach: ke-hoach-binh-dang-gioi\n" in text
    assert "              tu: chi_tieu\n" in text
    assert text == before  # out and in again: the same file


def test_structural_actions_refused_or_forged(web, data):
    app, client = web
    url = f"/van-ban/2022/{QD}"
    fields = form_of(client.get(url))
    refused = send(app, client, url, fields, "lui:noi_dung.2")
    assert refused.status_code == 200 and alerts(refused)[0] == "Khối này đã ở cấp ngoài cùng."
    first = send(app, client, url, fields, "thut:noi_dung.1")
    assert "Khối đầu tiên không thụt vào được" in alerts(first)[0]
    child = send(app, client, url, fields, "them:noi_dung.1.noi_dung:khoan")  # the «+ khoản» of Điều 1
    assert re.search(r'name="noi_dung.1.noi_dung.1.chu"[^>]*autofocus', child.get_data(as_text=True))
    assert 'aria-label="Thêm khoản vào Điều 3"' in child.get_data(as_text=True)
    for forged in ("xoa:noi_dung.9", "len:noi_dung.1", "them:ngay", "xoa:csrf", "them_hang:noi_dung.1", "nhay:noi_dung.1",
                   "xoa_cot:phu_luc.1.noi_dung.1:7"):
        assert send(app, client, url, fields, forged).status_code == 400, forged
    tampered = [[n, "bWF5IHRpbmg=" if n == "goc" else v] for n, v in fields]
    assert send(app, client, url, tampered).status_code == 400
    junk = b"\xff\xfe: ["
    forged = [[n, {"goc": base64.b64encode(junk).decode(), "bam": hashlib.sha256(junk).hexdigest()}.get(n, v)]
              for n, v in fields]
    assert send(app, client, url, forged).status_code == 400
    assert path_of(data, QD).read_text(encoding="utf-8") == (Path(__file__).parent.parent / "data" / "2022" /
                                                            "van-ban" / f"{QD}.yaml").read_text(encoding="utf-8")


def test_tables_rows_and_columns(web, data):
    app, client = web
    ten = "cong-van-dang-ky-tap-huan"
    url = f"/van-ban/2022/{ten}"
    fields = form_of(client.get(url))
    fields = form_of(send(app, client, url, fields, "them_hang:noi_dung.2"))
    assert value(fields, "noi_dung.2.bang.hang.4.1") == "4"  # a TT column is numbered on
    setting(fields, "noi_dung.2.bang.hang.4.2", "Võ Văn Kiệt")
    fields = form_of(send(app, client, url, fields, "them_cot:noi_dung.2"))
    setting(fields, "noi_dung.2.bang.cot.5", "Ghi chú")
    setting(fields, "noi_dung.2.bang.hang.4.5", "Dự bị")
    fields = form_of(send(app, client, url, fields, "xoa_cot:noi_dung.2:4"))  # the telephone column goes
    fields = form_of(send(app, client, url, fields, "xoa_hang:noi_dung.2:1"))
    assert send(app, client, url, fields).status_code == 302
    text = path_of(data, ten).read_text(encoding="utf-8")
    assert ("      cot: [TT, Họ và tên, Chức vụ, Ghi chú]\n      rong: [1, 4, 5, 1]\n      hang:\n"
            "        - [2, Nguyễn Thị Lộc, Giáo viên môn Giáo dục công dân, '']\n") in text
    assert "        - [4, Võ Văn Kiệt, '', Dự bị]\n" in text


# Errors beside their field; nothing written.

def test_bad_values_are_shown_beside_their_fields_and_nothing_is_written(web, data):
    app, client = web
    url = f"/van-ban/2022/{QD}"
    before = path_of(data, QD).read_bytes()
    fields = form_of(client.get(url))
    assert value(fields, "ngay") == "10/05/2022"  # shown dd/mm/yyyy whatever the browser's language
    setting(fields, "ngay", "30/02/2022")
    setting(fields, "noi_dung.2.noi_dung.1.chu", "")
    setting(fields, "can_cu.2.ky_hieu", "KH PGDĐT")
    setting(fields, "noi_dung.3.chu", "Hiệu lực từ {{ nam")
    setting(fields, "phu_luc.1.noi_dung.1.bang.rong.2", "rộng")
    bad = send(app, client, url, fields)
    assert bad.status_code == 400
    assert field_error(bad, "ngay").startswith("ngày không hợp lệ «30/02/2022»")
    assert field_error(bad, "noi_dung.2.noi_dung.1.chu") == "không được để trống"
    assert field_error(bad, "can_cu.2.ky_hieu").startswith("giá trị «KH PGDĐT» không đúng dạng")
    assert field_error(bad, "phu_luc.1.noi_dung.1.bang.rong.2") == "cần một số, nhận được «rộng»"
    assert "Còn 4 chỗ cần sửa" in alerts(bad)[0]
    assert 'value="30/02/2022"' in bad.get_data(as_text=True)  # what the clerk typed stays on the page
    assert path_of(data, QD).read_bytes() == before
    setting(fields, "ngay", "11/05/2022")
    setting(fields, "noi_dung.2.noi_dung.1.chu", "Xây dựng kế hoạch.")
    setting(fields, "can_cu.2.ky_hieu", "KH-PGDĐT")
    setting(fields, "phu_luc.1.noi_dung.1.bang.rong.2", "4")
    template = send(app, client, url, form_of(bad))
    assert template.status_code == 400  # the page still holds the bad values it was sent back with
    fixed = send(app, client, url, fields)
    assert fixed.status_code == 400 and field_error(fixed, "noi_dung.3.chu").startswith("sai cú pháp {{ … }}")
    setting(fields, "noi_dung.3.chu", "Hiệu lực từ ngày ký, năm {{ nam }}.")
    assert send(app, client, url, fields).status_code == 302
    assert "ngay: 2022-05-11\n" in path_of(data, QD).read_text(encoding="utf-8")


def test_a_broken_file_is_shown_with_its_errors_beside_the_fields(web, data):
    _, client = web
    replace_in(path_of(data, QD), "ngay: 2022-05-10", "ngay: 2022-13-10")
    page = client.get(f"/van-ban/2022/{QD}")
    assert page.status_code == 200 and field_error(page, "ngay").startswith("ngày không hợp lệ")
    path_of(data, QD).write_text("loai: QĐ\nngay: [2022\n", encoding="utf-8")
    broken = client.get(f"/van-ban/2022/{QD}")
    assert broken.status_code == 400 and "dòng" in alerts(broken)[0]
    path_of(data, QD).write_text("loai: &l QĐ\nngay: 2022-05-10\ntrich_yeu: *l\nnoi_dung: [x]\n", encoding="utf-8")
    aliased = client.get(f"/van-ban/2022/{QD}")
    assert aliased.status_code == 400 and "bí danh YAML `*l` không được dùng" in alerts(aliased)[0]


def test_a_file_broken_while_the_form_is_open_keeps_the_clerks_input(web, data):
    app, client = web
    url = f"/van-ban/2022/{QD}"
    fields = form_of(client.get(url))
    setting(fields, "trich_yeu", "Trích yếu đang gõ")
    path_of(data, QD).write_text("loai: QĐ\nngay: [2022\n", encoding="utf-8")
    kept = send(app, client, url, fields)
    assert kept.status_code == 409 and "tệp hiện không đọc được" in alerts(kept)[0]
    assert "Trích yếu đang gõ</textarea>" in kept.get_data(as_text=True)
    assert path_of(data, QD).read_text(encoding="utf-8") == "loai: QĐ\nngay: [2022\n"


# An edit made meanwhile.

def test_an_edit_made_meanwhile_is_shown_and_never_overwritten_unseen(web, data):
    app, client = web
    url = f"/van-ban/2022/{QD}"
    fields = form_of(client.get(url))
    setting(fields, "trich_yeu", "Trích yếu sửa trên trang")
    replace_in(path_of(data, QD), "  - ten: Ban Giám hiệu\n    de: chỉ đạo\n",
               "  - ten: Ban Giám hiệu\n    de: chỉ đạo\ndanh_sach: ban-chi-dao.csv\n")  # a key the form does not show
    replace_in(path_of(data, QD), "    de: báo cáo", "    de: báo cáo ngay")
    conflict = send(app, client, url, fields)
    assert conflict.status_code == 409
    assert "đã được sửa ở nơi khác" in alerts(conflict)[0]
    page = text_of(conflict)
    assert "trich_yeu Trích yếu sửa trên trang Về việc thành lập" in page
    assert "noi_nhan.1.de báo cáo báo cáo ngay" in page
    assert 'Trích yếu sửa trên trang</textarea>' in conflict.get_data(as_text=True)  # the clerk's input kept
    assert "Trích yếu sửa trên trang" not in path_of(data, QD).read_text(encoding="utf-8")
    again = send(app, client, url, form_of(conflict))  # saving again, having seen the differences
    assert again.status_code == 302, alerts(again)
    text = path_of(data, QD).read_text(encoding="utf-8")
    assert "trich_yeu: Trích yếu sửa trên trang\n" in text and "danh_sach: ban-chi-dao.csv\n" in text
    assert "de: báo cáo\n" in text  # the field the clerk saw and kept as on the page


def test_another_tab_saving_first_is_a_conflict_too(web, data):
    app, client = web
    url = f"/van-ban/2022/{QD}"
    tab1, tab2 = form_of(client.get(url)), form_of(client.get(url))
    setting(tab1, "luu", "VP")
    assert send(app, client, url, tab1).status_code == 302
    setting(tab2, "luu", "TCM")
    assert send(app, client, url, tab2).status_code == 409
    assert "luu: VP\n" in path_of(data, QD).read_text(encoding="utf-8")


# Names that are no document.

def test_unknown_documents_and_path_tricks_are_no_page(web, data):
    app, client = web
    for url in ("/van-ban/2022/khong-co", "/van-ban/1999/" + QD, "/van-ban/2022/..%2Fdon-vi", "/van-ban/2022/%2e%2e",
                "/van-ban/2022/Quyet-Dinh", "/van-ban/2022/" + QD + ".yaml", "/van-ban/2022/" + QD + "/cap-so/x",
                "/van-ban/2022/..%2F..%2Fdon-vi/cap-so"):
        assert client.get(url).status_code == 404, url
    (data / "2022" / "van-ban" / "an.txt").write_text("x")
    assert client.get("/van-ban/2022/an").status_code == 404
    for url in ("/van-ban/2022/khong-co", "/van-ban/2022/khong-co/xem-truoc", "/van-ban/2022/khong-co/cap-so"):
        assert client.post(url, data={"csrf": state(app).csrf}).status_code == 404, url


# Xem trước, Cấp số, downloads, revoking.

@pytest.mark.slow  # LibreOffice, when installed
def test_preview_drafts_without_a_number(web, data):
    app, client = web
    started = client.post(f"/van-ban/2022/{QD}/xem-truoc", data={"csrf": state(app).csrf})
    job = wait_for(client, started.headers["Location"])
    assert job["trang_thai"] == "xong", job["loi"]
    links = {r["nhan"]: r["url"] for r in job["ket_qua"]}
    doc = Document(io.BytesIO(client.get(links[f"Tải {QD}.docx"]).data))
    assert any(p.text.startswith("Số:") and "/QĐ-THCSKB" in p.text and not re.search(r"\d+/QĐ", p.text)
               for t in doc.tables for c in t._cells for p in c.paragraphs)
    page = client.get(started.headers["Location"])
    assert "Cấp số…" in text_of(page)
    if any(label.startswith("Trang ") for label in links):
        image = client.get(links["Trang 1"])
        assert image.status_code == 200 and image.data[:3] == b"\xff\xd8\xff"  # JPEG
    assert not app_layer.register_path(data).exists()


def test_issue_with_confirmation_download_and_revoke(web, data):
    app, client = web
    url = f"/van-ban/2022/{QD}/cap-so"
    confirm = client.get(url + "?ngay=2022-05-12")
    page = text_of(confirm)
    assert "Sẽ nhận số 01/QĐ-THCSKB" in page and "Ngày ban hành 12/05/2022" in page
    stale = client.post(url, data={"csrf": state(app).csrf, "ngay": "2022-05-12", "so": "7"})
    assert stale.status_code == 302 and "Số sẽ cấp đã thay đổi" in text_of(client.get(stale.headers["Location"]))
    assert not app_layer.register_path(data).exists()
    started = client.post(url, data={"csrf": state(app).csrf, "ngay": "2022-05-12", "so": "1"})
    job = wait_for(client, started.headers["Location"])
    assert job["trang_thai"] == "xong", job["loi"]
    links = {r["nhan"]: r["url"] for r in job["ket_qua"]}
    doc = Document(io.BytesIO(client.get(links["Tải QĐ-01-THCSKB.docx"]).data))
    cells = [p.text for t in doc.tables for c in t._cells for p in c.paragraphs]
    assert "Số: 01/QĐ-THCSKB" in cells and any("ngày 12 tháng 5 năm 2022" in c for c in cells)

    editor = client.get(f"/van-ban/2022/{QD}")
    assert "Đã cấp số 01/QĐ-THCSKB ngày 12/05/2022" in text_of(editor)
    assert "/tep/2022/Q%C4%90-01-THCSKB.docx" in editor.get_data(as_text=True)
    # Issued: read-only, with the two ways to change it; a forged save is refused, nothing written.
    assert "Văn bản đã ban hành: chỉ xem, không sửa được" in text_of(editor)
    assert '<fieldset class="khung-sua" disabled' in editor.get_data(as_text=True) and ">Lưu</button>" not in editor.get_data(as_text=True)
    issued_text = path_of(data, QD).read_bytes()
    fields = form_of(editor)
    setting(fields, "trich_yeu", "Về việc đổi sau khi ban hành")
    forged = send(app, client, f"/van-ban/2022/{QD}", fields)
    assert forged.status_code == 400 and path_of(data, QD).read_bytes() == issued_text
    assert "đã cấp số 01/QĐ-THCSKB nên không sửa được nữa" in text_of(forged)
    assert send(app, client, f"/van-ban/2022/{QD}", form_of(editor)).status_code == 302  # unchanged: nothing to refuse
    replaced = client.post(f"/van-ban/2022/{QD}/thay-the", data={"csrf": state(app).csrf})
    assert replaced.headers["Location"] == f"/van-ban/2022/{QD}-thay-the"
    assert path_of(data, f"{QD}-thay-the").read_bytes() == issued_text
    new = client.get(replaced.headers["Location"])
    assert "Dự thảo, chưa cấp số" in text_of(new) and "disabled aria-label" not in new.get_data(as_text=True)
    again = text_of(client.get(url + "?ngay=2022-06-01"))
    assert "Đã có số 01/QĐ-THCSKB ngày 12/05/2022" in again and "Sẽ nhận số" not in again
    remade = client.post(url, data={"csrf": state(app).csrf, "ngay": "2022-06-01", "so": ""})
    job = wait_for(client, remade.headers["Location"])
    assert job["trang_thai"] == "xong", job["loi"]  # the same number and date, the file as issued
    assert client.get(job["ket_qua"][0]["url"]).data == client.get(links["Tải QĐ-01-THCSKB.docx"]).data
    assert app_layer.next_number(data, "KH", date(2022, 6, 1)) == 2  # one sequence for every kind

    revoked = client.post("/so-van-ban/thu-hoi", data={"csrf": state(app).csrf, "nam": "2022", "so": "1", "loai": "QĐ",
                                                       "ly_do": "Sai thành phần", "ve": f"/van-ban/2022/{QD}",
                                                       "xac_nhan": "1"})
    assert revoked.headers["Location"] == f"/van-ban/2022/{QD}"
    assert "Số 01/QĐ-THCSKB đã thu hồi: Sai thành phần" in text_of(client.get(revoked.headers["Location"]))
    assert "Sẽ nhận số 02/QĐ-THCSKB" in text_of(client.get(url + "?ngay=2022-06-01"))  # a revoked number is never given again
    elsewhere = client.post("/so-van-ban/thu-hoi", data={"csrf": state(app).csrf, "nam": "2022", "so": "1",
                                                         "ly_do": "x", "ve": "//evil.example/", "xac_nhan": "1"})
    assert elsewhere.status_code == 400  # already revoked; and `ve` never leads off the site:
    assert not elsewhere.headers.get("Location")


def test_a_batch_document_takes_consecutive_numbers_and_a_print_file(web, data):
    app, client = web
    ten = "thong-bao-phan-cong"
    page = text_of(client.get(f"/van-ban/2022/{ten}/cap-so?ngay=2022-09-05"))
    assert "Sẽ nhận số 01 đến 04/TB-THCSKB (4 văn bản)" in page
    started = client.post(f"/van-ban/2022/{ten}/cap-so", data={"csrf": state(app).csrf, "ngay": "2022-09-05",
                                                               "so": "1,2,3,4"})
    job = wait_for(client, started.headers["Location"])
    assert job["trang_thai"] == "xong", job["loi"]
    links = {r["nhan"]: r["url"] for r in job["ket_qua"]}
    combined = Document(io.BytesIO(client.get(links["Tải tệp gộp để in (.docx)"]).data))
    numbers = [p.text for t in combined.tables for c in t._cells for p in c.paragraphs if p.text.startswith("Số: 0")]
    assert sorted(set(numbers)) == [f"Số: 0{i}/TB-THCSKB" for i in range(1, 5)]

    # One letter revoked: the print file is made again without it.
    revoked = client.post("/so-van-ban/thu-hoi", data={"csrf": state(app).csrf, "nam": "2022", "so": "2", "loai": "TB",
                                                       "ly_do": "Giáo viên chuyển trường", "xac_nhan": "1"})
    assert "Tệp gộp để in đã được soạn lại, không còn văn bản này" in text_of(client.get(revoked.headers["Location"]))
    combined = Document(io.BytesIO(client.get(links["Tải tệp gộp để in (.docx)"]).data))
    numbers = [p.text for t in combined.tables for c in t._cells for p in c.paragraphs if p.text.startswith("Số: 0")]
    assert sorted(set(numbers)) == ["Số: 01/TB-THCSKB", "Số: 03/TB-THCSKB", "Số: 04/TB-THCSKB"]


def test_values_to_review_stop_issuing_with_a_link_to_the_list(web, data):
    _, client = web
    replace_in(path_of(data, QD), "ngay: 2022-05-10", "ngay: !xem-lai 2022-05-10")
    refused = client.get(f"/van-ban/2022/{QD}/cap-so")
    assert refused.status_code == 400 and "cần xem lại" in alerts(refused)[0]
    assert 'href="/nam/2022/xem-lai"' in refused.get_data(as_text=True)
    editor = client.get(f"/van-ban/2022/{QD}")
    assert editor.status_code == 200 and "còn 1 giá trị chép từ năm trước cần xem lại" in text_of(editor)


def test_next_number_reads_the_register_and_takes_nothing(data):
    assert app_layer.next_number(data, "QĐ", date(2022, 5, 1)) == 1
    assert not app_layer.register_path(data).exists()
    made = app_layer.make(data, 2022, Path(__file__).parent.parent / "templates", data.parent / "ra", [QD],
                          issue=True, ngay=date(2022, 5, 10))
    assert [i.so for i in made[0].issued] == [1]
    assert app_layer.next_number(data, "KH", date(2022, 12, 31)) == 2
    assert app_layer.next_number(data, "KH", date(2023, 1, 1)) == 1  # numbers start again each year
    with (data / "don-vi.yaml").open("a", encoding="utf-8") as f:
        f.write("so_van_ban: theo-loai\n")  # one sequence per kind
    assert app_layer.next_number(data, "KH", date(2023, 12, 31)) == 1
    with app_layer.open_register(data) as reg:
        reg.start(2023, 15, "KH")  # the year's first fourteen plans were numbered by hand
        assert len(reg.rows()) == 1
    assert app_layer.next_number(data, "KH", date(2023, 12, 31)) == 15
    assert app_layer.next_number(data, "QĐ", date(2023, 12, 31)) == 1


def test_a_new_document_opens_in_the_editor(web, data):
    app, client = web
    made = client.post("/van-ban/moi", data={"csrf": state(app).csrf, "nam": "2022", "loai": "QĐ", "ten": "qd-moi"})
    assert made.headers["Location"] == "/van-ban/2022/qd-moi"
    page = client.get(made.headers["Location"])
    assert "Đã tạo qd-moi.yaml" in text_of(page) and "Quyết định: qd-moi" in text_of(page)
    assert value(form_of(page), "phu_luc.1.noi_dung.1.bang.hang.1.2") == "Nguyễn Văn A"
    assert school.file_hash(path_of(data, "qd-moi"))


# The form back into YAML: comments kept where they stand, what the form does not show untouched.

CLERK_FILE = """\
loai: KH   # kế hoạch
ngay: 2022-09-05
trich_yeu: Kế hoạch thử
mo_dau: Mở đầu sẽ bị xóa

# --- Phần nội dung (chú thích của thư ký) ---
noi_dung:
  - Đoạn một.
  # chú thích trước khoản hai
  - khoan: Khoản hai
    vai_tro: [Giáo viên chủ nhiệm]
    nhiem_vu: Thực hiện khoản hai
  - Đoạn ba.

ket_luan: Hết.
"""


def merged(text: str, change) -> str:
    root = editor.load(text)
    state_ = editor.view(root, "KH")
    change(state_)
    root = editor.load(text)
    editor.merge(root, state_)
    return editor.dump(root)


def test_comments_stay_when_keys_and_items_go():
    def change(s):
        s["mo_dau"] = ""
        del s["noi_dung"][0]
    out = merged(CLERK_FILE, change)
    assert "mo_dau" not in out and "Đoạn một" not in out
    assert "# --- Phần nội dung (chú thích của thư ký) ---\nnoi_dung:\n" in out
    assert "# chú thích trước khoản hai\n  - khoan: Khoản hai\n" in out
    assert out.startswith("loai: KH   # kế hoạch\n")


def test_a_block_changes_kind_keeping_its_other_keys_and_the_list_keeps_its_end():
    def change(s):
        s["noi_dung"][1]["loai"] = "y"
        s["noi_dung"][0], s["noi_dung"][2] = s["noi_dung"][2], s["noi_dung"][0]
    out = merged(CLERK_FILE, change)
    assert "  - y: Khoản hai\n    vai_tro: [Giáo viên chủ nhiệm]\n    nhiem_vu: Thực hiện khoản hai\n" in out
    assert "  - Đoạn một.\n\nket_luan: Hết.\n" in out  # the blank line closing the list stays at its end


def test_a_plans_tasks_are_given_to_roles_in_the_form():
    """A plan's block shows the roles its task goes to as one line; typed there, they are written as a
    list (a plain paragraph becoming a block), emptied they go, and untouched they stay as written."""
    root = editor.load(CLERK_FILE)
    assert [b.get("vai_tro") for b in editor.view(root, "KH")["noi_dung"]] == ["", "Giáo viên chủ nhiệm", ""]
    assert "vai_tro" not in editor.view(root, "CV")["noi_dung"][1]  # only a plan gives tasks to roles

    def change(s):
        s["noi_dung"][0]["vai_tro"] = "Tổng phụ trách Đội ;  Nhân viên  thư viện;"
        s["noi_dung"][1]["vai_tro"] = ""
    out = merged(CLERK_FILE, change)
    assert "  - doan: Đoạn một.\n    vai_tro: [Tổng phụ trách Đội, Nhân viên thư viện]\n" in out
    assert "  - khoan: Khoản hai\n    nhiem_vu: Thực hiện khoản hai\n" in out
    assert "  - Đoạn ba.\n" in out
    assert merged(CLERK_FILE, lambda s: None) == CLERK_FILE


def test_a_clerk_gives_a_plans_task_to_a_role_and_the_roster_page_sees_it(web, data):
    app, client = web
    ten = "ke-hoach-tuan-le-sach"
    assert client.post("/van-ban/moi", data={"csrf": state(app).csrf, "nam": "2022", "loai": "KH", "ten": ten}).status_code == 302
    url = f"/van-ban/2022/{ten}"
    page = client.get(url)
    assert 'for="noi_dung.2.noi_dung.1.vai_tro">Giao cho (vai trò)</label>' in page.get_data(as_text=True)
    assert 'id="noi_dung.2.vai_tro"' not in page.get_data(as_text=True)  # a mục heading is given to no one
    assert 'id="noi_dung.1.noi_dung.1.vai_tro"' not in page.get_data(as_text=True)  # nor an aim (Mục đích, yêu cầu)
    assert 'id="noi_dung.1.noi_dung.1.chu"' in page.get_data(as_text=True)
    fields = form_of(page)
    setting(fields, "noi_dung.2.noi_dung.1.chu", "Giao giáo viên chủ nhiệm tổ chức cho học sinh đọc sách đầu giờ.")
    setting(fields, "noi_dung.2.noi_dung.1.vai_tro", "Giáo viên chủ nhiệm")
    added = send(app, client, url, fields, "them:noi_dung.2.noi_dung")  # a new block shows the box too
    fields = form_of(added)
    setting(fields, "noi_dung.2.noi_dung.2.chu", "Trưng bày sách mới tại thư viện.")
    setting(fields, "noi_dung.2.noi_dung.2.vai_tro", "Nhân viên thư viện")
    saved = send(app, client, url, fields)
    assert saved.status_code == 302, alerts(saved)
    text = path_of(data, ten).read_text(encoding="utf-8")
    assert "vai_tro: [Giáo viên chủ nhiệm]" in text and "vai_tro: [Nhân viên thư viện]" in text
    (plan,) = [p for p in app_layer.roster_plans(data, 2022) if p.ten == ten]
    assert plan.tasks == {"Giáo viên chủ nhiệm": ["Tổ chức cho học sinh đọc sách đầu giờ."],
                          "Nhân viên thư viện": ["Trưng bày sách mới tại thư viện."]}


def test_what_the_form_cannot_show_is_left_as_written():
    text = CLERK_FILE.replace("ket_luan: Hết.", "ket_luan: [không, phải, chữ]\ncan_cu: Căn cứ một dòng")
    root = editor.load(text)
    state_ = editor.view(root, "KH")
    assert "ket_luan" not in state_ and "can_cu" not in state_
    editor.merge(root, state_)
    assert editor.dump(root) == text


def test_values_to_review_keep_their_mark_unless_the_clerk_changes_them(web, data):
    app, client = web
    rollover.new_year(data, 2022, None)
    for path in sorted((data / "2023" / "van-ban").glob("*.yaml")):
        before = path.read_bytes()
        page = client.get(f"/van-ban/2023/{path.stem}")
        saved = send(app, client, f"/van-ban/2023/{path.stem}", form_of(page))
        if path.stem == "bao-cao-lop":  # its sheet of results stayed in 2022: nothing saves until it is there
            assert saved.status_code == 400 and alerts(page)[0] == alerts(saved)[0]
            assert alerts(saved)[0].startswith(str(data / "2023" / "bao-cao-lop.xlsx"))
        else:
            assert saved.status_code == 302, (path.name, alerts(saved))
        assert path.read_bytes() == before, path.name
    fields = form_of(client.get(f"/van-ban/2023/{QD}"))
    assert b"ngay: !xem-lai 2023-05-10" in path_of(data, QD, 2023).read_bytes()
    setting(fields, "ngay", "2023-05-12")
    assert send(app, client, f"/van-ban/2023/{QD}", fields).status_code == 302
    assert "\nngay: 2023-05-12\n" in path_of(data, QD, 2023).read_text(encoding="utf-8")  # decided: no mark


# Nhập: last year's Word file into a document of the year, opened in the editor.

@pytest.mark.not_ooxml("gia.docx", "data/out/nhap/*/*.docx")  # a fake Word file, on purpose
def test_a_word_file_is_imported_and_opened_in_the_editor(data, tmp_path):
    from conftest import ROOT
    from pipeline.cli import cli
    from click.testing import CliRunner
    made = CliRunner().invoke(cli, ["soan", "quyet-dinh-ban-chi-dao", "--du-lieu", str(data), "--ra", str(tmp_path / "ra"),
                                    "--mau", str(ROOT / "templates")])
    assert made.exit_code == 0, made.output
    word = tmp_path / "ra" / "2022" / "du-thao" / "quyet-dinh-ban-chi-dao.docx"
    app, client = client_for(data)
    sent = client.post("/van-ban/nhap", data={"csrf": state(app).csrf, "nam": "2022", "ten": "qd-nam-truoc",
                                              "tep": (open(word, "rb"), "Quyết định BCĐ 2022.docx")},
                       content_type="multipart/form-data")
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/van-ban/2022/qd-nam-truoc")
    target = data / "2022" / "van-ban" / "qd-nam-truoc.yaml"
    assert "loai: QĐ" in target.read_text(encoding="utf-8")
    page = client.get(sent.headers["Location"])
    assert page.status_code == 200 and "Đã nhập «Quyết định BCĐ 2022.docx» thành văn bản qd-nam-truoc" in \
        page.get_data(as_text=True)
    wrong = tmp_path / "ghi-chu.txt"
    wrong.write_text("không phải Word", encoding="utf-8")
    refused = client.post("/van-ban/nhap", data={"csrf": state(app).csrf, "tep": (open(wrong, "rb"), "ghi-chu.txt")},
                          content_type="multipart/form-data")
    assert refused.status_code == 400 and "không phải tệp Word (.docx hoặc .doc)" in refused.get_data(as_text=True)
    fake = tmp_path / "gia.docx"
    fake.write_text("không phải Word", encoding="utf-8")
    broken = client.post("/van-ban/nhap", data={"csrf": state(app).csrf, "tep": (open(fake, "rb"), "gia.docx")},
                         content_type="multipart/form-data")
    assert broken.status_code == 400 and "Traceback" not in broken.get_data(as_text=True)
    assert not (data / "2022" / "van-ban" / "gia.yaml").exists()


def test_cap_so_never_proposes_a_date_the_register_refuses(web, data):
    app, client = web
    url = f"/van-ban/2022/{QD}/cap-so"
    first = client.post(url, data={"csrf": state(app).csrf, "ngay": "2022-05-12", "so": "1"})
    assert wait_for(client, first.headers["Location"])["trang_thai"] == "xong"
    other = "/van-ban/2022/thong-bao-lich-hop/cap-so"
    proposed = text_of(client.get(other))  # today is past 2022: the last day a 2022 number may carry
    assert "Sẽ nhận số 02/TB-THCSKB" in proposed and "Ngày ban hành 31/12/2022" in proposed
    before = client.get(other + "?ngay=01/05/2022")  # before number 01's date: said before any click
    assert before.status_code == 400 and "Cấp số 02" not in text_of(before)
    assert "số trước nó trong sổ đã mang ngày 12/05/2022" in alerts(before)[0]
    assert 'value="01/05/2022"' in before.get_data(as_text=True)  # the date box stays, to choose again
    elsewhere = client.get(other + "?ngay=07/12/2026")
    assert elsewhere.status_code == 400 and "phải mang ngày trong năm 2022" in alerts(elsewhere)[0]
    assert "--ngay" not in text_of(elsewhere)
    taken = client.get(other + "?ngay=12/05/2022")
    assert taken.status_code == 200 and "Cấp số 02 ngày 12/05/2022" in text_of(taken)


def test_merged_cells_stay_with_their_table_and_go_when_the_table_is_reshaped():
    text = ("loai: BC\nngay: 2023-05-25\ntrich_yeu: Kết quả\nnoi_dung:\n  - bang:\n"
            "      cot: [Khối, Hoàn thành, Hoàn thành]\n      hang:\n        - [null, Số lượng, Tỷ lệ]\n"
            "        - [Khối 1, 123, '98,4%']\n      tieu_de: 2\n      gop:\n        - [1, 1, 2, 1]\n"
            "        - [1, 2, 1, 3]\n      tong: true\n")
    root = editor.load(text)
    state_ = editor.view(root, "BC")
    state_["noi_dung"][0]["bang"]["hang"][1][1] = "124"  # a value changed: the merges still fit
    editor.merge(root, state_)
    out = editor.dump(root)
    assert "      gop:\n        - [1, 1, 2, 1]\n" in out and "tieu_de: 2" in out and "tong: true" in out
    root = editor.load(out)
    state_ = editor.view(root, "BC")
    state_["noi_dung"][0]["bang"]["hang"].append(["Khối 2", "118", "100%"])  # a row added: they may not
    editor.merge(root, state_)
    out = editor.dump(root)
    assert "gop" not in out and "tieu_de: 2" in out and "[Khối 2, 118, 100%]" in out
