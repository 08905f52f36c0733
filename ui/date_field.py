"""A date field that applies what is typed on Enter: a text box for YYYY-MM-DD, kept in the address.

Streamlit 1.67's st.date_input sends a typed date only when focus leaves the whole field (its key
handler ignores Enter; the calendar button is inside the field, so even Tab does not send it): a reader
who types a date and presses Enter sees nothing change. A text input sends on Enter and on leaving.
The text is read as a link's date is (registry.params.date_in_link, on registry.dates): 2024-01-05, also
2024-1-5 and 2024/01/05, from registry.params.EARLIEST to today. What the field holds and the address
agree: a link's date is shown in the field (written YYYY-MM-DD), a typed date goes into the link; a
link's bad date is dropped with the page's notice (registry.params.notice), a typed one is kept in the
field with an error under it naming the field, and the filter is not applied until it is a date.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from registry.params import EARLIEST, date_in_link
from ui.i18n import t
from ui.safe_text import plain


def date_field(label: str, key: str, today: dt.date, *, placeholder: str = "YYYY-MM-DD", help: str | None = None, where=None) -> dt.date | None:
    """Draw the field (in `where`, default the current container) and return its date, or None when empty or not a date."""
    _follow(key, today)
    box = where or st
    text = box.text_input(label, key=key, placeholder=placeholder, max_chars=10, help=help, on_change=_typed, args=(key, today))
    text = (text or "").strip()
    day = date_in_link(text, today) if text else None
    if text and day is None:
        box.error(
            t(
                "{field}: {text} is not a date from {earliest} to {today}. Write it as YYYY-MM-DD; until then this filter is not applied.",
                field=plain(label),
                text=plain(repr(text)),
                earliest=EARLIEST.isoformat(),
                today=today.isoformat(),
            ),
            icon=":material/event_busy:",
        )
    return day


def clear(key: str) -> None:
    """Empty the field and drop its parameter from the address (in a callback, before the field is drawn)."""
    st.session_state[key] = ""
    st.query_params.pop(key, None)


def _follow(key: str, today: dt.date) -> None:
    """Before the field is drawn: a link's date wins and is written back as YYYY-MM-DD (a bad one
    dropped); a field with a date and an address without it (after moving to another page) writes it back."""
    given = [v for v in st.query_params.get_all(key) if v]
    if given:
        day = date_in_link(given[0], today)
        wanted = day.isoformat() if day else ""
        if given != [wanted]:
            _write(key, wanted)
        if st.session_state.get(key) != wanted:
            st.session_state[key] = wanted
    else:
        day = date_in_link((st.session_state.get(key) or "").strip(), today)
        if day:
            _write(key, day.isoformat())


def _typed(key: str, today: dt.date) -> None:
    """on_change (Enter, or leaving the field): a date goes into the address as YYYY-MM-DD; anything else takes the filter off."""
    text = (st.session_state.get(key) or "").strip()
    day = date_in_link(text, today) if text else None
    if day:
        st.session_state[key] = day.isoformat()
    _write(key, day.isoformat() if day else "")


def _write(key: str, value: str) -> None:
    if value:
        st.query_params[key] = value
    else:
        st.query_params.pop(key, None)
