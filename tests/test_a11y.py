"""Accessibility in a real browser: axe-core on every page, in light and dark theme, and a phone's 375 px.

axe-core (npm, pinned in scripts/setup.sh, unpacked into vendor/) is injected into each page and run;
a violation of impact "serious" or "critical" fails, printed with its rule id, impact, target and help.
Every page of the navigation is visited (a page added later is found there and checked too), with
each Overview tab open and the outlet profile showing an outlet. At 375 × 812 the filter panel must
fold away once a filter is applied, Explore must show its key columns first, and nothing may scroll
sideways. The recipe: ../shared/docs/TESTING.md; how to run: docs/user-guide.md, Accessibility.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

import pytest

import registry
from registry.params import OVERVIEW_VIEWS
from tests.support.browser import streamlit_server, wait_rendered
from tests.support.data import ROOT
from ui import charts

try:
    from playwright.sync_api import expect
except ImportError:  # then the browser fixture skips, or fails under CI, saying why
    expect = None

pytestmark = pytest.mark.e2e

AXE = ROOT / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
ALSO = ("heading-order",)  # "moderate" in axe, checked too: a screen reader's outline of the page jumps a level
PHONE = {"width": 375, "height": 812}
SCROLL_TOLERANCE = 2  # px: sub-pixel rounding
RENDER_TIMEOUT = 120_000  # ms: Jurisdictions draws a chart per jurisdiction; on 2 shared cores that is slow
# Explore's key columns, in the order a phone must show them (the first two or three fit)
KEY_HEADINGS = ["Outlet (as listed)", "Designation", "By", "Start", "Status"]
# Violations inside Streamlit's own markup that the app cannot change: (rule id, CSS selector of the
# nodes excused, the upstream cause). Each is excused for exactly that rule on exactly those nodes.
UPSTREAM: list[tuple[str, str, str]] = []

RUN_AXE = """
async ([blocking, also, upstream]) => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  const excused = (id, target) => upstream.some(([rule, selector]) => {
    if (rule !== id) return false;
    const node = document.querySelector(target.join(" "));
    return node !== null && node.matches(selector);
  });
  return result.violations
    .filter(v => blocking.includes(v.impact) || also.includes(v.id))
    .map(v => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                 nodes: v.nodes.filter(n => !excused(v.id, n.target)).map(n => ({ target: n.target.join(" "), summary: n.failureSummary })) }))
    .filter(v => v.nodes.length > 0);
}
"""


@pytest.fixture(scope="module", autouse=True)
def axe_core():
    """axe-core must be there (the browser itself is conftest's session fixture); under CI its absence fails."""
    if not AXE.is_file():
        reason = f"{AXE.relative_to(ROOT)} is missing (bash scripts/setup.sh --with-browser fetches axe-core from npm)"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as s:
        yield s


@pytest.fixture(scope="module")
def busiest_outlet() -> str:
    """The outlet with the most designations: its profile has every section (facts, timeline, relations)."""
    return str(registry.load().designations["outlet_id"].value_counts().index[0])


def axe_violations(page) -> list[dict]:
    """The serious and critical violations (and those of the ALSO rules) axe-core finds on the page as it is now, minus UPSTREAM."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, [list(BLOCKING), list(ALSO), [[rule, selector] for rule, selector, _ in UPSTREAM]])


def report(found: dict[str, list[dict]]) -> str:
    lines = []
    for where, violations in found.items():
        for v in violations:
            lines.append(f"{where}: {v['id']} ({v['impact']}) {v['help']} <{v['helpUrl']}>")
            lines += [f"    {n['target']}\n      {n['summary'].replace(chr(10), ' ')}" for n in v["nodes"][:5]]
            lines += [f"    … and {len(v['nodes']) - 5} more"] if len(v["nodes"]) > 5 else []
    return "\n".join(lines)


def open_page(context, url: str):
    page = context.new_page()
    page.goto(url)
    wait_rendered(page, RENDER_TIMEOUT)
    # charts, tables and maps are lazy chunks: wait for what a reader sees before judging it
    main = page.get_by_test_id("stMain")
    for kind in ("stPlotlyChart", "stDataFrame"):
        blocks = main.get_by_test_id(kind)
        for i in range(blocks.count()):
            if blocks.nth(i).is_visible():
                expect(blocks.nth(i).locator(".main-svg, table[role=grid]").first).to_be_attached(timeout=30_000)
    return page


def navigation(page) -> list[str]:
    """The path of every page in the dashboard's navigation, as the sidebar of an open page lists it."""
    links = page.get_by_test_id("stSidebarNav").get_by_role("link")
    return sorted({urlsplit(links.nth(i).get_attribute("href")).path for i in range(links.count())})


def views(paths: list[str], outlet: str) -> list[str]:
    """Every page, with each state that shows other content: the Overview's tabs, a chosen outlet."""
    shown = []
    for path in paths:
        if path == "/":
            shown += [f"/?view={view.replace(' ', '+')}" for view in OVERVIEW_VIEWS]
        elif path == "/outlet":
            shown += [path, f"/outlet?outlet={outlet}"]
        else:
            shown.append(path)
    return shown


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_any_page(browser, server, busiest_outlet, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        # the Overview's first tab, the first view checked below, is open first: its sidebar lists the pages
        first = views(["/"], busiest_outlet)[0]
        page = open_page(context, server.url + first)
        paths = navigation(page)
        assert {"/", "/explore", "/outlet", "/jurisdictions", "/changes", "/methodology"} <= set(paths), paths
        found, checked = {}, []
        for path in views(paths, busiest_outlet):
            if path != first:
                page = open_page(context, server.url + path)
            background = page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
            drawn = "#" + "".join(f"{int(c):02x}" for c in background[background.index("(") + 1 : background.index(")")].split(",")[:3])
            expected = charts.BACKGROUNDS[scheme == "dark"]  # the charts' palette is checked against these (tests/test_palette.py)
            assert drawn == expected, f"{path}: the {scheme} theme was asked for, the page's background is {background}, not {expected}"
            found[f"{scheme} {path}"] = axe_violations(page)
            checked.append(path)
            page.close()
    finally:
        context.close()
    assert len(checked) >= 10, checked
    found = {where: v for where, v in found.items() if v}
    assert not found, f"axe-core {scheme}: serious or critical violations\n{report(found)}"
    assert not server.tracebacks(), server.tracebacks()


SIDEBAR_RIGHT = "() => { const r = document.querySelector('[data-testid=stSidebar]').getBoundingClientRect(); return r.right; }"


def right_edge_beyond(page, px: float) -> None:
    """Wait (the panel slides) until the filter panel's right edge is past px; fail saying where it is."""
    try:
        page.wait_for_function(f"() => ({SIDEBAR_RIGHT})() > {px}", timeout=10_000)
    except Exception as err:  # playwright's TimeoutError: say where the panel stopped
        raise AssertionError(f"the open filter panel should cover the phone's screen: its right edge is at {page.evaluate(SIDEBAR_RIGHT)} px") from err


def right_edge_within(page, px: float) -> None:
    """Wait (the panel slides) until the filter panel's right edge is at or before px; fail saying where it is."""
    try:
        page.wait_for_function(f"() => ({SIDEBAR_RIGHT})() <= {px}", timeout=10_000)
    except Exception as err:
        raise AssertionError(f"the filter panel still covers the page: its right edge is at {page.evaluate(SIDEBAR_RIGHT)} px") from err


def apply_filter_on_phone(page, option: str) -> None:
    """Open the filter panel, choose a designating jurisdiction, close the list: as a reader on a phone would."""
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "true")  # a phone starts with the panel folded
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    right_edge_beyond(page, PHONE["width"] * 0.7)  # open, it covers most of the screen (once it has slid in)
    choose(page, option)


def choose(page, option: str) -> None:
    """A designating jurisdiction, typed into the filter's box (the list is long) and picked."""
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Designating jurisdiction")
    box.click()
    box.press_sequentially(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


@pytest.mark.parametrize("path", ["/", "/explore"])
def test_a_phone_gets_the_page_back_after_filtering(browser, server, path):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = open_page(context, server.url + path)
        apply_filter_on_phone(page, "Russia")
        expect(page).to_have_url(re.compile(r"[?&]jurisdiction=RU(&|$)"))
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar).to_have_attribute("data-collapsed", "true", timeout=15_000)
        wait_rendered(page, RENDER_TIMEOUT)
        right_edge_within(page, 0)  # folded: slid out of the screen
        main = page.get_by_test_id("stMain").bounding_box()
        assert main["x"] <= 0 and main["width"] >= PHONE["width"] - SCROLL_TOLERANCE, main
        widths = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth]")
        assert max(widths) <= PHONE["width"] + SCROLL_TOLERANCE, f"{path}: the page scrolls sideways: {widths} px wide"
        if path == "/explore":
            grid = page.get_by_test_id("stMain").locator("table[role=grid]").last
            expect(grid).to_be_attached()
            headings = grid.locator("thead th").all_text_contents()
            shown = [h for h in headings if h.strip()]
            assert shown and shown == KEY_HEADINGS[: len(shown)], f"Explore's first columns on a phone: {headings}"
        violations = axe_violations(page)
        assert not violations, f"axe-core at 375 px, {path}:\n{report({path: violations})}"
    finally:
        context.close()


def test_the_filter_panel_stays_open_on_a_wide_screen(browser, server):
    """The folding is for phones only: on a desktop the panel sits beside the page and stays."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = open_page(context, server.url + "/explore")
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        choose(page, "Russia")
        expect(page).to_have_url(re.compile(r"[?&]jurisdiction=RU(&|$)"))
        wait_rendered(page, RENDER_TIMEOUT)
        page.wait_for_timeout(1000)  # the component acts right after the rerun; give it the chance to (wrongly) fold
        expect(sidebar).to_have_attribute("data-collapsed", "false")
    finally:
        context.close()

