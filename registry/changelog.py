"""The data's release notes, data/CHANGES.md: what each release added, ended and corrected."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from registry.errors import RegistryError
from registry.paths import read_data_file

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
