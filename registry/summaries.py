"""What a chart shows, in a few numbers: the facts its text summary states (ui.summaries words them).

Each function takes the very frame its chart is drawn from, so the sentence beside a chart and
the chart cannot disagree. Codes stay codes here; the reader's words come from the vocabulary.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Share:
    """The largest part of a total: `top` has `count` of `total`, among `parts` parts."""

    top: str
    count: int
    total: int
    parts: int


def _share(counts: pd.Series) -> Share | None:
    """counts: part code -> count. The largest (the first code in order on a tie)."""
    counts = counts[counts > 0]
    if counts.empty:
        return None
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    return Share(str(counts.index[0]), int(counts.iloc[0]), int(counts.sum()), len(counts))


@dataclass(frozen=True)
class Starts:
    """Designations started per year (registry.started_per_period): who made most, and the busiest year."""

    share: Share
    first_year: int
    last_year: int
    busiest_year: int  # the earliest on a tie
    busiest_count: int


def starts(counts: pd.DataFrame, by: str) -> Starts | None:
    """counts: columns period, <by>, count."""
    if counts.empty or counts["count"].sum() == 0:
        return None
    share = _share(counts.groupby(counts[by].astype(str), observed=True)["count"].sum())
    per_year = counts.groupby(counts["period"].dt.year)["count"].sum().sort_index()
    busiest = per_year.idxmax()  # the first of the maxima: the earliest year
    assert share is not None
    return Starts(share, int(per_year.index.min()), int(per_year.index.max()), int(busiest), int(per_year[busiest]))


@dataclass(frozen=True)
class InForce:
    """Designations in force over time (registry.in_force_over_time): now, by whom, and the most at once."""

    date: dt.date  # the last date of the series
    now: int
    share: Share | None  # the largest part on that date (None without a split, or when none is in force)
    peak: int
    peak_date: dt.date  # the earliest date the peak was reached


def in_force(series: pd.DataFrame, by: str | None) -> InForce | None:
    """series: columns date, [<by>], in_force."""
    if series.empty:
        return None
    total = series.groupby("date")["in_force"].sum().sort_index()
    last = total.index.max()
    peak_at = total.idxmax()
    share = None
    if by:
        on_last = series[series["date"] == last]
        share = _share(on_last.groupby(on_last[by].astype(str))["in_force"].sum())
    return InForce(last.date(), int(total[last]), share, int(total[peak_at]), peak_at.date())


def places(counts: pd.DataFrame) -> Share | None:
    """A map's counts (columns code, count): the place with most, of how many."""
    if counts.empty:
        return None
    return _share(counts.set_index(counts["code"].astype(str))["count"])


@dataclass(frozen=True)
class Comparison:
    """Designations by jurisdiction and type: the jurisdiction with most, and its commonest type."""

    share: Share
    main_designation: str
    main_count: int


def comparison(counts: pd.DataFrame) -> Comparison | None:
    """counts: columns jurisdiction, designation, count."""
    share = _share(counts.groupby(counts["jurisdiction"].astype(str), observed=True)["count"].sum()) if not counts.empty else None
    if share is None:
        return None
    mine = counts[counts["jurisdiction"].astype(str) == share.top]
    main = _share(mine.groupby(mine["designation"].astype(str), observed=True)["count"].sum())
    assert main is not None
    return Comparison(share, main.top, main.count)


@dataclass(frozen=True)
class Changes:
    """Starts and ends in a period (registry.events.event_counts): totals, and who started most."""

    started: int
    ended: int
    most_started: Share | None
    most_ended: Share | None


def changes(counts: pd.DataFrame, by: str) -> Changes | None:
    """counts: columns <by>, started, ended."""
    if counts.empty:
        return None
    keyed = counts.set_index(counts[by].astype(str))
    return Changes(int(keyed["started"].sum()), int(keyed["ended"].sum()), _share(keyed["started"]), _share(keyed["ended"]))


@dataclass(frozen=True)
class Profile:
    """An outlet's timeline: how many designations, by how many jurisdictions, the first, and how many in force."""

    designations: int
    jurisdictions: int
    first_date: dt.date
    first_jurisdiction: str
    in_force: int


def profile(rows: pd.DataFrame, as_of: dt.date) -> Profile | None:
    """rows: the designations on an outlet's timeline (columns jurisdiction, start_date, end_date)."""
    rows = rows.dropna(subset=["start_date"])
    if rows.empty:
        return None
    first = rows.sort_values(["start_date", "jurisdiction"], kind="stable").iloc[0]
    day = pd.Timestamp(as_of)
    live = (rows["start_date"] <= day) & ~(rows["end_date"] <= day)
    return Profile(len(rows), int(rows["jurisdiction"].nunique()), first["start_date"].date(), str(first["jurisdiction"]), int(live.sum()))
