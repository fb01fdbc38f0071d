"""The briefing in a real browser: Debian's Chromium, driven headless by Playwright with
the network cut off, loads the HTML file as a reader would."""

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from helpers import render

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
AXE = REPO / "tests/browser/node_modules/axe-core/axe.min.js"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip


# Each table's or chart's box: whether it scrolls sideways, and whether it takes the keyboard's focus.
BOXES = """Array.from(document.querySelectorAll('.table-wrap, .chart-scroll')).map(box =>
    [box.scrollWidth > box.clientWidth + 1, box.getAttribute('tabindex') === '0'])"""


# Each chart's figure: whether its box scrolls, and the hint its caption shows (generated content).
HINTS = """Array.from(document.querySelectorAll('figure')).filter(f => f.querySelector('.chart-scroll')).map(f => {
    const box = f.querySelector('.chart-scroll');
    return [box.scrollWidth > box.clientWidth + 1,
            getComputedStyle(f.querySelector('figcaption'), '::before').content];
})"""


# Each data table: its rows, and whether a filter box stands before it.
FILTER_BOXES = """Array.from(document.querySelectorAll('table.data')).map(t => {
    const before = t.closest('.table-wrap').previousElementSibling;
    return [t.tBodies[0].rows.length, before !== null && before.matches('label.filter')];
})"""


@pytest.fixture(scope="module")
def page_report(real_build):
    """Open the briefing offline and record everything a reader's browser would complain about."""
    assert Path(CHROMIUM).exists() and AXE.exists(), "run `make browser-deps` (make test does)"
    seen = {"console": [], "failed": [], "external": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(offline=True, viewport={"width": 1100, "height": 900})
        page = context.new_page()
        page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: seen["console"].append(str(e)))
        page.on("requestfailed", lambda r: seen["failed"].append(r.url))
        page.on(
            "request", lambda r: seen["external"].append(r.url) if not r.url.startswith(("file:", "data:")) else None
        )
        page.goto((real_build / "reports/briefing.html").as_uri(), wait_until="load")
        seen["broken_images"] = page.evaluate(
            "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt.slice(0, 40))"
        )
        seen["missing_targets"] = page.evaluate(
            """Array.from(document.querySelectorAll('a[href^="#"]'))
                .map(a => a.getAttribute('href').slice(1))
                .filter(id => !document.getElementById(id))"""
        )
        table = page.locator("section#timeline > .table-wrap table.data")
        first_before = table.locator("tbody tr").first.inner_text()
        table.locator("th button").nth(1).click()
        table.locator("th button").nth(1).click()
        seen["sorted"] = table.locator("tbody tr").first.inner_text() != first_before
        box = page.locator("section#timeline > label.filter input")
        box.fill("earthquake")
        seen["visible_after_filter"] = table.locator("tbody tr:visible").count()
        seen["rows"] = table.locator("tbody tr").count()
        box.fill("")
        seen["filter_boxes"] = page.evaluate(FILTER_BOXES)
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        seen["axe"] = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]]
        seen["boxes_wide"] = page.evaluate(BOXES)
        page.set_viewport_size({"width": 390, "height": 800})
        seen["boxes_phone"] = page.evaluate(BOXES)
        seen["hints_phone"] = page.evaluate(HINTS)
        seen["overflow"] = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        seen["charts_at_phone_width"] = page.evaluate(
            """Array.from(document.querySelectorAll('figure .chart-scroll')).map(box => {
                const img = box.querySelector('img');
                return {alt: img.alt.slice(0, 30), shown: Math.round(img.getBoundingClientRect().width),
                        drawn: img.naturalWidth, scrolls: box.scrollWidth > box.clientWidth};
            })"""
        )
        result = page.evaluate("axe.run(document, {runOnly: ['scrollable-region-focusable']})")
        seen["axe_phone"] = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]]
        page.set_viewport_size({"width": 1100, "height": 900})
        seen["hints_wide"] = page.evaluate(HINTS)
        browser.close()
    return seen


def test_no_console_errors_and_no_requests_beyond_the_file(page_report):
    assert page_report["console"] == []
    assert page_report["failed"] == []
    assert page_report["external"] == []


def test_every_image_loads_and_every_internal_link_resolves(page_report):
    assert page_report["broken_images"] == []
    assert page_report["missing_targets"] == []


def test_tables_sort_and_filter_offline(page_report):
    assert page_report["sorted"]
    assert 0 < page_report["visible_after_filter"] < page_report["rows"]


def test_only_a_table_of_more_than_ten_rows_has_a_filter_box(page_report):
    """The positions' four five-row tables each had a box above them, four in a row."""
    boxes = page_report["filter_boxes"]
    assert all(boxed == (rows > render.FILTER_FROM_ROWS) for rows, boxed in boxes), boxes
    assert any(boxed for _, boxed in boxes) and not all(boxed for _, boxed in boxes)


def test_no_serious_or_critical_accessibility_violation(page_report):
    serious = [v for v in page_report["axe"] if v[1] in ("serious", "critical")]
    assert serious == [], page_report["axe"]


def test_readable_at_phone_width(page_report):
    assert page_report["overflow"] <= 1


def test_charts_keep_their_drawn_size_at_phone_width_and_scroll_sideways(page_report):
    """Shrunk to a phone's width, the timeline's labels were under half their size: each
    chart is shown as drawn, in a box that scrolls (and can be scrolled from the keyboard)."""
    charts = page_report["charts_at_phone_width"]
    assert len(charts) >= 4
    assert all(abs(c["shown"] - c["drawn"]) <= 1 for c in charts), charts
    assert any(c["scrolls"] for c in charts), charts  # the timeline is wider than a phone
    assert page_report["axe_phone"] == []


def test_only_a_box_that_scrolls_takes_the_keyboards_focus(page_report):
    """A box that scrolls can be scrolled from the keyboard; one that fits adds no tab stop
    (at the desk's width and again after the window narrows to a phone's)."""
    for boxes in (page_report["boxes_wide"], page_report["boxes_phone"]):
        assert len(boxes) > 10
        assert all(scrolls == focusable for scrolls, focusable in boxes), boxes
    assert sum(scrolls for scrolls, _ in page_report["boxes_phone"]) > sum(
        scrolls for scrolls, _ in page_report["boxes_wide"]
    )


def test_a_chart_that_scrolls_says_so_under_it(page_report):
    """At a phone's width a wide chart's box scrolls with nothing but its cut edge to show
    it; its caption then says so. A chart that fits says nothing, nor does any at the desk."""
    for scrolls, hint in page_report["hints_phone"]:
        assert ("sideways" in hint) == scrolls, (scrolls, hint)
    assert any(s for s, _ in page_report["hints_phone"])
    assert all("sideways" not in hint for _, hint in page_report["hints_wide"])
