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
