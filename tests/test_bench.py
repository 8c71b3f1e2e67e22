"""Every bench runs, in a tiny size, so that none can rot while the code under it changes.

The figures themselves are not asserted: a shared machine makes timings meaningless in a test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def run(script: str, *args: str) -> str:
    result = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_startup_bench_runs():
    out = run("startup.py", "--runs", "1")
    assert "vanthu --help" in out and "every module at start" in out


def test_notices_bench_runs():
    out = run("notices.py", "--sizes", "3,6")
    assert "3 teachers" in out and "6 teachers" in out and "marginal cost" in out


@pytest.mark.slow
def test_batch_bench_runs():
    out = run("batch.py", "--n", "4", "--repeat", "1", "--memory-factor", "2")
    assert "speed-up" in out


@pytest.mark.slow
def test_pdf_bench_runs():
    out = run("pdf.py", "--sizes", "2", "--repeat", "1", "--plans", "1x2")
    lines = out.splitlines()
    assert "floor" in lines[0] and "ratio" in lines[1]
    assert lines[2].split()[0] == "2" and lines[3].split()[-2:] == ["1x2", "(tried)"]


def test_web_bench_runs():
    out = run("web.py", "--runs", "1", "--no-preview")
    assert "editor page, cold" in out and "editor page, warm" in out and "preview" not in out


@pytest.mark.slow
def test_web_bench_runs_with_previews():
    out = run("web.py", "--runs", "1", "--previews", "1")
    assert "preview, cold (LibreOffice started)" in out
    assert "preview, warm (LibreOffice kept)" in out and "faster" in out
