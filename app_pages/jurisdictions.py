"""Jurisdictions: who designates, under which laws, how the measures compare (which measures answer others: app_pages/answers.py)."""

import pandas as pd
import streamlit as st

import registry
from registry.year_span import year_span
from ui import charts, choice, columns, context, lazy, summaries
from ui.i18n import t, tn
from ui.safe_text import plain


def comparison(reg: registry.Registry, filters: registry.Filters, rows: pd.DataFrame, labels: dict[str, str], names: dict[str, str]) -> pd.DataFrame:
    """The measures per jurisdiction as a chart, and the per-jurisdiction summary as its table (returned)."""
    counts = rows.groupby(["jurisdiction", "designation"], observed=True).size().rename("count").reset_index()
    counts = counts.assign(jurisdiction=counts["jurisdiction"].astype(str), designation=counts["designation"].astype(str))
    row = st.container(horizontal=True, gap="large")
    bars = choice.control("bars", t("Bars"), container=row)
    scale = choice.control("scale", t("Scale of the panels"), container=row, draw=bars == "panels")
    st.markdown(plain(summaries.compared(counts, names, labels)))
    chart, table = choice.tabs("sub")  # the open one in the address
    chart.plotly_chart(charts.comparison(counts, labels, context.palette(reg, "designation"), names, bars, scale), key="comparison_chart")
    summary = registry.jurisdiction_summary(reg, filters).table
    summary.insert(1, "name", summary["jurisdiction"].astype(str).map(names))
    with table:
        shown = ["jurisdiction", "name", "designations", "in_force", "outlets", "first", "latest"]
        columns.show(summary, shown, column_config=columns.jurisdiction_summary(filters.date))
    return summary


def one_jurisdiction(reg: registry.Registry, code: str, mine: pd.DataFrame, labels: dict[str, str]) -> None:
    """Its laws, designations started per year, its measures."""
    laws = reg.laws[reg.laws["jurisdiction"] == code]
    st.markdown(t("**Laws and measures**"))
    columns.show(laws, ["id", "title_en", "title_native", "date", "url"], column_config=columns.law_text())
    per_year = registry.started_per_period(mine, "year", "designation")
    span = year_span(mine["start_date"])  # opens where most of its data is; the table has every year
    shown = per_year if span is None else per_year[per_year["period"] >= span.start]
    st.markdown(plain(summaries.started(shown, "designation", labels)))
    left, right = st.tabs([t("Per year"), t("Table")])
    left.plotly_chart(charts.started_per_year(per_year, "designation", labels, context.palette(reg, "designation"), span=span), key=f"per_year_{code}")
    if span is not None and span.trimmed:
        left.caption(plain(summaries.left_out(span, choice=False)))
    right.dataframe(
        per_year.assign(year=per_year["period"].dt.year, designation=per_year["designation"].astype(str).map(lambda c: labels.get(c, c)))[["year", "designation", "count"]],
        hide_index=True,
        width="stretch",
        column_config=columns.config(["year", "designation", "count"]),
    )
    st.caption(plain(t("Measures: {measures}", measures=", ".join(sorted(labels.get(c, c) for c in mine["designation"].astype(str).unique())))))


def page() -> None:
    v = context.view()
    reg, filters, rows, labels, names = v.reg, v.filters, v.rows, v.labels, v.names

    st.title(t("Jurisdictions"))
    st.caption(t("Who designates, under which laws, and how the measures compare. The sidebar filters apply."))
    st.page_link("app_pages/answers.py", label=t("Measure and answer: which designations answer another jurisdiction's measure"), icon=":material/compare_arrows:")
    if rows.empty:
        context.nothing_matches()
    else:
        summary = comparison(reg, filters, rows, labels, names)
        for code in summary.sort_values("designations", ascending=False, kind="stable")["jurisdiction"].astype(str):
            mine = rows[rows["jurisdiction"] == code]
            title = tn(
                "{name} ({code}): {n:,} designation",
                "{name} ({code}): {n:,} designations",
                len(mine),
                name=names.get(code, code),
                code=code,
            )
            # drawn only while open (ui/lazy.py): 47 closed panels, each with a chart, cost ~1.3 s of server CPU
            # and 500 messages per run, and the reader's browser drew every hidden chart
            box = lazy.expander(plain(title), key=f"jurisdiction_{code}")
            if box is not None:
                with box:
                    one_jurisdiction(reg, code, mine, labels)


page()
