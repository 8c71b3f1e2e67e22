"""A batch of notices end to end, vanthu against plain docxtpl, and its PDF, in the same run.

    .venv/bin/python bench/batch.py                  # 1,000 notices each way, memory also at 10,000
    .venv/bin/python bench/batch.py --n 200          # quicker
    .venv/bin/python bench/batch.py --pdf            # and PDF at 10, 100 and 1,000 notices
    .venv/bin/python bench/batch.py --pdf --pdf-sizes 10,100   # without the 1,000 (about a minute)

Rendering: each way runs in its own process (so peak memory is its own) and makes N assignment
notices from the example data, end to end: build the notice's context (vanthu's code, the same on
both sides), render, write the .docx. Plain docxtpl loads the template anew for each document
(DocxTemplate, autoescape on), as its documentation does; vanthu compiles it once. Loading the
year's data is the same on both sides, done once, and not counted. Outputs are compared part by
part (canonical XML) before any figure is printed. Each way runs `--repeat` times, in turn, and its
fastest run counts. Clock time is what a clerk waits; CPU time is the process's own work, which a
busy shared machine stretches less.

PDF: notices rendered beforehand, converted by vanthu (one LibreOffice load per file of up to
`pdf.PART` documents, cut back at bookmarks) and, at 100 notices, the way vanthu converted them
before: one LibreOffice per core, each loading its share of the documents one by one in a single
run. Peak memory is the converting process's own (LibreOffice's is apart).
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
TEMPLATE = ROOT / "templates" / "van-ban.docx"


def notices(n: int):
    """Contexts for n generated teachers (the example roster's first row as a model), one at a time:
    the assignment notice of data/2022/van-ban/thong-bao-phan-cong.yaml, each with its own number."""
    from pipeline import phan_cong
    from pipeline.documents import van_ban
    from pipeline.engine import Template
    from pipeline.load import open_year

    year = open_year(ROOT / "data")
    doc = van_ban.load(year, "thong-bao-phan-cong")
    prepared = van_ban.prepare(doc)
    model = phan_cong.read_roster(year.root / "phan-cong.csv", prepared.plan.roles)[0]
    section = Template(TEMPLATE).final_section()
    yield  # the data is loaded: what follows is per document
    for i in range(n):
        teacher = phan_cong.GiaoVien(i + 2, f"Giáo Viên Số {i:05d}", "Bà", model.chuc_vu, model.to_chuyen_mon,
                                     model.vai_tro, [f"Nhiệm vụ riêng số {i} & <kiểm tra>"])
        prepared.rows = van_ban.Rows([phan_cong.row(teacher, prepared.plan.nhiem_vu, doc.data.han)], [""])
        yield van_ban.context(prepared, 0, i + 1, None, section)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    """This process's CPU time: unlike the clock, not lengthened by other work on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def render(mode: str, n: int, out: Path) -> dict:
    contexts = notices(n)
    next(contexts)
    start, cpu = time.perf_counter(), cpu_s()
    if mode == "vanthu":
        from pipeline.engine import Template

        template = Template(TEMPLATE)
        for i, context in enumerate(contexts):
            template.render(context, out / f"{i:05d}.docx")
    else:
        import jinja2
        from docxtpl import DocxTemplate

        env = jinja2.Environment(autoescape=True)
        for i, context in enumerate(contexts):
            tpl = DocxTemplate(TEMPLATE)
            tpl.render(context, env, autoescape=True)
            tpl.save(out / f"{i:05d}.docx")
    return {"ms_per_doc": (time.perf_counter() - start) / n * 1000, "cpu_ms_per_doc": (cpu_s() - cpu) / n * 1000,
            "peak_mib": peak_mib()}


def convert(mode: str, n: int, out: Path) -> dict:
    """PDF of the n notices in `out` (rendered by another process, so this one's memory is the
    conversion's), vanthu's way or the per-document workers."""
    from pipeline import pdf

    docs = sorted(out.glob("*.docx"))
    assert len(docs) == n
    start = time.perf_counter()
    if mode == "pdf":
        result = pdf.convert(docs)
        if result.failed:
            sys.exit(f"PDF conversion failed: {result.failed}")
    else:
        per_document_workers(pdf.soffice(), docs, out / "work")
    return {"ms_per_doc": (time.perf_counter() - start) / n * 1000, "peak_mib": peak_mib()}


def per_document_workers(program: str, docs: list[Path], work: Path) -> None:
    """How vanthu converted before: one LibreOffice per core, each given its share of the documents."""
    slots = min(os.cpu_count() or 1, len(docs))
    runs = [subprocess.Popen([program, f"-env:UserInstallation={(work / f'profile-{i}').as_uri()}", "--headless",
                              "--norestore", "--nologo", "--convert-to", "pdf:writer_pdf_Export",
                              "--outdir", str(work / "out"), *map(str, docs[i::slots])],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(slots)]
    if any(run.wait() for run in runs):
        sys.exit("LibreOffice failed")
    for doc in docs:
        shutil.copyfile(work / "out" / f"{doc.stem}.pdf", doc.with_suffix(".pdf"))


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
    parser.add_argument("--repeat", type=int, default=2, help="runs each way, in turn; the fastest counts (default 2)")
    parser.add_argument("--pdf", action="store_true", help="also PDF: vanthu against the per-document workers")
    parser.add_argument("--pdf-sizes", default="10,100,1000", metavar="N,N,…",
                        help="batch sizes for vanthu's PDF (default 10,100,1000); workers compared at 100")
    parser.add_argument("--worker", choices=["plain", "vanthu", "pdf", "workers"], help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        job = render if args.worker in ("plain", "vanthu") else convert
        print(json.dumps(job(args.worker, args.n, args.out)))
        return

    (ROOT / "out").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ROOT / "out", prefix="bench-") as tmp:  # where vanthu writes
        tmp = Path(tmp)
        runs = [(run("plain", args.n, tmp / "plain"), run("vanthu", args.n, tmp / "vanthu")) for _ in range(args.repeat)]
        plain, ours = (fastest([r[i] for r in runs]) for i in (0, 1))
        for i in sorted({0, args.n // 2, args.n - 1}):
            name = f"{i:05d}.docx"
            if canonical(tmp / "plain" / name) != canonical(tmp / "vanthu" / name):
                sys.exit(f"outputs differ for document {i}")
        big_n = args.n * args.memory_factor
        big = run("vanthu", big_n, tmp / "big")
        print(f"notices end to end (context + render + write), {args.n} each way, fastest of {args.repeat} runs; "
              "outputs identical (canonical XML of every part)")
        print("                   clock          CPU time")
        for name, figures in (("plain docxtpl", plain), ("vanthu", ours)):
            print(f"  {name:15s}{figures['ms_per_doc']:7.2f} ms/doc {figures['cpu_ms_per_doc']:7.2f} ms/doc   "
                  f"peak {figures['peak_mib']:6.1f} MiB")
        print(f"  speed-up       {plain['ms_per_doc'] / ours['ms_per_doc']:7.1f} ×       "
              f"{plain['cpu_ms_per_doc'] / ours['cpu_ms_per_doc']:7.1f} ×")
        print(f"memory, vanthu: {args.n} documents {ours['peak_mib']:.1f} MiB, {big_n} documents "
              f"{big['peak_mib']:.1f} MiB ({(big['peak_mib'] / ours['peak_mib'] - 1) * 100:+.1f} %), "
              f"{big['ms_per_doc']:.2f} ms/doc", flush=True)
        if args.pdf:
            bench_pdf([int(n) for n in args.pdf_sizes.split(",")], tmp)


def fastest(runs: list[dict]) -> dict:
    """The least disturbed of several runs: a busy machine only ever adds time."""
    return {key: min(r[key] for r in runs) for key in runs[0]}


def bench_pdf(sizes: list[int], tmp: Path) -> None:
    def notices_in(folder: Path, n: int) -> Path:
        run("vanthu", n, folder)
        return folder

    workers = run("workers", 100, notices_in(tmp / "workers-100", 100))
    figures = {n: run("pdf", n, notices_in(tmp / f"pdf-{n}", n)) for n in sorted({100, *sizes})}
    print(f"PDF, {os.cpu_count()} cores, LibreOffice start-up included")
    print(f"  100 notices, one LibreOffice per core, document by document   {workers['ms_per_doc']:7.0f} ms/doc")
    print(f"  100 notices, vanthu: combined files, one load each, cut back  {figures[100]['ms_per_doc']:7.0f} ms/doc")
    print(f"  speed-up                                                      "
          f"{workers['ms_per_doc'] / figures[100]['ms_per_doc']:7.1f} ×")
    for n in sizes:
        print(f"  vanthu, {n:5d} notices  {figures[n]['ms_per_doc']:7.0f} ms/doc   "
              f"peak {figures[n]['peak_mib']:6.1f} MiB (vanthu's own process)")

if __name__ == "__main__":
    main()
