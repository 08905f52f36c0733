"""Outlet profile: one outlet, company or person, its designations with sources, its timeline and relations."""

import pandas as pd
import streamlit as st

import registry
from registry.query import OutletProfile
from ui import charts, choice, columns, context, notices, share, summaries, url
from ui.i18n import t, tn
from ui.labels import kind_words
from ui.safe_text import plain, safe_url


def facts(o: pd.Series, countries: dict[str, str]) -> None:
    """What the registry says about the entry, as a table: names, domains and notes are data, never links or markup."""
    shown = {
        t("Native name"): o["name_native"],
        t("Also known as"): o["aliases"],
        t("Kind"): kind_words().get(o["kind"], o["kind"]),
        t("Based in"): countries.get(o["country"], o["country"]) if isinstance(o["country"], str) else None,
        t("Domains"): o["domains"],
        t("Notes"): o["notes"],
    }
    st.dataframe(
        pd.DataFrame([(label, value) for label, value in shown.items() if isinstance(value, str) and value], columns=["field", "value"]),
        hide_index=True,
        width="stretch",
        column_config={"field": st.column_config.TextColumn("", width="small"), "value": st.column_config.TextColumn("", width="large")},
    )
    links = [(t("Website"), safe_url(o["website"])), (t("Source for this entry"), safe_url(o["source_url"]))]
    if isinstance(o["wikidata"], str) and o["wikidata"]:
        links.insert(1, (t("Wikidata {id}", id=o["wikidata"]), f"https://www.wikidata.org/wiki/{o['wikidata']}"))
    links = [(label, href) for label, href in links if href]
    for column, (label, href) in zip(st.columns(len(links) or 1, width=600), links):
        column.link_button(label, href, icon=":material/open_in_new:")


def timeline(profile: OutletProfile, filters: registry.Filters, labels: dict[str, str]) -> None:
    st.subheader(t("Timeline"))
    chart, table = choice.tabs("sub")  # the open one in the address
    rows = pd.concat([profile.designations, profile.related_designations])
    reg = context.current()[0]
    names = context.country_names(reg)
    chart.markdown(plain(summaries.profile(rows, filters.date, names)))
    chart.plotly_chart(charts.timeline(rows, filters.date, labels, names, dict(zip(reg.laws["id"], reg.laws["title_en"]))), key="timeline_chart")
    with table:
        columns.show(rows, ["outlet_name", "jurisdiction", "designation", "start_date", "end_date", "status", "registry_ref"])
    if not profile.related_designations.empty:
        st.caption(t("The timeline includes the designations of related entities (parent brand, companies, services, journalists)."))


def designations(profile: OutletProfile, filters: registry.Filters) -> None:
    """Its own designations and those of every entity under it (services, companies, channels, people), each with its source."""
    st.subheader(t("Designations with sources"))
    rows = profile.rolled_up
    if rows.empty:
        st.caption(t("No designation of this entry, or of any entity under it, had started by {date}.", date=filters.date.isoformat()))
        return
    through = rows["outlet_id"] != profile.outlet["id"]
    if through.any():
        own = len(rows) - int(through.sum())
        under = rows.loc[through, "outlet_id"].nunique()
        own_text = tn("{n:,} designation of its own", "{n:,} designations of its own", own)
        under_text = tn("{count:,} of {n:,} entity under it", "{count:,} of {n:,} entities under it", int(under), count=int(through.sum()))
        st.caption(t("{own} and {under} (Listed as: the entity each measure names).", own=own_text, under=under_text))
    columns.show(rows, [
        "outlet_name", "jurisdiction", "designation", "start_date", "end_date", "status", "source_url", "registry_ref",
        "legal_basis", "authority", "end_reason", "decision_date", "responds_to", "notes",
    ], column_config={"outlet_name": t("Listed as")})  # fmt: skip


def responses(profile: OutletProfile) -> None:
    if not profile.responses.empty:
        st.subheader(t("Measure and answer"))
        st.caption(t("Designations that a government said answer this entry's designations, or that this entry's designations answer."))
        columns.show(
            profile.responses, ["designation_id", "outlet_name", "jurisdiction", "designation", "start_date", "responds_to", "source_url"]
        )


def relations(profile: OutletProfile) -> None:
    related = [
        (t("Belongs to: {name} ({kind})", name=parent["name"], kind=kind_words().get(parent["kind"], parent["kind"])), parent)
        for parent in [profile.parent]
        if parent is not None
    ]
    related += [
        (t("Has: {name} ({kind})", name=row["name"], kind=kind_words().get(row["kind"], row["kind"])), row)
        for _, row in profile.children.iterrows()
    ]
    related += [
        # translators: an entity under the same parent as this one
        (t("Alongside: {name} ({kind})", name=row["name"], kind=kind_words().get(row["kind"], row["kind"])), row)
        for _, row in profile.siblings.iterrows()
    ]
    if related:
        st.subheader(t("Related entities"))
        for label, row in related:
            st.page_link("app_pages/outlet.py", label=plain(label), query_params={"outlet": row["id"]}, icon=":material/link:")


def picker_label(o: pd.Series) -> str:
    """An entry as the picker lists it: its name, its native name when it differs, and its kind (typing filters on all of it)."""
    native = o["name_native"] if isinstance(o["name_native"], str) and o["name_native"] != o["name"] else ""
    return f"{o['name']}{' · ' + native[:60] if native else ''} ({kind_words().get(o['kind'], o['kind'])})"


def picker(outlets: pd.DataFrame) -> str | None:
    """The entry the address names (?outlet=<id>), shown by name in a picker that types in any script.

    The address is the state: the picker follows it (a related-entity link changes it) and writes it
    when the reader picks. Not bound with bind="query-params", which would put the shown name, not
    the id, in the link."""
    known = set(outlets["id"])
    given = url.values("outlet")
    url.tell("outlet", st.query_params.get("outlet"), allowed=known)
    wanted = st.query_params.get("outlet")
    wanted = wanted if wanted in known else None
    if given and wanted is None:
        del st.query_params["outlet"]
    elif wanted:
        st.query_params["outlet"] = wanted  # written back: a page link's parameters reach the script, not always the address bar
    if st.session_state.get("outlet_pick") != wanted:
        st.session_state["outlet_pick"] = wanted
    shown = dict(zip(outlets["id"], (picker_label(o) for _, o in outlets.iterrows())))
    st.selectbox(
        t("Outlet, company or person (type a name in any script)"),
        list(outlets["id"]),
        format_func=lambda oid: shown.get(oid, oid),
        key="outlet_pick",
        on_change=_follow_picker,
        placeholder=t("Choose one, or select a row on the Explore page"),
    )
    return wanted


def _follow_picker() -> None:
    picked = st.session_state.get("outlet_pick")
    if picked:
        st.query_params["outlet"] = picked
    else:
        st.query_params.pop("outlet", None)


def page() -> None:
    reg, filters = context.current()
    outlets = reg.outlets.sort_values("name", key=lambda s: s.str.lower())

    st.title(t("Outlet profile"))
    outlet_id = picker(outlets)
    if outlet_id is None:
        st.info(t("Choose an outlet above, or select a row on the Explore page."), icon=":material/badge:")
        return

    profile = registry.outlet_profile(reg, outlet_id, as_of=filters.as_of)
    st.header(plain(profile.outlet["name"]))
    notices.beyond_coverage(
        reg, registry.Filters(as_of=filters.date), jurisdictions=profile.designations["jurisdiction"].astype(str).unique()
    )
    share.cite_and_embed(reg, t("{name}: designations", name=profile.outlet["name"]), "outlet")
    facts(profile.outlet, context.country_names(reg))
    timeline(profile, filters, context.labels(reg))
    designations(profile, filters)
    responses(profile)
    relations(profile)


page()
