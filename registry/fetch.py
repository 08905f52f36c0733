"""Downloading an official publication: ``registry fetch SOURCE [--output FILE]``.

Each importer declares its ``PUBLICATION`` (``registry.importers.base.Publication``): the publisher's
address, the file's suffix, the media types it may come as, and whether it sits behind a page link or
inside a zip archive. ``fetch`` downloads it with a timeout and a size limit, refuses an HTML page
where a file is expected, a truncated body, a damaged archive, and then reads the file with the
importer itself: a file is written to ``output`` only if the importer accepts it.

``url`` replaces the publisher's address, for tests and mirrors only (the CLI's ``--url``).
Every failure is a ``FetchError`` whose message names the source and the address.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from http.client import HTTPException, IncompleteRead
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from registry import importers
from registry.errors import RegistryError
from registry.importers.base import ImportFormatError, Publication
from registry.output import write_file
from registry.paths import data_dir

TIMEOUT = 60.0
USER_AGENT = "media-freedom-registry (registry fetch)"
HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(RegistryError):
    """The publication could not be downloaded, or is not the file the importer reads."""


@dataclass(frozen=True)
class Fetched:
    source: str
    url: str  # where the file came from (after a page link)
    path: Path
    size: int
    entries: int  # what the importer read


def _http_url(url: str, what: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{what}: {url[:200]!r} is not an http(s) address")
    return url


def _get(url: str, *, timeout: float, max_bytes: int, source: str) -> tuple[bytes, str]:
    """The body and media type at url; FetchError on anything but a whole, not too large, 200 answer."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) checked by the caller)
            _http_url(response.geturl(), f"{source}: redirected")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{source}: {url}: {int(declared):,} bytes announced, over the limit of {max_bytes:,}")
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise FetchError(f"{source}: {url}: more than {max_bytes:,} bytes, over the limit")
            if declared and declared.isdigit() and len(body) != int(declared):
                raise FetchError(f"{source}: {url}: truncated download ({len(body):,} of {int(declared):,} bytes)")
            media = (response.headers.get_content_type() or "").lower()
            return body, media
    except urllib.error.HTTPError as e:
        raise FetchError(f"{source}: {url}: the server answered HTTP {e.code} {e.reason}") from None
    except IncompleteRead as e:
        raise FetchError(f"{source}: {url}: truncated download ({len(e.partial):,} bytes received, the connection closed early)") from None
    except TimeoutError:
        raise FetchError(f"{source}: {url}: no answer within {timeout:g} s") from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(f"{source}: {url}: no answer within {timeout:g} s") from None
        raise FetchError(f"{source}: {url}: cannot connect ({reason})") from None
    except (HTTPException, ConnectionError, OSError) as e:
        raise FetchError(f"{source}: {url}: the download failed ({type(e).__name__}: {e})") from None


def _linked_file(page: bytes, page_url: str, pub: Publication, source: str) -> str:
    text = page.decode("utf-8", errors="replace")
    m = re.search(pub.link_pattern, text, flags=re.IGNORECASE)
    if not m:
        raise FetchError(f"{source}: {page_url}: the page links to no {pub.suffix} file (the publisher may have changed the page)")
    return _http_url(urljoin(page_url, m.group(1)), f"{source}: the page's link")


def _unzip(body: bytes, url: str, member: str, source: str, max_bytes: int) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = archive.namelist()
            if member not in names:
                raise FetchError(f"{source}: {url}: the archive holds {names[:5]}, not {member}")
            if archive.getinfo(member).file_size > max_bytes:
                raise FetchError(f"{source}: {url}: {member} is over the limit of {max_bytes:,} bytes")
            return archive.read(member)
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as e:
        raise FetchError(f"{source}: {url}: not a readable zip archive, truncated or damaged ({e})") from None


def fetch(
    source: str,
    output: str | os.PathLike[str] | None = None,
    *,
    url: str | None = None,
    timeout: float = TIMEOUT,
    max_bytes: int | None = None,
    expected_rows: tuple[int, int] | None = None,
) -> Fetched:
    """Download SOURCE's publication, check it, read it with the importer, then write it to output."""
    module = importers.get(source)
    pub: Publication = module.PUBLICATION
    if not url and pub.unavailable:
        raise FetchError(f"{source}: nothing to download: {pub.unavailable}")
    address = _http_url(url or pub.url, f"{source}: the address")
    limit = max_bytes or pub.max_bytes
    body, media = _get(address, timeout=timeout, max_bytes=limit, source=source)
    if media in HTML_TYPES or body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        if not pub.link_pattern:
            raise FetchError(f"{source}: {address}: the server sent an HTML page, not the {pub.zip_member or pub.suffix} file")
        address = _linked_file(body, address, pub, source)
        body, media = _get(address, timeout=timeout, max_bytes=limit, source=source)
        if media in HTML_TYPES:
            raise FetchError(f"{source}: {address}: the page's link leads to another HTML page, not a {pub.suffix} file")
    if pub.content_types and media not in pub.content_types:
        raise FetchError(f"{source}: {address}: served as {media or 'no media type'}, expected {' or '.join(pub.content_types)}")
    if pub.zip_member:
        body = _unzip(body, address, pub.zip_member, source, limit)
    elif pub.suffix == ".xlsx" and not body.startswith(b"PK\x03\x04"):
        raise FetchError(f"{source}: {address}: not an Excel .xlsx file (it does not start like one)")

    target = Path(output) if output else Path("downloads") / f"{source}-{dt.date.today()}{pub.suffix}"
    if not output:
        target.parent.mkdir(parents=True, exist_ok=True)
    # read it with the importer first, from a private temp file; only a readable file is written
    with tempfile.TemporaryDirectory(prefix="registry-fetch-") as tmpdir:
        tmp = Path(tmpdir) / f"download{pub.suffix}"
        tmp.write_bytes(body)
        try:
            parsed = module.parse(tmp, expected_rows=expected_rows)
        except ImportFormatError as e:
            raise FetchError(f"{source}: {address}: downloaded, but not the file the importer reads: {e.detail}") from None
    write_file(target, body, protect=[data_dir()])  # the one output writer: regular files only, never into the data
    return Fetched(source, address, target, len(body), len(parsed))
