"""Many readers at once: ours beside the bare Streamlit floor, then N replicas behind nginx.

    .venv/bin/python -m benchmarks.load_test [--sessions 50] [--replicas 2] [--replica-sessions 200] [--replica-rounds 2]
                                               [--app serve.py] [--data DIR] [--timeout 300]

Everything on 127.0.0.1 (free ports). Sessions are Streamlit websocket clients (the protocol the
browser speaks: BackMsg / ForwardMsg protobufs on /_stcore/stream; tests/support/stream.py).

1. One server each, side by side in one run: ours (`streamlit run APP`, default serve.py;
   $APP_SCRIPT too) and the floor (benchmarks/floor_app.py: one table of the same designations and
   one multiselect), each given --sessions concurrent sessions in turn, for --rounds rounds (the
   order flips each round; medians and p95 over every session of every round). Each session
   loads the first page (ours: the Overview), then changes the jurisdiction filter to RU the way the
   browser does (the multiselect's widget state, and the URL), and waits for each script run to
   finish.
2. Replicas: scripts/serve_replicas.py with 1 and with --replicas servers behind nginx, both set up
   at once and given --replica-sessions concurrent sessions that load the Overview, in turn, for
   --replica-rounds rounds (the order flips each round); throughput = Overviews per second of wall
   time. The load generator runs on the same cores as the servers.

Reported per phase:

- errors: a session that failed to connect, timed out, finished a run other than successfully, or
  whose page showed an exception or an error box (target 0); and a wrong figure after the filter
  (the "Designations" metric must equal registry.select for that filter);
- time to render, median and p95: from sending the request to the run's `script_finished`, i.e.
  the server's script run plus every element sent over the socket; the browser's own drawing (about
  2-4 s of JS for the charts, see ../shared/docs/TESTING.md) is not in it;
- the server's memory: VmHWM (peak resident) and VmRSS from /proc/<pid>/status, before and after.

The last line is one JSON object with the ratios (ours / floor: overview_median_ratio_vs_floor,
overview_p95_ratio_vs_floor, filter_median_ratio_vs_floor, filter_p95_ratio_vs_floor;
replicas_2_throughput_ratio: Overview throughput of 2 replicas / 1) and the figures behind them.
It stops by itself: every session and the whole run are bounded in time, and the server is stopped
at the end. A benchmark, not a test: it prints figures and never fails CI on a timing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from tests.support.browser import free_port, streamlit_server
from tests.support.data import ROOT
from tests.support.stream import Session

FLOOR = ROOT / "benchmarks" / "floor_app.py"
FLOOR_FILTER = "Designating jurisdiction"  # the floor's multiselect (not bound to the URL)


def memory(pid: int) -> dict[str, str]:
    """VmHWM and VmRSS of a process, as /proc prints them ("187460 kB")."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            out[key] = value.strip()
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def mib(value: str) -> float:
    return int(value.split()[0]) / 1024


async def reader(url: str, expected: str | None, timeout: float, filter_too: bool = True) -> dict:
    """Load the first page, then (filter_too) choose jurisdiction RU; the times and any problem.

    expected: the "Designations" figure ours must show after the filter (None: the floor, no check)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    result = {"load": None, "filter": None, "problems": []}
    try:
        async with asyncio.timeout(timeout):
            async with Session(url) as s:
                result["load"], drawn = await s.run()
                result["problems"] += drawn["errors"]
                if not filter_too:
                    return result
                widget = WidgetState(id=drawn["multiselect"].get("jurisdiction") or drawn["multiselect"][FLOOR_FILTER])
                widget.string_array_value.data.append("RU")
                result["filter"], drawn = await s.run("jurisdiction=RU", [widget])
                result["problems"] += drawn["errors"]
                if expected is not None and drawn["metric"].get("Designations") != expected:
                    result["problems"].append(f"after the filter, Designations = {drawn['metric'].get('Designations')!r}, expected {expected!r}")
    except TimeoutError:
        result["problems"].append(f"timed out after {timeout:.0f} s")
    except Exception as e:  # a benchmark reports every failure instead of stopping
        result["problems"].append(f"{type(e).__name__}: {e}")
    return result


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def summary(results: list[dict], wall: float) -> dict:
    loads = sorted(r["load"] for r in results if r["load"] is not None)
    filters = sorted(r["filter"] for r in results if r["filter"] is not None)
    out = {"sessions": len(results), "errors": sum(1 for r in results if r["problems"]), "wall_s": round(wall, 2)}
    if loads:
        out |= {"load_median_s": round(statistics.median(loads), 3), "load_p95_s": round(p95(loads), 3), "load_max_s": round(loads[-1], 3)}
        out["loads_per_s"] = round(len(loads) / wall, 2)
    if filters:
        out |= {"filter_median_s": round(statistics.median(filters), 3), "filter_p95_s": round(p95(filters), 3), "filter_max_s": round(filters[-1], 3)}
    out["problems"] = [r["problems"][:3] for r in results if r["problems"]][:5]
    return out


def report(name: str, s: dict) -> None:
    print(f"\n{name}: {s['sessions']} sessions ({s['sessions'] // s.get('rounds', 1)} at once per round), errors: {s['errors']}")
    for problems in s["problems"]:
        print(f"    - {problems}")
    if "load_median_s" in s:
        print(f"  first page: median {s['load_median_s']:.2f} s, p95 {s['load_p95_s']:.2f} s, max {s['load_max_s']:.2f} s; {s['loads_per_s']:.1f} per second")
    if "filter_median_s" in s:
        print(f"  after the filter: median {s['filter_median_s']:.2f} s, p95 {s['filter_p95_s']:.2f} s, max {s['filter_max_s']:.2f} s")
    print(f"  all done in {s['wall_s']:.1f} s wall", flush=True)
    if "replicas_cpu_s" in s:
        print(f"  CPU used meanwhile: replicas {s['replicas_cpu_s']} s, this load generator {s['load_generator_cpu_s']} s")


async def side_by_side(apps: dict[str, tuple[Path, str | None]], data, sessions: int, rounds: int, timeout: float) -> dict:
    """Both servers up at once (idle while the other is measured); each round gives each `sessions`
    concurrent sessions, the order flipping every round, so a busy moment of a shared machine falls
    on both. One warm-up session each first (imports, cached load)."""
    results: dict[str, list[dict]] = {name: [] for name in apps}
    walls: dict[str, float] = dict.fromkeys(apps, 0.0)
    with contextlib.ExitStack() as stack:
        servers = {}
        for name, (script, expected) in apps.items():
            log = Path(tempfile.mkdtemp(prefix="mfr-load-")) / "server.log"
            server = stack.enter_context(streamlit_server(data, timeout=60, script=script, log=log))
            url, pid = server.url, server.pid
            servers[name] = (url, pid)
            warm = await reader(url, expected, timeout)
            print(f"{name}: {script.name} at {url} (pid {pid}, log {log}); warm-up load {warm['load'] or float('nan'):.2f} s, filter {warm['filter'] or float('nan'):.2f} s, problems {warm['problems']}")
        for r in range(rounds):
            for name in list(apps) if r % 2 == 0 else list(apps)[::-1]:
                url, _ = servers[name]
                began = time.perf_counter()
                results[name] += await asyncio.wait_for(asyncio.gather(*(reader(url, apps[name][1], timeout) for _ in range(sessions))), timeout + 30)
                walls[name] += time.perf_counter() - began
        out = {}
        for name, (_, pid) in servers.items():
            out[name] = summary(results[name], walls[name]) | {"rounds": rounds}
            after = memory(pid)
            out[name]["memory_mib"] = {"VmHWM": round(mib(after["VmHWM"])), "VmRSS": round(mib(after["VmRSS"]))}
    return out


@contextlib.contextmanager
def replicas_behind_nginx(app: str, n: int, data) -> Iterator[dict]:
    """scripts/serve_replicas.py with n replicas; its state (url, replicas' ports and pids) while it runs."""
    run_dir = Path(tempfile.mkdtemp(prefix=f"mfr-load-replicas{n}-"))
    env = {**os.environ, **({"REGISTRY_DATA": str(data)} if data else {})}
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve_replicas.py"), str(n), "--port", str(port), "--app", app, "--run-dir", str(run_dir)],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=open(run_dir / "script.log", "wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60 + 30 * n
        while not (run_dir / "state.json").exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"serve_replicas.py did not start: {(run_dir / 'script.log').read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield json.loads((run_dir / "state.json").read_text()) | {"run_dir": str(run_dir)}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


async def behind_nginx(app: str, counts: list[int], data, sessions: int, rounds: int, timeout: float) -> dict[int, dict]:
    """For each n in counts, n replicas behind nginx, all set up at once (idle while another is measured);
    each round gives each setup `sessions` concurrent Overviews through nginx, the order flipping every
    round so a busy moment of the shared machine falls on both (A/B interleaved in one run)."""
    results: dict[int, list[dict]] = {n: [] for n in counts}
    walls: dict[int, float] = dict.fromkeys(counts, 0.0)
    cpu: dict[int, float] = dict.fromkeys(counts, 0.0)
    generator: dict[int, float] = dict.fromkeys(counts, 0.0)
    with contextlib.ExitStack() as stack:
        states = {n: stack.enter_context(replicas_behind_nginx(app, n, data)) for n in counts}
        for state in states.values():
            for replica in state["replicas"]:  # each replica's first session pays the imports: not a reader's cost under load
                await reader(f"http://127.0.0.1:{replica['port']}", None, timeout, filter_too=False)
        for r in range(rounds):
            for n in counts if r % 2 == 0 else counts[::-1]:
                state = states[n]
                began, own = time.perf_counter(), time.process_time()
                servers = sum(cpu_seconds(p["pid"]) for p in state["replicas"])
                results[n] += await asyncio.wait_for(asyncio.gather(*(reader(state["url"], None, timeout, filter_too=False) for _ in range(sessions))), timeout + 30)
                walls[n] += time.perf_counter() - began
                # Where the two cores went: the replicas' CPU, and this load generator's own (it shares them).
                cpu[n] += sum(cpu_seconds(p["pid"]) for p in state["replicas"]) - servers
                generator[n] += time.process_time() - own
        out = {}
        for n, state in states.items():
            out[n] = summary(results[n], walls[n]) | {"rounds": rounds, "replicas_cpu_s": round(cpu[n], 1), "load_generator_cpu_s": round(generator[n], 1)}
            out[n]["memory_mib"] = {f"replica_{i}_VmHWM": round(mib(memory(p["pid"])["VmHWM"])) for i, p in enumerate(state["replicas"], 1)}
            out[n]["run_dir"] = state["run_dir"]
    return out


def ratio(a, b) -> float | None:
    return round(a / b, 2) if a and b else None


async def main_async(args) -> int:
    import registry

    reg = registry.load(args.data)
    expected = f"{len(registry.select(reg, registry.Filters(jurisdictions=('RU',)))):,}"
    print(f"data: {reg.data_dir} ({len(reg.designations)} designations); {os.cpu_count()} CPU(s); each session: first page, then jurisdiction=RU")
    out: dict = {"sessions": args.sessions, "app": args.app, "designations": len(reg.designations)}
    out |= await side_by_side({"ours": (ROOT / args.app, expected), "floor": (FLOOR, None)}, args.data, args.sessions, args.rounds, args.timeout)
    report(f"ours ({args.app}), {args.rounds} round(s)", out["ours"])
    report(f"floor (benchmarks/floor_app.py), {args.rounds} round(s)", out["floor"])
    ours, floor = out["ours"], out["floor"]
    for key, (mine, base) in {
        "overview_median_ratio_vs_floor": ("load_median_s", "load_median_s"),
        "overview_p95_ratio_vs_floor": ("load_p95_s", "load_p95_s"),
        "filter_median_ratio_vs_floor": ("filter_median_s", "filter_median_s"),
        "filter_p95_ratio_vs_floor": ("filter_p95_s", "filter_p95_s"),
    }.items():
        out[key] = ratio(ours.get(mine), floor.get(base))
    if args.replicas:
        for n, result in (await behind_nginx(args.app, [1, args.replicas], args.data, args.replica_sessions, args.replica_rounds, args.timeout)).items():
            out[f"replicas_{n}"] = result
            report(f"{n} replica(s) behind nginx, Overview only, {args.replica_rounds} round(s)", result)
        out[f"replicas_{args.replicas}_throughput_ratio"] = ratio(out[f"replicas_{args.replicas}"].get("loads_per_s"), out["replicas_1"].get("loads_per_s"))
    out["load_average_end"] = round(os.getloadavg()[0], 1)
    print(json.dumps(out))
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sessions", type=int, default=50, help="concurrent sessions on one server, ours and the floor (default 50)")
    p.add_argument("--rounds", type=int, default=3, help="rounds of --sessions sessions on ours and the floor, alternating (default 3)")
    p.add_argument("--replicas", type=int, default=2, help="replicas behind nginx, compared with 1 (default 2; 0: skip)")
    p.add_argument("--replica-sessions", type=int, default=200, help="concurrent sessions through nginx (default 200)")
    p.add_argument("--replica-rounds", type=int, default=2, help="rounds through nginx, 1 replica and N alternating (default 2)")
    p.add_argument("--app", default=os.environ.get("APP_SCRIPT", "serve.py"), help="our entry script (default $APP_SCRIPT or serve.py)")
    p.add_argument("--data", default=None, help="data directory (default: data/)")
    p.add_argument("--timeout", type=float, default=300, help="seconds allowed per session (default 300)")
    args = p.parse_args()
    if not 1 <= args.sessions <= 500:
        p.error("--sessions: between 1 and 500")
    if not 1 <= args.rounds <= 20:
        p.error("--rounds: between 1 and 20")
    if not 0 <= args.replicas <= 16 or args.replicas == 1:
        p.error("--replicas: 0 (skip) or between 2 and 16")
    if not 1 <= args.replica_rounds <= 20:
        p.error("--replica-rounds: between 1 and 20")
    if not 1 <= args.replica_sessions <= 1000:
        p.error("--replica-sessions: between 1 and 1000")
    if not (ROOT / args.app).is_file():
        p.error(f"--app: no such file {ROOT / args.app}")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
