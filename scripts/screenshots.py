"""Screenshots of the dashboard on the real data, for the README and docs/: docs/screenshots/{overview,overview_timeline,explore,outlet}.png,
and the README's docs/img/{overview-light,overview-dark,explore-phone,overview-ru}.png (light and dark theme, a
375 px phone, the Russian interface as far as it is built when this runs).

    .venv/bin/python -m scripts.screenshots

Starts its own Streamlit server on a free loopback port and drives Debian's Chromium (see
../shared/docs/TESTING.md); nothing else needs to be running.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import registry
from tests.support.browser import (
    CHROMIUM,
    VIEWPORT,
    chromium,
    chromium_missing_reason,
    scroll_to_top,
    streamlit_server,
    wait_rendered,
)
from tests.support.data import ROOT

OUT = ROOT / "docs" / "screenshots"
README_IMG = ROOT / "docs" / "img"
WIDTH, HEIGHT = 1280, 1200
PHONE = {"width": 375, "height": 812}
PREFERRED_OUTLET = "rferl"


def profile_outlet(reg: registry.Registry) -> str:
    """RFE/RL when the data has it, else the outlet with the most designations."""
    if PREFERRED_OUTLET in set(reg.outlets["id"]):
        return PREFERRED_OUTLET
    return str(reg.designations["outlet_id"].value_counts().index[0])


def shoot(browser, url: str, path: Path, ready, scheme: str = "light", phone: bool = False) -> None:
    """A picture of the page at `url` once `ready` says it is drawn: 1280 × 1200, or a 375 px phone
    (at twice the pixels, as phones show it, scrolled to what `ready` shows)."""
    from playwright.sync_api import expect

    size = {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True} if phone else {"viewport": VIEWPORT}
    context = browser.new_context(color_scheme=scheme, **size)
    try:
        page = context.new_page()
        page.goto(url, timeout=120_000)
        wait_rendered(page, 120_000)
        ready(page, expect)
        if not phone:
            scroll_to_top(page)
            page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
            page.wait_for_timeout(500)  # plotly redraws on resize
            scroll_to_top(page)
        page.screenshot(path=str(path))
        print(f"{path.relative_to(ROOT)}: {url}")
    finally:
        context.close()


def charts_drawn(page, expect) -> None:
    charts = page.get_by_test_id("stMain").get_by_test_id("stPlotlyChart")
    expect(charts.first).to_be_visible()
    for i in range(charts.count()):
        expect(charts.nth(i).locator(".main-svg").first).to_be_visible()


def main() -> int:
    reason = chromium_missing_reason()
    if reason:
        print(f"screenshots: {reason}", file=sys.stderr)
        return 1
    reg = registry.load()
    outlet = profile_outlet(reg)
    OUT.mkdir(parents=True, exist_ok=True)

    def table_shown(page, expect) -> None:
        # the data may change under us: any non-empty table will do for a picture
        expect(page.get_by_test_id("stMain").locator("table[role=grid]").first).to_have_attribute(
            "aria-rowcount", re.compile(r"^([2-9]|\d\d+)$")
        )

    def profile_shown(page, expect) -> None:
        expect(page.get_by_test_id("stMain").get_by_role("heading", level=2).first).to_be_visible()
        charts_drawn(page, expect)

    def table_on_phone(page, expect) -> None:
        table_shown(page, expect)
        table = page.get_by_test_id("stMain").get_by_test_id("stDataFrame").last
        table.evaluate("el => el.scrollIntoView({block: 'end'})")  # the downloads, then the table's key columns
        page.wait_for_timeout(300)

    README_IMG.mkdir(parents=True, exist_ok=True)
    print(f"Chromium: {CHROMIUM}")
    with streamlit_server() as server, chromium() as browser:
        shoot(browser, f"{server.url}/", README_IMG / "overview-light.png", table_shown)
        shoot(browser, f"{server.url}/", README_IMG / "overview-dark.png", table_shown, scheme="dark")
        shoot(browser, f"{server.url}/explore?designation=foreign_agent", README_IMG / "explore-phone.png", table_on_phone, phone=True)
        shoot(browser, f"{server.url}/?lang=ru", README_IMG / "overview-ru.png", table_shown)
        shoot(browser, f"{server.url}/", OUT / "overview.png", table_shown)
        shoot(browser, f"{server.url}/?view=Timeline", OUT / "overview_timeline.png", charts_drawn)
        shoot(browser, f"{server.url}/explore?jurisdiction=RU&designation=foreign_agent", OUT / "explore.png", table_shown)
        shoot(browser, f"{server.url}/outlet?outlet={outlet}", OUT / "outlet.png", profile_shown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
