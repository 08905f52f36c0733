"""A release bundle: a directory a static host can serve as it is, written byte for byte the same on
every run from the same data (dates come from the data package, never from the clock).

    OUTDIR/
      data/datapackage.json, data/*.csv the data package, with each table's bytes and sha256
      designations.{csv,xlsx,json,parquet,ftm.json}   every designation, status on the release date
      jurisdictions/<CODE>.{csv,ftm.json}             the same, one file per designating jurisdiction
      changes.atom                      the Atom feed (started, ended, corrected)
      delta.json                        one JSON line per designation added, modified or removed
                                        since the previous release (when one is given)
      releases.json                     the index of releases: this one and the previous ones
      statistics.json                   counts by jurisdiction, designation and status
      SHA256SUMS                        sha256 of every other file
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import pandas as pd

from registry import events, feed, ftm
from registry.errors import RegistryError
from registry.export import about_sheet, export_bytes
from registry.query import Filters, select
from registry.release_diff import DiffError, diff

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
OPS = {"added": "ADD", "relisted": "ADD", "ended": "MOD", "corrected": "MOD", "removed": "DEL"}


class PublishError(RegistryError):
    """The bundle cannot be written (the message names the path)."""


def _release_day(reg) -> dt.date:
    return dt.date.fromisoformat(reg.package.created) if reg.package.created else dt.date(2000, 1, 1)


def _stable_zip(data: bytes) -> bytes:
    """An XLSX (a zip) with fixed entry times and order, so the same workbook gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist()):
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(name)
            if name == "docProps/core.xml":  # openpyxl stamps created/modified with the clock
                body = _fixed_core(body)
            dst.writestr(info, body)
    return out.getvalue()


def _fixed_core(body: bytes) -> bytes:
    import re

    return re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)", rb"\g<1>2000-01-01T00:00:00Z\g<3>", body)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _files(reg, previous: Path | None) -> dict[str, bytes]:
    day = _release_day(reg)
    filters = Filters(as_of=day)
    rows = select(reg, filters)
    about = about_sheet(reg, filters, exported_at=dt.datetime.combine(day, dt.time(), dt.UTC))
    files: dict[str, bytes] = {}
    # the data package itself, with each table's size and checksum
    descriptor = json.loads((reg.data_dir / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        body = (reg.data_dir / res["path"]).read_bytes()
        files[f"data/{res['path']}"] = body
        res["bytes"] = len(body)
        res["hash"] = f"sha256:{_sha(body)}"
    files["data/datapackage.json"] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    for fmt in ("csv", "json", "parquet"):
        files[f"designations.{fmt}"] = export_bytes(rows, fmt, about)
    files["designations.xlsx"] = _stable_zip(export_bytes(rows, "xlsx", about))
    files["designations.ftm.json"] = ftm.ftm_bytes(reg, rows)
    for code in sorted(rows["jurisdiction"].astype(str).unique()):
        part = rows[rows["jurisdiction"].astype(str) == code]
        files[f"jurisdictions/{code}.csv"] = export_bytes(part, "csv", about)
        files[f"jurisdictions/{code}.ftm.json"] = ftm.ftm_bytes(reg, part)
    delta_lines, corrected = _delta(reg, previous)
    labels = dict(zip(reg.designation_types["code"], reg.designation_types["label"]))
    entries = feed.with_corrections(events.events(rows), corrected, day)
    files["changes.atom"] = feed.atom(
        entries,
        base_url=feed_base_url(),
        self_url=feed_base_url() + "/changes.atom",
        title=reg.package.title,
        version=reg.version,
        created=reg.package.created,
        labels=labels,
    )
    if delta_lines is not None:
        files["delta.json"] = "".join(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n" for d in delta_lines).encode("utf-8")
    files["statistics.json"] = (json.dumps(statistics(rows, reg, day), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    files["releases.json"] = _releases(reg, previous, files)
    return files


def feed_base_url() -> str:
    import os

    return os.environ.get("REGISTRY_PUBLIC_URL", "http://localhost:8501").rstrip("/")


def statistics(rows: pd.DataFrame, reg, day: dt.date) -> dict:
    return {
        "version": reg.version,
        "date": day.isoformat(),
        "designations": len(rows),
        "outlets": int(rows["outlet_id"].nunique()),
        "by_jurisdiction": dict(sorted(Counter(rows["jurisdiction"].astype(str)).items())),
        "by_designation": dict(sorted(Counter(rows["designation"].astype(str)).items())),
        "by_status": dict(sorted(Counter(rows["status"].astype(str)).items())),
    }


def _delta(reg, previous: Path | None) -> tuple[list[dict] | None, list[dict[str, str]]]:
    if previous is None:
        return None, []
    try:
        delta = diff(previous, reg.data_dir)
    except DiffError as e:
        raise PublishError(f"--previous {previous}: {e}") from None
    by_id: dict[str, dict] = {}
    for r in delta.records:
        did = str(r["id"])
        entry = by_id.setdefault(did, {"op": OPS[str(r["op"])], "id": did, "changes": []})
        if r["field"]:
            entry["changes"].append({"field": r["field"], "old": r["old"], "new": r["new"]})
    corrected = [
        {**delta.new.designations[did], "note": "corrected: " + ", ".join(c["field"] for c in line["changes"])}
        for did, line in sorted(by_id.items())
        if line["op"] == "MOD" and did in delta.new.designations
    ]
    for did, line in by_id.items():
        line["designation"] = delta.new.designations.get(did) or delta.old.designations.get(did)
    return [by_id[k] for k in sorted(by_id)], corrected


def _releases(reg, previous: Path | None, files: dict[str, bytes]) -> bytes:
    earlier: list[dict] = []
    if previous is not None:
        index = previous.parent / "releases.json" if not (previous / "releases.json").exists() else previous / "releases.json"
        if index.exists():
            try:
                earlier = [r for r in json.loads(index.read_text(encoding="utf-8")).get("releases", []) if r.get("version") != reg.version]
            except (ValueError, AttributeError) as e:
                raise PublishError(f"{index}: not a releases index: {e}") from None
    this = {
        "version": reg.version,
        "date": reg.package.created,
        "designations_sha256": _sha(files["designations.csv"]),
        "delta": "delta.json" if "delta.json" in files else None,
    }
    return (json.dumps({"releases": [this, *earlier]}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def publish(reg, outdir: str | Path, previous: str | Path | None = None) -> list[str]:
    """Write the bundle into `outdir` (made whole in a temp dir beside it, then moved in). Returns the file names."""
    out = Path(outdir)
    prev = Path(previous) if previous else None
    if prev is not None and (prev / "data").is_dir():
        prev = prev / "data"
    if prev is not None and prev.resolve() == out.resolve():
        raise PublishError(f"--previous {previous}: must not be the output directory")
    if reg.data_dir.resolve() == out.resolve() or out.resolve() in reg.data_dir.resolve().parents:
        raise PublishError(f"{out}: would overwrite the data directory")
    if out.exists() and not out.is_dir():
        raise PublishError(f"{out}: exists and is not a directory")
    if out.exists() and any(out.iterdir()) and not (out / "SHA256SUMS").exists():
        raise PublishError(f"{out}: not empty and not an earlier bundle; choose an empty or new directory")
    files = _files(reg, prev)
    sums = "".join(f"{_sha(files[name])}  {name}\n" for name in sorted(files))
    files["SHA256SUMS"] = sums.encode("ascii")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, body in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(files)
