"""Every page a clerk can reach, crawled in a real Chromium (an English one): axe-core finds no serious
or critical violation, and no page shows a command-line flag, a terminal command or English text."""

from urllib.parse import urldefrag, urlparse

import pytest
from click.testing import CliRunner

from browser import CHROMIUM, DRIVER, axe_violations, chromium, serving, terminal_or_english
from conftest import ROOT
from pipeline import rollover
from pipeline.cli import cli
from pipeline.web import create_app, state

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="cần chromium và chromium-driver (apt)")]
pytest.importorskip("selenium")
pytest.importorskip("axe_selenium_python")

# Links that are files or JSON, not pages.
NOT_PAGES = ("/tep/", "/so-van-ban/xuat", ".json", "/static/")


def pages_of(driver, base: str, start: str, limit: int = 60) -> list[str]:
    """Every page reachable by a link from `start`, each visited once (a breadth-first walk)."""
    seen, queue, visited = {start}, [start], []
    while queue and len(visited) < limit:
        path = queue.pop(0)
        driver.get(base + path)
        visited.append(path)
        for link in driver.find_elements("css selector", "a[href]"):
            url = urldefrag(link.get_attribute("href")).url
            parsed = urlparse(url)
            target = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if url.startswith(base) and target not in seen and not any(n in target for n in NOT_PAGES):
                seen.add(target)
                queue.append(target)
    return visited


def test_every_page_is_accessible_and_speaks_only_vietnamese(data, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    issued = CliRunner().invoke(cli, ["ke-hoach", "--du-lieu", str(data), "--ra", str(tmp_path / "ra"),
                                      "--mau", str(ROOT / "templates"), "--cap-so", "--ngay", "2022-05-09"])
    assert issued.exit_code == 0, issued.output
    rollover.new_year(data, 2022, None)  # a second year, with values to review
    app = create_app(data, default_folder=data)
    with serving(app) as base, chromium(tmp_path) as driver:
        driver.get(f"{base}/?token={state(app).token}")
        visited = pages_of(driver, base, "/nam")
        assert {"/nam", "/truong", "/van-ban", "/so-van-ban", "/tron", "/nam/2023/xem-lai"} <= set(visited)
        assert any(p.startswith("/van-ban/2022/") for p in visited) and any(p.startswith("/van-ban/2023/") for p in visited)
        problems = {}
        for path in visited:
            driver.get(base + path)
            found = axe_violations(driver) + terminal_or_english(driver.find_element("tag name", "body").text)
            if found:
                problems[path] = found
        assert not problems, "\n".join(f"{p}: {v}" for p, v in problems.items())
