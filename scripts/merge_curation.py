"""Merge curators' staging directories into a data directory, by primary key.

A staging directory holds CSV files named like the data package's tables (outlets.csv,
designations.csv, sources.csv, laws.csv, countries.csv, designation_types.csv), with the same
header as the table, holding only new rows or whole replacement rows (same key). Rows are merged
by the table's primary key; a key present in two staging directories with different contents is a
conflict and nothing is written. The merged tables are written to OUT (a copy of DATA), sorted by
key, and OUT is validated with `registry validate`.

    python scripts/merge_curation.py --data data --out /tmp/merged STAGING [STAGING ...]
    python scripts/merge_curation.py --data data --out data STAGING ...   # merge in place

Columns missing from a staging file are left blank; columns the table does not have are refused.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from registry.schema import read_package


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def merge(data: Path, out: Path, stagings: list[Path]) -> list[str]:
    pkg = read_package(data)
    problems: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="merge-"))
    shutil.copytree(data, work, dirs_exist_ok=True)
    for res in pkg.resources.values():
        key = res.primary_key or (res.field_names[0],)
        header, base = _read(work / res.path)
        rows = {tuple(r[k] for k in key): r for r in base}
        origin: dict[tuple, tuple[Path, dict]] = {}
        replaced = added = 0
        for st in stagings:
            p = st / res.path
            if not p.exists():
                continue
            st_header, st_rows = _read(p)
            extra = [c for c in st_header if c not in header]
            if extra:
                problems.append(f"{p}: columns not in table {res.name}: {extra}")
                continue
            for n, r in enumerate(st_rows, start=2):
                full = {c: (r.get(c) or "").strip() for c in header}
                k = tuple(full[c] for c in key)
                if not all(k):
                    problems.append(f"{p}:{n}: empty key {key}")
                    continue
                if k in origin and origin[k][1] != full:
                    problems.append(f"{p}:{n}: key {k} also in {origin[k][0]} with other contents")
                    continue
                origin[k] = (p, full)
                if k in rows:
                    replaced += rows[k] != full
                else:
                    added += 1
                rows[k] = full
        if not (added or replaced):
            continue  # untouched tables keep their bytes
        print(f"{res.name}: {added} added, {replaced} replaced")
        keys = [tuple(r[k] for k in key) for r in base]
        # a table kept sorted by its key stays sorted; any other keeps its order, new rows at the end
        order = sorted(rows) if keys == sorted(keys) else keys + [k for k in rows if k not in set(keys)]
        with (work / res.path).open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
            w.writeheader()
            for k in order:
                w.writerow(rows[k])
    if problems:
        shutil.rmtree(work)
        return problems
    check = subprocess.run([sys.executable, "-m", "registry", "validate", "--data", str(work)], capture_output=True, text=True)
    print(check.stdout.strip() or check.stderr.strip())
    if check.returncode != 0:
        print(check.stderr.strip(), file=sys.stderr)
        problems.append(f"merged data does not validate (kept for inspection at {work})")
        return problems
    out.mkdir(parents=True, exist_ok=True)
    for res in pkg.resources.values():
        shutil.copyfile(work / res.path, out / res.path)
    if out.resolve() != data.resolve():
        shutil.copyfile(data / "datapackage.json", out / "datapackage.json")
    shutil.rmtree(work)
    return []


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("data"))
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("staging", type=Path, nargs="+")
    a = ap.parse_args()
    problems = merge(a.data, a.out, a.staging)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
