"""The shared sidebar filters. Each widget is bound to a URL parameter, so the URL is the state.

The parameters (jurisdiction, designation, outlet_country, kind, status, as_of, since, until, q), their
types and notices are declared in registry.params, a public contract listed in the README.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

import registry
from registry.params import EARLIEST, FACETS, MAX_QUERY, STATUSES
from registry.query import Filters
from ui import cache, url
from ui.safe_text import plain

DATES = {"as_of": "Status on (default: today)", "since": "Started on or after", "until": "Started on or before"}
SINGLE = ("status", *DATES, "q")  # URL parameters that take one value


@dataclass(frozen=True)
class Chosen:
    filters: Filters
    notices: tuple[str, ...]


def _counts_caption(counts, chosen: list[str]) -> str:
    """The counts each choice would give, largest first; "…" only when more non-zero choices are hidden."""
    visible = [f"{code} {n:,}" for code, n in counts.items() if n or code in chosen]
    return " · ".join(visible[:10]) + (" …" if len(visible) > 10 else "")


def sidebar(reg: registry.Registry) -> Chosen:
    """Draw the filters in the sidebar and return what they ask for (with notices for dropped URL values)."""
    options = {f.name: reg.index.values(f.column) for f in FACETS}  # sorted values present, kept by the index
    notices = [url.notice(name, allowed=allowed) for name, allowed in options.items()]
    given = {key: url.values(key) for key in SINGLE}  # before the widgets normalise the URL
    names = dict(zip(reg.countries["code"], reg.countries["name"]))
    labels = dict(zip(reg.designation_types["code"], reg.designation_types["label"]))
    help_text = {
        "jurisdiction": "; ".join(f"{c}: {names.get(c, c)}" for c in options["jurisdiction"]),
        "designation": "; ".join(f"{c}: {labels.get(c, c)}" for c in options["designation"]),
        "outlet_country": "; ".join(f"{c}: {names.get(c, c)}" for c in options["outlet_country"]),
        "kind": "outlet: a news organisation or project; company: a legal entity running one; journalist: a person",
    }
    captions = {}
    with st.sidebar:
        st.header("Filters")
        q = st.text_input("Search names (any script)", key="q", bind="query-params", max_chars=MAX_QUERY, placeholder="e.g. Meduza or Медуза")
        for f in FACETS:
            st.multiselect(f.label, options[f.name], key=f.name, bind="query-params", placeholder="All", help=help_text[f.name])
            captions[f.name] = st.empty()
        status = st.selectbox("Status on the date", STATUSES, index=None, key="status", bind="query-params", placeholder="Any (in_force or ended)")
        captions["status"] = st.empty()
        today = dt.date.today()
        days = {key: st.date_input(label, value=None, min_value=EARLIEST, max_value=today, key=key, bind="query-params", format="YYYY-MM-DD") for key, label in DATES.items()}
        used = {"status": status, "q": q, **days}
        notices += [url.notice(key, used[key], given=given[key]) for key in SINGLE]
        if days["since"] and days["until"] and days["since"] > days["until"]:
            notices.append(f"'Started on or after' ({days['since']}) is later than 'started on or before' ({days['until']}): that date range is ignored.")
            days["since"] = days["until"] = None
        filters = Filters(
            **{f.field: tuple(st.session_state.get(f.name) or ()) for f in FACETS},
            status=status,
            as_of=days["as_of"],
            since=days["since"],
            until=days["until"],
            q=(q or "")[:MAX_QUERY],
        )
        counts = cache.facet_counts(reg, filters, (*(f.field for f in FACETS), "status"))  # shared across sessions
        for f in FACETS:
            captions[f.name].caption(plain(_counts_caption(counts[f.field], list(getattr(filters, f.field)))))
        captions["status"].caption(plain(_counts_caption(counts["status"], [status] if status else [])))
        if any(getattr(filters, f) for f in ("jurisdictions", "designations", "outlet_countries", "kinds", "status", "since", "until", "q")):
            st.button("Clear filters", on_click=clear, key="clear_filters_sidebar", icon=":material/filter_alt_off:")
    return Chosen(filters, tuple(n for n in notices if n))


def clear() -> None:
    """Reset every filter (the bound URL parameters follow)."""
    for f in FACETS:
        st.session_state[f.name] = []
    for key in ("status", *DATES):
        st.session_state[key] = None
    st.session_state["q"] = ""
