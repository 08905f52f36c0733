"""ui.settled: a download waits for the session's runs to finish and takes the newest filters."""

from __future__ import annotations

import threading
import time

import registry
from ui.settled import Latest


def test_settled_waits_for_the_running_run_and_returns_its_filters():
    latest = Latest(filters=registry.Filters(), running=True)
    newer = registry.Filters(jurisdictions=("RU",))

    def finish_run():
        time.sleep(0.3)
        with latest.lock:
            latest.filters, latest.running = newer, False

    threading.Thread(target=finish_run).start()
    started = time.monotonic()
    assert latest.settled(grace=0.0, patience=5.0) == newer
    assert time.monotonic() - started >= 0.25


def test_settled_gives_up_after_its_patience_with_what_it_has():
    latest = Latest(filters=registry.Filters(q="x"), running=True)
    assert latest.settled(grace=0.0, patience=0.2) == registry.Filters(q="x")
    assert Latest().settled(grace=0.0, patience=0.1) is None
