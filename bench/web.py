"""The page's speed as a clerk feels it: an editor page opened again (warm) beside its first opening
after a change (cold), and a preview through LibreOffice.

    .venv/bin/python bench/web.py            # median of 15 openings each
    .venv/bin/python bench/web.py --runs 40 --no-preview

The example school (data/) is copied to a temporary folder; requests go through Flask's test client,
so the figures are the server's own time, without a browser. "cold" touches the document's file
before each opening (what a save does), so nothing cached can be used.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-preview", action="store_true")
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
            times = []
            for _ in range(3):
                start = time.perf_counter()
                started = client.post(f"{url}/xem-truoc", data={"csrf": state(app).csrf})
                job = started.headers["Location"].rsplit("/", 1)[1]
                while client.get(f"/viec/{job}.json").get_json()["trang_thai"] == "dang-chay":
                    time.sleep(0.05)
                times.append(time.perf_counter() - start)
            print(f"preview (docx, PDF, page images): {statistics.median(times):7.2f} s   (median of 3)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
