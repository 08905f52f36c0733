"""The charts' view choices in the address (AppTest): bars, scale, years, map, and the Chart/Table tab
of Maps, Jurisdictions and What changed. A link with a choice reproduces the view; a bad value is
dropped with the notice of registry.params; the sentence beside each chart is there.
"""

from __future__ import annotations

import base64
import json
import re
import shutil

import numpy as np
import pytest

import registry
from registry.params import PARAMS, notice
from registry.year_span import year_span
from tests.support.data import DATA, make_small_data, open_app, shown


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

    os.environ["REGISTRY_DATA"] = str(data)
    try:
        at = open_app(page, timeout=120, **link)
        assert not at.exception, [e.value for e in at.exception]
        return at
    finally:
        del os.environ["REGISTRY_DATA"]


def values(array) -> list:
    """A plotly array from a figure's JSON: a list, or plotly's typed array {"dtype", "bdata"} (base64)."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


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


TYPES = {"Foreign agent", "Undesirable organisation", "FARA registration", "Broadcast ban"}  # the fixture's designations, by label


def test_small_multiples_on_the_shared_scale(small):
    (fig,) = figures(run(small, view="Timeline", bars="panels"))
    assert {a["text"] for a in fig["layout"]["annotations"]} == TYPES
    ys = [trace["yaxis"].replace("y", "yaxis") for trace in fig["data"]]  # each panel's value axis: y, y2, ...
    assert len(set(ys)) == 4
    assert all(fig["layout"][name].get("matches") == "y" for name in ys if name != "yaxis")  # every panel on the first's scale
    empty = [fig["layout"][name] for name in fig["layout"] if name.startswith("yaxis") and name not in ys]
    assert all(axis["visible"] is False for axis in empty)  # 4 panels in rows of 3: the empty cells draw no axes


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
    assert {a["text"] for a in fig["layout"]["annotations"]} == TYPES  # one panel per designation
    assert {y for trace in fig["data"] for y in values(trace["y"])} == {"Russia", "United States", "European Union"}  # names, not codes
    assert not any(axis.get("matches") for name, axis in fig["layout"].items() if name.startswith("xaxis"))  # each its own scale
    assert at.query_params["sub"] == "Table" and at.session_state["sub"] == "Table"
    assert any(shown(m.value).startswith("Russia made 5 of the 7 designations shown") for m in at.markdown)


def test_the_timeline_opens_on_the_dense_years_and_says_what_it_leaves_out(real):
    path, reg = real
    span = year_span(registry.select(reg)["start_date"])
    assert span.trimmed, "the real data has old FARA rows: the axis would otherwise reach back to them"
    at = run(path, view="Timeline")
    (fig,) = figures(at)
    assert fig["layout"]["xaxis"]["range"] == [span.opens - 0.5, span.last + 0.5]
    assert min(x for trace in fig["data"] for x in values(trace["x"])) >= span.opens
    said = [shown(c.value) for c in at.caption if shown(c.value).startswith("Not shown")]
    assert len(said) == 1, [c.value for c in at.caption]
    expected = f"Not shown: {span.before:,} designations that started before {span.opens} (the first in {span.first})"
    assert said[0].startswith(expected if span.before > 1 else f"Not shown: 1 designation that started in {span.first}")
    at = run(path, view="Timeline", years="all")
    (fig,) = figures(at)
    assert fig["layout"]["xaxis"]["range"][0] == span.first - 0.5
    assert not [c for c in at.caption if shown(c.value).startswith("Not shown")]
    assert control(at, "years").value == "all" and at.query_params["years"] == "all"


def test_in_force_opens_on_the_same_years(real):
    path, reg = real
    span = year_span(registry.select(reg)["start_date"])
    (fig,) = figures(run(path, view="In force over time"))
    assert min(x for trace in fig["data"] for x in values(trace["x"])) >= f"{span.opens}-01-01"
    (fig,) = figures(run(path, view="In force over time", years="all"))
    assert min(x for trace in fig["data"] for x in values(trace["x"])) < f"{span.first + 1}-01-01"


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


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_address_keeps_english_values_and_leaves_defaults_out_in_both_languages(small, lang):
    """ui.choice keeps every address as it was in both languages: a tab (?view=, ?sub=) and a chart's control
    (?bars=) write their English values, never the shown words, and leave their defaults out."""
    given = {} if lang == "en" else {"lang": "ru"}
    at = run(small, view="Timeline", sub="Table", bars="panels", **given)
    assert dict(at.query_params) == {"view": "Timeline", "sub": "Table", "bars": "panels", **given}
    assert control(at, "bars").value == "panels" and at.session_state["sub"] == ("Table" if lang == "en" else "Таблица")
    assert ("Таблица" in [tab.label for tab in at.tabs]) == (lang == "ru")  # the reader's words on the tabs
    control(at, "bars").set_value("grouped").run()
    assert dict(at.query_params) == {"view": "Timeline", "sub": "Table", "bars": "grouped", **given}
    control(at, "bars").set_value("stacked").run()  # the default: left out
    assert dict(at.query_params) == {"view": "Timeline", "sub": "Table", **given}
    at = run(small, view="At a glance", **given)  # defaults in a link are dropped
    assert dict(at.query_params) == given
    at = run(small, view="Timeline", sub="Chart", bars="stacked", split="designation", **given)
    assert dict(at.query_params) == {"view": "Timeline", **given}


CODES = re.compile(r"\b(RU|US|EU|foreign_agent|undesirable|fara_registration|broadcast_ban|ru-2124-1-art6|ru-255-fz-art7|us-fara|eu-833-2014)\b")


def shown_text(fig: dict) -> list[str]:
    """Every text of a figure a reader can see: titles, panel titles, legend names, hover templates and
    hover values, and the category labels of the axes (not the map's ISO codes, which only place shapes)."""
    texts = [a.get("text", "") for a in fig["layout"].get("annotations", [])]
    texts += [str(axis.get("title", "")) for name, axis in fig["layout"].items() if name.endswith("axis") or name[:-1].endswith("axis")]
    texts.append(str(fig["layout"].get("title", "")))
    for trace in fig["data"]:
        texts += [str(trace.get("name", "")), str(trace.get("hovertemplate", "")), str(trace.get("text", ""))]
        texts += [str(v) for v in np.ravel(trace.get("customdata", []))]
        for axis in ("x", "y"):
            if isinstance(trace.get(axis), list):
                texts += [str(v) for v in trace[axis]]
    return texts


@pytest.mark.parametrize(
    ("page", "link"),
    [
        (None, {"view": "Timeline"}),
        (None, {"view": "Timeline", "split": "jurisdiction", "bars": "panels"}),
        (None, {"view": "In force over time", "split": "jurisdiction"}),
        (None, {"view": "In force over time"}),
        (None, {"view": "Maps", "map": "europe"}),
        ("app_pages/jurisdictions.py", {}),
        ("app_pages/jurisdictions.py", {"bars": "panels"}),
        ("app_pages/changes.py", {"changed_since": "2017-01-01"}),
        ("app_pages/outlet.py", {"outlet": "ivan-petrov"}),
    ],
)
def test_charts_say_names_not_codes(small, page, link):
    specs = figures(run(small, page, **link))
    assert specs
    for fig in specs:
        texts = shown_text(fig)
        assert texts and not [text for text in texts if CODES.search(text)], [text for text in texts if CODES.search(text)]


def test_a_map_where_one_country_is_far_ahead_is_coloured_by_the_logarithm():
    """Russia's ~600 beside others' tens left every other country pale: a spread of 20x or more is
    coloured by log10, the colour bar labelled in counts and the hover giving the count itself."""
    import pandas as pd

    from ui import charts

    counts = pd.DataFrame({"iso3": ["RUS", "USA", "ARM"], "name": ["Russia", "United States", "Armenia"], "count": [594, 59, 1]})
    fig = charts.world_map(counts, "Who designates", "Designations")
    trace = fig.data[0]
    assert list(trace.z) == pytest.approx([np.log10(594), np.log10(59), 0.0])
    assert list(trace.customdata) == [594, 59, 1] and "%{customdata}" in trace.hovertemplate
    bar = fig.layout.coloraxis.colorbar
    assert list(bar.ticktext) == ["1", "3", "10", "30", "100", "300"] and bar.tickvals[-1] == pytest.approx(np.log10(300))
    assert "log scale" in bar.title.text
    even = charts.world_map(counts.assign(count=[12, 9, 4]), "Who designates", "Designations")  # 3x: a linear scale
    assert list(even.data[0].z) == [12, 9, 4] and even.layout.coloraxis.colorbar.title.text == "Designations"
