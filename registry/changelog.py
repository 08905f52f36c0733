"""The data's release notes, data/CHANGES.md: what each release added, ended and corrected."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

CHANGELOG = "CHANGES.md"

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


def read_changelog(path: str | Path) -> list[Release]:
    """The releases of a CHANGES.md, newest first as written; [] when the file does not exist.

    Shape: ``## <version> — <YYYY-MM-DD>``, an optional paragraph, then ``### Added`` / ``### Ended``
    / ``### Corrected`` ... sections of ``- `` bullets (a bullet may wrap onto indented lines).
    """
    p = Path(path)
    if not p.is_file():
        return []
    releases: list[Release] = []
    current: dict | None = None
    section: str | None = None

    def close() -> None:
        if current is not None:
            releases.append(Release(current["version"], current["date"], " ".join(current["intro"]).strip(), current["sections"]))

    for line in p.read_text(encoding="utf-8").splitlines():
        if m := _RELEASE.match(line):
            close()
            current = {"version": m["version"], "date": dt.date.fromisoformat(m["date"]), "intro": [], "sections": {}}
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
