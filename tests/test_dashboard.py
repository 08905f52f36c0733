"""The dashboard in process (AppTest): every page, the URL -> filter contract, bad and empty states."""

import base64
import datetime as dt
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.support.data import DASHBOARD, shown

PAGES = [
    "app_pages/overview.py", "app_pages/explore.py", "app_pages/outlet.py", "app_pages/jurisdictions.py", "app_pages/answers.py", "app_pages/methodology.py",
]  # fmt: skip


@pytest.fixture
def app(small_data, monkeypatch):
    monkeypatch.setenv("REGISTRY_DATA", str(small_data))

    def make(**params):
        at = AppTest.from_file(DASHBOARD, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    return make


def values(array) -> list:
    """A plotly array from a figure's JSON: a list, or plotly's typed array {"dtype", "bdata"} (base64)."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def explore_rows(at):
    return at.dataframe[0].value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(app, page):
    at = app(as_of="2024-02-02")
    if page != PAGES[0]:
        at.switch_page(page).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert "dataset version" in at.main.caption[-1].value


def test_overview_figures_and_the_table_by_jurisdiction(app):
    at = app(as_of="2024-02-02")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Outlets and people": "6", "Designations": "7", "In force on 2024-02-02": "5", "Designating jurisdictions": "3"}
    assert at.get("plotly_chart") == []  # the first view draws no plotly chart (lazy tabs)
    table = at.dataframe[0].value.set_index("jurisdiction")
    assert table["designations"].to_dict() == {"RU": 5, "EU": 1, "US": 1}
    assert table["in_force"].to_dict() == {"RU": 4, "EU": 1, "US": 0}
    assert table.loc["RU", "measures"] == "Foreign agent, Undesirable organisation"
    # started per year, 2017..2024, one list per row on the same years
    assert list(table.loc["RU", "per_year"]) == [1, 0, 0, 0, 1, 1, 1, 1]
    assert list(table.loc["US", "per_year"]) == [1, 0, 0, 0, 0, 0, 0, 0]


@pytest.mark.parametrize(("view", "charts"), [("Timeline", 1), ("In force over time", 1), ("Maps", 2)])
def test_overview_chart_tabs_run_only_when_open(app, view, charts):
    at = app(as_of="2024-02-02", view=view)
    assert not at.exception
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(specs) == charts
    if view == "Timeline":
        assert sum(sum(values(trace["y"])) for trace in specs[0]["data"]) == 7
    assert at.query_params["view"] == view


def test_unknown_overview_view_falls_back_and_says_so(app):
    at = app(view="<b>nope</b>")
    assert not at.exception
    assert at.get("plotly_chart") == []
    assert any("Ignored view" in w.value and "nope" in w.value for w in at.warning), [w.value for w in at.warning]


def test_url_parameters_set_the_filters(app):
    at = app(jurisdiction=["RU"], designation="foreign_agent", as_of="2024-02-02")
    at.switch_page("app_pages/explore.py").run()
    rows = explore_rows(at)
    assert sorted(rows["designation_id"]) == ["ru-fa-1", "ru-fa-2", "ru-fa-3", "ru-fa-4"]
    assert at.sidebar.multiselect(key="jurisdiction").value == ["RU"]
    assert at.main.caption[0].value.startswith("4 designations")
    at = app(q="Северный", status="in_force", as_of="2024-02-02")
    at.switch_page("app_pages/explore.py").run()
    assert sorted(explore_rows(at)["designation_id"]) == ["ru-fa-1", "ru-und-10"]


def test_widgets_change_the_table(app):
    at = app(as_of="2024-02-02")
    at.switch_page("app_pages/explore.py").run()
    assert len(explore_rows(at)) == 7
    at.sidebar.multiselect(key="kind").set_value(["journalist"]).run()
    assert sorted(explore_rows(at)["designation_id"]) == ["ru-fa-2", "ru-fa-3"]


@pytest.mark.parametrize(
    "params, words",
    [
        ({"jurisdiction": ["XX"]}, "unknown jurisdiction"),
        ({"designation": ["<script>alert(1)</script>"]}, "unknown designation"),
        ({"as_of": "2024-02-31"}, "as_of"),
        ({"since": "yesterday"}, "since"),
        ({"status": "active"}, "status"),
        ({"since": "2024-01-01", "until": "2023-01-01"}, "range is ignored"),
        ({"q": "x" * 500}, "cut to 200"),
    ],
)
def test_bad_parameters_are_dropped_with_a_notice(app, params, words):
    at = app(**params)
    assert not at.exception
    assert any(words in shown(w.value) for w in at.warning), [w.value for w in at.warning]
    at.switch_page("app_pages/explore.py").run()
    assert not at.exception


def test_empty_result_offers_to_clear(app):
    at = app(q="no such outlet anywhere")
    at.switch_page("app_pages/explore.py").run()
    assert any("No designations match" in i.value for i in at.info)
    at.button(key="clear_filters_empty").click().run()
    assert len(explore_rows(at)) == 7  # q cleared: every designation, as of today
    assert at.text_input(key="q").value == ""


def test_outlet_profile_from_the_url(app):
    at = app(outlet="north-wind", as_of="2024-02-02")
    at.switch_page("app_pages/outlet.py").run()
    assert not at.exception
    assert at.header[0].value == "North Wind"
    links = [p.proto.label for p in at.get("page_link")]
    assert any("Has: Ivan Petrov (person)" in shown(label) for label in links), links
    timeline = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert {t["name"] for t in timeline["data"]} == {"Russia"}  # names, not codes, in legends


def test_the_outlet_picker_shows_names_and_follows_the_address(app):
    at = app(outlet="north-wind", as_of="2024-02-02")
    at.switch_page("app_pages/outlet.py").run()
    picker = at.selectbox(key="outlet_pick")
    assert picker.value == "north-wind"
    assert "North Wind · Северный ветер (outlet)" in picker.options  # names, not ids
    # A related-entity link changes the address: the picker and the page follow it.
    at.query_params["outlet"] = "north-wind-sia"
    at.run()
    assert at.selectbox(key="outlet_pick").value == "north-wind-sia"
    assert at.header[0].value == "SIA North Wind Media"
    # Picking writes the address.
    at.selectbox(key="outlet_pick").set_value("state-tv").run()
    assert at.query_params["outlet"] == "state-tv"
    assert at.header[0].value == "State TV International"
    rolled = at.dataframe[-1].value  # its own designation and its US company's
    assert set(rolled["outlet_name"]) == {"State TV International", "State TV Productions LLC"}


def test_unknown_outlet_is_ignored(app):
    at = app(outlet="nobody")
    at.switch_page("app_pages/outlet.py").run()
    assert not at.exception
    assert any("unknown outlet" in w.value for w in at.warning)


def test_invalid_data_lists_the_problems(app, small_data):
    lines = (small_data / "designations.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("2021-04-23", "2021-04-31")
    (small_data / "designations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    at = app()
    assert not at.exception
    assert "does not validate" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems.iloc[0][["file", "row", "column"]].tolist() == ["designations.csv", 3, "start_date"]


def test_markup_in_data_is_shown_as_text(app, small_data):
    path = small_data / "outlets.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("North Wind,Северный", "<b>North</b> [x](javascript:alert(1)) Wind,Северный", 1), encoding="utf-8")
    at = app(outlet="north-wind")
    at.switch_page("app_pages/outlet.py").run()
    header = at.header[0].value
    assert "\\<b\\>" in header and "\\[x\\]\\(javascript" in header


def test_jurisdictions_page_links_to_measure_and_answer_instead_of_showing_it(app):
    at = app(as_of="2024-02-02")
    at.switch_page("app_pages/jurisdictions.py").run()
    assert not [df for df in at.dataframe if any("answer" in str(c) for c in df.value.columns)]
    assert [p.proto.page for p in at.get("page_link")] == ["answers"]  # the page link, not the old section


def answers_table(at):
    tables = [df.value for df in at.dataframe if "answer_outlet_label" in df.value.columns]
    assert len(tables) == 1, [list(df.value.columns) for df in at.dataframe]
    return tables[0]


def test_measure_and_answer_page_shows_words_brand_names_and_the_days_between(app):
    at = app(as_of="2024-02-02")
    at.switch_page("app_pages/answers.py").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    table = answers_table(at)
    assert table[["measure_jurisdiction", "measure_designation", "measure_outlet_label", "measure_start_date"]].values.tolist() == [
        ["United States", "FARA registration", "State TV International (State TV Productions LLC)", "2017-11-10"]
    ]  # the brand readers know, with the entity the measure names
    assert table[["answer_jurisdiction", "answer_designation", "answer_outlet_label", "answer_start_date", "days_later"]].values.tolist() == [
        ["Russia", "Foreign agent", "Western Radio", "2017-12-05", 25]
    ]
    assert table[["measure_source_url", "answer_source_url"]].values.tolist() == [["https://example.org/fara", "https://example.org/registry"]]
    sentence = "Pairs shown: 1, measures answered: 1; the answer came a median of 25 days after the measure (from 25 to 25)."
    assert sentence in [shown(m.value) for m in at.markdown]
    assert [b.label for b in at.get("download_button")] == ["CSV", "XLSX", "JSON"]


@pytest.mark.parametrize(("filters", "shown"), [
    ({"jurisdiction": ["RU"]}, True),  # the answer matches
    ({"jurisdiction": ["US"]}, True),  # the measure matches
    ({"jurisdiction": ["EU"]}, False),  # neither
    ({"designation": ["undesirable"]}, False),
])  # fmt: skip
def test_measure_and_answer_page_follows_the_sidebar_filters(app, filters, shown):
    at = app(as_of="2024-02-02", **filters)
    at.switch_page("app_pages/answers.py").run()
    assert not at.exception
    if shown:
        assert len(answers_table(at)) == 1
    else:
        assert not at.dataframe
        assert [i.value for i in at.info][-1] == "No measure and answer matches these filters."


def test_measure_and_answer_selection_links_to_both_profiles(app):
    at = app(as_of="2024-02-02")
    at.switch_page("app_pages/answers.py").run()
    assert at.get("page_link") == []  # nothing selected yet
    state = json.dumps({"selection": {"rows": [0], "columns": [], "cells": []}})
    at.session_state["answers_table"] = json.loads(state)
    at.run()
    links = [(shown(p.proto.label), p.proto.page, p.proto.query_string) for p in at.get("page_link")]
    assert links == [
        ("Open the profile of State TV International (State TV Productions LLC) (measure)", "outlet", "outlet=state-tv-usa"),
        ("Open the profile of Western Radio (answer)", "outlet", "outlet=western-radio"),
    ]


def test_tables_and_widgets_show_words_and_links_keep_codes(app):
    at = app(jurisdiction=["RU"], as_of="2024-02-02")
    at.switch_page("app_pages/explore.py").run()
    rows = explore_rows(at)
    assert set(rows["jurisdiction"]) == {"Russia"}
    assert set(rows["designation"]) == {"Foreign agent", "Undesirable organisation"}
    assert set(rows["status"]) <= {"in force", "ended"} and set(rows["outlet_kind"]) <= {"outlet", "company", "person"}
    cells = rows.astype(str).to_numpy().ravel().tolist()
    assert "None" not in cells and "nan" not in cells and "NaT" not in cells  # blank for missing values
    assert "" in set(rows["end_date"])  # in force: no end date, shown blank
    designation = at.sidebar.multiselect(key="designation")
    assert "Foreign agent · иностранный агент" in designation.options  # the official term: typing it finds the label
    designation.set_value(["foreign_agent"]).run()
    assert at.query_params["designation"] == "foreign_agent" and at.query_params["jurisdiction"] == "RU"  # codes in the link
    assert sorted(explore_rows(at)["designation_id"]) == ["ru-fa-1", "ru-fa-2", "ru-fa-3", "ru-fa-4"]


def test_every_column_is_headed_in_words():
    from ui import columns

    headings = columns.config(["official_terms", "start_date", "outlet_label"], url="Link")
    assert headings == {"official_terms": "Official terms", "start_date": "Start", "outlet_label": "Outlet (as listed)", "url": "Link"}


def test_filters_survive_a_move_to_another_page_and_clear_drops_them_from_the_link(app):
    at = app(jurisdiction=["RU"], status="in_force", as_of="2024-02-02")
    at.switch_page("app_pages/explore.py").run()
    at.query_params.clear()  # the navigation's links carry no parameters
    at.switch_page("app_pages/jurisdictions.py").run()
    assert at.sidebar.multiselect(key="jurisdiction").value == ["RU"]
    assert at.query_params["jurisdiction"] == "RU" and at.query_params["status"] == "in_force"
    at.button(key="clear_filters_sidebar").click().run()
    assert "jurisdiction" not in at.query_params and "status" not in at.query_params
    assert at.sidebar.multiselect(key="jurisdiction").value == []


def test_a_typed_date_applies_and_goes_into_the_link_and_a_bad_one_is_named_and_not_applied(app):
    at = app(jurisdiction=["RU"], as_of="2024-02-02")
    at.switch_page("app_pages/explore.py").run()
    assert len(explore_rows(at)) == 5
    since = at.sidebar.text_input(key="since")
    since.input("2023-1-1").run()  # on Enter (a text input sends on Enter; st.date_input did not)
    assert at.sidebar.text_input(key="since").value == "2023-01-01" and at.query_params["since"] == "2023-01-01"
    assert sorted(explore_rows(at)["designation_id"]) == ["ru-fa-3", "ru-und-10"]
    assert not at.error
    at.sidebar.text_input(key="since").input("2023-02-30").run()
    assert [shown(e.value) for e in at.sidebar.error] == [
        f"Started on or after: '2023-02-30' is not a date from 1938-01-01 to {dt.date.today()}. Write it as YYYY-MM-DD; until then this filter is not applied."
    ]
    assert "since" not in at.query_params and len(explore_rows(at)) == 5  # not applied
    assert at.sidebar.text_input(key="since").value == "2023-02-30"  # kept for the reader to fix
    at.button(key="clear_filters_sidebar").click().run()
    assert at.sidebar.text_input(key="since").value == "" and not at.sidebar.error


def test_a_jurisdiction_panel_draws_its_laws_and_chart_only_when_opened(app):
    """47 closed panels, each with a chart, cost a run ~1.3 s of server CPU and 500 messages: their
    content is made only for an open panel (ui/lazy.py), and then it is all there."""
    at = app()
    at.switch_page("app_pages/jurisdictions.py").run()
    closed_charts = len(at.get("plotly_chart"))
    assert [e.label for e in at.expander][:1] and not any("Laws and measures" in m.value for m in at.markdown)
    at.session_state["jurisdiction_RU"] = True  # what opening the panel sets (its key)
    at.run()
    assert any("Laws and measures" in m.value for m in at.markdown)
    assert len(at.get("plotly_chart")) == closed_charts + 1  # Russia's designations per year
