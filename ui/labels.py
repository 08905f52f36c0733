"""The words a reader sees for codes: designation labels, country names, status, kind and event words,
law titles, in the reader's language (ui/i18n).

Codes stay in downloads and in the address; every widget, cell, header, legend and axis shows these.
In Russian: a designation type reads as the vocabulary's official Russian term where it has one
(RU: «иностранный агент» in data/designation_types.csv), else as the catalogue's translation of its
label; a country by its CLDR name (Babel), else the catalogue's; a law by its native title when that
is Russian. A word the catalogue lacks stays as the data writes it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import numpy as np
import pandas as pd

import registry
from ui import i18n
from ui.i18n import t

_QUOTED = re.compile(r"«([^»]+)»")
_RUSSIAN_TERM = re.compile(r"\bRU:\s*«([^»]+)»")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def status_words() -> dict[str, str]:
    # translators: a designation's status on a date; in Russian agreeing with «мера» (feminine)
    return {"in_force": t("in force"), "ended": t("ended")}


def kind_words() -> dict[str, str]:
    # translators: the kind of a designated entity, as a cell or in brackets after a name
    return {"outlet": t("outlet"), "company": t("company"), "journalist": t("person")}


def source_kinds() -> dict[str, str]:
    # translators: what kind of source a source is (the Sources table of Methodology)
    return {"official": t("official"), "press": t("press"), "ngo": t("NGO")}


def event_words() -> dict[str, str]:
    """registry.events' event column: a designation started or ended."""
    # translators: what happened to a designation on a date (the Event column); "ended" is shared with the status word
    return {"started": t("started"), "ended": t("ended")}


def designation_labels(reg: registry.Registry) -> dict[str, str]:
    """Designation code -> its label in the reader's language."""
    types = reg.designation_types
    if i18n.language() == i18n.DEFAULT:
        return dict(zip(types["code"], types["label"]))
    out = {}
    for code, label, terms in zip(types["code"], types["label"], types["official_terms"]):
        official = _RUSSIAN_TERM.search(terms) if i18n.language() == "ru" and isinstance(terms, str) else None
        out[code] = official[1][:1].upper() + official[1][1:] if official else i18n.word(label)
    return out


@functools.cache
def _territories(lang: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(lang).territories)


def country_names(reg: registry.Registry) -> dict[str, str]:
    """Country (or EU) code -> its name in the reader's language."""
    lang = i18n.language()
    if lang == i18n.DEFAULT:
        return dict(zip(reg.countries["code"], reg.countries["name"]))
    cldr = _territories(lang)
    return {code: cldr.get(code) or i18n.word(name) for code, name in zip(reg.countries["code"], reg.countries["name"])}


def law_titles(reg: registry.Registry) -> dict[str, str]:
    """Law id -> its title: English, or in Russian the native title when it is written in Russian."""
    laws = reg.laws
    if i18n.language() == "ru":
        return {
            law: native if isinstance(native, str) and _CYRILLIC.search(native) else english
            for law, english, native in zip(laws["id"], laws["title_en"], laws["title_native"])
        }
    return dict(zip(laws["id"], laws["title_en"]))


# the usual titles of registers.csv, said with the country's name (the others come from the catalogue)
_MEASURES_OF = re.compile(r"^(?:The )?.+'s measures against media$")
_SANCTIONS_OF = re.compile(r"^(?:The )?.+'s sanctions on media and media figures$")


def register_title(reg: registry.Registry, title: str, jurisdiction: str) -> str:
    """A register's title (registers.csv) in the reader's language: for the usual "<Country>'s measures
    against media" and "<Country>'s sanctions on media and media figures" the country's name in a
    translated frame, else the catalogue's."""
    if i18n.language() == i18n.DEFAULT or not isinstance(title, str):
        return title
    country = country_names(reg).get(jurisdiction, jurisdiction)
    if _MEASURES_OF.match(title):
        return t("Measures against media: {country}", country=country)
    if _SANCTIONS_OF.match(title):
        return t("Sanctions on media and media figures: {country}", country=country)
    return i18n.word(title)


def register_titles(reg: registry.Registry) -> dict[str, str]:
    """Register id -> its title in the reader's language."""
    table = reg.tables["registers"]
    return {rid: register_title(reg, title, j) for rid, title, j in zip(table["id"], table["title"], table["jurisdiction"])}


def vocabulary(reg: registry.Registry) -> dict[str, dict[str, str]]:
    """Column of a result -> its codes' words, in the reader's language (made once per server and language:
    read it, never change it)."""
    from ui import ready

    return ready.shared("vocabulary", ready.key(reg), lambda: _vocabulary(reg))


def _vocabulary(reg: registry.Registry) -> dict[str, dict[str, str]]:
    countries = country_names(reg)
    designations = designation_labels(reg)
    return {
        "jurisdiction": countries,
        "outlet_country": countries,
        "designation": designations,
        "measure_jurisdiction": countries,  # registry.reciprocity's pairs
        "answer_jurisdiction": countries,
        "measure_designation": designations,
        "answer_designation": designations,
        "status": status_words(),
        "outlet_kind": kind_words(),
        "event": event_words(),
        "legal_basis": law_titles(reg),
        "kind": {**kind_words(), **source_kinds()},  # a table's own kind column: an outlet's, or a source's
    }


def official_term(reg: registry.Registry, code: str) -> str:
    """The first official term of a designation type in the vocabulary («иностранный агент»), or ""."""
    terms = reg.designation_types.set_index("code")["official_terms"].get(code)
    found = _QUOTED.search(terms) if isinstance(terms, str) else None
    return found[1] if found else ""


def option_words(reg: registry.Registry) -> dict[str, dict[str, str]]:
    """What each filter option reads as (typing in the box searches these words): designations with
    their official term, so "иностранный агент" finds Foreign agent (the term is left out where it is the label).
    Made once per server and language: read it, never change it."""
    from ui import ready

    return ready.shared("option_words", ready.key(reg), lambda: _option_words(reg))


def _option_words(reg: registry.Registry) -> dict[str, dict[str, str]]:
    vocab = vocabulary(reg)
    designations = {
        code: f"{label} · {term}" if (term := official_term(reg, code)) and term.casefold() != label.casefold() else label
        for code, label in vocab["designation"].items()
    }
    return {
        "jurisdiction": vocab["jurisdiction"],
        "designation": designations,
        "outlet_country": vocab["outlet_country"],
        "kind": kind_words(),
        "status": status_words(),
    }


def readable(frame: pd.DataFrame, vocab: dict[str, dict[str, str]], keep: frozenset[str] | set[str] = frozenset()) -> pd.DataFrame:
    """The frame as shown: codes replaced by their words (except the columns in `keep`), missing text blank.
    Column by column and vectorised (a table of every designation is drawn on each rerun of Explore)."""
    out = {}
    for column in frame.columns:
        values = frame[column]
        words = vocab.get(column) if column not in keep else None
        if words is not None:
            values = _worded(values, words)
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            values = _as_text(values)
        out[column] = values
    return pd.DataFrame(out, index=frame.index, columns=frame.columns)


def _worded(values: pd.Series, words: dict[str, str]) -> pd.Series:
    """Each code as its word; a value without a word (or not text) stays as it is."""
    if isinstance(values.dtype, pd.CategoricalDtype):  # the words of the categories only; a missing value (code -1) blank
        shown = np.array([words.get(c, c) if isinstance(c, str) else c for c in values.cat.categories] + [""], dtype=object)
        return pd.Series(shown[values.cat.codes.to_numpy()], index=values.index, dtype="str")
    if isinstance(values.dtype, pd.StringDtype):
        return values.map(words).fillna(values)
    return values.astype(object).map(lambda v: words.get(v, v) if isinstance(v, str) else v)


def _as_text(values: pd.Series) -> pd.Series:
    """A column of text (and days) with blanks for missing values; any other column as it is (a blank
    beside numbers or lists would not convert for the table)."""
    if isinstance(values.dtype, pd.StringDtype):
        return values.fillna("") if values.hasnans else values
    present = values[values.notna()]
    if not all(isinstance(v, str | dt.date) for v in present):
        return values
    return values.astype(object).map(lambda v: v.isoformat()[:10] if isinstance(v, dt.date) else v).where(values.notna(), "")
