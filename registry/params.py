"""Every URL parameter of the dashboard, and the facet names the CLI and the dashboard share.

The one place that says what a link may carry: each parameter's name, type, where it applies, its
default, and what the reader is told when a value is dropped or read differently. The dashboard's
widgets are bound to these names (`bind="query-params"`); the notices come from `notice()`, so every
page says the same thing about the same value. Pure Python: the HTTP routes can use it too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from registry.dates import parse_date

STATUSES = ("in_force", "ended")
EARLIEST = dt.date(1938, 1, 1)  # the US FARA dates from 1938: no date in a link may be earlier
MAX_QUERY = 200  # characters of a search
SHOWN = 40  # characters of a value repeated back in a notice
OVERVIEW_VIEWS = ("At a glance", "Timeline", "In force over time", "Maps")
SPLITS = ("designation", "jurisdiction")  # what the Overview's charts split their counts by
SUB_TABS = ("Chart", "Table")  # a chart and the table beside it
LANGS = ("en", "ru")  # the interface's languages (ui/i18n.py); links keep codes and English values in every language
BARS = ("stacked", "grouped", "panels")  # a split bar chart: parts stacked, side by side, or one small panel each
SCALES = ("shared", "own")  # small multiples: every panel on the same scale, or each on its own
YEARS = ("recent", "all")  # time axes: open on the years that hold most of the data, or on the first start
MAP_AREAS = ("world", "europe")  # the Overview's maps


@dataclass(frozen=True)
class Facet:
    """A multi-valued filter: its URL parameter (and CLI option), the `Filters` field, the table column."""

    name: str
    field: str
    column: str
    label: str  # the sidebar's heading
    help: str  # the command line's
    metavar: str

    @property
    def option(self) -> str:
        """The command line's spelling: --outlet-country."""
        return "--" + self.name.replace("_", "-")


FACETS: tuple[Facet, ...] = (
    Facet("jurisdiction", "jurisdictions", "jurisdiction", "Designating jurisdiction", "designating jurisdiction code", "J"),
    Facet("designation", "designations", "designation", "Designation", "designation code", "D"),
    Facet("outlet_country", "outlet_countries", "outlet_country", "Outlet's country", "outlet's country code", "C"),
    Facet("kind", "kinds", "outlet_kind", "Kind of entity", "outlet kind: outlet, company, journalist", "K"),
)

Kind = Literal["codes", "choice", "date", "text", "id"]


@dataclass(frozen=True)
class Param:
    """One URL parameter. `page` is the route it applies on ("" = every page: the sidebar's filters)."""

    name: str
    kind: Kind
    meaning: str
    page: str = ""
    default: str = ""  # as said to people; the value itself is the widget's
    choices: tuple[str, ...] = ()  # for "choice"; "codes" and "id" take theirs from the data


PARAMS: dict[str, Param] = {
    p.name: p
    for p in (
        *(Param(f.name, "codes", f.label) for f in FACETS),
        Param("status", "choice", "status on the as_of date", choices=STATUSES, default="any"),
        Param("as_of", "date", "the date status is computed for", default="today"),
        Param("since", "date", "designations started on or after"),
        Param("until", "date", "designations started on or before"),
        Param("q", "text", "search in names, native names and aliases, in any script"),
        Param("view", "choice", "the Overview's open tab", page="/", choices=OVERVIEW_VIEWS, default=OVERVIEW_VIEWS[0]),
        Param("split", "choice", "the Overview's Timeline and In force charts: counts split by", page="/", choices=SPLITS, default=SPLITS[0]),
        Param("sub", "choice", "the open chart's Chart or Table tab (Overview, Jurisdictions, an outlet profile, What changed)", choices=SUB_TABS, default=SUB_TABS[0]),
        Param("bars", "choice", "the Overview's Timeline and the Jurisdictions chart: parts stacked, grouped side by side, or small multiples (panels)", choices=BARS, default=BARS[0]),
        Param("scale", "choice", "small multiples (bars=panels): every panel on the shared scale, or each on its own", choices=SCALES, default=SCALES[0]),
        Param("years", "choice", "the Overview's Timeline and In force axes: open on the recent years that hold most designations (the older ones said under the chart), or all years", page="/", choices=YEARS, default=YEARS[0]),
        Param("map", "choice", "the Overview's Maps: the world or Europe", page="/", choices=MAP_AREAS, default=MAP_AREAS[0]),
        Param("outlet", "id", "the outlet's id", page="/outlet"),
        Param("changed_since", "date", "changed on or after", page="/changes", default="90 days before the newest start or end"),
        Param("changed_until", "date", "changed on or before", page="/changes", default="today"),
        Param("sidebar", "choice", "collapsed: start with the filters folded away (the embed snippet's links)", choices=("collapsed",)),
        Param("lang", "choice", "the interface's language: en (English) or ru (Russian)", choices=LANGS, default=LANGS[0]),
        Param("embed", "choice", "Streamlit's own embed mode (no menu), read by Streamlit itself", choices=("true",)),
    )
}

_LINK_DATE = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})")


def date_in_link(text: str, today: dt.date | None = None) -> dt.date | None:
    """A date as a link may write it, the forms the date widgets read: 2024-01-05, also 2024-1-5 and
    2024/01/05; None for anything else (20240105, 2024-W01-1, 2024-02-30) and outside EARLIEST to today."""
    day = _calendar_date(text)
    return day if day is not None and EARLIEST <= day <= (today or dt.date.today()) else None


def _calendar_date(text: str) -> dt.date | None:
    """2024-1-5 and 2024/01/05 written out as 2024-01-05, then read by the one date parser (registry.dates)."""
    match = _LINK_DATE.fullmatch(text.strip())
    if not match:
        return None
    return parse_date(f"{match[1]}-{int(match[3]):02d}-{int(match[4]):02d}")


def _shown(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# What the reader is told, as templates: the dashboard shows them in the reader's language (the
# catalogue's msgids are these very strings, ui/i18n.translated); notice() gives the English sentence.
NOTICES = {
    "unknown_codes": "Ignored unknown {name} value(s) in the link: {values}.",
    "repeated_used": "{name} appears {count} times in the link; {used} is used, the rest ignored.",
    "repeated_ignored": "{name} appears {count} times in the link; all were ignored.",
    "cut": "The search text was cut to {limit} characters.",
    "bad_choice": "Ignored {name} {value}: use {choices} or {last}.",
    "unknown_id": "Ignored unknown {name} {value} in the link.",
    "date_outside": "Ignored {name} {value}: it is outside {earliest} to today.",
    "date_form": "Ignored {name} {value}: dates are written YYYY-MM-DD.",
    "date_read": "Read {name} {value} as {day}: dates are written YYYY-MM-DD.",
    "unknown_codes_more": "Ignored unknown {name} value(s) in the link: {values} and {more} more.",
}


@dataclass(frozen=True)
class Notice:
    """One notice: its template (a value of NOTICES) and the values formatted into it."""

    template: str
    values: dict[str, object]

    def text(self) -> str:
        return self.template.format(**self.values)


def notice(name: str, values: Sequence[str], used: object = None, allowed: Collection[str] | None = None) -> str | None:
    """What to tell the reader about the values a link gave `name` (in English), or None when they were taken as given.

    `values` are the link's (st.query_params.get_all(name)); `used` is what the page then used (for a
    repeated single value); `allowed` the codes or ids of the data (for "codes" and "id").
    """
    found = notice_of(name, values, used, allowed)
    return found.text() if found else None


def notice_of(name: str, values: Sequence[str], used: object = None, allowed: Collection[str] | None = None) -> Notice | None:
    """notice() as a template and its values, for an interface that says it in another language."""
    param = PARAMS[name]
    values = [v for v in values if v]
    if not values:
        return None
    if param.kind == "codes":
        bad = [v for v in values if allowed is not None and v not in allowed]
        if not bad:
            return None
        listed = ", ".join(repr(v[:SHOWN]) for v in bad[:5])
        if len(bad) > 5:
            return Notice(NOTICES["unknown_codes_more"], {"name": name, "values": listed, "more": len(bad) - 5})
        return Notice(NOTICES["unknown_codes"], {"name": name, "values": listed})
    if len(values) > 1:
        if used:
            return Notice(NOTICES["repeated_used"], {"name": name, "count": len(values), "used": repr(_shown(used)[:SHOWN])})
        return Notice(NOTICES["repeated_ignored"], {"name": name, "count": len(values)})
    value = values[0]
    quoted = repr(value[:SHOWN])
    if param.kind == "text":
        return Notice(NOTICES["cut"], {"limit": MAX_QUERY}) if len(value) > MAX_QUERY else None
    if param.kind == "choice" and value not in param.choices:
        return Notice(
            NOTICES["bad_choice"], {"name": name, "value": quoted, "choices": ", ".join(param.choices[:-1]), "last": param.choices[-1]}
        )
    if param.kind == "id" and allowed is not None and value not in allowed:
        return Notice(NOTICES["unknown_id"], {"name": name, "value": repr(value[:60])})
    if param.kind == "date":
        day = _calendar_date(value)
        if date_in_link(value) is None:
            if day:
                return Notice(NOTICES["date_outside"], {"name": name, "value": quoted, "earliest": EARLIEST.isoformat()})
            return Notice(NOTICES["date_form"], {"name": name, "value": quoted})
        if value != _shown(day):
            return Notice(NOTICES["date_read"], {"name": name, "value": quoted, "day": _shown(day)})
    return None
