"""Rules of the curated data beyond the schema: laws per jurisdiction, reciprocity, sources, coverage."""

import pandas as pd

import registry


def test_at_least_ten_designating_jurisdictions(real_reg):
    assert real_reg.designations["jurisdiction"].nunique() >= 10


def test_every_jurisdiction_has_a_law_and_a_source(real_reg):
    used = set(real_reg.designations["jurisdiction"])
    assert used <= set(real_reg.laws["jurisdiction"]), used - set(real_reg.laws["jurisdiction"])
    assert used <= set(real_reg.sources["jurisdiction"]), used - set(real_reg.sources["jurisdiction"])


def test_every_law_used_belongs_to_its_jurisdiction(real_reg):
    laws = real_reg.laws.set_index("id")["jurisdiction"]
    d = real_reg.designations
    assert (laws.reindex(d["legal_basis"]).to_numpy() == d["jurisdiction"].to_numpy()).all()


def test_responds_to_points_at_an_earlier_designation(real_reg):
    d = real_reg.designations.set_index("id")
    answers = d[d["responds_to"].notna()]
    for did, row in answers.iterrows():
        target = d.loc[row["responds_to"]]
        assert target["start_date"] <= row["start_date"], did
        assert target["jurisdiction"] != row["jurisdiction"], f"{did} answers its own jurisdiction"


def test_every_designation_is_sourced_over_http(real_reg):
    assert real_reg.designations["source_url"].str.match(r"https?://").all()
    assert real_reg.outlets["source_url"].str.match(r"https?://").all()


def test_fara_terminations_are_not_called_lifted_sanctions(real_reg):
    fara = real_reg.designations[real_reg.designations["designation"] == "fara_registration"]
    reasons = " ".join(fara["end_reason"].dropna()).lower()
    assert "lift" not in reasons and "sanction" not in reasons


def test_every_outlet_has_a_latin_name(real_reg):
    latin = real_reg.outlets["name"].str.contains(r"[A-Za-z]") & ~real_reg.outlets["name"].str.contains(r"[\u0400-\u04FF]")
    assert latin.all(), list(real_reg.outlets.loc[~latin, "id"])


def test_status_is_never_stored(real_reg):
    assert "status" not in real_reg.designations.columns
    rows = registry.select(real_reg, registry.Filters())
    assert set(rows["status"]) <= {"in_force", "ended"} and not pd.isna(rows["status"]).any()
