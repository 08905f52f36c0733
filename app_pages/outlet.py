"""Outlet profile: one outlet, company or person, its designations with sources, its timeline and relations."""

import pandas as pd
import streamlit as st

import registry
from registry.query import OutletProfile
from ui import charts, columns, context, notices, share, url
from ui.safe_text import plain, safe_url


def facts(o: pd.Series, countries: dict[str, str]) -> None:
    """What the registry says about the entry, as a table: names, domains and notes are data, never links or markup."""
    shown = {
        "Native name": o["name_native"],
        "Also known as": o["aliases"],
        "Kind": o["kind"],
        "Based in": countries.get(o["country"], o["country"]) if isinstance(o["country"], str) else None,
        "Domains": o["domains"],
        "Notes": o["notes"],
    }
    st.dataframe(
        pd.DataFrame([(label, value) for label, value in shown.items() if isinstance(value, str) and value], columns=["field", "value"]),
        hide_index=True,
        width="stretch",
        column_config={"field": st.column_config.TextColumn("", width="small"), "value": st.column_config.TextColumn("", width="large")},
    )
    links = [("Website", safe_url(o["website"])), ("Source for this entry", safe_url(o["source_url"]))]
    if isinstance(o["wikidata"], str) and o["wikidata"]:
        links.insert(1, (f"Wikidata {o['wikidata']}", f"https://www.wikidata.org/wiki/{o['wikidata']}"))
    links = [(label, href) for label, href in links if href]
    for column, (label, href) in zip(st.columns(len(links) or 1, width=600), links):
        column.link_button(label, href, icon=":material/open_in_new:")


def timeline(profile: OutletProfile, filters: registry.Filters, labels: dict[str, str]) -> None:
    st.subheader("Timeline")
    chart, table = st.tabs(["Chart", "Table"])
    rows = pd.concat([profile.designations, profile.related_designations])
    chart.plotly_chart(charts.timeline(rows, filters.date, labels), key="timeline_chart")
    with table:
        columns.show(rows, ["outlet_name", "jurisdiction", "designation", "start_date", "end_date", "status", "registry_ref"])
    if not profile.related_designations.empty:
        st.caption("The timeline includes the designations of related entities (parent brand, companies, services, journalists).")


def designations(profile: OutletProfile, filters: registry.Filters) -> None:
    st.subheader("Designations with sources")
    if profile.designations.empty:
        st.caption(f"No designation of this entry itself had started by {filters.date:%Y-%m-%d}.")
        return
    columns.show(profile.designations, [
        "jurisdiction", "designation", "legal_basis", "authority", "start_date", "end_date", "end_reason", "status",
        "registry_ref", "decision_date", "source_url", "responds_to", "notes",
    ])  # fmt: skip


def responses(profile: OutletProfile) -> None:
    if not profile.responses.empty:
        st.subheader("Measure and answer")
        st.caption("Designations that a government said answer this entry's designations, or that this entry's designations answer.")
        columns.show(profile.responses, ["designation_id", "outlet_name", "jurisdiction", "designation", "start_date", "responds_to", "source_url"])


def relations(profile: OutletProfile) -> None:
    related = [("Belongs to", profile.parent)] if profile.parent is not None else []
    related += [("Has", row) for _, row in profile.children.iterrows()]
    related += [("Alongside", row) for _, row in profile.siblings.iterrows()]
    if related:
        st.subheader("Related entities")
        for relation, row in related:
            st.page_link("app_pages/outlet.py", label=plain(f"{relation}: {row['name']} ({row['kind']})"), query_params={"outlet": row["id"]}, icon=":material/link:")


def page() -> None:
    reg, filters = context.current()
    outlets = reg.outlets.sort_values("name", key=lambda s: s.str.lower())

    st.title("Outlet profile")
    url.tell("outlet", st.query_params.get("outlet"), allowed=set(outlets["id"]))
    outlet_id = st.selectbox(
        "Outlet, company or person (by id; type to search)",
        list(outlets["id"]),
        index=None,
        key="outlet",
        bind="query-params",
        placeholder="Choose one, or select a row on the Explore page",
    )
    if outlet_id is None:
        st.info("Choose an outlet above, or select a row on the Explore page.", icon=":material/badge:")
        return

    profile = registry.outlet_profile(reg, outlet_id, as_of=filters.as_of)
    st.header(plain(profile.outlet["name"]))
    notices.beyond_coverage(reg, registry.Filters(as_of=filters.date), jurisdictions=profile.designations["jurisdiction"].astype(str).unique())
    share.cite_and_embed(reg, f"{profile.outlet['name']}: designations", "outlet")
    facts(profile.outlet, context.country_names(reg))
    timeline(profile, filters, context.labels(reg))
    designations(profile, filters)
    responses(profile)
    relations(profile)


page()
