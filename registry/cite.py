"""How to cite a view of the registry: plain text, BibTeX and CSL-JSON, with the dataset version, the
date it was accessed and the permalink of the view (its address, filters included)."""

from __future__ import annotations

import datetime as dt
import json
import re

AUTHOR = "Media Freedom Registry"


def _bibtex_escape(text: str) -> str:
    # braces balance the BibTeX value; TeX's special characters are escaped, never interpreted
    out = re.sub(r"([\\{}%$&#_^~])", lambda m: {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}.get(m.group(1), "\\" + m.group(1)), text)
    return out


def _key(title: str, version: str, accessed: dt.date) -> str:
    slug = re.sub(r"[^a-z0-9]+", "", title.lower())[:24] or "view"
    return f"mfr{slug}{version.replace('.', '')}_{accessed:%Y%m%d}"


def citation(*, title: str, version: str, created: str, url: str, accessed: dt.date, fmt: str = "text") -> str:
    """A citation of a view (`title`: what is cited, e.g. an outlet's name or a filter summary)."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"url: {url[:60]!r} is not an http(s) address")
    if fmt == "text":
        return f"{AUTHOR} ({created[:4]}). {title}. Dataset version {version} ({created}). {url} (accessed {accessed.isoformat()}). CC BY 4.0."
    if fmt == "bibtex":
        return (
            f"@misc{{{_key(title, version, accessed)},\n"
            f"  author = {{{{{AUTHOR}}}}},\n"
            f"  title = {{{_bibtex_escape(title)}}},\n"
            f"  year = {{{created[:4]}}},\n"
            f"  version = {{{_bibtex_escape(version)}}},\n"
            f"  howpublished = {{\\url{{{_bibtex_escape(url)}}}}},\n"
            f"  note = {{Dataset version {_bibtex_escape(version)} ({created}); accessed {accessed.isoformat()}; CC BY 4.0}}\n"
            "}"
        )
    if fmt == "csl":
        year, month, day = (int(p) for p in created.split("-")) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", created) else (int(created[:4] or 0), 1, 1)
        item = {
            "id": _key(title, version, accessed),
            "type": "dataset",
            "title": title,
            "author": [{"literal": AUTHOR}],
            "version": version,
            "issued": {"date-parts": [[year, month, day]]},
            "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
            "URL": url,
            "note": "CC BY 4.0",
        }
        return json.dumps([item], ensure_ascii=False, indent=1)
    raise ValueError(f"format: {fmt!r} is not text, bibtex or csl")


CITATION_FORMATS = ("text", "bibtex", "csl")
