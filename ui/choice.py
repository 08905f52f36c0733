"""Choices kept in the address: the tabs and segmented controls of the choice parameters of registry.params.

The link carries the parameter's English value in every language (?view=Timeline, ?split=jurisdiction,
?sub=Table, ?bars=panels, ?scale=own, ?years=all, ?map=europe) and leaves the default out; the widget
shows the reader's words (words()). Streamlit's bind="query-params" would write the shown words into
the link, so these widgets keep the address themselves, the same way in every language (ui.url.write).
A value the link gives that is not a choice (or a repeated one) is dropped from the address with the
usual notice (ui.url.tell), said above the widget.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from registry.params import PARAMS
from ui import i18n, url
from ui.i18n import t


def words(name: str) -> dict[str, str]:
    """What the reader sees for each value of the choice parameter `name`: the charts' controls say
    their own words; the tabs and the split say their English values in the reader's language."""
    own = {
        "bars": lambda: {"stacked": t("Stacked"), "grouped": t("Side by side"), "panels": t("Small multiples")},
        "scale": lambda: {"shared": t("Same scale"), "own": t("Each its own scale")},
        "years": lambda: {"recent": t("Recent years"), "all": t("All years")},
        "map": lambda: {"world": t("World"), "europe": t("Europe")},
    }.get(name)
    return own() if own else {value: i18n.translated(value) for value in PARAMS[name].choices}


def tabs(name: str) -> Sequence:
    """st.tabs of the choice parameter `name` (?view=, ?sub=), the open one in the address. The tabs are
    lazy: `.open` says which one runs."""
    shown = words(name)
    back = {word: value for value, word in shown.items()}
    value = _settle(name, back.get(st.session_state.get(name)))
    if st.session_state.get(name) != shown[value]:
        st.session_state[name] = shown[value]
    return st.tabs(list(shown.values()), key=name, on_change=_changed, args=(name, back))


def control(name: str, label: str, container=None, help: str | None = None, draw: bool = True) -> str:  # noqa: A002 (Streamlit's name)
    """Draw the segmented control of the choice parameter `name` (in `container`, default the page) and
    return its value. draw=False: no control (the choice would change nothing here), but the link's value
    is still read, kept and told about."""
    choices = PARAMS[name].choices
    value = _settle(name, st.session_state.get(name))
    if st.session_state.get(name) != value:
        st.session_state[name] = value
    if draw:
        shown = words(name)
        where = container if container is not None else st
        where.segmented_control(
            label, list(choices), format_func=lambda v: shown.get(v, v), key=name, required=True, on_change=_changed, args=(name, {v: v for v in choices}), help=help
        )
    return value


def _settle(name: str, kept: str | None) -> str:
    """The value of `name` for this run, its address made to agree and its notice said: the link's value
    (dropped from the address when it is not a choice, repeated, or the default), else the one the widget
    kept from before (written back: the address lacks it after moving to another page), else the default."""
    choices = PARAMS[name].choices
    default = choices[0]
    given = url.values(name)  # before the address is rewritten
    link = [v for v in given if v]
    if link:
        value = link[0] if link[0] in choices else default
        if link != [value] or value == default:
            url.write(name, None if value == default else value)
    else:
        value = kept if kept in choices else default
        if value != default:
            url.write(name, value)
    url.tell(name, value, given=given)
    return value


def _changed(name: str, back: Mapping[str, str]) -> None:
    """on_change: the address takes the widget's new value (the default left out); `back` gives the value
    of each state the widget can hold (a tab's word, a control's value)."""
    default = PARAMS[name].choices[0]
    value = back.get(st.session_state.get(name))
    if value is None:  # a control cleared by a second click on its chosen segment: read as the default
        st.session_state[name] = next(state for state, v in back.items() if v == default)
        value = default
    url.write(name, None if value == default else value)
