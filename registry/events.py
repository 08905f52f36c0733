"""Starts and ends of designations: those in a period, the latest ones, and their counts. Pure pandas.

The What changed page and the Overview's latest changes read these. How fresh the sources are is in
registry.freshness; the data's release notes (CHANGES.md) in registry.changelog; what changed between
two releases of the data, row by row, in registry.release_diff.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

EVENTS = ("started", "ended")
EVENT_COLUMNS = ["date", "event", "designation_id", "outlet_id", "outlet_name", "jurisdiction", "designation", "registry_ref", "source_url"]


def events(rows: pd.DataFrame, since: dt.date | None = None, until: dt.date | None = None) -> pd.DataFrame:
    """One row per start and per end of the given designations that falls in [since, until], newest first."""
    parts = []
    for event, column in (("started", "start_date"), ("ended", "end_date")):
        dates = rows[column]
        mask = dates.notna()
        if since:
            mask &= dates >= pd.Timestamp(since)
        if until:
            mask &= dates <= pd.Timestamp(until)
        part = rows.loc[mask]
        parts.append(
            pd.DataFrame(
                {
                    "date": part[column],
                    "event": event,
                    **{c: part[c].astype("str") for c in EVENT_COLUMNS[2:] if c in part.columns},
                }
            )
        )
    out = pd.concat(parts, ignore_index=True).reindex(columns=EVENT_COLUMNS)
    if out.empty:
        return out.astype({"date": "datetime64[s]"})
    return out.sort_values(["date", "event", "designation_id"], ascending=[False, True, True], kind="stable").reset_index(drop=True)


def latest(rows: pd.DataFrame, n: int = 5, as_of: dt.date | None = None) -> pd.DataFrame:
    """The n most recent starts or ends on or before as_of (default today)."""
    return events(rows, until=as_of or dt.date.today()).head(n)


def event_counts(found: pd.DataFrame, by: str) -> pd.DataFrame:
    """Starts and ends per jurisdiction or per designation: columns <by>, started, ended, most first."""
    if by not in ("jurisdiction", "designation"):
        raise ValueError(f"by: {by!r} is not jurisdiction or designation")
    if found.empty:
        return pd.DataFrame(columns=[by, *EVENTS])
    table = found.pivot_table(index=by, columns="event", values="designation_id", aggfunc="count", fill_value=0)
    table = table.reindex(columns=list(EVENTS), fill_value=0).astype(int).reset_index()
    table.columns.name = None
    return table.sort_values(["started", "ended", by], ascending=[False, False, True], kind="stable").reset_index(drop=True)
