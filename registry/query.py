"""Questions asked of the registry, in pure pandas: filters, status on a date, facets, timelines, profiles."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from registry import params, rollup
from registry.index import QueryIndex, codes_of, day_seconds
from registry.params import STATUSES
from registry.search_keys import fold, rank_keys

if TYPE_CHECKING:
    from registry.load import Registry

# Filter field -> column of the designation table it constrains (the names: registry.params.FACETS).
FACETS = {**{f.field: f.column for f in params.FACETS}, "status": "status"}



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


def select(reg: Registry, filters: Filters = Filters()) -> pd.DataFrame:
    """The designations matching the filters, with `status` on `filters.as_of`.

    A designation that starts after `as_of` is not in the result; one whose end_date is on or
    before it is `ended`; otherwise `in_force`. Newest first.
    """
    t, ix = reg.table, reg.index
    mask = _mask(ix, filters)
    rows = ix.order[mask[ix.order]]  # the precomputed newest-first order, kept to the matching rows
    out = t.iloc[rows, ix.shown_columns]
    ended = pa.array(ix.end[rows] <= day_seconds(filters.date))
    status = pd.Series(pd.array(pc.if_else(ended, "ended", "in_force"), dtype="str"), index=out.index)
    out.insert(out.columns.get_loc("end_date") + 1, "status", status)
    return _by_relevance(reg, out, filters.q) if filters.q.strip() and len(out) else out


def _by_relevance(reg: Registry, rows: pd.DataFrame, q: str) -> pd.DataFrame:
    """A search's rows, best matches first (search_keys.rank on the entity's and its brand's names),
    newest first within a rank."""
    keys, folded = _name_keys(reg), fold(q)
    ranks = {oid: rank_keys(keys.get(oid, ()), folded) for oid in rows["outlet_id"].unique()}
    order = np.argsort(rows["outlet_id"].map(ranks).to_numpy(), kind="stable")
    return rows.iloc[order]


def names_of(reg: Registry, outlet_id: str) -> list[str]:
    """Every name an entity is known by: its own name, native name and aliases, and its brand's."""
    own = _own_names(reg)
    return [n for oid in dict.fromkeys([outlet_id, reg.brand_of.get(outlet_id, outlet_id)]) for n in own.get(oid, ())]


@functools.lru_cache(maxsize=8)
def _own_names(reg: Registry) -> dict[str, tuple[str, ...]]:
    """Outlet id -> its name, native name and aliases (made once per registry: its tables never change)."""
    outlets = reg.outlets
    own = {}
    for oid, name, native, aliases in zip(outlets["id"], outlets["name"], outlets["name_native"], outlets["aliases"], strict=True):
        names = [name, native, *(a.strip() for a in aliases.split("|"))] if isinstance(aliases, str) else [name, native]
        own[oid] = tuple(n for n in names if isinstance(n, str) and n)
    return own


@functools.lru_cache(maxsize=8)
def _name_keys(reg: Registry) -> dict[str, tuple[str, ...]]:
    """Outlet id -> names_of() folded for ranking, made once per registry, not on every search."""
    return {oid: tuple(fold(n) for n in names_of(reg, oid)) for oid in _own_names(reg)}


def _mask(ix: QueryIndex, filters: Filters) -> np.ndarray:
    """Rows started by `filters.as_of` that match every filter (what select() keeps)."""
    day = day_seconds(filters.date)
    mask = ix.start <= day
    if filters.status:
        ended = ix.end <= day
        mask &= ended if filters.status == "ended" else ~ended
    for name, column in FACETS.items():
        wanted = getattr(filters, name)
        if name != "status" and wanted:
            mask &= ix.isin(column, wanted)
    if filters.since:
        mask &= ix.start >= day_seconds(filters.since)
    if filters.until:
        mask &= ix.start <= day_seconds(filters.until)
    if filters.q.strip():
        words = fold(filters.q).split()
        if not words:  # only punctuation or symbols: nothing to look for, so nothing is found (not every row)
            mask &= False
        for word in words:  # every word of the query occurs in the key (registry.search_keys.matches)
            mask &= ix.contains(word)
    return mask


def facet_counts(reg: Registry, filters: Filters, name: str) -> pd.Series:
    """Rows each value of one facet would give, with every other filter applied (zero counts kept)."""
    if name not in FACETS:
        raise ValueError(f"facet: {name!r} is not one of {', '.join(FACETS)}")
    ix = reg.index
    others = filters.without(name)
    mask = _mask(ix, others)
    column = FACETS[name]
    ended = ix.end <= day_seconds(others.date)
    if column == "status":
        codes, labels = ended.astype(np.int64), np.array(["in_force", "ended"], dtype=object)
        universe, alphabetical = np.array([0, 1]), np.array([1, 0])  # STATUSES; "ended" sorts first
    else:
        codes, labels, universe = ix.codes[column], ix.labels[column], ix.appearance[column]
        alphabetical = universe  # labels are sorted, so a code is its alphabetical rank
    counts = np.bincount(codes[mask & (codes >= 0)], minlength=len(labels))[universe]
    order = _facet_order(counts, alphabetical, lambda: _first_seen(ix, mask, codes, universe))
    return pd.Series(counts[order].astype(np.int64), index=pd.Index(labels[universe][order], dtype="str"), name="rows")


def _first_seen(ix: QueryIndex, mask: np.ndarray, codes: np.ndarray, universe: np.ndarray) -> np.ndarray:
    """Position of each universe value's first row in select()'s order (ties in value_counts)."""
    in_order = codes[ix.order[mask[ix.order]]]
    seen, first = np.unique(in_order, return_index=True)
    return first[np.searchsorted(seen, universe)]


def _facet_order(counts: np.ndarray, alphabetical: np.ndarray, first_seen) -> np.ndarray:
    """The order the facet counts are shown in: most rows first; ties alphabetical.

    Mirrors what value_counts + Index.union gave: the values in order of first appearance in the
    table when nothing matches, or when value_counts' own order (ties by first row in the
    result) is that same order; otherwise ties in alphabetical order. `counts` is in appearance order.
    """
    n = len(counts)
    by_count = np.argsort(-counts, kind="stable")
    if n == 0 or not counts.any():
        return np.arange(n)
    if counts.all() and (np.diff(counts) <= 0).all():
        value_counts = np.lexsort((first_seen(), -counts))
        if (value_counts == np.arange(n)).all():
            return by_count
    return np.lexsort((alphabetical, -counts))


def started_per_period(rows: pd.DataFrame, freq: str = "year", by: str = "designation") -> pd.DataFrame:
    """Designations started per year or month, by designation or jurisdiction: columns period, <by>, count."""
    if freq not in ("year", "month"):
        raise ValueError(f"freq: {freq!r} is not year or month")
    if by not in ("designation", "jurisdiction"):
        raise ValueError(f"by: {by!r} is not designation or jurisdiction")
    if not rows.empty:
        unit = "Y" if freq == "year" else "M"
        starts = rows["start_date"].to_numpy("datetime64[s]")
        ordinals = starts.astype(f"datetime64[{unit}]").view("i8")  # numpy's years/months since 1970 are Period ordinals
        codes, labels = codes_of(rows[by])
        keep = (codes >= 0) & ~np.isnat(starts)
        if keep.any():
            ordinals, codes = ordinals[keep], codes[keep]
            first, n = ordinals.min(), len(labels)
            per_cell = np.bincount((ordinals - first) * n + codes, minlength=int(ordinals.max() - first + 1) * n)
            cells = np.flatnonzero(per_cell)  # ascending: by period, then by label (sorted)
            return pd.DataFrame(
                {
                    "period": pd.PeriodIndex.from_ordinals(cells // n + first, freq=unit).start_time,
                    by: pd.array(labels[cells % n], dtype="str"),
                    "count": per_cell[cells].astype(np.int64),
                }
            )
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
    # In force on day d: started on or before d, and not ended on or before d. Each start (end) is
    # counted at the first point on or after it, then a running sum per group gives every point.
    points = dates.to_numpy("datetime64[s]")
    if by:
        codes, labels = codes_of(rows[by])
    else:
        codes, labels = np.zeros(len(rows), dtype=np.int64), np.array([None], dtype=object)
    used = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(labels)))
    if len(used) == 0:
        return pd.concat([])  # as grouping would: no group, nothing to concatenate
    group = np.full(len(labels), -1)
    group[used] = np.arange(len(used))
    width = len(points) + 1

    def running(values: np.ndarray) -> np.ndarray:
        known = (codes >= 0) & ~np.isnat(values)
        slot = group[codes[known]] * width + np.searchsorted(points, values[known], side="left")
        return np.bincount(slot, minlength=len(used) * width).reshape(len(used), width)[:, :-1].cumsum(axis=1)

    count = running(rows["start_date"].to_numpy("datetime64[s]")) - running(rows["end_date"].to_numpy("datetime64[s]"))
    out = pd.DataFrame({"date": np.tile(dates.to_numpy(), len(used))})
    if by:
        out[by] = pd.array(np.repeat(labels[used], len(points)), dtype="str")
    out["in_force"] = count.ravel().astype(np.int64)
    return out[columns]


@dataclass(frozen=True)
class JurisdictionSummary:
    table: pd.DataFrame  # one row per jurisdiction: designations, in_force, outlets, measures, first, latest, per_year
    years: list[int]  # the years that per_year counts, oldest first (the same for every row)


def jurisdiction_summary(reg: Registry, filters: Filters = Filters()) -> JurisdictionSummary:
    """Per designating jurisdiction, over the designations select() returns for these filters: how many,
    how many in force on `filters.as_of`, how many entities, which measures (most used first), first
    and latest start, and designations started per year. Counted on the query index, not the rows."""
    columns = ["jurisdiction", "designations", "in_force", "outlets", "measures", "first", "latest", "per_year"]
    ix = reg.index
    mask = _mask(ix, filters)
    juris = ix.codes["jurisdiction"][mask]
    starts = ix.start[mask]
    if not len(juris):
        return JurisdictionSummary(pd.DataFrame(columns=columns), [])
    juris_labels, measure_labels = ix.labels["jurisdiction"], ix.labels["designation"]
    n, m = len(juris_labels), len(measure_labels)
    year = starts.astype("datetime64[s]").astype("datetime64[Y]").view("i8") + 1970
    first_year, last_year = int(year.min()), int(year.max())
    span = last_year - first_year + 1
    per_year = np.bincount(juris * span + (year - first_year), minlength=n * span).reshape(n, span)
    count = per_year.sum(axis=1)
    in_force = np.bincount(juris, weights=ix.end[mask] > day_seconds(filters.date), minlength=n).astype(np.int64)
    seen = np.zeros((n, len(ix.labels["outlet_id"])), dtype=bool)  # jurisdiction x entity
    seen[juris, ix.codes["outlet_id"][mask]] = True
    outlets = seen.sum(axis=1)
    per_measure = np.bincount(juris * m + ix.codes["designation"][mask], minlength=n * m).reshape(n, m)
    first = np.full(n, np.iinfo(np.int64).max)
    latest = np.full(n, np.iinfo(np.int64).min)
    np.minimum.at(first, juris, starts)
    np.maximum.at(latest, juris, starts)
    present = np.flatnonzero(count)
    out = pd.DataFrame(
        {
            "jurisdiction": pd.array(juris_labels[present], dtype="str"),
            "designations": count[present].astype(np.int64),
            "in_force": in_force[present],
            "outlets": outlets[present].astype(np.int64),
            # most used first; ties in code order
            "measures": [[str(measure_labels[k]) for k in np.argsort(-per_measure[j], kind="stable") if per_measure[j, k]] for j in present],
            "first": pd.to_datetime(first[present], unit="s"),
            "latest": pd.to_datetime(latest[present], unit="s"),
            "per_year": [per_year[j].tolist() for j in present],
        }
    )
    out = out.sort_values(["designations", "jurisdiction"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return JurisdictionSummary(out[columns], list(range(first_year, last_year + 1)))


@dataclass(frozen=True)
class OutletProfile:
    outlet: pd.Series
    designations: pd.DataFrame  # every designation of this outlet, with status on the date asked
    parent: pd.Series | None
    children: pd.DataFrame  # entities whose parent is this outlet
    siblings: pd.DataFrame  # other entities under the same parent
    related_designations: pd.DataFrame = field(repr=False)  # designations of the parent and of every entity under this one
    responses: pd.DataFrame = field(repr=False)  # designations answering, or answered by, this outlet's
    rolled_up: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)  # its own and every entity's under it (rollup.under)


def outlet_profile(reg: Registry, outlet_id: str, as_of: dt.date | None = None) -> OutletProfile:
    outlets = reg.outlet_rows
    if outlet_id not in outlets.index:
        raise KeyError(f"outlet: {outlet_id!r} is not an outlet id")
    outlet = outlets.loc[outlet_id]
    everything = select(reg, Filters(as_of=as_of))
    by_start = ["start_date", "designation_id"]
    own = everything[everything["outlet_id"] == outlet_id].sort_values(by_start, kind="stable")
    parent_id = outlet["parent_id"]
    parent = outlets.loc[parent_id] if isinstance(parent_id, str) and parent_id in outlets.index else None
    children = reg.outlets[reg.outlets["parent_id"] == outlet_id]
    siblings = reg.outlets[(reg.outlets["parent_id"] == parent_id) & (reg.outlets["id"] != outlet_id)] if parent is not None else reg.outlets.iloc[0:0]
    below = rollup.under(reg.outlets, outlet_id)
    rolled_up = everything[everything["outlet_id"].isin([outlet_id, *below])].sort_values(by_start, kind="stable")
    related = everything[everything["outlet_id"].isin(set(below) | ({parent_id} if parent is not None else set()))]
    own_ids = set(own["designation_id"])
    answers = everything["responds_to"].isin(own_ids)
    answered = everything["designation_id"].isin(set(own["responds_to"].dropna()))
    return OutletProfile(outlet, own, parent, children, siblings, related, everything[answers | answered], rolled_up)
