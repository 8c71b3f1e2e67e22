"""Batch rendering: vanthu's compiled templates against plain docxtpl, in the same run.

    .venv/bin/python bench/batch.py            # 1,000 notices each way, memory also at 10,000
    .venv/bin/python bench/batch.py --n 200    # quicker
    .venv/bin/python bench/batch.py --pdf 40   # and PDF: kept-running LibreOffice vs one call per file

Each way runs in its own process (so peak memory is its own) and renders N assignment notices
from the example data: plain docxtpl with a new DocxTemplate per document (autoescape on), and
vanthu's Template, compiled once. Both get the same contexts, made beforehand (200 generated
teachers, reused in turn, so memory does not grow with N); building a context is the same work
either way and is timed apart. Outputs are compared part by part (canonical XML) before any
figure is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TEMPLATE = ROOT / "templates" / "thong-bao-phan-cong.docx"


def contexts(n: int) -> list[dict]:
    """Notice contexts for n generated teachers (the example roster's first row as a model)."""
    from pipeline.documents import ke_hoach, phan_cong
    from pipeline.load import open_year

    year = open_year(ROOT / "data")
    plan = ke_hoach.prepare(year, ke_hoach.load(year))
    batch = phan_cong.load(year, plan)
    model = batch.teachers[0]
    return [phan_cong.context(batch, phan_cong.GiaoVien(
        i + 2, f"Giáo Viên Số {i:05d}", "Bà", model.chuc_vu, model.to_chuyen_mon, model.vai_tro,
        [f"Nhiệm vụ riêng số {i} & <kiểm tra>"]), i + 1, None, None) for i in range(n)]


def worker(mode: str, n: int, out: Path) -> dict:
    import jinja2
    from docxtpl import DocxTemplate

    from pipeline.engine import Template

    start = time.perf_counter()
    ready = contexts(200)
    context_ms = (time.perf_counter() - start) / len(ready) * 1000
    items = ((ready[i % len(ready)], out / f"{i:05d}.docx") for i in range(n))
    start = time.perf_counter()
    if mode == "vanthu":
        template = Template(TEMPLATE)
        for context, path in items:
            template.render(context, path)
    else:
        env = jinja2.Environment(autoescape=True)
        for context, path in items:
            tpl = DocxTemplate(TEMPLATE)
            tpl.render(context, env, autoescape=True)
            tpl.save(path)
    ms = (time.perf_counter() - start) / n * 1000
    return {"ms_per_doc": ms, "context_ms": context_ms,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run(mode: str, n: int, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([sys.executable, __file__, "--worker", mode, "--n", str(n), "--out", str(out)],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def canonical(path: Path) -> dict[str, bytes]:
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        return {name: etree.tostring(etree.fromstring(z.read(name)), method="c14n")
                for name in z.namelist() if name.endswith((".xml", ".rels"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="documents each way (default 1000)")
    parser.add_argument("--memory-factor", type=int, default=10, help="vanthu's memory also at n × this")
    parser.add_argument("--pdf", type=int, default=0, metavar="N", help="also convert N notices to PDF both ways")
    parser.add_argument("--worker", choices=["plain", "vanthu"], help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.n, args.out)))
        return

    (ROOT / "out").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ROOT / "out", prefix="bench-") as tmp:  # where vanthu writes
        tmp = Path(tmp)
        plain = run("plain", args.n, tmp / "plain")
        ours = run("vanthu", args.n, tmp / "vanthu")
        for i in sorted({0, args.n // 2, args.n - 1}):
            name = f"{i:05d}.docx"
            if canonical(tmp / "plain" / name) != canonical(tmp / "vanthu" / name):
                sys.exit(f"outputs differ for document {i}")
        big_n = args.n * args.memory_factor
        big = run("vanthu", big_n, tmp / "big")
        if args.pdf:
            pdf_figures = bench_pdf(sorted((tmp / "vanthu").glob("*.docx"))[:args.pdf], tmp / "pdf")

    print(f"notices, {args.n} documents each way; outputs identical (canonical XML of every part)")
    print(f"  plain docxtpl    {plain['ms_per_doc']:7.2f} ms/doc   peak {plain['peak_mib']:6.1f} MiB")
    print(f"  vanthu           {ours['ms_per_doc']:7.2f} ms/doc   peak {ours['peak_mib']:6.1f} MiB")
    print(f"  speed-up         {plain['ms_per_doc'] / ours['ms_per_doc']:7.1f} ×")
    print(f"  building a context (either way, not in the figures above): {ours['context_ms']:.2f} ms/doc")
    print(f"memory, vanthu: {args.n} documents {ours['peak_mib']:.1f} MiB, {big_n} documents "
          f"{big['peak_mib']:.1f} MiB ({(big['peak_mib'] / ours['peak_mib'] - 1) * 100:+.1f} %), "
          f"{big['ms_per_doc']:.2f} ms/doc")
    if args.pdf:
        kept, per_file = pdf_figures
        print(f"PDF, {args.pdf} notices, {os.cpu_count()} cores")
        print(f"  LibreOffice kept running, one worker per core   {kept:7.0f} ms/doc")
        print(f"  one soffice call per file                       {per_file:7.0f} ms/doc")
        print(f"  speed-up                                        {per_file / kept:7.1f} ×")


def bench_pdf(docs: list[Path], folder: Path) -> tuple[float, float]:
    """ms/doc converting the same notices through vanthu's converter and one soffice call each."""
    from pipeline import pdf

    folder.mkdir()
    copies = []
    for doc in docs:
        copies.append(folder / doc.name)
        shutil.copyfile(doc, copies[-1])
    start = time.perf_counter()
    result = pdf.convert(copies)
    kept = (time.perf_counter() - start) / len(docs) * 1000
    if result.failed:
        sys.exit(f"PDF conversion failed for {result.failed}")
    single = folder / "single"
    start = time.perf_counter()
    for doc in copies:
        subprocess.run([pdf.soffice(), f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(single), str(doc)],
                       check=True, capture_output=True)
    per_file = (time.perf_counter() - start) / len(docs) * 1000
    return kept, per_file


if __name__ == "__main__":
    main()
