"""The dashboard in a real browser (headless Debian Chromium via Playwright): what only a browser shows.

Render without errors, the sidebar widgets driving the table and the URL, the download, the row
that opens a profile, a shared link, and hostile text in the data. The recipe and its pitfalls are
in ../shared/docs/TESTING.md. AppTest covers the rest (tests/test_dashboard.py).

The real data/ is edited while tests run, so the server and every expectation read one snapshot of
it, taken when the module starts; every count is computed with the registry API, never written down.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

import registry
from registry.year_span import year_span
from tests.support.browser import VIEWPORT, streamlit_server, wait_rendered
from tests.support.data import DATA, ROOT, make_small_data

try:
    from playwright.sync_api import expect
except ImportError:  # then the browser fixture skips, or fails under CI, saying why
    expect = None

pytestmark = pytest.mark.e2e

RU_FA = registry.Filters(jurisdictions=("RU",), designations=("foreign_agent",))
RU_FA_CLI = ["export", "--format", "csv", "--jurisdiction", "RU", "--designation", "foreign_agent"]
# glide-data-grid geometry in Streamlit 1.67 (default theme): header and rows are 35 px, the
# row-marker (checkbox) column is the first 30-odd px of the canvas.
GRID_HEADER_PX = 35
GRID_ROW_PX = 35
ROW_MARKER_X = 18
NAME_COLUMN = 1  # "Outlet (as listed)", the first column: the accessible cell is glide-cell-1-<row>

IMG = '<img src=x onerror="window.__xss=1">'
SCRIPT = "<script>window.__xss=2</script>"
LINK = "[x](javascript:window.__xss=3)"
HOSTILE_NAME = f"North Wind {IMG} {SCRIPT} {LINK}"
HOSTILE_NOTES = f"Notes with {LINK} and {IMG} and {SCRIPT}"
HOSTILE_PARAM = '<img src=x onerror="window.__xss=4">'


# ---------------------------------------------------------------- fixtures


def _snapshot(target: Path, attempts: int = 3) -> registry.Registry:
    """Copy data/ and load the copy; a copy taken mid-edit may not validate, so try again."""
    for attempt in range(1, attempts + 1):
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(DATA, target, ignore=shutil.ignore_patterns(".*", "*.part", "*~"))
        try:
            return registry.load(target)
        except registry.DataValidationError:
            if attempt == attempts:
                raise
            time.sleep(1)
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """(data directory, Registry) of one snapshot of the real data/."""
    path = tmp_path_factory.mktemp("real") / "data"
    return path, _snapshot(path)


@pytest.fixture(scope="module")
def real_server(real):
    with streamlit_server(real[0]) as server:
        yield server


@pytest.fixture(scope="module")
def cli_export(real) -> bytes:
    """`python -m registry export ...` of RU foreign agents, on the snapshot the server shows."""
    env = {**os.environ, "REGISTRY_DATA": str(real[0])}
    done = subprocess.run([sys.executable, "-m", "registry", *RU_FA_CLI], cwd=ROOT, env=env, capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The fictional fixture, with markup and a javascript: link in North Wind's name and notes."""
    path = make_small_data(tmp_path_factory.mktemp("hostile") / "data")
    outlets = path / "outlets.csv"
    with open(outlets, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["id"] == "north-wind":
            row["name"], row["notes"] = HOSTILE_NAME, HOSTILE_NOTES
    with open(outlets, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    reg = registry.load(path)  # the hostile text is valid data: the dashboard must cope with it
    assert reg.outlets.set_index("id").at["north-wind", "name"] == HOSTILE_NAME
    return path, reg


@pytest.fixture(scope="module")
def hostile_server(hostile):
    with streamlit_server(hostile[0]) as server:
        yield server


# Streamlit itself, on a deep link such as /explore, first probes /explore/_stcore/health and
# /explore/_stcore/host-config to find its base path (404), then uses /_stcore/...: not the app's.
STREAMLIT_BASE_PATH_PROBE = re.compile(r"^/[^/]+/_stcore/(health|host-config)$")
THIRD_PARTY_URL = re.compile(r"https?://(?!127\.0\.0\.1[:/])")


@dataclass
class Watched:
    """A page with what it logged: console errors, uncaught exceptions, dialogs, third-party requests."""

    page: object
    console_errors: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)

    def app_errors(self) -> list[str]:
        """Console errors of the app: not Streamlit's base-path probe, nor a blocked third-party fetch."""
        out = []
        for text, url in self.console_errors:
            parts = urlsplit(url)
            if text.startswith("Failed to load resource"):
                if parts.hostname not in (None, "127.0.0.1"):
                    continue  # asserted by test_nothing_is_fetched_from_third_parties
                if STREAMLIT_BASE_PATH_PROBE.match(parts.path):
                    continue
            out.append(f"{text} ({url})")
        # plotly's geo charts throw when their topojson (cdn.plot.ly) cannot be fetched: the same
        # third-party fetch, asserted by test_nothing_is_fetched_from_third_parties.
        out += [f"uncaught: {e}" for e in self.page_errors if not THIRD_PARTY_URL.search(e)]
        return out


def watch(page) -> Watched:
    page.set_default_timeout(30_000)
    w = Watched(page)
    page.on("console", lambda m: m.type == "error" and w.console_errors.append((m.text, m.location.get("url", ""))))
    page.on("pageerror", lambda e: w.page_errors.append(str(e)))

    def on_dialog(d):
        w.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda r: urlsplit(r.url).hostname not in ("127.0.0.1", None) and w.third_party.append(r.url))
    return w


@pytest.fixture
def new_page(browser):
    """A fresh context per test (no shared cookies, storage or session)."""
    contexts = []

    def make() -> Watched:
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        contexts.append(context)
        return watch(context.new_page())

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def overview(browser, real_server) -> Watched:
    """One visit to the overview, its first view drawn, shared by the tests that look at it."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    w = watch(context.new_page())
    open_app(w, real_server, "/")
    expect(grid(w.page)).to_be_attached()
    yield w
    context.close()


# ---------------------------------------------------------------- helpers


def open_app(w: Watched, server, path: str):
    w.page.goto(server.url + path)
    wait_rendered(w.page)
    return w.page


def grid(page):
    return page.get_by_test_id("stMain").locator("table[role=grid]").first


def expect_rows(page, n: int) -> None:
    """The main table shows n rows (aria-rowcount counts the header too); the caption agrees."""
    expect(grid(page)).to_have_attribute("aria-rowcount", str(n + 1))
    expect(page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer").first).to_contain_text(f"{n:,} designations")


def sidebar_multiselect(page, label: str):
    """The sidebar multiselect with this label (react-aria in 1.67: a combobox named by the label)."""
    combobox = page.get_by_role("combobox", name=label, exact=True)
    return page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has=combobox), combobox


def choose(page, label: str, value: str, typed: str | None = None) -> None:
    """Pick the option shown as `value`, typing `typed` (default: the value) to find it."""
    box, combobox = sidebar_multiselect(page, label)
    combobox.click()
    combobox.press_sequentially(typed or value)  # the list is virtualised: narrow it so the option is drawn
    page.get_by_role("option", name=value, exact=True).click()
    page.keyboard.press("Escape")
    expect(box.get_by_role("button", name=f"Remove {value}", exact=True)).to_be_visible()


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def parse_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return rows[0], rows[1:]


def assert_clean(w: Watched, server, where: str = "") -> None:
    """No console error or uncaught exception in the page, no exception in the server's log."""
    assert w.app_errors() == [], where
    assert w.dialogs == [], where
    assert server.tracebacks() == [], f"{where} server log {server.log}"


def _assert_inert(w: Watched, server, where: str) -> None:
    page = w.page
    assert w.dialogs == [], f"{where}: a dialog opened: {w.dialogs}"
    assert page.evaluate("typeof window.__xss") == "undefined", f"{where}: injected script ran"
    assert page.locator('img[src="x"]').count() == 0, f"{where}: an <img> from the data is in the DOM"
    assert page.locator("script", has_text="__xss").count() == 0, f"{where}: a <script> from the data is in the DOM"
    assert page.locator('a[href^="javascript:" i]').count() == 0, f"{where}: a javascript: link is in the DOM"
    assert_clean(w, server, where)


# ---------------------------------------------------------------- tests


def test_overview_renders_its_figures_without_errors(overview, real, real_server):
    page = overview.page
    main = page.get_by_test_id("stMain")
    rows = registry.select(real[1], registry.Filters())
    today = dt.date.today()
    expected = {
        "Outlets and people": rows["outlet_id"].nunique(),
        "Designations": len(rows),
        f"In force on {today:%Y-%m-%d}": int((rows["status"] == "in_force").sum()),
        "Designating jurisdictions": rows["jurisdiction"].nunique(),
    }
    for label, value in expected.items():
        metric = main.get_by_test_id("stMetric").filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
        expect(metric.get_by_test_id("stMetricValue")).to_have_text(f"{value:,}")
    assert_clean(overview, real_server)


def test_overview_opens_on_tables_and_loads_charts_only_in_their_tabs(overview, real, real_server):
    page = overview.page
    main = page.get_by_test_id("stMain")
    summary = registry.jurisdiction_summary(real[1])
    # The first view: one row per jurisdiction (aria-rowcount counts the header), no plotly chart.
    expect(grid(page)).to_have_attribute("aria-rowcount", str(len(summary.table) + 1))
    assert main.get_by_test_id("stPlotlyChart").count() == 0
    for view, charts in (("Timeline", 1), ("In force over time", 1), ("Maps", 2)):
        main.get_by_role("tab", name=view, exact=True).click()
        plots = main.get_by_test_id("stPlotlyChart")
        expect(plots).to_have_count(charts)
        for i in range(charts):
            expect(plots.nth(i).locator(".main-svg").first).to_be_visible()
        assert query(page)["view"] == [view]
    main.get_by_role("tab", name="At a glance", exact=True).click()
    expect(grid(page)).to_have_attribute("aria-rowcount", str(len(summary.table) + 1))
    assert "view" not in query(page)
    assert_clean(overview, real_server, "overview tabs")


def test_nothing_is_fetched_from_third_parties(overview):
    # after test_overview_opens_on_tables_and_loads_charts_only_in_their_tabs: maps drawn, topojson local
    assert overview.third_party == []


def test_sidebar_filters_drive_the_table_and_the_url(new_page, real_server, real, cli_export):
    w = new_page()
    page = open_app(w, real_server, "/explore")
    expect_rows(page, len(registry.select(real[1])))

    choose(page, "Designating jurisdiction", "Russia")  # words, not codes, in the widgets
    choose(page, "Designation", "Foreign agent · иностранный агент", typed="иностранный агент")  # the official term finds it

    expected = len(registry.select(real[1], RU_FA))
    assert expected > 0, "the real data has no RU foreign agents: the test would prove nothing"
    expect_rows(page, expected)
    assert len(parse_csv(cli_export)[1]) == expected
    params = query(page)
    assert params.get("jurisdiction") == ["RU"] and params.get("designation") == ["foreign_agent"], page.url
    assert_clean(w, real_server)


def test_download_csv_equals_the_cli_export(new_page, real_server, real, cli_export, tmp_path):
    w = new_page()
    page = open_app(w, real_server, "/explore?jurisdiction=RU&designation=foreign_agent")
    expect_rows(page, len(registry.select(real[1], RU_FA)))

    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").get_by_role("button", name="CSV", exact=True).click()
    assert download.value.suggested_filename.startswith("mfr_RU_foreign_agent"), download.value.suggested_filename
    assert download.value.suggested_filename.endswith(".csv")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)

    got_header, got_rows = parse_csv(saved.read_bytes())
    want_header, want_rows = parse_csv(cli_export)
    assert got_header == want_header == registry.EXPORT_COLUMNS
    assert len(got_rows) == len(want_rows)
    assert got_rows == want_rows
    assert_clean(w, real_server)


def test_selecting_a_row_opens_the_outlet_profile(new_page, real_server, real):
    """Row selection: a mouse click on the row-marker checkbox drawn on the grid's canvas.

    The canvas is covered by glide's scroller div, so a locator click on the canvas is refused
    ("intercepts pointer events") and the accessible <td>s are invisible; page.mouse at the
    checkbox's coordinates is what works in Streamlit 1.67.
    """
    w = new_page()
    page = open_app(w, real_server, "/explore?jurisdiction=RU&designation=foreign_agent")
    rows = registry.select(real[1], RU_FA)
    expect_rows(page, len(rows))
    row = min(2, len(rows) - 1)  # not the first row: proves the click picks the row it is on
    wanted = rows.iloc[row]
    expect(page.get_by_test_id(f"glide-cell-{NAME_COLUMN}-{row}")).to_have_text(wanted["outlet_label"])

    canvas = page.get_by_test_id("stMain").get_by_test_id("data-grid-canvas").first
    canvas.evaluate("el => el.scrollIntoView({block: 'start'})")  # the table sits under the downloads and its heading
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + ROW_MARKER_X, box["y"] + GRID_HEADER_PX + GRID_ROW_PX * row + GRID_ROW_PX / 2)

    page.wait_for_url(re.compile(r"/outlet\?"))
    expect(page.get_by_test_id("stMain").get_by_role("heading", level=2, name=wanted["outlet_name"], exact=True)).to_be_visible()
    assert query(page)["outlet"] == [wanted["outlet_id"]]
    expect(page.get_by_test_id("stMain").get_by_role("heading", level=1)).to_have_text("Outlet profile")
    assert_clean(w, real_server)


def test_a_shared_link_sets_the_filters(new_page, real_server, real):
    if "US" not in set(real[1].table["jurisdiction"].astype(str)):
        pytest.skip("the real data has no US designations yet, so a US link would only show the 'unknown value' notice")
    w = new_page()
    page = open_app(w, real_server, "/explore?jurisdiction=US&as_of=2022-01-01")
    expected = len(registry.select(real[1], registry.Filters(jurisdictions=("US",), as_of=dt.date(2022, 1, 1))))
    box, _ = sidebar_multiselect(page, "Designating jurisdiction")
    expect(box.get_by_role("button", name="Remove United States", exact=True)).to_be_visible()
    expect(box.get_by_role("button", name=re.compile(r"^Remove "))).to_have_count(1)
    expect(date_field(page, "Status on (default: today)")).to_have_value("2022-01-01")
    if expected:
        expect_rows(page, expected)
    else:
        expect(page.get_by_text("No designations match these filters.")).to_be_visible()
    expect(page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer").first).to_contain_text("status as of 2022-01-01")
    assert_clean(w, real_server)


def test_markup_in_the_data_stays_text(new_page, hostile_server, hostile):
    w = new_page()
    page = open_app(w, hostile_server, "/outlet?outlet=north-wind")
    main = page.get_by_test_id("stMain")
    header = main.get_by_role("heading", level=2).first
    expect(header).to_have_text(HOSTILE_NAME)
    # the facts (notes included) are a table of plain text cells
    expect(main.get_by_test_id("stDataFrame").first.locator("table[role=grid]")).to_contain_text(HOSTILE_NOTES)
    expect(main.get_by_test_id("stPlotlyChart").locator(".main-svg").first).to_be_visible()
    _assert_inert(w, hostile_server, "outlet page")

    # A child's profile links to the hostile parent by name, and its timeline hovers carry it.
    page.goto(hostile_server.url + "/outlet?outlet=ivan-petrov")
    wait_rendered(page)
    expect(main.get_by_role("link", name=f"Belongs to: {HOSTILE_NAME} (outlet)", exact=True)).to_be_visible()
    _assert_inert(w, hostile_server, "child's outlet page")

    # The table, plus a hostile value in the link itself (shown back in the 'ignored' notice).
    page.goto(hostile_server.url + "/explore?designation=" + quote(HOSTILE_PARAM))
    wait_rendered(page)
    expect_rows(page, len(registry.select(hostile[1])))
    expect(main.get_by_test_id("stAlert").filter(has_text="Ignored unknown designation")).to_contain_text(HOSTILE_PARAM[:40])
    _assert_inert(w, hostile_server, "explore page")


# ---------------------------------------------------------------- outlets by the names readers know


def designations_grid(page):
    """The profile's "Designations with sources" table (the one with a "Listed as" column)."""
    return page.get_by_test_id("stMain").locator("table[role=grid]").filter(has_text="Listed as")


@pytest.mark.parametrize("q", ["Meduza", "Медуза"])
def test_a_search_for_meduza_shows_meduza_first(new_page, real_server, real, q):
    rows = registry.select(real[1], registry.Filters(q=q))
    assert "Meduza (SIA Medusa Project)" in set(rows["outlet_label"]), "the real data no longer lists Meduza's company"
    w = new_page()
    page = open_app(w, real_server, "/explore?q=" + quote(q))
    expect_rows(page, len(rows))
    for row, label in enumerate(rows["outlet_label"][:4]):
        expect(page.get_by_test_id(f"glide-cell-{NAME_COLUMN}-{row}")).to_have_text(label)
    assert rows["outlet_label"].iloc[0].startswith("Meduza")  # ranked: the brand's own names first
    assert_clean(w, real_server)


def test_the_picker_finds_meduza_in_cyrillic_and_its_profile_rolls_up_its_company(new_page, real_server, real):
    profile = registry.outlet_profile(real[1], "meduza")
    assert profile.designations.empty or len(profile.rolled_up) > len(profile.designations)
    w = new_page()
    page = open_app(w, real_server, "/outlet")
    picker = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").get_by_role("combobox")
    picker.click()
    picker.press_sequentially("Медуза")
    page.get_by_role("option", name="Meduza · Медуза (outlet)", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]outlet=meduza(&|$)"))
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", level=2, name="Meduza", exact=True)).to_be_visible()
    table = designations_grid(page)
    expect(table).to_have_attribute("aria-rowcount", str(len(profile.rolled_up) + 1))
    expect(table).to_contain_text("SIA Medusa Project")
    assert profile.rolled_up["source_url"].notna().all()  # each with its source (a column drawn further right)
    assert_clean(w, real_server)


def test_rts_profile_lists_the_us_registrations_of_rt_america(new_page, real_server, real):
    profile = registry.outlet_profile(real[1], "rt")
    fara = profile.rolled_up[(profile.rolled_up["jurisdiction"] == "US") & (profile.rolled_up["designation"] == "fara_registration")]
    assert {"T&R Productions LLC", "RTTV America, Inc."} <= set(fara["outlet_name"])
    w = new_page()
    page = open_app(w, real_server, "/outlet?outlet=rt")
    table = designations_grid(page)
    expect(table).to_have_attribute("aria-rowcount", str(len(profile.rolled_up) + 1))
    for name in fara["outlet_name"]:  # the oldest rows: drawn without scrolling
        expect(table).to_contain_text(name)
    expect(table).to_contain_text("fara")
    assert_clean(w, real_server)


# ---------------------------------------------------------------- every view choice in the address


def test_a_shared_link_reproduces_every_view_choice_in_a_fresh_context(new_page, real_server):
    w = new_page()
    page = open_app(w, real_server, "/?view=Timeline")
    main = page.get_by_test_id("stMain")
    main.get_by_role("radio", name="jurisdiction", exact=True).click()  # the split
    expect(page).to_have_url(re.compile(r"split=jurisdiction"))
    main.get_by_role("tab", name="Table", exact=True).click()  # the sub-tab
    expect(page).to_have_url(re.compile(r"sub=Table"))
    shared = page.url

    fresh = new_page()  # another context: no session, no storage
    page2 = open_app(fresh, real_server, shared[len(real_server.url) :])
    main2 = page2.get_by_test_id("stMain")
    expect(main2.get_by_role("tab", name="Timeline", exact=True)).to_have_attribute("aria-selected", "true")
    expect(main2.get_by_role("tab", name="Table", exact=True)).to_have_attribute("aria-selected", "true")
    expect(main2.get_by_role("radio", name="jurisdiction", exact=True)).to_be_checked()
    main2.get_by_text("Link to this view", exact=True).click()  # the copyable link, one click away (ui/share.py)
    expect(main2.get_by_test_id("stCode").filter(has_text="split=jurisdiction")).to_contain_text("sub=Table")
    assert_clean(w, real_server)
    assert_clean(fresh, real_server)


def test_a_related_entity_link_changes_the_address_and_the_tab_title(new_page, real_server, real):
    w = new_page()
    page = open_app(w, real_server, "/outlet?outlet=rt")
    expect(page).to_have_title("Outlet profile · RT · Media Freedom Registry")
    page.get_by_test_id("stMain").get_by_role("link", name="Has: RT America (outlet)", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]outlet=rt-america(&|$)"))
    expect(page.get_by_test_id("stMain").get_by_role("heading", level=2, name="RT America", exact=True)).to_be_visible()
    expect(page).to_have_title("Outlet profile · RT America · Media Freedom Registry")
    page.goto(real_server.url + "/explore?jurisdiction=RU&designation=foreign_agent")
    wait_rendered(page)
    expect(page).to_have_title("Explore · Russia, Foreign agent · Media Freedom Registry")
    assert_clean(w, real_server)


def date_field(page, label: str):
    """A sidebar date: a text field (ui/date_field.py) that applies on Enter."""
    return page.get_by_test_id("stSidebar").get_by_role("textbox", name=label, exact=True)


def a_year_before_the_newest(reg: registry.Registry) -> dt.date:
    return max(reg.table["start_date"]).date() - dt.timedelta(days=365)


def test_a_download_clicked_right_after_typing_a_date_has_the_rows_on_screen(new_page, real_server, real, tmp_path):
    """The typed date is sent when the field loses focus, which the click on the download causes."""
    w = new_page()
    page = open_app(w, real_server, "/explore?jurisdiction=RU")
    expect_rows(page, len(registry.select(real[1], registry.Filters(jurisdictions=("RU",)))))
    since = a_year_before_the_newest(real[1])
    expected = registry.select(real[1], registry.Filters(jurisdictions=("RU",), since=since))
    assert 0 < len(expected) < len(registry.select(real[1], registry.Filters(jurisdictions=("RU",)))), "the date would change nothing"
    date_field(page, "Started on or after").focus()
    page.keyboard.type(since.isoformat())
    with page.expect_download() as download:  # at once: no Enter, no wait for the screen
        page.get_by_test_id("stDownloadButton").get_by_role("button", name="CSV", exact=True).click()
    saved = tmp_path / "typed.csv"
    download.value.save_as(saved)
    header, rows = parse_csv(saved.read_bytes())
    expect_rows(page, len(expected))  # the screen settles on the typed date
    assert query(page)["since"] == [since.isoformat()]
    got = sorted(r[header.index("designation_id")] for r in rows)
    assert got == sorted(expected["designation_id"])
    assert_clean(w, real_server)


# ---------------------------------------------------------------- a typed date applies on Enter


def test_a_typed_date_applies_on_enter_without_leaving_the_field(new_page, real_server, real):
    """Streamlit 1.67's st.date_input ignored Enter (the date was sent only when focus left the field)."""
    ru = registry.Filters(jurisdictions=("RU",))
    w = new_page()
    page = open_app(w, real_server, "/explore?jurisdiction=RU")
    expect_rows(page, len(registry.select(real[1], ru)))
    since = a_year_before_the_newest(real[1])
    field = date_field(page, "Started on or after")
    field.focus()
    page.keyboard.type(since.isoformat())
    page.keyboard.press("Enter")
    expect_rows(page, len(registry.select(real[1], dataclasses.replace(ru, since=since))))
    expect(field).to_be_focused()  # applied without leaving the field
    assert query(page)["since"] == [since.isoformat()]

    page.keyboard.press("Control+A")
    page.keyboard.type("2024-02-30")
    page.keyboard.press("Enter")
    error = page.get_by_test_id("stSidebar").get_by_test_id("stAlert")
    expect(error).to_contain_text("Started on or after: '2024-02-30' is not a date")
    expect_rows(page, len(registry.select(real[1], ru)))  # not applied
    assert "since" not in query(page)
    assert_clean(w, real_server)


def test_what_changed_applies_a_typed_date_on_enter(new_page, real_server, real):
    from registry import events

    today = dt.date.today()
    since = a_year_before_the_newest(real[1])
    found = events.events(registry.select(real[1], registry.Filters(as_of=today)), since, today)
    w = new_page()
    page = open_app(w, real_server, "/changes")
    field = page.get_by_test_id("stMain").get_by_role("textbox", name="Changed on or after", exact=True)
    field.focus()
    page.keyboard.type(since.isoformat())
    page.keyboard.press("Enter")
    started = page.get_by_test_id("stMetric").filter(has_text="Designations started")
    expect(started).to_contain_text(f"{int((found['event'] == 'started').sum()):,}")
    expect(field).to_be_focused()
    assert query(page)["changed_since"] == [since.isoformat()]
    assert_clean(w, real_server)


# ---------------------------------------------------------------- Measure and answer


def test_measure_and_answer_filters_and_its_download_equals_the_screen(new_page, real_server, real, tmp_path):
    from registry import reciprocity

    ru = registry.Filters(jurisdictions=("RU",))
    before = reciprocity.measure_and_answer(real[1], ru)
    assert 0 < len(before) < len(reciprocity.measure_and_answer(real[1])), "the real data has no Russian answers: the test would prove nothing"
    since = max(before["answer_start_date"]).date()  # keeps the newest answers only
    after = reciprocity.measure_and_answer(real[1], dataclasses.replace(ru, since=since))
    assert 0 < len(after) < len(before), "the date would change nothing"
    w = new_page()
    page = open_app(w, real_server, "/answers?jurisdiction=RU")
    expect(grid(page)).to_have_attribute("aria-rowcount", str(len(before) + 1))
    expect(page.get_by_test_id("stMain")).to_contain_text(f"Pairs shown: {len(before):,}")
    first = before.iloc[0]
    expect(page.get_by_test_id("glide-cell-3-0")).to_have_text(first["measure_outlet_label"])  # brand names (column 3: after the marker, by, measure)

    date_field(page, "Started on or after").focus()
    page.keyboard.type(since.isoformat())
    with page.expect_download() as download:  # at once, as a hurried reader would
        page.get_by_test_id("stDownloadButton").get_by_role("button", name="CSV", exact=True).click()
    saved = tmp_path / "answers.csv"
    download.value.save_as(saved)
    assert download.value.suggested_filename.startswith("mfr_answers_RU")  # named when drawn; the rows are the settled ones
    header, rows = parse_csv(saved.read_bytes())
    assert header == reciprocity.EXPORT_COLUMNS
    expect(grid(page)).to_have_attribute("aria-rowcount", str(len(after) + 1))  # the screen settles on the typed date
    got = [(r[header.index("measure_designation_id")], r[header.index("answer_designation_id")]) for r in rows]
    assert got == list(zip(after["measure_designation_id"], after["answer_designation_id"]))
    assert_clean(w, real_server)


# ---------------------------------------------------------------- the keyboard alone, from a table's row to a profile


def focused(page) -> str:
    """What has the keyboard focus: a link's or a button's text, "grid" inside a data grid, else the tag."""
    return page.evaluate(
        """() => { const a = document.activeElement;
        if (a.closest('[data-testid="stDataFrame"]') && !a.closest('button')) return "grid";
        return (a.innerText || a.getAttribute("aria-label") || a.tagName).trim(); }"""
    )


def tab_to(page, wanted, most: int = 60) -> int:
    """Press Tab until `wanted(focused)` holds; return the presses."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if wanted(focused(page)):
            return presses
    raise AssertionError(f"not reached in {most} Tab presses; focus on {focused(page)!r}")


# From the page's load to Explore's table (measured in this browser): 39 Tab presses before #13 (sidebar
# navigation, filters with three-part date fields, notices, citation, five downloads, the grid's toolbar),
# 32 by Tab alone now (a date field is one stop); with Enter on "Skip to main content" (Streamlit's) and on
# "Skip to the table": 7 (1 + 1 + the table heading's link, the grid's three toolbar buttons, the grid).
TABS_TO_THE_TABLE = 7


def test_a_keyboard_alone_reaches_a_row_of_explore_and_opens_its_profile(new_page, real_server, real):
    rows = registry.select(real[1], RU_FA)
    assert len(rows) > 3
    w = new_page()
    page = open_app(w, real_server, "/explore?jurisdiction=RU&designation=foreign_agent")
    expect_rows(page, len(rows))
    presses = tab_to(page, lambda f: f == "Skip to main content")
    page.keyboard.press("Enter")
    presses += tab_to(page, lambda f: f == "Skip to the table")
    page.keyboard.press("Enter")
    presses += tab_to(page, lambda f: f == "grid")
    assert presses <= TABS_TO_THE_TABLE, presses
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the third row
    page.keyboard.press("Shift+Space")  # selects it, as a click on its checkbox does
    page.wait_for_url(re.compile(r"/outlet\?"))
    assert query(page)["outlet"] == [rows.iloc[2]["outlet_id"]]
    expect(page.get_by_test_id("stMain").get_by_role("heading", level=2, name=rows.iloc[2]["outlet_name"], exact=True)).to_be_visible()
    assert_clean(w, real_server)


def test_a_keyboard_alone_opens_a_profile_from_measure_and_answer(new_page, real_server, real):
    from registry import reciprocity

    pairs = reciprocity.measure_and_answer(real[1], registry.Filters(jurisdictions=("US",)))
    assert len(pairs) > 1, "the real data has no US measures answered: the test would prove nothing"
    w = new_page()
    page = open_app(w, real_server, "/answers?jurisdiction=US")
    expect(grid(page)).to_have_attribute("aria-rowcount", str(len(pairs) + 1))
    page.get_by_test_id("stMain").focus()  # as "Skip to main content" leaves it
    tab_to(page, lambda f: f == "grid")
    page.keyboard.press("ArrowDown")  # the second pair
    page.keyboard.press("Shift+Space")
    wanted = pairs.iloc[1]
    link = f"Open the profile of {wanted['measure_outlet_label']} (measure)"
    expect(page.get_by_test_id("stMain").get_by_role("link", name=link)).to_be_visible()
    page.keyboard.press("End")  # the row's last cell; Tab then leaves the grid (its scroll area, then the link)
    assert tab_to(page, lambda f: link in f, most=3) <= 2
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/outlet\?"))
    assert query(page)["outlet"] == [wanted["measure_outlet_id"]]
    assert_clean(w, real_server)


# ---------------------------------------------------------------- charts that answer


def test_the_europe_map_and_small_multiples_render_from_local_files_only(new_page, real_server, real):
    w = new_page()
    geometry = []
    w.page.on("request", lambda r: r.url.endswith(".json") and "topojson" in r.url and geometry.append(r.url))
    page = open_app(w, real_server, "/?view=Maps")
    main = page.get_by_test_id("stMain")
    main.get_by_role("radio", name="Europe", exact=True).click()  # the map's area, kept in the address
    expect(page).to_have_url(re.compile(r"map=europe"))
    maps = main.get_by_test_id("stPlotlyChart")
    expect(maps).to_have_count(2)
    for i in range(2):
        expect(maps.nth(i).locator(".choroplethlayer path").first).to_be_attached()  # countries drawn, not a fallback bar chart
    rows = registry.select(real[1])
    counts = rows["jurisdiction"].astype(str).value_counts()
    top = real[1].countries.set_index("code").at[counts.index[0], "name"]
    said = f"{top} made the most designations: {counts.iloc[0]:,} of {len(rows):,}"
    expect(main.get_by_text(said)).to_be_visible()  # the sentence beside the maps
    europe = lambda url: urlsplit(url).path.endswith("/topojson/europe_50m.json")  # noqa: E731
    if not any(europe(u) for u in geometry):  # the maps above may still be the world's, redrawn after the click's rerun
        with contextlib.suppress(Exception):  # playwright's TimeoutError: the assertion below says what was fetched
            w.page.wait_for_event("request", lambda r: europe(r.url), timeout=30_000)
    assert any(europe(u) for u in geometry), geometry

    span = year_span(rows["start_date"])
    jurisdictions = rows.loc[rows["start_date"] >= span.start, "jurisdiction"].nunique()  # those the chart draws
    page.goto(real_server.url + "/?view=Timeline&split=jurisdiction&bars=panels&scale=own")
    wait_rendered(page)
    chart = main.get_by_test_id("stPlotlyChart")
    expect(chart.locator(".main-svg").first).to_be_visible()
    titles = chart.locator(".annotation-text")  # one small panel per jurisdiction, titled by its name
    expect(titles).to_have_count(jurisdictions)
    expect(titles.filter(has_text=re.compile(f"^{re.escape(top)}$"))).to_have_count(1)
    expect(main.get_by_role("radio", name="Small multiples", exact=True)).to_be_checked()
    expect(main.get_by_role("radio", name="Each its own scale", exact=True)).to_be_checked()
    main.get_by_role("radio", name="Same scale", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"scale="))  # the default leaves the address
    assert w.third_party == []
    assert_clean(w, real_server, "Europe map and small multiples")
