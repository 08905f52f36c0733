"""What a page sends, made once per server: display tables ready for the grid, and other shown results.

Under load every session's script run shares one Python process, so anything a run builds is paid
once per reader. What a table shows (its columns, words for codes, days for dates, blanks) depends
only on the dataset, the filters (date pinned), the reader's language and the table, so it is built
once per server and sent from there (README, Performance):

- `table()` keeps the shown frame as a pyarrow Table, which Streamlit serialises directly (no pandas
  work per run) and which cannot be changed, so one copy serves every session;
- `shared()` keeps any other result the same way (counts, notice lines, a summary): one object for
  every caller, so callers read it and never change it.

Bounded whatever URLs visitors send: at most ENTRIES results per kind, each for at most TTL seconds,
and a table holds at most MAX_ROWS rows (the tables kept here are the short ones: a page's latest
ten, one row per jurisdiction), so a visitor sending ever new URLs only evicts older entries
(tests/test_capacity.py).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import TypeVar

import pandas as pd
import pyarrow as pa
from streamlit import dataframe_util

import registry
from ui import i18n

ENTRIES = 256  # results kept per kind (name)
TTL = 3600.0  # seconds a result is kept
MAX_ROWS = 1_000
T = TypeVar("T")


def language() -> str:
    """The reader's language (ui.i18n: `?lang=` once checked; English by default): part of every key,
    since what a table shows is in that language."""
    return i18n.language()


def key(reg: registry.Registry, filters: registry.Filters | None = None) -> str:
    """The dataset (directory, version, date), the filters with the date pinned, and the language, as one string."""
    pinned = dataclasses.replace(filters, as_of=filters.date) if filters is not None else None
    return repr((str(reg.data_dir), str(reg.version), str(reg.package.created), pinned, language()))


class Bounded:
    """Results by key, at most `entries` of them, each for at most `ttl` seconds; the least recently
    used goes first. Thread-safe (every session's script thread reads it). A plain dict look-up per
    call: Streamlit's own caches hash their arguments and inspect the function's signature on every
    call, which under load cost more than the results they saved here."""

    def __init__(self, entries: int = ENTRIES, ttl: float = TTL):
        self.entries, self.ttl = entries, ttl
        self._held: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}  # a key being built -> its gate (gone once built)

    def _hit(self, key: str) -> tuple[bool, object]:
        with self._lock:
            hit = self._held.get(key)
            if hit is not None and time.monotonic() - hit[0] < self.ttl:
                self._held.move_to_end(key)
                return True, hit[1]
            return False, self._building.setdefault(key, threading.Lock())

    def get(self, key: str, build: Callable[[], T]) -> T:
        found, held = self._hit(key)
        if found:
            return held  # type: ignore[return-value]
        # One build per key: the readers who ask for a key while it is being built (a news-day crowd
        # choosing the same filter at once) wait for that result instead of each building it again.
        # Other keys are not held up.
        with held:  # type: ignore[attr-defined]
            found, value = self._hit(key)
            if found:
                return value  # type: ignore[return-value]
            try:
                value = build()
                with self._lock:
                    self._held[key] = (time.monotonic(), value)
                    self._held.move_to_end(key)
                    while len(self._held) > self.entries:
                        self._held.popitem(last=False)
            finally:
                with self._lock:
                    self._building.pop(key, None)
        return value  # type: ignore[return-value]

    def __len__(self) -> int:
        return len(self._held)

    def clear(self) -> None:
        with self._lock:
            self._held.clear()


_KINDS: dict[str, Bounded] = {}
_KINDS_LOCK = threading.Lock()


def kind(name: str) -> Bounded:
    """The bounded store of one kind of result (a fixed name in the code, never from a reader)."""
    store = _KINDS.get(name)  # every call of every run: no lock and no new store once it exists
    if store is not None:
        return store
    with _KINDS_LOCK:
        return _KINDS.setdefault(name, Bounded())


def shared(name: str, key: str, build: Callable[[], T]) -> T:
    """build(), once per server for this key and name (the same object for every caller: never change it)."""
    return kind(name).get(key, build)


@dataclasses.dataclass(frozen=True)
class Table:
    """A frame as the grid shows it, ready to send."""

    arrow: pa.Table
    columns: tuple[str, ...]
    total: int  # rows before the cap

    @property
    def empty(self) -> bool:
        return self.arrow.num_rows == 0


def to_arrow(shown: pd.DataFrame) -> Table:
    """The shown frame as Streamlit would send it (its own pandas conversion and fixes), capped at MAX_ROWS rows."""
    total = len(shown)
    capped = shown.iloc[:MAX_ROWS].reset_index(drop=True)
    return Table(dataframe_util.convert_pandas_df_to_arrow_table(capped), tuple(str(c) for c in capped.columns), total)


def table(name: str, key: str, build: Callable[[], pd.DataFrame], columns: Iterable[str] | None = None, keep: Iterable[str] = ()) -> Table:
    """build()'s frame as shown (ui.columns.shown: these columns, words for codes except in `keep`, days,
    blanks), once per server for this key and name."""
    from ui import columns as shown_columns

    cols, kept = (list(columns) if columns is not None else None), set(keep)
    return shared(name, f"{key}|{cols!r}|{sorted(kept)!r}", lambda: to_arrow(shown_columns.shown(build(), cols, keep=kept)))


def clear() -> None:
    """Drop every result kept here (tests; a new dataset is a new key, so nothing needs clearing to serve it)."""
    with _KINDS_LOCK:
        for store in _KINDS.values():
            store.clear()
