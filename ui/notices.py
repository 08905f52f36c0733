"""The currency notice: which registers the data may be behind on, for the date a page states status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import streamlit as st

import registry
from registry import registers
from ui.safe_text import plain


def beyond_coverage(
    reg: registry.Registry, filters: registry.Filters, date: dt.date | None = None, *, jurisdictions: Iterable[str] = ()
) -> None:
    """A visible warning, one plain-text line per register whose data is not complete to the date (nothing when all are)."""
    date = date or filters.date
    notices = registers.beyond_coverage(reg, filters, date, jurisdictions=jurisdictions)
    if not notices:
        return
    head, *lines = registers.notice_lines(notices, date)
    body = "\n".join(f"- {plain(line)}" for line in lines)
    st.info(f"{plain(head)}\n\n{body}\n\nSee Methodology for each register's copy and complete-to dates.", icon=":material/history:")
