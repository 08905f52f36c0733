"""The charts' view choices in the address (AppTest): bars, scale, years, map, and the Chart/Table tab
of Maps, Jurisdictions and What changed. A link with a choice reproduces the view; a bad value is
dropped with the notice of registry.params; the sentence beside each chart is there.
"""

from __future__ import annotations

import json
import shutil

import pytest

import registry
from registry.params import PARAMS, notice
from registry.year_span import year_span
from tests.support.data import DASHBOARD, DATA, make_small_data, shown


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return make_small_data(tmp_path_factory.mktemp("views") / "data")


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """A snapshot of the real data/ (edited while tests run): FARA 1983 stretches its time axis."""
    path = tmp_path_factory.mktemp("views-real") / "data"
    shutil.copytree(DATA, path, ignore=shutil.ignore_patterns(".*", "*.part", "*~"))
    return path, registry.load(path)


def run(data, page: str | None = None, **link):
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["REGISTRY_DATA"] = str(data)
    try:
        at = AppTest.from_file(DASHBOARD, default_timeout=120)
        for key, value in link.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    finally:
        del os.environ["REGISTRY_DATA"]


def figures(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def control(at, key: str):
    return next(b for b in at.get("button_group") if b.key == key)


def warnings(at) -> list[str]:
    return [shown(w.value) for w in at.warning]


def test_every_new_choice_is_declared_with_its_choices_and_default():
    for name, choices in (("bars", ("stacked", "grouped", "panels")), ("scale", ("shared", "own")), ("years", ("recent", "all")), ("map", ("world", "europe"))):
        param = PARAMS[name]
        assert param.kind == "choice" and param.choices == choices and param.default == choices[0] and param.meaning


def test_small_multiples_on_their_own_scale_from_a_link(small):
    at = run(small, view="Timeline", split="jurisdiction", bars="panels", scale="own")
    (fig,) = figures(at)
    jurisdictions = {"Russia", "United States", "European Union"}
    assert {a["text"] for a in fig["layout"]["annotations"]} == jurisdictions  # one panel per jurisdiction, by name
    assert len(fig["data"]) == 3 and all(trace["type"] == "bar" for trace in fig["data"])
    assert not any(axis.get("matches") for name, axis in fig["layout"].items() if name.startswith("yaxis"))  # each its own scale
    assert control(at, "bars").value == "panels" and control(at, "scale").value == "own"
    assert at.query_params["bars"] == "panels" and at.query_params["scale"] == "own"  # kept in the address
    assert "Russia made 5 of the 7 designations shown (2017–2024). The busiest year was 2017 with 2." in [shown(m.value) for m in at.markdown]


def test_small_multiples_on_the_shared_scale(small):
    (fig,) = figures(run(small, view="Timeline", bars="panels"))
    ys = [name for name in fig["layout"] if name.startswith("yaxis")]
    assert len(ys) == 2  # Foreign agent, Undesirable organisation... and FARA? no: the fixture's designations
    assert all(fig["layout"][name].get("matches") == "y" for name in ys)


def test_grouped_and_stacked_bars(small):
    assert figures(run(small, view="Timeline", bars="grouped"))[0]["layout"]["barmode"] == "group"
    at = run(small, view="Timeline")
    assert figures(at)[0]["layout"]["barmode"] == "stack"
    assert control(at, "bars").value == "stacked" and "bars" not in at.query_params  # the default is not written
    at = run(small, "app_pages/jurisdictions.py", bars="grouped")
    assert figures(at)[0]["layout"]["barmode"] == "group"


def test_the_jurisdictions_chart_as_small_multiples(small):
    at = run(small, "app_pages/jurisdictions.py", bars="panels", scale="own", sub="Table")
    fig = figures(at)[0]
    assert {a["text"] for a in fig["layout"]["annotations"]} == {"Foreign agent", "Undesirable organisation", "FARA registration", "Broadcast ban"} & {
        a["text"] for a in fig["layout"]["annotations"]
    }
    names = {y for trace in fig["data"] for y in trace["y"]}
    assert names and not names & {"RU", "US", "EU"}  # names, not codes
    assert at.query_params["sub"] == "Table" and at.session_state["sub"] == "Table"
    assert any(shown(m.value).startswith("Russia made 5 of the 7 designations shown") for m in at.markdown)


def test_the_timeline_opens_on_the_dense_years_and_says_what_it_leaves_out(real):
    path, reg = real
    span = year_span(registry.select(reg)["start_date"])
    assert span.trimmed, "the real data has old FARA rows: the axis would otherwise reach back to them"
    at = run(path, view="Timeline")
    (fig,) = figures(at)
    assert fig["layout"]["xaxis"]["range"] == [span.opens - 0.5, span.last + 0.5]
    assert min(x for trace in fig["data"] for x in trace["x"]) >= span.opens
    said = [shown(c.value) for c in at.caption if shown(c.value).startswith("Not shown")]
    assert said and f"(the first in {span.first})" in said[0] or f"started in {span.first}" in said[0]
    assert str(span.before) in said[0]
    at = run(path, view="Timeline", years="all")
    (fig,) = figures(at)
    assert fig["layout"]["xaxis"]["range"][0] == span.first - 0.5
    assert not [c for c in at.caption if shown(c.value).startswith("Not shown")]
    assert control(at, "years").value == "all" and at.query_params["years"] == "all"


def test_in_force_opens_on_the_same_years(real):
    path, reg = real
    span = year_span(registry.select(reg)["start_date"])
    (fig,) = figures(run(path, view="In force over time"))
    assert min(x for trace in fig["data"] for x in trace["x"]) >= f"{span.opens}-01-01"
    (fig,) = figures(run(path, view="In force over time", years="all"))
    assert min(x for trace in fig["data"] for x in trace["x"]) < f"{span.first + 1}-01-01"


def test_the_europe_map_from_a_link(small):
    at = run(small, view="Maps", map="europe", sub="Table")
    specs = figures(at)
    assert len(specs) == 2
    for fig in specs:
        geo = fig["layout"]["geo"]
        assert geo["scope"] == "europe" and geo["resolution"] == 50
    assert control(at, "map").value == "europe" and at.query_params["map"] == "europe"
    assert at.query_params["sub"] == "Table" and at.session_state["sub"] == "Table"
    text = " ".join(shown(m.value) for m in at.markdown)
    assert "Russia made the most designations: 5 of 7, by 3 jurisdictions in all." in text
    world = figures(run(small, view="Maps"))[0]["layout"]["geo"]
    assert world.get("scope") is None and world["projection"]["type"] == "natural earth"


def test_what_changed_keeps_its_chart_or_table_tab_and_says_the_answer(small):
    at = run(small, "app_pages/changes.py", sub="Table", changed_since="2017-01-01")
    assert at.query_params["sub"] == "Table" and at.session_state["sub"] == "Table"
    text = [shown(m.value) for m in at.markdown]
    assert any(line.startswith("7 designations started and") for line in text), text


@pytest.mark.parametrize(
    ("page", "link"),
    [
        (None, {"view": "Timeline", "bars": "pie"}),
        (None, {"view": "Timeline", "bars": "panels", "scale": "log"}),
        (None, {"view": "Timeline", "years": "1983"}),
        (None, {"view": "Maps", "map": "mars"}),
        (None, {"view": "Maps", "sub": "Graph"}),
        ("app_pages/jurisdictions.py", {"bars": "<b>x</b>"}),
        ("app_pages/changes.py", {"sub": "Graph"}),
    ],
)
def test_a_bad_choice_is_dropped_with_the_usual_notice(small, page, link):
    at = run(small, page, **link)
    name, value = next((k, v) for k, v in link.items() if k != "view" and v not in PARAMS[k].choices)
    assert warnings(at).count(notice(name, [value])) == 1, warnings(at)
    assert at.query_params.get(name) in (None, *PARAMS[name].choices[1:])  # dropped from the address
