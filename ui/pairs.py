"""The Measure and answer table (registry.reciprocity) as readers see it, its summary, and its downloads.

Words for codes on both sides, outlets by the names readers know ("Meduza (SIA Medusa Project)"),
days as days, sources as http(s) links only; the downloads hold the same pairs with codes, made when
clicked from the filters the screen settles on (ui/settled.py), as Explore's do.
"""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

import registry
from registry import reciprocity
from registry.export import TABLE_FORMATS, about_sheet, export_filename, table_bytes
from ui import columns, labels, settled
from ui.i18n import t
from ui.safe_text import safe_url

SIDES = ("measure", "answer")
SHOWN = [
    "measure_jurisdiction", "measure_designation", "measure_outlet_label", "measure_start_date", "answer_jurisdiction",
    "answer_designation", "answer_outlet_label", "answer_start_date", "days_later", "measure_source_url", "answer_source_url",
]  # fmt: skip


def readable(pairs: pd.DataFrame, vocab: dict[str, dict[str, str]]) -> pd.DataFrame:
    """The pairs as shown: each side's codes as words (a measure's jurisdiction as the country's name),
    days as YYYY-MM-DD, a source that is not http(s) left blank, missing text blank."""
    out = columns.as_days(pairs)
    for side in SIDES:
        part = out[[c for c in out.columns if c.startswith(f"{side}_")]]
        part = labels.readable(part.rename(columns=lambda c, s=side: c.removeprefix(f"{s}_")), vocab)
        out = out.assign(**{f"{side}_{c}": part[c] for c in part.columns})
        out[f"{side}_source_url"] = out[f"{side}_source_url"].map(lambda u: safe_url(u) or "")
    return out


def column_config() -> dict[str, object]:
    """Headings that say which side each column is on (the column kinds shared from ui.columns)."""
    return {
        "measure_jurisdiction": t("Measure by"),
        "measure_designation": t("Measure"),
        "measure_outlet_label": t("Measure against"),
        "measure_start_date": t("Measure on"),
        "answer_jurisdiction": t("Answer by"),
        "answer_designation": t("Answer"),
        "answer_outlet_label": t("Answer against"),
        "answer_start_date": t("Answer on"),
        "days_later": columns.whole_number(t("Days later")),
        "measure_source_url": columns.source(t("Measure source")),
        "answer_source_url": columns.source(t("Answer source")),
    }


def summary(pairs: pd.DataFrame) -> str:
    """One sentence a screen reader (or a hurried reader) gets instead of scanning the table."""
    if pairs.empty:
        return t("No measure and answer matches these filters.")
    days = pairs["days_later"].dropna()
    return t(
        "Pairs shown: {n}, measures answered: {m}; the answer came a median of {median} days after the measure (from {low} to {high}).",
        n=f"{len(pairs):,}",
        m=f"{pairs['measure_designation_id'].nunique():,}",
        median=f"{days.median():,.0f}",
        low=f"{days.min():,.0f}",
        high=f"{days.max():,.0f}",
    )


def _file(reg: registry.Registry, filters: registry.Filters, fmt: str) -> bytes:
    """The pairs file of these filters (ui.settled.download_row gives the ones the screen settled on)."""
    pairs = reciprocity.export_frame(reciprocity.measure_and_answer(reg, filters))
    return table_bytes(pairs, fmt, about_sheet(reg, filters), name="measure_and_answer")


def filename(filters: registry.Filters, fmt: str) -> str:
    """mfr_answers_RU_2024-02-02.csv: the filters and the date, as Explore's files."""
    return export_filename(filters, fmt).replace("mfr", "mfr_answers", 1)


def downloads(reg: registry.Registry, filters: registry.Filters, count: int) -> None:
    st.caption(t("Download exactly these pairs (with codes, as in the other downloads):"))
    settled.download_row(
        filters,
        TABLE_FORMATS,
        functools.partial(_file, reg),
        file_name=lambda fmt: filename(filters, fmt),
        key="answers_download",
        label=str.upper,
        help=lambda fmt: t("Download the {n} pairs as {fmt}", n=f"{count:,}", fmt=fmt.upper()),
    )
