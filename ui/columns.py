"""Column headings and formats, the same in every table of the dashboard, and the tables' day-dates."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

SOURCE = st.column_config.LinkColumn("Source", display_text="source")
LAW_TEXT = {"url": st.column_config.LinkColumn("Text", display_text="text")}  # a law's own column of links

HEADINGS: dict[str, object] = {  # a column of registry results -> how every table shows it
    "date": st.column_config.DateColumn("Date"),
    "event": "Event",
    "start_date": st.column_config.DateColumn("Start"),
    "end_date": st.column_config.DateColumn("End"),
    "status": "Status",
    "jurisdiction": "By",
    "designation": "Designation",
    "outlet_name": "Outlet or person",
    "outlet_name_native": "Native name",
    "outlet_kind": "Kind",
    "outlet_country": "Based in",
    "registry_ref": "Registry no.",
    "legal_basis": "Legal basis",
    "authority": "Authority",
    "source_url": SOURCE,
    "outlet_id": "Outlet id",
    "designation_id": "Designation id",
}

# The columns of a table of starts and ends (registry.changes): the Overview's latest changes, What changed.
CHANGE_EVENTS = ["date", "event", "designation_id", "outlet_name", "jurisdiction", "designation", "registry_ref", "source_url"]


def config(columns: Iterable[str], **own: object) -> dict[str, object]:
    """The shared settings of these columns, with a table's own (`own`) added or put first."""
    return {**{c: HEADINGS[c] for c in columns if c in HEADINGS and c not in own}, **own}


def change_events() -> dict:
    """The settings of a table of starts and ends."""
    return config(CHANGE_EVENTS)


def jurisdiction_summary(as_of) -> dict[str, object]:
    """The settings of registry.jurisdiction_summary's table (with a `name` column added by the page)."""
    return {
        "jurisdiction": "Code",
        "name": "Jurisdiction",
        "designations": st.column_config.NumberColumn("Designations", format="%d"),
        "in_force": st.column_config.NumberColumn(f"In force on {as_of:%Y-%m-%d}", format="%d"),
        "measures": "Measures",
        "outlets": st.column_config.NumberColumn("Outlets and people", format="%d"),
        "first": st.column_config.DateColumn("First"),
        "latest": st.column_config.DateColumn("Latest"),
    }


def as_days(frame: pd.DataFrame) -> pd.DataFrame:
    """Every timestamp column as a date: tables show days, not midnights."""
    stamps = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    return frame.assign(**{c: frame[c].dt.date for c in stamps}) if stamps else frame


def show(frame: pd.DataFrame, columns: list[str] | None = None, **options) -> object:
    """st.dataframe of these columns (all when None) with days for dates and the shared settings;
    `column_config` in options is a table's own settings; the rest goes to st.dataframe."""
    shown = as_days(frame if columns is None else frame[columns])
    own = {c: v for c, v in options.pop("column_config", {}).items() if c in shown.columns}
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    return st.dataframe(shown, column_config=config(shown.columns, **own), **options)
