"""The README and docs/ stay true: the generated tables, the two set-up commands, and every command and
link they show (run, or checked against the CLI's own options when it is a synopsis)."""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import registry
from registry import dictionary, params
from registry.schema import read_package
from tests.support.data import DATA, ROOT, reference_file

README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
DATA_DOC = ROOT / "docs" / "data-and-methodology.md"
PLACEHOLDER = re.compile(r"[\[\]|…<>]|\b(SOURCE|FILE|DIR|OLD|NEW|CSV|TEXT|PATH|REV)\b")  # [--data DIR], csv|xlsx, SOURCE FILE: a synopsis
REFERENCE_FILES = {"registry.xlsx": ("ru-minjust-foreign-agents", "registry-2025-08-15.xlsx")}  # README's stand-in names


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def bash_lines(path: Path) -> list[str]:
    """The commands of a file's ```bash blocks, comments dropped and continued lines joined."""
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", text(path), re.S):
        for line in block.replace("\\\n", " ").splitlines():
            command = re.split(r"\s+#", line, maxsplit=1)[0].strip()
            if command:
                lines.append(command)
    return lines


def inline_registry_commands(path: Path) -> list[str]:
    return [c for c in re.findall(r"`(\.venv/bin/registry [^`]+)`", text(path))]


ALL_COMMANDS = [(p, c) for p in [README, *DOCS] for c in bash_lines(p)]
REGISTRY_COMMANDS = [(p, c) for p, c in ALL_COMMANDS if c.startswith(".venv/bin/registry ")] + [
    (p, c) for p in [README, *DOCS] for c in inline_registry_commands(p)
]


def test_the_docs_are_there():
    names = {p.name for p in DOCS}
    assert {"user-guide.md", "data-and-methodology.md", "curators-runbook.md", "reference.md", "api.md", "performance.md", "reliability.md"} <= names
    for name in names:
        assert f"docs/{name}" in text(README), f"the README does not link docs/{name}"
    assert len(REGISTRY_COMMANDS) >= 8 and len(ALL_COMMANDS) >= 8


def test_relative_links_and_images_resolve():
    for path in [README, *DOCS]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text(path)):
            if not target.startswith(("http://", "https://")):
                assert (path.parent / target).exists(), f"{path.name}: {target} does not exist"


def test_dictionary_matches_the_schema():
    assert dictionary.markdown(read_package(DATA)) in text(DATA_DOC), "stale: paste the output of `registry dictionary` into docs/data-and-methodology.md"


def test_coverage_matches_the_data(real_reg):
    assert dictionary.coverage_markdown(real_reg) in text(DATA_DOC), "stale: paste the output of `registry dictionary --coverage` into docs/data-and-methodology.md"


def test_readme_has_exactly_the_two_setup_commands():
    quick = text(README).split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick.splitlines() if line.startswith("bash ")]
    assert commands == ["bash scripts/run.sh", "bash scripts/test.sh"]
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text()
    assert [c for c in bash_lines(README) if c.startswith("bash ")] == commands, "the README names other set-up commands"


def _help(sub: str) -> str:
    done = subprocess.run([sys.executable, "-m", "registry", sub, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(("path", "command"), REGISTRY_COMMANDS, ids=[f"{p.name}:{c[:60]}" for p, c in REGISTRY_COMMANDS])
def test_every_registry_command_shown_is_one_the_cli_has(path, command):
    words = command.split()
    sub = words[1]
    usage = _help(sub)
    for option in (w.split("=")[0].strip("[]") for w in words[2:] if w.lstrip("[").startswith("--")):
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", usage), f"{path.name}: `{command}`: registry {sub} has no {option}"


CONCRETE = [(p, c) for p, c in ALL_COMMANDS if c.startswith(".venv/bin/registry ") and not PLACEHOLDER.search(c)]


@pytest.mark.parametrize(("path", "command"), CONCRETE, ids=[f"{p.name}:{c[:60]}" for p, c in CONCRETE])
def test_every_concrete_registry_command_runs(path, command, tmp_path):
    """Run as written, in a scratch directory on a copy of the data (so --apply and -o write there)."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    args = shlex.split(command)[1:]
    for i, arg in enumerate(args):
        if arg in REFERENCE_FILES:
            shutil.copy(reference_file(*REFERENCE_FILES[arg]), tmp_path / arg)
        elif arg == "data":
            args[i] = str(data)
    env = {"PATH": "/usr/bin:/bin", "REGISTRY_DATA": str(data), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "registry", *args], cwd=tmp_path, env=env, capture_output=True, timeout=300, check=False)
    assert done.returncode == 0, f"{path.name}: `{command}` exited {done.returncode}: {done.stderr.decode(errors='replace')[-800:]}"


OTHER = [(p, c) for p, c in ALL_COMMANDS if not c.startswith((".venv/bin/registry ", "bash scripts/run.sh", "bash scripts/test.sh"))]


@pytest.mark.parametrize(("path", "command"), OTHER, ids=[f"{p.name}:{c[:60]}" for p, c in OTHER])
def test_every_other_command_names_what_exists(path, command):
    """Benchmarks and long runs are not run here: the modules, files and extras they name must exist."""
    words = shlex.split(command)
    if "-m" in words:
        module = words[words.index("-m") + 1]
        if module == "pytest":
            for arg in words[words.index("-m") + 2 :]:
                if arg.endswith(".py"):
                    assert (ROOT / arg).is_file(), f"{path.name}: `{command}`: no {arg}"
        else:
            assert importlib.util.find_spec(module), f"{path.name}: `{command}`: no module {module}"
    elif words[:2] == [".venv/bin/pip", "install"]:
        extras = tomllib.loads(text(ROOT / "pyproject.toml"))["project"]["optional-dependencies"]
        for extra in re.findall(r"\[(\w+)\]", command):
            assert extra in extras, f"{path.name}: `{command}`: no extra {extra}"
    elif words[0] == "bash":
        assert (ROOT / words[1]).is_file()
    elif words[0] == "curl":  # tests/test_api.py runs them against a server; here: the route exists
        from service.api import routes

        route = urlsplit(words[-1]).path
        assert any(re.fullmatch(re.sub(r"\{\w+\}", "[^/]+", r.path), route) for r in routes()), f"{path.name}: `{command}`: no route {route}"
    else:
        pytest.fail(f"{path.name}: `{command}`: a command this test does not know how to check")


def _links() -> list[tuple[Path, str]]:
    return [(p, link) for p in [README, *DOCS] for link in re.findall(r"`(/[a-z]*\?[^`\s]+)`", text(p))]


@pytest.mark.parametrize(("path", "link"), _links(), ids=[f"{p.name}:{link[:60]}" for p, link in _links()])
def test_every_dashboard_link_shown_is_declared_and_finds_rows(path, link, real_reg):
    parts = urlsplit(link)
    query = parse_qs(parts.query)
    page = parts.path or "/"
    for name, values in query.items():
        assert name in params.PARAMS, f"{path.name}: {link}: {name} is not a declared URL parameter"
        declared = params.PARAMS[name]
        assert declared.page in ("", page), f"{path.name}: {link}: {name} belongs on {declared.page}"
        allowed = {f.name: real_reg.index.values(f.column) for f in params.FACETS}.get(name)
        if name == "outlet":
            allowed = set(real_reg.outlets["id"])
        assert params.notice(name, values, values[0], allowed) is None, f"{path.name}: {link}: the dashboard would drop {name}={values}"
    filters = registry.Filters(
        **{f.field: tuple(query.get(f.name, ())) for f in params.FACETS},
        status=query.get("status", [None])[0],
        **{d: params.date_in_link(query[d][0]) for d in ("as_of", "since", "until") if d in query},
    )
    if page == "/outlet":
        assert query["outlet"][0] in set(real_reg.outlets["id"])
    elif "?" in link and page in ("/", "/explore"):
        assert len(registry.select(real_reg, filters)), f"{path.name}: {link} finds no rows"


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
