"""In a real browser: no request leaves 127.0.0.1 while hostile URLs and hostile data are shown (issue 17).

Images, links, colour directives and tags in URL parameters and in curated data (citation, licence,
country names, designation labels, outlet names, release notes) would, if rendered, make every
visitor's browser fetch a foreign address. Every request of the page is watched (a route on the
whole context, so even a blocked one is seen), and none may go to any host but 127.0.0.1.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from tests.support.browser import VIEWPORT, streamlit_server, wait_rendered
from tests.test_hostile_inputs import COLOUR, IMAGE, LINK, TAG, markup_data  # noqa: F401 (the fixture)

pytestmark = pytest.mark.e2e

FOREIGN = "203.0.113."  # TEST-NET-3: the addresses the hostile values point to

# (path, query) pairs: each page, with a hostile value in each parameter it reads
VISITS = [
    ("/", {"kind": IMAGE, "since": LINK, "status": COLOUR, "as_of": TAG}),
    ("/", {"view": IMAGE}),
    ("/explore", {"jurisdiction": IMAGE, "q": TAG}),
    ("/outlet", {"outlet": "north-wind"}),
    ("/outlet", {"outlet": IMAGE}),
    ("/jurisdictions", {"designation": LINK}),
    ("/answers", {"jurisdiction": IMAGE, "since": TAG, "q": LINK}),
    ("/changes", {"changed_since": LINK, "changed_until": IMAGE}),
    ("/methodology", {}),
]


@pytest.fixture(scope="module")
def server(markup_data):  # noqa: F811 (the fixture imported above)
    with streamlit_server(markup_data) as s:
        yield s


def _url(base: str, path: str, params: dict[str, str]) -> str:
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
    return f"{base}{path}" + (f"?{query}" if query else "")


@pytest.mark.parametrize(("path", "params"), VISITS, ids=[f"{p.strip('/') or 'overview'}-{'-'.join(q) or 'plain'}" for p, q in VISITS])
def test_no_request_leaves_the_machine(browser, server, path, params):
    context = browser.new_context(viewport=VIEWPORT)
    requests: list[str] = []
    foreign: list[str] = []

    def route(r):
        url = r.request.url
        requests.append(url)
        host = urlsplit(url).hostname
        if host not in ("127.0.0.1", None):
            foreign.append(url)
            r.abort()
        else:
            r.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda r: urlsplit(r.url).hostname not in ("127.0.0.1", None) and foreign.append(r.url))
    try:
        page.goto(_url(server.url, path, params))
        wait_rendered(page, timeout=60_000)
        page.wait_for_timeout(1500)  # images and styles load after the script has finished
        # open every tab: charts (plotly labels, legends) are drawn only in their own tab
        for tab in page.get_by_role("tab").all():
            if tab.is_visible():
                tab.click()
                page.wait_for_timeout(700)
        page.mouse.move(400, 400)  # hover text of a chart under the pointer
        page.wait_for_timeout(500)
        html = page.content()
    finally:
        context.close()
    assert requests, "the route saw no request at all: the watch is broken"
    assert foreign == [], foreign
    assert f'src="http://{FOREIGN}' not in html and f"href=\"http://{FOREIGN}" not in html
    assert server.tracebacks() == []
