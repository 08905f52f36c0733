"""An import's --apply is atomic as a whole: killed at any point, the next reader finds a valid directory
(issue 17). Also: a no-op apply rewrites nothing, whatever the files' CSV dialect.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from registry import journal, proposals
from registry.transaction import CsvTable
from tests.test_proposals import FA, FA_NEWER, FEW, make_current, snapshot

ROOT = Path(__file__).resolve().parents[1]

# The CLI in a child process whose renames (and hard links) are slowed down: the window between two
# file swaps, which is short on a local disk, becomes long enough to be hit by a kill.
SLOWED = """
import os, sys, time
delay = float(os.environ["MFR_SLOW_RENAME"])
real_replace, real_link = os.replace, os.link
def slow_replace(src, dst, **kw):
    time.sleep(delay)
    return real_replace(src, dst, **kw)
def slow_link(src, dst, **kw):
    time.sleep(delay)
    return real_link(src, dst, **kw)
os.replace, os.link = slow_replace, slow_link
print("started", flush=True)
from registry.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _apply_cmd(data: Path, report: Path) -> list[str]:
    return [sys.executable, "-c", SLOWED, "import", FA, str(FA_NEWER), "--data", str(data), "--report", str(report), "--expected-rows", f"{FEW[0]}:{FEW[1]}", "--apply"]


def _env(delay: float) -> dict[str, str]:
    return {**os.environ, "MFR_SLOW_RENAME": str(delay), "PYTHONPATH": str(ROOT)}


def _validate(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "registry", "validate", "--data", str(data)], capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """The directory before, after a complete apply, and how long a complete (slowed) apply takes."""
    base = tmp_path_factory.mktemp("crash")
    before = make_current(base / "before")
    after = make_current(base / "after")
    start = time.monotonic()
    done = subprocess.run(_apply_cmd(after, base / "report"), capture_output=True, text=True, timeout=300, env=_env(0.25), cwd=ROOT)
    duration = time.monotonic() - start
    assert done.returncode == 0, done.stderr[-2000:]
    assert snapshot(after) != snapshot(before)
    changed = [n for n in snapshot(after) if snapshot(after)[n] != snapshot(before).get(n)]
    assert len(changed) >= 2, changed  # several files: a kill between two swaps is possible
    return snapshot(before), snapshot(after), duration


# Kill points as fractions of a complete run: from during start-up to after the last swap.
KILL_AT = [0.2, 0.45, 0.6, 0.7, 0.76, 0.8, 0.84, 0.88, 0.92, 0.96, 0.99]


@pytest.mark.parametrize("fraction", KILL_AT, ids=[f"at-{int(f * 100)}pct" for f in KILL_AT])
def test_sigkill_during_apply_never_leaves_a_directory_that_fails_validate(tmp_path, outcomes, fraction):
    before, after, duration = outcomes
    data = make_current(tmp_path / "data")
    child = subprocess.Popen(_apply_cmd(data, tmp_path / "report"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(0.25), cwd=ROOT)
    time.sleep(duration * fraction)
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=60)
    result = _validate(data)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    now = snapshot(data)
    assert now in (before, after), "a mix of old and new tables"
    assert not [n for n in now if n.endswith((".part", ".orig")) or n == journal.JOURNAL]


def test_a_kill_after_the_journal_is_written_is_undone_by_the_next_reader(tmp_path):
    """Deterministic: the state a kill between two swaps leaves, built by hand, then read."""
    data = make_current(tmp_path / "data")
    before = snapshot(data)
    names = ["designations.csv", "outlets.csv"]
    entries = []
    for name in names:
        part, backup = f".{name}.dead.part", f".{name}.dead.orig"
        (data / part).write_bytes(b"id\nbroken\n")
        os.link(data / name, data / backup)
        entries.append({"name": name, "part": part, "backup": backup, "existed": True})
    (data / journal.JOURNAL).write_text(json.dumps({"version": 1, "files": entries}), encoding="utf-8")
    os.replace(data / entries[0]["part"], data / names[0])  # the first swap happened, then the kill
    assert _validate(data).returncode == 0
    assert snapshot(data) == before


def test_leftover_staged_files_from_a_kill_before_the_journal_are_removed(tmp_path):
    data = make_current(tmp_path / "data")
    before = snapshot(data)
    (data / ".designations.csv.abc.part").write_bytes(b"half a fi")
    (data / journal.JOURNAL).write_bytes(b'{"version": 1, "fil')  # the journal itself cut short
    result = _validate(data)
    assert result.returncode == 0, result.stdout
    assert snapshot(data) == before


def test_an_interrupted_apply_in_a_directory_that_cannot_be_written_is_refused_cleanly(tmp_path, monkeypatch):
    data = make_current(tmp_path / "data")
    (data / journal.JOURNAL).write_text(json.dumps({"version": 1, "files": []}), encoding="utf-8")

    def refused(directory):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(journal, "recover", refused)
    import registry

    problems = registry.validate(data)
    assert [p.file for p in problems] == [journal.JOURNAL]
    assert "cannot be undone (permission denied)" in problems[0].message
    with pytest.raises(registry.DataValidationError):
        registry.load(data)


# --- a no-op rewrites nothing ---------------------------------------------------------------------

DIALECTS = {
    "crlf-and-bom": lambda text: "\ufeff" + text.replace("\n", "\r\n"),
    "every-field-quoted": lambda text: "\n".join(",".join(f'"{v}"' for v in line.split(",")) if line and '"' not in line else line for line in text.split("\n")),
    "no-final-newline": lambda text: text.rstrip("\n"),
    "blank-line-between-records": lambda text: text.replace("\n", "\n\n", 2).replace("\n\n", "\n", 1),
}


@pytest.mark.parametrize("dialect", list(DIALECTS), ids=list(DIALECTS))
def test_a_table_read_and_written_unchanged_is_the_same_bytes(tmp_path, dialect):
    data = make_current(tmp_path / "data")
    for name in ("designations.csv", "outlets.csv", "sources.csv"):
        path = data / name
        path.write_text(DIALECTS[dialect](path.read_text(encoding="utf-8")), encoding="utf-8", newline="")
        original = path.read_bytes()
        assert CsvTable.read(path).to_bytes() == original
        table = CsvTable.read(path)
        table.rows[0][table.header[1]] += " (edited)"
        changed = table.to_bytes()
        assert changed != original and changed.count(b"\n") == original.count(b"\n")
        # only the first record differs: header and every other record are the bytes as read
        assert changed.split(b"\n")[0] == original.split(b"\n")[0]
        assert changed.split(b"\n")[2:] == original.split(b"\n")[2:]


def test_a_no_op_import_rewrites_no_file_in_another_dialect(tmp_path):
    data = make_current(tmp_path / "data")
    proposal = proposals.propose(FA, FA_NEWER, data, expected_rows=FEW)
    proposals.apply(proposal)
    for name in ("designations.csv", "outlets.csv", "source_exclusions.csv"):
        path = data / name
        path.write_bytes(DIALECTS["crlf-and-bom"](path.read_text(encoding="utf-8")).encode("utf-8"))
    before = snapshot(data)
    mtimes = {p.name: p.stat().st_mtime_ns for p in data.iterdir()}
    again = proposals.propose(FA, FA_NEWER, data, expected_rows=FEW)
    done = proposals.apply(again)
    assert set(done.files) <= {"sources.csv"}  # only the "checked" date, when the day changed
    now = snapshot(data)
    assert {n: b for n, b in now.items() if n != "sources.csv"} == {n: b for n, b in before.items() if n != "sources.csv"}
    assert all(data.joinpath(n).stat().st_mtime_ns == t for n, t in mtimes.items() if n != "sources.csv")
