"""How long `vanthu the-thuc` takes per document, checking and fixing, on the example documents.

Prints per-document times and the ratio fix/check (a fix re-checks after each pass). Run from the repo:
    .venv/bin/python bench/the_thuc.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.the_thuc import check_file, fix_file

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        base = Path(work)
        shutil.copytree(ROOT / "data", base / "data", ignore=shutil.ignore_patterns("*.sqlite*"))
        shutil.copytree(ROOT / "templates", base / "templates")
        CliRunner().invoke(cli, ["--help"])
        import os
        os.chdir(base)
        CliRunner().invoke(cli, ["soan", "--ra", str(base / "out")])
        docs = sorted(p for p in (base / "out").rglob("*.docx") if "tat-ca" not in p.name)
        total_check = total_fix = 0.0
        for doc in docs:
            t = time.perf_counter()
            check_file(doc)
            check = time.perf_counter() - t
            t = time.perf_counter()
            fix_file(doc, base / "sua.docx")
            fix = time.perf_counter() - t
            total_check, total_fix = total_check + check, total_fix + fix
            print(f"{doc.name:40} check {check * 1000:6.0f} ms   fix {fix * 1000:6.0f} ms")
        print(f"{len(docs)} documents: check {total_check / len(docs) * 1000:.0f} ms each; fix/check {total_fix / total_check:.1f}×")


if __name__ == "__main__":
    sys.exit(main())
