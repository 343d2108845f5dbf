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
    assert width <= 390                     # no sideways scrolling on a phone
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-phone.png"), full_page=False)
    assert errors == []
    page.close()


# -- the timeline: legend, marks that can all be clicked, on a phone too ----------------------

def test_timeline_has_a_legend(browser, report_html):
    page, errors, _ = open_page(browser, report_html)
    legend = page.locator("#legend")
    assert legend.is_visible()
    text = legend.inner_text()
    for words in ("corroborated", "conflicting", "single source: check before reuse", "hollow", "date only"):
        assert words in text, words
    # the legend's swatches are the timeline's colours
    fills = page.eval_on_selector_all("#legend svg circle", "cs => cs.map(c => c.getAttribute('fill'))")
    marks = page.eval_on_selector_all("svg.timeline a.mark circle:last-child",
                                      "cs => [...new Set(cs.map(c => c.getAttribute('stroke')))]")
    assert set(marks) <= set(fills)
    assert page.locator("svg.timeline a.mark.dated").count() >= 4          # the seeds' date-only entries
    assert errors == []
    page.close()


def test_every_date_only_mark_is_its_own_click(browser, report_html):
    page, errors, _ = open_page(browser, report_html)
    dated = page.locator("svg.timeline a.mark.dated")
    centres = set()
    for i in range(dated.count()):
        mark = dated.nth(i)
        box = mark.locator("circle").last.bounding_box()
        centres.add((round(box["x"]), round(box["y"])))
        mark.click(timeout=3000)                 # fails if another mark covers it
        assert page.evaluate("location.hash") == "#" + mark.get_attribute("data-entry")
    assert len(centres) == dated.count()         # none on top of another
    assert errors == []
    page.close()


def test_phone_marks_are_touch_targets_and_nothing_overflows(browser, report_html):
    page, errors, _ = open_page(browser, report_html, width=390, height=844)
    sizes = page.eval_on_selector_all(
        "svg.timeline a.mark", "ms => ms.map(m => [m.querySelector('.hit').getBoundingClientRect().width, "
        "m.querySelector('circle:last-child').getBoundingClientRect().width])")
    assert sizes and min(hit for hit, _ in sizes) >= 24 - 0.5          # WCAG 2.5.8 target size
    assert min(mark for _, mark in sizes) >= 10
    # every explanation open: still nothing wider than the phone; wide tables scroll in their box
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    boxes = page.eval_on_selector_all("table.why", "ts => ts.map(t => [t.parentElement.className, "
                                      "t.parentElement.getBoundingClientRect().right, t.parentElement.scrollWidth, "
                                      "t.parentElement.clientWidth])")
    assert boxes and all(cls == "scroll" and right <= 390 and sw > cw for cls, right, sw, cw in boxes)
    outside = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(el => !el.closest('.scroll, .timeline-scroll') && el.getBoundingClientRect().right > 390.5)
        .map(el => el.tagName + '.' + el.className)""")
    assert outside == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = false)")
    page.evaluate("window.scrollTo(0, 0)")
    assert errors == []
    page.close()


def test_a_jump_lands_below_the_sticky_bar_and_highlights_its_target(browser, report_html):
    page, errors, _ = open_page(browser, report_html)
    # the last entry in the timeline's order sits far down the page
    mark = page.locator("svg.timeline a.mark.single_source").last
    target = mark.get_attribute("data-entry")
    mark.click()
    page.wait_for_timeout(300)
    geometry = page.evaluate("""id => {
        const el = document.getElementById(id), bar = document.querySelector('.controls');
        const r = el.getBoundingClientRect();
        return {top: r.top, bar: bar.getBoundingClientRect().bottom, sticky: getComputedStyle(bar).position,
                target: document.querySelector(':target') === el, outline: getComputedStyle(el).outlineStyle,
                scrolled: window.scrollY, height: innerHeight};
    }""", target)
    assert geometry["sticky"] == "sticky" and geometry["scrolled"] > 0
    assert geometry["bar"] - 1 <= geometry["top"] < geometry["height"] / 2, geometry
    assert geometry["target"] and geometry["outline"] == "solid"
    # a jump to an entry the filters hide shows it anyway
    page.evaluate("window.scrollTo(0, 0)")
    page.click("button.verdict-filter[data-verdict='single_source']")
    assert not page.locator(f"[id='{target}']").is_visible()
    page.evaluate("location.hash = ''")
    mark.click()
    page.wait_for_timeout(300)
    assert page.locator(f"[id='{target}']").is_visible()
    assert errors == []
    page.close()


def test_entries_in_an_event_are_in_time_order(browser, report_html):
    page, errors, _ = open_page(browser, report_html)
    orders = page.eval_on_selector_all("article.event", """evs => evs.map(ev =>
        [...ev.querySelectorAll('.entry time')].map(t => t.getAttribute('datetime') || (t.textContent + 'T~')))""")
    assert any(len(o) > 1 for o in orders)
    for times in orders:
        assert times == sorted(times)
    assert errors == []
    page.close()


def test_search_matches_every_spelling_of_a_name(browser, report_html):
    page, errors, _ = open_page(browser, report_html)

    def shown(query: str) -> list[str]:
        page.fill("#search", query)
        return page.eval_on_selector_all("article.event", "es => es.filter(e => e.offsetParent !== null).map(e => e.id)")

    kyiv, kiev = shown("Kyiv"), shown("Kiev")
    assert kyiv and kyiv == kiev
    assert shown("kyyiv") == kyiv                               # another listed variant
    raw = page.eval_on_selector_all("article.event", "es => es.map(e => e.dataset.text)")
    assert any("kiev" in t.split(" \u2016 ")[0] and "kyiv" not in t.split(" \u2016 ")[0] for t in raw)
    assert shown("Zelenskyy") == shown("Zelensky") != []
    assert errors == []
    page.close()


def test_why_is_a_waterfall_of_log2_bayes_factors(browser, report_html):
    page, errors, _ = open_page(browser, report_html)
    details = page.locator("details.why-details").first
    details.locator("summary").click()
    table = details.locator("table.why").first
    rows = table.locator("tbody tr")
    assert rows.first.locator("td").first.inner_text() == "prior"
    assert table.locator("tbody .wf .bar").count() == rows.count()      # one bar per row
    adds = [float(rows.nth(i).locator("td").nth(2).inner_text()) for i in range(rows.count())]
    total = float(table.locator("tfoot td").nth(2).inner_text())
    assert abs(sum(adds) - total) < 0.01
    probability = float(table.locator("tfoot td").nth(3).inner_text().split("=")[1])
    assert abs(probability - 1 / (1 + 2 ** -total)) < 0.002
    # bars to the right add evidence, to the left take it away
    signs = table.locator("tbody .wf .bar").evaluate_all("bs => bs.map(b => b.classList.contains('pos'))")
    assert signs == [a >= 0 for a in adds]
    assert errors == []
    page.close()


def test_changes_since_the_previous_run_are_marked(browser, tmp_path):
    from .test_desk import decide_not_same, make_dumps, run, update_dumps

    dumps, out = make_dumps(tmp_path / "dumps"), tmp_path / "out"
    decide_not_same(dumps, run(dumps, tmp_path / "scratch"))
    run(dumps, out)
    update_dumps(dumps)
    run(dumps, out)
    page, errors, _ = open_page(browser, out / "report.html")
    assert "gained a source" in page.inner_text("#changes")
    assert page.locator("svg.timeline a.mark.changed").count() == 3        # two new entries, one edited
    total = page.locator("article.event").count()
    page.click("#changed-filter")
    assert visible_events(page) == 3 < total
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.click("#changed-filter")
    page.screenshot(path=str(ARTIFACTS / "report-changes.png"))
    assert errors == []
    page.close()


def test_screenshots_of_the_seeds(browser, tmp_path):
    """The README's pictures: the seeds' report at desktop and phone widths."""
    assert main(["run", str(SEEDS), "--out", str(tmp_path), "--format", "html", "--quiet", "--fresh"]) == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, width, height in (("seeds-desktop.png", 1280, 1000), ("seeds-phone.png", 390, 844)):
        page, errors, _ = open_page(browser, tmp_path / "report.html", width=width, height=height)
        page.screenshot(path=str(ARTIFACTS / name), full_page=False)
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
