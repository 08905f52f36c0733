"""The currency notice: which registers the data may be behind on, for the date a page states status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import streamlit as st

import registry
from registry import registers
from ui import ready
from ui.safe_text import plain

SHOWN = 4  # registers listed in the notice itself; more go into an expander under it


def beyond_coverage(
    reg: registry.Registry, filters: registry.Filters, date: dt.date | None = None, *, jurisdictions: Iterable[str] = ()
) -> None:
    """A visible warning, one plain-text line per register whose data is not complete to the date (nothing when all are)."""
    date = date or filters.date
    narrow = tuple(jurisdictions)
    key = ready.key(reg, filters) + repr((date, narrow))  # the same for every reader of these filters: made once per server
    notices, head, lines, body = ready.shared("beyond_coverage", key, lambda: _lines(registers.beyond_coverage(reg, filters, date, jurisdictions=narrow), date))
    if not notices:
        return
    if len(lines) <= SHOWN:
        st.info(f"{plain(head)}\n\n{body}\n\nSee Methodology for each register's copy and complete-to dates.", icon=":material/history:")
        return
    # many registers (an unfiltered view): one line that says how many, the list one click away
    dated = [n.complete_to for n in notices if n.complete_to is not None]
    oldest = f"; the oldest is complete to {min(dated):%Y-%m-%d}" if dated else ""
    st.info(
        f"{plain(head)} {len(lines)} of the registers these filters reach are not known to be complete to that date{oldest}. "
        "Narrow the jurisdiction or designation to see only theirs; see Methodology for each register's dates.",
        icon=":material/history:",
    )
    with st.expander(f"Which registers ({len(lines)})"):
        st.markdown(body)


def _lines(notices: list[registers.Notice], date: dt.date) -> tuple[tuple[registers.Notice, ...], str, tuple[str, ...], str]:
    """(the notices, their heading, their lines, the lines as a plain-text markdown list)."""
    if not notices:
        return (), "", (), ""
    head, *lines = registers.notice_lines(notices, date)
    return tuple(notices), head, tuple(lines), "\n".join(f"- {plain(line)}" for line in lines)
