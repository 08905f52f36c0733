"""What the app asks of the reader's browser beyond Streamlit's own markup: the page's language
(`<html lang>`) and, on a phone, folding the filter panel away once a filter has been applied.

On a narrow screen Streamlit's sidebar lies over the whole page, and it stays open after a filter
changes: the reader would see the filters, not what they selected. Streamlit remembers a sidebar the
reader opened (in the browser's storage), so no page setting can close it again; a click on its own
"Collapse sidebar" button does, and keeps Streamlit's memory of it right. `<html lang>` is fixed to
"en" in Streamlit's page: screen readers pick their voice from it, so a Russian interface must change it.

One tiny component (Streamlit's st.components.v2) does both. Its script is this module's constant and
is handed only a language code and a counter, never text from the data or the address bar.
"""

from __future__ import annotations

import re

import streamlit as st

import registry

NARROW = 768  # px: Streamlit's "md" breakpoint, at and below which its sidebar covers the page
_SCRIPT = """
export default function ({ data }) {
  const lang = data && data.lang;
  if (lang && document.documentElement.lang !== lang) document.documentElement.lang = lang;
  const fold = data && data.fold;
  if (!fold || window.__mfrFolded === fold) return;
  window.__mfrFolded = fold;
  if (!window.matchMedia(`(max-width: ${data.narrow}px)`).matches) return;
  const button = document.querySelector('button[aria-controls="stSidebar"][aria-expanded="true"]');
  if (button) button.click();
}
"""
_component = st.components.v2.component("mfr_browser", js=_SCRIPT)
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def filters_applied(filters: registry.Filters) -> int:
    """How many times this session's filters have changed (0 until the first change after the page opened)."""
    changes = st.session_state.get("_browser_filter_changes", 0)
    seen = st.session_state.get("_browser_filters_seen")
    if seen is not None and seen != filters:
        changes += 1
    st.session_state["_browser_filters_seen"] = filters
    st.session_state["_browser_filter_changes"] = changes
    return changes


def language_code(lang: str) -> str:
    """`lang` when it is a language code ("en", "ru", "pt-BR"); anything else is refused, naming the parameter."""
    if not isinstance(lang, str) or not _LANG.match(lang):
        raise ValueError(f"lang: {lang!r} is not a language code such as 'en' or 'ru'")
    return lang


def tell(filters: registry.Filters, lang: str | None = None) -> None:
    """Mount the component (in the sidebar, where its empty box shows nothing): set `<html lang>` to
    `lang` when given (a BCP 47 code such as "ru"), and fold the filter panel on a phone after a change."""
    lang = None if lang is None else language_code(lang)
    with st.sidebar:
        _component(key="mfr_browser", data={"lang": lang, "fold": filters_applied(filters), "narrow": NARROW}, height=0)
