"""The one date parser: a date written in an exact layout, or None. No guessing (20240105 is not a date).

The data's own dates are ISO (yyyy-mm-dd); the official sources write dd.mm.yyyy (Russia) and
mm/dd/yyyy (US FARA). The importers add file, row and column to a failure (importers.base.cell_date);
links in the dashboard are read by registry.params.date_in_link.
"""

from __future__ import annotations

import datetime as dt
import re

LAYOUTS = {
    "yyyy-mm-dd": (re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII), "%Y-%m-%d"),
    "dd.mm.yyyy": (re.compile(r"\d{2}\.\d{2}\.\d{4}", re.ASCII), "%d.%m.%Y"),
    "mm/dd/yyyy": (re.compile(r"\d{2}/\d{2}/\d{4}", re.ASCII), "%m/%d/%Y"),
}


def in_layout(text: str, layout: str = "yyyy-mm-dd") -> bool:
    """Whether the text is written in the layout (the day itself may still not exist)."""
    return LAYOUTS[layout][0].fullmatch(text) is not None


def parse_date(text: str, layout: str = "yyyy-mm-dd") -> dt.date | None:
    """The date the text writes in the layout, or None when it is not one (another layout, or 2024-02-30)."""
    if not in_layout(text, layout):
        return None
    try:
        return dt.datetime.strptime(text, LAYOUTS[layout][1]).date()
    except ValueError:
        return None
