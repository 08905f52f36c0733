"""registry.year_span: a time axis starts at the data, and a few old starts do not squash the rest."""

from __future__ import annotations

import pandas as pd
import pytest

from registry.year_span import YearSpan, whole, year_span


def starts(years: dict[int, int]) -> pd.Series:
    """year -> how many designations started that year (on 1 March)."""
    return pd.Series([pd.Timestamp(y, 3, 1) for y, n in years.items() for _ in range(n)])


def test_an_old_sparse_start_does_not_stretch_the_axis():
    # the shape of the real data: FARA 1983 and 1996 beside a thousand designations from 2012 on
    dense = {2012: 4, 2014: 6, 2015: 1, 2016: 61, 2017: 36, 2020: 46, 2021: 141, 2022: 267, 2023: 170, 2024: 182}
    span = year_span(starts({1983: 1, 1996: 1, 2005: 1, 2007: 1, **dense}))
    assert span == YearSpan(first=1983, opens=2012, last=2024, before=4)
    assert span.trimmed and span.start == pd.Timestamp(2012, 1, 1)
    assert whole(span) == YearSpan(first=1983, opens=1983, last=2024, before=0)


def test_the_axis_opens_on_the_first_year_when_nothing_would_be_squashed():
    # 2% of the rows in 2015, the rest 2016-2025: leaving out 2015 would save one year of eleven
    span = year_span(starts({2015: 2, **{y: 10 for y in range(2016, 2026)}}))
    assert span == YearSpan(2015, 2015, 2025, 0) and not span.trimmed


def test_a_small_set_is_never_trimmed():
    # 7 rows: 5% of 7 is under one row, so even a lone 1983 is drawn (it is a seventh of the data)
    span = year_span(starts({1983: 1, 2020: 3, 2024: 3}))
    assert span == YearSpan(1983, 1983, 2024, 0)


def test_old_rows_that_are_many_are_drawn():
    # a tenth of the rows in 1990: more than the 5% a chart may leave out
    span = year_span(starts({1990: 10, **{y: 10 for y in range(2016, 2025)}}))
    assert span.opens == 1990 and not span.trimmed


@pytest.mark.parametrize("empty", [pd.Series([], dtype="datetime64[s]"), pd.Series([pd.NaT, pd.NaT])])
def test_no_start_no_span(empty):
    assert year_span(empty) is None


def test_the_years_left_out_are_counted_exactly():
    years = {1980: 1, 1985: 1, 1999: 1, **{y: 20 for y in range(2015, 2025)}}
    span = year_span(starts(years))
    assert span.trimmed
    assert span.before == sum(n for y, n in years.items() if y < span.opens) == 3
    assert span.opens == 2015
