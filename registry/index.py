"""Arrays prepared once per load so that a query is a few vectorised passes, not a pass per call.

The joined table stays what `load.build_table` returns; this keeps, beside it, the facet columns as
integer codes, the dates as integer seconds, the newest-first row order and the search keys as one
Arrow array. `Registry.index` builds it once and every session shares it (it is never mutated; the
word masks it remembers are a small bounded cache behind a lock).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

NEVER = np.iinfo(np.int64).max  # "no date": never reached, so never started / never ended
CODED = ("jurisdiction", "designation", "outlet_country", "outlet_kind", "outlet_id")
_WORD_CACHE = 64  # masks of the last words searched (1 byte a row each)
_PARALLEL_ROWS = 200_000  # below this a substring scan is faster on one thread
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def seconds(values: pd.Series) -> np.ndarray:
    """Dates as int64 seconds since 1970; missing dates as NEVER."""
    raw = values.to_numpy("datetime64[s]")
    return np.where(np.isnat(raw), NEVER, raw.view("i8"))


def day_seconds(day: dt.date) -> int:
    """Midnight of a day, in the units of `seconds` (what pd.Timestamp(day) compares as)."""
    return int(np.datetime64(day, "s").astype(np.int64))


def codes_of(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, labels): labels sorted as text, codes index them, -1 for missing.

    The same groups and order as grouping `values.astype("str")`, without converting every row.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        labels = np.asarray(values.cat.categories.astype("str"), dtype=object)
    else:
        codes, uniques = pd.factorize(values.astype("str"))
        labels = np.asarray(uniques, dtype=object)
    rank = np.empty(len(labels), dtype=np.int64)
    order = np.argsort(labels, kind="stable")
    rank[order] = np.arange(len(labels))
    sorted_codes = np.where(codes >= 0, rank[np.maximum(codes, 0)], -1) if len(labels) else np.full(len(codes), -1)
    return sorted_codes.astype(np.int64), labels[order]


def _arrow(values: pd.Series) -> pa.Array:
    """The column as one Arrow string array (zero-copy for pandas' Arrow-backed str dtype)."""
    try:
        arr = pa.array(values.array)
    except (TypeError, pa.ArrowInvalid):
        arr = pa.array(values.astype(object).where(values.notna(), None).tolist(), type=pa.large_string())
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1)), thread_name_prefix="registry-search")
        return _POOL


class QueryIndex:
    """What the queries need from one joined table, computed once."""

    def __init__(self, table: pd.DataFrame):
        self.rows = len(table)
        self.start = seconds(table["start_date"])
        self.end = seconds(table["end_date"])
        self.codes: dict[str, np.ndarray] = {}
        self.labels: dict[str, np.ndarray] = {}
        self.appearance: dict[str, np.ndarray] = {}  # codes of the values in the table, in order of first appearance
        for column in CODED:
            codes, labels = codes_of(table[column])
            self.codes[column] = codes
            self.labels[column] = labels
            used, first = np.unique(codes[codes >= 0], return_index=True)
            self.appearance[column] = used[np.argsort(first, kind="stable")]
        # Newest first, then by id: the order select() returns (ids are unique, so the order is total).
        id_rank = pd.factorize(table["designation_id"].astype("str"), sort=True)[0]
        self.order = np.lexsort((id_rank, np.where(self.start == NEVER, NEVER, -self.start)))
        self.shown_columns = [i for i, c in enumerate(table.columns) if c != "search_key"]
        self._keys = _arrow(table["search_key"]) if self.rows else None
        self._words: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def values(self, column: str) -> list[str]:
        """The values of a coded column that occur in the table, sorted (the filter's options)."""
        return [str(v) for v in self.labels[column][np.sort(self.appearance[column])]]

    def isin(self, column: str, wanted: tuple[str, ...]) -> np.ndarray:
        labels = self.labels[column]
        lookup = np.zeros(len(labels) + 1, dtype=bool)  # the extra last slot is code -1 (missing)
        lookup[:-1] = np.isin(labels, list(wanted))
        return lookup[self.codes[column]]

    def contains(self, word: str) -> np.ndarray:
        """Rows whose search key contains the (folded) word; remembered for the next calls."""
        with self._lock:
            if word in self._words:
                self._words.move_to_end(word)
                return self._words[word]
        mask = self._scan(word)
        with self._lock:
            self._words[word] = mask
            while len(self._words) > _WORD_CACHE:
                self._words.popitem(last=False)
        return mask

    def forget_words(self) -> None:
        """Drop the remembered word masks (benchmarks time a search from cold)."""
        with self._lock:
            self._words.clear()

    def _scan(self, word: str) -> np.ndarray:
        if self._keys is None:
            return np.zeros(0, dtype=bool)
        workers = _pool()._max_workers if self.rows >= _PARALLEL_ROWS else 1
        step = -(-self.rows // workers)
        slices = [self._keys.slice(i, step) for i in range(0, self.rows, step)]

        def scan(part: pa.Array) -> np.ndarray:
            return pc.match_substring(part, word).fill_null(False).to_numpy(zero_copy_only=False)

        parts = list(_pool().map(scan, slices)) if len(slices) > 1 else [scan(s) for s in slices]
        return np.concatenate(parts)
