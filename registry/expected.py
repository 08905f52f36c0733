"""Expected counts: the data's designations against totals published by their sources (data/expected_counts.csv).

Like OpenSanctions' dataset assertions: each row names a register, optionally laws and a range of
start dates, and the total its source publishes. ``compare`` counts the register's designations
that match (provisional ones included: they are listings the reports name). A shortfall is a known
gap, shown on the Methodology page; more than the published total means a duplicate or a wrongly
assigned row, and is an error (``excess``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from registry.registers import register_ids

if TYPE_CHECKING:
    from registry.load import Registry

TABLE = "expected_counts"
COLUMNS = ["id", "description", "register", "expected", "found", "shortfall", "source_url", "notes"]


def compare(reg: Registry) -> pd.DataFrame:
    """One row per expected count: expected, found, shortfall (expected - found, negative if more were found)."""
    if TABLE not in reg.tables:
        return pd.DataFrame(columns=COLUMNS)
    table = reg.table
    ids = register_ids(reg)
    urls = dict(zip(reg.sources["id"], reg.sources["url"]))
    out = []
    for r in reg.tables[TABLE].itertuples(index=False):
        mask = ids == r.register
        if isinstance(r.legal_basis, str) and r.legal_basis:
            mask &= table["legal_basis"].astype(str).isin(r.legal_basis.split())
        if not pd.isna(r.start_from):
            mask &= table["start_date"] >= r.start_from
        mask &= table["start_date"] <= r.start_to
        found = int(mask.sum())
        out.append(
            {
                "id": r.id,
                "description": r.description,
                "register": r.register,
                "expected": int(r.expected),
                "found": found,
                "shortfall": int(r.expected) - found,
                "source_url": urls.get(r.source_id, ""),
                "notes": r.notes if isinstance(r.notes, str) else "",
            }
        )
    return pd.DataFrame(out, columns=COLUMNS)


def gaps(reg: Registry) -> pd.DataFrame:
    """The expected counts the data falls short of: known gaps."""
    result = compare(reg)
    return result[result["shortfall"] > 0].reset_index(drop=True)


def excess(reg: Registry) -> pd.DataFrame:
    """The expected counts the data exceeds: errors (a duplicate, or a row in the wrong register)."""
    result = compare(reg)
    return result[result["shortfall"] < 0].reset_index(drop=True)
