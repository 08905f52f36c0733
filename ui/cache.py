"""Every Streamlit cache around `registry` lives here: load once per server, filter outside the cache."""

from __future__ import annotations

import streamlit as st

import registry
from registry.paths import data_dir


@st.cache_resource(show_spinner="Loading the registry…")
def _load(path: str) -> registry.Registry:
    reg = registry.load(path)
    _ = reg.table  # join once, shared by every session
    _ = reg.index  # and the query arrays (codes, dates, order, search keys): one copy per server, never per session
    return reg


def load() -> registry.Registry:
    """The registry of $REGISTRY_DATA or the packaged data/ (raises DataValidationError)."""
    return _load(str(data_dir()))
