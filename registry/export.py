"""Exports: one row per designation, the same rows and columns in CSV, XLSX, JSON and Parquet.

CSV and XLSX are made safe to open in a spreadsheet (OWASP CSV injection): in CSV a text cell that
starts with = + - @ tab or carriage return gets a leading apostrophe; so does one whose first
non-blank character is one of these or a full-width/small lookalike (＝ ＋ － ＠), and one that already
starts with an apostrophe, so that removing exactly one leading apostrophe always gives the value
back. In XLSX every text cell is stored as text, never as a formula. JSON and Parquet keep every
value exactly.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import unicodedata
from pathlib import Path

import pandas as pd

from registry.output import write_file
from registry.search_keys import fold

EXPORT_COLUMNS = [
    "designation_id",
    "outlet_id",
    "outlet_name",
    "outlet_name_native",
    "outlet_aliases",
    "outlet_kind",
    "outlet_country",
    "outlet_parent_id",
    "jurisdiction",
    "designation",
    "legal_basis",
    "authority",
    "start_date",
    "end_date",
    "end_reason",
    "status",
    "registry_ref",
    "decision_date",
    "decision_ref",
    "source_url",
    "responds_to",
    "notes",
]
DATE_COLUMNS = ["start_date", "end_date", "decision_date"]
FORMATS = {  # the table of designations, one row each
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
}
# every file a reader or the CLI can ask for: the tables, and FollowTheMoney entities (registry.ftm),
# one JSON object per line, which also carry the outlets and parents the rows name
DOWNLOADS = {**FORMATS, "ftm": "application/x-ndjson"}
EXTENSIONS = {"ftm": "ftm.json"}
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def export_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The public export columns, in order; codes as plain text, dates as dates, blanks as missing."""
    out = rows.reindex(columns=EXPORT_COLUMNS).reset_index(drop=True)
    for col in EXPORT_COLUMNS:
        if col in DATE_COLUMNS:
            out[col] = pd.to_datetime(out[col]).dt.date
        else:
            out[col] = out[col].astype("str")
    return out


def _risky(text: str) -> bool:
    if text.startswith((*FORMULA_TRIGGERS, "'")):
        return True
    # Spreadsheets skip leading blanks, and some fold full-width or small forms (＝, ﹦) to ASCII.
    first = text.lstrip()[:1]
    return bool(first) and unicodedata.normalize("NFKC", first) in FORMULA_TRIGGERS


def defuse(value):
    """A text cell that a spreadsheet would run as a formula, prefixed so that it stays text.

    A value that starts with an apostrophe is prefixed too: undoing is then always "drop one
    leading apostrophe" (see `undefuse`).
    """
    if isinstance(value, str) and _risky(value):
        return "'" + value
    return value


def undefuse(value):
    """The value `defuse` was given: a CSV reader's way back to the exact text."""
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value


def _csv(frame: pd.DataFrame) -> bytes:
    safe = frame.copy()
    for col in safe.columns:
        if col not in DATE_COLUMNS:
            safe[col] = safe[col].map(defuse, na_action="ignore")
    # UTF-8 with a byte-order mark: Excel then reads Cyrillic correctly; pandas skips the mark.
    return safe.to_csv(index=False, lineterminator="\r\n", date_format="%Y-%m-%d").encode("utf-8-sig")


def _json(frame: pd.DataFrame, about: dict[str, str] | None = None, name: str = "designations") -> bytes:
    """A list of records; with ``about``, an object {"about": {...}, name: [...]}."""
    records = []
    for row in frame.itertuples(index=False):
        rec: dict[str, object] = {}
        for col, value in zip(frame.columns, row):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                rec[col] = None
            elif isinstance(value, dt.date):
                rec[col] = value.isoformat()
            else:
                rec[col] = value
        records.append(rec)
    document: object = records if about is None else {"about": about, name: records}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _parquet(frame: pd.DataFrame, about: dict[str, str] | None = None) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.date32() if c in DATE_COLUMNS else pa.string()) for c in frame.columns])
    if about:  # the About sheet's fields, as the file's key-value metadata (key "about", a JSON object)
        schema = schema.with_metadata({b"about": json.dumps(about, ensure_ascii=False).encode("utf-8")})
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def _xlsx(frame: pd.DataFrame, about: dict[str, str], name: str = "designations") -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = name
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append([None if (v is None or (not isinstance(v, str) and pd.isna(v))) else v for v in row])
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    for i, col in enumerate(frame.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, len(col) + 2))
    meta = wb.create_sheet("about")
    meta.append(["field", "value"])
    for key, value in about.items():
        meta.append([key, value])
        meta.cell(meta.max_row, 2).data_type = "s"
    meta.column_dimensions["A"].width = 22
    meta.column_dimensions["B"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_bytes(rows: pd.DataFrame, fmt: str, about: dict[str, str] | None = None, reg=None) -> bytes:
    """The rows of `select()` as a file in one of FORMATS. `about` goes to the XLSX's second sheet and
    the JSON/Parquet metadata; FtM needs `reg` (the outlets and laws the rows name)."""
    if fmt not in DOWNLOADS:
        raise ValueError(f"format: {fmt!r} is not one of {', '.join(DOWNLOADS)}")
    if fmt == "ftm":
        if reg is None:
            raise ValueError("format: ftm needs the registry (reg=...)")
        from registry.ftm import ftm_bytes

        return ftm_bytes(reg, rows)
    frame = export_frame(rows)
    if fmt == "csv":
        return _csv(frame)
    if fmt == "json":
        return _json(frame, about)
    if fmt == "parquet":
        return _parquet(frame, about)
    return _xlsx(frame, about or {})


TABLE_FORMATS = {fmt: FORMATS[fmt] for fmt in ("csv", "xlsx", "json")}  # any other table (table_bytes)


def table_bytes(frame: pd.DataFrame, fmt: str, about: dict[str, str] | None = None, name: str = "table") -> bytes:
    """Another table than the designations (e.g. registry.reciprocity.export_frame) as CSV, XLSX or JSON,
    by the same rules: no formula cells, Cyrillic readable in Excel; `name` is the XLSX sheet and JSON key."""
    if fmt not in TABLE_FORMATS:
        raise ValueError(f"format: {fmt!r} is not one of {', '.join(TABLE_FORMATS)}")
    if fmt == "csv":
        return _csv(frame)
    if fmt == "json":
        return _json(frame, about, name)
    return _xlsx(frame, about or {}, name)


def about_sheet(reg, filters, exported_at: dt.datetime | None = None) -> dict[str, str]:
    """What the XLSX's second sheet says: filters, how current the registers are for the date, dataset
    version, time of export, citation, licence."""
    from registry.registers import beyond_coverage, heading

    exported_at = exported_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    info = {f"filter: {k}": v for k, v in filters.describe().items()}
    notices = beyond_coverage(reg, filters)
    if notices:
        info["currency"] = heading(filters.date)
        info.update({f"currency: {n.register}": n.sentence for n in notices})
    else:
        info["currency"] = f"Every register reached by these filters is complete to {filters.date:%Y-%m-%d}."
    info.update(
        {
            "dataset": reg.package.title,
            "dataset version": reg.version,
            "dataset date": reg.package.created,
            "exported at (UTC)": exported_at.isoformat(),
            "how to cite": reg.package.cite(),
            "licence": f"{reg.package.license_name} ({reg.package.license_url})",
        }
    )
    return info


def export_filename(filters, fmt: str) -> str:
    """A file name that carries the filters and the date, e.g. mfr_RU_foreign_agent_in_force_2024-02-02.csv."""
    parts = ["mfr"]
    for value in (*filters.jurisdictions, *filters.designations, *filters.outlet_countries, *filters.kinds, filters.status or ""):
        if value:
            parts.append(value)
    if filters.q:
        parts.append("q-" + fold(filters.q))
    if filters.since:
        parts.append(f"since-{filters.since}")
    if filters.until:
        parts.append(f"until-{filters.until}")
    parts.append(filters.date.isoformat())
    name = "_".join(re.sub(r"[^A-Za-z0-9_.-]+", "-", p).strip("-") for p in parts if p)
    return f"{name[:150]}.{EXTENSIONS.get(fmt, fmt)}"


def write_export(
    rows: pd.DataFrame, fmt: str, path: str | os.PathLike[str], about: dict[str, str] | None = None, reg=None, *, protect=(), force: bool = False
) -> Path:
    """Write an export atomically (the file appears whole or not at all), by the rules of registry.output.

    `protect` names directories never written into (the data directory); OutputError says why not.
    """
    data = export_bytes(rows, fmt, about, reg=reg)
    return Path(write_file(path, data, protect=protect, force=force))
