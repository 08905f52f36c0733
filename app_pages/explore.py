"""Explore: every designation matching the sidebar's filters, downloadable, with a citation; a row opens its outlet."""

import functools

import streamlit as st

import registry
from registry.export import DOWNLOADS, about_sheet, export_bytes, export_filename
from ui import columns, context, notices, profile_link, settled, share
from ui.i18n import t, tn

TABLE_ANCHOR = "the-designations"
SHOWN = [  # the key columns first: a phone shows only the first two or three
    "outlet_label", "designation", "jurisdiction", "start_date", "status", "end_date", "outlet_name_native", "outlet_kind",
    "outlet_country", "registry_ref", "legal_basis", "authority", "source_url", "outlet_id", "designation_id",
]  # fmt: skip


def _export(reg: registry.Registry, filters: registry.Filters, fmt: str) -> bytes:
    """The file of these filters (ui.settled.download_row gives the ones the screen settled on); its About
    sheet is made here, on the click, not on every run that draws the buttons."""
    return export_bytes(registry.select(reg, filters), fmt, about_sheet(reg, filters), reg=reg)


def downloads(reg: registry.Registry, filters: registry.Filters, count: int) -> None:
    described = "; ".join(f"{k}: {v}" for k, v in filters.describe().items())
    share.cite_and_embed(reg, t("Designations ({filters})", filters=described), "explore")
    st.caption(t("Download exactly these rows (the same files as `registry export` with these filters):"))
    settled.download_row(
        filters,
        DOWNLOADS,
        functools.partial(_export, reg),
        file_name=lambda fmt: export_filename(filters, fmt),
        key="download",
        label=lambda fmt: {"parquet": "Parquet", "ftm": "FtM"}.get(fmt, fmt.upper()),
        help=lambda fmt: tn(
            "Download the {n:,} row as {format}",
            "Download the {n:,} rows as {format}",
            count,
            format=fmt.upper() if fmt != "ftm" else t("FollowTheMoney entities (JSON lines)"),
        ),
    )


def page() -> None:
    v = context.view()
    reg, filters, rows = v.reg, v.filters, v.rows

    st.title(t("Explore designations"), anchor=False)  # no heading link: one Tab stop fewer before the table
    st.caption(
        tn(
            "{n:,} designation · status as of {date} · select a row to open the outlet's profile",
            "{n:,} designations · status as of {date} · select a row to open the outlet's profile",
            len(rows),
            date=filters.date.isoformat(),
        )
    )
    if not rows.empty:
        profile_link.skip_to_table(TABLE_ANCHOR)  # past the notices, citation and downloads (ui/profile_link.py)
    notices.beyond_coverage(reg, filters)
    if rows.empty:
        context.nothing_matches()
        return
    downloads(reg, filters, len(rows))
    profile_link.table_heading(t("The designations"), TABLE_ANCHOR)
    st.caption(profile_link.keyboard_hint() + " " + t("Selecting a row opens its outlet's profile."))
    event = columns.show(rows, SHOWN, key="explore_table", on_select="rerun", selection_mode="single-row", height=560)
    selected = event.selection.rows if event else []
    if selected:
        outlet_id = rows.iloc[selected[0]]["outlet_id"]
        st.switch_page("app_pages/outlet.py", query_params={"outlet": outlet_id})


page()
