"""registry/query.py as it was before the speed work (commit dc6b350), kept to measure before/after in one run and to check that the fast version returns exactly the same results. Not imported by the project."""


from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from registry.search_keys import fold, matches

if TYPE_CHECKING:
    from registry.load import Registry

STATUSES = ("in_force", "ended")

# Filter parameter -> column of the designation table it constrains.
FACETS = {
    "jurisdictions": "jurisdiction",
    "designations": "designation",
    "outlet_countries": "outlet_country",
    "kinds": "outlet_kind",
    "status": "status",
}

_OUTLET_COLUMNS = {
    "name": "outlet_name",
    "name_native": "outlet_name_native",
    "aliases": "outlet_aliases",
    "kind": "outlet_kind",
    "country": "outlet_country",
    "parent_id": "outlet_parent_id",
}


@dataclass(frozen=True)
class Filters:
    """What a reader asked for. Empty tuples mean "all"; `as_of` defaults to today."""

    jurisdictions: tuple[str, ...] = ()
    designations: tuple[str, ...] = ()
    outlet_countries: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    status: str | None = None
    as_of: dt.date | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    q: str = ""

    def __post_init__(self) -> None:
        for name in ("jurisdictions", "designations", "outlet_countries", "kinds"):
            value = getattr(self, name)
            if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{name}: expected a sequence of codes, got {value!r}")
            object.__setattr__(self, name, tuple(value))
        if self.status not in (None, *STATUSES):
            raise ValueError(f"status: {self.status!r} is not one of {', '.join(STATUSES)}")
        for name in ("as_of", "since", "until"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, dt.date):
                raise ValueError(f"{name}: expected a date, got {value!r}")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since/until: since ({self.since}) is after until ({self.until})")

    @property
    def date(self) -> dt.date:
        return self.as_of or dt.date.today()

    def without(self, name: str) -> Filters:
        """The same filters less one (a facet's counts ignore its own filter)."""
        empty = {f.name: f.default for f in fields(self)}[name]
        return Filters(**{**{f.name: getattr(self, f.name) for f in fields(self)}, name: empty})

    def describe(self) -> dict[str, str]:
        """The filters as shown to people and in export metadata (only those set, plus the date)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "as_of":
                out[f.name] = self.date.isoformat()
            elif isinstance(value, tuple) and value:
                out[f.name] = ", ".join(value)
            elif isinstance(value, dt.date):
                out[f.name] = value.isoformat()
            elif value:
                out[f.name] = str(value)
        return out


def build_table(reg: Registry) -> pd.DataFrame:
    """One row per designation joined with its outlet; codes as categoricals; a folded search key."""
    outlets = reg.outlets.set_index("id")
    d = reg.designations.rename(columns={"id": "designation_id"})
    joined = d.join(outlets[list(_OUTLET_COLUMNS)].rename(columns=_OUTLET_COLUMNS), on="outlet_id")
    parent_names = outlets["name"].reindex(joined["outlet_parent_id"]).to_numpy()
    search_text = (
        joined[["outlet_name", "outlet_name_native", "outlet_aliases", "outlet_id", "registry_ref"]]
        .fillna("")
        .astype(str)
        .agg(" ".join, axis=1)
        + " "
        + pd.Series(parent_names, index=joined.index).fillna("").astype(str)
    )
    joined["search_key"] = search_text.map(fold).astype("str")
    for col in ("jurisdiction", "designation", "legal_basis", "outlet_kind", "outlet_country"):
        joined[col] = joined[col].astype("category")
    return joined


def status_on(table: pd.DataFrame, date: dt.date) -> pd.Series:
    """in_force / ended on a date, for rows that had started by then (others get NA)."""
    day = pd.Timestamp(date)
    started = table["start_date"] <= day
    ended = table["end_date"].notna() & (table["end_date"] <= day)
    status = np.where(ended, "ended", "in_force")
    return pd.Series(status, index=table.index, dtype="str").where(started)


def select(reg: Registry, filters: Filters = Filters()) -> pd.DataFrame:  # noqa: B008 (kept as it was)
    """The designations matching the filters, with `status` on `filters.as_of`.

    A designation that starts after `as_of` is not in the result; one whose end_date is on or
    before it is `ended`; otherwise `in_force`. Newest first.
    """
    t = reg.table
    status = status_on(t, filters.date)
    mask = status.notna()
    for name, column in FACETS.items():
        wanted = getattr(filters, name)
        if name == "status":
            if wanted:
                mask &= status == wanted
        elif wanted:
            mask &= t[column].isin(wanted).to_numpy()
    if filters.since:
        mask &= t["start_date"] >= pd.Timestamp(filters.since)
    if filters.until:
        mask &= t["start_date"] <= pd.Timestamp(filters.until)
    if filters.q.strip():
        mask &= matches(t["search_key"], filters.q)
    out = t.loc[mask].drop(columns="search_key")
    out.insert(out.columns.get_loc("end_date") + 1, "status", status[mask].astype("str"))
    return out.sort_values(["start_date", "designation_id"], ascending=[False, True], kind="stable")


def facet_counts(reg: Registry, filters: Filters, name: str) -> pd.Series:
    """Rows each value of one facet would give, with every other filter applied (zero counts kept)."""
    if name not in FACETS:
        raise ValueError(f"facet: {name!r} is not one of {', '.join(FACETS)}")
    rows = select(reg, filters.without(name))
    column = FACETS[name]
    counts = rows[column].astype("str").value_counts()
    if column == "status":
        universe = pd.Index(STATUSES)
    else:
        universe = pd.Index(reg.table[column].dropna().astype("str").unique())
    return counts.reindex(universe.union(counts.index), fill_value=0).sort_values(ascending=False, kind="stable").rename("rows")


def started_per_period(rows: pd.DataFrame, freq: str = "year", by: str = "designation") -> pd.DataFrame:
    """Designations started per year or month, by designation or jurisdiction: columns period, <by>, count."""
    if freq not in ("year", "month"):
        raise ValueError(f"freq: {freq!r} is not year or month")
    if by not in ("designation", "jurisdiction"):
        raise ValueError(f"by: {by!r} is not designation or jurisdiction")
    period = rows["start_date"].dt.to_period("Y" if freq == "year" else "M").dt.start_time
    out = (
        pd.DataFrame({"period": period, by: rows[by].astype("str")})
        .groupby(["period", by], observed=True)
        .size()
        .rename("count")
        .reset_index()
    )
    return out.sort_values(["period", by], kind="stable").reset_index(drop=True)


def in_force_over_time(rows: pd.DataFrame, freq: str = "month", by: str | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """Designations in force at the end of each month (or year), optionally by designation or jurisdiction.

    Columns: date, [<by>], in_force. The series runs from the first start to `end` (default today).
    """
    if freq not in ("year", "month"):
        raise ValueError(f"freq: {freq!r} is not year or month")
    if by not in (None, "designation", "jurisdiction"):
        raise ValueError(f"by: {by!r} is not designation or jurisdiction")
    columns = ["date", *([by] if by else []), "in_force"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    end_ts = pd.Timestamp(end or dt.date.today())
    dates = pd.date_range(rows["start_date"].min(), end_ts, freq="ME" if freq == "month" else "YE")
    if len(dates) == 0 or dates[-1] < end_ts:
        dates = dates.append(pd.DatetimeIndex([end_ts]))
    groups = rows.groupby(rows[by].astype("str"), observed=True) if by else [(None, rows)]
    parts = []
    for key, group in groups:
        starts = np.sort(group["start_date"].to_numpy("datetime64[s]"))
        ends = np.sort(group["end_date"].dropna().to_numpy("datetime64[s]"))
        points = dates.to_numpy("datetime64[s]")
        # In force on day d: started on or before d, and not ended on or before d.
        count = np.searchsorted(starts, points, side="right") - np.searchsorted(ends, points, side="right")
        part = pd.DataFrame({"date": dates, "in_force": count})
        if by:
            part.insert(1, by, key)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)[columns]


@dataclass(frozen=True)
class OutletProfile:
    outlet: pd.Series
    designations: pd.DataFrame  # every designation of this outlet, with status on the date asked
    parent: pd.Series | None
    children: pd.DataFrame  # entities whose parent is this outlet
    siblings: pd.DataFrame  # other entities under the same parent
    related_designations: pd.DataFrame = field(repr=False)  # designations of parent and children
    responses: pd.DataFrame = field(repr=False)  # designations answering, or answered by, this outlet's


def outlet_profile(reg: Registry, outlet_id: str, as_of: dt.date | None = None) -> OutletProfile:
    outlets = reg.outlets.set_index("id", drop=False)
    if outlet_id not in outlets.index:
        raise KeyError(f"outlet: {outlet_id!r} is not an outlet id")
    outlet = outlets.loc[outlet_id]
    everything = select(reg, Filters(as_of=as_of))
    own = everything[everything["outlet_id"] == outlet_id].sort_values(["start_date", "designation_id"], kind="stable")
    parent_id = outlet["parent_id"]
    parent = outlets.loc[parent_id] if isinstance(parent_id, str) and parent_id in outlets.index else None
    children = reg.outlets[reg.outlets["parent_id"] == outlet_id]
    siblings = reg.outlets[(reg.outlets["parent_id"] == parent_id) & (reg.outlets["id"] != outlet_id)] if parent is not None else reg.outlets.iloc[0:0]
    related_ids = set(children["id"]) | ({parent_id} if parent is not None else set())
    related = everything[everything["outlet_id"].isin(related_ids)]
    own_ids = set(own["designation_id"])
    answers = everything["responds_to"].isin(own_ids)
    answered = everything["designation_id"].isin(set(own["responds_to"].dropna()))
    return OutletProfile(outlet, own, parent, children, siblings, related, everything[answers | answered])
