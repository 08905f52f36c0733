"""Methodology: what is recorded, which date is stored, coverage, laws, sources, licence and citation."""

import streamlit as st

import registry
from registry import dictionary, expected
from ui import columns, context
from ui.safe_text import plain

WHAT_IS_RECORDED = """
The registry records **outlets** (news organisations, media projects, the legal entities that run them,
and journalists named by media-related measures) and **designations**: one legal measure by one
jurisdiction against one outlet, with a start and, where it ended, an end. History is never deleted:
an exclusion keeps its row with an end date, and a re-listing is a new row. **Status is computed for
the date you choose** (sidebar), never stored: a designation that had not started by then is left out;
one whose end date is on or before it is *ended*; otherwise it is *in force*.

Every designation cites its source (official where one exists). Official registry numbers are kept
exactly as published (`registry_ref`), so each row can be found in the original.
"""

WHICH_DATE = """
| Source | `start_date` is | also kept |
|---|---|---|
| Russia, foreign-agent registry | the Ministry of Justice's decision to include (the registry's own column) | exclusion decision date as `end_date` |
| Russia, "undesirable" list | the Ministry of Justice's listing | the Prosecutor General's decision date and number (`decision_date`, `decision_ref`) |
| US, FARA | the registration of the registrant–foreign principal relationship | its termination as `end_date` (a filing relationship ending, not a lifted sanction) |
| EU | the date the Council act applies | the act's number as `registry_ref` |
| others | the date of the decision; notes say when only an announcement date is known | |
"""


def coverage(reg: registry.Registry) -> None:
    st.header("Coverage and currency")
    st.caption(
        "One row per register (an official list, or one measure family of one jurisdiction). Status on a date after a register's "
        "complete-to date is still computed, but listings and exclusions after it may be missing: every page says so. "
        "A blank complete-to date means known gaps at every date. Newest entry and provisional entries are computed from the data."
    )
    table = dictionary.coverage_table(reg)
    columns.show(
        table.assign(title=table["title"] + " (" + table["jurisdiction"] + ")").drop(columns=["register", "jurisdiction", "jurisdiction_name"]),
        key="methodology_coverage",
        column_config={
            "title": "Register",
            "designations": st.column_config.NumberColumn("Designations", format="%d"),
            "copy_date": "Official copy compared",
            "complete_to": "Complete to",
            "newest_entry": "Newest entry",
            "provisional": st.column_config.NumberColumn("Provisional entries", format="%d", help="Known from press or NGO reports before the official copy"),
            "after_complete": "After the complete-to date",
        },
    )


def known_gaps(reg: registry.Registry) -> None:
    st.header("Known gaps: published totals the data falls short of")
    shortfalls = expected.gaps(reg)
    if shortfalls.empty:
        st.caption("Every published total in expected_counts.csv is met by the data.")
        return
    st.caption("Each row is a total published by its source and what the data holds: the missing designations are a known gap, not hidden.")
    columns.show(
        shortfalls[["description", "expected", "found", "shortfall", "source_url", "notes"]],
        key="methodology_expected_gaps",
        column_config={
            "description": "Published total of",
            "expected": st.column_config.NumberColumn("Published", format="%d"),
            "found": st.column_config.NumberColumn("In the data", format="%d"),
            "shortfall": st.column_config.NumberColumn("Missing", format="%d"),
            "source_url": st.column_config.LinkColumn("Source", display_text="source"),
            "notes": "Notes",
        },
    )


def licence(reg: registry.Registry) -> None:
    st.header("Licence and citation")
    st.markdown(
        f"""
- Data: **{plain(reg.package.license_name)}** ({plain(reg.package.license_url)}). Code: MIT.
- Cite as: {plain(reg.package.cite())}
- The data package (`datapackage.json`, Frictionless Data) declares every table, column, type, code and key.
"""
    )


def page() -> None:
    reg, _ = context.current()
    st.title("Methodology")
    st.markdown(WHAT_IS_RECORDED)
    st.header("Which date is stored")
    st.markdown(WHICH_DATE)
    st.header("Designation types")
    columns.show(reg.designation_types)
    coverage(reg)
    known_gaps(reg)
    st.header("Laws")
    columns.show(reg.laws, column_config=columns.LAW_TEXT)
    st.header("Sources")
    columns.show(reg.sources, column_config={"url": st.column_config.LinkColumn("Link", display_text="link")})
    licence(reg)


page()
