"""What changed: starts and ends in a window, freshness of sources, release notes, and the page (AppTest)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

import registry
from registry import changelog, events, freshness
from tests.support.data import DATA, open_app, shown

PAGE = "app_pages/changes.py"


def window(reg, since, until):
    return events.events(registry.select(reg, registry.Filters(as_of=until)), since, until)


def test_starts_and_ends_in_a_window(small_reg):
    found = window(small_reg, dt.date(2022, 1, 1), dt.date(2024, 2, 2))
    assert list(zip(found["date"].dt.date.astype(str), found["event"], found["designation_id"], strict=True)) == [
        ("2024-01-12", "started", "ru-fa-3"),
        ("2023-11-10", "ended", "ru-fa-2"),
        ("2023-01-26", "started", "ru-und-10"),
        ("2022-09-02", "started", "ru-fa-2"),
        ("2022-06-01", "ended", "us-fara-6485"),
        ("2022-03-02", "started", "eu-bb-state-tv"),
    ]
    assert found.columns.tolist() == events.EVENT_COLUMNS
    by_jurisdiction = events.event_counts(found, "jurisdiction")
    assert by_jurisdiction.to_dict("records") == [
        {"jurisdiction": "RU", "started": 3, "ended": 1},
        {"jurisdiction": "EU", "started": 1, "ended": 0},
        {"jurisdiction": "US", "started": 0, "ended": 1},
    ]
    assert events.event_counts(found, "designation").set_index("designation").loc["foreign_agent"].tolist() == [2, 1]


def test_an_empty_window(small_reg):
    found = window(small_reg, dt.date(2000, 1, 1), dt.date(2000, 12, 31))
    assert found.empty and found.columns.tolist() == events.EVENT_COLUMNS
    assert events.event_counts(found, "jurisdiction").columns.tolist() == ["jurisdiction", "started", "ended"]
    with pytest.raises(ValueError):
        events.event_counts(found, "kind")


def test_latest_changes_up_to_a_date(small_reg):
    rows = registry.select(small_reg, registry.Filters(as_of=dt.date(2024, 2, 2)))
    latest = events.latest(rows, 3, dt.date(2023, 12, 31))
    assert latest["designation_id"].tolist() == ["ru-fa-2", "ru-und-10", "ru-fa-2"]
    assert latest["event"].tolist() == ["ended", "started", "started"]


def test_freshness_names_the_sources_behind_the_rows(small_reg):
    rows = registry.select(small_reg, registry.Filters(as_of=dt.date(2024, 2, 2)))
    fresh = freshness.freshness(small_reg.sources, rows, today=dt.date(2026, 11, 20))
    assert fresh.sources["id"].tolist() == ["example-registry"]
    assert fresh.sources["rows"].tolist() == [5]  # the RU rows; EU and US have no source in the fixture
    assert fresh.oldest_checked == dt.date(2026, 11, 1) and not fresh.is_stale
    late = freshness.freshness(small_reg.sources, rows, today=dt.date(2026, 12, 2))
    assert late.is_stale and late.stale["days_since_checked"].tolist() == [31]
    nothing = freshness.freshness(small_reg.sources, rows.iloc[0:0])
    assert nothing.oldest_checked is None and not nothing.is_stale


def test_sources_matched_by_host_within_the_jurisdiction():
    sources = pd.DataFrame(
        {
            "id": ["fara-bulk", "eurlex", "other-us"],
            "jurisdiction": ["US", "EU", "US"],
            "url": ["https://efile.fara.gov/bulk", "https://eur-lex.europa.eu/eli/reg/2014/833/oj", "https://example.org/us"],
            "title": ["a", "b", "c"],
            "checked": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01"]),
        }
    )
    rows = pd.DataFrame(
        {
            "jurisdiction": ["US", "EU", "US"],
            "source_url": [
                "https://efile.fara.gov/ords/fara/f?p=1381:200",
                "https://eur-lex.europa.eu/eli/reg/2022/350/oj",
                "https://example.org/us",
            ],
        }
    )
    used = freshness.sources_used(sources, rows)
    assert dict(zip(used["id"], used["rows"], strict=True)) == {"fara-bulk": 1, "eurlex": 1, "other-us": 1}


def test_real_sources_are_all_found(real_reg):
    rows = registry.select(real_reg, registry.Filters())
    used = freshness.sources_used(real_reg.sources, rows)
    assert used["rows"].sum() >= len(rows)
    assert set(rows["jurisdiction"].astype(str)) <= set(used["jurisdiction"])


CHANGELOG = """# Data releases

Notes.

## 0.2.0 — 2026-12-04

Weekly update.

### Added
- 2 designations: RU foreign_agent 2.
### Corrected
- ru-fa-4 start_date 2017-12-05 → 2017-12-06 (typo in the
  ministry's export).
- us-fara-6485 end_date.

## 0.1.0 — 2026-11-27

First release.

### Added
- 7 designations.
### Corrected
- None (first release).
"""


def test_release_notes_are_read(tmp_path):
    path = tmp_path / "CHANGES.md"
    path.write_text(CHANGELOG, encoding="utf-8")
    newest, first = changelog.read_changelog(path)
    assert (newest.version, newest.date, newest.intro) == ("0.2.0", dt.date(2026, 12, 4), "Weekly update.")
    assert newest.corrected == ["ru-fa-4 start_date 2017-12-05 → 2017-12-06 (typo in the ministry's export).", "us-fara-6485 end_date."]
    assert first.sections["added"] == ["7 designations."]
    assert changelog.read_changelog(tmp_path / "absent.md") == []


def test_the_current_version_has_release_notes(real_reg):
    releases = changelog.read_changelog(changelog.changelog_path(DATA))
    assert releases, "data/CHANGES.md is missing or has no '## <version> — <date>' entry"
    assert (releases[0].version, releases[0].date.isoformat()) == (real_reg.version, real_reg.package.created)
    assert {"added", "ended", "corrected"} <= set(releases[0].sections)


# --- the page -----------------------------------------------------------------------------------


@pytest.fixture
def app(small_data, monkeypatch):
    monkeypatch.setenv("REGISTRY_DATA", str(small_data))
    return open_app


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_page_from_the_url(app):
    at = app(PAGE, changed_since="2022-01-01", changed_until="2024-02-02")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.text_input(key="changed_since").value == "2022-01-01"
    assert at.text_input(key="changed_until").value == "2024-02-02"
    assert metrics(at) == {"Designations started": "4", "Designations ended": "2", "Outlets and people concerned": "4"}
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(charts) == 2
    assert len(at.dataframe) == 3  # a table with each chart, and every event
    every = at.dataframe[-1].value
    assert sorted(every["designation_id"]) == ["eu-bb-state-tv", "ru-fa-2", "ru-fa-2", "ru-fa-3", "ru-und-10", "us-fara-6485"]
    assert "dataset version" in at.main.caption[-1].value


def test_page_follows_the_sidebar_filters(app):
    at = app(PAGE, changed_since="2022-01-01", changed_until="2024-02-02", jurisdiction=["RU"])
    assert metrics(at)["Designations started"] == "3"
    assert metrics(at)["Designations ended"] == "1"


def test_page_default_window_and_empty_state(app):
    at = app(PAGE)
    assert not at.exception
    today = dt.date.today()
    newest = dt.date(2024, 1, 12)  # the fixture's newest start or end (ru-fa-3)
    opens = min(today, newest) - dt.timedelta(days=90)  # opens on a window with events: an empty field, its default shown in it
    assert at.text_input(key="changed_since").value == "" and at.text_input(key="changed_since").placeholder == opens.isoformat()
    assert any(c.value == f"Newest start or end with these filters: {newest:%Y-%m-%d}." for c in at.caption)
    assert at.text_input(key="changed_until").value == "" and at.text_input(key="changed_until").placeholder == today.isoformat()
    if metrics(at)["Designations started"] == "0" and metrics(at)["Designations ended"] == "0":
        assert any("No designation started or ended" in i.value for i in at.info)


def test_page_changing_the_window(app):
    at = app(PAGE, changed_since="2022-01-01", changed_until="2024-02-02")
    at.text_input(key="changed_since").input("2023-6-1").run()  # as typed, then Enter
    assert at.text_input(key="changed_since").value == "2023-06-01" and at.query_params["changed_since"] == "2023-06-01"
    assert metrics(at) == {"Designations started": "1", "Designations ended": "1", "Outlets and people concerned": "1"}


def test_page_bad_dates_in_the_url(app):
    at = app(PAGE, changed_since="2024-13-01")
    assert not at.exception
    assert any("changed_since" in shown(w.value) for w in at.warning)
    swapped = app(PAGE, changed_since="2024-02-02", changed_until="2022-01-01")
    assert any("swapped" in w.value for w in swapped.warning)
    assert metrics(swapped)["Designations started"] == "4"


def test_page_says_when_there_is_no_previous_version(app):
    at = app(PAGE, changed_since="2022-01-01", changed_until="2024-02-02")
    assert any("first release of the dataset" in i.value for i in at.info)


def test_page_lists_corrections_between_versions(app, small_data):
    (small_data / "CHANGES.md").write_text(CHANGELOG, encoding="utf-8")
    at = app(PAGE, changed_since="2022-01-01", changed_until="2024-02-02")
    text = " ".join(m.value for m in at.markdown)
    assert "0\\.2\\.0" in text and "ru\\-fa\\-4 start\\_date" in text


def _set_checked(small_data: Path, day: dt.date) -> None:
    path = small_data / "sources.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, records = reader.fieldnames, list(reader)
    for record in records:
        record["checked"] = day.isoformat()
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)


def test_overview_shows_latest_changes_and_fresh_sources(app, small_data):
    _set_checked(small_data, dt.date.today())
    at = app(as_of="2024-02-02")
    assert not at.exception
    assert any(c.value.startswith("Sources behind these designations last compared with the data:") for c in at.caption)
    assert not any("Not checked for more than" in w.value for w in at.warning)
    latest = next(d.value for d in at.dataframe if "event" in d.value.columns)
    assert latest["event"].tolist() == ["started", "ended", "started", "started", "ended"]
    assert any("What changed" in p.proto.label for p in at.get("page_link"))


def test_overview_warns_about_stale_sources(app, small_data):
    _set_checked(small_data, dt.date.today() - dt.timedelta(days=45))
    at = app(as_of="2024-02-02")
    warnings = [w.value for w in at.warning if "Not checked for more than 30 days" in w.value]
    assert warnings and "Example registry" in warnings[0]
    ru_only = app(as_of="2024-02-02", jurisdiction=["EU"])  # no source of the fixture documents the EU rows
    assert not any("Not checked for more than" in w.value for w in ru_only.warning)
