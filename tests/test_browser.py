"""The HTML report in real headless Chromium (Debian's package, driven by Playwright).

Skipped when Chromium or Playwright is missing; .ci/run installs both. Screenshots at
desktop and phone widths are written to tests/artifacts/ for review.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reconcile.cli import main

from .conftest import ROOT, SEEDS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts"

HOSTILE = """Live blog: <script>alert('pwned')</script>
July 11, 2023
All times are GMT.
10:00 - Attack <img src=x onerror="alert('img')"> reported
Officials said <script>document.title='hacked'</script> nothing else, according to <b onmouseover=alert(1)>them</b>.
"""


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def report_html(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dumps")
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    (folder / "zz_hostile.txt").write_text(HOSTILE)
    out = tmp_path_factory.mktemp("out")
    assert main(["run", str(folder), "--out", str(out), "--format", "html", "--quiet"]) == 0
    return out / "report.html"


def open_page(browser, path: Path, width: int = 1280, height: int = 900):
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, errors, dialogs


def visible_events(page) -> int:
    return page.eval_on_selector_all("article.event", "els => els.filter(e => e.offsetParent !== null).length")


def test_loads_clean_and_filters_work(browser, report_html):
    page, errors, dialogs = open_page(browser, report_html)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-top.png"))
    total = page.locator("article.event").count()
    assert total > 0 and visible_events(page) == total
    # verdict filter
    page.click("button.verdict-filter[data-verdict='single_source']")
    assert page.get_attribute("button.verdict-filter[data-verdict='single_source']", "aria-pressed") == "false"
    hidden_single = visible_events(page)
    assert 0 < hidden_single < total
    page.click("button.verdict-filter[data-verdict='single_source']")
    assert visible_events(page) == total
    # source filter
    page.select_option("#source-filter", "france24")
    assert 0 < visible_events(page) < total
    page.select_option("#source-filter", "")
    # search, from the keyboard
    page.focus("#search")
    page.keyboard.type("scalp")
    shown = visible_events(page)
    assert 0 < shown < total
    assert "of" in page.inner_text("#count")
    page.fill("#search", "")
    # a link's explanation opens
    details = page.locator("details.why-details").first
    details.locator("summary").click()
    assert details.locator("table.why").first.is_visible()
    assert "tfidf_cosine" in details.inner_text() and "prior" in details.inner_text()
    assert errors == [] and dialogs == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-desktop.png"), full_page=False)
    page.close()


def test_phone_width_screenshot(browser, report_html):
    page, errors, _ = open_page(browser, report_html, width=390, height=844)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400                     # no sideways scrolling on a phone
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-phone.png"), full_page=False)
    assert errors == []
    page.close()


def test_dump_text_is_shown_as_text_and_runs_nothing(browser, report_html):
    page, errors, dialogs = open_page(browser, report_html)
    assert dialogs == []
    assert page.title() == "reconcile report"
    assert page.locator("script").count() == 1             # only the report's own script
    assert page.locator("img").count() == 0
    body = page.inner_text("body")
    assert "<img src=x onerror=\"alert('img')\">" in body
    assert "<script>document.title='hacked'</script>" in body
    assert errors == []
    page.close()
