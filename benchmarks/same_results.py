"""The fast query functions return exactly what the pre-optimisation ones did (benchmarks/baseline_query.py).

    python -m benchmarks.same_results [--small] [DATA_DIR ...]   # default: data/ and a 10,000-row synthetic registry

Compares frames and series with pandas' strict equality (values, dtypes, index, column order) over
a grid of filters. Run by run.py before any timing, so a figure never comes from a wrong answer.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
import tempfile
from pathlib import Path

import pandas as pd

import registry
from benchmarks import baseline_query as before
from benchmarks import synth
from registry import query as after


def filter_grid(reg: registry.Registry, small: bool = False) -> list[registry.Filters]:
    t = reg.table
    top = {c: list(t[c].astype("str").value_counts().index[:2]) for c in ("jurisdiction", "designation", "outlet_country", "outlet_kind")}
    word = str(t["search_key"].iloc[len(t) // 2]).split()[0] if len(t) else "x"
    grid = [registry.Filters()]
    days = [dt.date(2024, 2, 2)] if small else [dt.date(2015, 6, 30), dt.date(2024, 2, 2), None]
    for j, d, status, q, day in itertools.product(([], top["jurisdiction"][:1]), ([], top["designation"]), (None, "in_force", "ended"), ("", word, "Медуза radio"), days):
        grid.append(registry.Filters(jurisdictions=tuple(j), designations=tuple(d), status=status, q=q, as_of=day))
    grid.append(registry.Filters(outlet_countries=tuple(top["outlet_country"]), kinds=tuple(top["outlet_kind"][:1]), since=dt.date(2020, 1, 1), until=dt.date(2023, 12, 31)))
    grid.append(registry.Filters(q="!!!"))  # folds to nothing: every row
    grid.append(registry.Filters(jurisdictions=("ZZ",)))  # nothing
    return grid


def check(reg: registry.Registry, small: bool = False) -> int:
    n = 0
    for f in filter_grid(reg, small):
        new, old = after.select(reg, f), before.select(reg, f)
        if f.q:  # a search ranks its matches (exact, prefix, whole word, fragment; the outlet roll-up): the same rows, in a new order
            pd.testing.assert_frame_equal(new.sort_index(), old.sort_index(), check_index_type=True)
        else:
            pd.testing.assert_frame_equal(new, old, check_index_type=True)
        for name in after.FACETS:
            pd.testing.assert_series_equal(after.facet_counts(reg, f, name), before.facet_counts(reg, f, name))
        for freq, by in itertools.product(("year", "month"), ("designation", "jurisdiction")):
            pd.testing.assert_frame_equal(after.started_per_period(new, freq, by), before.started_per_period(old, freq, by))
        for freq, by in itertools.product(("year", "month"), (None, "designation", "jurisdiction")):
            pd.testing.assert_frame_equal(after.in_force_over_time(new, freq, by, end=f.as_of), before.in_force_over_time(old, freq, by, end=f.as_of))
        n += 1
    return n


def main(argv: list[str]) -> None:
    small = "--small" in argv  # one as_of date instead of three (what run.py --quick uses)
    dirs = [Path(a) for a in argv if a != "--small"]
    if not dirs:
        dirs = [Path(__file__).resolve().parents[1] / "data", synth.generate(10_000, tempfile.mkdtemp(prefix="mfr-same-"))]
    for d in dirs:
        n = check(registry.load(d), small)
        print(f"same results: {d} ({n} filter sets x 5 facets x 10 timelines)")


if __name__ == "__main__":
    main(sys.argv[1:])
