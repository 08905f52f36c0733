"""What every page needs: the loaded registry and the reader's filters, set by dashboard.py each run."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import streamlit as st

import registry
from ui.filters import Chosen
from ui.i18n import t

_KEY = "_current_view"


def publish(reg: registry.Registry, chosen: Chosen) -> None:
    st.session_state[_KEY] = (reg, chosen)


def current() -> tuple[registry.Registry, registry.Filters]:
    reg, chosen = st.session_state[_KEY]
    return reg, chosen.filters


@dataclass(frozen=True)
class View:
    """What most pages draw from: the registry, the reader's filters, the matching rows, display names."""

    reg: registry.Registry
    filters: registry.Filters
    labels: dict[str, str]  # designation code -> label
    names: dict[str, str]  # country code -> name

    @cached_property
    def rows(self) -> pd.DataFrame:
        """registry.select(reg, filters), made when a page first asks (a page drawn from shared results never does)."""
        return registry.select(self.reg, self.filters)


def view() -> View:
    reg, filters = current()
    words = vocabulary()  # made once per server (ui.labels)
    return View(reg, filters, words["designation"], words["jurisdiction"])


def vocabulary() -> dict[str, dict[str, str]]:
    """The words shown for the codes of the current registry (ui.labels.vocabulary)."""
    from ui.labels import vocabulary as words

    return words(current()[0])


def labels(reg: registry.Registry) -> dict[str, str]:
    """Designation code -> its short label, in the reader's language (ui.labels)."""
    from ui.labels import designation_labels

    return designation_labels(reg)


def country_names(reg: registry.Registry) -> dict[str, str]:
    """Country code -> its name, in the reader's language (ui.labels)."""
    from ui.labels import country_names as names

    return names(reg)


def nothing_matches() -> None:
    """The empty state: say so and offer to clear the filters."""
    from ui.filters import clear

    st.info(t("No designations match these filters."), icon=":material/search_off:")
    st.button(t("Clear filters"), on_click=clear, key="clear_filters_empty", icon=":material/filter_alt_off:")


def palette(reg: registry.Registry, by: str) -> dict[str, str]:
    """Fixed colours for every designation code or every jurisdiction of the registry."""
    from ui.charts import colours

    codes = reg.designation_types["code"] if by == "designation" else reg.table["jurisdiction"].astype(str).unique()
    return colours(list(codes))
