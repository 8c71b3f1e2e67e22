import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

import ooxml
from ooxml import pytest_runtest_call  # noqa: F401  (every .docx a test makes is validated)
from pipeline.cli import cli

ROOT = Path(__file__).resolve().parent.parent
# The 2022 plan as the clerk typed it (shared/seed/000_ab1d1c9a83126a80.txt).
SEED = ROOT / "tests" / "fixtures" / "seed-ke-hoach-2022.txt"

# Properties try a quarter of their examples in the fast run (`-m "not slow"`), all of them in `make test`.
settings.register_profile("fast", max_examples=25)
_fast_run = False


def pytest_configure(config):
    global _fast_run
    ooxml.pytest_configure(config)
    _fast_run = "not slow" in (config.getoption("markexpr", "") or "")
    if _fast_run:
        settings.load_profile("fast")


def examples(count: int) -> int:
    """How many examples a property with `count` of them tries in this run."""
    return max(count // 4, 10) if _fast_run else count


def copy_data(target: Path) -> Path:
    """A copy of the example school's data (without the registers and marks a run leaves) at `target`."""
    shutil.copytree(ROOT / "data", target, ignore=shutil.ignore_patterns("*.sqlite*", ".*.id", ".sao-luu",
                                                                       ".ky-so-thu"))
    return target


def run_vanthu(*args: str):
    """`vanthu` run in-process from the current folder."""
    return CliRunner().invoke(cli, list(args), prog_name="vanthu", catch_exceptions=False)


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the example school's data, free to break."""
    return copy_data(tmp_path / "data")


@pytest.fixture
def templates(tmp_path) -> Path:
    """A copy of the shipped templates."""
    target = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", target)
    return target


@pytest.fixture
def vanthu(tmp_path, data, templates, monkeypatch):
    """Run `vanthu` from a folder holding `data/` and `templates/`, as a clerk would."""
    monkeypatch.chdir(tmp_path)
    return run_vanthu


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_warm_libreoffice_left():
    """A page's warm LibreOffice (started by a preview) ends with the test that started it."""
    yield
    from pipeline import office
    office.stop_all()
