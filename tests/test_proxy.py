"""Replicas behind nginx (scripts/serve-replicas.sh): the generated configuration, then the real thing.

Two dashboard replicas and Debian's nginx on 127.0.0.1, driven by headless Chromium: a page renders
through the proxy with its websocket connected, a download works and is served by the replica of
its session (sticky by nginx's cookie), and after that replica is killed the other one serves the
same reader and new ones. nginx's access log names the replica of every request
(upstream=host:port), which is how the tests see where each request went.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import registry
from scripts.serve_replicas import AFFINITY_COOKIE, nginx_binary, nginx_config
from tests.support.browser import VIEWPORT, wait_rendered
from tests.support.data import ROOT, make_small_data

try:
    from playwright.sync_api import expect
except ImportError:  # then require_chromium skips, or fails under CI, saying why
    expect = None

NGINX_MISSING = shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists()


def require_nginx() -> None:
    if NGINX_MISSING:
        if os.environ.get("CI"):
            pytest.fail("CI is set and nginx is not installed (scripts/setup.sh --with-browser installs it)")
        pytest.skip("nginx is not installed (scripts/setup.sh --with-browser or --with-proxy)")


# ---------------------------------------------------------------- the configuration


def test_config_has_what_streamlit_needs():
    conf = nginx_config(["127.0.0.1:9001", "127.0.0.1:9002"], "127.0.0.1:8080")
    assert "listen 127.0.0.1:8080;" in conf
    assert conf.count("max_fails=1 fail_timeout=10s;") == 2  # passive health check on each replica
    assert "hash $mfr_affinity consistent;" in conf and f"$cookie_{AFFINITY_COOKIE}" in conf
    assert "ip_hash" not in conf
    stream = conf[conf.index("location /_stcore/stream") :]
    stream = stream[: stream.index("}")]
    for line in (
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;",
        "proxy_read_timeout 86400s;",
    ):
        assert line in stream
    assert "proxy_http_version 1.1;" in conf and "proxy_next_upstream error timeout" in conf
    assert re.findall(r"^\s*listen\s+(\S+);", conf, re.M) == ["127.0.0.1:8080"], "nginx must listen on 127.0.0.1 only"


def test_config_refuses_no_replica():
    with pytest.raises(ValueError, match="at least one upstream"):
        nginx_config([], "127.0.0.1:8080")


def test_nginx_accepts_the_config(tmp_path):
    require_nginx()
    tmp_path.chmod(0o755)
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_config(["127.0.0.1:9001", "127.0.0.1:9002"], "127.0.0.1:8080", str(tmp_path)))
    done = subprocess.run([nginx_binary(), "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_script_refuses_bad_arguments():
    for args, message in ((["0"], "replicas: between 1 and 16"), (["2", "--app", "nope.py"], "no such file")):
        done = subprocess.run(
            [sys.executable, "scripts/serve_replicas.py", *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=30
        )
        assert done.returncode == 2 and message in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


# ---------------------------------------------------------------- two replicas behind nginx


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read()


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """`bash scripts/serve-replicas.sh 2` on the small fixture; yields (state, run_dir, Registry)."""
    require_nginx()
    data = make_small_data(tmp_path_factory.mktemp("proxy") / "data")
    run_dir = tmp_path_factory.mktemp("replicas")
    env = {**os.environ, "REGISTRY_DATA": str(data)}
    for _attempt in range(3):
        port = _free_port()
        proc = subprocess.Popen(
            ["bash", "scripts/serve-replicas.sh", "2", "--port", str(port), "--run-dir", str(run_dir)],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=open(run_dir / "script.log", "wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None and not (run_dir / "state.json").exists():
            time.sleep(0.2)
        if proc.poll() is None and (run_dir / "state.json").exists():
            break
        proc.wait(timeout=30)
        if "Address already in use" not in (run_dir / "script.log").read_text(errors="replace"):
            raise RuntimeError(f"serve-replicas.sh failed:\n{(run_dir / 'script.log').read_text(errors='replace')[-3000:]}")
    state = json.loads((run_dir / "state.json").read_text())
    deadline = time.monotonic() + 30
    while True:  # nginx is started: wait until it listens
        try:
            assert _get(state["url"] + "/_stcore/health") == b"ok"
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    try:
        yield state, run_dir, registry.load(data)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        for replica in state["replicas"]:  # the script stopped them; a leftover would be a bug
            assert not Path(f"/proc/{replica['pid']}").exists() or "zombie" in Path(f"/proc/{replica['pid']}/status").read_text(), replica


def access_log(run_dir: Path) -> list[dict[str, str]]:
    """nginx's access log: one dict per request (status, request, upstream, affinity).

    upstream is the replica that answered: the last of $upstream_addr, which lists every replica tried."""
    pattern = re.compile(r'^\S+ (?P<status>\d+) "(?P<request>[^"]*)" upstream="(?P<upstream>[^"]*)" affinity=(?P<affinity>\S*)$')
    rows = [m.groupdict() for line in (run_dir / "nginx-access.log").read_text().splitlines() if (m := pattern.match(line))]
    return [{**r, "tried": r["upstream"], "upstream": r["upstream"].split(", ")[-1]} for r in rows]


def cookie(context) -> str:
    values = [c["value"] for c in context.cookies() if c["name"] == AFFINITY_COOKIE]
    assert len(values) == 1, context.cookies()
    return values[0]


def served(run_dir: Path, affinity: str, path_prefix: str) -> list[dict[str, str]]:
    return [r for r in access_log(run_dir) if r["affinity"] == affinity and r["request"].split(" ")[1].startswith(path_prefix)]


def wait_logged(run_dir: Path, affinity: str, path_prefix: str, timeout: float = 10) -> list[dict[str, str]]:
    deadline = time.monotonic() + timeout
    while not (found := served(run_dir, affinity, path_prefix)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert found, f"no {path_prefix} request of {affinity} in nginx's access log"
    return found


@pytest.mark.e2e
def test_through_nginx_a_page_renders_its_websocket_connects_and_a_download_stays_on_its_replica(proxy, browser, tmp_path):
    state, run_dir, reg = proxy
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(state["url"] + "/explore")
        wait_rendered(page)  # includes data-test-connection-state=CONNECTED: the websocket is up through nginx
        n = len(registry.select(reg))
        assert n > 0
        expect(page.get_by_test_id("stMain").locator("table[role=grid]").first).to_have_attribute("aria-rowcount", str(n + 1))
        affinity = cookie(context)

        with page.expect_download() as download:
            page.get_by_test_id("stDownloadButton").get_by_role("button", name="CSV", exact=True).click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"), newline="")))
        assert rows[0] == registry.EXPORT_COLUMNS and len(rows) - 1 == n

        assert errors == []
    finally:
        context.close()
    streams = wait_logged(run_dir, affinity, "/_stcore/stream")  # logged when the socket closes
    assert all(r["status"] == "101" for r in streams), streams  # upgraded to a websocket
    media = served(run_dir, affinity, "/media/")
    assert media and all(r["status"] == "200" for r in media), access_log(run_dir)[-20:]
    # Sticky: the file was made by the script run of this session's replica, and fetched from there;
    # every request of this reader went to that one replica.
    assert len({r["upstream"] for r in served(run_dir, affinity, "/")}) == 1, served(run_dir, affinity, "/")
    assert {r["upstream"] for r in media} == {r["upstream"] for r in streams}, (media, streams)


@pytest.mark.e2e
def test_readers_spread_over_both_replicas(proxy):
    """Without the cookie, nginx places each new reader by a random id: both replicas get readers."""
    state, run_dir, _ = proxy
    for _ in range(40):
        _get(state["url"] + "/_stcore/health")
    upstreams = {r["upstream"] for r in access_log(run_dir)[-40:]}
    assert upstreams == {f"127.0.0.1:{r['port']}" for r in state["replicas"]}, upstreams


@pytest.mark.e2e
def test_killing_one_replica_leaves_the_other_serving(proxy, browser):
    """Run last in this module: it kills the replica a reader is on; the reader reloads and is served by the other."""
    state, run_dir, reg = proxy
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(state["url"] + "/explore")
        wait_rendered(page)
        affinity = cookie(context)
        (upstream,) = {r["upstream"] for r in wait_logged(run_dir, affinity, "/")}
        (victim,) = [r for r in state["replicas"] if f"127.0.0.1:{r['port']}" == upstream]
        os.kill(victim["pid"], signal.SIGKILL)

        n = len(registry.select(reg))
        # The open page's websocket drops and reconnects through nginx, to the live replica.
        page.locator('[data-testid="stApp"][data-test-connection-state="CONNECTED"]').wait_for(timeout=60_000)
        page.reload()
        wait_rendered(page, timeout=60_000)
        expect(page.get_by_test_id("stMain").locator("table[role=grid]").first).to_have_attribute("aria-rowcount", str(n + 1))
        after = {r["upstream"] for r in served(run_dir, affinity, "/") if r["status"] == "200"}
        assert after - {upstream}, "the reader's requests should have reached the other replica"
        for _ in range(20):  # every new request is answered, none by the dead replica (nginx may still try it first)
            assert _get(state["url"] + "/_stcore/health") == b"ok"
        last = access_log(run_dir)[-20:]
        assert all(r["status"] == "200" for r in last) and upstream not in {r["upstream"] for r in last}, last

        other = browser.new_context(viewport=VIEWPORT)
        try:
            fresh = other.new_page()
            fresh.goto(state["url"] + "/")
            wait_rendered(fresh, timeout=60_000)
        finally:
            other.close()
    finally:
        context.close()
