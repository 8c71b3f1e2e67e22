"""vanthu's PDF of a batch against its floor: one LibreOffice conversion of the batch's combined file.

    .venv/bin/python bench/pdf.py                        # 10, 60, 300 and 1,000 notices (about 15 minutes)
    .venv/bin/python bench/pdf.py --sizes 10,60          # quicker
    .venv/bin/python bench/pdf.py --sizes 60 --plans 1x60,2x30   # other loads, to choose among

For each size N, N assignment notices are rendered beforehand (bench/batch.py's notices), then, in
turn and `--repeat` times, each of:
  floor   the N notices combined into one file (pipeline/combine.py, not timed), converted by one
          `soffice --convert-to pdf` with a fresh profile: the least LibreOffice can do for them;
  vanthu  `pdf.convert` of the N notices: a PDF beside each, start-ups, combining and cutting back
          included, with the workers and loads it chooses for N (`pdf.plan`);
  WxP     (`--plans`) the same with W LibreOffices and at most P documents per load.
The fastest run of each counts (a busy machine only ever adds time), and the ratio to the floor of
the same run is printed: it is the figure to trust on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from batch import run as render  # noqa: E402  (the notices of bench/batch.py, rendered in their own process)


def floor(combined: Path, work: Path) -> float:
    """Seconds for one LibreOffice, with a fresh profile, to convert the combined file."""
    from pipeline import pdf

    profile = work / f"profile-{time.monotonic_ns()}"
    start = time.perf_counter()
    subprocess.run([pdf.soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--nologo", "--convert-to", "pdf", "--outdir", str(work / "floor"), str(combined)],
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    seconds = time.perf_counter() - start
    if not (work / "floor" / f"{combined.stem}.pdf").is_file():
        sys.exit("LibreOffice wrote no PDF of the combined file")
    return seconds


def vanthu(docs: list[Path], workers: int | None = None, part: int | None = None) -> float:
    """Seconds for `pdf.convert` of the documents (their PDFs removed first)."""
    from pipeline import pdf

    for doc in docs:
        doc.with_suffix(".pdf").unlink(missing_ok=True)
    start = time.perf_counter()
    result = pdf.convert(docs, workers=workers, part=part)
    seconds = time.perf_counter() - start
    if result.failed or len(result.pdfs) != len(docs):
        sys.exit(f"PDF conversion failed: {result.failed}")
    return seconds


def measure(n: int, repeat: int, plans: list[tuple[int, int]], tmp: Path) -> dict[str, float]:
    """The fastest of `repeat` runs of each way, for n notices, the ways taken in turn."""
    from pipeline import pdf
    from pipeline.combine import combine

    folder = tmp / f"notices-{n}"
    render("vanthu", n, folder)
    docs = sorted(folder.glob("*.docx"))
    combined = combine(docs, tmp / f"combined-{n}.docx")
    ways = {"floor": lambda: floor(combined, tmp),
            "vanthu": lambda: vanthu(docs)}
    ways.update({f"{w}x{p}": (lambda w=w, p=p: vanthu(docs, w, p)) for w, p in plans})
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(repeat):
        for name, way in ways.items():
            times[name].append(way())
    best = {name: min(seconds) for name, seconds in times.items()}
    workers, part = pdf.plan(n)
    best["plan"] = f"{workers}x{part}"  # type: ignore[assignment]
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,60,300,1000", metavar="N,N,…",
                        help="batch sizes (default 10,60,300,1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each way, in turn; the fastest counts (default 3)")
    parser.add_argument("--plans", default="", metavar="WxP,…",
                        help="also W LibreOffices with at most P documents per load, e.g. 1x60,2x30")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    plans = [tuple(int(x) for x in plan.split("x")) for plan in args.plans.split(",") if plan]

    (ROOT / "out").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ROOT / "out", prefix="bench-pdf-") as tmp:
        load = os.getloadavg()[0]
        print(f"PDF of N notices against one LibreOffice conversion of their combined file (the floor); "
              f"{os.cpu_count()} cores, load {load:.1f}, fastest of {args.repeat} runs in turn")
        print("      N   floor ms/doc   vanthu ms/doc   ratio   workers x documents per load")
        for n in sizes:
            best = measure(n, args.repeat, plans, Path(tmp))
            print(f"  {n:5d}   {best['floor'] / n * 1000:11.1f}   {best['vanthu'] / n * 1000:13.1f}   "
                  f"{best['vanthu'] / best['floor']:5.2f}   {best['plan']}", flush=True)
            for w, p in plans:
                name = f"{w}x{p}"
                print(f"  {n:5d}   {'':11s}   {best[name] / n * 1000:13.1f}   {best[name] / best['floor']:5.2f}   "
                      f"{name} (tried)", flush=True)


if __name__ == "__main__":
    main()
