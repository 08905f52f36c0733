"""Many readers at once: one local dashboard server, N concurrent sessions, errors, times, memory.

    .venv/bin/python -m benchmarks.load_test [--sessions 50] [--data DIR] [--timeout 300]

Starts `streamlit run dashboard.py` on 127.0.0.1 only (a free port), then opens N sessions at once
as Streamlit websocket clients (the protocol the browser speaks: BackMsg / ForwardMsg protobufs on
/_stcore/stream). Each session loads the overview, then changes a filter the way the browser does
(the jurisdiction multiselect's widget state, and the URL), and waits for each script run to
finish. Reported:

- errors: a session that failed to connect, timed out, finished a run other than successfully, or
  whose page showed an exception or an error box (target 0); and a wrong figure after the filter
  (the "Designations" metric must equal registry.select for that filter);
- time to render, median and p95: from sending the request to the run's `script_finished`, i.e.
  the server's script run plus every element sent over the socket; the browser's own drawing (about
  2-4 s of JS for the charts, see ../shared/docs/TESTING.md) is not in it;
- the server's memory: VmHWM (peak resident) and VmRSS from /proc/<pid>/status, before and after.

It stops by itself: every session and the whole run are bounded in time, and the server is stopped
at the end. A benchmark, not a test: it prints figures and never fails CI on a timing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from tests.support.browser import streamlit_server


def memory(pid: int) -> dict[str, str]:
    """VmHWM and VmRSS of a process, as /proc prints them ("187460 kB")."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            out[key] = value.strip()
    return out


def mib(value: str) -> float:
    return int(value.split()[0]) / 1024


class Session:
    """One reader: a websocket session that runs the app and reads what it draws."""

    def __init__(self, url: str):
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = None
        self.problems: list[str] = []

    async def __aenter__(self):
        import websockets

        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60)
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def run(self, query: str = "", widgets: list | None = None) -> tuple[float, dict]:
        """Ask for a script run; return (seconds to script_finished, what was drawn)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = ""
        for w in widgets or []:
            msg.rerun_script.widget_states.widgets.append(w)
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        drawn = {"multiselect": {}, "metric": {}, "errors": []}
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await self.ws.recv())
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                which = element.WhichOneof("type")
                if which == "multiselect":
                    drawn["multiselect"][element.multiselect.query_param_key] = element.multiselect.id
                elif which == "metric":
                    drawn["metric"][element.metric.label] = element.metric.body
                elif which == "exception":
                    drawn["errors"].append(f"exception: {element.exception.message[:200]}")
                elif which == "alert" and element.alert.format == element.alert.ERROR:
                    drawn["errors"].append(f"error box: {element.alert.body[:200]}")
            elif kind == "script_finished":
                if fwd.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    drawn["errors"].append(f"script finished with status {fwd.script_finished}")
                return time.perf_counter() - started, drawn


async def reader(url: str, expected: str, timeout: float) -> dict:
    """Load the overview, then choose jurisdiction RU; the times and any problem."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    result = {"load": None, "filter": None, "problems": []}
    try:
        async with asyncio.timeout(timeout):
            async with Session(url) as s:
                result["load"], drawn = await s.run()
                result["problems"] += drawn["errors"]
                widget = WidgetState(id=drawn["multiselect"]["jurisdiction"])
                widget.string_array_value.data.append("RU")
                result["filter"], drawn = await s.run("jurisdiction=RU", [widget])
                result["problems"] += drawn["errors"]
                if drawn["metric"].get("Designations") != expected:
                    result["problems"].append(f"after the filter, Designations = {drawn['metric'].get('Designations')!r}, expected {expected!r}")
    except TimeoutError:
        result["problems"].append(f"timed out after {timeout:.0f} s")
    except Exception as e:  # a benchmark reports every failure instead of stopping
        result["problems"].append(f"{type(e).__name__}: {e}")
    return result


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


async def main_async(args) -> int:
    import registry

    reg = registry.load(args.data)
    expected = f"{len(registry.select(reg, registry.Filters(jurisdictions=('RU',)))):,}"
    log = Path(tempfile.mkdtemp(prefix="mfr-load-")) / "server.log"
    with streamlit_server(args.data, timeout=60, log=log) as server:
        url, pid = server.url, server.pid
        print(f"server: {url} (pid {pid}), data: {reg.data_dir} ({len(reg.designations)} designations), log {log}")
        print(f"memory after start: {memory(pid)}")
        warm = await reader(url, expected, args.timeout)  # the first session pays the imports and the cached load
        print(f"warm-up session: load {warm['load'] or float('nan'):.2f} s, filter {warm['filter'] or float('nan'):.2f} s, problems {warm['problems']}")
        print(f"memory after 1 session: {memory(pid)}")
        began = time.perf_counter()
        results = await asyncio.wait_for(asyncio.gather(*(reader(url, expected, args.timeout) for _ in range(args.sessions))), args.timeout + 30)
        wall = time.perf_counter() - began
        after = memory(pid)

    failed = [r for r in results if r["problems"]]
    loads = sorted(r["load"] for r in results if r["load"] is not None)
    filters = sorted(r["filter"] for r in results if r["filter"] is not None)
    print(f"\n{args.sessions} concurrent sessions, each: load the overview, then filter jurisdiction=RU (expect Designations = {expected})")
    print(f"  errors: {len(failed)} session(s) of {args.sessions}")
    for r in failed[:10]:
        print(f"    - {r['problems'][:3]}")
    if loads:
        print(f"  time to render the overview: median {statistics.median(loads):.2f} s, p95 {p95(loads):.2f} s, max {loads[-1]:.2f} s (n={len(loads)})")
    if filters:
        print(f"  time to render after the filter: median {statistics.median(filters):.2f} s, p95 {p95(filters):.2f} s, max {filters[-1]:.2f} s (n={len(filters)})")
    print(f"  all sessions done in {wall:.1f} s wall")
    print(f"  server memory: VmHWM {mib(after['VmHWM']):.0f} MiB, VmRSS {mib(after['VmRSS']):.0f} MiB at the end")
    print(f"  machine: {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f} at the end")
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sessions", type=int, default=50, help="concurrent sessions (default 50)")
    p.add_argument("--data", default=None, help="data directory (default: data/)")
    p.add_argument("--timeout", type=float, default=300, help="seconds allowed per session (default 300)")
    args = p.parse_args()
    if not 1 <= args.sessions <= 500:
        p.error("--sessions: between 1 and 500")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
