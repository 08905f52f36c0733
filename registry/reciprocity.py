"""Measure and answer: designations that a government said (or reliable reporting shows) answer another."""

from __future__ import annotations

import pandas as pd

from registry.load import Registry
from registry.query import Filters, select

_SIDE = ["designation_id", "jurisdiction", "designation", "outlet_id", "outlet_name", "outlet_label", "start_date", "source_url"]
# What a download of the pairs holds, in order: codes (not words), both sides, the days between.
EXPORT_COLUMNS = [
    *(f"measure_{c}" for c in _SIDE if c != "outlet_name"),
    *(f"answer_{c}" for c in _SIDE if c != "outlet_name"),
    "days_later",
]
DATE_COLUMNS = ["measure_start_date", "answer_start_date"]


def measure_and_answer(reg: Registry, filters: Filters | None = None) -> pd.DataFrame:
    """One row per responds_to link: the measure (earlier) beside the answer, and the days between them.

    With `filters`, a pair is kept when its measure or its answer is among the designations the filters
    select (registry.select): a reader who filters on Russia sees Russia's answers and the measures
    Russia's designations were answered by. Outlets are named as readers know them (`outlet_label`:
    "Meduza (SIA Medusa Project)", registry.rollup.label).
    """
    t = reg.table
    answers = t[t["responds_to"].notna()]
    measures = t.set_index("designation_id")
    if answers.empty:
        return pd.DataFrame(columns=[f"measure_{c}" for c in _SIDE] + [f"answer_{c}" for c in _SIDE] + ["days_later"])
    left = measures.loc[answers["responds_to"]].reset_index()[_SIDE].add_prefix("measure_")
    right = answers[_SIDE].reset_index(drop=True).add_prefix("answer_")
    out = pd.concat([left, right], axis=1)
    for col in out.columns:
        if str(out[col].dtype) == "category":
            out[col] = out[col].astype("str")
    out["days_later"] = (out["answer_start_date"] - out["measure_start_date"]).dt.days
    if filters is not None:
        chosen = set(select(reg, filters)["designation_id"])
        out = out[out["measure_designation_id"].isin(chosen) | out["answer_designation_id"].isin(chosen)]
    return out.sort_values(["measure_start_date", "answer_start_date", "answer_designation_id"], kind="stable").reset_index(drop=True)


def export_frame(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs as a download holds them: EXPORT_COLUMNS, codes as text, dates as dates, blanks as missing."""
    out = pairs.reindex(columns=EXPORT_COLUMNS).reset_index(drop=True)
    for col in EXPORT_COLUMNS:
        if col in DATE_COLUMNS:
            out[col] = pd.to_datetime(out[col]).dt.date
        elif col == "days_later":  # whole days as Python ints (JSON, XLSX), blank when a date is missing
            out[col] = pd.Series([int(v) if pd.notna(v) else None for v in out[col]], index=out.index, dtype=object)
        else:
            out[col] = out[col].astype("str")
    return out
