"""registry fetch against a local HTTP server on 127.0.0.1: the reference copies and the fixtures, and
broken answers (404, truncated, HTML instead of the file, too slow, too large, a damaged archive)."""

import io
import subprocess
import sys
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from registry import fetch
from registry.errors import RegistryError
from registry.importers import ru_minjust_foreign_agents, us_fara
from tests.support.data import reference_file

FIXTURES = Path(__file__).parent / "fixtures" / "importers"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FEW = (1, 50)


def zipped(name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buf.getvalue()


class Server:
    """Routes: path -> (status, content type, body, options); options: delay (s), short (bytes missing)."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str, bytes, dict]] = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                status, media, body, options = routes.get(self.path, (404, "text/plain", b"not found", {}))
                time.sleep(options.get("delay", 0))
                self.send_response(status)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) - options.get("short", 0)])
                self.wfile.flush()
                self.close_connection = True

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


def page_linking(href: str) -> bytes:
    return f'<!DOCTYPE html><html><body><a href="/other.pdf">x</a> <a href="{href}">Реестр (xlsx)</a></body></html>'.encode()


def test_the_foreign_agent_registry_is_found_through_its_page(server, tmp_path):
    data = (FIXTURES / "ru_minjust_foreign_agents.xlsx").read_bytes()
    server.routes["/reestr/"] = (200, "text/html; charset=utf-8", page_linking("/uploaded/files/reestr-2025.xlsx"), {})
    server.routes["/uploaded/files/reestr-2025.xlsx"] = (200, XLSX, data, {})
    done = fetch.fetch("ru_minjust_foreign_agents", tmp_path / "fa.xlsx", url=server.url("/reestr/"), expected_rows=FEW)
    assert done.url == server.url("/uploaded/files/reestr-2025.xlsx")
    assert (tmp_path / "fa.xlsx").read_bytes() == data and done.entries > 0


def test_fara_comes_zipped(server, tmp_path):
    data = (FIXTURES / "us_fara.csv").read_bytes()
    server.routes["/bulk.zip"] = (200, "application/zip", zipped("FARA_All_ForeignPrincipals.csv", data), {})
    done = fetch.fetch("us_fara", tmp_path / "fara.csv", url=server.url("/bulk.zip"), expected_rows=FEW)
    assert (tmp_path / "fara.csv").read_bytes() == data and done.entries > 0


def test_the_reference_copies_come_through_unchanged(server, tmp_path):
    fa = reference_file("ru-minjust-foreign-agents", "registry-2025-08-15.xlsx").read_bytes()
    fara = reference_file("us-fara", "FARA_All_ForeignPrincipals_2023-08-03.csv").read_bytes()
    server.routes["/fa.xlsx"] = (200, XLSX, fa, {})
    server.routes["/fara.zip"] = (200, "application/x-zip-compressed", zipped("FARA_All_ForeignPrincipals.csv", fara), {})
    assert fetch.fetch("ru_minjust_foreign_agents", tmp_path / "a.xlsx", url=server.url("/fa.xlsx")).entries == 1050
    assert (tmp_path / "a.xlsx").read_bytes() == fa
    fetch.fetch("us_fara", tmp_path / "b.csv", url=server.url("/fara.zip"))
    assert (tmp_path / "b.csv").read_bytes() == fara


XLSX_BYTES = (FIXTURES / "ru_minjust_foreign_agents.xlsx").read_bytes()
BROKEN = {
    "404": ("ru_minjust_foreign_agents", {}, "/missing.xlsx", "HTTP 404"),
    "truncated": ("ru_minjust_foreign_agents", {"/f.xlsx": (200, XLSX, XLSX_BYTES, {"short": 500})}, "/f.xlsx", "truncated download"),
    "html-instead-of-xlsx": ("us_fara", {"/f.zip": (200, "text/html", b"<!DOCTYPE html><html>Maintenance</html>", {})}, "/f.zip", "sent an HTML page"),
    "page-without-a-link": ("ru_minjust_foreign_agents", {"/p": (200, "text/html", b"<html><a href='/x.pdf'>x</a></html>", {})}, "/p", "links to no .xlsx file"),
    "link-to-another-page": ("ru_minjust_foreign_agents", {"/p": (200, "text/html", page_linking("/q.xlsx"), {}), "/q.xlsx": (200, "text/html", b"<html></html>", {})}, "/p", "another HTML page"),
    "xlsx-served-as-text": ("ru_minjust_foreign_agents", {"/f.xlsx": (200, "text/plain", XLSX_BYTES, {})}, "/f.xlsx", "served as text/plain"),
    "not-an-xlsx": ("ru_minjust_foreign_agents", {"/f.xlsx": (200, XLSX, b"%PDF-1.4 not a workbook", {})}, "/f.xlsx", "not an Excel .xlsx file"),
    "damaged-zip": ("us_fara", {"/f.zip": (200, "application/zip", zipped("FARA_All_ForeignPrincipals.csv", b"x" * 5000)[:-40], {})}, "/f.zip", "not a readable zip archive"),
    "zip-without-the-file": ("us_fara", {"/f.zip": (200, "application/zip", zipped("other.csv", b"a,b\n"), {})}, "/f.zip", "not FARA_All_ForeignPrincipals.csv"),
    "a-workbook-of-another-shape": ("ru_minjust_foreign_agents", {"/f.xlsx": (200, XLSX, zipped("[Content_Types].xml", b"<x/>"), {})}, "/f.xlsx", "not the file the importer reads"),
    "slow": ("ru_minjust_foreign_agents", {"/f.xlsx": (200, XLSX, XLSX_BYTES, {"delay": 2})}, "/f.xlsx", "no answer within 0.3 s"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_a_broken_answer_is_a_clear_error_and_writes_nothing(server, tmp_path, case):
    source, routes, path, words = BROKEN[case]
    server.routes.update(routes)
    out = tmp_path / "out"
    with pytest.raises(fetch.FetchError) as raised:
        fetch.fetch(source, out, url=server.url(path), timeout=0.3 if case == "slow" else 10, expected_rows=FEW)
    assert words in str(raised.value) and source in str(raised.value)
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary file left


def test_over_the_size_limit(server, tmp_path):
    server.routes["/f.xlsx"] = (200, XLSX, XLSX_BYTES, {})
    with pytest.raises(fetch.FetchError, match="over the limit of 1,000"):
        fetch.fetch("ru_minjust_foreign_agents", tmp_path / "f.xlsx", url=server.url("/f.xlsx"), max_bytes=1000)


def test_a_source_without_a_publication_says_why():
    with pytest.raises(fetch.FetchError, match="only as an HTML page"):
        fetch.fetch("ru_minjust_undesirable")


def test_the_publishers_addresses_are_declared_by_the_importers():
    assert ru_minjust_foreign_agents.PUBLICATION.url.startswith("https://minjust.gov.ru/")
    assert us_fara.PUBLICATION.url.startswith("https://efile.fara.gov/")


def cli(*args):
    return subprocess.run([sys.executable, "-m", "registry", "fetch", *args], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_cli_fetch(server, tmp_path):
    server.routes["/f.xlsx"] = (200, XLSX, XLSX_BYTES, {})
    out = tmp_path / "fa.xlsx"
    done = cli("ru_minjust_foreign_agents", "--url", server.url("/f.xlsx"), "--output", str(out), "--expected-rows", "1:50")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out) and "entries read by ru_minjust_foreign_agents" in done.stderr
    failed = cli("ru_minjust_foreign_agents", "--url", server.url("/nothing"), "--output", str(tmp_path / "x.xlsx"))
    assert failed.returncode == 1 and "HTTP 404" in failed.stderr and "Traceback" not in failed.stderr
    assert cli("ru_minjust_foreign_agents", "--timeout", "0").returncode == 2


def test_fetch_writes_through_the_one_output_writer(server, tmp_path, monkeypatch):
    """Never into the data directory, never replacing a link: the rules of registry.output."""
    server.routes["/f.xlsx"] = (200, XLSX, XLSX_BYTES, {})
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("REGISTRY_DATA", str(data))
    done = cli("ru_minjust_foreign_agents", "--url", server.url("/f.xlsx"), "--output", str(data / "x.xlsx"), "--expected-rows", "1:50")
    assert done.returncode == 2 and "data directory" in done.stderr and not (data / "x.xlsx").exists()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "link.xlsx").symlink_to(victim)
    done = cli("ru_minjust_foreign_agents", "--url", server.url("/f.xlsx"), "--output", str(tmp_path / "link.xlsx"), "--expected-rows", "1:50")
    assert done.returncode == 2 and "symbolic link" in done.stderr and victim.read_text() == "keep me"
    assert issubclass(fetch.FetchError, RegistryError)


def test_the_weekly_workflow_fetches_and_imports_every_downloadable_source():
    from registry import importers
    from tests.support.data import ROOT

    workflow = (ROOT / ".github" / "workflows" / "update.yml").read_text(encoding="utf-8")
    downloadable = [name for name, module in importers.SOURCES.items() if not module.PUBLICATION.unavailable]
    assert f"for source in {' '.join(downloadable)}; do" in workflow
    assert 'registry fetch "$source"' in workflow and "registry import" in workflow and "create-pull-request" in workflow
    assert "cron:" in workflow and "body-path: reports/pull-request.md" in workflow
