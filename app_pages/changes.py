"""What changed: designations that started or ended in a window, and corrections between dataset versions.

URL names (public, in the README): changed_since, changed_until (default: the last 90 days).
"""

import datetime as dt

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

import registry
from registry import changes
from ui import columns, context
from ui.filters import EARLIEST
from ui.text import chart_text, plain

WINDOW_DAYS = 90
EVENT_COLOURS = {"started": "#c0392b", "ended": "#2e86c1"}


def events_chart(counts: pd.DataFrame, by: str, labels: dict[str, str], title: str) -> go.Figure:
    """Starts and ends side by side, one pair of bars per jurisdiction or designation."""
    data = counts.melt(id_vars=by, value_vars=list(changes.EVENTS), var_name="event", value_name="count")
    data["label"] = data[by].map(lambda c: chart_text(labels.get(c, c)))
    data[by] = data[by].map(chart_text)
    fig = px.bar(
        data,
        x="label",
        y="count",
        color="event",
        barmode="group",
        color_discrete_map=EVENT_COLOURS,
        title=title,
        labels={"label": by.capitalize(), "count": "Designations", "event": ""},
        hover_data={by: True, "label": False},
    )
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"title": None, "orientation": "h", "y": -0.25},
        xaxis={"categoryorder": "total descending"},
    )
    fig.update_yaxes(tickformat="d")
    return fig


def _url_date_notices() -> None:
    for key in ("changed_since", "changed_until"):
        for value in st.query_params.get_all(key)[:1]:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                st.warning(plain(f"Ignored {key} {value[:40]!r}: dates are written YYYY-MM-DD."), icon=":material/link_off:")


def page() -> None:
    reg, filters = context.current()
    labels, names = context.labels(reg), context.country_names(reg)
    today = dt.date.today()

    st.title("What changed")
    st.caption(
        "Designations that started or ended in a period, by the dates the sources give (a listing, an exclusion, a lifted ban), "
        "with the sidebar's filters except status and start dates. Below: corrections between versions of the dataset."
    )
    _url_date_notices()
    left, right = st.columns(2)
    since = left.date_input(
        "Changed on or after", value=today - dt.timedelta(days=WINDOW_DAYS), min_value=EARLIEST, max_value=today,
        key="changed_since", bind="query-params", format="YYYY-MM-DD",
    )  # fmt: skip
    until = right.date_input(
        "Changed on or before", value=today, min_value=EARLIEST, max_value=today,
        key="changed_until", bind="query-params", format="YYYY-MM-DD",
    )  # fmt: skip
    since = since or today - dt.timedelta(days=WINDOW_DAYS)
    until = until or today
    if since > until:
        st.warning(f"'Changed on or after' ({since}) is later than 'changed on or before' ({until}): the two dates are swapped.")
        since, until = until, since

    scope = registry.Filters(
        jurisdictions=filters.jurisdictions, designations=filters.designations, outlet_countries=filters.outlet_countries,
        kinds=filters.kinds, q=filters.q, as_of=until,
    )  # fmt: skip
    found = changes.events(registry.select(reg, scope), since, until)
    c1, c2, c3 = st.columns(3)
    c1.metric("Designations started", f"{(found['event'] == 'started').sum():,}")
    c2.metric("Designations ended", f"{(found['event'] == 'ended').sum():,}")
    c3.metric("Outlets and people concerned", f"{found['outlet_id'].nunique():,}")

    if found.empty:
        st.info(
            f"No designation started or ended between {since:%d %B %Y} and {until:%d %B %Y} with these filters.",
            icon=":material/event_busy:",
        )
    else:
        splits = [("jurisdiction", "Starts and ends by jurisdiction", names), ("designation", "Starts and ends by designation", labels)]
        for column, (by, title, shown) in zip(st.columns(2), splits, strict=True):
            counts = changes.event_counts(found, by)
            with column:
                chart, table = st.tabs(["Chart", "Table"])
                chart.plotly_chart(events_chart(counts, by, shown, title), key=f"changes_{by}_chart")
                table.dataframe(counts, hide_index=True, width="stretch", key=f"changes_{by}_table")
        st.subheader("Every start and end in the period")
        st.dataframe(
            found.assign(date=found["date"].dt.date).drop(columns=["outlet_id"]),
            hide_index=True,
            width="stretch",
            key="changes_events",
            column_config=columns.change_events(),
        )

    st.subheader("Corrections between dataset versions")
    releases = changes.read_changelog(changes.changelog_path(reg.data_dir))
    if len(releases) < 2:
        first = f" ({releases[0].version}, {releases[0].date:%d %B %Y})" if releases else ""
        st.info(
            plain(f"This is the first release of the dataset{first}: corrections between versions will be listed here from the next one."),
            icon=":material/history:",
        )
    else:
        for release, previous in zip(releases, releases[1:], strict=False):
            st.markdown(f"**{plain(release.version)}** ({release.date:%d %B %Y}), since {plain(previous.version)}")
            if release.corrected:
                st.markdown("\n".join(f"- {plain(item)}" for item in release.corrected))
            else:
                st.caption("No corrections.")
    if releases:
        with st.expander("Release notes (CHANGES.md)"):
            for release in releases:
                st.markdown(f"**{plain(release.version)}** ({release.date:%d %B %Y}) {plain(release.intro)}")
                for section, items in release.sections.items():
                    st.markdown(f"*{plain(section.capitalize())}*\n" + "\n".join(f"- {plain(item)}" for item in items))


page()
