"""The words a reader sees for codes: designation labels, country names, status and kind words, law titles.

Codes stay in downloads and in the address; every widget, cell, header, legend and axis shows these.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

import registry

STATUS = {"in_force": "in force", "ended": "ended"}
KIND = {"outlet": "outlet", "company": "company", "journalist": "person"}
_QUOTED = re.compile(r"«([^»]+)»")


def vocabulary(reg: registry.Registry) -> dict[str, dict[str, str]]:
    """Column of a result -> its codes' words (made once per server and language: read it, never change it)."""
    from ui import ready

    return ready.shared("vocabulary", ready.key(reg), lambda: _vocabulary(reg))


def _vocabulary(reg: registry.Registry) -> dict[str, dict[str, str]]:
    countries = dict(zip(reg.countries["code"], reg.countries["name"]))
    return {
        "jurisdiction": countries,
        "outlet_country": countries,
        "designation": dict(zip(reg.designation_types["code"], reg.designation_types["label"])),
        "status": STATUS,
        "outlet_kind": KIND,
        "legal_basis": dict(zip(reg.laws["id"], reg.laws["title_en"])),
    }


def official_term(reg: registry.Registry, code: str) -> str:
    """The first official term of a designation type in the vocabulary («иностранный агент»), or ""."""
    terms = reg.designation_types.set_index("code")["official_terms"].get(code)
    found = _QUOTED.search(terms) if isinstance(terms, str) else None
    return found[1] if found else ""


def option_words(reg: registry.Registry) -> dict[str, dict[str, str]]:
    """What each filter option reads as (typing in the box searches these words): designations with
    their official term, so "иностранный агент" finds Foreign agent. Made once per server and language:
    read it, never change it."""
    from ui import ready

    return ready.shared("option_words", ready.key(reg), lambda: _option_words(reg))


def _option_words(reg: registry.Registry) -> dict[str, dict[str, str]]:
    vocab = vocabulary(reg)
    designations = {code: f"{label} · {term}" if (term := official_term(reg, code)) else label for code, label in vocab["designation"].items()}
    return {"jurisdiction": vocab["jurisdiction"], "designation": designations, "outlet_country": vocab["outlet_country"], "kind": KIND, "status": STATUS}


def readable(frame: pd.DataFrame, vocab: dict[str, dict[str, str]], keep: frozenset[str] | set[str] = frozenset()) -> pd.DataFrame:
    """The frame as shown: codes replaced by their words (except the columns in `keep`), missing text blank."""
    out = frame.copy()
    for column in out.columns:
        words = vocab.get(column) if column not in keep else None
        if words is not None:
            out[column] = out[column].astype(object).map(lambda v, w=words: w.get(v, v) if isinstance(v, str) else v)
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = _as_text(out[column])
    return out


def _as_text(values: pd.Series) -> pd.Series:
    """A column of text (and days) with blanks for missing values; any other column as it is (a blank
    beside numbers or lists would not convert for the table)."""
    present = values[values.notna()]
    if not all(isinstance(v, str | dt.date) for v in present):
        return values
    return values.astype(object).map(lambda v: v.isoformat()[:10] if isinstance(v, dt.date) else v).where(values.notna(), "")
