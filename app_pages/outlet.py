import pandas as pd
import streamlit as st

import registry
from ui import charts, context, share
from ui.text import plain, safe_url


def page() -> None:
    reg, filters = context.current()
    outlets = reg.outlets.sort_values("name", key=lambda s: s.str.lower())
    names = dict(zip(outlets["id"], outlets["name"]))
    ids = list(outlets["id"])

    st.title("Outlet profile")
    if st.query_params.get("outlet") and st.query_params.get("outlet") not in names:
        st.warning(plain(f"Ignored unknown outlet {st.query_params.get('outlet')[:60]!r} in the link."), icon=":material/link_off:")
    outlet_id = st.selectbox(
        "Outlet, company or person (by id; type to search)",
        ids,
        index=None,
        key="outlet",
        bind="query-params",
        placeholder="Choose one, or select a row on the Explore page",
    )
    if outlet_id is None:
        st.info("Choose an outlet above, or select a row on the Explore page.", icon=":material/badge:")
        return

    profile = registry.outlet_profile(reg, outlet_id, as_of=filters.as_of)
    o = profile.outlet
    labels = context.labels(reg)
    countries = context.country_names(reg)

    st.header(plain(o["name"]))
    share.cite_and_embed(reg, f"{o['name']}: designations", "outlet")
    facts = {
        "Native name": o["name_native"],
        "Also known as": o["aliases"],
        "Kind": o["kind"],
        "Based in": countries.get(o["country"], o["country"]) if isinstance(o["country"], str) else None,
        "Domains": o["domains"],
        "Notes": o["notes"],
    }
    # A table, not markdown: names, domains and notes are data, shown as text and never as links or markup.
    st.dataframe(
        pd.DataFrame([(label, value) for label, value in facts.items() if isinstance(value, str) and value], columns=["field", "value"]),
        hide_index=True,
        width="stretch",
        column_config={"field": st.column_config.TextColumn("", width="small"), "value": st.column_config.TextColumn("", width="large")},
    )
    links = [("Website", safe_url(o["website"])), ("Source for this entry", safe_url(o["source_url"]))]
    if isinstance(o["wikidata"], str) and o["wikidata"]:
        links.insert(1, (f"Wikidata {o['wikidata']}", f"https://www.wikidata.org/wiki/{o['wikidata']}"))
    links = [(label, url) for label, url in links if url]
    for column, (label, url) in zip(st.columns(len(links) or 1, width=600), links):
        column.link_button(label, url, icon=":material/open_in_new:")

    st.subheader("Timeline")
    chart, table = st.tabs(["Chart", "Table"])
    timeline_rows = pd.concat([profile.designations, profile.related_designations])
    chart.plotly_chart(charts.timeline(timeline_rows, filters.date, labels), key="timeline_chart")
    table.dataframe(
        timeline_rows[["outlet_name", "jurisdiction", "designation", "start_date", "end_date", "status", "registry_ref"]].assign(
            start_date=timeline_rows["start_date"].dt.date, end_date=timeline_rows["end_date"].dt.date
        ),
        hide_index=True,
        width="stretch",
    )
    if not profile.related_designations.empty:
        st.caption("The timeline includes the designations of related entities (parent brand, companies, services, journalists).")

    st.subheader("Designations with sources")
    if profile.designations.empty:
        st.caption(f"No designation of this entry itself had started by {filters.date:%Y-%m-%d}.")
    else:
        d = profile.designations
        st.dataframe(
            d[["jurisdiction", "designation", "legal_basis", "authority", "start_date", "end_date", "end_reason", "status", "registry_ref", "decision_date", "source_url", "responds_to", "notes"]].assign(
                start_date=d["start_date"].dt.date, end_date=d["end_date"].dt.date, decision_date=d["decision_date"].dt.date
            ),
            hide_index=True,
            width="stretch",
            column_config={"source_url": st.column_config.LinkColumn("Source", display_text="source"), "registry_ref": "Registry no."},
        )

    if not profile.responses.empty:
        st.subheader("Measure and answer")
        st.caption("Designations that a government said answer this entry's designations, or that this entry's designations answer.")
        r = profile.responses
        st.dataframe(
            r[["designation_id", "outlet_name", "jurisdiction", "designation", "start_date", "responds_to", "source_url"]].assign(start_date=r["start_date"].dt.date),
            hide_index=True,
            width="stretch",
            column_config={"source_url": st.column_config.LinkColumn("Source", display_text="source")},
        )

    related = []
    if profile.parent is not None:
        related.append(("Belongs to", profile.parent))
    related += [("Has", row) for _, row in profile.children.iterrows()]
    related += [("Alongside", row) for _, row in profile.siblings.iterrows()]
    if related:
        st.subheader("Related entities")
        for relation, row in related:
            st.page_link("app_pages/outlet.py", label=plain(f"{relation}: {row['name']} ({row['kind']})"), query_params={"outlet": row["id"]}, icon=":material/link:")


page()
