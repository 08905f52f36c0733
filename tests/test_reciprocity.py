"""registry.reciprocity: measure-and-answer pairs, kept by the sidebar's filters, and their downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest

import registry
from registry import reciprocity
from registry.export import table_bytes


def ids(pairs) -> list[tuple[str, str]]:
    return list(zip(pairs["measure_designation_id"], pairs["answer_designation_id"]))


@pytest.mark.parametrize(("filters", "kept"), [
    (None, True),
    (registry.Filters(), True),
    (registry.Filters(jurisdictions=("RU",)), True),  # the answer is Russia's
    (registry.Filters(jurisdictions=("US",)), True),  # the measure is the US's
    (registry.Filters(jurisdictions=("EU",)), False),
    (registry.Filters(q="Western Radio"), True),  # the answer's outlet
    (registry.Filters(q="State TV"), True),  # the measure's outlet, by its brand's name
    (registry.Filters(q="North Wind"), False),
    (registry.Filters(as_of=dt.date(2017, 11, 30)), True),  # only the measure had started
    (registry.Filters(as_of=dt.date(2017, 11, 1)), False),  # neither had
    (registry.Filters(status="ended", as_of=dt.date(2024, 2, 2)), True),  # the FARA registration ended in 2022
])  # fmt: skip
def test_a_pair_is_kept_when_its_measure_or_its_answer_matches(small_reg, filters, kept):
    pairs = reciprocity.measure_and_answer(small_reg, filters)
    assert ids(pairs) == ([("us-fara-6485", "ru-fa-4")] if kept else [])


def test_pairs_name_outlets_as_readers_know_them(small_reg):
    pairs = reciprocity.measure_and_answer(small_reg)
    assert pairs.loc[0, "measure_outlet_label"] == "State TV International (State TV Productions LLC)"
    assert pairs.loc[0, "measure_outlet_id"] == "state-tv-usa"  # the profile opened is the entity the measure names
    assert pairs.loc[0, "answer_outlet_label"] == "Western Radio"


def test_the_download_holds_the_pairs_with_codes_and_no_formula_cells(small_reg):
    pairs = reciprocity.measure_and_answer(small_reg).copy()
    pairs.loc[0, "answer_outlet_label"] = "=HYPERLINK(\"http://x\")"
    frame = reciprocity.export_frame(pairs)
    assert list(frame.columns) == reciprocity.EXPORT_COLUMNS
    rows = list(csv.DictReader(io.StringIO(table_bytes(frame, "csv").decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["measure_jurisdiction"] == "US" and rows[0]["answer_designation"] == "foreign_agent"  # codes, as every download
    assert rows[0]["measure_start_date"] == "2017-11-10" and rows[0]["days_later"] == "25"
    assert rows[0]["answer_outlet_label"] == "'=HYPERLINK(\"http://x\")"  # defused
    book = openpyxl.load_workbook(io.BytesIO(table_bytes(frame, "xlsx", {"dataset": "x"}, name="measure_and_answer")))
    sheet = book["measure_and_answer"]
    assert [c.value for c in sheet[1]] == reciprocity.EXPORT_COLUMNS
    cell = sheet.cell(2, reciprocity.EXPORT_COLUMNS.index("answer_outlet_label") + 1)
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\")"  # text, never a formula
    document = json.loads(table_bytes(frame, "json", {"dataset": "x"}, name="measure_and_answer"))
    assert document["measure_and_answer"][0]["days_later"] == 25 and document["about"] == {"dataset": "x"}


def test_a_table_download_names_a_format_it_cannot_make(small_reg):
    with pytest.raises(ValueError, match="format: 'parquet' is not one of csv, xlsx, json"):
        table_bytes(reciprocity.export_frame(reciprocity.measure_and_answer(small_reg)), "parquet")
