"""HTTP routes beside the dashboard's pages, served by the same Streamlit server (st.App):
/api/designations, /api/outlets/{id}, /api/meta and /feeds/changes.atom.

The filter parameters are the dashboard's URL parameters (repeat a parameter for several values).
Every answer is computed by `registry` (the same rows as `registry export`); this module only reads
parameters, pages and writes responses. Errors are JSON with the parameter named: 400 for a bad or
unknown parameter, 404 for an unknown id. Responses carry an ETag made of the dataset version and the
request, so a client's cache is valid until the data changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import registry
from registry import events, feed, registers
from registry.dates import parse_date
from registry.export import export_bytes
from registry.params import FACETS, MAX_QUERY, PARAMS, STATUSES
from registry.query import Filters

# The dashboard's URL parameters (registry.params): the repeatable code filters, then the single ones.
FILTER_PARAMS = {f.name: f.field for f in FACETS}
CODE_COLUMNS = {f.name: f.column for f in FACETS}
SINGLE = tuple(p.name for p in PARAMS.values() if p.kind != "codes" and p.name in {f.name for f in dataclasses.fields(Filters)})
PAGING = ("format", "limit", "offset")
API_FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
CACHE_SECONDS = 300
HEADERS = {"X-Content-Type-Options": "nosniff", "Access-Control-Allow-Origin": "*"}


class BadParameter(Exception):
    def __init__(self, parameter: str, message: str, status: int = 400):
        super().__init__(message)
        self.parameter, self.message, self.status = parameter, message, status


def _registry() -> registry.Registry:
    from ui import cache  # the pages' own cached registry: one copy per server process

    return cache.load()


def _shown(value: str) -> str:
    return value[:40]


def read_filters(reg: registry.Registry, query, allowed: tuple[str, ...]) -> Filters:
    """Filters from a query string, or BadParameter naming the first bad parameter."""
    for name in query.keys():
        if name not in (*FILTER_PARAMS, *SINGLE, *allowed):
            raise BadParameter(name, f"unknown parameter {_shown(name)!r}; known: {', '.join((*FILTER_PARAMS, *SINGLE, *allowed))}")
    for name in (*SINGLE, *allowed):
        if len(query.getlist(name)) > 1:
            raise BadParameter(name, f"{name} is given {len(query.getlist(name))} times; give it once")
    codes = {}
    for name, field in FILTER_PARAMS.items():
        values = [v for v in query.getlist(name) if v != ""]
        known = set(reg.index.values(CODE_COLUMNS[name]))
        unknown = [v for v in values if v not in known]
        if unknown:
            raise BadParameter(name, f"unknown {name} value {_shown(unknown[0])!r}; known: {', '.join(sorted(known))}")
        codes[field] = tuple(dict.fromkeys(values))
    status = query.get("status") or None
    if status is not None and status not in STATUSES:
        raise BadParameter("status", f"status {_shown(status)!r} is not one of {', '.join(STATUSES)}")
    days: dict[str, dt.date | None] = {}
    for name in ("as_of", "since", "until"):
        text = query.get(name) or ""
        day = parse_date(text) if text else None
        if text and day is None:
            raise BadParameter(name, f"{name} {_shown(text)!r} is not a date written YYYY-MM-DD")
        days[name] = day
    q = query.get("q") or ""
    if len(q) > MAX_QUERY:
        raise BadParameter("q", f"q is {len(q)} characters long; at most {MAX_QUERY}")
    try:
        return Filters(**codes, status=status, q=q, **days)
    except ValueError as e:
        raise BadParameter(str(e).split(":")[0], str(e)) from None


def _int(query, name: str, default: int, low: int, high: int) -> int:
    text = query.get(name)
    if text is None or text == "":
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= 9) or not low <= int(text) <= high:
        raise BadParameter(name, f"{name} {_shown(text)!r} is not a whole number from {low} to {high}")
    return int(text)


def _etag(reg: registry.Registry, request: Request) -> str:
    key = f"{reg.version}|{reg.package.created}|{request.url.path}|{sorted(request.query_params.multi_items())}"
    return '"' + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + '"'


class NotModified(Exception):
    def __init__(self, tag: str):
        self.tag = tag


def _fresh_tag(reg: registry.Registry, request: Request) -> str:
    """The response's ETag; NotModified when the client already holds this answer (checked after the parameters)."""
    tag = _etag(reg, request)
    if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        raise NotModified(tag)
    return tag


def answers(handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """The rules every route shares: a bad parameter is a JSON 400 (404 for an unknown id) naming it,
    and a request whose If-None-Match holds the current ETag gets 304."""

    @functools.wraps(handler)
    def run(request: Request) -> Response:
        try:
            return handler(request)
        except BadParameter as e:
            return _error(e)
        except NotModified as e:
            return Response(status_code=304, headers={"ETag": e.tag, **HEADERS})

    return run


def _headers(tag: str, **extra: str) -> dict[str, str]:
    return {"ETag": tag, "Cache-Control": f"public, max-age={CACHE_SECONDS}", **HEADERS, **extra}


def _error(e: BadParameter) -> JSONResponse:
    return JSONResponse({"error": e.message, "parameter": e.parameter}, status_code=e.status, headers=HEADERS)


def meta(reg: registry.Registry) -> dict:
    p = reg.package
    return {
        "dataset": p.title,
        "version": reg.version,
        "created": p.created,
        "licence": {"name": p.license_name, "url": p.license_url},
        "citation": p.cite(),
        "parameters": [*FILTER_PARAMS, *SINGLE],
    }


def currency(reg: registry.Registry, filters: Filters) -> list[dict]:
    """The registers these filters reach that are not known to be complete to the filters' date, in plain words."""
    return [
        {"register": n.register, "complete_to": n.complete_to.isoformat() if n.complete_to else None, "statement": n.sentence}
        for n in registers.beyond_coverage(reg, filters)
    ]


def registers_table(reg: registry.Registry) -> list[dict]:
    """Every register with its copy date, complete-to date, newest entry and provisional entries."""
    table = registers.coverage_table(reg)
    return [{k: (None if _missing(v) else v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()} for row in table.to_dict("records")]


def _records(reg: registry.Registry, rows) -> list[dict]:
    return json.loads(export_bytes(rows, "json"))


def _page_links(request: Request, offset: int, limit: int, total: int) -> str:
    links = []
    base = [(k, v) for k, v in request.query_params.multi_items() if k not in ("offset", "limit")]
    for rel, start in (("next", offset + limit), ("prev", max(0, offset - limit))):
        if (rel == "next" and start < total) or (rel == "prev" and offset > 0):
            links.append(f'<{request.url.path}?{urlencode([*base, ("limit", str(limit)), ("offset", str(start))])}>; rel="{rel}"')
    return ", ".join(links)


@answers
def designations(request: Request) -> Response:
    reg = _registry()
    filters = read_filters(reg, request.query_params, PAGING)
    fmt = request.query_params.get("format") or "json"
    if fmt not in API_FORMATS:
        raise BadParameter("format", f"format {_shown(fmt)!r} is not one of {', '.join(API_FORMATS)}")
    limit = _int(request.query_params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _int(request.query_params, "offset", 0, 0, 10**9)
    tag = _fresh_tag(reg, request)
    rows = registry.select(reg, filters)
    total = len(rows)
    page = rows.iloc[offset : offset + limit]
    headers = _headers(tag, **{"X-Total-Count": str(total)})
    link = _page_links(request, offset, limit, total)
    if link:
        headers["Link"] = link
    if fmt == "csv":
        return Response(export_bytes(page, "csv"), media_type=API_FORMATS["csv"], headers=headers)
    records = _records(reg, page)
    if fmt == "ndjson":
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        return Response(body.encode("utf-8"), media_type=API_FORMATS["ndjson"], headers=headers)
    body = {
        "meta": {**meta(reg), "filters": filters.describe(), "currency": currency(reg, filters), "total": total, "limit": limit, "offset": offset},
        "data": records,
    }
    return JSONResponse(body, headers=headers)


@answers
def outlet(request: Request) -> Response:
    reg = _registry()
    outlet_id = request.path_params["outlet_id"]
    extra = [k for k in request.query_params.keys() if k != "as_of"]
    if extra:
        raise BadParameter(extra[0], f"unknown parameter {_shown(extra[0])!r}; known: as_of")
    text = request.query_params.get("as_of") or ""
    as_of = parse_date(text) if text else None
    if text and as_of is None:
        raise BadParameter("as_of", f"as_of {_shown(text)!r} is not a date written YYYY-MM-DD")
    if outlet_id not in set(reg.outlets["id"]):
        raise BadParameter("outlet_id", f"no outlet with id {_shown(outlet_id)!r}", status=404)
    tag = _fresh_tag(reg, request)
    prof = registry.outlet_profile(reg, outlet_id, as_of=as_of)

    def entity(row) -> dict:
        return {k: (None if _missing(v) else v) for k, v in row.items()}

    sources = reg.sources.set_index("url", drop=False)
    used = set(prof.designations["source_url"].dropna()) | set(prof.related_designations["source_url"].dropna())
    body = {
        "meta": meta(reg),
        "outlet": entity(prof.outlet.to_dict()),
        "parent": entity(prof.parent.to_dict()) if prof.parent is not None else None,
        "children": [entity(r) for r in prof.children.to_dict("records")],
        "designations": _records(reg, prof.designations),
        "related_designations": _records(reg, prof.related_designations),
        "sources": [entity(r) for r in sources[sources.index.isin(used)].to_dict("records")],
    }
    return JSONResponse(json.loads(json.dumps(body, default=str)), headers=_headers(tag))


def _missing(value) -> bool:
    import pandas as pd

    return value is None or (not isinstance(value, (str, list, dict)) and bool(pd.isna(value)))


@answers
def api_meta(request: Request) -> Response:
    reg = _registry()
    if request.query_params:
        name = next(iter(request.query_params.keys()))
        raise BadParameter(name, f"unknown parameter {_shown(name)!r}; /api/meta takes none")
    tag = _fresh_tag(reg, request)
    rows = registry.select(reg)
    body = {
        **meta(reg),
        "designations": len(rows),
        "outlets": int(rows["outlet_id"].nunique()),
        "jurisdictions": sorted(rows["jurisdiction"].astype(str).unique()),
        "registers": registers_table(reg),
    }
    return JSONResponse(body, headers=_headers(tag))


@answers
def changes_feed(request: Request) -> Response:
    reg = _registry()
    filters = read_filters(reg, request.query_params, ())
    tag = _fresh_tag(reg, request)
    rows = registry.select(reg, filters)
    labels = dict(zip(reg.designation_types["code"], reg.designation_types["label"]))
    base = feed_base()
    query = urlencode(request.query_params.multi_items())
    body = feed.atom(
        events.events(rows, until=filters.date),
        base_url=base,
        self_url=f"{base}/feeds/changes.atom" + (f"?{query}" if query else ""),
        title=reg.package.title,
        version=reg.version,
        created=reg.package.created,
        labels=labels,
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8", headers=_headers(tag))


def feed_base() -> str:
    from registry.publish import feed_base_url

    return feed_base_url()


def routes() -> list[Route]:
    return [
        Route("/api/designations", designations, methods=["GET"]),
        Route("/api/outlets/{outlet_id}", outlet, methods=["GET"]),
        Route("/api/meta", api_meta, methods=["GET"]),
        Route("/feeds/changes.atom", changes_feed, methods=["GET"]),
    ]


__all__ = ["BadParameter", "read_filters", "routes"]
