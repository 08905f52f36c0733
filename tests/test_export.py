"""Exports: same rows in four formats, CLI == API, safe in spreadsheets, exact where they should be."""

import datetime as dt
import io
import json
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

import registry
from registry import EXPORT_COLUMNS, Filters
from registry.export import export_filename
from tests.support.data import SMALL

AS_OF = dt.date(2024, 2, 2)


def read_back(data: bytes, fmt: str) -> pd.DataFrame:
    if fmt == "csv":
        return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    if fmt == "json":
        document = json.loads(data)
        records = document["designations"] if isinstance(document, dict) else document
        return pd.DataFrame(records).fillna("").astype(str)
    if fmt == "parquet":
        frame = pd.read_parquet(io.BytesIO(data))
    else:
        frame = pd.read_excel(io.BytesIO(data), sheet_name="designations", dtype=str, keep_default_na=False)
        return frame.map(lambda v: v[:10] if len(v) == 19 and v.endswith("00:00:00") else v)
    return frame.astype(object).where(frame.notna(), "").astype(str)


@pytest.mark.parametrize("fmt", sorted(registry.FORMATS))
def test_every_format_opens_in_pandas_with_the_same_rows(small_reg, fmt):
    rows = registry.select(small_reg, Filters(as_of=AS_OF))
    expected = read_back(registry.export_bytes(rows, "csv"), "csv")
    got = read_back(registry.export_bytes(rows, fmt, {"k": "v"}), fmt)
    assert list(got.columns) == EXPORT_COLUMNS
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=False)
    assert len(got) == len(rows) == 7


def test_csv_is_byte_stable(small_reg):
    """Golden file: a change in the export format shows up as a diff of this file."""
    rows = registry.select(small_reg, Filters(as_of=AS_OF))
    golden = SMALL / "expected_export_2024-02-02.csv"
    assert registry.export_bytes(rows, "csv") == golden.read_bytes()


def test_parquet_and_json_round_trip_exactly(small_reg):
    rows = registry.select(small_reg, Filters(as_of=AS_OF))
    parquet = pd.read_parquet(io.BytesIO(registry.export_bytes(rows, "parquet"))).set_index("designation_id")
    assert parquet.at["ru-und-10", "start_date"] == dt.date(2023, 1, 26)
    assert parquet.at["ru-und-10", "decision_date"] == dt.date(2023, 1, 20)
    assert parquet.at["ru-und-10", "outlet_name_native"] == "Северный ветер"
    assert parquet["end_date"].isna().sum() == 5
    records = {r["designation_id"]: r for r in json.loads(registry.export_bytes(rows, "json"))}
    assert records["ru-und-10"]["decision_ref"] == "№ 5" and records["ru-und-10"]["end_date"] is None
    assert records["ru-fa-2"]["end_date"] == "2023-11-10" and records["ru-fa-2"]["status"] == "ended"


def test_formula_cells_are_defused(small_reg, small_data):
    outlets = pd.read_csv(small_data / "outlets.csv", dtype=str, keep_default_na=False)
    outlets.loc[outlets["id"] == "north-wind", "name"] = '=HYPERLINK("http://evil.example","x")'
    outlets.loc[outlets["id"] == "north-wind", "aliases"] = "+1-555 | @SUM(A1)"
    outlets.to_csv(small_data / "outlets.csv", index=False)
    reg = registry.load(small_data)
    rows = registry.select(reg, Filters(q="north wind", as_of=AS_OF))
    csv_rows = pd.read_csv(io.BytesIO(registry.export_bytes(rows, "csv")), dtype=str, keep_default_na=False)
    und = csv_rows[csv_rows["designation_id"] == "ru-und-10"].iloc[0]
    assert und["outlet_name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert und["outlet_aliases"] == "'+1-555 | @SUM(A1)"
    book = openpyxl.load_workbook(io.BytesIO(registry.export_bytes(rows, "xlsx")))
    cells = [c for row in book["designations"].iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"], "a cell was written as a formula"
    assert '=HYPERLINK("http://evil.example","x")' in [c.value for c in cells]
    records = json.loads(registry.export_bytes(rows, "json"))
    assert records[0]["outlet_name"] == '=HYPERLINK("http://evil.example","x")'  # JSON stays exact


def test_xlsx_about_sheet(small_reg):
    f = Filters(jurisdictions=("RU",), designations=("foreign_agent",), as_of=AS_OF)
    rows = registry.select(small_reg, f)
    about = registry.export.about_sheet(small_reg, f, dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
    book = openpyxl.load_workbook(io.BytesIO(registry.export_bytes(rows, "xlsx", about)))
    info = {r[0].value: r[1].value for r in book["about"].iter_rows(min_row=2)}
    assert info["filter: jurisdictions"] == "RU"
    assert info["filter: as_of"] == "2024-02-02"
    assert info["dataset version"] == small_reg.version
    assert info["exported at (UTC)"] == "2026-01-02T03:04:05+00:00"
    assert "CC-BY-4.0" in info["licence"] and small_reg.version in info["how to cite"]


def test_about_says_which_registers_the_date_is_past(small_reg):
    """The About sheet, the JSON's "about" and the Parquet metadata carry one line per register behind the date."""
    import pyarrow.parquet as pq

    late = Filters(jurisdictions=("RU",), as_of=dt.date(2025, 1, 1))
    rows = registry.select(small_reg, late)
    about = registry.export.about_sheet(small_reg, late)
    assert about["currency"] == "Status on 2025-01-01 may miss listings and exclusions the data does not have yet:"
    assert about["currency: ru-undesirable"] == (
        'Example "undesirable" list: complete to 2024-01-31 from the official list; later listings from press reports, may be incomplete.'
    )
    assert "currency: ru-foreign-agents" not in about  # complete to 2025-08-15, after the date asked
    assert "currency: us-all" not in about  # not reached by the filters
    book = openpyxl.load_workbook(io.BytesIO(registry.export_bytes(rows, "xlsx", about)))
    sheet = {r[0].value: r[1].value for r in book["about"].iter_rows(min_row=2)}
    assert sheet["currency: ru-undesirable"] == about["currency: ru-undesirable"]
    assert json.loads(registry.export_bytes(rows, "json", about))["about"]["currency: ru-undesirable"] == about["currency: ru-undesirable"]
    meta = pq.read_schema(io.BytesIO(registry.export_bytes(rows, "parquet", about))).metadata
    assert json.loads(meta[b"about"])["currency: ru-undesirable"] == about["currency: ru-undesirable"]
    early = registry.export.about_sheet(small_reg, Filters(jurisdictions=("RU",), designations=("foreign_agent",), as_of=AS_OF))
    assert early["currency"] == "Every register reached by these filters is complete to 2024-02-02."
    assert not any(k.startswith("currency: ") for k in early)


def test_cli_export_warns_on_stderr_past_a_register(small_data):
    late = subprocess.run(
        [sys.executable, "-m", "registry", "export", "--data", str(small_data), "--format", "csv", "--as-of", "2025-01-01", "-o", "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "registry export: warning: Status on 2025-01-01 may miss listings" in late.stderr
    assert 'Example "undesirable" list: complete to 2024-01-31 from the official list' in late.stderr
    assert "Example EU measures: complete to 2022-03-02" in late.stderr
    assert "Example other measures" not in late.stderr  # a register with no designation says nothing
    early = subprocess.run(
        [sys.executable, "-m", "registry", "export", "--data", str(small_data), "--format", "csv", "--as-of", "2022-03-02", "-o", "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "warning" not in early.stderr


def test_filename_carries_filters_and_date():
    f = Filters(jurisdictions=("RU",), designations=("foreign_agent",), status="in_force", as_of=AS_OF, q="Медуза / x")
    assert export_filename(f, "xlsx") == "mfr_RU_foreign_agent_in_force_q-meduza-x_2024-02-02.xlsx"
    assert export_filename(Filters(as_of=AS_OF), "csv") == "mfr_2024-02-02.csv"


def run_cli(*args, check=True):
    result = subprocess.run([sys.executable, "-m", "registry", *args], capture_output=True)
    if check:
        assert result.returncode == 0, result.stderr.decode()
    return result


@pytest.mark.parametrize("fmt", sorted(registry.FORMATS))
def test_cli_and_api_give_the_same_rows(small_data, tmp_path, fmt):
    reg = registry.load(small_data)
    f = Filters(jurisdictions=("RU",), designations=("foreign_agent",), as_of=AS_OF, q="petrov")
    out = tmp_path / f"x.{fmt}"
    run_cli("export", "--format", fmt, "--data", str(small_data), "--jurisdiction", "RU", "--designation", "foreign_agent", "--as-of", "2024-02-02", "--q", "petrov", "--output", str(out))
    cli = read_back(out.read_bytes(), fmt)
    api = read_back(registry.export_bytes(registry.select(reg, f), fmt, {}), fmt)
    pd.testing.assert_frame_equal(cli, api)
    assert cli["designation_id"].tolist() == ["ru-fa-3", "ru-fa-2"]


def test_cli_writes_to_stdout(small_data):
    result = run_cli("export", "--data", str(small_data), "--status", "ended", "--as-of", "2024-02-02")
    frame = pd.read_csv(io.BytesIO(result.stdout), dtype=str)
    assert sorted(frame["designation_id"]) == ["ru-fa-2", "us-fara-6485"]


@pytest.mark.parametrize(
    "args, words",
    [
        (["--as-of", "2024-13-01"], "--as-of"),
        (["--since", "2024-01-01", "--until", "2023-01-01"], "since/until"),
        (["--jurisdiction", "XX"], "--jurisdiction"),
        (["--designation", "spy"], "--designation"),
        (["--status", "active"], "--status"),
        (["--format", "pdf"], "--format"),
    ],
)
def test_cli_rejects_bad_arguments_by_name(small_data, args, words):
    result = run_cli("export", "--data", str(small_data), *args, check=False)
    assert result.returncode != 0
    assert words in result.stderr.decode()


def test_cli_unwritable_output_leaves_nothing(small_data, tmp_path):
    target = tmp_path / "missing-dir" / "out.csv"
    result = run_cli("export", "--data", str(small_data), "--output", str(target), check=False)
    assert result.returncode == 2 and "--output" in result.stderr.decode()
    assert not target.parent.exists()
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run_cli("export", "--data", str(small_data), "--output", str(locked / "out.csv"), check=False)
        if result.returncode == 0:  # root ignores directory permissions
            assert (locked / "out.csv").exists()
        else:
            assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)
