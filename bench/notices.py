"""Per-teacher notices at growing roster sizes: the cost of one notice must stay flat.

    .venv/bin/python bench/notices.py                    # 1,000 and 3,000 teachers
    .venv/bin/python bench/notices.py --sizes 10,20      # the smoke run of the tests

Each size drafts the example school's assignment notice (`thong-bao-phan-cong`) for a roster of N
generated teachers (half of them namesakes, whose file names need their position too), in a fresh
`vanthu soan` process over a copy of the example data. The figure is the child's CPU time, which a
busy shared machine stretches less than the clock; start-up is the same at every size, so the
marginal cost (between two sizes) is printed beside the average.
"""

from __future__ import annotations

import argparse
import csv
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VANTHU = Path(sys.executable).with_name("vanthu")
HEADER = ["Họ và tên", "Danh xưng", "Chức vụ", "Tổ chuyên môn", "Vai trò", "Nhiệm vụ thêm", "Hạn hoàn thành"]
ROLE = "Giáo viên môn Giáo dục công dân"


def roster(path: Path, n: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i in range(n):
            name = f"Nguyễn Văn Số {i // 2:05d}" if i % 4 == 0 else f"Trần Thị Số {i:05d}"
            writer.writerow([name, "Bà", ROLE, f"Tổ {i % 7}", ROLE, f"Nhiệm vụ riêng {i}", ""])


def cpu_seconds(n: int, tmp: Path) -> float:
    data = tmp / f"data-{n}"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("*.sqlite", ".*"))
    roster(data / "2022" / "phan-cong.csv", n)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([str(VANTHU), "soan", "thong-bao-phan-cong", "--du-lieu", str(data), "--ra", str(tmp / f"out-{n}")],
                   check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000", metavar="N,N,…")
    args = parser.parse_args()
    sizes = sorted(int(n) for n in args.sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="vanthu-bench-") as tmp:
        figures = {n: cpu_seconds(n, Path(tmp)) for n in sizes}
    print("per-teacher notices, drafted by one `vanthu soan` (CPU time of the process)")
    for n, cpu in figures.items():
        print(f"  {n:6d} teachers  {cpu:7.2f} s   {cpu / n * 1000:7.2f} ms/notice")
    small, large = sizes[0], sizes[-1]
    if large > small:
        marginal = (figures[large] - figures[small]) / (large - small) * 1000
        print(f"  marginal cost from {small} to {large}: {marginal:.2f} ms/notice "
              f"({marginal / (figures[small] / small * 1000):.2f} × the average at {small})")


if __name__ == "__main__":
    main()
