"""The years a time chart opens on: from the first start, unless a few old starts would squash the rest.

A handful of old rows (the US FARA registrations of the 1980s) stretch a time axis over decades
where the chart shows nothing, and the years that hold nearly every designation get a sliver of
the width. The chart then opens on the dense span, and says what it leaves out (`YearSpan.before`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

SPARSE_SHARE = 0.05  # the old starts left out are at most this share of all starts...
SQUASH = 0.5  # ...and would take more than this share of the axis's width
NEAR = 2  # a year with data at most this many years before the opening one is drawn too (no need to hide it)


@dataclass(frozen=True)
class YearSpan:
    first: int  # the year of the first start
    opens: int  # the year the axis opens on (== first unless old, sparse starts are left out)
    last: int  # the year of the last start
    before: int  # starts before `opens` (not drawn)

    @property
    def trimmed(self) -> bool:
        return self.opens > self.first

    @property
    def start(self) -> pd.Timestamp:
        """1 January of the year the axis opens on."""
        return pd.Timestamp(self.opens, 1, 1)


def year_span(starts: pd.Series, share: float = SPARSE_SHARE, squash: float = SQUASH, near: int = NEAR) -> YearSpan | None:
    """The span of a time chart of these start dates (one per designation), or None when there is none.

    Opens on the latest year such that the starts before it are at most `share` of all starts, moved
    back over the years with data close before it (at most `near` years apart), if the years left
    out would take more than `squash` of the width from the first to the last year; otherwise on the
    first year with data.
    """
    years = np.sort(pd.to_datetime(starts).dropna().dt.year.to_numpy())
    if len(years) == 0:
        return None
    first, last = int(years[0]), int(years[-1])
    dense = int(years[math.floor(share * len(years))])  # the starts before it number at most share * n
    for year in np.unique(years[years < dense])[::-1]:
        if dense - year > near:
            break
        dense = int(year)
    if (dense - first) <= squash * (last - first + 1):
        dense = first
    return YearSpan(first, dense, last, int((years < dense).sum()))


def whole(span: YearSpan) -> YearSpan:
    """The same span opened on its first year (the reader asked for all years)."""
    return YearSpan(span.first, span.first, span.last, 0)
