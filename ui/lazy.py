"""An expander whose content is made and sent only while it is open.

Streamlit sends, and the browser redraws, everything inside a closed expander on every run: the
citation formats (four highlighted code blocks) and long register lists cost each filter change
work in the reader's browser for content nobody sees. Opening one reruns the page (Streamlit's
on_change="rerun") and draws its content; it stays open across reruns (its state is the key's).
"""

from __future__ import annotations

import streamlit as st


def expander(label: str, key: str, icon: str | None = None):
    """The expander's container while it is open, else None (nothing is drawn inside it)."""
    box = st.expander(label, key=key, icon=icon, on_change="rerun")
    return box if box.open else None
