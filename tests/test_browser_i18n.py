"""The Russian interface in a real browser (headless Debian Chromium via Playwright): ?lang=ru, the
language kept while moving through the navigation, and the sidebar's switch back to English.

AppTest covers every page's words (tests/test_i18n.py); this is what only a browser shows: the
navigation's links, the address bar and the tab's title after real clicks.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.browser import VIEWPORT, streamlit_server, wait_rendered
from tests.support.data import make_small_data

try:
    from playwright.sync_api import expect
except ImportError:  # then the browser fixture skips, or fails under CI, saying why
    expect = None

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with streamlit_server(make_small_data(tmp_path_factory.mktemp("i18n") / "data")) as s:
        yield s


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _heading(page):
    return page.get_by_test_id("stMain").locator("h1").first


def test_russian_is_kept_across_pages_and_the_switch_goes_back_to_english(browser, server):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{server.url}/?lang=ru&as_of=2024-02-02")
        wait_rendered(page)
        expect(_heading(page)).to_have_text("Реестр свободы СМИ")
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav).to_contain_text("Методология")
        expect(page).to_have_title(re.compile(r"^Обзор · .*Реестр свободы СМИ$"))

        nav.get_by_role("link", name="Методология").click()  # the navigation drops the address's parameters…
        expect(_heading(page)).to_have_text("Методология")
        expect(page).to_have_url(re.compile(r"/methodology\?.*lang=ru"))  # …and the language is written back
        expect(page.get_by_test_id("stMain")).to_contain_text("Какая дата хранится")

        nav.get_by_role("link", name="Просмотр").click()
        expect(_heading(page)).to_have_text("Просмотр мер")
        expect(page).to_have_url(re.compile(r"/explore\?.*lang=ru"))
        expect(page.get_by_test_id("stSidebar")).to_contain_text("Фильтры")
        assert _query(page).get("as_of") == ["2024-02-02"]  # the other filters are kept as before

        page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
        expect(_heading(page)).to_have_text("Explore designations")
        expect(page).not_to_have_url(re.compile(r"lang="))
        expect(nav).to_contain_text("Methodology")
        nav.get_by_role("link", name="Jurisdictions").click()
        expect(_heading(page)).to_have_text("Jurisdictions")
        expect(page).not_to_have_url(re.compile(r"lang="))
        assert errors == []
    finally:
        context.close()
    assert server.tracebacks() == [], f"server log {server.log}"


def test_a_russian_link_keeps_english_values_in_the_address(browser, server):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{server.url}/?lang=ru&as_of=2024-02-02&view=Timeline")
        wait_rendered(page)
        main = page.get_by_test_id("stMain")
        expect(main.get_by_role("tab", name="Хронология", exact=True)).to_have_attribute("aria-selected", "true")
        main.get_by_role("radio", name="юрисдикция", exact=True).click()  # Split by
        expect(page).to_have_url(re.compile(r"split=jurisdiction"))
        main.get_by_role("tab", name="Таблица", exact=True).click()
        expect(page).to_have_url(re.compile(r"sub=Table"))
        main.get_by_role("tab", name="Карты", exact=True).click()
        expect(page).to_have_url(re.compile(r"view=Maps"))
        assert _query(page)["lang"] == ["ru"]
    finally:
        context.close()
