"""No personal identifiers of individuals in data/: no dates of birth, tax or pension numbers, addresses."""

import csv
import re
import warnings

import pandas as pd
import pytest

from conftest import DATA, reference_file

FORBIDDEN_COLUMNS = re.compile(r"birth|dob|рожд|inn|инн|snils|снилс|ogrn|огрн|passport|паспорт|address|адрес", re.I)
PATTERNS = {
    "SNILS": re.compile(r"\b\d{3}-\d{3}-\d{3}[ -]\d{2}\b"),
    "INN or OGRN (10-15 digits)": re.compile(r"(?<![\d/])\d{10,15}(?![\d/])"),
    "date of birth": re.compile(r"(дата рождения|д\.\s?р\.|born on|date of birth)", re.I),
    "street address": re.compile(r"(\bул\.\s|\bулица\b|\bпр-т\b|\bпроспект\b|\bкв\.\s?\d|\bд\.\s?\d+)", re.I),
}


QUOTED_TITLE = re.compile(r"«[^»]*»")  # a title such as «Адвокатская улица» names a project, not a home


def data_cells():
    """(file, row, column, value, is_person) for every cell of data/."""
    for path in sorted(DATA.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            for n, row in enumerate(reader, start=2):
                record = dict(zip(header, row))
                is_person = path.name != "outlets.csv" or record.get("kind") == "journalist"
                for column, value in record.items():
                    yield path.name, n, column, value, is_person


def test_no_identifier_columns():
    for path in DATA.glob("*.csv"):
        header = next(csv.reader(path.open(encoding="utf-8")))
        assert not [c for c in header if FORBIDDEN_COLUMNS.search(c) and c != "domains"], (path.name, header)


def test_no_identifier_patterns_in_values():
    found = []
    for file, row, column, value, is_person in data_cells():
        if column in ("source_url", "url", "website", "domains"):  # links carry ids of pages, not of people
            continue
        for label, pattern in PATTERNS.items():
            if label in ("INN or OGRN (10-15 digits)", "street address") and not is_person:
                continue  # a company's registration number or a project named «… улица» is not a person's identifier
            if pattern.search(QUOTED_TITLE.sub("«»", value)):
                found.append(f"{file}, row {row}, column {column}: looks like a {label}: {value[:80]!r}")
    assert found == []


def test_the_guard_catches_identifiers():
    """The patterns above do fire on the identifiers the official registry prints."""
    for sample, label in [("112-468-205 27", "SNILS"), ("631625645264", "INN or OGRN (10-15 digits)"), ("г. Москва, ул. Тверская, д. 1", "street address")]:
        assert PATTERNS[label].search(sample), sample


def test_no_identifier_from_the_official_registry_is_in_the_data():
    """Cross-check with the real export: none of its INN, SNILS, OGRN or birth dates appear anywhere in data/."""
    path = reference_file("ru-minjust-foreign-agents", "registry-2025-08-15.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = pd.read_excel(path, header=2, dtype=str)
    personal = raw[raw.iloc[:, 6].fillna("").str.startswith("Физические")]
    secrets = set()
    for column in (8, 10, 11):  # INN, SNILS, date of birth
        secrets |= {v.strip() for v in personal.iloc[:, column].dropna() if len(v.strip()) >= 8}
    assert len(secrets) > 100, "the reference file no longer has the expected identifier columns"
    text = "\n".join((p.read_text(encoding="utf-8")) for p in DATA.glob("*.csv"))
    leaked = sorted(s for s in secrets if s in text)
    assert leaked == [], f"{len(leaked)} identifiers of individuals from the registry found in data/"
