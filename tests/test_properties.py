"""Properties of the query and export API over generated small registries (hypothesis).

Each example is a real data directory: generated outlets.csv and designations.csv beside the real
datapackage.json and vocabularies, loaded (and so validated) by registry.load. Kept small and few
(max_examples modest, no deadline) so the module runs in a few seconds.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import itertools
import json
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import registry
from registry.export import DATE_COLUMNS, EXPORT_COLUMNS, export_frame, undefuse
from registry.load import Registry
from registry.query import FACETS, Filters
from registry.search_keys import fold, matches
from tests.support.data import DATA

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
TODAY = dt.date(2026, 1, 1)
END = dt.date(2025, 12, 31)
JURISDICTIONS = ("RU", "US", "EU")
DESIGNATIONS = ("foreign_agent", "undesirable", "broadcast_ban")
KINDS = ("outlet", "company", "journalist")
COUNTRIES = ("LV", "RU", "US", None)
LAWS = tuple(pd.read_csv(DATA / "laws.csv", dtype=str)["id"][:2])


def _covered() -> tuple[tuple[str, str], ...]:
    """(jurisdiction, designation) pairs a register of the real registers.csv covers: a generated
    designation must validate (registers may cover only some of a jurisdiction's designations)."""
    regs = pd.read_csv(DATA / "registers.csv", dtype=str).fillna("")
    pairs = {(j, d) for j, codes in zip(regs["jurisdiction"], regs["designations"]) for d in DESIGNATIONS if codes == "*" or d in codes.split()}
    return tuple(sorted(p for p in pairs if p[0] in JURISDICTIONS))


COVERED = _covered()
WORKDIR = Path(tempfile.mkdtemp(prefix="mfr-properties-"))
_counter = itertools.count()

# Text people put in names and notes, with what spreadsheets and CSV parsers stumble on.
ALPHABET = st.sampled_from(list("abcXYZ Ёёжщыюя019,;\"'=+-@|<>&()[]*_#\n") + ["№", "«", "»", "é", "\t"])
TEXT = st.text(ALPHABET, min_size=1, max_size=12).map(str.strip).filter(bool)
DATES = st.dates(min_value=dt.date(2015, 1, 1), max_value=END)


@st.composite
def registries(draw) -> Registry:
    n_outlets = draw(st.integers(1, 6))
    outlets = []
    for i in range(n_outlets):
        outlets.append(
            {
                "id": f"o{i}",
                "name": draw(TEXT),
                "name_native": draw(st.one_of(st.just(""), TEXT)),
                "aliases": draw(st.one_of(st.just(""), TEXT)),
                "kind": draw(st.sampled_from(KINDS)),
                "parent_id": draw(st.sampled_from(["", *[f"o{j}" for j in range(i)]])),  # earlier ids only: no loops
                "country": draw(st.sampled_from(COUNTRIES)) or "",
                "source_url": "https://example.org/o",
                "notes": draw(st.one_of(st.just(""), TEXT)),
            }
        )
    designations = []
    for i in range(draw(st.integers(0, 10))):
        start = draw(DATES)
        end = draw(st.one_of(st.none(), st.integers(0, 2500).map(lambda d, s=start: s + dt.timedelta(days=d))))
        designations.append(
            {
                "id": f"d{i}",
                "outlet_id": f"o{draw(st.integers(0, n_outlets - 1))}",
                **dict(zip(("jurisdiction", "designation"), draw(st.sampled_from(COVERED)), strict=True)),
                "legal_basis": draw(st.sampled_from(LAWS)),
                "authority": draw(TEXT),
                "start_date": start.isoformat(),
                "end_date": end.isoformat() if end else "",
                "registry_ref": draw(st.one_of(st.just(""), TEXT)),
                "source_url": "https://example.org/d",
                "notes": draw(st.one_of(st.just(""), TEXT)),
            }
        )
    return write_and_load(outlets, designations)


def write_and_load(outlets: list[dict], designations: list[dict]) -> Registry:
    target = WORKDIR / f"r{next(_counter)}"
    target.mkdir()
    for path in [DATA / "datapackage.json", *DATA.glob("*.csv")]:
        if path.name not in ("outlets.csv", "designations.csv"):
            shutil.copy(path, target / path.name)  # the real vocabularies, whatever tables the package declares
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for resource, records in (("outlets", outlets), ("designations", designations)):
        fields = [f["name"] for f in next(r for r in package["resources"] if r["name"] == resource)["schema"]["fields"]]
        with (target / f"{resource}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fields, restval="", lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)
    return registry.load(target, today=TODAY)


@pytest.fixture(scope="module", autouse=True)
def _cleanup():
    yield
    shutil.rmtree(WORKDIR, ignore_errors=True)


def ids(rows: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(rows["designation_id"], rows["status"]))


def restricted(reg: Registry, rows: pd.DataFrame) -> Registry:
    """The same registry with only these designations: applying a second filter to a result."""
    keep = reg.designations[reg.designations["id"].isin(rows["designation_id"])]
    return Registry(reg.data_dir, reg.package, {**reg.tables, "designations": keep.reset_index(drop=True)})


# One value per filter field (since and until travel together); A and B take disjoint fields.
FIELDS = {
    "jurisdictions": st.lists(st.sampled_from(JURISDICTIONS), min_size=1, max_size=2, unique=True).map(tuple),
    "designations": st.lists(st.sampled_from(DESIGNATIONS), min_size=1, max_size=2, unique=True).map(tuple),
    "outlet_countries": st.lists(st.sampled_from(COUNTRIES[:3]), min_size=1, max_size=2, unique=True).map(tuple),
    "kinds": st.lists(st.sampled_from(KINDS), min_size=1, max_size=2, unique=True).map(tuple),
    "status": st.sampled_from(("in_force", "ended")),
    "range": st.tuples(DATES, DATES).map(sorted).map(lambda r: {"since": r[0], "until": r[1]}),
    "q": st.sampled_from(["a", "ж", "Ё", "o1", "x y", "=", "зх"]),
}


def as_kwargs(chosen: dict) -> dict:
    out = {}
    for name, value in chosen.items():
        out.update(value if name == "range" else {name: value})
    return out


@given(reg=registries(), chosen=st.fixed_dictionaries({}, optional=FIELDS), split=st.randoms(use_true_random=False), as_of=DATES)
@SETTINGS
def test_filters_commute(reg, chosen, split, as_of):
    names = sorted(chosen)
    split.shuffle(names)
    a = as_kwargs({n: chosen[n] for n in names[: len(names) // 2]})
    b = as_kwargs({n: chosen[n] for n in names[len(names) // 2 :]})
    fa, fb, both = Filters(**a, as_of=as_of), Filters(**b, as_of=as_of), Filters(**a, **b, as_of=as_of)
    a_then_b = registry.select(restricted(reg, registry.select(reg, fa)), fb)
    b_then_a = registry.select(restricted(reg, registry.select(reg, fb)), fa)
    assert ids(a_then_b) == ids(b_then_a) == ids(registry.select(reg, both))


@given(reg=registries(), picks=st.lists(st.integers(0, 10_000), min_size=1, max_size=6))
@SETTINGS
def test_in_force_over_time_agrees_with_status_on_each_date(reg, picks):
    rows = registry.select(reg, Filters(as_of=END))
    series = registry.in_force_over_time(rows, "month", end=END)
    if rows.empty:
        assert series.empty
        return
    by_jurisdiction = registry.in_force_over_time(rows, "month", by="jurisdiction", end=END).groupby("date")["in_force"].sum()
    for pick in picks:
        date, count = series.iloc[pick % len(series)][["date", "in_force"]]
        on_that_day = registry.select(reg, Filters(as_of=date.date()))
        assert count == (on_that_day["status"] == "in_force").sum(), date
        assert by_jurisdiction.get(date, 0) == count


@given(reg=registries(), chosen=st.fixed_dictionaries({}, optional=FIELDS), as_of=DATES)
@SETTINGS
def test_facet_counts_add_up(reg, chosen, as_of):
    f = Filters(**as_kwargs(chosen), as_of=as_of)
    for name, column in FACETS.items():
        counts = registry.facet_counts(reg, f, name)
        unfiltered = registry.select(reg, f.without(name))
        # Rows without a value (an outlet with no country) are in no bucket.
        assert counts.sum() + unfiltered[column].isna().sum() == len(unfiltered), name
        for value, n in counts.items():
            one = dataclasses.replace(f, **{name: value if name == "status" else (value,)})
            assert n == len(registry.select(reg, one)), (name, value)


@given(reg=registries(), chosen=st.fixed_dictionaries({}, optional=FIELDS), as_of=DATES)
@SETTINGS
def test_jurisdiction_summary_agrees_with_a_plain_groupby(reg, chosen, as_of):
    f = Filters(**as_kwargs(chosen), as_of=as_of)
    rows = registry.select(reg, f)
    summary = registry.jurisdiction_summary(reg, f)
    assert summary.table["designations"].sum() == len(rows)
    if rows.empty:
        assert summary.years == []
        return
    years = rows["start_date"].dt.year
    assert summary.years == list(range(years.min(), years.max() + 1))
    by = rows.assign(j=rows["jurisdiction"].astype(str), year=years).groupby("j")
    table = summary.table.set_index("jurisdiction")
    assert sorted(table.index) == sorted(by.groups)
    for code, group in by:
        got = table.loc[code]
        assert got["designations"] == len(group)
        assert got["in_force"] == (group["status"] == "in_force").sum()
        assert got["outlets"] == group["outlet_id"].nunique()
        assert (got["first"], got["latest"]) == (group["start_date"].min(), group["start_date"].max())
        counts = group["designation"].astype(str).value_counts()
        assert sorted(got["measures"]) == sorted(counts.index)
        assert [counts[m] for m in got["measures"]] == sorted(counts, reverse=True)  # most used first
        assert got["per_year"] == [int((group["year"] == y).sum()) for y in summary.years]


def read_csv(data: bytes) -> pd.DataFrame:
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for col in frame.columns:
        if col not in DATE_COLUMNS:
            frame[col] = frame[col].map(undefuse)  # the documented apostrophe, taken off again
    return frame


def read_xlsx(data: bytes) -> pd.DataFrame:
    sheet = openpyxl.load_workbook(io.BytesIO(data))["designations"]
    values = list(sheet.iter_rows(values_only=True))
    frame = pd.DataFrame(values[1:], columns=values[0], dtype=object)
    return frame.map(lambda v: "" if v is None else v.date().isoformat() if isinstance(v, dt.datetime) else v)


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """What every format must give back: text as text, dates as YYYY-MM-DD, missing as ''."""
    return frame.astype(object).map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else v.isoformat() if isinstance(v, dt.date) else v)


@given(reg=registries(), as_of=DATES)
@SETTINGS
def test_exports_read_back_as_exported(reg, as_of):
    rows = registry.select(reg, Filters(as_of=as_of))
    expected = as_text(export_frame(rows))
    back = {
        "csv": read_csv(registry.export_bytes(rows, "csv")),
        "xlsx": read_xlsx(registry.export_bytes(rows, "xlsx")),
        "json": as_text(pd.DataFrame(json.loads(registry.export_bytes(rows, "json")), columns=EXPORT_COLUMNS)),
        "parquet": as_text(pd.read_parquet(io.BytesIO(registry.export_bytes(rows, "parquet")))),
    }
    for fmt, frame in back.items():
        assert list(frame.columns) == EXPORT_COLUMNS, fmt
        pd.testing.assert_frame_equal(frame.reset_index(drop=True), expected, check_dtype=False, obj=fmt)
    # JSON and Parquet also keep missing apart from empty, and dates as dates.
    parquet = pd.read_parquet(io.BytesIO(registry.export_bytes(rows, "parquet")))
    assert parquet["end_date"].isna().tolist() == rows["end_date"].isna().tolist()


# Cyrillic letters and the spellings that romanisations use for them.
ROMAN = {
    "а": ["a"], "б": ["b"], "в": ["v"], "г": ["g"], "д": ["d"], "е": ["e"], "ж": ["zh"], "з": ["z"],
    "и": ["i"], "й": ["y", "i", "j"], "к": ["k"], "л": ["l"], "м": ["m"], "н": ["n"], "о": ["o"],
    "п": ["p"], "р": ["r"], "с": ["s"], "т": ["t"], "у": ["u"], "ф": ["f"], "х": ["kh", "h"],
    "ц": ["ts"], "ч": ["ch"], "ш": ["sh"], "щ": ["shch"], "ы": ["y", "i"], "ь": [""], "ъ": [""],
    "э": ["e"], "ю": ["yu", "iu", "ju"], "я": ["ya", "ia", "ja"],
}  # fmt: skip


@st.composite
def cyrillic_latin_pairs(draw) -> tuple[str, str]:
    words_cyr, words_lat = [], []
    for _ in range(draw(st.integers(1, 3))):
        letters = draw(st.lists(st.sampled_from(sorted(ROMAN)), min_size=1, max_size=8))
        if all(ROMAN[c] == [""] for c in letters):
            letters.append("а")
        spelled = [draw(st.sampled_from(ROMAN[c])) for c in letters]
        cyr = "".join(letters)
        lat = "".join(spelled)
        words_cyr.append(draw(st.sampled_from([cyr, cyr.upper(), cyr.capitalize()])))
        words_lat.append(draw(st.sampled_from([lat, lat.upper(), lat.capitalize()])))
    return " ".join(words_cyr), " ".join(words_lat)


@given(pair=cyrillic_latin_pairs())
@settings(max_examples=200, deadline=None, derandomize=True)
def test_search_is_case_and_script_insensitive(pair):
    cyr, lat = pair
    assert fold(cyr) == fold(lat)
    keys = pd.Series([fold(f"Outlet {lat} media"), fold(f"Outlet {cyr} media"), fold("Другое")], dtype="str")
    assert matches(keys, cyr).tolist()[:2] == [True, True]
    assert matches(keys, lat.swapcase()).tolist()[:2] == [True, True]


@given(text=st.text(max_size=30))
@settings(max_examples=200, deadline=None, derandomize=True)
def test_fold_is_idempotent(text):
    """A search key folded again is itself: the key and the folded query meet on one form."""
    assert fold(fold(text)) == fold(text)
