"""The README's data dictionary is the one the data package declares."""

from registry import dictionary
from registry.schema import read_package
from tests.support.data import DATA, ROOT


def test_readme_dictionary_matches_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert dictionary.markdown(read_package(DATA)) in readme, "README is stale: paste the output of `registry dictionary`"


def test_readme_has_exactly_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick.splitlines() if line.startswith("bash ")]
    assert commands == ["bash scripts/run.sh", "bash scripts/test.sh"]
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


def test_readme_coverage_matches_the_data(real_reg):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert dictionary.coverage_markdown(real_reg) in readme, "README is stale: paste the output of `registry dictionary --coverage`"


def test_coverage_table_accounts_for_every_designation(small_data):
    import registry

    with open(small_data / "sources.csv", "a", encoding="utf-8") as f:  # an older check of a second RU source
        f.write("older-press,RU,Example Press,An older report,https://example.org/older,press,2024-01-02,2025-03-04,\n")
    reg = registry.load(small_data)
    table = dictionary.coverage_table(reg).set_index("jurisdiction")
    assert table["designations"].sum() == len(reg.designations)
    assert set(table.index) == set(reg.designations["jurisdiction"].astype(str))
    ru = table.loc["RU"]
    assert ru["measures"] == "foreign_agent, undesirable"
    assert (str(ru["first"]), str(ru["latest"])) == ("2017-12-05", "2024-01-12")
    assert ru["sources"] == "1 official, 1 press"
    assert str(ru["last_checked"]) == "2025-03-04"  # the oldest check shows; a fresher source does not hide it
