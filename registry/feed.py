"""The Atom 1.0 feed of changes: one entry per designation started, ended or corrected, newest first.

Every entry links to the outlet's profile (a permalink under the public base URL, which is
configuration, never taken from a request's Host header). Text is written by ElementTree, so values
from the data are escaped as XML and never become markup.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode

import pandas as pd

ATOM = "http://www.w3.org/2005/Atom"
TAG_AUTHORITY = "media-freedom-registry"
MAX_ENTRIES = 500
EVENT_WORDS = {"started": "started", "ended": "ended", "corrected": "corrected"}

ET.register_namespace("", ATOM)


def _q(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _stamp(day) -> str:
    return pd.Timestamp(day).strftime("%Y-%m-%dT00:00:00Z")


def _sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, _q(name), attrs)
    if text is not None:
        el.text = text
    return el


def profile_url(base_url: str, outlet_id: str) -> str:
    return f"{base_url.rstrip('/')}/outlet?{urlencode({'outlet': outlet_id})}"


def atom(
    changes: pd.DataFrame,
    *,
    base_url: str,
    self_url: str,
    title: str,
    version: str,
    created: str,
    labels: dict[str, str] | None = None,
    limit: int = MAX_ENTRIES,
) -> bytes:
    """An Atom document for `changes` (columns of `changes.events`, plus optional `note`), newest first."""
    labels = labels or {}
    feed = ET.Element(_q("feed"))
    year = (created or "2026")[:4]
    _sub(feed, "id", f"tag:{TAG_AUTHORITY},{year}:feed:{quote(self_url, safe='')}")
    _sub(feed, "title", title)
    _sub(feed, "subtitle", f"Designations started, ended or corrected; dataset version {version}")
    newest = changes["date"].max() if len(changes) else None
    _sub(feed, "updated", _stamp(newest) if newest is not None and not pd.isna(newest) else _stamp(created or "2026-01-01"))
    author = _sub(feed, "author")
    _sub(author, "name", "Media Freedom Registry")
    _sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=base_url.rstrip("/") + "/", type="text/html")
    for _, ev in changes.head(limit).iterrows():
        entry = _sub(feed, "entry")
        did, event = str(ev["designation_id"]), str(ev["event"])
        day = pd.Timestamp(ev["date"]).date().isoformat()
        _sub(entry, "id", f"tag:{TAG_AUTHORITY},{year}:designation:{quote(did, safe='')}:{event}:{day}")
        kind = labels.get(str(ev["designation"]), str(ev["designation"]))
        _sub(entry, "title", f"{ev['outlet_name']}: {kind} ({ev['jurisdiction']}) {EVENT_WORDS.get(event, event)} on {day}")
        _sub(entry, "updated", _stamp(ev["date"]))
        _sub(entry, "link", rel="alternate", href=profile_url(base_url, str(ev["outlet_id"])), type="text/html")
        source = str(ev.get("source_url") or "")
        if source.startswith(("http://", "https://")):
            _sub(entry, "link", rel="related", href=source)
        summary = f"{kind} by {ev['jurisdiction']}, {EVENT_WORDS.get(event, event)} on {day}"
        if str(ev.get("registry_ref") or "") not in ("", "nan"):
            summary += f"; official number {ev['registry_ref']}"
        if str(ev.get("note") or "") not in ("", "nan"):
            summary += f". {ev['note']}"
        _sub(entry, "summary", summary + ".", type="text")
        _sub(entry, "category", term=str(ev["designation"]), label=kind)
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def with_corrections(events: pd.DataFrame, corrected: list[dict[str, str]], day: dt.date) -> pd.DataFrame:
    """The events plus one `corrected` event per designation modified between two releases (dated `day`)."""
    if not corrected:
        return events
    extra = pd.DataFrame(
        {
            "date": pd.Timestamp(day),
            "event": "corrected",
            "designation_id": [r.get("id", "") for r in corrected],
            "outlet_id": [r.get("outlet_id", "") for r in corrected],
            "outlet_name": [r.get("outlet_name") or r.get("outlet_id", "") for r in corrected],
            "jurisdiction": [r.get("jurisdiction", "") for r in corrected],
            "designation": [r.get("designation", "") for r in corrected],
            "registry_ref": [r.get("registry_ref", "") for r in corrected],
            "source_url": [r.get("source_url", "") for r in corrected],
            "note": [r.get("note", "") for r in corrected],
        }
    )
    both = pd.concat([events, extra], ignore_index=True)
    return both.sort_values(["date", "event", "designation_id"], ascending=[False, True, True], kind="stable").reset_index(drop=True)
