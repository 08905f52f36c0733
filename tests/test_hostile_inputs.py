"""The bad-input catalogue, round two (issue 17): what the first catalogue (test_bad_inputs.py) missed.

Every case is one parametrized test with an id. Cases by category (the counts are checked by
test_catalogue_size and repeated in docs/reliability.md):

- outputs (``OUTPUT_CASES``), 12: a device, a symlink, a FIFO, a file in the data directory
  (directly, through a link or a hard link), a name ending in /, a full disk and a closed pipe on
  standard output; --force writing into a device or through a link; each leaves what was there;
- tracebacks (``MESSAGE_CASES``), 18: superscript and 5,000-digit entry numbers, a lone surrogate,
  odd digits in --expected-rows, empty / UTF-16 / binary / unbalanced decisions files, padded header
  names, a NUL in a resource path, a foreign key to an undeclared field or a missing table, very
  deep JSON, a diff side whose descriptor is not an object, a git revision that is an option, a
  resource path leaving the directory in a git revision, and any unexpected error (one line, the
  traceback only with --debug);
- valid on paper (``DESCRIPTOR_CASES``), 11: citation braces and placeholders, numeric and object
  versions, a control character in the title, an impossible created date, an unknown field type,
  duplicate field names, an enum written as a string, an impossible release date in CHANGES.md;
- validation gaps (``GAP_CASES``), 10: designations answering each other (two and three), an invalid
  or zero port, right-to-left override and zero-width characters in names, a symlinked table, a
  FIFO table, a symlinked descriptor, a search of only punctuation;
- tiny hostile files (``BOUNDED_CASES``), 7: an xlsx whose only cell is in the last row or whose
  cells are in the last column, a shared-strings zip bomb, a FARA row of 100,000 fields, a
  20,000-deep parent chain, deep JSON in a descriptor and in an import: each refused within seconds
  and under 500 MB;
- markup (``MARKUP_CASES``), 10: images, links, colour directives and tags in URL parameters
  (kind, since, status, as_of, outlet, changed_since) and in curated data (citation, licence,
  country name, designation label, outlet name as a chart label), never rendered; plus the data
  grid's own CSV download disabled.

Total: 69.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import registry
from tests.support import importer_fixtures as mf
from tests.support.data import ROOT, make_small_data, shown

PY = sys.executable
D, OUT = "designations.csv", "outlets.csv"


def run_cli(args: list[str], *, cwd: Path = ROOT, env: dict | None = None, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "registry", *args], capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env, stdin=subprocess.DEVNULL, **kwargs)


def one_line_error(result: subprocess.CompletedProcess) -> None:
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("registry ") or re.fullmatch(r"\d+ problem\(s\) in .*", last), result.stderr[-2000:]


def edit_rows(path: Path, change: Callable[[list[dict[str, str]]], None]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = list(reader.fieldnames or []), list(reader)
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_cell(file: str, key: str, column: str, value: str):
    def mutate(d: Path) -> None:
        def change(rows):
            for row in rows:
                if row["id"] == key:
                    row[column] = value

        edit_rows(d / file, change)

    return mutate


def descriptor(change: Callable[[dict], None]):
    def mutate(d: Path) -> None:
        raw = json.loads((d / "datapackage.json").read_text(encoding="utf-8"))
        change(raw)
        (d / "datapackage.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")

    return mutate


def resource_of(raw: dict, name: str) -> dict:
    return next(r for r in raw["resources"] if r["name"] == name)


# --- outputs --------------------------------------------------------------------------------------


def _link_to(target: str) -> Callable[[Path, Path], str]:
    def setup(tmp: Path, data: Path) -> str:
        (tmp / "target.txt").write_bytes(b"keep\n")
        os.symlink(target.format(tmp=tmp, data=data), tmp / "link.csv")
        return str(tmp / "link.csv")

    return setup


def _fifo(tmp: Path, data: Path) -> str:
    os.mkfifo(tmp / "pipe")
    return str(tmp / "pipe")


def _hard_link(tmp: Path, data: Path) -> str:
    os.link(data / D, tmp / "hard.csv")
    return str(tmp / "hard.csv")


# case: (output path (or a setup giving it), extra args, exit code, words on stderr, check after)
OUTPUT_CASES: dict[str, tuple] = {
    "dev-null-is-not-replaced": ("/dev/null", [], 2, "is a device; not replaced (use --force", lambda tmp, data: Path("/dev/null").is_char_device()),
    "symlink-is-not-replaced": (_link_to("{tmp}/target.txt"), [], 2, "is a symbolic link; not replaced", lambda tmp, data: (tmp / "link.csv").is_symlink() and (tmp / "target.txt").read_bytes() == b"keep\n"),
    "fifo-is-not-replaced": (_fifo, [], 2, "is a FIFO (named pipe); not replaced", lambda tmp, data: (tmp / "pipe").is_fifo()),
    "proc-self-fd-is-not-replaced": ("/proc/self/fd/1", [], 2, "not replaced", lambda tmp, data: True),
    "a-table-of-the-data-directory": ("{data}/designations.csv", [], 2, "is inside the data directory", lambda tmp, data: registry.validate(data) == []),
    "a-link-into-the-data-directory": (_link_to("{data}/designations.csv"), ["--force"], 2, "is inside the data directory", lambda tmp, data: registry.validate(data) == []),
    "a-hard-link-to-a-table": (_hard_link, ["--force"], 2, "hard link", lambda tmp, data: registry.validate(data) == []),
    "a-name-ending-in-slash": ("{tmp}/newdir/", [], 2, "names a directory; name the file", lambda tmp, data: not (tmp / "newdir").exists()),
    "force-writes-into-a-device": ("/dev/null", ["--force"], 0, "designations written to /dev/null", lambda tmp, data: Path("/dev/null").is_char_device()),
    "force-writes-through-a-link": (_link_to("{tmp}/target.txt"), ["--force"], 0, "designations written", lambda tmp, data: (tmp / "link.csv").is_symlink() and (tmp / "target.txt").read_bytes().startswith(b"\xef\xbb\xbfdesignation_id")),
    "full-disk-on-standard-output": ("-", [], 2, "standard output: cannot write: No space left on device", lambda tmp, data: True),
    "closed-pipe-on-standard-output": ("-", [], 2, "the reader closed the pipe", lambda tmp, data: True),
}  # fmt: skip


@pytest.mark.parametrize("case", list(OUTPUT_CASES), ids=list(OUTPUT_CASES))
def test_output_never_replaces_what_it_should_not(tmp_path, case):
    target, extra, code, words, check = OUTPUT_CASES[case]
    data = make_small_data(tmp_path / "data")
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    output = target(tmp_path, data) if callable(target) else target.format(tmp=tmp_path, data=data)
    args = ["export", "--data", str(data), "-o", output, *extra]
    if case == "full-disk-on-standard-output":
        with open("/dev/full", "wb") as full:
            result = subprocess.run([PY, "-m", "registry", *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120, cwd=ROOT)
    elif case == "closed-pipe-on-standard-output":
        proc = subprocess.Popen([PY, "-m", "registry", *args, "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        proc.stdout.close()  # the reader goes away before reading anything
        stderr = proc.stderr.read()
        result = subprocess.CompletedProcess(args, proc.wait(timeout=120), "", stderr)
    elif case == "fifo-is-not-replaced":
        result = run_cli(args, timeout=60)  # refused before opening it, so it does not block
    else:
        result = run_cli(args)
    assert result.returncode == code, result.stderr[-2000:]
    assert words in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert check(tmp_path, data)
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before  # the data directory is untouched
    assert not list(tmp_path.glob(".*.part"))


def test_diff_output_is_never_written_into_a_data_directory(tmp_path):
    data = make_small_data(tmp_path / "data")
    result = run_cli(["diff", str(data), str(data), "-o", str(data / D)])
    assert result.returncode == 2 and "inside the data directory" in result.stderr
    assert registry.validate(data) == []


# --- messages instead of tracebacks ---------------------------------------------------------------

SUPERSCRIPT = "²"  # str.isdigit() says yes, int() says no


def _decisions(content: bytes):
    def setup(tmp: Path, data: Path) -> list[str]:
        (tmp / "decisions.csv").write_bytes(content)
        return ["import", "ru_minjust_foreign_agents", str(mf.write_foreign_agents(tmp / "fa.xlsx")), "--data", str(data), "--report", str(tmp / "r"),
                "--expected-rows", "1:20", "--apply", "--decisions", str(tmp / "decisions.csv")]  # fmt: skip

    return setup


def _import_fa(index: int, column: str, value) -> Callable[[Path, Path], list[str]]:
    def setup(tmp: Path, data: Path) -> list[str]:
        return ["import", "ru_minjust_foreign_agents", str(mf.fa_file_with(tmp, index, column, value)), "--data", str(data), "--report", str(tmp / "r"), "--expected-rows", "1:20"]

    return setup


def _import_und_surrogate(tmp: Path, data: Path) -> list[str]:
    path = mf.undesirable_file_with(tmp, 0, **{"Наименование": "placeholder"})
    path.write_text(path.read_text(encoding="utf-8").replace("placeholder", "\\ud800 name"), encoding="utf-8")
    return ["import", "ru_minjust_undesirable", str(path), "--data", str(data), "--report", str(tmp / "r"), "--expected-rows", "1:20"]


def _validate_with(mutate) -> Callable[[Path, Path], list[str]]:
    def setup(tmp: Path, data: Path) -> list[str]:
        mutate(data)
        return ["validate", "--data", str(data)]

    return setup


def _padded_headers_import(tmp: Path, data: Path) -> list[str]:
    path = data / D
    path.write_text(path.read_text(encoding="utf-8").replace(",start_date,", ", start_date ,", 1), encoding="utf-8")
    return ["import", "ru_minjust_foreign_agents", str(mf.write_foreign_agents(tmp / "fa.xlsx")), "--data", str(data), "--report", str(tmp / "r"), "--expected-rows", "1:20"]


def _diff_side_not_an_object(tmp: Path, data: Path) -> list[str]:
    other = tmp / "other"
    other.mkdir()
    (other / "datapackage.json").write_text("[1, 2, 3]", encoding="utf-8")
    return ["diff", str(other), str(data)]


def _diff_git_resource_escaping(tmp: Path, data: Path) -> list[str]:
    repo = tmp / "repo"
    (repo / "data").mkdir(parents=True)
    (repo / "data" / "datapackage.json").write_text(json.dumps({"resources": [{"name": "designations", "path": "../../escaped.csv"}]}), encoding="utf-8")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    return ["diff", "git:HEAD", str(data)]


def _unexpected(tmp: Path, data: Path) -> list[str]:
    return ["validate", "--data", str(data)]


# case: (setup returning the CLI arguments, words in the message)
MESSAGE_CASES: dict[str, tuple] = {
    "superscript-entry-number": (_import_fa(0, 0, "9" + SUPERSCRIPT), "expected a whole number"),
    "5000-digit-entry-number": (_import_fa(0, 0, "9" * 5000), "expected a whole number"),
    "lone-surrogate-in-a-name": (_import_und_surrogate, "lone surrogate"),
    "expected-rows-in-arabic-digits": (lambda tmp, data: ["import", "us_fara", "x.csv", "--data", str(data), "--expected-rows", "١:٥"], "--expected-rows"),
    "expected-rows-superscript": (lambda tmp, data: ["import", "us_fara", "x.csv", "--data", str(data), "--expected-rows", "1:5" + SUPERSCRIPT], "--expected-rows"),
    "empty-decisions-file": (_decisions(b""), "empty"),
    "utf16-decisions-file": (_decisions("kind,entry,decision\n".encode("utf-16")), "UTF-16"),
    "binary-decisions-file": (_decisions(b"\x00\x01\x02PK\x03\x04" * 10), "decisions.csv"),
    "unbalanced-quote-in-decisions": (_decisions(b'kind,entry,decision\nnew,"907,add\n'), "decisions.csv"),
    "padded-header-names-on-import": (_padded_headers_import, "has leading or trailing spaces"),
    "nul-in-a-resource-path": (_validate_with(descriptor(lambda raw: resource_of(raw, "laws").update(path="laws\x00.csv"))), "control character"),
    "foreign-key-to-an-undeclared-field": (_validate_with(descriptor(lambda raw: resource_of(raw, "laws")["schema"]["foreignKeys"][0]["reference"].update(fields=["nope"]))), "'nope' is not declared"),
    "foreign-key-to-a-missing-table": (_validate_with(descriptor(lambda raw: resource_of(raw, "laws")["schema"]["foreignKeys"][0]["reference"].update(resource="nations"))), "'nations' is not declared"),
    "very-deep-json-descriptor": (_validate_with(lambda d: (d / "datapackage.json").write_text("[" * 200_000 + "]" * 200_000)), "nested too deeply"),
    "diff-side-descriptor-not-an-object": (_diff_side_not_an_object, "not a data package descriptor"),
    "diff-git-revision-that-is-an-option": (lambda tmp, data: ["diff", f"git:--output={tmp}/written", str(data)], "not a revision"),
    "diff-git-resource-path-leaving-the-directory": (_diff_git_resource_escaping, "must be a file name inside the data directory"),
    "any-unexpected-error": (_unexpected, "unexpected error (ZeroDivisionError"),
}  # fmt: skip

# An unexpected bug, simulated in the child: the boundary turns it into one line naming the input.
BUG = "import sys, registry.cli as c\ndef bug(*a, **k):\n    1 / 0\nc.validate = bug\nsys.exit(c.main(sys.argv[1:]))\n"


@pytest.mark.parametrize("case", list(MESSAGE_CASES), ids=list(MESSAGE_CASES))
def test_a_message_not_a_traceback(tmp_path, case):
    setup, words = MESSAGE_CASES[case]
    data = make_small_data(tmp_path / "data")
    args = setup(tmp_path, data)
    cwd = tmp_path / "repo" if case == "diff-git-resource-path-leaving-the-directory" else ROOT
    if case == "any-unexpected-error":
        result = subprocess.run([PY, "-c", BUG, *args], capture_output=True, text=True, timeout=120, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    else:
        result = run_cli(args, cwd=cwd)
    one_line_error(result)
    assert words in result.stderr + result.stdout, result.stderr[-2000:] + result.stdout[-2000:]
    assert len(result.stderr) < 6000
    assert not (tmp_path / "written").exists() and not (tmp_path / "escaped.csv").exists()
    if case == "any-unexpected-error":
        assert str(data) in result.stderr.strip().splitlines()[-1]  # names the input
        debug = subprocess.run([PY, "-c", BUG, *args, "--debug"], capture_output=True, text=True, timeout=120, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert debug.returncode == 1 and "Traceback" in debug.stderr and "ZeroDivisionError" in debug.stderr


# --- valid on paper, broken in use: now invalid -------------------------------------------------

CHANGES = "# Data releases\n\n## 0.1.0 — {date}\n\nFirst.\n"

DESCRIPTOR_CASES: dict[str, tuple] = {
    "citation-with-a-lone-brace": (descriptor(lambda raw: raw.update(citation="Registry {version} {")), "datapackage.json", "citation"),
    "citation-with-an-unknown-placeholder": (descriptor(lambda raw: raw.update(citation="Registry {0} {name}")), "datapackage.json", "placeholder"),
    "citation-reaching-into-attributes": (descriptor(lambda raw: raw.update(citation="{version.__class__}")), "datapackage.json", "placeholder"),
    "numeric-version": (descriptor(lambda raw: raw.update(version=1.5)), "datapackage.json", "version: expected a string"),
    "object-version": (descriptor(lambda raw: raw.update(version={"major": 1})), "datapackage.json", "version: expected a string"),
    "control-character-in-the-title": (descriptor(lambda raw: raw.update(title="Registry\x0b2")), "datapackage.json", "control character U+000B"),
    "impossible-created-date": (descriptor(lambda raw: raw.update(created="2026-02-30")), "datapackage.json", "not a real date"),
    "unknown-field-type": (descriptor(lambda raw: resource_of(raw, "laws")["schema"]["fields"][0].update(type="geopoint")), "datapackage.json", "'geopoint'"),
    "duplicate-field-names": (descriptor(lambda raw: resource_of(raw, "laws")["schema"]["fields"].append(dict(resource_of(raw, "laws")["schema"]["fields"][0]))), "datapackage.json", "twice"),
    "enum-written-as-a-string": (descriptor(lambda raw: resource_of(raw, "outlets")["schema"]["fields"][4].setdefault("constraints", {}).update(enum="outlet")), "datapackage.json", "enum"),
    "impossible-release-date-in-changes": (lambda d: (d / "CHANGES.md").write_text(CHANGES.format(date="2026-02-30"), encoding="utf-8"), "CHANGES.md, row 3", "not a real date"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(DESCRIPTOR_CASES), ids=list(DESCRIPTOR_CASES))
def test_what_validates_also_renders_and_exports(tmp_path, case):
    mutate, where, words = DESCRIPTOR_CASES[case]
    data = make_small_data(tmp_path / "data")
    mutate(data)
    messages = [str(p) for p in registry.validate(data)]
    assert any(m.startswith(where) and words in m for m in messages), messages
    with pytest.raises(registry.DataValidationError):
        registry.load(data)


@pytest.mark.parametrize("citation", ["Registry {{v}} {version} ({created})", "Plain citation", "{created}: {version}"])
def test_a_citation_that_validates_formats_and_exports(tmp_path, citation):
    data = make_small_data(tmp_path / "data")
    descriptor(lambda raw: raw.update(citation=citation))(data)
    reg = registry.load(data)
    rows = registry.select(reg, registry.Filters())
    from registry.export import about_sheet

    for fmt in registry.FORMATS:
        assert registry.export_bytes(rows, fmt, about_sheet(reg, registry.Filters()))


# --- validation gaps ------------------------------------------------------------------------------


def _responds(pairs: dict[str, str]):
    def mutate(d: Path) -> None:
        def change(rows):
            for row in rows:
                if row["id"] in pairs:
                    row["responds_to"] = pairs[row["id"]]
                    row["start_date"] = "2022-03-02"

        edit_rows(d / D, change)

    return mutate


def _symlinked(name: str, target: str):
    def mutate(d: Path) -> None:
        (d / name).unlink()
        os.symlink(target, d / name)

    return mutate


def _fifo_table(d: Path) -> None:
    (d / "laws.csv").unlink()
    os.mkfifo(d / "laws.csv")


def _designation_ids(d: Path) -> list[str]:
    with (d / D).open(encoding="utf-8", newline="") as fh:
        return [r["id"] for r in csv.DictReader(fh)]


def _mutual(d: Path) -> None:
    a, b = _designation_ids(d)[:2]
    _responds({a: b, b: a})(d)


def _three(d: Path) -> None:
    a, b, c = _designation_ids(d)[:3]
    _responds({a: b, b: c, c: a})(d)


GAP_CASES: dict[str, tuple] = {
    "two-designations-answer-each-other": (_mutual, f"{D}, row 2, column responds_to", "responses form a loop"),
    "three-designations-answer-in-a-ring": (_three, f"{D}, row 3, column responds_to", "responses form a loop"),
    "invalid-port-in-a-url": (set_cell(OUT, "north-wind", "website", "https://north-wind.example.org:99999/"), f"{OUT}, row 3, column website", "not an http(s) link"),
    "port-zero-in-a-url": (set_cell(OUT, "north-wind", "source_url", "https://example.org:0/x"), f"{OUT}, row 3, column source_url", "not an http(s) link"),
    "right-to-left-override-in-a-name": (set_cell(OUT, "north-wind", "name", "North \u202eWind"), f"{OUT}, row 3, column name", "U+202E"),
    "zero-width-space-in-an-alias": (set_cell(OUT, "north-wind", "aliases", "Sev\u200bvet"), f"{OUT}, row 3, column aliases", "U+200B"),
    "table-symlinked-to-a-system-file": (_symlinked("laws.csv", "/etc/passwd"), "laws.csv", "is a symbolic link"),
    "table-is-a-fifo": (_fifo_table, "laws.csv", "not a regular file"),
    "descriptor-symlinked": (_symlinked("datapackage.json", str(ROOT / "data" / "datapackage.json")), "datapackage.json", "symbolic link"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(GAP_CASES), ids=list(GAP_CASES))
def test_validation_gap_is_closed(tmp_path, case):
    mutate, where, words = GAP_CASES[case]
    data = make_small_data(tmp_path / "data")
    mutate(data)
    messages = [str(p) for p in registry.validate(data, today=dt.date(2026, 1, 1))]
    assert any(m.startswith(where) and words in m for m in messages), messages
    assert not any("root:" in m for m in messages)  # the linked file's contents are never shown


def test_a_search_of_only_punctuation_finds_nothing(small_reg):
    everything = len(registry.select(small_reg, registry.Filters()))
    assert everything > 0
    for q in ("!!!", "...", "—", "*", "« »"):
        assert len(registry.select(small_reg, registry.Filters(q=q))) == 0, q
    assert len(registry.select(small_reg, registry.Filters(q="north"))) > 0


# --- tiny hostile files: refused within seconds and under 500 MB ---------------------------------

LIMIT_SECONDS = 30  # start-up (pandas, openpyxl) included, on 2 shared cores
LIMIT_RSS_MB = 500
# The child runs the CLI and reports its own peak memory; its address space is capped so that a
# regression fails here instead of taking the machine's memory.
MEASURED = "import resource, sys\nfrom registry.cli import main\ntry:\n    code = main(sys.argv[1:])\nfinally:\n    print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\nsys.exit(code)\n"


def _xlsx_last_row(tmp: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1048576"] = "x"
    wb.save(tmp / "last-row.xlsx")
    return tmp / "last-row.xlsx"


def _xlsx_last_column(tmp: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    for row in range(1, 3001):
        wb.active.cell(row=row, column=16384, value="x")
    wb.save(tmp / "last-column.xlsx")
    return tmp / "last-column.xlsx"


def _xlsx_shared_strings_bomb(tmp: Path) -> Path:
    source = mf.write_foreign_agents(tmp / "fa.xlsx")
    target = tmp / "bomb.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in src.infolist():
            if info.filename != "xl/sharedStrings.xml":
                out.writestr(info, src.read(info))
        with out.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            chunk = b"A" * (1 << 20)
            for _ in range(600):  # 600 MB unpacked, under 1 MB packed
                fh.write(chunk)
            fh.write(b"</t></si></sst>")
    return target


def _fara_wide_row(tmp: Path) -> Path:
    return mf.fara_file(tmp, ['"' + '","'.join(["x"] * 100_000) + '"'])


def _deep_parent_chain(tmp: Path, data: Path) -> None:
    with (data / OUT).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = list(reader.fieldnames or []), list(reader)
    model = next(r for r in rows if r["id"] == "north-wind")
    chain = [{**model, "id": f"chain-{i}", "name": f"Chain {i}", "parent_id": f"chain-{i + 1}" if i < 19_999 else "", "website": "", "domains": "", "aliases": "", "name_native": ""} for i in range(20_000)]
    with (data / OUT).open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=header, lineterminator="\n").writerows(chain)


def _deep_json(tmp: Path) -> Path:
    path = tmp / "deep.json"
    path.write_text("[" * 500_000 + "]" * 500_000, encoding="utf-8")
    return path


def _import(source: str, make: Callable[[Path], Path]):
    def setup(tmp: Path, data: Path) -> list[str]:
        return ["import", source, str(make(tmp)), "--data", str(data), "--report", str(tmp / "r"), "--expected-rows", "1:20"]

    return setup


def _validate_after(change: Callable[[Path, Path], None]):
    def setup(tmp: Path, data: Path) -> list[str]:
        change(tmp, data)
        return ["validate", "--data", str(data)]

    return setup


# case: (setup returning CLI arguments, expected exit code, words on stderr or stdout)
BOUNDED_CASES: dict[str, tuple] = {
    "xlsx-only-cell-in-the-last-row": (_import("ru_minjust_foreign_agents", _xlsx_last_row), 1, "expected a title"),
    "xlsx-cells-in-the-last-column": (_import("ru_minjust_foreign_agents", _xlsx_last_column), 1, "expected a title"),
    "xlsx-shared-strings-zip-bomb": (_import("ru_minjust_foreign_agents", _xlsx_shared_strings_bomb), 1, "a zip bomb?"),
    "fara-row-of-100000-fields": (_import("us_fara", _fara_wide_row), 1, "100,000 fields: more than the 200"),
    "20000-deep-parent-chain": (_validate_after(_deep_parent_chain), 0, "valid"),
    "deep-json-descriptor": (_validate_after(lambda tmp, data: (data / "datapackage.json").write_text("{\"a\":" * 300_000 + "1" + "}" * 300_000)), 1, "nested too deeply"),
    "deep-json-import": (_import("ru_minjust_undesirable", _deep_json), 1, "nested too deeply"),
}  # fmt: skip


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))


@pytest.mark.parametrize("case", list(BOUNDED_CASES), ids=list(BOUNDED_CASES))
def test_tiny_hostile_files_are_refused_quickly_and_in_little_memory(tmp_path, case):
    setup, code, words = BOUNDED_CASES[case]
    data = make_small_data(tmp_path / "data")
    args = setup(tmp_path, data)
    start = time.monotonic()
    result = subprocess.run(
        [PY, "-c", MEASURED, *args], capture_output=True, text=True, timeout=120, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=_cap_memory
    )
    elapsed = time.monotonic() - start
    assert result.returncode == code, result.stderr[-2000:]
    assert words in result.stderr + result.stdout, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    rss_mb = int(re.search(r"MAXRSS (\d+)", result.stderr).group(1)) / 1024
    assert rss_mb < LIMIT_RSS_MB, f"{rss_mb:.0f} MB"
    assert elapsed < LIMIT_SECONDS, f"{elapsed:.1f} s"


# --- markup from the address bar and from the data ------------------------------------------------

DASHBOARD = str(ROOT / "dashboard.py")
IMAGE = "![x](http://203.0.113.7/pixel.png)"
LINK = "[official notice](http://203.0.113.8/phish)"
COLOUR = "[x](http://203.0.113.11/) :red[ALERT]"
TAG = "<img src=http://203.0.113.9/x.png><style>*{color:red}</style>"
MARKUP = re.compile(r"!\[|\]\(|\[[^\]]*\]\(|<[a-zA-Z/!]|:[a-z]+\[|:material/|https?:/", re.IGNORECASE)


def rendered_markup(markdown: str) -> list[str]:
    """What in a markdown text Streamlit would render as an image, link, tag or colour directive.

    Escaped characters (a backslash and the next character) are blanked first: they show as text.
    The page's own markup (bold, a date in parentheses) is not what is looked for.
    """
    unescaped = re.sub(r"\\.", "\x00", markdown)
    # GFM makes a bare address a link even when its characters are escaped: it must not read as one.
    visible = re.sub(r"\\(.)", r"\1", markdown)
    return MARKUP.findall(unescaped) + re.findall(r"https?://|\bwww\.", visible, re.IGNORECASE)


def _texts(at) -> list[str]:
    """Every markdown text the app sent: notices, captions, markdown, headings, expander labels."""
    texts = []
    for kind in ("warning", "info", "error", "caption", "markdown", "title", "header", "subheader", "success"):
        texts += [e.value for e in getattr(at, kind)]
    texts += [e.label for e in at.expander]
    return texts


def _plotly_specs(at) -> list[str]:
    return [e.proto.spec for e in at.get("plotly_chart")]


URL_MARKUP = {
    "image-in-kind": ({"kind": IMAGE}, None),
    "link-in-since": ({"since": LINK}, None),
    "colour-directive-in-status": ({"status": COLOUR}, None),
    "tags-in-as-of": ({"as_of": TAG}, None),
    "image-in-outlet": ({"outlet": IMAGE}, "app_pages/outlet.py"),
    "link-in-changed-since": ({"changed_since": LINK}, "app_pages/changes.py"),
}

DATA_MARKUP = {
    "citation-licence-and-country-name": "overview",
    "designation-label-and-outlet-name-in-charts": "jurisdictions",
    "outlet-name-on-its-profile": "outlet",
    "release-notes-and-footer": "changes",
}


@pytest.fixture(scope="module")
def markup_data(tmp_path_factory) -> Path:
    data = make_small_data(tmp_path_factory.mktemp("markup") / "data")
    descriptor(lambda raw: (raw.update(citation=f"{IMAGE} {{version}}"), raw["licenses"][0].update(name=f"{LINK} {TAG}")))(data)

    def countries(rows):
        for row in rows:
            if row["code"] in ("LV", "RU", "EU"):
                row["name"] = f"{row['name']} {IMAGE}"

    def labels(rows):
        for row in rows:
            row["label"] = f"<span style='color:red'>{row['label']}</span> {COLOUR}"

    edit_rows(data / "countries.csv", countries)
    edit_rows(data / "designation_types.csv", labels)
    set_cell(OUT, "north-wind", "name", "<a href='http://203.0.113.10/'>North Wind</a> " + IMAGE)(data)
    (data / "CHANGES.md").write_text("# Data releases\n\n## 0.2.0 — 2026-11-27\n\n" + LINK + "\n\n### Added\n\n- " + IMAGE + "\n", encoding="utf-8")
    assert registry.validate(data) == []  # hostile, but valid: it is text
    return data


def _run_page(monkeypatch, data: Path, params: dict[str, str], page: str | None):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("REGISTRY_DATA", str(data))
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    codes = registry.load(data).designations["jurisdiction"].astype(str).unique()
    for key in ("which_registers", "share_link", "cite_embed", *(f"jurisdiction_{c}" for c in codes)):  # the expanders drawn only when open (ui/lazy.py): open
        at.session_state[key] = True
    at.run()
    texts = _texts(at)
    if page:
        at.switch_page(page).run()
        texts += _texts(at)
    assert not at.exception, [e.value for e in at.exception]
    return at, texts


@pytest.mark.parametrize("case", list(URL_MARKUP), ids=list(URL_MARKUP))
def test_markup_in_the_address_bar_is_shown_as_text(monkeypatch, tmp_path, case):
    params, page = URL_MARKUP[case]
    at, texts = _run_page(monkeypatch, make_small_data(tmp_path / "data"), params, page)
    notices = [t for t in texts if "203.0.113" in shown(t)]
    assert notices, texts  # the value is told, and ...
    for notice in notices:
        assert rendered_markup(notice) == [], notice  # ... and shown as text, never as markup


PAGES = {"overview": None, "jurisdictions": "app_pages/jurisdictions.py", "outlet": "app_pages/outlet.py", "changes": "app_pages/changes.py"}


@pytest.mark.parametrize("case", list(DATA_MARKUP), ids=list(DATA_MARKUP))
def test_markup_in_curated_data_is_shown_as_text(monkeypatch, markup_data, case):
    page = DATA_MARKUP[case]
    params = {"outlet": "north-wind"} if page == "outlet" else {}
    at, texts = _run_page(monkeypatch, markup_data, params, PAGES[page])
    hostile = [t for t in texts if "203.0.113" in shown(t) or "span" in t]
    assert hostile, texts
    for text in hostile:
        assert rendered_markup(text) == [], text
    specs = _plotly_specs(at)
    if page in ("jurisdictions", "outlet"):  # the hostile labels reached a chart, as text
        assert any("&lt;" in spec for spec in specs), len(specs)
    for spec in specs:
        assert not re.search(r"<(a|span|img|style)\b", spec), re.search(r".{60}<(a|span|img|style)\b.{60}", spec)


def test_the_data_grid_has_no_csv_download_of_its_own():
    """st.dataframe's toolbar button writes raw cells (formulas included): disabled for the whole app."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


# --- the catalogue --------------------------------------------------------------------------------


def test_catalogue_size():
    markup = len(URL_MARKUP) + len(DATA_MARKUP)
    counts = {
        "OUTPUT_CASES": len(OUTPUT_CASES),
        "MESSAGE_CASES": len(MESSAGE_CASES),
        "DESCRIPTOR_CASES": len(DESCRIPTOR_CASES),
        "GAP_CASES": len(GAP_CASES) + 1,
        "BOUNDED_CASES": len(BOUNDED_CASES),
        "MARKUP_CASES": markup,
    }
    doc = __doc__ or ""
    for name, n in counts.items():
        assert f"(``{name}``), {n}:" in doc, (name, n)
    assert f"Total: {sum(counts.values()) + 1}." in doc  # + the grid's download
    readme = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    assert f"| {sum(counts.values()) + 1} | `tests/test_hostile_inputs.py` |" in readme
