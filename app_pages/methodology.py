import pandas as pd
import streamlit as st

from registry import dictionary
from ui import context
from ui.text import plain

reg, _ = context.current()
names = context.country_names(reg)

st.title("Methodology")
st.markdown(
    """
The registry records **outlets** (news organisations, media projects, the legal entities that run them,
and journalists named by media-related measures) and **designations**: one legal measure by one
jurisdiction against one outlet, with a start and, where it ended, an end. History is never deleted:
an exclusion keeps its row with an end date, and a re-listing is a new row. **Status is computed for
the date you choose** (sidebar), never stored: a designation that had not started by then is left out;
one whose end date is on or before it is *ended*; otherwise it is *in force*.

Every designation cites its source (official where one exists). Official registry numbers are kept
exactly as published (`registry_ref`), so each row can be found in the original.
"""
)

st.subheader("Which date is stored")
st.markdown(
    """
| Source | `start_date` is | also kept |
|---|---|---|
| Russia, foreign-agent registry | the Ministry of Justice's decision to include (the registry's own column) | exclusion decision date as `end_date` |
| Russia, "undesirable" list | the Ministry of Justice's listing | the Prosecutor General's decision date and number (`decision_date`, `decision_ref`) |
| US, FARA | the registration of the registrant–foreign principal relationship | its termination as `end_date` (a filing relationship ending, not a lifted sanction) |
| EU | the date the Council act applies | the act's number as `registry_ref` |
| others | the date of the decision; notes say when only an announcement date is known | |
"""
)

st.subheader("Designation types")
st.dataframe(reg.designation_types, hide_index=True, width="stretch")

st.subheader("Coverage")
st.caption("Per designating jurisdiction: what the data holds, from when, and when its sources were last checked. Sources per jurisdiction are listed below.")
st.dataframe(
    dictionary.coverage_table(reg).assign(name=lambda t: t["name"] + " (" + t["jurisdiction"] + ")").drop(columns="jurisdiction"),
    hide_index=True,
    width="stretch",
    column_config={
        "name": "Jurisdiction",
        "designations": st.column_config.NumberColumn("Designations", format="%d"),
        "measures": "Measures",
        "first": st.column_config.DateColumn("From"),
        "latest": st.column_config.DateColumn("Latest"),
        "sources": "Sources (by kind)",
        "last_checked": st.column_config.DateColumn("Last checked (oldest source)"),
        "official_coverage": "What the official sources cover",
    },
)

st.subheader("Laws")
st.dataframe(
    reg.laws.assign(date=reg.laws["date"].dt.date),
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn("Text", display_text="text")},
)

st.subheader("Sources")
st.dataframe(
    reg.sources.assign(published=reg.sources["published"].dt.date, checked=reg.sources["checked"].dt.date),
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn("Link", display_text="link")},
)

st.subheader("Licence and citation")
st.markdown(
    f"""
- Data: **{plain(reg.package.license_name)}** ({plain(reg.package.license_url)}). Code: MIT.
- Cite as: {plain(reg.package.cite())}
- The data package (`datapackage.json`, Frictionless Data) declares every table, column, type, code and key.
"""
)
_ = pd  # pandas is imported for the date handling above
