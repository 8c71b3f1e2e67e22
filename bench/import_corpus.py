"""The import's fidelity on the corpus of clerk-typed Word files (tests/fixtures/corpus.py), or on the
held-out files typed by clerks of other schools (tests/fixtures/held_out.py): for each file, the share
of its lines found exactly once in the document vanthu renders from the import.

    .venv/bin/python bench/import_corpus.py [held-out]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from fidelity import import_and_render, measure  # noqa: E402
from fixtures import corpus, held_out  # noqa: E402


def main() -> None:
    build = held_out.build if sys.argv[1:] == ["held-out"] else corpus.build
    total = once = 0
    with tempfile.TemporaryDirectory() as tmp:
        for source in build(Path(tmp) / "corpus"):
            work = Path(tmp) / source.stem
            try:
                imported, rendered = import_and_render(source, work, ROOT / "templates")
            except Exception as exc:  # noqa: BLE001  (a failed import is a result to print)
                print(f"{source.name:40} THẤT BẠI: {exc}")
                continue
            result = measure(source, rendered)
            total, once = total + result.lines, once + result.once
            print(f"{source.name:40} {result.once:3}/{result.lines:3} = {result.share:6.1%}"
                  f"  xem lại: {len(imported.reviews) + len(imported.school_reviews)}")
            for line in result.missing:
                print(f"    thiếu: {line}")
            for line, count in result.repeated:
                print(f"    {count} lần: {line}")
    print(f"Tổng: {once}/{total} dòng gặp đúng một lần = {once / total:.1%}")


if __name__ == "__main__":
    main()
