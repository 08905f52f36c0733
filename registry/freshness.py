"""How fresh the sources behind some designations are: when each was last compared with the data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

import pandas as pd

STALE_AFTER_DAYS = 30


def sources_used(sources: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The sources behind the given designations, with the number of rows each documents.

    A designation is documented by the source with its exact source_url; failing that, by the
    sources of its jurisdiction on the same web host (an EU regulation on EUR-Lex, a FARA registrant
    page); failing that, by every source of its jurisdiction.
    """
    if rows.empty or sources.empty:
        return sources.iloc[0:0].assign(rows=pd.Series(dtype="int64"))
    host = sources["url"].map(lambda u: urlsplit(u).netloc.lower())
    by_url: dict[str, list[int]] = {}
    by_host: dict[tuple[str, str], list[int]] = {}
    by_jurisdiction: dict[str, list[int]] = {}
    for i, url, h, jurisdiction in zip(sources.index, sources["url"], host, sources["jurisdiction"], strict=True):
        by_url.setdefault(url, []).append(i)
        by_host.setdefault((jurisdiction, h), []).append(i)
        by_jurisdiction.setdefault(jurisdiction, []).append(i)
    counts: dict[int, int] = {}
    # Each distinct (link, jurisdiction) pair is resolved once, however many rows share it.
    pairs = pd.DataFrame({"url": rows["source_url"].astype("str"), "jurisdiction": rows["jurisdiction"].astype("str")}).value_counts()
    for (url, jurisdiction), n in pairs.items():
        found = by_url.get(url) or by_host.get((jurisdiction, urlsplit(url).netloc.lower())) or by_jurisdiction.get(jurisdiction, [])
        for i in found:
            counts[i] = counts.get(i, 0) + int(n)
    used = sources.loc[sorted(counts)].copy()
    used["rows"] = [counts[i] for i in used.index]
    return used.reset_index(drop=True)


@dataclass(frozen=True)
class Freshness:
    sources: pd.DataFrame  # the sources used, with days_since_checked, sorted oldest check first
    oldest_checked: dt.date | None
    newest_checked: dt.date | None
    stale: pd.DataFrame  # those not checked for more than max_age days

    @property
    def is_stale(self) -> bool:
        return not self.stale.empty


def freshness(sources: pd.DataFrame, rows: pd.DataFrame, today: dt.date | None = None, max_age: int = STALE_AFTER_DAYS) -> Freshness:
    """When the sources behind these designations were last compared with the data."""
    today = today or dt.date.today()
    used = sources_used(sources, rows)
    if used.empty:
        return Freshness(used.assign(days_since_checked=pd.Series(dtype="int64")), None, None, used)
    checked = pd.to_datetime(used["checked"])
    used = (
        used.assign(days_since_checked=(pd.Timestamp(today) - checked).dt.days)
        .sort_values(["checked", "id"], kind="stable")
        .reset_index(drop=True)
    )
    stale = used[used["days_since_checked"] > max_age]
    return Freshness(used, checked.min().date(), checked.max().date(), stale)
