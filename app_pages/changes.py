"""What changed: designations that started or ended in a window, and corrections between dataset versions.

Its URL parameters, changed_since and changed_until (default: from 90 days before the newest start or end to today),
are declared in registry.params.
"""

import dataclasses
import datetime as dt

import streamlit as st

import registry
from registry import changelog, events
from ui import charts, choice, columns, context, notices, summaries, url
from ui.date_field import date_field
from ui.i18n import number, t
from ui.safe_text import plain

WINDOW_DAYS = 90
WINDOW = ("changed_since", "changed_until")  # the URL parameters of the period


def latest_event(reg: registry.Registry, scope: registry.Filters, today: dt.date) -> dt.date | None:
    """The newest start or end, up to today, of the designations these filters select."""
    every = events.events(registry.select(reg, dataclasses.replace(scope, as_of=today)), None, today)
    return None if every.empty else every["date"].max().date()


def window(today: dt.date, latest: dt.date | None) -> tuple[dt.date, dt.date]:
    """The period, from the two date fields kept in the link (told when the link's dates are dropped or reversed).
    By default (an empty field, its default shown in it) it opens on the last 90 days, or reaches back 90 days
    before the newest event: never an empty window."""
    given = {key: url.values(key) for key in WINDOW}  # before the widgets rewrite the link
    notices = st.container()
    left, right = st.columns(2)
    start = min(today, latest or today) - dt.timedelta(days=WINDOW_DAYS)
    since = date_field(t("Changed on or after"), "changed_since", today, placeholder=start.isoformat(), where=left)  # applies on Enter
    until = date_field(t("Changed on or before"), "changed_until", today, placeholder=today.isoformat(), where=right)
    with notices:
        for key, used in zip(WINDOW, (since, until), strict=True):
            url.tell(key, used, given=given[key])
    since = since or start
    until = until or today
    if since > until:
        st.warning(
            t(
                "'Changed on or after' ({since}) is later than 'changed on or before' ({until}): the two dates are swapped.",
                since=since,
                until=until,
            )
        )
        since, until = until, since
    return since, until


def starts_and_ends(found, since: dt.date, until: dt.date, labels: dict[str, str], names: dict[str, str]) -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric(t("Designations started"), number(int((found["event"] == "started").sum())))
    c2.metric(t("Designations ended"), number(int((found["event"] == "ended").sum())))
    c3.metric(t("Outlets and people concerned"), number(found["outlet_id"].nunique()))
    if found.empty:
        st.info(
            t(
                "No designation started or ended between {since:%d %B %Y} and {until:%d %B %Y} with these filters.",
                since=since,
                until=until,
            ),
            icon=":material/event_busy:",
        )
        return
    splits = [("jurisdiction", t("Starts and ends by jurisdiction"), names), ("designation", t("Starts and ends by designation"), labels)]
    chart, table = choice.tabs("sub")  # the open one in the address
    for left, right, (by, title, shown) in zip(chart.columns(2), table.columns(2), splits, strict=True):
        counts = events.event_counts(found, by)
        left.markdown(plain(summaries.changed(counts, by, shown)))
        left.plotly_chart(charts.events(counts, by, shown, title), key=f"changes_{by}_chart")
        right.dataframe(
            counts.assign(**{by: counts[by].astype(str).map(lambda c, words=shown: words.get(c, c))}),
            hide_index=True,
            width="stretch",
            key=f"changes_{by}_table",
            column_config={
                by: t("Jurisdiction") if by == "jurisdiction" else t("Designation"),
                "started": t("Started"),
                "ended": t("Ended"),
            },
        )
    st.header(t("Every start and end in the period"))
    columns.show(found.drop(columns=["outlet_id"]), key="changes_events")


def corrections(reg: registry.Registry) -> None:
    """Corrections between dataset versions, and the release notes (CHANGES.md)."""
    st.header(t("Corrections between dataset versions"))
    releases = changelog.read_changelog(changelog.changelog_path(reg.data_dir))
    if len(releases) < 2:
        if releases:
            first = t(
                "This is the first release of the dataset ({version}, {date:%d %B %Y}): corrections between versions will be listed here from the next one.",
                version=releases[0].version,
                date=releases[0].date,
            )
        else:
            first = t("This is the first release of the dataset: corrections between versions will be listed here from the next one.")
        st.info(plain(first), icon=":material/history:")
    else:
        for release, previous in zip(releases, releases[1:], strict=False):
            st.markdown(
                t(
                    "**{version}** ({date:%d %B %Y}), since {previous}",
                    version=plain(release.version),
                    date=release.date,
                    previous=plain(previous.version),
                )
            )
            if release.corrected:
                st.markdown("\n".join(f"- {plain(item)}" for item in release.corrected))
            else:
                st.caption(t("No corrections."))
    if releases:
        with st.expander(t("Release notes (CHANGES.md)")):
            for release in releases:
                st.markdown(
                    t(
                        "**{version}** ({date:%d %B %Y}) {intro}",
                        version=plain(release.version),
                        date=release.date,
                        intro=plain(release.intro),
                    )
                )
                for section, items in release.sections.items():
                    st.markdown(f"*{plain(section.capitalize())}*\n" + "\n".join(f"- {plain(item)}" for item in items))


def page() -> None:
    reg, filters = context.current()
    st.title(t("What changed"))
    st.caption(
        t(
            "Designations that started or ended in a period, by the dates the sources give (a listing, an exclusion, a lifted ban), "
            "with the sidebar's filters except status and start dates. Below: corrections between versions of the dataset."
        )
    )
    today = dt.date.today()
    latest = latest_event(reg, dataclasses.replace(filters, status=None, since=None, until=None), today)
    since, until = window(today, latest)
    st.caption(
        t("Newest start or end with these filters: {date}.", date=latest.isoformat())
        if latest
        else t("No designation with these filters has started or ended.")
    )
    scope = dataclasses.replace(filters, status=None, since=None, until=None, as_of=until)
    found = events.events(registry.select(reg, scope), since, until)
    notices.beyond_coverage(reg, scope, until)
    starts_and_ends(found, since, until, context.labels(reg), context.country_names(reg))
    corrections(reg)


page()
