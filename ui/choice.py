"""Tabs and button rows whose words follow the reader's language while the address keeps one value.

Streamlit's bind="query-params" writes a widget's shown words into the link. The address must read
the same in every language (?view=Timeline, ?split=jurisdiction, ?sub=Table), so in English these
widgets are bound as before (their words are the values) and in another language they show the
catalogue's words and keep the English values in the address themselves. Notices for a bad value
come from the page (ui.url.tell), as before.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui import i18n


def _english(key: str, values: Sequence[str]) -> None:
    if st.session_state.get(key) not in (None, *values):  # a word of another language, left by a switch
        del st.session_state[key]


def _address(key: str, value: str, default: str) -> None:
    if value == default:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value


def tabs(values: Sequence[str], key: str, on_change: str = "ignore") -> Sequence:
    """st.tabs of `values` (registry.params' English words), the open one in the address as ?key=value."""
    if i18n.language() == i18n.DEFAULT:
        _english(key, values)
        return st.tabs(list(values), key=key, bind="query-params", on_change=on_change)
    words = {value: i18n.translated(value) for value in values}
    given = st.query_params.get(key)
    if given in words:
        st.session_state[key] = words[given]
    else:
        if given is not None:
            st.query_params.pop(key, None)
        if st.session_state.get(key) not in words.values():
            st.session_state[key] = words[values[0]]
    back = {word: value for value, word in words.items()}
    return st.tabs(list(words.values()), key=key, on_change=_tab_changed, args=(key, back, values[0]))


def _tab_changed(key: str, back: dict[str, str], default: str) -> None:
    _address(key, back.get(st.session_state.get(key), default), default)


def segmented(label: str, values: Sequence[str], key: str) -> str:
    """st.segmented_control of `values` (the first is the default), the chosen one in the address as ?key=value."""
    if i18n.language() == i18n.DEFAULT:
        _english(key, values)
        return st.segmented_control(label, list(values), default=values[0], key=key, bind="query-params") or values[0]
    given = st.query_params.get(key)
    if given in values:
        st.session_state[key] = given
    else:
        if given is not None:
            st.query_params.pop(key, None)
        if st.session_state.get(key) not in values:
            st.session_state[key] = values[0]
    words = {value: i18n.translated(value) for value in values}
    return (
        st.segmented_control(label, list(values), format_func=words.get, key=key, on_change=_segment_changed, args=(key, values[0]))
        or values[0]
    )


def _segment_changed(key: str, default: str) -> None:
    _address(key, st.session_state.get(key) or default, default)
