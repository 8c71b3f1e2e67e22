"""The package type-checks: mypy as configured in pyproject.toml ([tool.mypy]) finds no error."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_error():
    # Its cache (.mypy_cache/, ignored by git) makes a run after a small change take seconds.
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
