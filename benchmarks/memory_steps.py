"""Held memory per session: the server's VmRSS after each of N sessions, opened one after another and kept open.

    python -m benchmarks.memory_steps DATA_DIR [--app ours|floor] [--sessions 20]   # prints one line per session

Each session is a new headless-Chromium context on the table page (ours: /explore; the floor: its one
page), waited for until the grid shows every row and the server has gone idle; then /proc/<pid>/status
is read (VmRSS, and VmHWM, the peak). A linear rise would mean each session holds its own data; steps
that level off are the Python heap. Closing every session, the last line is the RSS after.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from benchmarks import browser as bench
from tests.support.browser import streamlit_server


def vm_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--app", choices=sorted(bench.APPS), default="ours")
    parser.add_argument("--sessions", type=int, default=20)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = bench.expected_rows(args.data_dir)
    path = "/explore" if args.app == "ours" else "/"
    print("sessions rss_mib hwm_mib", flush=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=bench.CHROMIUM_ARGS)
        try:
            with streamlit_server(args.data_dir, timeout=60, script=bench.APPS[args.app]) as server:
                url, pid = server.url, server.pid
                held = []
                for i in range(args.sessions):
                    context, _page, _seconds = bench.open_page(chromium, url + path, 0, rows["all"] + 1)
                    held.append(context)
                    bench.wait_idle([pid])
                    print(i + 1, round(vm_rss_mib(pid)), round(bench.vm_hwm_mib(pid)), flush=True)
                for context in held:
                    context.close()
                time.sleep(3)
                bench.wait_idle([pid])
                print("closed", round(vm_rss_mib(pid)), round(bench.vm_hwm_mib(pid)), flush=True)
        finally:
            chromium.close()


if __name__ == "__main__":
    main()
