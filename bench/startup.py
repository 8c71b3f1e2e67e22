"""How long `vanthu --help` takes, beside Python alone and beside loading every module at start.

    .venv/bin/python bench/startup.py            # median of 15 runs each
    .venv/bin/python bench/startup.py --runs 40

Each figure is the median wall time of fresh processes, the three commands run in turn, so that a
busy machine slows all of them alike. "every module at start" is what `vanthu --help` cost when cli.py imported the
commands' modules at the top, as it did before each command imported what it uses.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

VANTHU = Path(sys.executable).with_name("vanthu")
EVERYTHING = ("import pipeline.cli, pipeline.pdf, pipeline.publish, pipeline.rollover, pipeline.so_dang_ky, "
              "pipeline.combine, pipeline.documents.bao_cao, pipeline.documents.ke_hoach, "
              "pipeline.phan_cong, pipeline.documents.tron, pipeline.shipped, openpyxl, docxcompose.composer")


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    rows = [("Python alone", [sys.executable, "-c", "pass"]),
            ("vanthu --help", [str(VANTHU), "--help"]),
            ("every module at start", [sys.executable, "-c", EVERYTHING])]
    times: dict[str, list[float]] = {name: [] for name, _ in rows}
    for _ in range(args.runs):  # in turn, so that a busy spell of the machine slows all three alike
        for name, command in rows:
            times[name].append(seconds(command))
    figures = {name: statistics.median(values) for name, values in times.items()}
    for name, median in figures.items():
        print(f"  {name:24s} {median:6.3f} s")
    print(f"  --help, Python's own start-up taken off: {figures['vanthu --help'] - figures['Python alone']:.3f} s; "
          f"loading everything would add {figures['every module at start'] - figures['vanthu --help']:.3f} s")


if __name__ == "__main__":
    main()
