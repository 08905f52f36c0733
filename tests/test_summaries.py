"""The sentence beside each chart (registry.summaries, ui.summaries): it says what the chart's own frame says.

Every number a sentence states is computed here again from the frame, another way, and looked for
in the sentence; the frames are built by the same registry functions the pages call.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import registry
from registry import events, summaries
from registry.year_span import year_span
from ui import summaries as words

NAMES = {"RU": "Russia", "US": "United States", "BY": "Belarus", "EU": "European Union"}
LABELS = {"foreign_agent": "Foreign agent", "undesirable": "Undesirable organisation", "fara_registration": "FARA registration"}


def designations(rows: list[tuple[str, str, str, str | None]]) -> pd.DataFrame:
    """(jurisdiction, designation, start, end) -> rows as registry.select gives them (the columns the charts read)."""
    frame = pd.DataFrame(rows, columns=["jurisdiction", "designation", "start_date", "end_date"])
    return frame.assign(
        start_date=pd.to_datetime(frame["start_date"]),
        end_date=pd.to_datetime(frame["end_date"]),
        outlet_id=[f"o{i % 7}" for i in range(len(frame))],
        designation_id=[f"d{i}" for i in range(len(frame))],
    )


@pytest.fixture
def rows() -> pd.DataFrame:
    """Russia swamps the others; one US FARA registration of 1983 would stretch the axis."""
    data = [("US", "fara_registration", "1983-05-01", None)]
    data += [("RU", "foreign_agent", f"{y}-0{m}-15", None) for y in (2021, 2022, 2022, 2022, 2023) for m in (1, 2, 3, 4)]
    data += [("RU", "undesirable", "2022-06-01", None), ("RU", "undesirable", "2023-06-01", "2024-01-10")]
    data += [("BY", "foreign_agent", "2022-07-01", None), ("BY", "foreign_agent", "2021-07-01", "2022-03-01")]
    data += [("US", "fara_registration", f"2020-0{m}-01", None) for m in (1, 2)]
    return designations(data)


def test_started_by_jurisdiction_names_the_leader_and_the_busiest_year(rows):
    counts = registry.started_per_period(rows, "year", "jurisdiction")
    text = words.started(counts, "jurisdiction", NAMES)
    per_jurisdiction = rows["jurisdiction"].value_counts()
    per_year = rows["start_date"].dt.year.value_counts()
    assert per_jurisdiction.idxmax() == "RU"
    assert text == (
        f"Russia made {per_jurisdiction['RU']} of the {len(rows)} designations shown (1983–2023). "
        f"The busiest year was {per_year.idxmax()} with {per_year.max()}."
    )
    assert "RU" not in text.split()  # names, not codes


def test_started_on_the_span_the_chart_opens_on_leaves_the_old_row_out(rows):
    span = year_span(rows["start_date"])
    assert span.trimmed and span.first == 1983 and span.before == 1
    counts = registry.started_per_period(rows, "year", "designation")
    shown = counts[counts["period"] >= span.start]
    text = words.started(shown, "designation", LABELS)
    drawn = rows[rows["start_date"] >= span.start]
    top = drawn["designation"].value_counts()
    assert text.startswith(f"Foreign agent is the commonest designation: {top['foreign_agent']} of the {len(drawn)} shown ({span.opens}–2023).")
    said = words.left_out(span)
    assert said.startswith(f"Not shown: 1 designation that started in 1983; the chart opens in {span.opens}")
    assert said.endswith("Choose All years to see them.")
    assert words.left_out(span, choice=False).endswith("The table has every year.")
    assert words.left_out(year_span(drawn["start_date"])) == ""  # nothing left out, nothing said


def test_started_with_one_part_or_one_row():
    one = registry.started_per_period(designations([("RU", "undesirable", "2022-06-01", None)]), "year", "jurisdiction")
    assert words.started(one, "jurisdiction", NAMES) == "One designation shown (2022): Russia."
    two = registry.started_per_period(designations([("RU", "undesirable", "2022-06-01", None)] * 2), "year", "jurisdiction")
    assert words.started(two, "jurisdiction", NAMES) == "All 2 designations shown (2022) were made by Russia."
    assert words.started(two.iloc[0:0], "jurisdiction", NAMES) == "No designation started in these years."


def test_in_force_says_the_count_on_the_last_day_and_the_peak(rows):
    end = dt.date(2024, 6, 30)
    series = registry.in_force_over_time(rows, "month", by="jurisdiction", end=end)
    text = words.in_force(series, "jurisdiction", NAMES)
    day = pd.Timestamp(end)
    live = rows[(rows["start_date"] <= day) & ~(rows["end_date"] <= day)]
    assert text.startswith(f"On 30 June 2024, {len(live)} designations were in force. Russia: {(live['jurisdiction'] == 'RU').sum()} of them.")
    totals = series.groupby("date")["in_force"].sum()
    assert totals.max() > len(live)  # the RU undesirable and the BY foreign agent ended: the peak was earlier
    assert text.endswith(f"The most at once was {totals.max()}, on {totals.idxmax():%d %B %Y}.".replace(" 0", " "))
    facts = summaries.in_force(series, "jurisdiction")
    assert facts.now == len(live) and facts.peak == totals.max() and facts.peak_date == totals.idxmax().date()


def test_the_maps_summary_counts_places():
    counts = pd.DataFrame({"code": ["RU", "US", "EU"], "count": [12, 3, 3]})
    assert words.designating_places(counts, NAMES) == "Russia made the most designations: 12 of 18, by 3 jurisdictions in all."
    based = pd.DataFrame({"code": ["BY", "RU"], "count": [4, 4]})  # a tie: the first code in order
    assert words.based_places(based, NAMES) == "Most designated entities with a country recorded are based in Belarus: 4 of 8, in 2 countries in all."
    assert words.designating_places(counts.iloc[0:0], NAMES) == "No designation to map."


def test_the_comparison_names_the_leader_and_its_commonest_designation(rows):
    counts = rows.groupby(["jurisdiction", "designation"]).size().rename("count").reset_index()
    text = words.compared(counts, NAMES, LABELS)
    ru = rows[rows["jurisdiction"] == "RU"]
    assert text == (
        f"Russia made {len(ru)} of the {len(rows)} designations shown ({rows['jurisdiction'].nunique()} jurisdictions), "
        f"{(ru['designation'] == 'foreign_agent').sum()} of them Foreign agent."
    )


def test_what_changed_counts_starts_and_ends(rows):
    found = events.events(rows, dt.date(2022, 1, 1), dt.date(2024, 12, 31))
    counts = events.event_counts(found, "jurisdiction")
    text = words.changed(counts, "jurisdiction", NAMES)
    started = found[found["event"] == "started"]
    ended = found[found["event"] == "ended"]
    assert text.startswith(f"{len(started)} designations started and {len(ended)} ended in the period.")
    assert f"Most starts: Russia ({(started['jurisdiction'] == 'RU').sum()})." in text
    # one end each for Belarus and Russia: the first in order on a tie
    assert text.endswith("Most ends: Belarus (1).")


def test_a_profile_summary(rows):
    mine = rows[rows["jurisdiction"].isin(["BY", "US"])]
    text = words.profile(mine, dt.date(2022, 12, 31), NAMES)
    assert text == "5 designations by 2 jurisdictions, the first on 1 May 1983 (United States); 4 in force on 31 December 2022."


def test_summaries_never_import_streamlit():
    from pathlib import Path

    for module in (summaries, words):
        assert "streamlit" not in Path(module.__file__).read_text(encoding="utf-8")
