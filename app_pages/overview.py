"""Overview: the registry at a glance, with timelines, designations in force over time and maps in lazy tabs."""

import pandas as pd
import streamlit as st

import registry
from registry import freshness
from registry.params import OVERVIEW_VIEWS, SPLITS, SUB_TABS
from ui import cache, charts, choice, columns, context, notices, share, url
from ui.i18n import day, number, t, tn
from ui.safe_text import plain


def what_changed(reg: registry.Registry, filters: registry.Filters) -> None:
    """How fresh the sources behind the selected rows are, and their latest starts and ends (shared across sessions)."""
    fresh, recent = cache.recent(reg, filters, 5)
    if fresh.oldest_checked:
        if fresh.oldest_checked == fresh.newest_checked:
            span = day(fresh.oldest_checked)
        else:
            span = t("{first:%d %B %Y} to {last:%d %B %Y}", first=fresh.oldest_checked, last=fresh.newest_checked)
        st.caption(
            tn(
                "Sources behind these designations last compared with the data: {span} ({n} source). "
                "Status rests on how current each register is (the notice above, and Methodology), not on when a page was last re-read.",
                "Sources behind these designations last compared with the data: {span} ({n} sources). "
                "Status rests on how current each register is (the notice above, and Methodology), not on when a page was last re-read.",
                len(fresh.sources),
                span=span,
            )
        )
    if fresh.is_stale:
        late = ", ".join(t("{title} (checked {day:%Y-%m-%d})", title=plain(r.title), day=r.checked) for r in fresh.stale.itertuples())
        st.warning(
            t(
                "Not checked for more than {days} days: {sources}. Recent changes in these sources may be missing.",
                days=freshness.STALE_AFTER_DAYS,
                sources=late,
            ),
            icon=":material/update:",
        )
    recent = recent.fillna({"registry_ref": ""})
    st.header(t("Latest changes"))
    columns.show(
        recent, ["date", "event", "outlet_name", "jurisdiction", "designation", "registry_ref", "source_url"], key="overview_latest_changes"
    )
    st.page_link("app_pages/changes.py", label=t("What changed: starts, ends and corrections by period"), icon=":material/update:")


def page() -> None:
    v = context.view()
    reg, filters, rows, labels, names = v.reg, v.filters, v.rows, v.labels, v.names

    st.title(t("Media Freedom Registry"))
    st.caption(
        t(
            'Governments\' legal labels on news outlets and journalists — "foreign agent", "undesirable", FARA registrations, '
            "broadcast bans, sanctions — each with its official source. Status as of {date:%d %B %Y}.",
            date=filters.date,
        )
    )

    notices.beyond_coverage(reg, filters)

    in_force = int((rows["status"] == "in_force").sum())
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("Outlets and people"), number(rows["outlet_id"].nunique()))
    c2.metric(t("Designations"), number(len(rows)))
    c3.metric(t("In force on {date}", date=filters.date.isoformat()), number(in_force))
    c4.metric(t("Designating jurisdictions"), number(rows["jurisdiction"].nunique()))

    if rows.empty:
        context.nothing_matches()
        return

    # Lazy tabs: only the open one runs and is sent, so plotly (a 4.7 MB script) loads only when a
    # chart tab is opened; the first screen is tables and grid sparklines (README, Performance).
    url.tell("view", st.query_params.get("view"))
    glance, timeline, in_force_tab, maps = choice.tabs(OVERVIEW_VIEWS, key="view", on_change="rerun")
    if glance.open:
        with glance:
            at_a_glance(reg, filters, rows, labels, names)
    if timeline.open:
        with timeline:
            started_per_year(reg, rows, labels, names)
    if in_force_tab.open:
        with in_force_tab:
            in_force_over_time(reg, rows, filters, labels, names)
    if maps.open:
        with maps:
            world_maps(reg, rows)
    share.copy_link("")


def split_by() -> str:
    """The split of the open chart, in the address (?split=; the Timeline and In force tabs never run together)."""
    url.tell("split", st.query_params.get("split"))
    return choice.segmented(t("Split by"), SPLITS, key="split")


def chart_or_table() -> tuple:
    """The Chart and Table tabs of the open chart, the open one in the address (?sub=)."""
    url.tell("sub", st.query_params.get("sub"))
    return choice.tabs(SUB_TABS, key="sub")


def started_per_year(reg: registry.Registry, rows: pd.DataFrame, labels: dict[str, str], names: dict[str, str]) -> None:
    by = split_by()
    started = registry.started_per_period(rows, "year", by)
    chart, table = chart_or_table()
    chart.plotly_chart(charts.started_per_year(started, by, labels if by == "designation" else names, context.palette(reg, by)), key="started_chart")
    table.dataframe(
        started.assign(year=started["period"].dt.year)
        .pivot_table(index="year", columns=by, values="count", fill_value=0, observed=True)
        .rename(columns=lambda code: (labels if by == "designation" else names).get(code, code))
        .rename_axis(index=t("Year"), columns=None),
        width="stretch",
    )


def in_force_over_time(reg: registry.Registry, rows: pd.DataFrame, filters: registry.Filters, labels: dict[str, str], names: dict[str, str]) -> None:
    by = split_by()
    series = registry.in_force_over_time(rows, "month", by=by, end=filters.date)
    chart, table = chart_or_table()
    chart.plotly_chart(charts.in_force(series, by, labels if by == "designation" else names, context.palette(reg, by)), key="in_force_chart")
    table.dataframe(
        series.assign(date=series["date"].dt.date)
        .pivot_table(index="date", columns=by, values="in_force", fill_value=0, observed=True)
        .sort_index(ascending=False)
        .rename(columns=lambda code: (labels if by == "designation" else names).get(code, code))
        .rename_axis(index=t("Date"), columns=None),
        width="stretch",
    )


def world_maps(reg: registry.Registry, rows: pd.DataFrame) -> None:
    countries = reg.countries.set_index("code")
    names = context.country_names(reg)
    juris_counts = rows["jurisdiction"].astype(str).value_counts().rename_axis("code").reset_index(name="count")
    outlet_counts = rows.drop_duplicates("outlet_id")["outlet_country"].dropna().astype(str).value_counts().rename_axis("code").reset_index(name="count")
    for frame in (juris_counts, outlet_counts):
        frame["name"] = frame["code"].map(names)
        frame["iso3"] = frame["code"].map(countries["iso3"])

    left, right = st.columns(2)
    shown = ["code", "name", "count"]
    with left:
        chart, table = st.tabs([t("Map"), t("Table")])
        chart.plotly_chart(charts.world_map(juris_counts, t("Who designates: designations per jurisdiction"), t("Designations")), key="map_jurisdictions", config=charts.PLOTLY_CONFIG)
        if (juris_counts["code"] == "EU").any():
            eu = int(juris_counts.loc[juris_counts["code"] == "EU", "count"].iloc[0])
            chart.caption(tn("The European Union is not drawn on the map: {n:,} designation (see the table).", "The European Union is not drawn on the map: {n:,} designations (see the table).", eu))
        table.dataframe(juris_counts[shown], hide_index=True, width="stretch", column_config=columns.config(shown))
    with right:
        chart, table = st.tabs([t("Map"), t("Table")])
        chart.plotly_chart(charts.world_map(outlet_counts, t("Where the designated are based: outlets per country"), t("Outlets")), key="map_outlets", config=charts.PLOTLY_CONFIG)
        unknown = int(rows.drop_duplicates("outlet_id")["outlet_country"].isna().sum())
        if unknown:
            chart.caption(
                tn("{n:,} designated entity (mostly people) has no country recorded and is not on the map.", "{n:,} designated entities (mostly people) have no country recorded and are not on the map.", unknown)
            )
        table.dataframe(outlet_counts[shown], hide_index=True, width="stretch", column_config=columns.config(shown))


def at_a_glance(reg: registry.Registry, filters: registry.Filters, rows: pd.DataFrame, labels: dict[str, str], names: dict[str, str]) -> None:
    """Per jurisdiction, with designations started per year drawn in the grid; then the latest changes and designations."""
    as_of = filters.date
    summary = cache.jurisdiction_summary(reg, filters)
    table = summary.table.assign(
        name=summary.table["jurisdiction"].map(lambda c: f"{names.get(c, c)} ({c})"),
        measures=summary.table["measures"].map(lambda codes: ", ".join(labels.get(c, c) for c in codes)),
    )
    span = f"{summary.years[0]}–{summary.years[-1]}" if summary.years else ""
    st.header(t("By designating jurisdiction"))
    columns.show(
        table,
        height=min(38 + 35 * len(table), 640),  # every jurisdiction without scrolling, up to 17 rows
        key="overview_jurisdictions",
        column_order=["name", "designations", "in_force", "per_year", "measures", "outlets", "first", "latest"],
        column_config={
            **columns.jurisdiction_summary(as_of),
            "per_year": st.column_config.BarChartColumn(
                t("Started per year, {span}", span=span),
                y_min=0,
                width="medium",
                help=t("One bar per year from the first to the last start shown; each row scaled to its own busiest year"),
            ),
        },
    )
    st.caption(t("Timelines, designations in force over time and maps are in the tabs above."))
    what_changed(reg, filters)
    latest_designations(rows)


def latest_designations(rows: pd.DataFrame) -> None:
    st.header(t("Latest designations"))
    columns.show(
        rows.head(10),
        ["start_date", "jurisdiction", "designation", "outlet_name", "outlet_name_native", "status", "registry_ref", "source_url"],
    )
    st.page_link("app_pages/explore.py", label=t("Explore and download all matching designations"), icon=":material/arrow_forward:")


page()
