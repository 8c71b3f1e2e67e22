"""A real Chromium against a page server this test starts, and what every page must pass:
axe-core without serious or critical violations, and no terminal wording or English on the screen.

Started the way tests/test_web_browser.py starts them (a werkzeug server on a free port of 127.0.0.1
in a thread of the test; Debian's chromium and chromium-driver, headless).
"""

from __future__ import annotations

import re
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from pipeline.cli import cli

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")


@contextmanager
def serving(app) -> Iterator[str]:
    """The Flask app served on a free port; yields its base address."""
    from werkzeug.serving import make_server
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.port}"
    finally:
        httpd.shutdown()
        thread.join(10)


@contextmanager
def chromium(tmp_path: Path, width: int = 1366, height: int = 768):
    from selenium import webdriver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    options.add_experimental_option("prefs", {"download.default_directory": str(tmp_path / "tai-ve"),
                                              "download.prompt_for_download": False})
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=en-US",
                f"--user-data-dir={tmp_path / 'chromium'}", f"--window-size={width},{height}", "--hide-scrollbars"):
        options.add_argument(arg)  # an English browser: the page must not follow its language (dates)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)
    driver.implicitly_wait(2)
    try:
        yield driver
    finally:
        driver.quit()


def navigates(driver, element, timeout: float = 30) -> None:
    """Click what leads to another page and wait until the old one is gone: a click on a form's button
    returns before the browser has followed the server's redirect, so asserting on the URL or reading
    the page straight after it races the navigation."""
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
    old = driver.find_element("tag name", "html")
    element.click()
    WebDriverWait(driver, timeout).until(EC.staleness_of(old))


SERIOUS = ("serious", "critical")


def axe_violations(driver) -> list[str]:
    """axe-core's serious and critical violations of the page in the window, one line each."""
    from axe_selenium_python import Axe
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:4])
            for v in results["violations"] if v.get("impact") in SERIOUS]


# What a clerk must never read on the page: a flag, a command line, English (a library's message).
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
ENGLISH = re.compile(r"(?<![\w.-])(the|and|error|errors|invalid|please|required|file not found|no such|traceback|"
                     r"exception|warning|none|true|false|null|undefined|failed|not found)(?![\w.-])", re.I)


def terminal_or_english(text: str) -> list[str]:
    found = FLAG.findall(text)
    found += [m.group(0) for m in re.finditer(r"vanthu (%s)\b" % "|".join(map(re.escape, cli.commands)), text)]
    found += ENGLISH.findall(text)
    return found
