"""The package type-checks: mypy as configured in pyproject.toml ([tool.mypy]) finds no error."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_error():
    # Its cache (.mypy_cache/, ignored by git) makes a run after a small change take seconds.
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


# Code that misreads a context: each line must be an error, else the contexts are typed in name only
# (e.g. a name mypy sees as Any, as the kinds' lazily loaded names were).
_MISREAD = '''
from datetime import date

from pipeline.contexts import DocumentContext, Frame, MergeContext
from pipeline.documents import frame
from pipeline.kinds import Kind
from pipeline.load import Year
from pipeline.models import VanBan
from pipeline.publish import Job


def misspelt(ctx: DocumentContext) -> object:
    return ctx["trich_yeuu"]


def draft_number(ctx: Frame) -> int:
    return ctx["so"]


def title(kind: Kind, doc: VanBan, ctx: Frame) -> object:
    return kind.context(doc, ctx)["ban_hanhh"]


def symbol(job: Job[Frame]) -> object:
    return job.context(None, None)["ky_hieuu"]


def row(ctx: MergeContext) -> str:
    return ctx["hang"]


def built(year: Year) -> object:
    return frame(year, loai="KH", ten_loai="KẾ HOẠCH", so=None, ngay=date(2022, 5, 9), trich_yeu="",
                 nguoi_ky=None, noi_nhan=[])["nguoi_ky"]["ho_tenn"]
'''


def test_mypy_checks_the_names_and_values_of_contexts(tmp_path):
    probe = tmp_path / "misread.py"
    probe.write_text(_MISREAD, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--config-file", "pyproject.toml", str(probe)],
                          cwd=ROOT, capture_output=True, text=True)
    errors = [line.split(": error: ", 1)[1] for line in done.stdout.splitlines() if ": error: " in line]
    assert errors == [
        'TypedDict "DocumentContext" has no key "trich_yeuu"  [typeddict-item]',
        'Incompatible return value type (got "int | Literal[\'\'] | None", expected "int")  [return-value]',
        'TypedDict "TitleVars" has no key "ban_hanhh"  [typeddict-item]',
        'TypedDict "Frame" has no key "ky_hieuu"  [typeddict-item]',
        'Incompatible return value type (got "int", expected "str")  [return-value]',
        'TypedDict "Signer" has no key "ho_tenn"  [typeddict-item]',
    ], done.stdout + done.stderr
