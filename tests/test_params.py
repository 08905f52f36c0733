"""The URL parameters: declared once (registry.params), documented in docs/reference.md, read the same on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from registry import params, query
from registry.cli import main
from registry.params import EARLIEST, FACETS, PARAMS, date_in_link, notice
from tests.support.data import DASHBOARD, ROOT, shown

PAGES = ["app_pages/overview.py", "app_pages/explore.py", "app_pages/outlet.py", "app_pages/jurisdictions.py", "app_pages/changes.py", "app_pages/methodology.py"]


def documented_parameters() -> set[str]:
    """The names in the first column of the URL table of the reference (docs/reference.md)."""
    text = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    section = text.split("## URL parameters", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows, "no URL table found in docs/reference.md"
    return {name for row in rows for name in re.findall(r"`([a-z_]+)`", row.split("|")[1])}


def test_every_documented_parameter_is_declared_and_every_declared_one_documented():
    assert documented_parameters() == set(PARAMS)


def test_the_facets_are_the_ones_query_cli_and_sidebar_use(capsys):
    assert list(query.FACETS) == [f.field for f in FACETS] + ["status"]
    assert [f.column for f in FACETS] == list(query.FACETS.values())[:-1]
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    usage = capsys.readouterr().out
    for f in FACETS:
        assert f"{f.option} {f.metavar}" in usage
    assert {f.name for f in FACETS} <= set(PARAMS)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-01-05", dt.date(2024, 1, 5)),
        ("2024-1-5", dt.date(2024, 1, 5)),
        ("2024/01/05", dt.date(2024, 1, 5)),
        ("20240105", None),  # date.fromisoformat takes it since Python 3.11; a link does not
        ("2024-W01-1", None),
        ("2024-02-30", None),
        ("2024-01/05", None),
        ("0000-01-01", None),
        ("1900-01-01", None),  # before EARLIEST
        ("9999-12-31", None),  # after today
        ("", None),
    ],
)
def test_date_in_link(text, day):
    assert date_in_link(text) == day


def test_notices_per_kind():
    assert notice("kind", ["blogger", "outlet"], allowed={"outlet"}) == "Ignored unknown kind value(s) in the link: 'blogger'."
    assert "and 5 more" in notice("jurisdiction", [f"Z{i}" for i in range(10)], allowed=set())
    assert notice("kind", ["outlet"], allowed={"outlet"}) is None
    assert notice("status", ["in force"]) == "Ignored status 'in force': use in_force or ended."
    assert notice("view", ["Map"]) == "Ignored view 'Map': use At a glance, Timeline, In force over time or Maps."
    assert notice("status", ["ended", "in_force"], "in_force") == "status appears 2 times in the link; 'in_force' is used, the rest ignored."
    assert notice("as_of", ["x", "y"], None) == "as_of appears 2 times in the link; all were ignored."
    assert notice("q", ["x" * 201]) == "The search text was cut to 200 characters."
    assert notice("outlet", ["nope"], allowed={"rferl"}) == "Ignored unknown outlet 'nope' in the link."
    assert notice("since", ["20240105"]) == "Ignored since '20240105': dates are written YYYY-MM-DD."
    assert notice("since", ["1900-01-01"]) == f"Ignored since '1900-01-01': it is outside {EARLIEST} to today."
    assert notice("since", ["2024-1-5"]) == "Read since '2024-1-5' as 2024-01-05: dates are written YYYY-MM-DD."
    assert notice("since", ["2024-01-05"]) is None and notice("since", []) is None and notice("since", [""]) is None
    assert len(notice("since", ["9" * 10_000])) < 120


def test_every_date_parameter_reads_the_same_way():
    dates = [p.name for p in PARAMS.values() if p.kind == "date"]
    assert {"as_of", "since", "until", "changed_since", "changed_until"} == set(dates)
    for bad in ("20240105", "2024-1-5", "2024-13-01", "1900-01-01"):
        said = {notice(name, [bad]).replace(name, "NAME") for name in dates}
        assert len(said) == 1, said


# --- the pages (AppTest) ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from tests.support.data import make_small_data

    data = make_small_data(tmp_path_factory.mktemp("params") / "data")

    def run(page: str, **link) -> AppTest:
        import os

        os.environ["REGISTRY_DATA"] = str(data)
        try:
            at = AppTest.from_file(DASHBOARD, default_timeout=60)
            for key, value in link.items():
                at.query_params[key] = value
            if page != PAGES[0]:
                at.switch_page(page)  # the link opens on that page
            at.run()
            assert not at.exception, [e.value for e in at.exception]
            return at
        finally:
            del os.environ["REGISTRY_DATA"]

    return run


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("link", "said"), [
    ({"since": "20240105"}, "Ignored since '20240105': dates are written YYYY-MM-DD."),
    ({"until": "2024-1-5"}, "Read until '2024-1-5' as 2024-01-05: dates are written YYYY-MM-DD."),
    ({"kind": "blogger"}, "Ignored unknown kind value(s) in the link: 'blogger'."),
    ({"status": "active"}, "Ignored status 'active': use in_force or ended."),
])  # fmt: skip
def test_each_page_treats_the_same_bad_value_the_same_way(run, page, link, said):
    at = run(page, **link)
    assert [shown(w.value) for w in at.warning].count(said) == 1, [w.value for w in at.warning]


@pytest.mark.parametrize(("value", "day", "said"), [
    ("2024-1-5", dt.date(2024, 1, 5), "Read {} '2024-1-5' as 2024-01-05: dates are written YYYY-MM-DD."),
    ("2024/01/05", dt.date(2024, 1, 5), "Read {} '2024/01/05' as 2024-01-05: dates are written YYYY-MM-DD."),
    ("20240105", None, "Ignored {} '20240105': dates are written YYYY-MM-DD."),
    ("2024-01-05", dt.date(2024, 1, 5), None),
])  # fmt: skip
def test_the_sidebar_and_what_changed_read_a_date_alike(run, value, day, said):
    """The bug this module fixed: What changed said "Ignored" for 2024-1-5 and then used it, and dropped 20240105 silently."""
    opens = min(dt.date.today(), dt.date(2024, 1, 12)) - dt.timedelta(days=90)  # What changed: 90 days back from the fixture's newest event
    for name, default in (("since", None), ("changed_since", opens)):
        at = run("app_pages/changes.py", **{name: value})
        # the field shows what date_in_link reads, written YYYY-MM-DD (empty: the default, shown as its placeholder)
        field = at.text_input(key=name)
        assert field.value == (day.isoformat() if day else ""), name
        if default and not day:
            assert field.placeholder == default.isoformat(), name
        warnings = [shown(w.value) for w in at.warning]  # as a reader sees the escaped text
        assert (said.format(name) in warnings) if said else not warnings, (name, warnings)


def test_params_module_has_no_streamlit():
    assert "streamlit" not in (ROOT / "registry" / "params.py").read_text(encoding="utf-8")
    assert params.__doc__
