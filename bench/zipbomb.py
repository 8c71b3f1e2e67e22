"""Time and peak memory of refusing a zip bomb: a 1 MB .docx whose document.xml inflates to 1 GB,
honest about its size and lying about it, through `vanthu nhap`, `cap-so` and `tron`.

    .venv/bin/python bench/zipbomb.py

Each command line is one fresh process (the command as the clerk runs it, data copied to a temporary
folder): wall time and the process's peak resident memory (ru_maxrss of the child), beside the same
for `vanthu --help` (what starting Python and vanthu costs alone); the peak of children is the
largest so far, so lines only rise. The last lines time the guard alone, in this process. Before the
guard these commands took 28-51 s and 2.15 GB each.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import bombs  # noqa: E402

VANTHU = Path(sys.executable).with_name("vanthu")
DOC = "word/document.xml"


def run(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, peak MB of the child, exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    code = subprocess.run([str(VANTHU), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest of any child so far: run the lightest command first.
    return seconds, max(peak, before) / 1024, code


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(bombs.ROOT / "data", root / "data", ignore=shutil.ignore_patterns("*.sqlite*", ".*"))
        honest = bombs.package(root / "bom.docx", bombs.TEMPLATE, DOC, bombs.padded(1024 * bombs.MB))
        liar = bombs.lying(bombs.package(root / "bom-noi-doi.docx", bombs.TEMPLATE, DOC, bombs.padded(1024 * bombs.MB)),
                           DOC, 4096)
        sheet = str(bombs.SHEET)
        print(f"bomb: {honest.stat().st_size / bombs.MB:.1f} MB on disk, 1024 MB inflated")
        cases = [("vanthu --help (baseline)", ["--help"])]
        for name, bomb in (("honest", honest), ("lying", liar)):
            cases += [(f"nhap {name}", ["nhap", str(bomb), "--ten", "bom"]),
                      (f"cap-so {name}", ["cap-so", str(bomb), "--ngay", "2022-06-01"]),
                      (f"tron {name}", ["tron", str(bomb), sheet, "--ngay", "2022-12-16"])]
        for label, args in cases:
            seconds, peak, code = run(args, root)
            print(f"{label:28} exit {code}  {seconds:6.2f} s  peak {peak:7.1f} MB")
        for name, bomb in (("honest", honest), ("lying", liar)):
            print(f"{'guard alone, ' + name:28}        {guard_alone(bomb)}")


def guard_alone(path: Path) -> str:
    """The check by itself, in this process: its time and the memory it allocates (tracemalloc)."""
    import tracemalloc
    from pipeline import zipguard
    from pipeline.errors import DataError
    tracemalloc.start()
    start = time.perf_counter()
    try:
        zipguard.check(path, lambda m: DataError(m, path))
        refused = "passed!"
    except DataError:
        refused = "refused"
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / bombs.MB
    tracemalloc.stop()
    return f"{seconds:6.2f} s  allocated {peak:7.1f} MB  {refused}"


if __name__ == "__main__":
    main()
