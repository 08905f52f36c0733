import dataclasses
import functools

import streamlit as st

import registry
from registry.export import DOWNLOADS, about_sheet, export_bytes, export_filename
from ui import context, share


def _export(reg: registry.Registry, filters: registry.Filters, fmt: str, about) -> bytes:
    """The file, selected again when it is asked for: a waiting download button keeps the filters, not a copy of the rows."""
    return export_bytes(registry.select(reg, filters), fmt, about, reg=reg)


def page() -> None:
    reg, filters = context.current()
    rows = registry.select(reg, filters)

    st.title("Explore designations")
    st.caption(f"{len(rows):,} designations · status as of {filters.date:%Y-%m-%d} · select a row to open the outlet's profile")

    if rows.empty:
        context.nothing_matches()
        return

    about = about_sheet(reg, filters)
    described = "; ".join(f"{k}: {v}" for k, v in filters.describe().items())
    share.cite_and_embed(reg, f"Designations ({described})", "explore")
    pinned = dataclasses.replace(filters, as_of=filters.date)  # the same rows even if the click comes after midnight
    st.caption("Download exactly these rows (the same files as `registry export` with these filters):")
    buttons = st.columns(len(DOWNLOADS), gap="small", width=640)
    for column, fmt in zip(buttons, DOWNLOADS):
        column.download_button(
            {"parquet": "Parquet", "ftm": "FtM"}.get(fmt, fmt.upper()),
            data=functools.partial(_export, reg, pinned, fmt, about),
            file_name=export_filename(filters, fmt),
            mime=DOWNLOADS[fmt],
            key=f"download_{fmt}",
            on_click="ignore",
            icon=":material/download:",
            help=f"Download the {len(rows):,} rows as {fmt.upper() if fmt != 'ftm' else 'FollowTheMoney entities (JSON lines)'}",
        )

    shown = rows[
        [
            "start_date",
            "end_date",
            "status",
            "jurisdiction",
            "designation",
            "outlet_name",
            "outlet_name_native",
            "outlet_kind",
            "outlet_country",
            "registry_ref",
            "legal_basis",
            "authority",
            "source_url",
            "outlet_id",
            "designation_id",
        ]
    ]
    event = st.dataframe(
        shown.assign(start_date=shown["start_date"].dt.date, end_date=shown["end_date"].dt.date),
        key="explore_table",
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
        height=560,
        column_config={
            "start_date": st.column_config.DateColumn("Start"),
            "end_date": st.column_config.DateColumn("End"),
            "status": "Status",
            "jurisdiction": "By",
            "designation": "Designation",
            "outlet_name": "Outlet or person",
            "outlet_name_native": "Native name",
            "outlet_kind": "Kind",
            "outlet_country": "Based in",
            "registry_ref": "Registry no.",
            "legal_basis": "Legal basis",
            "authority": "Authority",
            "source_url": st.column_config.LinkColumn("Source", display_text="source"),
            "outlet_id": "Outlet id",
            "designation_id": "Designation id",
        },
    )
    selected = event.selection.rows if event else []
    if selected:
        outlet_id = shown.iloc[selected[0]]["outlet_id"]
        st.session_state["outlet"] = outlet_id
        st.switch_page("app_pages/outlet.py", query_params={"outlet": outlet_id})


page()
