"""A view choice kept in the address: a segmented control that shows words and writes its code.

For the choice parameters of registry.params (bars, scale, years, map): the link carries the code
(`?bars=panels`), the control shows the reader's words (ui.i18n.t), the default is left out of the
address, and a value the link gives that is not a choice is dropped with the usual notice.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from registry.params import PARAMS
from ui import url
from ui.i18n import t


def words(name: str) -> dict[str, str]:
    """What the reader sees for each code of the choice parameter `name`."""
    return {
        "bars": {"stacked": t("Stacked"), "grouped": t("Side by side"), "panels": t("Small multiples")},
        "scale": {"shared": t("Same scale"), "own": t("Each its own scale")},
        "years": {"recent": t("Recent years"), "all": t("All years")},
        "map": {"world": t("World"), "europe": t("Europe")},
    }[name]


def choice(name: str, label: str, shown: Mapping[str, str] | None = None, container=None, help: str | None = None, draw: bool = True) -> str:  # noqa: A002 (Streamlit's name)
    """Draw the control for the choice parameter `name` (in `container`, default the page; its options
    shown as `shown`, default words(name)) and return its code. draw=False: no control (the choice
    would change nothing here), but the link's value is still read, kept and told about."""
    shown = shown if shown is not None else words(name)
    param = PARAMS[name]
    default = param.choices[0]
    given = url.values(name)  # before the address is rewritten
    link = [v for v in given if v]
    if link:
        value = link[0] if link[0] in param.choices else default
        if link != [value] or value == default:
            url.write(name, None if value == default else value)  # dropped, or the default: not kept
        if st.session_state.get(name) != value:
            st.session_state[name] = value
    elif st.session_state.get(name) not in param.choices:
        st.session_state[name] = default
    elif st.session_state[name] != default:
        url.write(name, st.session_state[name])  # back on the page after another: the choice stays
    picked = st.session_state.get(name)
    if draw:
        where = container if container is not None else st
        picked = where.segmented_control(
            label, list(param.choices), format_func=lambda code: shown.get(code, code), key=name, required=True, on_change=_changed, args=(name,), help=help
        )
    url.tell(name, picked or default, given=given)
    return picked or default


def _changed(name: str) -> None:
    default = PARAMS[name].choices[0]
    value = st.session_state.get(name)
    if value is None:  # a second click on the chosen segment clears it: read as the default
        st.session_state[name] = value = default
    url.write(name, None if value == default else value)
