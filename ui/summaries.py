"""The sentence beside each chart: its answer in words, for a screen reader, a phone, or a quick look.

Pure functions (no Streamlit): the numbers come from registry.summaries, computed on the frame the
chart is drawn from; the words for codes from `words` (ui.labels); every sentence through ui.i18n.t.
Pages show the result with ui.safe_text.plain (names are data).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from registry import summaries
from registry.year_span import YearSpan
from ui.i18n import t


def _word(words: dict[str, str], code: str) -> str:
    return words.get(code, code)


def _day(day: dt.date) -> str:
    return f"{day:%d %B %Y}".lstrip("0")


def started(counts: pd.DataFrame, by: str, words: dict[str, str]) -> str:
    """Designations started per year, split by jurisdiction or designation (the Timeline)."""
    facts = summaries.starts(counts, by)
    if facts is None:
        return t("No designation started in these years.")
    s = facts.share
    years = str(facts.first_year) if facts.first_year == facts.last_year else f"{facts.first_year}–{facts.last_year}"
    name = _word(words, s.top)
    if s.total == 1:
        return t("One designation shown ({years}): {name}.", years=years, name=name)
    if s.parts == 1 and by == "jurisdiction":
        first = t("All {total:,} designations shown ({years}) were made by {name}.", total=s.total, years=years, name=name)
    elif s.parts == 1:
        first = t("All {total:,} designations shown ({years}) are of one type: {name}.", total=s.total, years=years, name=name)
    elif by == "jurisdiction":
        first = t("{name} made {count:,} of the {total:,} designations shown ({years}).", name=name, count=s.count, total=s.total, years=years)
    else:
        first = t("{name} is the commonest designation: {count:,} of the {total:,} shown ({years}).", name=name, count=s.count, total=s.total, years=years)
    if facts.first_year == facts.last_year:
        return first
    return first + " " + t("The busiest year was {year} with {count:,}.", year=facts.busiest_year, count=facts.busiest_count)


def in_force(series: pd.DataFrame, by: str | None, words: dict[str, str]) -> str:
    """Designations in force over time."""
    facts = summaries.in_force(series, by)
    if facts is None:
        return t("No designation was in force in these years.")
    text = t("On {date}, {now:,} designations were in force.", date=_day(facts.date), now=facts.now)
    if facts.share is not None and facts.share.parts > 1:
        text += " " + t("{name}: {count:,} of them.", name=_word(words, facts.share.top), count=facts.share.count)
    if facts.peak > facts.now:
        text += " " + t("The most at once was {peak:,}, on {date}.", peak=facts.peak, date=_day(facts.peak_date))
    return text


def designating_places(counts: pd.DataFrame, words: dict[str, str]) -> str:
    """The map of designating jurisdictions (columns code, count)."""
    s = summaries.places(counts)
    if s is None:
        return t("No designation to map.")
    return t("{name} made the most designations: {count:,} of {total:,}, by {parts:,} jurisdictions in all.", name=_word(words, s.top), count=s.count, total=s.total, parts=s.parts)


def based_places(counts: pd.DataFrame, words: dict[str, str]) -> str:
    """The map of where the designated are based (columns code, count: entities per country)."""
    s = summaries.places(counts)
    if s is None:
        return t("No designated entity has a country recorded.")
    return t("Most designated entities with a country recorded are based in {name}: {count:,} of {total:,}, in {parts:,} countries in all.", name=_word(words, s.top), count=s.count, total=s.total, parts=s.parts)


def compared(counts: pd.DataFrame, names: dict[str, str], labels: dict[str, str]) -> str:
    """Designations by jurisdiction and type (the Jurisdictions chart)."""
    facts = summaries.comparison(counts)
    if facts is None:
        return t("No designation matches the filters.")
    s = facts.share
    return t(
        "{name} made {count:,} of the {total:,} designations shown ({parts:,} jurisdictions), {main:,} of them {label}.",
        name=_word(names, s.top), count=s.count, total=s.total, parts=s.parts, main=facts.main_count, label=_word(labels, facts.main_designation),
    )  # fmt: skip


def changed(counts: pd.DataFrame, by: str, words: dict[str, str]) -> str:
    """Starts and ends in a period, by jurisdiction or designation (What changed)."""
    facts = summaries.changes(counts, by)
    if facts is None:
        return t("No designation started or ended in the period.")
    text = t("{started:,} designations started and {ended:,} ended in the period.", started=facts.started, ended=facts.ended)
    if facts.most_started is not None:
        text += " " + t("Most starts: {name} ({count:,}).", name=_word(words, facts.most_started.top), count=facts.most_started.count)
    if facts.most_ended is not None:
        text += " " + t("Most ends: {name} ({count:,}).", name=_word(words, facts.most_ended.top), count=facts.most_ended.count)
    return text


def profile(rows: pd.DataFrame, as_of: dt.date, names: dict[str, str]) -> str:
    """An outlet's timeline."""
    facts = summaries.profile(rows, as_of)
    if facts is None:
        return t("No designation on this timeline.")
    return t(
        "{n:,} designations by {k:,} jurisdictions, the first on {date} ({name}); {live:,} in force on {as_of}.",
        n=facts.designations, k=facts.jurisdictions, date=_day(facts.first_date), name=_word(names, facts.first_jurisdiction), live=facts.in_force, as_of=_day(as_of),
    )  # fmt: skip


def left_out(span: YearSpan, what: str = "started", choice: bool = True) -> str:
    """What a time chart opened on the dense years does not draw ("" when it draws every year).

    what: "started" (bars of starts per year) or "in_force" (a running count: the earlier starts still
    in force are in it); choice: whether the page offers All years, else the table has them."""
    if not span.trimmed:
        return ""
    if what == "in_force":
        text = t(
            "The chart opens in {opens}, where most of the data is: {before:,} designations started earlier (the first in {first}); those still in force then are counted from {opens} on.",
            opens=span.opens, before=span.before, first=span.first,
        )  # fmt: skip
    elif span.before == 1:
        text = t("Not shown: 1 designation that started in {first}; the chart opens in {opens}, where most of the data is.", first=span.first, opens=span.opens)
    else:
        text = t(
            "Not shown: {before:,} designations that started before {opens} (the first in {first}); the chart opens where most of the data is.",
            before=span.before, opens=span.opens, first=span.first,
        )  # fmt: skip
    return text + " " + (t("Choose All years to see them.") if choice else t("The table has every year."))
