"""Outlet roll-up: each designation's brand, a brand's profile with every entity under it, ranked search."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import registry
from registry import rollup
from registry.query import Filters
from registry.search_keys import rank

AS_OF = dt.date(2025, 1, 1)


def outlets(*rows: tuple[str, str | None, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "parent_id", "kind"])


def test_the_brand_is_the_top_of_the_parent_chain():
    frame = outlets(("rt", None, "outlet"), ("rt-america", "rt", "outlet"), ("t-and-r", "rt-america", "company"), ("lone", None, "outlet"))
    assert rollup.brands(frame).to_dict() == {"rt": "rt", "rt-america": "rt", "t-and-r": "rt", "lone": "lone"}


def test_a_person_is_their_own_brand_and_loops_or_unknown_parents_stop():
    frame = outlets(("a", "b", "outlet"), ("b", "a", "company"), ("c", "nowhere", "company"), ("p", "a", "journalist"))
    got = rollup.brands(frame).to_dict()
    assert got["p"] == "p"  # a measure against a journalist is not a measure against the outlet
    assert got["c"] == "c"
    assert {got["a"], got["b"]} <= {"a", "b"}  # a loop ends instead of hanging


def test_under_lists_children_and_grandchildren_nearest_first():
    frame = outlets(("rt", None, "outlet"), ("rt-america", "rt", "outlet"), ("t-and-r", "rt-america", "company"), ("rt-uk", "rt", "outlet"))
    assert rollup.under(frame, "rt") == ["rt-america", "rt-uk", "t-and-r"]
    assert rollup.under(frame, "t-and-r") == []


@pytest.mark.parametrize(
    "name, brand, shown",
    [
        ("SIA Medusa Project", "Meduza", "Meduza (SIA Medusa Project)"),
        ("T&R Productions LLC", "RT", "RT (T&R Productions LLC)"),
        ("RT America", "RT", "RT America"),  # already says its brand
        ("RT", "RT", "RT"),
        ("RT", None, "RT"),
        (None, "RT", "RT"),
    ],
)
def test_label_names_the_brand_then_the_entity_listed(name, brand, shown):
    assert rollup.label(name, brand) == shown


def test_results_carry_the_brand(small_reg):
    rows = registry.select(small_reg, Filters(as_of=AS_OF)).set_index("designation_id")
    assert rows.at["ru-fa-1", "outlet_label"] == "North Wind (SIA North Wind Media)"
    assert rows.at["ru-fa-1", "brand_id"] == "north-wind"
    assert rows.at["us-fara-6485", "outlet_label"] == "State TV International (State TV Productions LLC)"
    assert rows.at["ru-fa-2", "outlet_label"] == "Ivan Petrov"  # a journalist stays themselves
    assert rows.at["ru-und-10", "outlet_label"] == "North Wind"
    assert "brand_id" not in registry.EXPORT_COLUMNS  # downloads keep their columns


def test_a_brand_profile_lists_the_designations_of_every_entity_under_it(small_reg):
    profile = registry.outlet_profile(small_reg, "state-tv", as_of=AS_OF)
    assert list(profile.designations["designation_id"]) == ["eu-bb-state-tv"]
    assert list(profile.rolled_up["designation_id"]) == ["us-fara-6485", "eu-bb-state-tv"]  # by start date
    assert profile.rolled_up["source_url"].notna().all()
    north = registry.outlet_profile(small_reg, "north-wind", as_of=AS_OF)
    assert set(north.rolled_up["designation_id"]) == {"ru-und-10", "ru-fa-1", "ru-fa-2", "ru-fa-3"}
    child = registry.outlet_profile(small_reg, "north-wind-sia", as_of=AS_OF)
    assert list(child.rolled_up["designation_id"]) == ["ru-fa-1"]


@pytest.mark.parametrize(
    "names, query, expected",
    [
        (["RT", "Russia Today"], "RT", 0),
        (["RT America"], "RT", 1),
        (["Medusa Project", "SIA Medusa Project"], "medusa", 1),
        (["SIA Medusa Project"], "medusa", 2),
        (["Radio Free Europe"], "eur", 3),
        (["Meduza"], "edu", 4),
        (["Meduza", "Медуза"], "Медуза", 0),
    ],
)
def test_rank_prefers_exact_then_prefix_then_whole_words(names, query, expected):
    assert rank(names, query) == expected


def test_a_short_query_matches_only_at_the_start_of_a_word(small_reg):
    found = set(registry.select(small_reg, Filters(q="wr", as_of=AS_OF))["outlet_id"])
    assert found == {"western-radio"}  # its alias WR, a whole word
    assert registry.select(small_reg, Filters(q="ind", as_of=AS_OF)).empty  # inside "Wind": a fragment of 3 letters
    assert not registry.select(small_reg, Filters(q="wind", as_of=AS_OF)).empty  # four letters may be a fragment or a word


def test_search_results_rank_the_exact_name_first(small_reg):
    rows = registry.select(small_reg, Filters(q="North Wind", as_of=AS_OF))
    # North Wind itself (an exact name) first, though its company's listing is older and newer rows exist
    assert rows["outlet_id"].iloc[0] in {"north-wind", "north-wind-sia"}
    assert list(rows["designation_id"][:1]) == ["ru-und-10"]


def test_on_the_real_data_rt_is_not_found_inside_arte_and_meduza_leads(real_reg):
    rt = registry.select(real_reg, Filters(q="RT"))
    assert "arte" not in set(rt["outlet_id"])
    assert set(rt["brand_id"].iloc[:1]) == {"rt"}
    for q in ("Meduza", "Медуза"):
        rows = registry.select(real_reg, Filters(q=q))
        assert rows["outlet_label"].iloc[0].startswith("Meduza")
        assert "Meduza (SIA Medusa Project)" in set(rows["outlet_label"])
