"""Driving the real dashboard in headless Chromium: a Streamlit server, a browser, a "rendered" wait.

The recipe (flags, waits, pitfalls) is ../shared/docs/TESTING.md. Used by tests/test_browser.py,
scripts/screenshots.py and the benchmarks; not a test module itself.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support.data import ROOT, SERVER

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
PORT_TAKEN = "is not available"  # Streamlit: "Port N is not available", then exit 1


@dataclass(frozen=True)
class Server:
    url: str  # http://127.0.0.1:PORT, no trailing slash
    log: Path  # the server's stdout and stderr
    pid: int  # the server process (the benchmarks read its memory from /proc)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def tracebacks(self) -> list[str]:
        """Exceptions the server logged: the app catches a failing page, shows a polite error and logs it."""
        text = self.log_text()
        return [part.split("\n\n")[0] for part in text.split("Traceback (most recent call last):")[1:]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
            return r.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@contextlib.contextmanager
def streamlit_server(
    data_dir: str | os.PathLike[str] | None = None,
    attempts: int = 3,
    timeout: float = 30,
    script: Path = SERVER,
    log: Path | None = None,
) -> Iterator[Server]:
    """`streamlit run script` (serve.py: the pages and the HTTP routes, as in production) on a free loopback port; REGISTRY_DATA=data_dir when given.

    Retries on a new port when the chosen one was taken in the meantime; stops the server on exit.
    The output goes to log when given (kept), else to a temporary file removed unless the app logged
    an exception.
    """
    env = {**os.environ, "STREAMLIT_SERVER_HEADLESS": "true", "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    if data_dir is not None:
        env["REGISTRY_DATA"] = str(data_dir)
    else:
        env.pop("REGISTRY_DATA", None)
    logdir = None if log else Path(tempfile.mkdtemp(prefix="mfr-streamlit-"))
    for attempt in range(1, attempts + 1):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        out_path = log or Path(str(logdir)) / f"server-{attempt}.log"
        with open(out_path, "wb") as out:
            proc = subprocess.Popen(
                [
                    sys.executable, "-m", "streamlit", "run", str(script),
                    "--server.headless=true",
                    "--server.address=127.0.0.1",
                    f"--server.port={port}",
                    "--browser.gatherUsageStats=false",
                    "--server.fileWatcherType=none",
                ],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if healthy(url):
                    break
                if proc.poll() is not None:
                    break
                time.sleep(0.1)
            if proc.poll() is not None:
                text = out_path.read_text(encoding="utf-8", errors="replace")
                if PORT_TAKEN in text and attempt < attempts:
                    continue
                raise RuntimeError(f"streamlit exited with rc {proc.returncode} before it was healthy; log {out_path}:\n{text[-3000:]}")
            if not healthy(url):
                raise RuntimeError(f"streamlit was not healthy after {timeout} s; log {out_path}:\n{out_path.read_text(errors='replace')[-3000:]}")
            yield Server(url, out_path, proc.pid)
            return
        finally:
            _stop(proc)
            if logdir and "Traceback" not in out_path.read_text(encoding="utf-8", errors="replace"):
                shutil.rmtree(logdir, ignore_errors=True)  # kept when the app logged an exception
    raise RuntimeError(f"no free port after {attempts} attempts")  # pragma: no cover


def chromium_missing_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install --no-install-recommends chromium, or scripts/setup.sh --with-browser)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


def require_chromium() -> None:
    """Skip the browser tests without Chromium; but under CI a missing browser is a failure."""
    import pytest

    reason = chromium_missing_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {reason}")
        pytest.skip(reason)


@contextlib.contextmanager
def chromium() -> Iterator:
    """A headless Debian Chromium driven by Playwright (never Playwright's own download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_rendered(page, timeout: float = 30_000) -> None:
    """Wait until the app is connected, its script has finished and no element is still a skeleton.

    `notRunning` alone comes about 2 s before the lazy-loaded charts and tables appear; the
    skeleton wait closes that gap. After an interaction, wait on content that changes instead.
    """
    page.locator('[data-testid="stApp"][data-test-connection-state="CONNECTED"]').wait_for(timeout=timeout)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=timeout)
    page.locator('[data-testid="stSkeleton"]').first.wait_for(state="detached", timeout=timeout)


def scroll_to_top(page) -> None:
    """Streamlit scrolls inside stMain, not the window."""
    page.get_by_test_id("stMain").evaluate("el => el.scrollTo(0, 0)")
