"""FollowTheMoney entities: the registry in the format sanctions and investigations tools read.

One JSON object per line (the FtM "entity stream"): each outlet as an Organization (a company as a
Company, a journalist as a Person with the topic role.journo), each parent link as an Ownership (a
company or service under its brand) or a Membership (a person under an outlet), and each
designation as a Sanction whose `entity` is the outlet, with the designating authority, the law as
`program`, the official number as `authorityId`, the dates and the source. Entity ids are stable:
`mfr-` plus the registry's own id. No dependency on the followthemoney package: the tests load
every line with its model.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

PREFIX = "mfr-"
SCHEMA_BY_KIND = {"outlet": "Organization", "company": "Company", "journalist": "Person"}


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, (dt.date, pd.Timestamp)):
        return pd.Timestamp(value).date().isoformat()
    return str(value).strip()


def _props(**values) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in values.items():
        items = value if isinstance(value, list) else [value]
        texts = [t for t in (_text(v) for v in items) if t]
        if texts:
            out[key] = list(dict.fromkeys(texts))
    return out


def _split(value) -> list[str]:
    return [part.strip() for part in _text(value).split("|") if part.strip()]


def outlet_entity(outlet: pd.Series) -> dict:
    kind = _text(outlet.get("kind"))
    schema = SCHEMA_BY_KIND.get(kind, "Organization")
    names = [outlet.get("name")]
    aliases = [outlet.get("name_native"), *_split(outlet.get("aliases"))]
    props = _props(
        name=names,
        alias=[a for a in aliases if _text(a) and _text(a) != _text(outlet.get("name"))],
        country=_text(outlet.get("country")).lower(),
        website=_split(outlet.get("website")),
        sourceUrl=outlet.get("source_url"),
        notes=outlet.get("notes"),
        wikidataId=outlet.get("wikidata"),
    )
    props["topics"] = ["role.journo"] if schema == "Person" else []
    if not props["topics"]:
        del props["topics"]
    return {"id": PREFIX + _text(outlet["id"]), "schema": schema, "properties": props}


def link_entity(child: pd.Series, parent_kind: str) -> dict:
    """A parent link: a person under an outlet is a Membership; anything else an Ownership (parent owns child)."""
    child_id, parent_id = _text(child["id"]), _text(child["parent_id"])
    if _text(child.get("kind")) == "journalist" and parent_kind != "journalist":
        return {
            "id": f"{PREFIX}membership-{child_id}",
            "schema": "Membership",
            "properties": _props(member=PREFIX + child_id, organization=PREFIX + parent_id, sourceUrl=child.get("source_url")),
        }
    if _text(child.get("kind")) == "company":
        # the legal entity runs the brand people know: the company owns the outlet
        owner, asset, role = child_id, parent_id, "operates"
    else:
        owner, asset, role = parent_id, child_id, "service or channel of"
    return {
        "id": f"{PREFIX}ownership-{child_id}",
        "schema": "Ownership",
        "properties": _props(owner=PREFIX + owner, asset=PREFIX + asset, role=role, sourceUrl=child.get("source_url")),
    }


def sanction_entity(row: pd.Series, laws: dict[str, str], labels: dict[str, str]) -> dict:
    code = _text(row.get("designation"))
    law = _text(row.get("legal_basis"))
    props = _props(
        entity=PREFIX + _text(row["outlet_id"]),
        authority=row.get("authority"),
        authorityId=row.get("registry_ref"),
        country=_text(row.get("jurisdiction")).lower() if _text(row.get("jurisdiction")) != "EU" else "eu",
        program=laws.get(law, law),
        programId=law,
        reason=labels.get(code, code),
        provisions=code,
        startDate=row.get("start_date"),
        endDate=row.get("end_date"),
        listingDate=row.get("start_date"),
        date=row.get("decision_date"),
        status=row.get("status"),
        sourceUrl=row.get("source_url"),
        summary=row.get("notes"),
    )
    return {"id": f"{PREFIX}sanction-{_text(row['designation_id'])}", "schema": "Sanction", "properties": props}


def entities(reg, rows: pd.DataFrame) -> list[dict]:
    """The FtM entities for the designations in `rows` (a `select()` result): their outlets, the
    parents of those outlets and the links between them, and one Sanction per designation."""
    outlets = reg.outlets.set_index("id", drop=False)
    wanted = list(dict.fromkeys(rows["outlet_id"].astype(str)))
    seen: list[str] = []
    for oid in wanted:  # an outlet, then its chain of parents
        while oid in outlets.index and oid not in seen:
            seen.append(oid)
            parent = _text(outlets.at[oid, "parent_id"])
            if not parent:
                break
            oid = parent
    laws = dict(zip(reg.laws["id"], reg.laws["title_en"].fillna(reg.laws["id"])))
    labels = dict(zip(reg.designation_types["code"], reg.designation_types["label"]))
    out = [outlet_entity(outlets.loc[oid]) for oid in sorted(seen)]
    for oid in sorted(seen):
        child = outlets.loc[oid]
        parent = _text(child["parent_id"])
        if parent and parent in outlets.index:
            out.append(link_entity(child, _text(outlets.at[parent, "kind"])))
    out.extend(sanction_entity(r, laws, labels) for _, r in rows.sort_values("designation_id").iterrows())
    return out


def ftm_bytes(reg, rows: pd.DataFrame) -> bytes:
    """JSON lines, one entity per line, sorted keys: the same rows give the same bytes."""
    lines = (json.dumps(e, ensure_ascii=False, sort_keys=True) for e in entities(reg, rows))
    return "".join(line + "\n" for line in lines).encode("utf-8")
