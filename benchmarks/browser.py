"""The dashboard in headless Chromium beside the framework's floor (benchmarks/floor_app.py), A/B in one run.

    python -m benchmarks.browser DATA_DIR [DATA_DIR ...] [--reps 5]    # prints one JSON object

For each data directory: one server for the dashboard and one for the floor, both on that data.
1. Memory: VmHWM (peak RSS) of each server process from /proc after 1 session (which loads the
   data) and after N sessions held open at once, each showing the full table (ours: Explore), opened
   one after another (so the figure is what each session holds, not transient buffers). --sessions 0
   skips this.
2. First render: a new browser context, navigation to the page, until it is fully drawn: connected,
   script not running, no skeleton, every plotly chart's SVG and every shown table's grid present
   (TESTING.md's sequence, polled every animation frame rather than at Playwright's expect steps).
   Ours is the Overview (its first view: tables, with the per-year bars drawn inside the grid; the
   plotly charts are in lazy tabs); the floor is its one page. Also timed for ours: the Overview
   opened on its Timeline tab (`/?view=Timeline`, one plotly chart), the cost of the first chart.
   A render not complete after --render-timeout seconds is noted and not retried.
3. Filter update: on ours' Explore page and on the floor (each freshly loaded; the floor's is the page
   of its first render), pick jurisdiction RU in the sidebar and time from the click until the
   table's aria-rowcount shows the filtered count.
4. Where the time goes (the cause of a gap, measured in the same repetitions): for each first render
   and filter update, the browser's main-thread work (Chromium's Performance metrics: JavaScript,
   style and layout, all its tasks), the server's CPU (/proc) and the messages the server sent over
   the websocket (count and KiB), medians per app under "cost".
The two apps alternate in every repetition (the order flips each time), each measurement starts
with both servers idle (no CPU used for 0.5 s); medians are reported.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.support.browser import CHROMIUM_ARGS, VIEWPORT, streamlit_server
from tests.support.data import ROOT

APPS = {"ours": ROOT / "dashboard.py", "floor": ROOT / "benchmarks" / "floor_app.py"}
FILTER_LABEL = "Designating jurisdiction"
FILTER_VALUE = "RU"
CHART_VIEW = "/?view=Timeline"  # the Overview opened on a tab with a plotly chart

READY_JS = """([charts, rows]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const plots = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  if (plots.length < charts || !plots.every(p => p.querySelector('.main-svg'))) return false;
  // Every table that is shown (not in a hidden tab) has drawn its grid; a page without charts shows one at least.
  const frames = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]')].filter(f => f.getClientRects().length);
  if ((!charts && !frames.length) || !frames.every(f => f.querySelector('table[role="grid"]'))) return false;
  const grids = [...document.querySelectorAll('[data-testid="stMain"] table[role="grid"]')];
  return rows === null || grids.some(g => g.getAttribute('aria-rowcount') === String(rows));
}"""
GRIDS_JS = """() => [...document.querySelectorAll('table[role="grid"]')].map(g => g.getAttribute('aria-rowcount'))"""
ROWCOUNT_JS = """(rows) => [...document.querySelectorAll('[data-testid="stMain"] table[role="grid"]')]
  .some(g => g.getAttribute('aria-rowcount') === String(rows))"""


class Probe:
    """What one measurement cost besides its wall time, read before and after it: the page's main-thread
    work (Chromium's Performance metrics, via the DevTools protocol), the server's CPU and the
    websocket messages the server sent. Made right after new_page(), before the page navigates."""

    METRICS = {
        "ScriptDuration": "browser_script_ms",
        "RecalcStyleDuration": "browser_style_ms",
        "LayoutDuration": "browser_layout_ms",
        "TaskDuration": "browser_tasks_ms",
    }

    def __init__(self, page, pid: int):
        self.pid = pid
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Performance.enable")
        self.received = [0, 0]  # messages, bytes
        self.clicked: tuple | None = None  # filter_update's mark at its click
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.received[0] += 1
        self.received[1] += len(payload) if payload else 0

    def mark(self) -> tuple[dict[str, float], float, tuple[int, int]]:
        metrics = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        return metrics, cpu_seconds(self.pid), (self.received[0], self.received[1])

    def since(self, mark) -> dict[str, float]:
        metrics, cpu, (messages, size) = self.mark()
        out = {name: round((metrics.get(m, 0) - mark[0].get(m, 0)) * 1000, 1) for m, name in self.METRICS.items()}
        return out | {
            "server_cpu_ms": round((cpu - mark[1]) * 1000, 1),
            "messages": messages - mark[2][0],
            "kib": round((size - mark[2][1]) / 1024, 1),
        }


def medians(costs: list[dict[str, float]]) -> dict[str, float]:
    return {k: round(statistics.median(c[k] for c in costs), 1) for k in costs[0]} if costs else {}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pids, quiet_s: float = 0.3, limit_s: float = 180) -> None:
    """Until no server has used CPU for quiet_s (leftover reruns would bias the next measurement)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        before = [cpu_seconds(p) for p in pids]
        time.sleep(quiet_s)
        if all(cpu_seconds(p) - b < 0.02 for p, b in zip(pids, before)):
            return


def vm_hwm_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load(page, url: str, charts: int, rows: int | None, timeout_ms: float = 180_000) -> float:
    """Seconds from navigation to url until the page is fully drawn."""
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_function(READY_JS, arg=[charts, rows], polling="raf", timeout=timeout_ms)
    return time.perf_counter() - t0


def open_page(browser, url: str, charts: int, rows: int | None, timeout_ms: float = 180_000):
    """A new context and page at url; returns (context, page, seconds until fully drawn)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    return context, page, load(page, url, charts, rows, timeout_ms)


def filter_update(page, rows_after: int, shown: str = FILTER_VALUE, timeout_ms: float = 120_000, probe: Probe | None = None) -> float:
    """Pick FILTER_VALUE in the sidebar's jurisdiction filter (its option reads `shown`: ours shows the
    country's name, the floor the code); seconds from the click to the table showing rows_after.
    With a probe, its mark at the click is left in probe.clicked."""
    sidebar = page.get_by_test_id("stSidebar")
    for _attempt in range(3):  # a click that lands while the list is still scrolling only highlights
        combobox = sidebar.get_by_role("combobox", name=FILTER_LABEL)
        combobox.click()
        combobox.press_sequentially(shown)  # the list is virtualised: narrow it so the option is drawn
        option = page.get_by_role("option", name=shown, exact=True)
        option.wait_for()
        if probe is not None:
            probe.clicked = probe.mark()
        t0 = time.perf_counter()
        option.click()
        try:
            option.wait_for(state="hidden", timeout=3000)  # chosen: it leaves the list
            break
        except Exception:
            page.keyboard.press("Escape")
    try:
        page.wait_for_function(ROWCOUNT_JS, arg=rows_after + 1, polling="raf", timeout=timeout_ms)
    except Exception as e:
        shown = page.evaluate(GRIDS_JS)
        shot = Path(tempfile.mkstemp(prefix="mfr-bench-", suffix=".png")[1])
        page.screenshot(path=str(shot))
        raise RuntimeError(f"{page.url}: expected aria-rowcount {rows_after + 1}, grids show {shown}; screenshot {shot}") from e
    elapsed = time.perf_counter() - t0
    page.keyboard.press("Escape")
    return elapsed


def expected_rows(data_dir: Path) -> dict[str, int]:
    import registry

    reg = registry.load(data_dir)
    return {
        "all": len(registry.select(reg)),
        "filtered": len(registry.select(reg, registry.Filters(jurisdictions=(FILTER_VALUE,)))),
        "designations": len(reg.designations),
        "filter_word": str(
            dict(zip(reg.countries["code"], reg.countries["name"])).get(FILTER_VALUE, FILTER_VALUE)
        ),  # ours' option (ui.labels)
    }


def bench(browser, data_dir: Path, reps: int, sessions: int = 10, render_timeout_s: float = 90, chart_view: bool = True) -> dict:
    rows = expected_rows(data_dir)
    # The floor shows every designation (no date filter); ours every one started by today: the same rows once validated.
    assert rows["all"] == rows["designations"], rows
    pages = {  # app -> (first-render path, charts, rows in the checked grid, table page for sessions and the filter update)
        "ours": ("/", 0, None, "/explore"),
        "floor": ("/", 0, rows["all"] + 1, "/"),
    }
    out: dict = {
        "designations": rows["designations"],
        "filtered_rows": rows["filtered"],
        "sessions": sessions,
        "memory_mib": {},
        "first_render_s": {},
        "filter_update_s": {},
        "notes": [],
    }
    renders: dict[str, list[float]] = {app: [] for app in APPS}
    chart_renders: list[float] = []
    updates: dict[str, list[float]] = {app: [] for app in APPS}
    costs: dict[str, dict[str, list[dict[str, float]]]] = {app: {"first_render": [], "filter_update": []} for app in APPS}
    stuck: set[str] = set()
    with contextlib.ExitStack() as stack:
        servers = {app: stack.enter_context(streamlit_server(data_dir, timeout=60, script=script)) for app, script in APPS.items()}
        # Memory: sessions on the full table (the same rows in both apps), held open together.
        for app, server in servers.items():
            url, pid = server.url, server.pid
            if not sessions:
                break
            table_path = pages[app][3]
            held = []
            for i in range(sessions):  # one after another: what stays held per session, not transient buffers
                context, _page, seconds = open_page(browser, url + table_path, 0, rows["all"] + 1)
                held.append(context)
                if i == 0:
                    out["memory_mib"][f"{app}_1_session"] = round(vm_hwm_mib(pid), 1)
                    out[f"{app}_cold_table_page_s"] = round(seconds, 2)
            out["memory_mib"][f"{app}_sessions"] = round(vm_hwm_mib(pid), 1)
            for context in held:
                context.close()
        for rep in range(reps):
            print(f"# browser {data_dir.name}: repetition {rep + 1}/{reps}", file=sys.stderr, flush=True)
            for app in list(APPS) if rep % 2 == 0 else list(APPS)[::-1]:
                url = servers[app].url
                path, charts, grid_rows, table_path = pages[app]
                pids = [server.pid for server in servers.values()]
                table_page = None  # where the first render already showed the table (the floor), its filter is timed there
                if app not in stuck:
                    wait_idle(pids)
                    context = browser.new_context(viewport=VIEWPORT)
                    page = context.new_page()
                    probe = Probe(page, servers[app].pid)
                    try:
                        before = probe.mark()
                        renders[app].append(load(page, url + path, charts, grid_rows, timeout_ms=render_timeout_s * 1000))
                        costs[app]["first_render"].append(probe.since(before))
                        if path == table_path:
                            table_page = (context, page, probe)
                    except Exception:
                        stuck.add(app)
                        out["notes"].append(f"{app}: first render of {path} not complete after {render_timeout_s:.0f} s; not retried")
                    finally:
                        if table_page is None:
                            context.close()
                if app == "ours" and chart_view and "chart" not in stuck:
                    wait_idle(pids)
                    context = browser.new_context(viewport=VIEWPORT)
                    try:
                        chart_renders.append(load(context.new_page(), url + CHART_VIEW, 1, None, timeout_ms=render_timeout_s * 1000))
                    except Exception:
                        stuck.add("chart")
                        out["notes"].append(f"ours: render of {CHART_VIEW} not complete after {render_timeout_s:.0f} s; not retried")
                    finally:
                        context.close()
                if table_page is None:
                    wait_idle(pids)
                    context = browser.new_context(viewport=VIEWPORT)
                    page = context.new_page()
                    table_page = (context, page, Probe(page, servers[app].pid))
                    load(page, url + table_path, 0, rows["all"] + 1)
                context, page, probe = table_page
                wait_idle(pids)
                updates[app].append(
                    filter_update(page, rows["filtered"], rows["filter_word"] if app == "ours" else FILTER_VALUE, probe=probe)
                )
                costs[app]["filter_update"].append(probe.since(probe.clicked))
                context.close()
    for app in APPS:
        out["first_render_s"][app] = round(statistics.median(renders[app]), 3) if renders[app] else None
        out["filter_update_s"][app] = round(statistics.median(updates[app]), 3)
    out["first_render_runs_s"] = {app: [round(v, 3) for v in renders[app]] for app in APPS}
    out["cost"] = {app: {step: medians(runs) for step, runs in costs[app].items()} for app in APPS}
    out["chart_view_render_s"] = round(statistics.median(chart_renders), 3) if chart_renders else None
    out["chart_view_render_runs_s"] = [round(v, 3) for v in chart_renders]
    out["filter_update_runs_s"] = {app: [round(v, 3) for v in updates[app]] for app in APPS}
    fr = out["first_render_s"]
    out["first_render_ratio_vs_floor"] = round(fr["ours"] / fr["floor"], 2) if fr["ours"] and fr["floor"] else None
    out["chart_view_ratio_vs_floor"] = (
        round(out["chart_view_render_s"] / fr["floor"], 2) if out["chart_view_render_s"] and fr["floor"] else None
    )
    out["filter_update_ratio_vs_floor"] = round(out["filter_update_s"]["ours"] / out["filter_update_s"]["floor"], 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dirs", type=Path, nargs="+")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--render-timeout", type=float, default=90)
    parser.add_argument("--no-chart-view", action="store_true", help=f"do not time ours' {CHART_VIEW}")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            for d in args.data_dirs:
                results[str(d)] = bench(browser, d, args.reps, args.sessions, args.render_timeout, not args.no_chart_view)
        finally:
            browser.close()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
