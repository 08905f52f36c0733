"""The framework's floor: a bare Streamlit page showing one st.dataframe of the same designations.

No validation, no join, no charts: read designations.csv once (cached), one multiselect that filters
by jurisdiction (so a rerun can be timed), one table. Whatever our dashboard costs above this is ours.
Reads $REGISTRY_DATA (default data/), like the dashboard. For benchmarks only.
"""

import os
from pathlib import Path

import pandas as pd
import streamlit as st

DATA = Path(os.environ.get("REGISTRY_DATA") or Path(__file__).resolve().parents[1] / "data")


@st.cache_resource
def rows() -> pd.DataFrame:
    return pd.read_csv(DATA / "designations.csv", dtype=str, keep_default_na=False).sort_values("start_date", ascending=False, kind="stable")


table = rows()
with st.sidebar:
    chosen = st.multiselect("Designating jurisdiction", sorted(table["jurisdiction"].unique()), key="jurisdiction", placeholder="All")
shown = table[table["jurisdiction"].isin(chosen)] if chosen else table
st.caption(f"{len(shown):,} designations")
st.dataframe(shown, hide_index=True, width="stretch", height=560)
