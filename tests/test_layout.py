"""How the code is laid out: tests, benchmarks and scripts import each other as packages, never by path."""

from __future__ import annotations

import ast

import pytest

from tests.support.data import ROOT

PACKAGES = ("tests", "benchmarks", "scripts", "registry", "ui", "app_pages")
FILES = sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def test_the_layout_is_read():
    assert any(p.parts[-3:] == ("tests", "support", "browser.py") for p in FILES)
    assert any(p.parts[-2:] == ("benchmarks", "run.py") for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sys_path_edits_and_no_private_names_across_packages(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    home = path.relative_to(ROOT).parts[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "path" and isinstance(node.value, ast.Name) and node.value.id == "sys":
            pytest.fail(f"{path.relative_to(ROOT)}, line {node.lineno}: edits or reads sys.path; import the package instead")
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != home:
                private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                assert not private, f"{path.relative_to(ROOT)}, line {node.lineno}: imports private {private} from {node.module}"
        if isinstance(node, ast.ImportFrom) and node.module in ("conftest", "browser_support"):
            pytest.fail(f"{path.relative_to(ROOT)}, line {node.lineno}: imports {node.module}; use tests.support")
        if isinstance(node, ast.Attribute) and node.attr in ("spec_from_file_location",):
            pytest.fail(f"{path.relative_to(ROOT)}, line {node.lineno}: loads a module from a file path; import it")
