"""The shared sidebar filters. Each widget is bound to a URL parameter, so the URL is the state.

The parameters (jurisdiction, designation, outlet_country, kind, status, as_of, since, until, q), their
types and notices are declared in registry.params, a public contract listed in the README.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

import registry
from registry.params import FACETS, MAX_QUERY, STATUSES
from registry.query import Filters
from ui import cache, labels, ready, url
from ui.date_field import clear as date_field_clear
from ui.date_field import date_field
from ui.i18n import t, translated
from ui.safe_text import plain

DATES = ("as_of", "since", "until")
SINGLE = ("status", *DATES, "q")  # URL parameters that take one value


def date_labels() -> dict[str, str]:
    return {"as_of": t("Status on (default: today)"), "since": t("Started on or after"), "until": t("Started on or before")}


@dataclass(frozen=True)
class Chosen:
    filters: Filters
    notices: tuple[str, ...]


def _counts_caption(counts, chosen: list[str], words: dict[str, str]) -> str:
    """The counts each choice would give, largest first; "…" only when more non-zero choices are hidden."""
    visible = [f"{words.get(code, code)} {n:,}" for code, n in counts.items() if n or code in chosen]
    return " · ".join(visible[:10]) + (" …" if len(visible) > 10 else "")


def _captions(reg: registry.Registry, filters: Filters, words: dict[str, dict[str, str]]) -> dict[str, str]:
    """Each filter's caption (plain text): the counts each of its choices would give with the other filters."""
    counts = cache.facet_counts(reg, filters, (*(f.field for f in FACETS), "status"))
    chosen = {f.name: (f.field, list(getattr(filters, f.field))) for f in FACETS} | {"status": ("status", [filters.status] if filters.status else [])}
    return {name: plain(_counts_caption(counts[field], values, words[name])) for name, (field, values) in chosen.items()}


def sidebar(reg: registry.Registry) -> Chosen:
    """Draw the filters in the sidebar and return what they ask for (with notices for dropped URL values)."""
    options = ready.shared("facet_options", ready.key(reg), lambda: {f.name: reg.index.values(f.column) for f in FACETS})  # sorted values present
    link = url.snapshot([*options, *SINGLE])  # before the widgets normalise the URL
    notices = [url.notice(name, allowed=allowed, given=link[name]) for name, allowed in options.items()]
    given = {key: link[key] for key in SINGLE}
    words = labels.option_words(reg)
    captions = {}
    with st.sidebar:
        st.header(t("Filters"))
        q = st.text_input(t("Search names (any script)"), key="q", bind="query-params", max_chars=MAX_QUERY, placeholder=t("e.g. Meduza or Медуза"))
        for f in FACETS:
            facet(f.name, translated(f.label), options[f.name], words[f.name], link[f.name])
            captions[f.name] = st.empty()
        url.follow("status", STATUSES, multi=False, given=given["status"])
        status = st.selectbox(
            t("Status on the date"), STATUSES, format_func=words["status"].get, index=None, key="status",
            on_change=url.widget_changed, args=("status",), placeholder=t("Any (in force or ended)"),
        )  # fmt: skip
        captions["status"] = st.empty()
        today = dt.date.today()
        days = {key: date_field(label, key, today) for key, label in date_labels().items()}  # applies on Enter (ui/date_field.py)
        used = {"status": status, "q": q, **days}
        notices += [url.notice(key, used[key], given=given[key]) for key in SINGLE]
        if days["since"] and days["until"] and days["since"] > days["until"]:
            notices.append(
                t(
                    "'Started on or after' ({since}) is later than 'started on or before' ({until}): that date range is ignored.",
                    since=days["since"],
                    until=days["until"],
                )
            )
            days["since"] = days["until"] = None
        filters = Filters(
            **{f.field: tuple(st.session_state.get(f.name) or ()) for f in FACETS},
            status=status,
            as_of=days["as_of"],
            since=days["since"],
            until=days["until"],
            q=(q or "")[:MAX_QUERY],
        )
        for name, text in ready.shared("facet_captions", ready.key(reg, filters), lambda: _captions(reg, filters, words)).items():  # shared across sessions
            captions[name].caption(text)
        if any(getattr(filters, f) for f in ("jurisdictions", "designations", "outlet_countries", "kinds", "status", "since", "until", "q")):
            st.button(t("Clear filters"), on_click=clear, key="clear_filters_sidebar", icon=":material/filter_alt_off:")
    return Chosen(filters, tuple(n for n in notices if n))


def facet(name: str, label: str, options: list[str], words: dict[str, str], given: list[str] | None = None) -> None:
    """One multi-valued filter, its options shown as words (typing searches them), its codes in the address
    (`given`: the link's values of it, read before any widget ran)."""
    url.follow(name, options, multi=True, given=given)
    st.multiselect(
        label, options, format_func=lambda code: words.get(code, code), key=name, on_change=url.widget_changed, args=(name,), placeholder=t("All")
    )


def clear() -> None:
    """Reset every filter (the bound URL parameters follow; the others are written here)."""
    for f in FACETS:
        st.session_state[f.name] = []
        url.write(f.name, None)
    url.write("status", None)
    st.session_state["status"] = None
    for key in DATES:
        date_field_clear(key)
    st.session_state["q"] = ""
