"""The README's data dictionary is the one the data package declares."""

from conftest import DATA, ROOT
from registry import dictionary
from registry.schema import read_package


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


def test_coverage_table_has_one_row_per_register_and_accounts_for_every_designation(small_data):
    import registry

    with open(small_data / "designations.csv", "a", encoding="utf-8") as f:  # a provisional listing reported by the press
        f.write(
            "ru-fa-p1,ivan-petrov,RU,foreign_agent,ru-255-fz-art7,Ministry of Justice of the Russian Federation,2025-09-05,,,,,,https://example.org/press,,,yes\n"
        )
    reg = registry.load(small_data)
    table = dictionary.coverage_table(reg).set_index("register")
    assert list(table.index) == list(reg.tables["registers"]["id"])
    assert table["designations"].sum() == len(reg.designations)
    fa = table.loc["ru-foreign-agents"]
    assert (str(fa["copy_date"]), str(fa["complete_to"]), str(fa["newest_entry"]), fa["provisional"]) == (
        "2025-08-15",
        "2025-08-15",
        "2025-09-05",
        1,
    )
    assert table.loc["ru-other", "designations"] == 0 and table.loc["ru-other", "newest_entry"] is None
    markdown = dictionary.coverage_markdown(reg)
    assert '| Example "foreign agent" registry (RU) | 5 | 2025-08-15 | 2025-08-15 | 2025-09-05 | 1 |' in markdown
    assert "Example other measures" not in markdown  # a register with no designation has no row


def test_dictionary_write_replaces_only_the_generated_block(tmp_path, small_data):
    import subprocess
    import sys

    page = tmp_path / "page.md"
    page.write_text(f"before\n{dictionary.COVERAGE_BEGIN}\nstale\n{dictionary.COVERAGE_END}\nafter\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "registry", "dictionary", "--coverage", "--data", str(small_data), "--write", str(page)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    text = page.read_text(encoding="utf-8")
    assert text.startswith("before\n" + dictionary.COVERAGE_BEGIN) and text.endswith(dictionary.COVERAGE_END + "\nafter\n")
    assert "stale" not in text and 'Example "foreign agent" registry (RU)' in text
