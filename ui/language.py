"""The reader's language: from the address (?lang=ru), else the one chosen before (kept from page to
page, as the sidebar's filters are), and the sidebar's switch. English is the default.

The language is set (ui/i18n.use) before anything is drawn, so page titles and the navigation are in it.
"""

from __future__ import annotations

import streamlit as st

from ui import i18n, url
from ui.i18n import t

KEY = "lang"  # the URL parameter (registry.params) and the switch's key


def start() -> str | None:
    """Set this run's language; the notice for a bad ?lang= value (in the language used), or None."""
    given = [v for v in url.values(KEY) if v]
    kept = st.session_state.get(KEY)
    valid = [v for v in given if v in i18n.LANGS]
    lang = valid[0] if valid else (kept if kept in i18n.LANGS else i18n.DEFAULT)
    if given and given != [lang]:  # a bad or repeated value leaves the address
        url.write(KEY, None if lang == i18n.DEFAULT else lang)
    elif not given and lang != i18n.DEFAULT:  # moved to another page: the address keeps the language
        url.write(KEY, lang)
    st.session_state[KEY] = lang
    i18n.use(lang)
    return url.notice(KEY, lang, given=given)


def switch() -> None:
    """English / Русский, each in its own language, at the top of the sidebar."""
    st.radio(t("Language"), list(i18n.LANGS), format_func=i18n.LANGS.get, key=KEY, horizontal=True, on_change=_switched)


def _switched() -> None:
    lang = st.session_state.get(KEY)
    url.write(KEY, None if lang == i18n.DEFAULT else lang)


def code() -> str:
    """This run's language code, for <html lang> (ui/browser.py)."""
    return i18n.language()
