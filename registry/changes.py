"""What changed, for readers: designations that started or ended in a window, the latest changes,
how fresh the sources are, and the release notes of the data (data/CHANGES.md). Pure pandas.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from registry.errors import RegistryError
from registry.paths import read_data_file

EVENTS = ("started", "ended")
EVENT_COLUMNS = ["date", "event", "designation_id", "outlet_id", "outlet_name", "jurisdiction", "designation", "registry_ref", "source_url"]
STALE_AFTER_DAYS = 30
CHANGELOG = "CHANGES.md"


def events(rows: pd.DataFrame, since: dt.date | None = None, until: dt.date | None = None) -> pd.DataFrame:
    """One row per start and per end of the given designations that falls in [since, until], newest first."""
    parts = []
    for event, column in (("started", "start_date"), ("ended", "end_date")):
        dates = rows[column]
        mask = dates.notna()
        if since:
            mask &= dates >= pd.Timestamp(since)
        if until:
            mask &= dates <= pd.Timestamp(until)
        part = rows.loc[mask]
        parts.append(
            pd.DataFrame(
                {
                    "date": part[column],
                    "event": event,
                    **{c: part[c].astype("str") for c in EVENT_COLUMNS[2:] if c in part.columns},
                }
            )
        )
    out = pd.concat(parts, ignore_index=True).reindex(columns=EVENT_COLUMNS)
    if out.empty:
        return out.astype({"date": "datetime64[s]"})
    return out.sort_values(["date", "event", "designation_id"], ascending=[False, True, True], kind="stable").reset_index(drop=True)


def latest(rows: pd.DataFrame, n: int = 5, as_of: dt.date | None = None) -> pd.DataFrame:
    """The n most recent starts or ends on or before as_of (default today)."""
    return events(rows, until=as_of or dt.date.today()).head(n)


def event_counts(changes: pd.DataFrame, by: str) -> pd.DataFrame:
    """Starts and ends per jurisdiction or per designation: columns <by>, started, ended, most first."""
    if by not in ("jurisdiction", "designation"):
        raise ValueError(f"by: {by!r} is not jurisdiction or designation")
    if changes.empty:
        return pd.DataFrame(columns=[by, *EVENTS])
    table = changes.pivot_table(index=by, columns="event", values="designation_id", aggfunc="count", fill_value=0)
    table = table.reindex(columns=list(EVENTS), fill_value=0).astype(int).reset_index()
    table.columns.name = None
    return table.sort_values(["started", "ended", by], ascending=[False, False, True], kind="stable").reset_index(drop=True)


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


# --- release notes ----------------------------------------------------------------------------

_RELEASE = re.compile(r"^## (?P<version>\S+) [—-] (?P<date>\d{4}-\d{2}-\d{2})\s*$")
_SECTION = re.compile(r"^### (?P<name>.+?)\s*$")


@dataclass(frozen=True)
class Release:
    version: str
    date: dt.date
    intro: str
    sections: dict[str, list[str]] = field(default_factory=dict)  # section title (lower case) -> bullet items

    @property
    def corrected(self) -> list[str]:
        return self.sections.get("corrected", [])


class ChangelogError(RegistryError):
    """CHANGES.md cannot be read as release notes; the message names the line."""


def read_changelog(path: str | Path) -> list[Release]:
    """The releases of a CHANGES.md, newest first as written; [] when the file does not exist.

    Shape: ``## <version> — <YYYY-MM-DD>``, an optional paragraph, then ``### Added`` / ``### Ended``
    / ``### Corrected`` ... sections of ``- `` bullets (a bullet may wrap onto indented lines).
    A release heading with an impossible date, or a file that is not UTF-8 text, is a ChangelogError.
    """
    p = Path(path)
    try:
        text = read_data_file(p.parent, p.name).decode("utf-8")
    except FileNotFoundError:
        return []
    except OSError as e:
        raise ChangelogError(f"{p.name}: unreadable: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise ChangelogError(f"{p.name}: not valid UTF-8 (byte offset {e.start}); save the file as UTF-8") from None
    releases: list[Release] = []
    current: dict | None = None
    section: str | None = None

    def close() -> None:
        if current is not None:
            releases.append(Release(current["version"], current["date"], " ".join(current["intro"]).strip(), current["sections"]))

    for number, line in enumerate(text.splitlines(), start=1):
        if m := _RELEASE.match(line):
            close()
            try:
                day = dt.date.fromisoformat(m["date"])
            except ValueError:
                raise ChangelogError(f"{p.name}, line {number}: {m['date']!r} is not a real date") from None
            current = {"version": m["version"], "date": day, "intro": [], "sections": {}}
            section = None
        elif current is None:
            continue
        elif m := _SECTION.match(line):
            section = m["name"].lower()
            current["sections"][section] = []
        elif section is None:
            if line.strip():
                current["intro"].append(line.strip())
        elif line.startswith("- "):
            current["sections"][section].append(line[2:].strip())
        elif line.startswith("  ") and line.strip() and current["sections"][section]:
            current["sections"][section][-1] += " " + line.strip()
    close()
    return releases


def changelog_path(data_dir: str | Path) -> Path:
    return Path(data_dir) / CHANGELOG
