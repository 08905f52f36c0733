"""Every Streamlit cache around `registry` lives here: load once per server, filter outside the cache."""

from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

import registry
from registry import events, freshness
from registry.paths import data_dir


@st.cache_resource(show_spinner=False)  # the spinner is the caller's, in the reader's language
def _load(path: str) -> registry.Registry:
    reg = registry.load(path)
    _ = reg.table  # join once, shared by every session
    _ = reg.index  # and the query arrays (codes, dates, order, search keys): one copy per server, never per session
    return reg


_LOADED: set[str] = set()  # the data directories this server has loaded


def load(spinner: str | None = None) -> registry.Registry:
    """The registry of $REGISTRY_DATA or the packaged data/ (raises DataValidationError); with `spinner`,
    that text shows while a directory is loaded the first time (a spinner's timer thread on every
    run cost each reader's run more than the cached look-up it announced)."""
    path = str(data_dir())
    if spinner is None or path in _LOADED:
        reg = _load(path)
    else:
        with st.spinner(spinner):
            reg = _load(path)
    _LOADED.add(path)
    return reg


# --- results shared by every session ---------------------------------------------------------
# What a page shows for a set of filters is the same for every reader, so it is computed once per
# server and filter set. Keyed by the dataset (its directory and version) and the filters with the
# date pinned (status "today" changes at midnight). Bounded: a visitor sending ever new URLs only
# evicts older entries (max_entries per function, each dropped after TTL), so memory stays flat
# (tests/test_capacity.py). cache_data hands each caller its own copy, so no page can alter another
# reader's result; the copies are of small, already reduced tables (never the designations).
ENTRIES = 256
MAX_SIZE = "32MB"  # and at most this much per function, whatever the size of one result
TTL = "1h"


def _key(reg: registry.Registry, filters: registry.Filters) -> str:
    """The dataset and the filters (date pinned) as one string: cheap for Streamlit to hash, unlike the objects."""
    return repr((str(reg.data_dir), str(reg.version), str(reg.package.created), dataclasses.replace(filters, as_of=filters.date)))


@st.cache_data(max_entries=ENTRIES, max_size=MAX_SIZE, ttl=TTL, show_spinner=False)
def _facet_counts(_reg: registry.Registry, _filters: registry.Filters, key: str, names: tuple[str, ...]) -> dict:
    return {name: registry.facet_counts(_reg, _filters, name) for name in names}


def facet_counts(reg: registry.Registry, filters: registry.Filters, names: tuple[str, ...]) -> dict:
    """registry.facet_counts of each name (a Filters field or "status"), shared across sessions."""
    pinned = dataclasses.replace(filters, as_of=filters.date)
    return _facet_counts(reg, pinned, _key(reg, filters), names)


@st.cache_data(max_entries=ENTRIES, max_size=MAX_SIZE, ttl=TTL, show_spinner=False)
def _jurisdiction_summary(_reg: registry.Registry, _filters: registry.Filters, key: str):
    return registry.jurisdiction_summary(_reg, _filters)


def jurisdiction_summary(reg: registry.Registry, filters: registry.Filters):
    """registry.jurisdiction_summary, shared across sessions."""
    return _jurisdiction_summary(reg, dataclasses.replace(filters, as_of=filters.date), _key(reg, filters))


@st.cache_data(max_entries=ENTRIES, max_size=MAX_SIZE, ttl=TTL, show_spinner=False)
def _recent(_reg: registry.Registry, _filters: registry.Filters, key: str, n: int, today: dt.date):
    rows = registry.select(_reg, _filters)
    return freshness.freshness(_reg.sources, rows, today), events.latest(rows, n, _filters.date)


def recent(reg: registry.Registry, filters: registry.Filters, n: int = 5):
    """(freshness.freshness, events.latest(n)) of the rows these filters select, shared across sessions."""
    return _recent(reg, dataclasses.replace(filters, as_of=filters.date), _key(reg, filters), n, dt.date.today())


def held_bytes() -> dict[str, int]:
    """Function name -> bytes its st.cache_data results take now (Streamlit's own cache statistics)."""
    from streamlit.runtime.caching import get_data_cache_stats_provider

    held: dict[str, int] = {}
    for stats in get_data_cache_stats_provider().get_stats().values():
        for stat in stats:
            held[stat.cache_name] = held.get(stat.cache_name, 0) + stat.byte_length
    return held
