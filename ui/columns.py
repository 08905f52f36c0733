"""Column headings and formats shared by more than one table of the dashboard."""

from __future__ import annotations

import streamlit as st


def change_events() -> dict:
    """The columns of a table of starts and ends (registry.changes): the Overview's latest changes, What changed."""
    return {
        "date": st.column_config.DateColumn("Date"),
        "event": "Event",
        "designation_id": "Designation id",
        "outlet_name": "Outlet or person",
        "jurisdiction": "By",
        "designation": "Designation",
        "registry_ref": "Registry no.",
        "source_url": st.column_config.LinkColumn("Source", display_text="source"),
    }
