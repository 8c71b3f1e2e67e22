"""OOXML validation (openxml-audit) of .docx files, in readable lines, cached by content; and the
pytest hooks (re-exported by conftest.py) that validate every .docx a test makes."""

from __future__ import annotations

import functools
import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openxml_audit import OpenXmlValidator, SourceClass, ValidationError, ValidationSeverity

# Beyond the schema and the Open XML SDK's checks, openxml-audit flags what it knows makes Word
# repair a file (source class WORD_APP_COMPAT). python-docx's own default package, which tests
# build their templates from, has two such findings (its stylesWithEffects part lags its styles);
# vanthu's shipped templates have none and are held to that (`app_compat=True`).
_SCHEMA = {SourceClass.SDK_PROXY, SourceClass.PACKAGE_INTEGRITY}
_checked: dict[str, list[ValidationError]] = {}


class _SchemaByPart:
    """The validator's schema checker, remembering each part's findings by its bytes.

    A part's schema errors depend on nothing else (openxml-audit checks each part alone), and most
    parts of vanthu's outputs (styles, numbering, theme, settings) are those of their template.
    It wraps a private attribute of the validator: pyproject.toml pins the version it was read from.
    """

    def __init__(self, checker):
        self._checker, self._found = checker, {}

    def validate_part(self, part, context):
        key = (part.uri, hashlib.sha256(part.raw_content or b"").digest())
        if key not in self._found:
            start = len(context.errors)
            self._checker.validate_part(part, context)
            self._found[key] = context.errors[start:]
        else:
            context.errors.extend(self._found[key])
        return context.errors

    def __getattr__(self, name):
        return getattr(self._checker, name)


@functools.cache
def _validator() -> OpenXmlValidator:
    validator = OpenXmlValidator()  # Office 2019, schema and semantic checks
    validator._schema_validator = _SchemaByPart(validator._schema_validator)
    return validator


# The text of a run, `<w:t …>text</w:t>` (prefix `w:` as Word and python-docx write it).
_RUN_TEXT = re.compile(rb"(<w:t(?:\s[^>]*)?>)[^<]*(</w:t>)")


def _without_text(xml: bytes) -> bytes:
    """A part with the text of its runs emptied, once it is known to be well-formed (a character
    XML cannot hold must still reach the validator)."""
    blank = _RUN_TEXT.sub(rb"\1\2", xml)
    if blank == xml:
        return xml
    try:
        etree.fromstring(xml)
    except etree.XMLSyntaxError:
        return xml
    return blank


def content_key(path: Path) -> str:
    """A hash of the package's parts without the text of their runs.

    openxml-audit checks elements and attributes but never reads the text of a `w:t` (the schema
    types it as any string), so documents that differ only in their words are equally valid: the
    500 notices of one roster are validated once. Zip timestamps do not count either.
    """
    digest = hashlib.sha256()
    try:
        with zipfile.ZipFile(path) as z:
            for info in sorted(z.infolist(), key=lambda i: i.filename):
                digest.update(info.filename.encode() + b"\0" + _without_text(z.read(info)) + b"\0")
    except zipfile.BadZipFile:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def _line(error: ValidationError) -> str:
    where = " ".join(filter(None, (error.part_uri, error.path)))
    return f"{where}: {error.description}" if where else error.description


def errors(path: Path, app_compat: bool = False) -> list[str]:
    """The validator's errors for one .docx, one line each ([] when it is valid)."""
    key = content_key(path)
    if key not in _checked:
        result = _validator().validate(path)
        _checked[key] = [e for e in result.errors if e.severity is ValidationSeverity.ERROR]
    return [_line(e) for e in _checked[key] if app_compat or e.source_class in _SCHEMA]


def report(paths: list[Path], root: Path | None = None, app_compat: bool = False) -> str:
    """The invalid files among `paths` with their errors ("" when all are valid)."""
    out = []
    for path in paths:
        found = errors(path, app_compat)
        if found:
            name = path.relative_to(root) if root else path
            out.append(f"{name}: {len(found)} OOXML error(s)\n" + "\n".join(f"  {e}" for e in found[:20]))
    return "\n".join(out)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "not_ooxml(*patterns): files (globs under tmp_path) this test makes invalid on purpose")


def _docx_state(folder: Path) -> dict[Path, tuple[int, int]]:
    """When each .docx under `folder` was last written, and its size."""
    stats = {p: p.stat() for p in folder.rglob("*.docx") if p.is_file()}
    return {p: (s.st_mtime_ns, s.st_size) for p, s in stats.items()}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a test passes, every .docx it created or changed under its tmp_path must validate."""
    folder = getattr(item, "funcargs", {}).get("tmp_path")
    before = _docx_state(folder) if folder else {}
    result = yield
    if folder:
        exempt = [p for m in item.iter_markers("not_ooxml") for p in m.args]
        made = [p for p, state in sorted(_docx_state(folder).items())
                if before.get(p) != state and not any(p.relative_to(folder).match(g) for g in exempt)]
        problems = report(made, folder)
        if problems:
            pytest.fail(f"invalid .docx made by this test:\n{problems}", pytrace=False)
    return result
