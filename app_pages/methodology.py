"""Methodology: what is recorded, which date is stored, coverage, laws, sources, licence and citation."""

import streamlit as st

import registry
from registry import dictionary, expected
from ui import columns, context, labels
from ui.i18n import t, word
from ui.safe_text import plain


def what_is_recorded() -> str:
    return "\n\n".join(
        [
            t(
                "The registry records **outlets** (news organisations, media projects, the legal entities that run them, "
                "and journalists named by media-related measures) and **designations**: one legal measure by one "
                "jurisdiction against one outlet, with a start and, where it ended, an end. History is never deleted: "
                "an exclusion keeps its row with an end date, and a re-listing is a new row. **Status is computed for "
                "the date you choose** (sidebar), never stored: a designation that had not started by then is left out; "
                "one whose end date is on or before it is *ended*; otherwise it is *in force*."
            ),
            t(
                "Every designation cites its source (official where one exists). Official registry numbers are kept "
                "exactly as published (`registry_ref`), so each row can be found in the original."
            ),
        ]
    )


def which_date() -> str:
    """A markdown table, one message per row (each keeps its three cells)."""
    return "\n".join(
        [
            t("| Source | `start_date` is | also kept |"),
            "|---|---|---|",
            t(
                "| Russia, foreign-agent registry | the Ministry of Justice's decision to include (the registry's own column) | exclusion decision date as `end_date` |"
            ),
            t(
                '| Russia, "undesirable" list | the Ministry of Justice\'s listing | '
                "the Prosecutor General's decision date and number (`decision_date`, `decision_ref`) |"
            ),
            t(
                "| US, FARA | the registration of the registrant–foreign principal relationship | "
                "its termination as `end_date` (a filing relationship ending, not a lifted sanction) |"
            ),
            t("| EU | the date the Council act applies | the act's number as `registry_ref` |"),
            t("| others | the date of the decision; notes say when only an announcement date is known | |"),
        ]
    )


def coverage(reg: registry.Registry) -> None:
    st.header(t("Coverage and currency"))
    st.caption(
        t(
            "One row per register (an official list, or one measure family of one jurisdiction). Status on a date after a register's "
            "complete-to date is still computed, but listings and exclusions after it may be missing: every page says so. "
            "A blank complete-to date means known gaps at every date. Newest entry and provisional entries are computed from the data."
        )
    )
    table = dictionary.coverage_table(reg)
    columns.show(
        table.assign(
            title=table["register"].map(labels.register_titles(reg)).fillna(table["title"]) + " (" + table["jurisdiction"] + ")",
            after_complete=table["after_complete"].map(word),
        ).drop(columns=["register", "jurisdiction", "jurisdiction_name"]),
        key="methodology_coverage",
        column_config={
            "title": t("Register"),
            "designations": columns.whole_number(t("Designations")),
            "copy_date": t("Official copy compared"),
            "complete_to": t("Complete to"),
            "newest_entry": t("Newest entry"),
            "provisional": st.column_config.NumberColumn(
                t("Provisional entries"), format="%d", help=t("Known from press or NGO reports before the official copy")
            ),
            "after_complete": t("After the complete-to date"),
        },
    )


def known_gaps(reg: registry.Registry) -> None:
    st.header(t("Known gaps: published totals the data falls short of"))
    shortfalls = expected.gaps(reg)
    if shortfalls.empty:
        st.caption(t("Every published total in expected_counts.csv is met by the data."))
        return
    st.caption(
        t("Each row is a total published by its source and what the data holds: the missing designations are a known gap, not hidden.")
    )
    columns.show(
        shortfalls[["description", "expected", "found", "shortfall", "source_url", "notes"]],
        key="methodology_expected_gaps",
        column_config={
            "description": t("Published total of"),
            "expected": columns.whole_number(t("Published")),
            "found": columns.whole_number(t("In the data")),
            "shortfall": columns.whole_number(t("Missing")),
            "source_url": columns.source(),
            "notes": t("Notes"),
        },
    )


def licence(reg: registry.Registry) -> None:
    st.header(t("Licence and citation"))
    st.markdown(
        "\n".join(
            [
                "- "
                + t("Data: **{licence}** ({url}). Code: MIT.", licence=plain(reg.package.license_name), url=plain(reg.package.license_url)),
                "- " + t("Cite as: {citation}", citation=plain(reg.package.cite())),
                "- " + t("The data package (`datapackage.json`, Frictionless Data) declares every table, column, type, code and key."),
            ]
        )
    )


def page() -> None:
    reg, _ = context.current()
    st.title(t("Methodology"))
    st.markdown(what_is_recorded())
    st.header(t("Which date is stored"))
    st.markdown(which_date())
    st.header(t("Designation types"))
    columns.show(reg.designation_types.assign(label=reg.designation_types["code"].map(context.labels(reg))))
    coverage(reg)
    known_gaps(reg)
    st.header(t("Laws"))
    columns.show(reg.laws, column_config=columns.law_text())
    st.header(t("Sources"))
    columns.show(reg.sources, column_config={"url": st.column_config.LinkColumn(t("Link"), display_text=t("link"))})
    licence(reg)


page()
