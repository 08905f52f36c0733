"""Memory stays bounded whatever URLs visitors send: the shared result caches (ui/cache.py) and a real server.

A visitor can make every request distinct (a new search text or date each time). The caches keyed
by filters hold at most ui.cache.ENTRIES results per function, so they stop growing; and a server
fed 200 distinct filter URLs keeps its resident memory near what a few dozen left it at.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st

import registry
from tests.support.browser import streamlit_server
from tests.support.data import make_small_data
from tests.support.stream import Session
from ui import cache, ready


def test_shared_caches_stop_growing_at_their_bound(small_reg):
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # "No runtime found": the caches work outside a server too
    start = dt.date(2000, 1, 1)
    st.cache_data.clear()  # earlier tests in this process (AppTest) may have filled them

    def visitors(first: int, n: int) -> dict[str, int]:
        for i in range(first, first + n):
            filters = registry.Filters(as_of=start + dt.timedelta(days=i), q=f"visitor {i}" if i % 2 else "")
            cache.facet_counts(small_reg, filters, ("jurisdictions", "status"))
            cache.jurisdiction_summary(small_reg, filters)
            cache.recent(small_reg, filters)
        return {name.rsplit(".", 1)[-1]: size for name, size in cache.held_bytes().items()}

    half = visitors(0, cache.ENTRIES // 2)
    full = visitors(cache.ENTRIES // 2, cache.ENTRIES // 2)
    beyond = visitors(cache.ENTRIES, cache.ENTRIES)  # as many new URLs again
    for name in ("_facet_counts", "_jurisdiction_summary", "_recent"):
        assert full[name] > 1.8 * half[name], (name, half, full)  # each new URL adds a result up to the bound...
        assert beyond[name] < 1.1 * full[name], (name, full, beyond)  # ...and none beyond it


def test_a_result_is_the_same_for_every_reader(small_reg):
    """Shared, yet each caller gets its own copy: changing one cannot change what the next reader sees."""
    filters = registry.Filters(jurisdictions=("RU",))
    first = cache.jurisdiction_summary(small_reg, filters)
    first.table.loc[:, "designations"] = -1
    again = cache.jurisdiction_summary(small_reg, filters)
    assert (again.table["designations"] >= 0).all()
    assert again.table.equals(registry.jurisdiction_summary(small_reg, registry.Filters(jurisdictions=("RU",), as_of=dt.date.today())).table)


def test_what_pages_send_is_kept_within_its_bound(small_reg):
    """ui.ready: one store per kind of result, at most ENTRIES keys each; ever new URLs evict the oldest."""
    ready.clear()
    start = dt.date(2000, 1, 1)
    built = []
    for i in range(ready.ENTRIES + 50):
        filters = registry.Filters(as_of=start + dt.timedelta(days=i), q=f"visitor {i}")
        key = ready.key(small_reg, filters)
        assert ready.shared("test_counts", key, lambda f=filters: built.append(f) or len(registry.select(small_reg, f))) == len(registry.select(small_reg, filters))
        assert len(ready.kind("test_counts")) == min(i + 1, ready.ENTRIES)
    assert len(built) == ready.ENTRIES + 50  # each new key built once...
    last = registry.Filters(as_of=start + dt.timedelta(days=ready.ENTRIES + 49), q=f"visitor {ready.ENTRIES + 49}")
    ready.shared("test_counts", ready.key(small_reg, last), lambda: built.append("again"))
    assert "again" not in built  # ...and a recent one is served from the store
    first = registry.Filters(as_of=start, q="visitor 0")
    ready.shared("test_counts", ready.key(small_reg, first), lambda: built.append("evicted") or 0)
    assert built[-1] == "evicted"  # the oldest was dropped


def test_a_kept_result_expires_and_the_least_recent_goes_first():
    store = ready.Bounded(entries=2, ttl=60)
    store.get("a", lambda: 1), store.get("b", lambda: 2)
    store.get("a", lambda: 0)  # a used again: b is now the least recent
    store.get("c", lambda: 3)
    assert store.get("a", lambda: -1) == 1 and store.get("b", lambda: -2) == -2  # b was dropped, not a
    expiring = ready.Bounded(entries=2, ttl=0)
    expiring.get("a", lambda: 1)
    assert expiring.get("a", lambda: 2) == 2


def test_readers_asking_for_a_key_being_built_wait_for_that_build_and_other_keys_do_not():
    """A news-day crowd choosing the same filter at once: one build, every reader gets its result."""
    import threading
    import time

    store = ready.Bounded(entries=8, ttl=60)
    builds, started, release = [], threading.Event(), threading.Event()

    def slow():
        builds.append("ru")
        started.set()
        release.wait(5)
        return "RU result"

    results = []
    readers = [threading.Thread(target=lambda: results.append(store.get("ru", slow))) for _ in range(8)]
    readers[0].start()
    started.wait(5)
    for r in readers[1:]:
        r.start()
    t0 = time.monotonic()
    assert store.get("by", lambda: "BY result") == "BY result" and time.monotonic() - t0 < 1  # another key is not held up
    release.set()
    for r in readers:
        r.join(5)
    assert builds == ["ru"] and results == ["RU result"] * 8
    failing = ready.Bounded(entries=2, ttl=60)
    with pytest.raises(ZeroDivisionError):
        failing.get("x", lambda: 1 / 0)
    assert failing.get("x", lambda: "built again") == "built again"  # a failed build leaves no gate behind


def test_a_ready_table_is_capped_and_says_how_many_rows_it_had():
    frame = pd.DataFrame({"n": range(ready.MAX_ROWS + 5), "word": ["x"] * (ready.MAX_ROWS + 5)})
    table = ready.to_arrow(frame)
    assert table.arrow.num_rows == ready.MAX_ROWS and table.total == ready.MAX_ROWS + 5
    assert table.columns == ("n", "word") and table.arrow.column("n").to_pylist()[:3] == [0, 1, 2]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for pid {pid}")


async def visit(url: str, queries: list[str], concurrent: int = 4) -> list[str]:
    """One new session per query string, a few at a time; the problems seen."""
    problems: list[str] = []
    gate = asyncio.Semaphore(concurrent)

    async def one(query: str) -> None:
        async with gate:
            async with asyncio.timeout(60), Session(url) as s:
                _, drawn = await s.run(query)
                problems.extend(drawn["errors"])

    await asyncio.gather(*(one(q) for q in queries))
    return problems


def hostile_queries(n: int, offset: int) -> list[str]:
    start = dt.date(1990, 1, 1)
    return [f"as_of={start + dt.timedelta(days=offset + i)}&q=x{offset + i}{'z' * 150}" for i in range(n)]


@pytest.mark.e2e
def test_a_server_fed_200_distinct_urls_keeps_its_memory(tmp_path):
    data = make_small_data(tmp_path / "data")
    with streamlit_server(data) as server:
        pid = server.pid
        assert asyncio.run(visit(server.url, hostile_queries(40, 0))) == []
        warm = rss_mib(pid)
        assert asyncio.run(visit(server.url, hostile_queries(200, 1000))) == []
        after = rss_mib(pid)
        assert "Traceback" not in server.log_text()
    # Measured here: 40 distinct URLs leave the server at about 175 MiB, 200 more add 5 MiB and 200
    # more after those 1 MiB (closed sessions and cached results, both bounded).
    assert after < warm + 40, f"RSS grew from {warm:.0f} MiB to {after:.0f} MiB over 200 distinct URLs"
