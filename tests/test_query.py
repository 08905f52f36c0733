"""The query API on the fictional fixture: filters, status on a date, search, facets, timelines, profiles."""

import datetime as dt

import pandas as pd
import pytest

import registry
from registry import Filters


def ids(rows):
    return sorted(rows["designation_id"])


def test_status_on_a_date(small_reg):
    rows = registry.select(small_reg, Filters(as_of=dt.date(2023, 11, 10)))
    status = dict(zip(rows["designation_id"], rows["status"]))
    # ended on the day itself counts as ended; not yet started is absent
    assert status["ru-fa-2"] == "ended"
    assert "ru-fa-3" not in status
    assert status["ru-fa-1"] == "in_force"
    assert status["us-fara-6485"] == "ended"
    day_before = registry.select(small_reg, Filters(as_of=dt.date(2023, 11, 9)))
    assert dict(zip(day_before["designation_id"], day_before["status"]))["ru-fa-2"] == "in_force"


def test_filters_combine(small_reg):
    f = Filters(jurisdictions=("RU",), designations=("foreign_agent",), status="in_force", as_of=dt.date(2025, 1, 1))
    assert ids(registry.select(small_reg, f)) == ["ru-fa-1", "ru-fa-3", "ru-fa-4"]
    assert ids(registry.select(small_reg, Filters(outlet_countries=("LV",)))) == ["ru-fa-1", "ru-und-10"]
    assert ids(registry.select(small_reg, Filters(kinds=("journalist",)))) == ["ru-fa-2", "ru-fa-3"]
    assert ids(registry.select(small_reg, Filters(since=dt.date(2022, 1, 1), until=dt.date(2022, 12, 31)))) == ["eu-bb-state-tv", "ru-fa-2"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Северный ветер", ["ru-fa-1", "ru-und-10"]),  # native script
        ("severny veter", ["ru-fa-1", "ru-und-10"]),  # transliterated alias
        ("Severnyi Veter", ["ru-fa-1", "ru-und-10"]),  # another romanisation
        ("СЕВЕРНЫЙ", ["ru-fa-1", "ru-und-10"]),  # case
        ("Петров", ["ru-fa-2", "ru-fa-3"]),  # Cyrillic finds the Latin name too
        ("petrov", ["ru-fa-2", "ru-fa-3"]),
        ("Государственное", ["eu-bb-state-tv", "us-fara-6485"]),  # the brand's native name finds its US company
        ("North Wind", ["ru-fa-1", "ru-fa-2", "ru-fa-3", "ru-und-10"]),  # the brand finds its company and journalist
        ("nothing like this", []),
    ],
)
def test_search_ignores_case_and_script(small_reg, query, expected):
    assert ids(registry.select(small_reg, Filters(q=query, as_of=dt.date(2025, 1, 1)))) == expected


def test_facet_counts_ignore_their_own_filter(small_reg):
    f = Filters(jurisdictions=("RU",), designations=("undesirable",), as_of=dt.date(2025, 1, 1))
    by_jurisdiction = registry.facet_counts(small_reg, f, "jurisdictions")
    assert by_jurisdiction.to_dict() == {"RU": 1, "EU": 0, "US": 0}
    by_designation = registry.facet_counts(small_reg, f, "designations")
    assert by_designation["foreign_agent"] == 4 and by_designation["undesirable"] == 1
    by_status = registry.facet_counts(small_reg, Filters(as_of=dt.date(2025, 1, 1)), "status")
    assert by_status.to_dict() == {"in_force": 5, "ended": 2}


def test_started_per_year_and_month(small_reg):
    rows = registry.select(small_reg, Filters(as_of=dt.date(2025, 1, 1)))
    yearly = registry.started_per_period(rows, "year", "jurisdiction")
    assert yearly[yearly["jurisdiction"] == "RU"].set_index("period")["count"].to_dict() == {
        pd.Timestamp("2017-01-01"): 1,
        pd.Timestamp("2021-01-01"): 1,
        pd.Timestamp("2022-01-01"): 1,
        pd.Timestamp("2023-01-01"): 1,
        pd.Timestamp("2024-01-01"): 1,
    }
    monthly = registry.started_per_period(rows, "month", "designation")
    assert monthly["count"].sum() == len(rows)
    assert pd.Timestamp("2022-09-01") in set(monthly["period"])


def test_in_force_over_time_matches_status_counts(small_reg):
    rows = registry.select(small_reg, Filters(as_of=dt.date(2025, 1, 1)))
    series = registry.in_force_over_time(rows, "month", end=dt.date(2025, 1, 1))
    for day in (dt.date(2017, 12, 31), dt.date(2022, 6, 30), dt.date(2023, 11, 30), dt.date(2025, 1, 1)):
        expected = (registry.select(small_reg, Filters(as_of=day))["status"] == "in_force").sum()
        assert series.set_index("date").loc[pd.Timestamp(day), "in_force"] == expected, day
    by = registry.in_force_over_time(rows, "year", by="designation", end=dt.date(2025, 1, 1))
    assert set(by.columns) == {"date", "designation", "in_force"}


def test_outlet_profile(small_reg):
    p = registry.outlet_profile(small_reg, "north-wind", as_of=dt.date(2025, 1, 1))
    assert p.outlet["name"] == "North Wind"
    assert ids(p.designations) == ["ru-und-10"]
    assert sorted(p.children["id"]) == ["ivan-petrov", "north-wind-sia"]
    assert ids(p.related_designations) == ["ru-fa-1", "ru-fa-2", "ru-fa-3"]
    child = registry.outlet_profile(small_reg, "north-wind-sia")
    assert child.parent["id"] == "north-wind" and list(child.siblings["id"]) == ["ivan-petrov"]
    answered = registry.outlet_profile(small_reg, "state-tv-usa")
    assert ids(answered.responses) == ["ru-fa-4"]
    with pytest.raises(KeyError, match="outlet: 'nobody'"):
        registry.outlet_profile(small_reg, "nobody")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"status": "active"}, "status: 'active'"),
        ({"since": dt.date(2024, 1, 1), "until": dt.date(2023, 1, 1)}, "since/until"),
        ({"jurisdictions": "RU"}, "jurisdictions"),
        ({"as_of": "2024-01-01"}, "as_of"),
    ],
)
def test_bad_filters_name_the_parameter(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Filters(**kwargs)


def test_measure_and_answer(small_reg):
    from registry.reciprocity import measure_and_answer

    pairs = measure_and_answer(small_reg)
    assert pairs[["measure_designation_id", "answer_designation_id", "days_later"]].values.tolist() == [["us-fara-6485", "ru-fa-4", 25]]
    assert pairs.loc[0, "measure_jurisdiction"] == "US" and pairs.loc[0, "answer_outlet_name"] == "Western Radio"
