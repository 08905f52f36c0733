"""From a table's row to its outlet's profile, by mouse or by keyboard alone, and a short way to the table.

The tables are Streamlit's data grid: Tab reaches it, the arrow keys move to a row, Shift+Space selects
the row (as a click on its checkbox does), Escape clears the selection, End goes to the row's last cell and
Tab then leaves the grid. The profile's address carries `outlet=<id>`. "Skip to the table" is an in-page link
near the top of the page to the heading right above the table, so a keyboard reader passes the page's
secondary controls (citation, downloads) with one Enter.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.i18n import t
from ui.safe_text import plain

PROFILE = "app_pages/outlet.py"


def skip_to_table(anchor: str) -> None:
    st.markdown(f"[{t('Skip to the table')}](#{anchor})")


def table_heading(text: str, anchor: str) -> None:
    """The target of skip_to_table, right above the table."""
    st.subheader(text, anchor=anchor)


def keyboard_hint() -> str:
    return t("Keyboard: Tab to the table, arrow keys to a row, Shift+Space to select it.")


def links(event, rows: pd.DataFrame, sides: tuple[str, ...]) -> None:
    """For the selected row, a link to the profile of each outlet it names (`{side}_outlet_id`, named
    by `{side}_outlet_label`), right after the table: after selecting, End then Tab reaches the first."""
    selected = event.selection.rows if event else []
    if not selected or selected[0] >= len(rows):
        return
    row = rows.iloc[selected[0]]
    for side in sides:
        outlet_id, name = row[f"{side}_outlet_id"], row[f"{side}_outlet_label"]
        if isinstance(outlet_id, str) and outlet_id:
            if side == "answer":
                label = t("Open the profile of {name} (answer)", name=plain(name))
            else:
                label = t("Open the profile of {name} (measure)", name=plain(name))
            st.page_link(PROFILE, label=label, query_params={"outlet": outlet_id}, icon=":material/badge:")
