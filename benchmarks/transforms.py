"""The dashboard's per-interaction work, timed through the registry API and answered by DuckDB, in one process.

    python -m benchmarks.transforms DATA_DIR [--reps 7] [--no-before]   # prints one JSON object

One interaction = what a filter change costs the dashboard: select() with jurisdiction + designation
+ status on a date + a text search, facet_counts() for the 5 sidebar facets, started_per_period()
yearly and in_force_over_time() monthly. DuckDB answers the same questions over the same CSV files,
loaded once into tables (the join and the folded search key computed as build_table does: the
same `registry.search_keys.fold`, as a DuckDB function). Ours and DuckDB alternate in every repetition;
"before" is benchmarks/baseline_query.py (the query module before the speed work), also in the same
process and run. Each of our calls starts with the search-word cache emptied, as if the search text
had just changed; within one interaction the 5 facets reuse what select() searched, DuckDB
scans each time (it has no such cache). Medians in milliseconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import statistics
import time
from pathlib import Path

import registry
from benchmarks import baseline_query
from registry import query
from registry.search_keys import fold

FILTERS = registry.Filters(jurisdictions=("RU",), designations=("foreign_agent",), status="in_force", as_of=dt.date(2024, 2, 2), q="radio")
BY = "designation"
TRANSFORMS = ("select", "facet_counts_x5", "started_per_period_year", "in_force_over_time_month", "interaction")


def vm(field: str) -> float:
    """A /proc/self/status figure (VmHWM = peak RSS, VmRSS = now), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


# ---------------------------------------------------------------- ours (and before)


def registry_calls(q, reg: registry.Registry, f: registry.Filters, forget) -> dict:
    def select():
        forget()
        return q.select(reg, f)

    def facets():
        forget()
        return [q.facet_counts(reg, f, name) for name in q.FACETS]

    rows = q.select(reg, f)

    def interaction():
        forget()
        r = q.select(reg, f)
        [q.facet_counts(reg, f, name) for name in q.FACETS]
        q.started_per_period(r, "year", BY)
        q.in_force_over_time(r, "month", BY, end=f.as_of)

    return {
        "select": select,
        "facet_counts_x5": facets,
        "started_per_period_year": lambda: q.started_per_period(rows, "year", BY),
        "in_force_over_time_month": lambda: q.in_force_over_time(rows, "month", BY, end=f.as_of),
        "interaction": interaction,
    }


# ---------------------------------------------------------------- DuckDB


def duckdb_load(data_dir: Path):
    import duckdb

    con = duckdb.connect()
    con.create_function("fold", fold, ["VARCHAR"], "VARCHAR", side_effects=False)
    for name in ("designations", "outlets"):
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv(?, header = true, all_varchar = true, nullstr = '')", [str(data_dir / f"{name}.csv")])
    con.execute(
        """
        CREATE TABLE t AS
        SELECT d.id AS designation_id, d.outlet_id, d.jurisdiction, d.designation, d.legal_basis, d.authority,
               CAST(d.start_date AS DATE) AS start_date, CAST(d.end_date AS DATE) AS end_date, d.end_reason,
               d.registry_ref, CAST(d.decision_date AS DATE) AS decision_date, d.decision_ref, d.source_url,
               d.responds_to, d.notes, o.name AS outlet_name, o.name_native AS outlet_name_native,
               o.aliases AS outlet_aliases, o.kind AS outlet_kind, o.country AS outlet_country, o.parent_id AS outlet_parent_id,
               fold(concat_ws(' ', coalesce(o.name, ''), coalesce(o.name_native, ''), coalesce(o.aliases, ''),
                                   coalesce(d.outlet_id, ''), coalesce(d.registry_ref, ''), coalesce(p.name, ''))) AS search_key
        FROM designations d
        LEFT JOIN outlets o ON o.id = d.outlet_id
        LEFT JOIN outlets p ON p.id = o.parent_id
        """
    )
    con.execute("DROP TABLE designations")
    con.execute("DROP TABLE outlets")
    for column in ("jurisdiction", "designation", "outlet_country", "outlet_kind"):
        con.execute(f"CREATE TABLE u_{column} AS SELECT DISTINCT {column} AS v FROM t WHERE {column} IS NOT NULL")
    con.execute("CREATE TABLE u_status AS SELECT * FROM (VALUES ('in_force'), ('ended')) AS s(v)")
    return con


def _lit(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _date(day: dt.date) -> str:
    return f"DATE '{day.isoformat()}'"


STATUS_SQL = "CASE WHEN end_date IS NOT NULL AND end_date <= {day} THEN 'ended' ELSE 'in_force' END"


def where(f: registry.Filters) -> str:
    day = _date(f.date)
    parts = [f"start_date <= {day}"]
    if f.status:
        parts.append(f"({STATUS_SQL.format(day=day)}) = {_lit(f.status)}")
    for name, column in query.FACETS.items():
        wanted = getattr(f, name)
        if name != "status" and wanted:
            parts.append(f"{column} IN ({', '.join(_lit(v) for v in wanted)})")
    if f.since:
        parts.append(f"start_date >= {_date(f.since)}")
    if f.until:
        parts.append(f"start_date <= {_date(f.until)}")
    for word in fold(f.q).split() if f.q.strip() else []:
        parts.append(f"contains(search_key, {_lit(word)})")
    return " AND ".join(parts)


def duckdb_calls(con, f: registry.Filters) -> dict:
    day = _date(f.date)
    shown = "designation_id, outlet_id, jurisdiction, designation, legal_basis, authority, start_date, end_date, " + f"{STATUS_SQL.format(day=day)} AS status, end_reason, registry_ref, decision_date, decision_ref, source_url, responds_to, notes, " + "outlet_name, outlet_name_native, outlet_aliases, outlet_kind, outlet_country, outlet_parent_id"

    def select():
        return con.execute(f"SELECT {shown} FROM t WHERE {where(f)} ORDER BY start_date DESC, designation_id").df()

    def facet(name: str):
        column = query.FACETS[name]
        value = STATUS_SQL.format(day=day) if column == "status" else column
        return con.execute(
            f"""SELECT u.v, coalesce(c.n, 0) AS rows FROM u_{column} u
                LEFT JOIN (SELECT {value} AS v, count(*) AS n FROM t WHERE {where(f.without(name))} GROUP BY ALL) c USING (v)
                ORDER BY rows DESC, u.v"""
        ).fetchall()

    def facets():
        return [facet(name) for name in query.FACETS]

    def started():
        return con.execute(f"SELECT date_trunc('year', start_date) AS period, {BY}, count(*) AS count FROM t WHERE {where(f)} GROUP BY ALL ORDER BY period, {BY}").df()

    def in_force():
        # Each start (end) counts from the first month end on or after it (the as_of date closes the
        # series); a running sum per group gives the count in force at every point.
        return con.execute(
            f"""
            WITH f AS (SELECT {BY} AS k, start_date AS s, end_date AS e FROM t WHERE {where(f)}),
            pts AS (
                SELECT CAST(last_day(m) AS DATE) AS d
                FROM (SELECT unnest(generate_series(CAST(date_trunc('month', (SELECT min(s) FROM f)) AS TIMESTAMP), CAST({day} AS TIMESTAMP), INTERVAL 1 MONTH)) AS m)
                WHERE last_day(m) <= {day}
                UNION SELECT {day}
            ),
            ev AS (
                SELECT k, least(last_day(s), {day}) AS b, 1 AS v FROM f
                UNION ALL SELECT k, least(last_day(e), {day}), -1 FROM f WHERE e IS NOT NULL AND e <= {day}
            ),
            agg AS (SELECT k, b, sum(v) AS v FROM ev GROUP BY ALL),
            keys AS (SELECT DISTINCT k FROM f)
            SELECT pts.d AS date, keys.k AS {BY}, sum(coalesce(agg.v, 0)) OVER (PARTITION BY keys.k ORDER BY pts.d) AS in_force
            FROM keys CROSS JOIN pts LEFT JOIN agg ON agg.k = keys.k AND agg.b = pts.d
            ORDER BY keys.k, pts.d
            """
        ).df()

    def interaction():
        select()
        facets()
        started()
        in_force()

    return {
        "select": select,
        "facet_counts_x5": facets,
        "started_per_period_year": started,
        "in_force_over_time_month": in_force,
        "interaction": interaction,
        "_parts": (select, facets, started, in_force),
    }


def agree(reg: registry.Registry, con, f: registry.Filters) -> bool:
    """DuckDB and the registry give the same answers (rows in order, facet counts, timelines)."""
    select, facets, started, in_force = duckdb_calls(con, f)["_parts"]
    ours = query.select(reg, f)
    same = list(ours["designation_id"]) == list(select()["designation_id"])
    for name, counts in zip(query.FACETS, facets()):
        same &= {str(k): int(v) for k, v in counts if v} == {k: int(v) for k, v in query.facet_counts(reg, f, name).items() if v}
    s = started()
    mine = query.started_per_period(ours, "year", BY)
    same &= list(s["count"]) == list(mine["count"]) and list(s[BY]) == list(mine[BY])
    series = in_force()
    mine = query.in_force_over_time(ours, "month", BY, end=f.as_of)
    same &= list(series["in_force"].astype(int)) == list(mine["in_force"]) and list(series["date"].dt.date) == list(mine["date"].dt.date)
    return bool(same)


# ---------------------------------------------------------------- timing


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def run(data_dir: Path, reps: int, before: bool, budget_s: float = 4.0) -> dict:
    t0 = time.perf_counter()
    reg = registry.load(data_dir)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    reg.table, reg.index  # noqa: B018 - what the dashboard's cache does once
    prepare_s = time.perf_counter() - t0
    peak_load = vm("VmHWM")
    gc.collect()
    rss_before_duckdb = vm("VmRSS")
    t0 = time.perf_counter()
    con = duckdb_load(data_dir)
    duckdb_load_s = time.perf_counter() - t0
    duckdb_rss = vm("VmRSS") - rss_before_duckdb

    sides = {"ours": registry_calls(query, reg, FILTERS, reg.index.forget_words), "duckdb": duckdb_calls(con, FILTERS)}
    if before:
        sides["before"] = registry_calls(baseline_query, reg, FILTERS, lambda: None)
    times: dict[str, dict[str, list[float]]] = {side: {t: [] for t in TRANSFORMS} for side in sides}
    for side in sides.values():  # warm up (imports, first-call costs), not timed
        side["interaction"]()
    for transform in TRANSFORMS:
        started = time.perf_counter()
        rep = 0
        while rep < reps or (rep < 25 and time.perf_counter() - started < budget_s):
            for side, calls in sides.items():  # alternating in every repetition
                if side == "before" and rep >= max(3, reps // 2):
                    continue  # the slow one: fewer repetitions
                times[side][transform].append(timed(calls[transform]))
            rep += 1
    medians = {side: {t: statistics.median(v) for t, v in per.items()} for side, per in times.items()}
    # The Overview's first view (its table per jurisdiction): ours only, no DuckDB counterpart timed.
    summary_ms = statistics.median(timed(lambda: query.jurisdiction_summary(reg, FILTERS)) for _ in range(reps))
    return {
        "data_dir": str(data_dir),
        "designations": len(reg.designations),
        "outlets": len(reg.outlets),
        "rows_selected": len(query.select(reg, FILTERS)),
        "filters": FILTERS.describe(),
        "load_validate_s": round(load_s, 2),
        "prepare_s": round(prepare_s, 2),
        "peak_rss_mib": round(peak_load, 1),
        "duckdb_load_s": round(duckdb_load_s, 2),
        "duckdb_rss_mib": round(duckdb_rss, 1),
        "duckdb_agrees": agree(reg, con, FILTERS),
        "repetitions": {side: len(times[side]["interaction"]) for side in sides},
        "median_ms": {side: {t: round(v, 2) for t, v in m.items()} for side, m in medians.items()},
        "ratio_vs_duckdb": {t: round(medians["ours"][t] / medians["duckdb"][t], 2) for t in TRANSFORMS},
        "overview_summary_ms": round(summary_ms, 2),
        **({"speedup_vs_before": {t: round(medians["before"][t] / medians["ours"][t], 1) for t in TRANSFORMS}} if before else {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--no-before", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.data_dir, args.reps, not args.no_before)))


if __name__ == "__main__":
    main()
