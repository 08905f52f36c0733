"""The address bar, for pages: what a link gave a parameter, and the notice when a value is dropped.

What each parameter is and what its notice says is declared once, in registry.params.
"""

from __future__ import annotations

from collections.abc import Collection

import streamlit as st

from registry import params
from ui.safe_text import plain

LINK_OFF = ":material/link_off:"


def values(name: str) -> list[str]:
    """The link's values of one parameter; read before its widget runs (the widget rewrites the URL)."""
    return st.query_params.get_all(name)


def notice(name: str, used: object = None, allowed: Collection[str] | None = None, given: list[str] | None = None) -> str | None:
    """registry.params.notice for the current link (or for `given`, the values read before the widget ran)."""
    return params.notice(name, values(name) if given is None else given, used, allowed)


def tell(name: str, used: object = None, allowed: Collection[str] | None = None, given: list[str] | None = None) -> None:
    """Show the notice for one parameter on the page, if there is one."""
    text = notice(name, used, allowed, given)
    if text:
        st.warning(plain(text), icon=LINK_OFF)  # the value came from the address bar: never markup
