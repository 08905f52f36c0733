"""What the screen settles on, for a download clicked while the filters are changing.

A download button's file is made when it is clicked (a deferred callable), from the filters of the run
that drew the button. A date typed into the sidebar is sent when the field loses focus, which the click
itself causes: the click then reaches the server just after the rerun that applies the new date, and
the old button would make a file of the old rows while the screen, a moment later, shows the new ones.
So each session keeps the filters of its newest run and whether a run is going on; a download waits
for the runs to finish and takes the filters the screen settled on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import streamlit as st

import registry

_KEY = "_settled_view"
GRACE = 0.4  # seconds for a rerun asked for just before the click to start
PATIENCE = 30.0  # seconds a download waits for runs to finish


@dataclass
class Latest:
    """The newest filters of one session and whether a run is going on (read from the download's thread)."""

    filters: registry.Filters | None = None
    running: bool = False
    runs: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def settled(self, grace: float = GRACE, patience: float = PATIENCE) -> registry.Filters | None:
        """The filters once no run is going on (None if the session never set any)."""
        time.sleep(grace)
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            with self.lock:
                if not self.running:
                    return self.filters
            time.sleep(0.05)
        with self.lock:
            return self.filters


def latest() -> Latest:
    """This session's record (made on its first run)."""
    if _KEY not in st.session_state:
        st.session_state[_KEY] = Latest()
    return st.session_state[_KEY]


def run_started() -> None:
    with latest().lock:
        latest().running = True
        latest().runs += 1


def filters_known(filters: registry.Filters) -> None:
    with latest().lock:
        latest().filters = filters


def run_finished() -> None:
    with latest().lock:
        latest().running = False


def filters_for_file(drawn: registry.Filters, day: dt.date, latest: Latest) -> registry.Filters:
    """The filters a file is made from when its button is clicked: those the screen settles on (a click
    while a typed date is being applied gets the new rows, never the old button's), on the day the
    button was drawn (a click after midnight gives the same rows)."""
    now = latest.settled()
    filters = now if now is not None and now != drawn else drawn
    return dataclasses.replace(filters, as_of=filters.as_of or day)


def download_row(
    filters: registry.Filters,
    formats: Mapping[str, str],
    make: Callable[[registry.Filters, str], bytes],
    file_name: Callable[[str], str],
    key: str,
    label: Callable[[str], str],
    help: Callable[[str], str],  # noqa: A002 (Streamlit's name)
) -> None:
    """A row of download buttons, one per format (-> MIME type), that wraps on a phone; each file is
    make(filters_for_file(...), format), made only when its button is clicked."""
    session = latest()
    buttons = st.container(horizontal=True, gap="small")
    for fmt, mime in formats.items():
        buttons.download_button(
            label(fmt),
            data=functools.partial(_made, make, filters, filters.date, fmt, session),
            file_name=file_name(fmt),
            mime=mime,
            key=f"{key}_{fmt}",
            on_click="ignore",
            icon=":material/download:",
            help=help(fmt),
        )


def _made(make: Callable[[registry.Filters, str], bytes], drawn: registry.Filters, day: dt.date, fmt: str, session: Latest) -> bytes:
    return make(filters_for_file(drawn, day, session), fmt)
