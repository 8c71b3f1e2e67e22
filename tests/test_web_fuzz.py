"""Property: whatever is sent in any field of any form of the page, and in any query parameter a page
reads, the page answers with a message (beside its field, above the form, or a refusal page with
its code), and never with the generic «lỗi ngoài dự kiến» page, a 500, English exception text, a
file written outside the school's folder or a change to a document already issued.

The routes come from the application's own `url_map`: a new page is fuzzed without touching this
file (a route that cannot be is in SKIPPED with its reason; a new path variable asks for a value in
`_path_values`). A route's fields are those of the forms its pages show (read from the rendered
HTML) and those its view reads (recorded while it answers a probe), so a field a form forgets is
sent too. Each example runs on a fresh copy of a school that has an issued plan, a Trộn thư job, a
Phân công job and a Kiểm tra thể thức job. Background work runs in the request (so that its bugs
are this request's) and LibreOffice is left out: its previews are tested elsewhere, slowly.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import shutil
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Iterator
from urllib.parse import quote, urlencode, urlsplit

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import ImmutableMultiDict
from flask import Request

import bombs
from conftest import ROOT, copy_data, examples, run_vanthu
from pipeline import vn
from pipeline.app import ConverterError
from pipeline.web import create_app, jobs, preview, report_bugs, state

TOKEN = "test-token"
ISSUED = "2022/KH-01-THCSKB.docx"
DOCUMENTS = ["ke-hoach-binh-dang-gioi", "quyet-dinh-ban-chi-dao", "thong-bao-phan-cong", "bao-cao-lop"]

# Routes not fuzzed, each with its reason.
SKIPPED = {
    "static": "the page's own CSS and scripts: no field, nothing read",
    "pages.dia_chi_moi": "renews the secret of the address: every later request of the example would be refused "
                         "(403); it reads no field but the CSRF token",
}
# Endpoints whose work legitimately touches an issued file: revoking moves the revoked document aside.
MAY_CHANGE_ISSUED = {"pages.thu_hoi"}
# Pages that only exist before a school is set up: fuzzed on a page without one.
NO_SCHOOL = {"pages.khoi_tao"}
# Query parameters the page reads on every page (the year switcher, the secret of the address).
EVERY_PAGE_ARGS = {"nam", "token"}


# What an adversary (or a slip of the hand) sends. `{NGOAI}` becomes a path outside the school's folder.
HOSTILE = [
    "", " ", "x" * 100_000, "\x00", "a\x00b", "\x01\x02\x07\x1b[31m\x7f", "\r\n\t", "\ud800", "\udfff x",
    "../../x", "../../2022/KH-01-THCSKB", "..\\..\\x", "/etc/passwd", "{NGOAI}", "C:\\Windows\\x", ".", "..",
    "{{ 1/0 }}", "{{ nam + 'x' }}", "{% for x in range(10**9) %}x{% endfor %}", "{% if %}", "{lop", "}", "{stt}",
    "&a", "*a", "&a [*a, *a]", "!!python/object/apply:os.system ['echo x']", ": ", "a: b", "- x", "? x", "|", "'",
    '"', "#", "---", "%YAML 1.2", "[", "{",
    "1234567890123456789012345", "-1234567890123456789012345", "-1", "0", "-0", "1e308", "nan", "inf", "3.5",
    "00/00/0000", "31/02/2026", "1970", "01/01/1970", "1970-01-01", "2022-13-45", "29/02/2023", "9999-12-31",
    "0000-00-00", "2022", "2999", "20222",
    '=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "-2+3",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "</textarea><b>x</b>",
    unicodedata.normalize("NFD", "Trường Nguyễn Thị Ánh Hồng"), "\u202eabc", "\u200b", "👍", "Ω" * 300,
    "them:noi_dung", "xoa:noi_dung.0", "len:x", "them:", "KH", "QĐ", "luu", "xem_truoc", "tao", "dia_gioi",
    "token", "on", "1",
]
VALUE = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30), st.integers(-10**26, 10**26).map(str))
FILE_NAMES = ["x.docx", "x.xlsx", "x.csv", "x.doc", "x.pdf", "x.png", "../../x.docx", "/etc/passwd.docx",
              "..\\..\\KH-01-THCSKB.docx", "a\x00b.docx", "\ud800.docx", ".docx", "x", "", "x" * 300 + ".docx",
              "{{ 1/0 }}.docx", "<b>.xlsx"]


def _file_contents(folder: Path) -> dict[str, bytes]:
    """Hostile file contents, built once: empty, random, bombs, broken XML, a real file of another kind."""
    rng = secrets.token_bytes
    made = {
        "empty": b"",
        "random": rng(3000),
        "zip-header": b"PK\x03\x04" + rng(500),
        "docx-bomb": bombs.package(folder / "bomb.docx", bombs.TEMPLATE, "word/document.xml",
                                   bombs.padded(6 * bombs.MB)).read_bytes(),
        "xlsx-bomb": bombs.package(folder / "bomb.xlsx", bombs.SHEET, "xl/worksheets/sheet1.xml",
                                   bombs.padded(6 * bombs.MB)).read_bytes(),
        "docx-broken": bombs.package(folder / "broken.docx", bombs.TEMPLATE, "word/document.xml",
                                     bombs.broken).read_bytes(),
        "docx-deep": bombs.package(folder / "deep.docx", bombs.TEMPLATE, "word/document.xml",
                                   bombs.nested(5000)).read_bytes(),
        "template": bombs.TEMPLATE.read_bytes(),
        "sheet": bombs.SHEET.read_bytes(),
        "csv": "họ tên,lớp\n=HYPERLINK(\"x\"),\"6A1\n".encode(),
        "csv-utf16": "họ tên,lớp\nA,6A1\n".encode("utf-16"),
    }
    return made


@dataclass(repr=False)
class Target:
    """One route as the fuzz sends it: a method, the path's variables, the fields and their good values."""

    endpoint: str
    method: str
    rule: str
    variables: dict[str, str]
    fields: dict[str, list[str]] = field(default_factory=dict)   # name → values a page offers (first: default)
    files: dict[str, str] = field(default_factory=dict)          # file field → the good file it takes
    base: list[tuple[str, str]] = field(default_factory=list)    # what the page's own form sends

    @property
    def name(self) -> str:
        return f"{self.method} {self.rule}"

    def __repr__(self) -> str:
        return f"Target({self.name})"

    def _repr_pretty_(self, printer, cycle) -> None:  # hypothesis prints this, not the whole dataclass
        printer.text(repr(self))


# Recording what a view reads: the request's dicts tell which of them (args, form, files) they are.

_reads: dict[str, set[tuple[str, str]]] = {}


class _Recorded(ImmutableMultiDict):
    def _note(self, key):
        source, endpoint = getattr(self, "_source", None), getattr(self, "_endpoint", None)
        if source and endpoint and isinstance(key, str):
            _reads.setdefault(endpoint, set()).add((source, key))

    def get(self, key, *args, **kwargs):
        self._note(key)
        return super().get(key, *args, **kwargs)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def getlist(self, key, *args, **kwargs):
        self._note(key)
        return super().getlist(key, *args, **kwargs)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)


class _RecordingRequest(Request):
    parameter_storage_class = _Recorded


def _tag_request():
    from flask import request
    for source in ("args", "form", "files"):
        value = getattr(request, source)
        if isinstance(value, _Recorded):
            value._source, value._endpoint = source, request.endpoint


# The page without its background threads and LibreOffice.

class _NoOffice:
    def to_pdf(self, docx, timeout=65):
        raise ConverterError("không có LibreOffice trong lúc thử")

    def warm_up(self):
        return None

    def close(self):
        return None


class _InlineThread:
    """A background job run in the request, so that what it logs belongs to that request."""

    def __init__(self, target, args=(), daemon=None, name=None):
        self.target, self.args = target, args

    def start(self):
        self.target(*self.args)


def _client(data: Path | None, default: Path, recording: bool = False):
    app = create_app(data, token=TOKEN, default_folder=default)
    if recording:
        app.request_class = _RecordingRequest
        app.before_request(_tag_request)
    state(app).pdfs = _NoOffice()
    client = app.test_client()
    assert client.get(f"/?token={TOKEN}").status_code == 302
    return app, client


@pytest.fixture(scope="module")
def quiet_page():
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(jobs, "threading", type("T", (), {"Thread": _InlineThread, "Lock": threading.Lock}))
        mp.setattr(preview, "can_preview", lambda: False)
        yield


# The school every example starts from, and the routes found on its pages.

def _path_values(rule, endpoint: str, made: dict[str, str]) -> dict[str, str]:
    values = {}
    for name in rule.arguments:
        if name in ("nam", "year"):
            values[name] = "2022"
        elif name == "ten":
            values[name] = DOCUMENTS[0]
        elif name == "job_id":
            values[name] = made["tron"] if ".tron" in endpoint else made["phan-cong"] if ".phan_cong" in endpoint \
                else made["viec"]
        elif name == "job":
            values[name] = made["the-thuc"]
        elif name == "name":
            values[name] = "trang-1.png"
        elif name == "rel":
            values[name] = ISSUED
        else:
            raise AssertionError(f"route {rule.rule}: give its variable «{name}» a value in _path_values")
    return values


def _url(rule: str, values: dict[str, str]) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: quote(_bytes(values[m.group(1)]), safe="/" if m.group(1) == "rel"
                                                               else ""), rule)


def _forms(html: str, adapter, page: str) -> list[tuple[str, str, list[tuple[str, str]], dict[str, list[str]], set[str]]]:
    """The POST forms of a page: (endpoint, action path, what it sends, every field's values, file fields)."""
    if "<form" not in html:
        return []
    found = []
    for form in lxml.html.fromstring(html).forms:
        if (form.method or "GET").upper() != "POST":
            continue
        path = urlsplit(form.get("action") or page).path  # no action: the page's own address
        try:
            endpoint, _ = adapter.match(path, method="POST")
        except Exception:  # a form to another place, or a path this test cannot match
            continue
        fields: dict[str, list[str]] = {}
        files = set()
        for control in form.xpath(".//input|.//select|.//textarea|.//button"):
            name = control.get("name")
            if not name:
                continue
            if control.tag == "input" and (control.get("type") or "").lower() == "file":
                files.add(name)
                continue
            options = [o.get("value", o.text_content()) for o in control.xpath(".//option")]
            value = control.get("value") if control.tag in ("input", "button") else None
            fields.setdefault(name, [])
            for v in ([value] if value is not None else []) + options:
                if v not in fields[name]:
                    fields[name].append(v)
        found.append((endpoint, path, list(form.form_values()), fields, files))
    return found


GOOD_FILES = {"mau": "template", "bang": "sheet", "tep": "template"}


@dataclass(repr=False)
class Fuzz:
    school: Path                 # the folder holding data/ every example copies
    targets: list[Target]
    contents: dict[str, bytes]
    good: dict[str, bytes]       # good file contents by GOOD_FILES key
    made: dict[str, str]

    def __repr__(self) -> str:
        return f"Fuzz({len(self.targets)} routes)"

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))


def _set_up_school(folder: Path) -> dict[str, str]:
    """An issued plan, and one job of each page that keeps an upload's folder."""
    data = copy_data(folder / "data")
    shutil.copytree(ROOT / "templates", folder / "templates")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        issued = run_vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09",
                            "--ra", str(data / "out"))
        assert issued.exit_code == 0, issued.output
    finally:
        os.chdir(cwd)
    shutil.rmtree(folder / "templates")
    app, client = _client(data, data)
    csrf = state(app).csrf

    def upload(url, **files):
        sent = {"csrf": csrf, "nam": "2022"}
        sent.update({name: (io.BytesIO(path.read_bytes()), path.name) for name, path in files.items()})
        response = client.post(url, data=sent, content_type="multipart/form-data")
        assert response.status_code in (200, 302), (url, response.get_data(as_text=True)[:2000])
        return response
    upload("/tron", mau=bombs.TEMPLATE, bang=bombs.SHEET)
    upload("/phan-cong", bang=data / "2022" / "phan-cong.csv")
    upload("/the-thuc", tep=data / "out" / ISSUED)
    made = {name: next((data / "out" / name).iterdir()).name for name in ("tron", "phan-cong", "the-thuc")}
    made["viec"] = "khong-co-viec-nay"
    return made


def _discover(folder: Path, made: dict[str, str]) -> list[Target]:
    """Every route of the page, with the fields its forms hold and its view reads."""
    work = folder.parent / "kham-pha"
    shutil.copytree(folder, work)
    app, client = _client(work / "data", work / "data", recording=True)
    _, first = _client(None, work / "moi", recording=True)
    adapter = app.url_map.bind("localhost")
    targets: dict[tuple[str, str], Target] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED:
            continue
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            targets[(rule.endpoint, method)] = Target(rule.endpoint, method, rule.rule,
                                                      _path_values(rule, rule.endpoint, made))

    def learn(html: str, page: str) -> None:
        for endpoint, path, values, fields, files in _forms(html, adapter, page):
            target = targets.get((endpoint, "POST"))
            if target is None or _url(target.rule, target.variables) != path:
                continue  # a form of another document or job than the one fuzzed
            for name, offered in fields.items():
                known = target.fields.setdefault(name, [])
                known += [v for v in offered if v not in known]
            for name in files:
                target.files.setdefault(name, GOOD_FILES.get(name, "template"))
            if not target.base:
                target.base = [(k, v) for k, v in values if k != "csrf"]

    for _ in range(2):  # forms shown by a POST's answer (a confirmation) are learned on the second round
        for (endpoint, method), target in targets.items():
            url = _url(target.rule, target.variables)
            if method == "GET":
                answer = (first if endpoint in NO_SCHOOL else client).get(url, query_string={"nam": "2022"})
            elif endpoint in NO_SCHOOL:
                answer = first.post(url, data={"csrf": state(first.application).csrf, **dict(target.base)})
            else:
                answer = client.post(url, data={"csrf": state(app).csrf, **dict(target.base)})
            if answer.mimetype == "text/html":
                learn(answer.get_data(as_text=True), url)
    for (endpoint, method), target in targets.items():
        for source, name in sorted(_reads.get(endpoint, ())):
            if name == "token" and source == "args" and method == "POST":
                continue
            if source == "files":
                target.files.setdefault(name, GOOD_FILES.get(name, "template"))
            elif (source == "form") == (method == "POST"):
                target.fields.setdefault(name, [])
        if method == "GET":
            target.fields.update({name: ["2022"] for name in EVERY_PAGE_ARGS})
    shutil.rmtree(work, ignore_errors=True)
    return [t for t in targets.values() if t.fields or t.files or t.variables]


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory, quiet_page) -> Iterator[Fuzz]:
    root = tmp_path_factory.mktemp("webfuzz")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CONFIG_HOME", str(root / "config"))  # the page keeps its address there
        made = _set_up_school(root / "truong")
        targets = _discover(root / "truong", made)
        contents = _file_contents(root)
        good = {"template": bombs.TEMPLATE.read_bytes(), "sheet": bombs.SHEET.read_bytes()}
        yield Fuzz(root / "truong", targets, contents, good, made)


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def bugs(tmp_path):
    """The page's bugs as `vanthu web` reports them, each with where it was raised (for the fix)."""
    import logging
    import traceback
    said: list[str] = []
    handler = report_bugs(lambda line: None, tmp_path / "log" / "loi-trang.log")

    class Where(logging.Handler):
        def emit(self, record):
            where = traceback.format_exception(*record.exc_info)[-3:] if record.exc_info else [record.getMessage()]
            said.append(" ".join(line.strip() for line in where))
    where = Where(logging.ERROR)
    logger = logging.getLogger("pipeline.web")
    logger.addHandler(where)
    yield said
    logger.removeHandler(handler)
    logger.removeHandler(where)
    logger.propagate = True


# Sending a request as a browser would, bytes and all (a lone surrogate is invalid UTF-8 on the wire).

def _bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


def _multipart(pairs: list[tuple[str, str]], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = "vanthu" + secrets.token_hex(12)
    out = io.BytesIO()

    def quoted(text: str) -> bytes:
        return _bytes(text).replace(b'"', b"%22").replace(b"\r", b"%0D").replace(b"\n", b"%0A")
    for name, value in pairs:
        out.write(b"--" + boundary.encode() + b'\r\nContent-Disposition: form-data; name="' + quoted(name)
                  + b'"\r\n\r\n' + _bytes(value) + b"\r\n")
    for name, filename, content in files:
        out.write(b"--" + boundary.encode() + b'\r\nContent-Disposition: form-data; name="' + quoted(name)
                  + b'"; filename="' + quoted(filename) + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
                  + content + b"\r\n")
    out.write(b"--" + boundary.encode() + b"--\r\n")
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def _query(pairs: list[tuple[str, str]]) -> str:
    return urlencode([(_bytes(k), _bytes(v)) for k, v in pairs])


# What each answer must be.

ENGLISH = re.compile(r"Traceback|\b\w*(Error|Exception)\b|\b(is not|has no|not a|could not|cannot|can't|unexpected|"
                     r"expected|invalid|object|No such|argument|must be|out of range|codec|decode|literal|"
                     r"attribute|or|and)\b")


def _messages(html: str) -> list[str]:
    """What the page says to the clerk: its alerts, field messages and one-time messages."""
    found = re.findall(r'role="alert"[^>]*>(.*?)</(?:p|small|div|li)>', html, re.S)
    found += re.findall(r'class="thong-bao[^"]*"[^>]*>(.*?)</(?:p|div|li)>', html, re.S)
    return [re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", m))).strip() for m in found]


def _issued(data: Path) -> dict[str, str]:
    return {str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in (data / "out").glob("[0-9][0-9][0-9][0-9]/*.docx")}


def _outside(root: Path, allowed: list[Path]) -> dict[str, str]:
    """Every file under `root` that is not in one of the `allowed` folders (the school, the config)."""
    seen = {}
    for path in root.rglob("*"):
        if path.is_file() and not any(path.is_relative_to(a) for a in allowed):
            seen[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return seen


@dataclass
class Sent:
    target: Target
    fields: dict[str, str]
    files: dict[str, tuple[str, str]]    # field → (file name, contents key)
    variable: tuple[str, str] | None     # a path variable replaced, and its value

    def __repr__(self) -> str:
        def short(v: str) -> str:
            return v if len(v) < 60 else v[:30] + f"…({len(v)})"
        variable = self.variable and (self.variable[0], short(self.variable[1]))
        return (f"{self.target.name} fields={ {k: short(v) for k, v in self.fields.items()}!r} files={self.files!r} "
                f"variable={variable!r}")

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))


class Example:
    """A fresh copy of the school and a page on it; requests sent one by one, each checked."""

    def __init__(self, fuzz: Fuzz, scratch: Path, no_school: bool):
        self.fuzz, self.no_school = fuzz, no_school
        self.root = Path(tempfile.mkdtemp(dir=scratch))
        self.data = self.root / "data"
        shutil.copytree(fuzz.school / "data", self.data)
        self.cwd = self.root / "a" / "b" / "cwd"  # `../../x` from here lands inside `root`, where it is seen
        (self.root / "tmp").mkdir()
        self.cwd.mkdir(parents=True)
        self.app, self.client = _client(None if no_school else self.data, self.data)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def send(self, sent: Sent, bugs: list[str]) -> None:
        """Fails on a bug, English text, a write outside the school's folder or a changed issued file."""
        data, root, target = self.data, self.root, sent.target
        before_issued, before_outside = _issued(data), _outside(root, [data])
        outside = str(root / "ngoai" / "x")
        values = {k: v.replace("{NGOAI}", outside) for k, v in sent.fields.items()}
        variables = dict(target.variables)
        if sent.variable:
            variables[sent.variable[0]] = sent.variable[1].replace("{NGOAI}", outside)
        url = _url(target.rule, variables)
        pairs = [(k, v) for k, v in target.base if k not in values] + list(values.items())
        old_cwd, old_tmp = os.getcwd(), tempfile.tempdir
        os.chdir(self.cwd)
        tempfile.tempdir = str(root / "tmp")
        bugs.clear()
        try:
            answer, html = self._answer(target, url, pairs, sent)
        finally:
            os.chdir(old_cwd)
            tempfile.tempdir = old_tmp
        where = repr(sent)
        assert answer.status_code != 500, f"{where}: {bugs}"
        assert not bugs, f"{where}: {bugs}"
        assert "ngoài dự kiến" not in html, where
        if answer.status_code == 400 and answer.mimetype == "text/html":  # refused: and said why, visibly
            assert _messages(html), f"{where}: refused (400) without a message on the page"
        said = " ".join(_messages(html)) + (html if answer.mimetype == "application/json" else "")
        for value in sorted(values.values(), key=len, reverse=True) + [s[0] for s in sent.files.values()]:
            if len(value) > 2:  # what was sent, as sent and as the page suggests it as a name
                for shown in (value, vn.slug(value)):
                    said = said.replace(shown, "") if shown else said
        english = ENGLISH.search(said)
        assert english is None, f"{where}: English text «{english and english.group(0)}» in {said[:500]!r}"
        if target.endpoint not in MAY_CHANGE_ISSUED:
            after_issued = _issued(data)
            assert after_issued == {**after_issued, **before_issued}, f"{where}: an issued file changed or is gone"
        allowed = [data]
        if self.no_school and values.get("thu_muc", "").strip():  # Khởi tạo writes the school where the clerk says
            allowed.append(Path(os.path.normpath(self.cwd / values["thu_muc"].strip())))
        after = _outside(root, allowed)
        assert set(after) <= set(before_outside) and all(before_outside[k] == v for k, v in after.items()), \
            f"{where}: written outside the school's folder: {sorted(set(after) - set(before_outside))}"

    def _answer(self, target: Target, url: str, pairs: list[tuple[str, str]], sent: Sent):
        client, fuzz = self.client, self.fuzz
        if target.method == "GET":
            answer = client.get(url, query_string=_query(pairs))
        else:
            pairs.append(("csrf", state(self.app).csrf))  # after a hostile one, if sent: the first counts
            if target.files:
                files = []
                for name, good in target.files.items():
                    if name in sent.files:
                        filename, key = sent.files[name]
                        files.append((name, filename, fuzz.contents[key]))
                    elif good in fuzz.good:
                        files.append((name, "tep" + (".xlsx" if good == "sheet" else ".docx"), fuzz.good[good]))
                body, content_type = _multipart(pairs, files)
            else:
                body, content_type = _query(pairs).encode(), "application/x-www-form-urlencoded"
            answer = client.post(url, data=body, content_type=content_type)
        html = answer.get_data(as_text=True) if answer.mimetype in ("text/html", "application/json") else ""
        if answer.status_code == 302 and urlsplit(answer.headers["Location"]).path.startswith("/viec/"):
            job = client.get(urlsplit(answer.headers["Location"]).path + ".json").get_json()  # run in the request
            html += " ".join([job["loi"], *job["canh_bao"]]) if job else ""
        return answer, html


def send(fuzz: Fuzz, sent: Sent, bugs: list[str], scratch: Path) -> None:
    """One request on a fresh copy of the school."""
    example = Example(fuzz, scratch, sent.target.endpoint in NO_SCHOOL)
    example.send(sent, bugs)
    example.close()


@st.composite
def requests(draw, fuzz: Fuzz) -> Sent:
    target = draw(st.sampled_from(fuzz.targets))
    names = sorted(set(target.fields) | set(target.files))
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)) if names else []
    fields, files = {}, {}
    for name in chosen:
        if name in target.files:
            files[name] = (draw(st.sampled_from(FILE_NAMES)), draw(st.sampled_from(sorted(fuzz.contents))))
        else:
            offered = target.fields.get(name) or []
            fields[name] = draw(st.one_of(VALUE, st.sampled_from(offered)) if offered else VALUE)
    variable = None
    if target.variables and draw(st.integers(0, 4)) == 0:
        name = draw(st.sampled_from(sorted(target.variables)))
        variable = (name, draw(VALUE))
    return Sent(target, fields, files, variable)


SETTINGS = dict(deadline=None, derandomize=not os.environ.get("VANTHU_HYPOTHESIS_EXAMPLES"), database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])


# The fuzz needs a school with a job of every page, discovered route by route (half a minute):
# `make test` runs it, the quick run keeps the regressions it found (below).
@pytest.mark.slow
def test_every_route_is_fuzzed(fuzz):
    """The discovery found every route the page has (a new one is covered, or skipped with a reason)."""
    app = create_app(fuzz.school / "data", token=TOKEN)
    routes = {(r.endpoint, m) for r in app.url_map.iter_rules() for m in (r.methods or ()) & {"GET", "POST"}
              if r.endpoint not in SKIPPED}
    fuzzed = {(t.endpoint, t.method) for t in fuzz.targets}
    without = {(e, m) for e, m in routes - fuzzed}
    # A route left out has nothing to fuzz: no variable, no field, no query parameter.
    assert all(not list(app.url_map.iter_rules(e))[0].arguments for e, _ in without), without
    posts = {e for e, m in routes if m == "POST"}
    assert posts <= {t.endpoint for t in fuzz.targets if t.method == "POST"}, posts
    editor = next(t for t in fuzz.targets if t.endpoint == "pages.van_ban_luu")
    assert {"goc", "bam", "lam"} <= set(editor.fields) and len(editor.fields) > 20, sorted(editor.fields)
    assert {"mau", "bang"} <= set(next(t for t in fuzz.targets if t.endpoint == "pages.tron_tai_len").files)


@pytest.mark.slow
@settings(max_examples=int(os.environ.get("VANTHU_HYPOTHESIS_EXAMPLES", 0)) or examples(60), **SETTINGS)
@given(choice=st.data())
def test_no_field_of_any_page_ends_in_a_bug(fuzz, bugs, tmp_path, choice):
    send(fuzz, choice.draw(requests(fuzz)), bugs, tmp_path)


# The systematic run: one value of each kind, each field once per shape (`noi_dung.3.chu` stands for
# every `noi_dung.N.chu`), every file kind under a few names.
SWEEP = ["", "x" * 100_000, "\x00", "\x01\x1b[31m", "\ud800", "../../x", "{NGOAI}", "{{ 1/0 }}", "{% if %}", "{lop",
         "&a [*a, *a]", "!!python/object/apply:os.system ['echo x']", "a: b", "1234567890123456789012345",
         "-1234567890123456789012345", "-1", "0", "1e308", "nan", "00/00/0000", "31/02/2026", "01/01/1970",
         "9999-12-31", '=HYPERLINK("http://x","y")', '"><img src=x onerror=alert(1)>',
         unicodedata.normalize("NFD", "Trường Nguyễn Thị Ánh Hồng"), "them:", "xoa:noi_dung.0"]


def _shapes(names) -> list[str]:
    seen: dict[str, str] = {}
    for name in sorted(names):
        seen.setdefault(re.sub(r"\d+", "N", name), name)
    return sorted(seen.values())


def _sweep(fuzz: Fuzz) -> Iterator[list[Sent]]:
    """The systematic requests, in groups that share one copy of the school."""
    for target in fuzz.targets:
        for name in _shapes(target.fields):
            yield [Sent(target, {name: value}, {}, None) for value in SWEEP]
        for name in sorted(target.files):
            yield [Sent(target, {}, {name: (filename, key)}, None) for key in sorted(fuzz.contents)
                   for filename in ("x.docx", "x.xlsx", "../../x.docx", "")]
        for variable in sorted(target.variables):
            yield [Sent(target, {}, {}, (variable, value)) for value in SWEEP]


@pytest.mark.slow
def test_every_field_of_every_page_takes_every_kind_of_hostile_value(fuzz, bugs, tmp_path):
    failures = []
    for group in _sweep(fuzz):
        example = Example(fuzz, tmp_path, group[0].target.endpoint in NO_SCHOOL)
        for sent in group:
            try:
                example.send(sent, bugs)
            except Exception as exc:  # noqa: BLE001 (every failure listed, then the test fails)
                failures.append(f"{sent!r}: {type(exc).__name__} {str(exc).splitlines()[0][:600]}")
                print("FAIL", failures[-1], flush=True)
        example.close()
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:80])


# What the fuzz found, each kept as a plain test.

def test_an_import_for_a_year_out_of_range_is_refused_with_a_message(data, tmp_path, bugs):
    from test_web import alerts, client_for
    app, client = client_for(data)
    sent = client.post("/van-ban/nhap", data={"csrf": state(app).csrf, "nam": "1234567890123456789012345",
                                              "tep": (io.BytesIO(bombs.TEMPLATE.read_bytes()), "ke-hoach.docx")},
                       content_type="multipart/form-data")
    assert sent.status_code == 400 and not bugs
    assert "năm 1234567890123456789012345 không hợp lý: cần một năm từ 2000 đến 2100" in " ".join(alerts(sent))
    assert not (data / "out" / "nhap").exists() or not list((data / "out" / "nhap").iterdir())


def test_a_date_that_is_no_date_is_refused_when_numbering_a_checked_file(data, tmp_path, bugs, quiet_page):
    from test_web import alerts, client_for
    app, client = client_for(data)
    state(app).pdfs = _NoOffice()
    checked = client.post("/the-thuc", data={"csrf": state(app).csrf, "tep": (io.BytesIO(bombs.TEMPLATE.read_bytes()),
                                                                              "bao-cao.docx")},
                          content_type="multipart/form-data")
    job = re.search(r'action="/the-thuc/([0-9a-f]+)/cap-so"', checked.get_data(as_text=True)).group(1)
    for typed in ("x", "31/02/2026", "a\x00b"):
        sent = client.post(f"/the-thuc/{job}/cap-so", data={"csrf": state(app).csrf, "ngay": typed})
        assert sent.status_code == 400 and not bugs, typed
        assert "không phải ngày có thật; viết dạng ngày/tháng/năm, ví dụ 31/12/2022" in " ".join(alerts(sent))
    assert not (data / "so-van-ban-di.sqlite").exists()  # nothing numbered


def test_a_name_too_long_for_the_disk_in_an_address_is_no_page(data, bugs):
    from test_web import client_for
    app, client = client_for(data)
    long = "a" * 5000
    for url in (f"/phan-cong/{long}", f"/tron/{long}", f"/the-thuc/{long}/ban-sua.docx", f"/van-ban/2022/{long}",
                f"/van-ban/2022/{long}/cap-so", f"/the-thuc/{long}/trang/x.png"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/tron/{long}/chay", data={"csrf": state(app).csrf}).status_code == 404
    assert client.post("/nam/2022/xem-lai", data={"csrf": state(app).csrf, "tep": long + ".yaml"}).status_code == 404
    assert not bugs


def test_numbering_again_a_document_issued_elsewhere(vanthu, data, tmp_path, bugs, quiet_page):
    """The register keeps the issued file as it was written (here by the command line, relative to
    its working folder, and the school's folder moved since): the page says where that is instead of
    failing on a link it cannot give."""
    from test_web import client_for
    issued = vanthu("soan", "ke-hoach-binh-dang-gioi", "--cap-so", "--ngay", "2022-05-09", "--ra", str(data / "out"))
    assert issued.exit_code == 0, issued.output
    moved = tmp_path / "usb" / "data"
    shutil.copytree(data, moved)
    app, client = client_for(moved)
    state(app).pdfs = _NoOffice()
    page = client.get("/van-ban/2022/ke-hoach-binh-dang-gioi/cap-so?ngay=2022-05-09").get_data(as_text=True)
    (form,) = [f for f in _forms(page, app.url_map.bind("localhost"), "/van-ban/2022/ke-hoach-binh-dang-gioi/cap-so")
               if f[0] == "pages.cap_so_lam"]
    started = client.post("/van-ban/2022/ke-hoach-binh-dang-gioi/cap-so", data={**dict(form[2]), "csrf": state(app).csrf})
    assert started.status_code == 302 and started.headers["Location"].startswith("/viec/")
    job = client.get(started.headers["Location"] + ".json").get_json()
    assert job["trang_thai"] == "xong" and not bugs, (job, bugs)
    assert job["canh_bao"] == [f"Văn bản đã được cấp số từ trước; tệp đã ban hành là data/out/{ISSUED}, ngoài "
                               "thư mục của trang nên không tải được ở đây."]


def test_a_choice_the_list_does_not_offer_is_said_beside_it_in_vietnamese(data, bugs):
    from test_web import client_for, field_error
    app, client = client_for(data)
    page = client.get("/truong").get_data(as_text=True)
    (form,) = [f for f in _forms(page, app.url_map.bind("localhost"), "/truong") if f[0] == "pages.truong_luu"]
    before = (data / "don-vi.yaml").read_bytes()
    sent = client.post("/truong", data={**dict(form[2]), "so_van_ban": "moi-thang", "csrf": state(app).csrf})
    assert sent.status_code == 400 and not bugs
    assert field_error(sent, "so_van_ban") == "giá trị «moi-thang» không hợp lệ; chỉ nhận: 'chung' hoặc 'theo-loai'"
    assert (data / "don-vi.yaml").read_bytes() == before


@pytest.mark.not_ooxml("*.docx")
def test_a_word_file_refused_for_numbering_or_checking_is_not_kept(data, tmp_path, bugs, quiet_page):
    from test_web import alerts, client_for
    app, client = client_for(data)
    state(app).pdfs = _NoOffice()
    bomb = bombs.package(tmp_path / "bom.docx", bombs.TEMPLATE, "word/document.xml", bombs.padded(6 * bombs.MB))
    for url in ("/van-ban/cap-so-word", "/the-thuc"):
        sent = client.post(url, data={"csrf": state(app).csrf, "tep": (io.BytesIO(bomb.read_bytes()), "ke-hoach.docx")},
                           content_type="multipart/form-data")
        assert sent.status_code == 400 and not bugs, url
        said = " ".join(alerts(sent))
        assert said.startswith("«ke-hoach.docx»: thành phần «word/document.xml» nén quá chặt") and str(data) not in said
    assert not [p for p in (data / "out").rglob("*") if p.is_file()]  # nothing of either upload kept
    assert not (data / "so-van-ban-di.sqlite").exists()


def test_a_new_document_name_too_long_for_the_disk_is_said_beside_its_field(data, bugs):
    from test_web import client_for, field_error
    app, client = client_for(data)
    sent = client.post("/van-ban/moi", data={"csrf": state(app).csrf, "nam": "2022", "loai": "KH", "ten": "a" * 5000})
    assert sent.status_code == 400 and not bugs
    assert field_error(sent, "ten") == "tên tệp quá dài (5000 ký tự); tối đa 80 ký tự"


def test_secrets_and_hashes_in_any_script_are_refused_not_a_bug(data, bugs):
    """hmac.compare_digest raises on non-ASCII text: the token, the CSRF token and the form's hash."""
    from test_web import alerts, client_for
    app, client = client_for(data)
    assert client.get("/truong?token=mã-sai").status_code == 403
    refused = client.post("/truong", data={"csrf": "Trường"})
    assert refused.status_code == 403 and "không đến từ trang vanthu đang chạy" in alerts(refused)[0]
    page = client.get("/van-ban/2022/ke-hoach-binh-dang-gioi").get_data(as_text=True)
    (form,) = [f for f in _forms(page, app.url_map.bind("localhost"), "/van-ban/2022/ke-hoach-binh-dang-gioi")
               if f[0] == "pages.van_ban_luu"]
    sent = client.post("/van-ban/2022/ke-hoach-binh-dang-gioi",
                       data={**dict(form[2]), "bam": "Nguyễn", "csrf": state(app).csrf})
    assert sent.status_code == 400 and not bugs


def test_drafting_a_document_name_too_long_for_the_disk_is_a_message(data, bugs, quiet_page):
    from test_web import client_for
    app, client = client_for(data)
    started = client.post("/van-ban/soan", data={"csrf": state(app).csrf, "nam": "2022", "ten": "x" * 5000})
    job = client.get(started.headers["Location"] + ".json").get_json()
    assert job["trang_thai"] == "loi" and not bugs
    assert job["loi"].startswith(f"{data / '2022' / 'van-ban'}: năm 2022 không có văn bản «xxx")


def test_a_kind_the_list_does_not_hold_is_said_beside_its_box(data, bugs):
    from test_web import client_for, field_error
    app, client = client_for(data)
    sent = client.post("/van-ban/moi", data={"csrf": state(app).csrf, "nam": "2022", "loai": "kh", "ten": "ke-hoach-moi"})
    assert sent.status_code == 400 and not bugs
    assert field_error(sent, "loai").startswith("không có loại văn bản «kh»; các loại: ")
    assert field_error(sent, "loai").endswith("; có phải ý bạn là KH?")
    assert not (data / "2022" / "van-ban" / "ke-hoach-moi.yaml").exists()
