"""Column headings and formats, the same in every table of the dashboard, and the tables' day-dates."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
import streamlit as st

from ui import context, labels
from ui.i18n import t


def source(heading: str | None = None) -> object:
    """A column of source links (headed "Source" unless the table says which source)."""
    return st.column_config.LinkColumn(heading or t("Source"), display_text=t("source"))


def whole_number(heading: str) -> object:
    """A column of counts or days, shown as whole numbers."""
    return st.column_config.NumberColumn(heading, format="%d")


def law_text() -> dict[str, object]:
    """A law's own column of links."""
    return {"url": st.column_config.LinkColumn(t("Text"), display_text=t("text"))}


def headings() -> dict[str, object]:
    """A column of registry results -> how every table shows it, in the reader's language."""
    return {
        "date": t("Date"),
        "event": t("Event"),
        "start_date": t("Start"),
        "end_date": t("End"),
        "status": t("Status"),
        "jurisdiction": t("By"),  # translators: a column: the jurisdiction that designated (took the measure)
        "designation": t("Designation"),
        "outlet_name": t("Outlet or person"),
        "outlet_label": t("Outlet (as listed)"),  # registry.rollup.label: "Meduza (SIA Medusa Project)"
        "outlet_name_native": t("Native name"),
        "outlet_kind": t("Kind"),
        "outlet_country": t("Based in"),  # translators: a column: the country an outlet is based in
        "registry_ref": t("Registry no."),
        "legal_basis": t("Legal basis"),
        "authority": t("Authority"),
        "source_url": source(),
        "outlet_id": t("Outlet id"),
        "designation_id": t("Designation id"),
        # columns that only some tables have (Methodology's tables, an outlet's designations)
        "code": t("Code"),
        "label": t("Label"),
        "official_terms": t("Official terms"),
        "effect": t("Effect"),
        "id": t("Id"),
        "title_en": t("Title"),
        "title_native": t("Native title"),
        "url": t("Link"),
        "notes": t("Notes"),
        "end_reason": t("End reason"),
        "decision_date": t("Decision date"),
        "decision_ref": t("Decision no."),
        "responds_to": t("Responds to"),
        "name": t("Name"),
        "title": t("Title"),
        "publisher": t("Publisher"),
        "official": t("Official"),
        "format": t("Format"),
        "checked": t("Checked"),
        "accessed": t("Accessed"),
        "count": t("Count"),
        "kind": t("Kind"),
        "published": t("Published"),
        "coverage": t("Coverage"),
        "year": t("Year"),
    }


# The columns of a table of starts and ends (registry.changes): the Overview's latest changes, What changed.
CHANGE_EVENTS = ["date", "event", "designation_id", "outlet_name", "jurisdiction", "designation", "registry_ref", "source_url"]


def config(columns: Iterable[str], **own: object) -> dict[str, object]:
    """The shared settings of these columns, with a table's own (`own`) added or put first; a column
    neither names is headed by its name in words (some_column -> "Some column")."""
    shared = headings()
    return {**{c: shared.get(c, str(c).replace("_", " ").capitalize()) for c in columns if c not in own}, **own}


def change_events() -> dict:
    """The settings of a table of starts and ends."""
    return config(CHANGE_EVENTS)


def jurisdiction_summary(as_of) -> dict[str, object]:
    """The settings of registry.jurisdiction_summary's table (with a `name` column added by the page)."""
    return {
        "jurisdiction": t("Code"),
        "name": t("Jurisdiction"),
        "designations": whole_number(t("Designations")),
        "in_force": whole_number(t("In force on {date}", date=as_of.isoformat())),
        "measures": t("Measures"),
        "outlets": whole_number(t("Outlets and people")),
        "first": t("First"),
        "latest": t("Latest"),
    }


def as_days(frame: pd.DataFrame) -> pd.DataFrame:
    """Every timestamp column as its day, YYYY-MM-DD (sorts as dates do), blank when missing: tables
    show days, not midnights, and no "None"."""
    stamps = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    return frame.assign(**{c: _days(frame[c]) for c in stamps}) if stamps else frame


def _days(stamps: pd.Series) -> pd.Series:
    """YYYY-MM-DD of each timestamp (in its own time zone when it has one), "" when missing; vectorised."""
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        stamps = stamps.dt.tz_localize(None)
    days = np.datetime_as_string(stamps.to_numpy().astype("datetime64[D]"), unit="D")
    return pd.Series(np.where(stamps.isna().to_numpy(), "", days), index=stamps.index, dtype="str")


def shown(frame: pd.DataFrame, columns: list[str] | None = None, keep: set[str] | frozenset[str] = frozenset()) -> pd.DataFrame:
    """The frame as a table shows it: these columns (all when None), days for dates, words for codes (ui.labels;
    not in the columns of `keep`, which a table sets itself), blanks for missing text."""
    return labels.readable(as_days(frame if columns is None else frame[columns]), context.vocabulary(), keep=keep)


def show(frame: pd.DataFrame, columns: list[str] | None = None, **options) -> object:
    """st.dataframe of these columns (all when None) with days for dates, words for codes (ui.labels; not in
    the columns a table sets itself) and the shared settings; `column_config` in options is a table's own
    settings; the rest goes to st.dataframe."""
    own = {c: v for c, v in options.pop("column_config", {}).items() if c in (frame.columns if columns is None else columns)}
    return _dataframe(shown(frame, columns, keep=set(own)), list(map(str, frame.columns if columns is None else columns)), own, options)


def show_shared(name: str, cache_key: str, build: Callable[[], pd.DataFrame], columns: list[str] | None = None, **options) -> object:
    """show() of build()'s frame, the shown table made once per server for this key and name and sent
    from there (ui.ready: for short tables only, at most ui.ready.MAX_ROWS rows)."""
    from ui import ready

    own = options.pop("column_config", {})
    table = ready.table(name, cache_key, build, columns, keep=own)
    return _dataframe(table.arrow, list(table.columns), {c: v for c, v in own.items() if c in table.columns}, options)


def _dataframe(data, names: list[str], own: dict, options: dict) -> object:
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    return st.dataframe(data, column_config=config(names, **own), **options)
