"""Measure and answer: designations that a government said answer another jurisdiction's measure, as filtered in the sidebar."""

import streamlit as st

from registry import reciprocity
from ui import context, notices, pairs, profile_link
from ui.i18n import t
from ui.safe_text import plain


def page() -> None:
    reg, filters = context.current()

    st.title(t("Measure and answer"))
    st.caption(
        t(
            "Designations that a government said answer another jurisdiction's measure (or that reliable reporting documents as an answer), "
            "beside the measure they answer. The sidebar filters apply: a pair is shown when its measure or its answer matches them."
        )
    )
    notices.beyond_coverage(reg, filters)
    found = reciprocity.measure_and_answer(reg, filters)
    if found.empty:
        st.info(pairs.summary(found), icon=":material/search_off:")
        return
    st.markdown(plain(pairs.summary(found)))
    st.caption(profile_link.keyboard_hint() + " " + t("Then End and Tab reach the links to the two outlets' profiles."))
    shown = pairs.readable(found, context.vocabulary())
    event = st.dataframe(
        shown[pairs.SHOWN],
        column_config=pairs.column_config(),
        hide_index=True,
        width="stretch",
        key="answers_table",
        on_select="rerun",
        selection_mode="single-row",
    )
    profile_link.links(event, found, sides=("measure", "answer"))
    pairs.downloads(reg, filters, len(found))


page()
