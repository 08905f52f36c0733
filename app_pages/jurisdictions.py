import streamlit as st

import registry
from registry import reciprocity
from ui import charts, context
from ui.text import plain


def page() -> None:
    reg, filters = context.current()
    rows = registry.select(reg, filters)
    labels = context.labels(reg)
    names = context.country_names(reg)

    st.title("Jurisdictions")
    st.caption("Who designates, under which laws, and how the measures compare. The sidebar filters apply.")
    if rows.empty:
        context.nothing_matches()
        return

    counts = rows.groupby(["jurisdiction", "designation"], observed=True).size().rename("count").reset_index()
    chart, table = st.tabs(["Chart", "Table"])
    chart.plotly_chart(charts.comparison(counts.assign(jurisdiction=counts["jurisdiction"].astype(str)), labels, context.palette(reg, "designation")), key="comparison_chart")
    summary = (
        rows.groupby("jurisdiction", observed=True)
        .agg(designations=("designation_id", "size"), in_force=("status", lambda s: int((s == "in_force").sum())), outlets=("outlet_id", "nunique"), first=("start_date", "min"), latest=("start_date", "max"))
        .reset_index()
    )
    summary.insert(1, "name", summary["jurisdiction"].astype(str).map(names))
    table.dataframe(summary.assign(first=summary["first"].dt.date, latest=summary["latest"].dt.date), hide_index=True, width="stretch")

    for code in summary.sort_values("designations", ascending=False)["jurisdiction"].astype(str):
        mine = rows[rows["jurisdiction"] == code]
        with st.expander(plain(f"{names.get(code, code)} ({code}): {len(mine):,} designations"), expanded=False):
            laws = reg.laws[reg.laws["jurisdiction"] == code]
            st.markdown("**Laws and measures**")
            st.dataframe(
                laws[["id", "title_en", "title_native", "date", "url"]].assign(date=laws["date"].dt.date),
                hide_index=True,
                width="stretch",
                column_config={"url": st.column_config.LinkColumn("Text", display_text="text")},
            )
            per_year = registry.started_per_period(mine, "year", "designation")
            left, right = st.tabs(["Per year", "Table"])
            left.plotly_chart(charts.started_per_year(per_year, "designation", labels, context.palette(reg, "designation")), key=f"per_year_{code}")
            right.dataframe(per_year.assign(year=per_year["period"].dt.year)[["year", "designation", "count"]], hide_index=True, width="stretch")
            st.caption(f"Measures: {plain(', '.join(sorted(mine['designation'].astype(str).unique())))}")


page()


def answers() -> None:
    """The reciprocity view: not affected by the filters."""
    reg, _ = context.current()
    pairs = reciprocity.measure_and_answer(reg)
    st.subheader("Measure and answer")
    st.caption("Designations that a government said answer another jurisdiction's measure (or that reliable reporting documents as an answer). Not affected by the filters.")
    if pairs.empty:
        st.caption("No such links are recorded yet.")
        return
    shown = pairs.assign(measure_start_date=pairs["measure_start_date"].dt.date, answer_start_date=pairs["answer_start_date"].dt.date)
    st.dataframe(
        shown[["measure_jurisdiction", "measure_designation", "measure_outlet_name", "measure_start_date", "answer_jurisdiction", "answer_designation", "answer_outlet_name", "answer_start_date", "days_later", "answer_source_url"]],
        hide_index=True,
        width="stretch",
        column_config={
            "measure_jurisdiction": "Measure by",
            "measure_designation": "Measure",
            "measure_outlet_name": "Against",
            "measure_start_date": st.column_config.DateColumn("On"),
            "answer_jurisdiction": "Answer by",
            "answer_designation": "Answer",
            "answer_outlet_name": "Against",
            "answer_start_date": st.column_config.DateColumn("On"),
            "days_later": "Days later",
            "answer_source_url": st.column_config.LinkColumn("Source", display_text="source"),
        },
    )


answers()
