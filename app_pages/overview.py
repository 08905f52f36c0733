"""Overview: the registry at a glance, with timelines, designations in force over time and maps in lazy tabs."""

import pandas as pd
import streamlit as st

import registry
from registry import freshness
from registry.year_span import YearSpan, whole, year_span
from ui import cache, charts, choice, columns, context, notices, ready, share, summaries
from ui.i18n import day, number, t, tn
from ui.safe_text import plain


def what_changed(reg: registry.Registry, filters: registry.Filters, key: str) -> None:
    """How fresh the sources behind the selected rows are, and their latest starts and ends (shared across sessions)."""
    fresh, recent, stale = ready.shared("overview_recent", key, lambda: recent_changes(reg, filters))
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
        late = ", ".join(t("{title} (checked {day:%Y-%m-%d})", title=title, day=checked) for title, checked in stale)
        st.warning(
            t(
                "Not checked for more than {days} days: {sources}. Recent changes in these sources may be missing.",
                days=freshness.STALE_AFTER_DAYS,
                sources=late,
            ),
            icon=":material/update:",
        )
    st.header(t("Latest changes"))
    shown = ["date", "event", "outlet_name", "jurisdiction", "designation", "registry_ref", "source_url"]
    columns.show_shared("overview_latest_changes", key, lambda: recent.fillna({"registry_ref": ""}), shown, key="overview_latest_changes")
    st.page_link("app_pages/changes.py", label=t("What changed: starts, ends and corrections by period"), icon=":material/update:")


def recent_changes(reg: registry.Registry, filters: registry.Filters) -> tuple:
    """(freshness, the latest 5 starts and ends, the stale sources' (title as plain text, last checked))."""
    fresh, recent = cache.recent(reg, filters, 5)
    return fresh, recent, tuple((plain(r.title), r.checked) for r in fresh.stale.itertuples())


def page() -> None:
    v = context.view()
    reg, filters, labels, names = v.reg, v.filters, v.labels, v.names
    key = ready.key(reg, filters)  # what depends only on the data, the filters and the language is made once per server

    st.title(t("Media Freedom Registry"))
    st.caption(
        t(
            'Governments\' legal labels on news outlets and journalists — "foreign agent", "undesirable", FARA registrations, '
            "broadcast bans, sanctions — each with its official source. Status as of {date:%d %B %Y}.",
            date=filters.date,
        )
    )

    notices.beyond_coverage(reg, filters)

    outlets, designations, in_force, jurisdictions = ready.shared("overview_headline", key, lambda: headline(v.rows))
    figures = st.container(horizontal=True, gap="medium")  # one row that wraps on a phone (columns would stack; and cost 4 blocks more per run)
    figures.metric(t("Outlets and people"), number(outlets))
    figures.metric(t("Designations"), number(designations))
    figures.metric(t("In force on {date}", date=filters.date.isoformat()), number(in_force))
    figures.metric(t("Designating jurisdictions"), number(jurisdictions))

    if not designations:
        context.nothing_matches()
        return

    # Lazy tabs: only the open one runs and is sent, so plotly (a 4.7 MB script) loads only when a
    # chart tab is opened; the first screen is tables and grid sparklines (README, Performance).
    glance, timeline, in_force_tab, maps = choice.tabs("view")
    if glance.open:
        with glance:
            at_a_glance(v, key)
    if timeline.open:
        with timeline:
            started_per_year(reg, v.rows, labels, names)
    if in_force_tab.open:
        with in_force_tab:
            in_force_over_time(reg, v.rows, filters, labels, names)
    if maps.open:
        with maps:
            world_maps(reg, v.rows)
    share.copy_link("")


def split_by(container=None) -> str:
    """The split of the open chart, in the address (?split=; the Timeline and In force tabs never run together)."""
    return choice.control("split", t("Split by"), container=container)


def chart_or_table() -> tuple:
    """The Chart and Table tabs of the open chart, the open one in the address (?sub=)."""
    return choice.tabs("sub")


def time_span(rows: pd.DataFrame, container) -> YearSpan | None:
    """The years the time chart opens on (?years=): the recent, dense ones unless the reader asks for all."""
    span = year_span(rows["start_date"])
    trimmed = span is not None and span.trimmed
    years = choice.control("years", t("Years"), container=container, draw=trimmed, help=t("Recent years: from where most designations are; All years: from the first."))
    return whole(span) if span is not None and years == "all" else span


def summary(text: str) -> None:
    """The chart's answer in words, above it (for a screen reader, a phone, a quick look)."""
    st.markdown(plain(text))


def started_per_year(reg: registry.Registry, rows: pd.DataFrame, labels: dict[str, str], names: dict[str, str]) -> None:
    row = st.container(horizontal=True, gap="large")  # the controls flow, and wrap on a narrow screen
    by = split_by(row)
    bars = choice.control("bars", t("Bars"), container=row)
    scale = choice.control("scale", t("Scale of the panels"), container=row, draw=bars == "panels")
    span = time_span(rows, row)
    words = labels if by == "designation" else names
    started = registry.started_per_period(rows, "year", by)
    shown = started if span is None else started[started["period"] >= span.start]
    summary(summaries.started(shown, by, words))
    chart, table = chart_or_table()
    chart.plotly_chart(charts.started_per_year(started, by, words, context.palette(reg, by), bars, scale, span), key="started_chart")
    if span is not None and span.trimmed:
        chart.caption(plain(summaries.left_out(span)))
    table.dataframe(
        shown.assign(year=shown["period"].dt.year).pivot_table(index="year", columns=by, values="count", fill_value=0, observed=True).rename(columns=words).rename_axis(index=t("Year"), columns=None),
        width="stretch",
    )


def in_force_over_time(reg: registry.Registry, rows: pd.DataFrame, filters: registry.Filters, labels: dict[str, str], names: dict[str, str]) -> None:
    row = st.container(horizontal=True, gap="large")
    by = split_by(row)
    span = time_span(rows, row)
    words = labels if by == "designation" else names
    series = registry.in_force_over_time(rows, "month", by=by, end=filters.date)
    shown = series if span is None or not span.trimmed else series[series["date"] >= span.start]
    summary(summaries.in_force(shown, by, words))
    chart, table = chart_or_table()
    chart.plotly_chart(charts.in_force(series, by, words, context.palette(reg, by), span), key="in_force_chart")
    if span is not None and span.trimmed:
        chart.caption(plain(summaries.left_out(span, "in_force")))
    table.dataframe(
        shown.assign(date=shown["date"].dt.date)
        .pivot_table(index="date", columns=by, values="in_force", fill_value=0, observed=True)
        .rename(columns=words)
        .rename_axis(index=t("Date"), columns=None)
        .sort_index(ascending=False),
        width="stretch",
    )


def world_maps(reg: registry.Registry, rows: pd.DataFrame) -> None:
    """Who designates and where the designated are based, on the world or Europe (?map=), Chart or Table (?sub=)."""
    area = choice.control("map", t("Map"))
    countries = reg.countries.set_index("code")
    names = context.country_names(reg)
    juris_counts = rows["jurisdiction"].astype(str).value_counts().rename_axis("code").reset_index(name="count")
    outlet_counts = rows.drop_duplicates("outlet_id")["outlet_country"].dropna().astype(str).value_counts().rename_axis("code").reset_index(name="count")
    for frame in (juris_counts, outlet_counts):
        frame["name"] = frame["code"].map(names)
        frame["iso3"] = frame["code"].map(countries["iso3"])
    summary(summaries.designating_places(juris_counts, names) + " " + summaries.based_places(outlet_counts, names))
    chart, table = chart_or_table()
    chart.plotly_chart(
        charts.world_map(juris_counts, t("Who designates: designations per jurisdiction"), t("Designations"), area), key="map_jurisdictions", config=charts.PLOTLY_CONFIG
    )
    if (juris_counts["code"] == "EU").any():
        eu = int(juris_counts.loc[juris_counts["code"] == "EU", "count"].iloc[0])
        chart.caption(tn("The European Union is not drawn on the map: {n:,} designation (see the table).", "The European Union is not drawn on the map: {n:,} designations (see the table).", eu))
    chart.plotly_chart(
        charts.world_map(outlet_counts, t("Where the designated are based: outlets per country"), t("Outlets"), area), key="map_outlets", config=charts.PLOTLY_CONFIG
    )
    unknown = int(rows.drop_duplicates("outlet_id")["outlet_country"].isna().sum())
    if unknown:
        chart.caption(
            tn("{n:,} designated entity (mostly people) has no country recorded and is not on the map.", "{n:,} designated entities (mostly people) have no country recorded and are not on the map.", unknown)
        )
    left, right = table.columns(2)
    shown = ["code", "name", "count"]
    left.dataframe(juris_counts[shown], hide_index=True, width="stretch", key="map_jurisdictions_table", column_config=columns.config(shown))
    right.dataframe(outlet_counts[shown], hide_index=True, width="stretch", key="map_outlets_table", column_config=columns.config(shown))


def headline(rows: pd.DataFrame) -> tuple[int, int, int, int]:
    """Outlets and people, designations, in force on the date, designating jurisdictions."""
    return rows["outlet_id"].nunique(), len(rows), int((rows["status"] == "in_force").sum()), rows["jurisdiction"].nunique()


def at_a_glance(v: context.View, key: str) -> None:
    """Per jurisdiction, with designations started per year drawn in the grid; then the latest changes and designations."""
    reg, filters, labels, names = v.reg, v.filters, v.labels, v.names
    as_of = filters.date
    summary = ready.shared("overview_summary", key, lambda: cache.jurisdiction_summary(reg, filters))

    def table() -> pd.DataFrame:
        return summary.table.assign(
            name=summary.table["jurisdiction"].map(lambda c: f"{names.get(c, c)} ({c})"),
            measures=summary.table["measures"].map(lambda codes: ", ".join(labels.get(c, c) for c in codes)),
        )

    span = f"{summary.years[0]}–{summary.years[-1]}" if summary.years else ""
    st.header(t("By designating jurisdiction"))
    columns.show_shared(
        "overview_jurisdictions",
        key,
        table,
        height=min(38 + 35 * len(summary.table), 640),  # every jurisdiction without scrolling, up to 17 rows
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
    what_changed(reg, filters, key)
    latest_designations(v, key)


def latest_designations(v: context.View, key: str) -> None:
    st.header(t("Latest designations"))
    shown = ["start_date", "jurisdiction", "designation", "outlet_name", "outlet_name_native", "status", "registry_ref", "source_url"]
    columns.show_shared("overview_latest_designations", key, lambda: v.rows.head(10), shown)
    st.page_link("app_pages/explore.py", label=t("Explore and download all matching designations"), icon=":material/arrow_forward:")


page()
