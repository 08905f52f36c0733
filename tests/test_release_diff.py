"""`registry diff`: added, re-listed, ended, removed and corrected designations between two versions."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from registry import release_diff

DIFF = Path(__file__).resolve().parent / "fixtures" / "updates" / "diff"
V1, V2 = DIFF / "v1", DIFF / "v2"

EXPECTED = [
    {"op": "added", "id": "ru-fa-908", "outlet_id": "anna-vymyslova", "field": None, "old": None, "new": None},
    {"op": "relisted", "id": "ru-fa-910", "outlet_id": "example-media-ltd", "field": None, "old": "ru-fa-905", "new": None},
    {"op": "ended", "id": "ru-fa-902", "outlet_id": "vymyshlennoe-radio", "field": "end_date", "old": "", "new": "2025-08-22"},
    {
        "op": "ended",
        "id": "ru-fa-902",
        "outlet_id": "vymyshlennoe-radio",
        "field": "end_reason",
        "old": "",
        "new": "excluded from the registry by the Ministry of Justice",
    },
    {"op": "removed", "id": "ru-fa-903", "outlet_id": "petr-testovy", "field": None, "old": None, "new": None},
    {"op": "corrected", "id": "ru-fa-904", "outlet_id": "primer-region", "field": "start_date", "old": "2020-01-15", "new": "2020-01-16"},
]


def strip(records):
    return [{k: r[k] for k in ("op", "id", "outlet_id", "field", "old", "new")} for r in records]


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "registry", "diff", *map(str, args)], capture_output=True, cwd=cwd)


def test_every_kind_of_change_between_two_directories():
    delta = release_diff.diff(V1, V2)
    assert strip(delta.records) == EXPECTED
    assert all(r["jurisdiction"] == "RU" and r["designation"] == "foreign_agent" for r in delta.records)
    assert delta.counts() == {"added": 1, "relisted": 1, "ended": 1, "removed": 1, "corrected": 1}
    assert (delta.old.version, delta.new.version) == ("0.1.0", "0.2.0")


def test_no_change_is_an_empty_delta():
    delta = release_diff.diff(V2, V2)
    assert delta.empty and "No change in the designations." in release_diff.text(delta)


def test_text_output():
    result = cli(V1, V2)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert "(version 0.1.0, 2025-04-01, 6 designations)" in out and "(version 0.2.0, 2025-09-06, 7 designations)" in out
    assert "1 added · 1 re-listed · 1 ended · 1 removed · 1 corrected (1 field changes)" in out
    assert "+ ru-fa-910 · example-media-ltd · RU foreign_agent · from 2025-08-29 · previous row ru-fa-905 ended 2023-12-01" in out
    assert "- ru-fa-903 · petr-testovy · RU foreign_agent · from 2019-12-20" in out
    assert "~ ru-fa-904 · primer-region · RU foreign_agent · start_date: '2020-01-15' → '2020-01-16'" in out


def test_csv_output(tmp_path):
    target = tmp_path / "delta.csv"
    result = cli(V1, V2, "--format", "csv", "--output", target)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(target, dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(release_diff.RECORD_FIELDS)
    assert frame[["op", "id", "field", "new"]].values.tolist() == [[r["op"], r["id"], r["field"] or "", r["new"] or ""] for r in EXPECTED]


def test_json_output():
    result = cli(V1, V2, "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert strip(records) == EXPECTED
    assert set(records[0]) == set(release_diff.RECORD_FIELDS)


@pytest.fixture
def repo(tmp_path):
    """A throwaway git repository whose data/ holds v1, then v2."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)

    def git(*args):
        subprocess.run(
            ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", *args], cwd=root, check=True, capture_output=True
        )

    git("init", "-q")
    for version in (V1, V2):
        for path in version.iterdir():
            shutil.copy(path, root / "data" / path.name)
        git("add", "data")
        git("commit", "-q", "-m", version.name)
    return root


def test_git_revisions(repo):
    result = cli("git:HEAD~1", "git:HEAD", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert strip(json.loads(result.stdout)) == EXPECTED
    mixed = cli("git:HEAD~1", "data", "--format", "csv", cwd=repo)
    assert pd.read_csv(io.BytesIO(mixed.stdout), dtype=str)["op"].tolist() == [r["op"] for r in EXPECTED]
    assert cli("git:HEAD", "data", cwd=repo).stdout.decode().rstrip().endswith("No change in the designations.")


def test_unreadable_sides_are_named(repo, tmp_path):
    bad_rev = cli("git:no-such-rev", "data", cwd=repo)
    assert bad_rev.returncode == 2 and b"git:no-such-rev" in bad_rev.stderr
    not_dir = cli(tmp_path / "nowhere", V2)
    assert not_dir.returncode == 2 and b"not a directory" in not_dir.stderr
    other_dir = cli("git:HEAD:elsewhere", "data", cwd=repo)
    assert other_dir.returncode == 2 and b"elsewhere/datapackage.json" in other_dir.stderr
