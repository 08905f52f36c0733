"""The address bar, for pages: what a link gave a parameter, and the notice when a value is dropped.

What each parameter is and what its notice says is declared once, in registry.params; the notice is
said in the reader's language (ui/i18n).
"""

from __future__ import annotations

from collections.abc import Collection

import streamlit as st

from registry import params
from ui.i18n import translated
from ui.safe_text import plain

LINK_OFF = ":material/link_off:"


def values(name: str) -> list[str]:
    """The link's values of one parameter; read before its widget runs (the widget rewrites the URL)."""
    return st.query_params.get_all(name)


def snapshot(names: Collection[str]) -> dict[str, list[str]]:
    """The link's values of these parameters, read at once (each read of st.query_params is a yield point
    of the script run: one per run instead of one per parameter, for the sidebar under load)."""
    present = st.query_params.to_dict()  # the last value of each parameter the link has
    return {name: (st.query_params.get_all(name) if name in present else []) for name in names}


def notice(name: str, used: object = None, allowed: Collection[str] | None = None, given: list[str] | None = None) -> str | None:
    """registry.params.notice for the current link (or for `given`, the values read before the widget ran),
    in the reader's language."""
    found = params.notice_of(name, values(name) if given is None else given, used, allowed)
    return translated(found.template, **found.values) if found else None


def tell(name: str, used: object = None, allowed: Collection[str] | None = None, given: list[str] | None = None) -> None:
    """Show the notice for one parameter on the page, if there is one."""
    text = notice(name, used, allowed, given)
    if text:
        st.warning(plain(text), icon=LINK_OFF)  # the value came from the address bar: never markup


def follow(name: str, allowed: Collection[str], multi: bool, given: list[str] | None = None) -> None:
    """Before a widget keyed `name` is drawn: make it and the address agree, the address winning.

    For widgets that show words for codes (ui.labels): Streamlit's bind="query-params" would write the
    shown words into the link, so these keep the codes there themselves. A link's unknown values are
    dropped from the address (the page says so, registry.params.notice); a parameter the address lacks
    (after moving to another page) is written back from the widget, as a bound widget's would be.
    `given`: the link's values read before (url.snapshot), when nothing has written the parameter since.
    """
    given = [v for v in (values(name) if given is None else given) if v]
    if given:
        kept = [v for v in dict.fromkeys(given) if v in allowed]
        value: object = kept if multi else (kept[0] if kept else None)
        if kept != given:
            write(name, value)
        if st.session_state.get(name) != value:
            st.session_state[name] = value
    elif st.session_state.get(name):
        write(name, st.session_state[name])


def write(name: str, value: object) -> None:
    """Put a widget's value (a code, a list of codes, or nothing) in the address."""
    if value:
        st.query_params[name] = value
    else:
        st.query_params.pop(name, None)


def widget_changed(name: str) -> None:
    """on_change of a widget kept by follow(): the address takes its new value."""
    write(name, st.session_state.get(name))
