"""The currency notice: which registers the data may be behind on, for the date a page states status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import streamlit as st

import registry
from registry import registers
from ui import labels, lazy, ready
from ui.i18n import t, tn, translated, word
from ui.safe_text import plain

SHOWN = 4  # registers listed in the notice itself; more go into an expander under it


def beyond_coverage(
    reg: registry.Registry, filters: registry.Filters, date: dt.date | None = None, *, jurisdictions: Iterable[str] = ()
) -> None:
    """A visible warning, one plain-text line per register whose data is not complete to the date (nothing when all are)."""
    date = date or filters.date
    within = tuple(jurisdictions)
    key = ready.key(reg, filters) + repr((date, within))  # the same for every reader of these filters and language: made once per server
    notices, head, lines, body = ready.shared("beyond_coverage", key, lambda: _lines(reg, registers.beyond_coverage(reg, filters, date, jurisdictions=within), date))
    if not notices:
        return
    if len(lines) <= SHOWN:
        see = t("See Methodology for each register's copy and complete-to dates.")
        st.info(f"{plain(head)}\n\n{body}\n\n{see}", icon=":material/history:")
        return
    # many registers (an unfiltered view): one line that says how many, the list one click away
    dated = [n.complete_to for n in notices if n.complete_to is not None]
    if dated:
        many = tn(
            "{n} of the registers these filters reach is not known to be complete to that date; the oldest is complete to {date}.",
            "{n} of the registers these filters reach are not known to be complete to that date; the oldest is complete to {date}.",
            len(lines),
            date=min(dated).isoformat(),
        )
    else:
        many = tn(
            "{n} of the registers these filters reach is not known to be complete to that date.",
            "{n} of the registers these filters reach are not known to be complete to that date.",
            len(lines),
        )
    narrow = t("Narrow the jurisdiction or designation to see only theirs; see Methodology for each register's dates.")
    st.info(f"{plain(head)} {plain(many)} {narrow}", icon=":material/history:")
    box = lazy.expander(t("Which registers ({n})", n=len(lines)), key="which_registers")
    if box is not None:
        box.markdown(body)


def _lines(reg: registry.Registry, notices: list[registers.Notice], date: dt.date) -> tuple[tuple[registers.Notice, ...], str, tuple[str, ...], str]:
    """(the notices, their heading, their lines, the lines as a plain-text markdown list), in the reader's language."""
    if not notices:
        return (), "", (), ""
    head = translated(registers.HEADING, date=date.isoformat())
    titles = labels.register_titles(reg)
    lines = tuple(statement(n, titles.get(n.register, n.title)) for n in notices)
    return tuple(notices), head, lines, "\n".join(f"- {plain(line)}" for line in lines)


def statement(notice: registers.Notice, title: str) -> str:
    """One register's currency in the reader's language (the register's own words from the catalogue, where it has them)."""
    values = {"title": title, "complete_from": word(notice.complete_from), "after_complete": word(notice.after_complete)}
    if notice.complete_to is None:
        return translated(registers.SENTENCE_OPEN, **values)
    return translated(registers.SENTENCE, complete_to=notice.complete_to.isoformat(), **values)
