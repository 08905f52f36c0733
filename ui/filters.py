"""The shared sidebar filters. Each widget is bound to a URL parameter, so the URL is the state.

URL names (a public contract, listed in the README): jurisdiction, designation, outlet_country,
kind, status, as_of, since, until, q (and outlet on the outlet page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

import registry
from registry.query import STATUSES, Filters
from registry.validate import parse_date
from ui.text import plain

MULTI = {  # URL name -> (label, Filters field, table column)
    "jurisdiction": ("Designating jurisdiction", "jurisdictions", "jurisdiction"),
    "designation": ("Designation", "designations", "designation"),
    "outlet_country": ("Outlet's country", "outlet_countries", "outlet_country"),
    "kind": ("Kind of entity", "kinds", "outlet_kind"),
}
DATES = {"as_of": "Status on (default: today)", "since": "Started on or after", "until": "Started on or before"}
URL_PARAMS = (*MULTI, "status", *DATES, "q")
SINGLE = ("status", *DATES, "q")  # URL parameters that take one value
EARLIEST = dt.date(1938, 1, 1)  # the US FARA dates from 1938
MAX_QUERY = 200


@dataclass(frozen=True)
class Chosen:
    filters: Filters
    notices: tuple[str, ...]


def _options(reg: registry.Registry, column: str) -> list[str]:
    return reg.index.values(column)  # sorted values present, kept by the index (no pass over the rows)


def _url_notices(options: dict[str, list[str]]) -> list[str]:
    """Values in the URL that the widgets will drop: told to the reader instead of vanishing silently."""
    notices = []
    params = st.query_params
    for key, allowed in options.items():
        bad = [v for v in params.get_all(key) if v and v not in allowed]
        if bad:
            shown = ", ".join(repr(v[:40]) for v in bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
            notices.append(f"Ignored unknown {key} value(s) in the link: {shown}.")
    q = params.get_all("q")
    if q and len(q[0]) > MAX_QUERY:
        notices.append(f"The search text was cut to {MAX_QUERY} characters.")
    return notices


def _single_notices(raw: dict[str, list[str]], used: dict[str, object]) -> list[str]:
    """Single-valued URL parameters, compared with what the widgets made of them (after they ran).

    Told from the outcome rather than predicted: Streamlit reads 2024-1-5 and 2024/01/05 as dates,
    drops 20240105 and out-of-range dates, and takes the first of a repeated date but the last of a
    repeated status or q.
    """
    notices = []
    for key in SINGLE:
        values = [v for v in raw.get(key, []) if v]
        value = used.get(key)
        shown = value.isoformat() if isinstance(value, dt.date) else value
        if not values:
            continue
        if len(values) > 1:
            notices.append(f"{key} appears {len(values)} times in the link; " + (f"{str(shown)[:40]!r} is used, the rest ignored." if shown else "all were ignored."))
        elif key == "status" and not value:
            notices.append(f"Ignored status {values[0][:40]!r}: use in_force or ended.")
        elif key in DATES and value is None:
            day = parse_date(values[0])
            reason = f"it is outside {EARLIEST} to today" if day else "dates are written YYYY-MM-DD"
            notices.append(f"Ignored {key} {values[0][:40]!r}: {reason}.")
        elif key in DATES and shown != values[0]:
            notices.append(f"Read {key} {values[0][:40]!r} as {shown}: dates are written YYYY-MM-DD.")
    return notices


def _counts_caption(counts, chosen: list[str]) -> str:
    """The counts each choice would give, largest first; "…" only when more non-zero choices are hidden."""
    visible = [f"{code} {n:,}" for code, n in counts.items() if n or code in chosen]
    return " · ".join(visible[:10]) + (" …" if len(visible) > 10 else "")


def sidebar(reg: registry.Registry) -> Chosen:
    """Draw the filters in the sidebar and return what they ask for (with notices for dropped URL values)."""
    options = {key: _options(reg, column) for key, (_, _, column) in MULTI.items()}
    notices = _url_notices(options)
    raw = {key: st.query_params.get_all(key) for key in SINGLE}  # before the widgets normalise the URL
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
        for key, (label, _, _) in MULTI.items():
            st.multiselect(label, options[key], key=key, bind="query-params", placeholder="All", help=help_text[key])
            captions[key] = st.empty()
        status = st.selectbox("Status on the date", STATUSES, index=None, key="status", bind="query-params", placeholder="Any (in_force or ended)")
        captions["status"] = st.empty()
        today = dt.date.today()
        days = {key: st.date_input(label, value=None, min_value=EARLIEST, max_value=today, key=key, bind="query-params", format="YYYY-MM-DD") for key, label in DATES.items()}
        notices += _single_notices(raw, {"status": status, "q": q, **days})
        if days["since"] and days["until"] and days["since"] > days["until"]:
            notices.append(f"'Started on or after' ({days['since']}) is later than 'started on or before' ({days['until']}): that date range is ignored.")
            days["since"] = days["until"] = None
        filters = Filters(
            **{field: tuple(st.session_state.get(key) or ()) for key, (_, field, _) in MULTI.items()},
            status=status,
            as_of=days["as_of"],
            since=days["since"],
            until=days["until"],
            q=(q or "")[:MAX_QUERY],
        )
        for key, (_, field, _) in MULTI.items():
            captions[key].caption(plain(_counts_caption(registry.facet_counts(reg, filters, field), list(getattr(filters, field)))))
        captions["status"].caption(plain(_counts_caption(registry.facet_counts(reg, filters, "status"), [status] if status else [])))
        if any(getattr(filters, f) for f in ("jurisdictions", "designations", "outlet_countries", "kinds", "status", "since", "until", "q")):
            st.button("Clear filters", on_click=clear, key="clear_filters_sidebar", icon=":material/filter_alt_off:")
    return Chosen(filters, tuple(notices))


def clear() -> None:
    """Reset every filter (the bound URL parameters follow)."""
    for key in MULTI:
        st.session_state[key] = []
    for key in ("status", *DATES):
        st.session_state[key] = None
    st.session_state["q"] = ""
