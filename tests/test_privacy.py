"""No personal identifiers of individuals in data/: no dates of birth, tax or pension numbers, addresses."""

import csv
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

from tests.support.data import DATA, reference_file

FORBIDDEN_COLUMNS = re.compile(r"birth|dob|рожд|inn|инн|snils|снилс|ogrn|огрн|passport|паспорт|address|адрес", re.I)
PATTERNS = {
    "SNILS": re.compile(r"\b\d{3}-\d{3}-\d{3}[ -]\d{2}\b"),
    "INN or OGRN (10-15 digits)": re.compile(r"(?<![\d/])\d{10,15}(?![\d/])"),
    "date of birth": re.compile(r"(дата рождения|года? рождения|д\.\s?р\.|\bг\.\s?р\.|родил(?:ся|ась)\s|born on|\bborn \d|date of birth|\bDOB\b)", re.I),
    "passport number": re.compile(r"(паспорт\w*\s*(?:серии\s*)?\d{2}\s?\d{2}\s*(?:№\s*)?\d{6}|passport\s*(?:no\.?|number)?\s*\d)", re.I),
    "street address": re.compile(r"(\bул\.\s|\bулица\b|\bпр-т\b|\bпроспект\b|\bкв\.\s?\d|\bд\.\s?\d+)", re.I),
}


QUOTED_TITLE = re.compile(r"«[^»]*»")  # a title such as «Адвокатская улица» names a project, not a home
LINK = re.compile(r"https?://\S+")  # a link quoted in notes carries the id of a page, not of a person


def data_cells(data_dir: Path = DATA):
    """(file, row, column, value, is_person) for every cell of a data directory (default data/)."""
    for path in sorted(data_dir.glob("*.csv")):
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


def identifier_findings(data_dir: Path = DATA) -> list[str]:
    """The guard: every cell of a data directory that looks like a personal identifier ("file, row, column: ...")."""
    found = []
    for path in sorted(data_dir.glob("*.csv")):
        header = next(csv.reader(path.open(encoding="utf-8")), [])
        found += [f"{path.name}, row 1, column {c}: an identifier column" for c in header if FORBIDDEN_COLUMNS.search(c) and c != "domains"]
    for file, row, column, value, is_person in data_cells(data_dir):
        if column in ("source_url", "url", "website", "domains"):  # links carry ids of pages, not of people
            continue
        for label, pattern in PATTERNS.items():
            if label in ("INN or OGRN (10-15 digits)", "street address") and not is_person:
                continue  # a company's registration number or a project named «… улица» is not a person's identifier
            if pattern.search(LINK.sub("<link>", QUOTED_TITLE.sub("«»", value))):
                found.append(f"{file}, row {row}, column {column}: looks like a {label}: {value[:80]!r}")
    return found


def test_no_identifier_patterns_in_values():
    found = identifier_findings()
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


def _edit(path: Path, row_id: str, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[[r[0] for r in rows].index(row_id)][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


JOURNALIST = "ivan-petrov"  # tests/fixtures/small: a person
POISON = {
    # id: (file, row id, column, injected text, label the guard must report)
    "snils-in-notes": ("outlets.csv", JOURNALIST, "notes", "СНИЛС 112-468-205 27", "SNILS"),
    "snils-with-hyphens-only": ("designations.csv", "ru-fa-2", "notes", "pension no. 112-468-205-27", "SNILS"),
    "inn-in-aliases": ("outlets.csv", JOURNALIST, "aliases", "Ivan Petrov | ИНН 631625645264", "INN or OGRN"),
    "bare-inn-in-notes": ("outlets.csv", JOURNALIST, "notes", "631625645264", "INN or OGRN"),
    "birth-date-russian": ("outlets.csv", JOURNALIST, "notes", "дата рождения 06.06.1976", "date of birth"),
    "birth-year-abbreviated": ("outlets.csv", JOURNALIST, "notes", "Петров И. И., 1976 г.р.", "date of birth"),
    "born-english": ("designations.csv", "ru-fa-3", "notes", "Petrov (born 6 June 1976)", "date of birth"),
    "dob-english": ("outlets.csv", JOURNALIST, "name_native", "Petrov, DOB 1976-06-06", "date of birth"),
    "home-address": ("outlets.csv", JOURNALIST, "notes", "г. Москва, ул. Тверская, д. 1, кв. 5", "street address"),
    "passport": ("outlets.csv", JOURNALIST, "notes", "паспорт 4512 345678", "passport number"),
    "identifier-column": ("outlets.csv", None, "snils", "", "an identifier column"),
}


@pytest.mark.parametrize("case", list(POISON), ids=list(POISON))
def test_the_guard_catches_a_poisoned_copy(tmp_path, case):
    """The same guard that passes data/ fails a copy with one personal identifier injected, naming the cell."""
    from tests.support.data import make_small_data

    data = make_small_data(tmp_path / "data")
    assert identifier_findings(data) == [], "the fixture itself must be clean"
    file, row_id, column, value, label = POISON[case]
    if row_id is None:  # a whole new column
        path = data / file
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join([lines[0] + f",{column}", *(line + "," for line in lines[1:])]) + "\n", encoding="utf-8")
    else:
        _edit(data / file, row_id, column, value)
    found = identifier_findings(data)
    assert len(found) >= 1 and all(f.startswith(file) for f in found), found
    assert any(label in f and f", column {column}" in f for f in found), found


def test_a_company_number_is_not_a_persons_identifier(tmp_path):
    """The guard's exemptions hold: a media company's OGRN and a project named «… улица» are not personal."""
    from tests.support.data import make_small_data

    data = make_small_data(tmp_path / "data")
    _edit(data / "outlets.csv", "north-wind-sia", "notes", "ОГРН 1027700132195")
    _edit(data / "outlets.csv", "north-wind", "aliases", "«Адвокатская улица»")
    assert identifier_findings(data) == []
