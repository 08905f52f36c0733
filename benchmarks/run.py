"""Every benchmark in one run: transforms vs DuckDB (and vs the code before the speed work), the dashboard vs the floor.

    .venv/bin/python -m benchmarks.run            # 10k / 100k / 1M designations, 7 browser repetitions
    .venv/bin/python -m benchmarks.run --quick    # 10k / 100k, 5 browser repetitions (a few minutes)

Prints a Markdown table, then, as its LAST line, one JSON object with the headline figures.
Speed is judged as ratios measured in this one run on this one machine, never as absolute times.
Not a test: nothing here fails on a timing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import synth
from tests.support.data import ROOT

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal:")), 0)
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem / 1024**2, 1), "python": platform.python_version()}


def child(args: list[str]) -> dict:
    """Run one benchmark module in its own process (so peak memory is its own) and parse its JSON line."""
    out = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(results: dict) -> str:
    lines = [
        "| size | load + validate s | prepare s | peak RSS MiB | interaction ms (ours / DuckDB / before) | ours ÷ DuckDB | select | 5 facets | per year | in force monthly | speed-up vs before | Overview table ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, r in results["transforms"].items():
        m, ratio = r["median_ms"], r["ratio_vs_duckdb"]
        before = m.get("before", {}).get("interaction")
        lines.append(
            f"| {size} ({r['designations']:,}) | {r['load_validate_s']} | {r['prepare_s']} | {r['peak_rss_mib']:.0f} | "
            f"{m['ours']['interaction']:.1f} / {m['duckdb']['interaction']:.1f} / {before if before is None else f'{before:.0f}'} | "
            f"**{ratio['interaction']}** | {ratio['select']} | {ratio['facet_counts_x5']} | {ratio['started_per_period_year']} | {ratio['in_force_over_time_month']} | "
            f"{r.get('speedup_vs_before', {}).get('interaction', '-')}× | {r.get('overview_summary_ms', '-')} |"
        )
    lines += [
        "",
        "| data | first render s (ours / floor) | ours ÷ floor | first chart s (ours, Timeline tab) | ÷ floor | filter update s (ours / floor) | ours ÷ floor | server VmHWM MiB, 1 → N sessions (ours; floor) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, b in results["browser"].items():
        mem = {k: f"{v:.0f}" for k, v in b["memory_mib"].items()}
        memory = f"{mem['ours_1_session']} → {mem['ours_sessions']}; {mem['floor_1_session']} → {mem['floor_sessions']} (N = {b['sessions']})" if mem else "not measured"
        lines.append(
            f"| {name} ({b['designations']:,}) | {b['first_render_s']['ours']} / {b['first_render_s']['floor']} | **{b['first_render_ratio_vs_floor']}** | "
            f"{b['chart_view_render_s']} | {b['chart_view_ratio_vs_floor']} | "
            f"{b['filter_update_s']['ours']} / {b['filter_update_s']['floor']} | **{b['filter_update_ratio_vs_floor']}** | "
            f"{memory} |"
        )
        lines += [f"| | {note} | | | | | | |" for note in b["notes"]]
    lines += [
        "",
        "Where the time goes (medians of the same repetitions; benchmarks/browser.py Probe): the browser's main thread",
        "(JavaScript, style + layout, all its tasks), the server's CPU, the websocket messages the server sent.",
        "",
        "| data | step | browser JS ms (ours / floor) | style + layout ms | browser tasks ms | server CPU ms | messages | KiB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, b in results["browser"].items():
        cost = b.get("cost", {})
        for step in ("first_render", "filter_update"):
            o, f = cost.get("ours", {}).get(step), cost.get("floor", {}).get(step)
            if not o or not f:
                continue
            def pair(k: str, o: dict = o, f: dict = f) -> str:
                return f"{o[k]:.0f} / {f[k]:.0f}"

            style = f"{o['browser_style_ms'] + o['browser_layout_ms']:.0f} / {f['browser_style_ms'] + f['browser_layout_ms']:.0f}"
            lines.append(f"| {name} | {step.replace('_', ' ')} | {pair('browser_script_ms')} | {style} | {pair('browser_tasks_ms')} | {pair('server_cpu_ms')} | {o['messages']:.0f} / {f['messages']:.0f} | {pair('kib')} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k only, 5 browser repetitions")
    parser.add_argument("--reps", type=int, help="browser repetitions (default 5 quick, 7 full)")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--keep", type=Path, help="write the synthetic data here (default: a temporary directory, removed)")
    parser.add_argument("--out", type=Path, help="also write the full results as JSON here")
    args = parser.parse_args()
    sizes = ["10k", "100k"] if args.quick else ["10k", "100k", "1m"]
    reps = args.reps or (5 if args.quick else 7)
    started = time.perf_counter()
    work = args.keep or Path(tempfile.mkdtemp(prefix="mfr-bench-"))
    results: dict = {"machine": machine(), "command": " ".join(["python -m benchmarks.run", *sys.argv[1:]]), "transforms": {}, "browser": {}}
    print(f"# machine: {results['machine']}", flush=True)
    try:
        real = work / "real"  # a snapshot: data/ is edited while this runs
        real.mkdir(parents=True, exist_ok=True)
        for f in (ROOT / "data").iterdir():
            shutil.copy(f, real / f.name)
        dirs = {}
        for size in sizes:
            t0 = time.perf_counter()
            dirs[size] = synth.generate(SIZES[size], work / size)
            print(f"# generated {size} in {time.perf_counter() - t0:.1f} s", flush=True)
        subprocess.run([sys.executable, "-m", "benchmarks.same_results", *(["--small"] if args.quick else []), str(real), str(dirs["10k"])], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        print("# same results as before the speed work: checked on the real data and 10k", flush=True)
        for size in sizes:
            results["transforms"][size] = child(["benchmarks.transforms", str(dirs[size]), "--reps", "5" if args.quick else "7"])
            r = results["transforms"][size]
            print(f"# transforms {size}: interaction ours {r['median_ms']['ours']['interaction']} ms, DuckDB {r['median_ms']['duckdb']['interaction']} ms", flush=True)
        if not args.skip_browser:
            # Memory is the 100k figure (10 sessions); the real data gets 3 (--quick: none). The first chart
            # (the Overview's Timeline tab) is timed on the real data (--quick: there only).
            for name, sessions in (("real", 0 if args.quick else 3), ("100k", 10)):
                d = real if name == "real" else dirs["100k"]
                timeout = "90" if not args.quick else "40"
                extra = ["--no-chart-view"] if args.quick and name != "real" else []
                results["browser"][name] = child(["benchmarks.browser", str(d), "--reps", str(reps), "--sessions", str(sessions), "--render-timeout", timeout, *extra])[str(d)]
                b = results["browser"][name]
                print(f"# browser {name}: first render {b['first_render_s']}, filter update {b['filter_update_s']} {b['notes']}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["seconds"] = round(time.perf_counter() - started, 1)
    print()
    print(table(results))
    print()
    print(f"Machine: {results['machine']['nproc']} cores ({results['machine']['cpu']}), {results['machine']['memory_gib']} GiB; command: `{results['command']}`; {results['seconds']} s")
    if args.out:
        args.out.write_text(json.dumps(results, indent=1))
    t, b = results["transforms"], results["browser"]
    headline = {
        "transforms_ratio_vs_duckdb_100k": t["100k"]["ratio_vs_duckdb"]["interaction"],
        "transforms_ratio_vs_duckdb_1m": t["1m"]["ratio_vs_duckdb"]["interaction"] if "1m" in t else None,
        "interaction_ms_1m": t["1m"]["median_ms"]["ours"]["interaction"] if "1m" in t else None,
        "interaction_ms_100k": t["100k"]["median_ms"]["ours"]["interaction"],
        "speedup_vs_before_100k": t["100k"].get("speedup_vs_before", {}).get("interaction"),
        "first_render_ratio_vs_floor": b["real"]["first_render_ratio_vs_floor"] if b else None,
        "first_render_ratio_vs_floor_100k": b["100k"]["first_render_ratio_vs_floor"] if b else None,
        "first_chart_ratio_vs_floor": b["real"]["chart_view_ratio_vs_floor"] if b else None,
        "filter_update_ratio_vs_floor": b["real"]["filter_update_ratio_vs_floor"] if b else None,
        "filter_update_ratio_vs_floor_100k": b["100k"]["filter_update_ratio_vs_floor"] if b else None,
        "browser_script_ms_first_render": {app: c["first_render"].get("browser_script_ms") for app, c in b["real"]["cost"].items()} if b else None,
        "browser_script_ms_filter_update": {app: c["filter_update"].get("browser_script_ms") for app, c in b["real"]["cost"].items()} if b else None,
        "rss_mib_1_session": b["100k"]["memory_mib"]["ours_1_session"] if b else None,
        "rss_mib_10_sessions": b["100k"]["memory_mib"]["ours_sessions"] if b else None,
        "floor_rss_mib_10_sessions": b["100k"]["memory_mib"]["floor_sessions"] if b else None,
        "seconds": results["seconds"],
    }
    print(json.dumps(headline))


if __name__ == "__main__":
    main()
