"""Measure and answer: designations that a government said (or reliable reporting shows) answer another."""

from __future__ import annotations

import pandas as pd

from registry.load import Registry

_SIDE = ["designation_id", "jurisdiction", "designation", "outlet_id", "outlet_name", "start_date", "source_url"]


def measure_and_answer(reg: Registry) -> pd.DataFrame:
    """One row per responds_to link: the measure (earlier) beside the answer, and the days between them."""
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
    return out.sort_values(["measure_start_date", "answer_start_date", "answer_designation_id"], kind="stable").reset_index(drop=True)
