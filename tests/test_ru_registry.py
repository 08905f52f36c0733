"""The curated Russian data against the Ministry of Justice's own exports (../shared/reference)."""

import datetime as dt
import io
import subprocess
import sys

import pandas as pd
import pytest

import registry
from registry.importers import ru_minjust_foreign_agents, ru_minjust_undesirable
from tests.support.data import DATA, reference_file

MEDIA_LAW = ("ru-2124-1-art6", "ru-2124-1-art25-1")


@pytest.fixture(scope="module")
def official():
    return ru_minjust_foreign_agents.parse(reference_file("ru-minjust-foreign-agents", "registry-2025-08-15.xlsx")).set_index("registry_ref")


@pytest.fixture(scope="module")
def undesirable():
    return ru_minjust_undesirable.parse(reference_file("ru-minjust-undesirable", "registry-2024-09-05.json")).set_index("registry_ref")


def test_every_media_law_entry_is_curated(real_reg, official):
    media = official[official["legal_basis"].isin(MEDIA_LAW)]
    assert len(media) == 202
    ours = real_reg.designations[real_reg.designations["legal_basis"].isin(MEDIA_LAW)]
    assert sorted(ours["registry_ref"], key=int) == sorted(media.index, key=int)


def test_every_foreign_agent_row_matches_the_official_entry(real_reg, official):
    ours = real_reg.designations[real_reg.designations["id"].str.startswith("ru-fa-")].set_index("registry_ref")
    assert len(ours) >= 202
    theirs = official.loc[ours.index]
    assert (ours["id"] == "ru-fa-" + ours.index).all()
    assert (ours["legal_basis"] == theirs["legal_basis"]).all()
    assert (ours["start_date"].dt.date == theirs["start_date"]).all()
    our_ends = [None if pd.isna(d) else d.date() for d in ours["end_date"]]
    assert our_ends == list(theirs["end_date"])
    outlets = real_reg.outlets.set_index("id")
    assert (outlets.loc[ours["outlet_id"], "name_native"].to_numpy() == theirs["name_native"].to_numpy()).all()


@pytest.mark.parametrize("day", ["2017-12-31", "2019-12-02", "2021-06-30", "2022-12-01", "2023-12-01", "2024-02-02", "2025-08-15"])
def test_export_reproduces_the_registry_on_a_date(official, day):
    """`registry export --jurisdiction RU --designation foreign_agent --as-of D`: each media-law entry
    listed by D is there with its number and inclusion date, and is `ended` exactly when excluded by D."""
    as_of = dt.date.fromisoformat(day)
    result = subprocess.run(
        [sys.executable, "-m", "registry", "export", "--data", str(DATA), "--jurisdiction", "RU", "--designation", "foreign_agent", "--as-of", day],
        capture_output=True,
        check=True,
    )
    rows = pd.read_csv(io.BytesIO(result.stdout), dtype=str, keep_default_na=False)
    rows = rows[rows["legal_basis"].isin(MEDIA_LAW)].set_index("registry_ref")
    media = official[official["legal_basis"].isin(MEDIA_LAW)]
    listed = media[media["start_date"] <= as_of]
    assert sorted(rows.index, key=int) == sorted(listed.index, key=int)
    expected_status = listed["end_date"].map(lambda end: "ended" if end and end <= as_of else "in_force")
    assert (rows.loc[listed.index, "status"] == expected_status).all()
    assert (rows.loc[listed.index, "start_date"] == listed["start_date"].map(str)).all()


def test_undesirable_rows_match_the_official_list(real_reg, undesirable):
    official_rows = real_reg.designations["provisional"].isna()  # provisional rows await the next official list
    ours = real_reg.designations[(real_reg.designations["designation"] == "undesirable") & official_rows].set_index("registry_ref")
    assert len(ours) >= 15
    theirs = undesirable.loc[ours.index]
    assert (ours["start_date"].dt.date == theirs["start_date"]).all()  # the Ministry's listing date
    assert (ours["decision_date"].dt.date == theirs["decision_date"]).all()  # the Prosecutor General's decision
    assert (ours["id"] == "ru-und-" + ours.index).all()


def test_brands_link_their_legal_entities(real_reg):
    parents = real_reg.outlets.set_index("id")["parent_id"]
    for company, brand in [("zona-prava", "mediazona"), ("memo", "kavkazsky-uzel"), ("sia-medusa-project", "meduza")]:
        matches = [i for i in parents.index if i.startswith(company)]
        assert matches and all(parents[i] == brand for i in matches), (company, matches)
    tv_rain = registry.outlet_profile(real_reg, "tv-rain", as_of=dt.date(2024, 1, 1))
    everything = pd.concat([tv_rain.designations, tv_rain.related_designations])
    assert {"ended", "in_force"} <= set(everything["status"])  # the company excluded, the channel re-listed
    services = real_reg.outlets[real_reg.outlets["parent_id"] == "rferl"]
    assert len(services) >= 8


def test_search_finds_brands_in_both_scripts(real_reg):
    for latin, cyrillic in [("Meduza", "Медуза"), ("Mediazona", "Медиазона"), ("TV Rain", "Дождь"), ("Kavkazsky Uzel", "Кавказский узел")]:
        a = set(registry.select(real_reg, registry.Filters(q=latin))["designation_id"])
        b = set(registry.select(real_reg, registry.Filters(q=cyrillic))["designation_id"])
        assert a and b and a & b, (latin, cyrillic)
