"""How the code is laid out: tests, benchmarks and scripts import each other as packages, never by path."""

from __future__ import annotations

import ast

import pytest

from tests.support.data import ROOT

PACKAGES = ("tests", "benchmarks", "scripts", "registry", "ui", "app_pages", "service")
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


PAGE_FILES = sorted((ROOT / "app_pages").glob("*.py"))


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_every_page_has_one_shape(path):
    """A docstring, `page()`, one call at the end; no function over 60 lines; figures only from ui/charts.py."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path.name}: no module docstring"
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert "page" in functions, f"{path.name}: no page()"
    calls = [n for n in tree.body if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)]
    assert [ast.unparse(c) for c in calls] == ["page()"] and tree.body[-1] is calls[0], f"{path.name}: the module must end with one call, page()"
    statements = [n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.Import | ast.ImportFrom | ast.Assign | ast.Expr)]
    assert not statements, f"{path.name}: code outside a function at line {statements[0].lineno}"
    for fn in functions.values():
        assert fn.end_lineno - fn.lineno < 60, f"{path.name}: {fn.name}() is {fn.end_lineno - fn.lineno + 1} lines"
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom) for a in n.names} | {
        n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
    }
    assert not {m for m in imported if m.startswith("plotly")}, f"{path.name}: builds a figure; charts come from ui/charts.py"


def test_the_page_shape_check_reads_every_page():
    assert {p.name for p in PAGE_FILES} >= {"overview.py", "explore.py", "outlet.py", "jurisdictions.py", "changes.py", "methodology.py"}
