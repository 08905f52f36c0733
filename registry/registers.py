"""Registers and how current each is.

A register is one official list or one measure family of one jurisdiction (data/registers.csv).
Every designation belongs to exactly one register: the register of its jurisdiction that names its
designation code, or else the one of that jurisdiction whose ``designations`` is ``*``.

Each register states the date of the newest official copy compared (``copy_date``) and the date the
data is complete to (``complete_to``). The newest entry and the number of provisional entries are
computed here, never stored. Status asked for a date after a register's ``complete_to`` (or of a
register with no such date) is still computed, but every page, export and message says so with the
sentences of ``beyond_coverage``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from registry.load import Registry
    from registry.query import Filters

WILDCARD = "*"
TABLE = "registers"


@dataclass(frozen=True)
class RuleProblem:
    row: int  # the row of registers.csv
    column: str
    message: str


class RegisterMap:
    """Which register a (jurisdiction, designation code) pair belongs to."""

    def __init__(self, rows: Iterable[tuple[int, str, str, str]]):
        """rows: (row number, register id, jurisdiction, designations text)."""
        self.named: dict[tuple[str, str], str] = {}
        self.wildcard: dict[str, str] = {}
        self.problems: list[RuleProblem] = []
        for row, register, jurisdiction, codes in rows:
            if codes.strip() == WILDCARD:
                if jurisdiction in self.wildcard:
                    self.problems.append(
                        RuleProblem(
                            row,
                            "designations",
                            f"{jurisdiction} already has a '*' register ({self.wildcard[jurisdiction]}): a designation would belong to both",
                        )
                    )
                else:
                    self.wildcard[jurisdiction] = register
                continue
            for code in codes.split():
                key = (jurisdiction, code)
                if key in self.named:
                    self.problems.append(
                        RuleProblem(
                            row,
                            "designations",
                            f"{code!r} of {jurisdiction} is already in register {self.named[key]!r}: a designation would belong to both",
                        )
                    )
                else:
                    self.named[key] = register

    @classmethod
    def of_frame(cls, registers: pd.DataFrame) -> RegisterMap:
        return cls(
            (int(i), str(r), str(j), str(d))
            for i, r, j, d in zip(registers.index, registers["id"], registers["jurisdiction"], registers["designations"], strict=True)
        )

    def register(self, jurisdiction: str, code: str) -> str | None:
        return self.named.get((jurisdiction, code)) or self.wildcard.get(jurisdiction)

    def codes(self, register: str, jurisdiction: str, all_codes: Iterable[str]) -> set[str]:
        """The designation codes that belong to a register."""
        if self.wildcard.get(jurisdiction) == register:
            return {c for c in all_codes if (jurisdiction, c) not in self.named}
        return {c for (j, c), r in self.named.items() if r == register and j == jurisdiction}


def register_map(reg: Registry) -> RegisterMap:
    return RegisterMap.of_frame(reg.tables[TABLE])


def register_ids(reg: Registry, table: pd.DataFrame | None = None) -> pd.Series:
    """The register id of each row of ``table`` (default: every designation), aligned with it."""
    table = reg.table if table is None else table
    rules = register_map(reg)
    return pd.Series(
        [rules.register(str(j), str(d)) for j, d in zip(table["jurisdiction"], table["designation"], strict=True)],
        index=table.index,
        dtype="str",
    )


@functools.lru_cache(maxsize=8)
def _rules_and_held(reg: Registry) -> tuple[RegisterMap, frozenset[str]]:
    """A registry's register rules and the registers that hold a designation: made once per registry
    (its tables are never changed), not on each page's and each API request's currency notice."""
    return register_map(reg), frozenset(register_ids(reg).dropna())


def _date(value) -> dt.date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def coverage_table(reg: Registry) -> pd.DataFrame:
    """One row per register: copy date, complete-to date, newest entry and provisional entries (computed)."""
    table = reg.table
    ids = register_ids(reg)
    provisional = table["provisional"].astype(str).eq("yes") if "provisional" in table.columns else pd.Series(False, index=table.index)
    names = dict(zip(reg.countries["code"], reg.countries["name"]))
    rows = []
    for r in reg.tables[TABLE].itertuples(index=False):
        own = ids == r.id
        rows.append(
            {
                "register": r.id,
                "title": r.title,
                "jurisdiction": r.jurisdiction,
                "jurisdiction_name": names.get(r.jurisdiction, r.jurisdiction),
                "designations": int(own.sum()),
                "copy_date": _date(r.copy_date),
                "complete_to": _date(r.complete_to),
                "newest_entry": _date(table.loc[own, "start_date"].max()) if own.any() else None,
                "provisional": int((own & provisional).sum()),
                "after_complete": r.after_complete,
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Notice:
    register: str
    title: str
    complete_to: dt.date | None
    sentence: str
    complete_from: str = ""  # the register's own words, as in registers.csv (the sentence's parts, for a translated interface)
    after_complete: str = ""


# The statements as templates: the dashboard says them in the reader's language (ui/i18n.translated).
SENTENCE_OPEN = "{title}: no date to which it is known to be complete (from {complete_from}; {after_complete}), may be incomplete."
SENTENCE = "{title}: complete to {complete_to} from {complete_from}; {after_complete}, may be incomplete."
HEADING = "Status on {date} may miss listings and exclusions the data does not have yet:"


def sentence(title: str, complete_to: dt.date | None, complete_from: str, after_complete: str) -> str:
    """The plain-words statement of a register's currency."""
    if complete_to is None:
        return SENTENCE_OPEN.format(title=title, complete_from=complete_from, after_complete=after_complete)
    return SENTENCE.format(title=title, complete_to=complete_to.isoformat(), complete_from=complete_from, after_complete=after_complete)


def heading(date: dt.date) -> str:
    return HEADING.format(date=date.isoformat())


def beyond_coverage(
    reg: Registry, filters: Filters | None = None, date: dt.date | None = None, *, jurisdictions: Iterable[str] = ()
) -> list[Notice]:
    """The registers the filters reach whose data is not complete to ``date`` (default: the filters' date).

    A register is reached when its jurisdiction and one of its codes pass the jurisdiction and
    designation filters (``jurisdictions`` narrows further, e.g. to an outlet's), and it holds a
    designation or the designation filter names one of its codes.
    """
    from registry.query import Filters

    filters = filters or Filters()
    date = date or filters.date
    rules, held = _rules_and_held(reg)
    all_codes = [str(c) for c in reg.designation_types["code"]]
    narrow = set(jurisdictions)
    out = []
    for r in reg.tables[TABLE].itertuples(index=False):
        if filters.jurisdictions and r.jurisdiction not in filters.jurisdictions:
            continue
        if narrow and r.jurisdiction not in narrow:
            continue
        codes = rules.codes(r.id, r.jurisdiction, all_codes)
        if filters.designations and not codes & set(filters.designations):
            continue
        if r.id not in held and not (filters.designations and codes & set(filters.designations)):
            continue
        complete_to = _date(r.complete_to)
        if complete_to is not None and complete_to >= date:
            continue
        out.append(
            Notice(
                r.id,
                r.title,
                complete_to,
                sentence(r.title, complete_to, r.complete_from, r.after_complete),
                r.complete_from,
                r.after_complete,
            )
        )
    return out


def notice_lines(notices: list[Notice], date: dt.date) -> list[str]:
    """The notice as lines of plain text: a heading, then one sentence per register."""
    return [heading(date), *(n.sentence for n in notices)] if notices else []


def check_rules(
    register_rows: Iterable[tuple[int, str, str, str]], designation_rows: Iterable[tuple[int, str, str]]
) -> Iterator[tuple[str, int, str, str]]:
    """Problems as (table, row, column, message): conflicting rules, and designations no register covers."""
    rules = RegisterMap(register_rows)
    for p in rules.problems:
        yield TABLE, p.row, p.column, p.message
    for row, jurisdiction, code in designation_rows:
        if jurisdiction and code and rules.register(jurisdiction, code) is None:
            yield (
                "designations",
                row,
                "jurisdiction",
                f"no register in registers.csv covers {jurisdiction} {code!r}: add a row for {jurisdiction} (designations '*' or {code})",
            )
