"""Outlet roll-up: the brand readers know for each entity, and every entity under a brand.

Official registers name legal entities, services and channels ("SIA Medusa Project", "T&R Productions
LLC"); readers look for the brand ("Meduza", "RT"). An entity's brand is the top of its `parent_id`
chain. A journalist is never rolled up into the outlet they work for: a measure against a person is
not a measure against the outlet, so a person is their own brand (they still appear under the outlet
in its profile, as an entity under it).
"""

from __future__ import annotations

import pandas as pd


def brands(outlets: pd.DataFrame) -> pd.Series:
    """Outlet id -> the id of its brand (the top of its parent_id chain; itself when it has no parent).

    A chain that loops or names an unknown parent stops at the last entity reached (validation reports
    both; a roll-up must not hang on them).
    """
    parent = dict(zip(outlets["id"], outlets["parent_id"]))
    kind = dict(zip(outlets["id"], outlets["kind"]))
    out = {}
    for outlet_id in outlets["id"]:
        top, seen = outlet_id, {outlet_id}
        while kind.get(top) != "journalist":
            up = parent.get(top)
            if not isinstance(up, str) or up not in parent or up in seen:
                break
            seen.add(up)
            top = up
        out[outlet_id] = top
    return pd.Series(out, dtype="str", name="brand_id")


def label(name: object, brand_name: object) -> str:
    """How a result names its entity: "Meduza (SIA Medusa Project)" when listed through another entity;
    the entity's own name alone when it already says the brand ("RT America")."""
    own = name if isinstance(name, str) else ""
    brand = brand_name if isinstance(brand_name, str) else ""
    if not (brand and own) or own == brand or own.casefold().startswith(brand.casefold() + " "):
        return own or brand
    return f"{brand} ({own})"


def under(outlets: pd.DataFrame, outlet_id: str) -> list[str]:
    """The ids of every entity under this one (children, grandchildren, ...), nearest first."""
    children: dict[str, list[str]] = {}
    for child, parent in zip(outlets["id"], outlets["parent_id"]):
        if isinstance(parent, str):
            children.setdefault(parent, []).append(child)
    found: list[str] = []
    seen = {outlet_id}
    level = [outlet_id]
    while level:
        level = [c for p in level for c in sorted(children.get(p, ())) if c not in seen]
        seen.update(level)
        found += level
    return found
