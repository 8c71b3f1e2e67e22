"""The page's speed as a clerk feels it: an editor page opened again (warm) beside its first opening
after a change (cold), and a preview through the LibreOffice the page keeps warm beside one through
a LibreOffice started for it (cold, as without python3-uno).

    .venv/bin/python bench/web.py            # median of 15 openings each
    .venv/bin/python bench/web.py --runs 40 --no-preview

The example school (data/) is copied to a temporary folder; requests go through Flask's test client,
so the figures are the server's own time, without a browser. "cold" touches the document's file
before each opening (what a save does), so nothing cached can be used. A preview is the whole job:
the document drafted, its PDF, its page images.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = "ke-hoach-binh-dang-gioi"


def opened(client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return time.perf_counter() - start


def previewed(client, url: str, csrf: str) -> float:
    start = time.perf_counter()
    started = client.post(f"{url}/xem-truoc", data={"csrf": csrf})
    job = started.headers["Location"].rsplit("/", 1)[1]
    while (shown := client.get(f"/viec/{job}.json").get_json())["trang_thai"] == "dang-chay":
        time.sleep(0.01)
    assert shown["trang_thai"] == "xong", shown
    return time.perf_counter() - start


def preview_bench(app, client, url: str, runs: int) -> None:
    from pipeline.app import PdfConverter
    from pipeline.web import state
    st = state(app)
    warm, cold = st.pdfs, PdfConverter(warm=False)
    kinds = [("cold", cold), ("warm", warm)]
    if not warm.warm_available():
        print("preview: no warm LibreOffice on this machine (python3-uno or unoserver missing): cold only")
        kinds = kinds[:1]
    started = time.perf_counter()
    starting = warm.warm_up()
    if starting is not None:
        starting.join()
        print(f"warm LibreOffice started (and one page converted) in {time.perf_counter() - started:5.1f} s")
    times: dict[str, list[float]] = {kind: [] for kind, _ in kinds}
    try:
        for _ in range(runs):  # in turn, as above
            for kind, converter in kinds:
                st.pdfs = converter
                times[kind].append(previewed(client, url, st.csrf))
    finally:
        st.pdfs = warm
        warm.close()
    c = statistics.median(times["cold"])
    print(f"preview, cold (LibreOffice started): {c:7.2f} s")
    if "warm" in times:
        w = statistics.median(times["warm"])
        print(f"preview, warm (LibreOffice kept):    {w:7.2f} s   ({c / w:.1f}× faster; median of {runs}, "
              "docx + PDF + page images)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-preview", action="store_true")
    parser.add_argument("--previews", type=int, default=5, help="previews of each kind")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="vanthu-bench-"))
    try:
        data = tmp / "data"
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("*.sqlite*", ".*.id", ".sao-luu"))
        os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
        from pipeline.web import create_app, state
        app = create_app(data, token="bench", default_folder=data)
        client = app.test_client()
        client.get("/?token=bench")
        url, path = f"/van-ban/2022/{DOCUMENT}", data / "2022" / "van-ban" / f"{DOCUMENT}.yaml"
        opened(client, url)  # imports and compiled templates, as after the first page of the day
        cold, warm = [], []
        for _ in range(args.runs):  # in turn, so that a busy spell of the machine slows both alike
            os.utime(path)
            cold.append(opened(client, url))
            warm.append(opened(client, url))
        c, w = statistics.median(cold), statistics.median(warm)
        print(f"editor page, cold (after a save): {c * 1000:7.1f} ms")
        print(f"editor page, warm (opened again): {w * 1000:7.1f} ms   ({c / w:.0f}× faster)")
        if not args.no_preview and shutil.which("soffice") and shutil.which("pdftoppm"):
            preview_bench(app, client, url, args.previews)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
