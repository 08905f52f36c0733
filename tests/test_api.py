"""The data service: the HTTP routes of the real server (serve.py), the Atom feed, FollowTheMoney
lines, the Frictionless data package and the release bundle, each checked with the reference
tool of its format (feedparser, followthemoney's model, frictionless).

The server is started once on the small fixture data (tests/fixtures/small), so every expectation
is computed here with the registry API, never written down.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shlex
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

import registry
from registry import cite, ftm
from registry.export import export_bytes
from registry.publish import publish
from tests.support.browser import VIEWPORT, streamlit_server, wait_rendered
from tests.support.data import DATA, ROOT, make_small_data

# ---------------------------------------------------------------- the server


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    return make_small_data(tmp_path_factory.mktemp("api") / "data")


@pytest.fixture(scope="module")
def server(small):
    with streamlit_server(small) as srv:
        yield srv


def get(server, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(server.url + path, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def api_rows(server, query: list[tuple[str, str]]) -> list[dict]:
    status, _, body = get(server, "/api/designations?" + urlencode([*query, ("limit", "1000")]))
    assert status == 200, body
    return json.loads(body)["data"]


GOOD_QUERIES = [
    [],
    [("jurisdiction", "RU")],
    [("jurisdiction", "RU"), ("designation", "foreign_agent"), ("as_of", "2024-02-02")],
    [("jurisdiction", "RU"), ("jurisdiction", "US")],
    [("status", "ended"), ("as_of", "2024-02-02")],
    [("since", "2017-01-01"), ("until", "2022-12-31")],
    [("q", "Медуза")],
    [("kind", "journalist")],
]


@pytest.mark.parametrize("query", GOOD_QUERIES, ids=[urlencode(q) or "all" for q in GOOD_QUERIES])
def test_api_rows_equal_registry_export(server, small, query):
    """The same filters give the same rows over HTTP as through `registry export --format json`."""
    args = [f"--{k.replace('_', '-')}={v}" for k, v in query]
    out = subprocess.run([sys.executable, "-m", "registry", "export", "--format", "json", "--data", str(small), *args], capture_output=True, check=True, cwd=ROOT)
    expected = json.loads(out.stdout)["designations"]  # the CLI's JSON carries its "about" beside the rows
    if not any(k == "as_of" for k, _ in query):  # the CLI's default date is today, as the API's
        assert {r["designation_id"] for r in expected} == {r["designation_id"] for r in api_rows(server, query)}
    assert api_rows(server, query) == expected


def test_api_paging_link_header_and_total(server, small):
    reg = registry.load(small)
    total = len(registry.select(reg))
    status, headers, body = get(server, "/api/designations?limit=2&offset=2")
    assert status == 200
    doc = json.loads(body)
    assert (doc["meta"]["total"], doc["meta"]["limit"], doc["meta"]["offset"], len(doc["data"])) == (total, 2, 2, 2)
    assert headers["x-total-count"] == str(total)
    assert 'rel="next"' in headers["link"] and 'rel="prev"' in headers["link"] and "offset=4" in headers["link"]
    assert doc["data"] == api_rows(server, [])[2:4]
    assert doc["meta"]["version"] == reg.version and doc["meta"]["citation"] == reg.package.cite()


def test_api_csv_and_ndjson(server, small):
    reg = registry.load(small)
    rows = registry.select(reg, registry.Filters(jurisdictions=("RU",)))
    status, headers, body = get(server, "/api/designations?jurisdiction=RU&format=csv&limit=1000")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body == export_bytes(rows, "csv")
    status, headers, body = get(server, "/api/designations?jurisdiction=RU&format=ndjson&limit=1000")
    assert headers["content-type"].startswith("application/x-ndjson")
    assert [json.loads(line) for line in body.decode().splitlines()] == json.loads(export_bytes(rows, "json"))


def test_api_etag_and_not_modified(server):
    status, headers, _ = get(server, "/api/designations?jurisdiction=RU")
    assert status == 200 and headers["etag"] and "max-age" in headers["cache-control"]
    again, h2, body = get(server, "/api/designations?jurisdiction=RU", {"If-None-Match": headers["etag"]})
    assert (again, body) == (304, b"") and h2["etag"] == headers["etag"]
    _, other, _ = get(server, "/api/designations?jurisdiction=US")
    assert other["etag"] != headers["etag"]


BAD = [
    ("/api/designations?bogus=1", 400, "bogus"),
    ("/api/designations?jurisdiction=XX", 400, "jurisdiction"),
    ("/api/designations?designation=%3Cimg%20src%3Dx%3E", 400, "designation"),
    ("/api/designations?since=2024-1-5", 400, "since"),
    ("/api/designations?as_of=20240105", 400, "as_of"),
    ("/api/designations?until=2024-02-30", 400, "until"),
    ("/api/designations?since=2024-01-02&until=2024-01-01", 400, "since/until"),
    ("/api/designations?status=maybe", 400, "status"),
    ("/api/designations?status=ended&status=in_force", 400, "status"),
    ("/api/designations?format=xml", 400, "format"),
    ("/api/designations?limit=0", 400, "limit"),
    ("/api/designations?limit=1001", 400, "limit"),
    ("/api/designations?limit=%C2%B2", 400, "limit"),
    ("/api/designations?offset=-1", 400, "offset"),
    ("/api/designations?offset=99999999999999999999", 400, "offset"),
    ("/api/designations?q=" + "x" * 201, 400, "q"),
    ("/api/outlets/no-such-outlet", 404, "outlet_id"),
    ("/api/outlets/%3Cscript%3E", 404, "outlet_id"),
    ("/api/outlets/meduza?as_of=yesterday", 400, "as_of"),
    ("/api/outlets/meduza?x=1", 400, "x"),
    ("/api/meta?x=1", 400, "x"),
    ("/feeds/changes.atom?kind=robot", 400, "kind"),
    ("/feeds/changes.atom?limit=5", 400, "limit"),
]


@pytest.mark.parametrize(("path", "code", "parameter"), BAD, ids=[p for p, _, _ in BAD])
def test_bad_parameters_are_named(server, path, code, parameter):
    status, headers, body = get(server, path)
    assert status == code
    assert headers["content-type"].startswith("application/json")
    doc = json.loads(body)
    assert doc["parameter"] == parameter and doc["error"]
    assert len(doc["error"]) < 400  # a value is echoed only as JSON text, and cut


def test_outlet_profile_route(server, small):
    reg = registry.load(small)
    oid = reg.designations["outlet_id"].iloc[0]
    status, _, body = get(server, f"/api/outlets/{oid}")
    assert status == 200
    doc = json.loads(body)
    prof = registry.outlet_profile(reg, oid)
    assert doc["outlet"]["id"] == oid and doc["outlet"]["name"] == prof.outlet["name"]
    assert [d["designation_id"] for d in doc["designations"]] == list(prof.designations["designation_id"])
    assert {s["url"] for s in doc["sources"]} <= set(reg.sources["url"])
    assert all(d["source_url"].startswith("http") for d in doc["designations"])


def test_meta_route(server, small):
    reg = registry.load(small)
    status, _, body = get(server, "/api/meta")
    doc = json.loads(body)
    assert status == 200
    assert (doc["version"], doc["licence"]["name"], doc["designations"]) == (reg.version, reg.package.license_name, len(registry.select(reg)))


def test_atom_feed_parses_as_atom_1_0(server, small):
    feedparser = pytest.importorskip("feedparser")
    status, headers, body = get(server, "/feeds/changes.atom?jurisdiction=RU")
    assert status == 200 and headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    reg = registry.load(small)
    rows = registry.select(reg, registry.Filters(jurisdictions=("RU",)))
    expected = int(rows["start_date"].notna().sum() + rows["end_date"].notna().sum())
    assert len(parsed.entries) == expected
    updated = [e.updated for e in parsed.entries]
    assert updated == sorted(updated, reverse=True)  # newest first
    assert all("/outlet?outlet=" in e.link for e in parsed.entries)
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)


def test_pages_still_served_beside_the_routes(server):
    status, _, body = get(server, "/_stcore/health")
    assert (status, body.strip()) == (200, b"ok")
    status, headers, body = get(server, "/")
    assert status == 200 and b"<html" in body.lower()


# ---------------------------------------------------------------- formats


def test_ftm_lines_load_in_followthemoney(real_reg):
    model = pytest.importorskip("followthemoney").model
    rows = registry.select(real_reg)
    lines = ftm.ftm_bytes(real_reg, rows).decode("utf-8").splitlines()
    ids = set()
    schemata = {}
    for line in lines:
        entity = json.loads(line)
        proxy = model.get_proxy(entity, cleaned=False)
        # nothing the model does not know is silently dropped, and every value is valid for its type
        assert set(proxy.to_dict()["properties"]) == set(entity["properties"]), entity["id"]
        for name, values in entity["properties"].items():
            prop = proxy.schema.get(name)
            assert all(prop.type.validate(v) for v in values), (entity["id"], name, values[:2])
        ids.add(entity["id"])
        schemata[entity["id"]] = entity["schema"]
    assert sum(s == "Sanction" for s in schemata.values()) == len(rows)
    journalists = set(real_reg.outlets.loc[real_reg.outlets["kind"] == "journalist", "id"])
    assert all(schemata[ftm.PREFIX + j] == "Person" for j in journalists if ftm.PREFIX + j in schemata)
    for line in lines:  # every reference points at an entity of the same stream
        entity = json.loads(line)
        for name in ("entity", "owner", "asset", "member", "organization"):
            for ref in entity["properties"].get(name, []):
                assert ref in ids, (entity["id"], name, ref)


def test_ftm_is_an_export_format_of_the_cli(small, tmp_path):
    out = tmp_path / "x.ftm.json"
    subprocess.run([sys.executable, "-m", "registry", "export", "--data", str(small), "--format", "ftm", "-o", str(out)], check=True, cwd=ROOT, capture_output=True)
    reg = registry.load(small)
    assert out.read_bytes() == ftm.ftm_bytes(reg, registry.select(reg))


def test_data_package_passes_the_frictionless_validator():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DATA / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_release_bundle_is_deterministic_valid_and_checksummed(small, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    feedparser = pytest.importorskip("feedparser")
    reg = registry.load(small)
    first, second = tmp_path / "one", tmp_path / "two"
    publish(reg, first)
    publish(reg, second)
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    for fmt in ("csv", "xlsx", "json", "parquet", "ftm.json"):
        assert f"designations.{fmt}" in names
    codes = sorted(registry.select(reg)["jurisdiction"].astype(str).unique())
    assert [n for n in names if n.startswith("jurisdictions/") and n.endswith(".csv")] == [f"jurisdictions/{c}.csv" for c in codes]
    sums = dict(line.split("  ", 1)[::-1] for line in (first / "SHA256SUMS").read_text().splitlines())
    import hashlib

    assert set(sums) == set(names) - {"SHA256SUMS"}
    assert all(hashlib.sha256((first / n).read_bytes()).hexdigest() == h for n, h in sums.items())
    assert frictionless.validate(str(first / "data" / "datapackage.json")).valid
    assert feedparser.parse((first / "changes.atom").read_bytes()).bozo == 0
    stats = json.loads((first / "statistics.json").read_text())
    assert stats["designations"] == len(registry.select(reg, registry.Filters(as_of=dt.date.fromisoformat(reg.package.created))))


def test_release_delta_lists_added_modified_removed(small, tmp_path):
    reg = registry.load(small)
    publish(reg, tmp_path / "v1")
    changed = tmp_path / "data2"
    make_small_data(changed)
    rows = list(csv.DictReader(io.StringIO((changed / "designations.csv").read_text(encoding="utf-8"))))
    header = list(rows[0])
    removed, modified = rows[0]["id"], rows[1]["id"]
    rows[1]["notes"] = "corrected note"
    added = dict(rows[2], id="added-designation-1")
    rows = [*rows[1:], added]
    buf = io.StringIO()
    w = csv.DictWriter(buf, header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (changed / "designations.csv").write_text(buf.getvalue(), encoding="utf-8")
    publish(registry.load(changed), tmp_path / "v2", previous=tmp_path / "v1")
    delta = [json.loads(line) for line in (tmp_path / "v2" / "delta.json").read_text().splitlines()]
    ops = {d["id"]: d["op"] for d in delta}
    assert ops == {removed: "DEL", modified: "MOD", "added-designation-1": "ADD"}
    assert next(d for d in delta if d["id"] == modified)["changes"] == [{"field": "notes", "old": next(r for r in csv.DictReader(io.StringIO((small / "designations.csv").read_text(encoding="utf-8"))) if r["id"] == modified)["notes"], "new": "corrected note"}]
    releases = json.loads((tmp_path / "v2" / "releases.json").read_text())["releases"]
    assert releases[0]["delta"] == "delta.json"
    feed = (tmp_path / "v2" / "changes.atom").read_text()
    assert f":designation:{modified}:corrected:" in feed


def test_publish_refuses_the_data_directory_and_foreign_directories(small, tmp_path):
    from registry.publish import PublishError

    reg = registry.load(small)
    with pytest.raises(PublishError, match="data directory"):
        publish(reg, small)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine")
    with pytest.raises(PublishError, match="not empty"):
        publish(reg, busy)
    assert (busy / "keep.txt").read_text() == "mine"


# ---------------------------------------------------------------- citations


@pytest.mark.parametrize("fmt", cite.CITATION_FORMATS)
def test_citations_carry_version_date_and_permalink(fmt):
    text = cite.citation(title="Meduza {x} & 100%", version="0.2.0", created="2026-11-27", url="https://example.org/outlet?outlet=meduza", accessed=dt.date(2026, 11, 29), fmt=fmt)
    assert "0.2.0" in text and "https://example.org/outlet?outlet=meduza" in text.replace("\\_", "_")
    if fmt == "csl":
        item = json.loads(text)[0]
        assert (item["type"], item["version"], item["issued"]["date-parts"]) == ("dataset", "0.2.0", [[2026, 11, 27]])
    if fmt == "bibtex":
        assert text.count("{") == text.count("}") and "\\{x\\}" in text and "\\&" in text and "\\%" in text


def test_citation_refuses_other_schemes():
    with pytest.raises(ValueError, match="http"):
        cite.citation(title="t", version="1", created="2026-01-01", url="javascript:alert(1)", accessed=dt.date(2026, 1, 1))


# ---------------------------------------------------------------- the documented examples, run


def _doc_commands() -> list[str]:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", text, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip().startswith("curl ")]


@pytest.fixture(scope="module")
def docs_server(tmp_path_factory):
    """A server on a copy of the real data/, as the documentation's examples assume."""
    copy = tmp_path_factory.mktemp("docs") / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns(".*", "*.part", "*~"))
    with streamlit_server(copy) as srv:
        yield srv


def test_the_documented_curl_examples_run(docs_server):
    commands = _doc_commands()
    assert len(commands) >= 7
    for command in commands:
        argv = [a.replace("http://localhost:8501", docs_server.url) for a in shlex.split(command)]
        done = subprocess.run([*argv, "--max-time", "30", "-w", "\n%{http_code}"], capture_output=True, timeout=60, check=False)
        assert done.returncode == 0, (command, done.stderr)
        body, _, code = done.stdout.decode("utf-8").rpartition("\n")
        assert body.strip(), command
        if "since=2024-1-5" in command:
            assert code == "400" and json.loads(body)["parameter"] == "since"
            continue
        assert code == "200", (command, body[:300])
        if "format=csv" in command:
            assert body.startswith("\ufeffdesignation_id,")
        elif "format=ndjson" in command:
            assert all(json.loads(line)["designation_id"] for line in body.splitlines())
        elif "/feeds/" in command:
            assert "<feed" in body
        else:
            json.loads(body)


@pytest.mark.e2e
def test_embed_view_renders_without_the_sidebar(docs_server, browser):
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(f"{docs_server.url}/explore?jurisdiction=RU&embed=true&sidebar=collapsed")
        wait_rendered(page)
        sidebar = page.get_by_test_id("stSidebar")
        assert sidebar.count() == 0 or sidebar.get_attribute("aria-expanded") == "false" or not sidebar.is_visible()
        assert page.get_by_role("heading", name="Explore designations").is_visible()
        assert int(page.get_by_test_id("stMain").locator("table[role=grid]").first.get_attribute("aria-rowcount")) > 1
        page.goto(f"{docs_server.url}/explore?jurisdiction=RU")
        wait_rendered(page)
        assert page.get_by_test_id("stSidebar").is_visible()
        page.get_by_text("Link, cite or embed this view").click()
        page.get_by_role("tab", name="Embed").click()
        snippet = page.locator("code").filter(has_text="<iframe").first.inner_text()
        assert "embed=true" in snippet and "sidebar=collapsed" in snippet and "jurisdiction=RU" in snippet
    finally:
        page.close()


def test_api_says_how_current_its_registers_are(server, small):
    """Status past a register's complete-to date is said in the API's metadata, as on the pages."""
    from registry import registers

    reg = registry.load(small)
    status, _, body = get(server, "/api/designations?as_of=2025-01-01&limit=1")
    currency = json.loads(body)["meta"]["currency"]
    expected = registers.beyond_coverage(reg, registry.Filters(as_of=dt.date(2025, 1, 1)))
    assert status == 200 and [c["statement"] for c in currency] == [n.sentence for n in expected] and currency
    _, _, body = get(server, "/api/meta")
    table = json.loads(body)["registers"]
    assert {r["register"] for r in table} == set(reg.tables["registers"]["id"])
    assert all({"copy_date", "complete_to", "newest_entry", "provisional"} <= set(r) for r in table)
