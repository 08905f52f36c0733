"""United States, Department of Justice: FARA bulk file of foreign principals (registrant ↔ principal).

One row per registrant–foreign principal relationship. Canonical columns, ordered by registration
number (as a number), then registration date, principal and the source's own order:

- ``registry_ref``: ``Registration_Number`` (the registrant's FARA number, "6485");
- ``registrant_name``, ``foreign_principal``, ``country`` (``Country/Location_Represented`` as printed):
  whitespace-normalised text, otherwise as printed (stray quotes included);
- ``start_date``: ``Foreign_Principal_Registration_Date``, when this relationship was registered;
- ``end_date``: ``Foreign_Principal_Termination_Date`` or None. It ends the filing relationship;
  it is not a lifted sanction;
- ``registrant_date``: ``Registrant_Date``, when the registrant itself first registered.
Dates are ``datetime.date``, printed in the file as mm/dd/yyyy. Rows in error messages count
records as a spreadsheet shows them (the header is row 1); a value with line breaks makes one
record span several text lines.

Broken quoting: the bulk export splits some values at a comma into two quoted fields, so a row has
more than 12 fields. The value split is found by where the dates and the registration number must
be: the principal absorbs the extra fields (rejoined with ','), or else they are in the ignored
address columns. A row that fits neither way, or fewer than 12 fields, fails. ``df.attrs`` records
``rows_read`` (records after the header) and ``rows_repaired``; the 2023-08-03 file has 16,947 rows
read, 13 of them repaired (8 split principals, 5 split addresses); every registrant name then
agrees with the registrants bulk file of the same date.

``select_media`` picks the registrations whose foreign principal is a state-owned or
state/ruling-party-controlled news agency, broadcaster or newspaper, by ``MEDIA_PATTERNS``
(regular expressions, case-insensitive, searched in ``foreign_principal`` only). It selects
candidates for curation: each one's ownership must still be sourced when it enters ``data/``.

What it selects in the 2023-08-03 file (142 rows), by label: RT (ANO TV-Novosti / TV Novosti:
T&R Productions LLC, RTTV America, Maffick, Rebel Media Productions); Rossiya Segodnya (RIA Global
LLC, RM Broadcasting, Ghebi); RIA Novosti and the Soviet Novosti Press Agency; TASS and its
Fotokhronika; Soviet broadcasting (Radio Moscow, All-Union Radio Committee, the State Committee for
Radio & Television, Soviet Television); Soviet state newspapers and magazines (Pravda, Komsomolskaya
Pravda, Izvestia, Trud, Moscow News, Economic Gazette, Soviet Life, USSR Magazine); China Daily;
Xinhua; CCTV / CGTN / CCTV America; People's Daily (overseas edition, Renmin Ribao publishing
house); China Radio International; Xinmin Evening News; Central News Agency and Broadcasting
Corporation of China (Republic of China / Kuomintang); Press TV (Iran); Prensa Latina (Cuba);
ANTARA (Indonesia); Tanjug (Yugoslavia); Polish Press Agency (PAP) and Interpress; Agerpres
(Romania); Czechoslovak news agency and radio (Czechopress, ČTK, Czechoslovak Radio, Radio Prague);
Hungarian radio and television; Mongol Radio & TV; Syrian Broadcasting System; and publicly owned
broadcasters: NHK, KBS, BBC, CBC, ABC (Australia), SABC, Swedish radio and television, Jamaica
Broadcasting Corporation, Radiodiffusion Française, France Médias Monde (France 24); Türkiye Radyo
Televizyon Kurumu (TRT).
``China News Service`` is in the rule but not in this file.

What it deliberately leaves out: privately owned media (Sing Tao News Corporation, News
Corporation, Televisa, Murr Television, Tokyo TV Broadcasting, Stern, Saudi Gazette, Nation
Newspaper, Top Channel's shareholders, Democracy News Live); government press and information
offices and embassy press sections (Austrian, French, German, Soviet, Japanese Foreign Press
Center...), which are government communications rather than news media; "Chinese News Service"
(a 1947-1967 Republic of China principal, not the PRC's China News Service); agencies whose
ownership the name does not show (Hapdong, Teleradio, Logos, Arab East News Agency, Science Times);
the European Broadcasting Union (an association) and the ambiguous "Netherlands Television";
state publishers and book traders (Mezhdunarodnaya Kniga). Registrant names are not searched:
media companies also register for non-media principals (NHK Cosmomedia America for Japanese banks),
and "KBS Associates" is not KBS.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from registry.entries import Entry, KeyConflict, Row, SourceMap, iso, slug
from registry.importers.base import (
    ImportFormatError,
    PathLike,
    Publication,
    SourceInfo,
    cell_date,
    check_columns,
    check_row_count,
    clean_text,
    frame,
    integer_ref,
    read_csv_records,
)

_ADDRESS = "registrant's address: not needed (the registry records names, numbers and dates)"

SOURCE = SourceInfo(
    name="us_fara",
    publisher="U.S. Department of Justice, FARA Unit",
    title="FARA bulk data: all foreign principals (FARA_All_ForeignPrincipals)",
    url="https://efile.fara.gov/ords/fara/f?p=API:BULKDATA",
    official=True,
    format="csv",
    expected_rows=(10000, 60000),
    columns={
        "Foreign_Principal_Termination_Date": "end_date",
        "Foreign_Principal": "foreign_principal",
        "Foreign_Principal_Registration_Date": "start_date",
        "Country/Location_Represented": "country",
        "Registration_Number": "registry_ref",
        "Registrant_Date": "registrant_date",
        "Registrant_Name": "registrant_name",
    },
    ignored={"Address_1": _ADDRESS, "Address_2": _ADDRESS, "City": _ADDRESS, "State": _ADDRESS, "Zip": _ADDRESS},
)

# The FARA eFile "Bulk Data" page offers each file as a zip archive holding the CSV.
PUBLICATION = Publication(
    url="https://efile.fara.gov/bulk/zip/FARA_All_ForeignPrincipals.csv.zip",
    suffix=".csv",
    content_types=("application/zip", "application/x-zip-compressed", "application/octet-stream"),
    zip_member="FARA_All_ForeignPrincipals.csv",
)

CANONICAL_COLUMNS = (
    "registry_ref",
    "registrant_name",
    "foreign_principal",
    "country",
    "start_date",
    "end_date",
    "registrant_date",
)

# The published column order; repairing a split row relies on it.
_PUBLISHED_ORDER = (*SOURCE.columns, *SOURCE.ignored)
_DATE = re.compile(r"\d{2}/\d{2}/\d{4}")

# (label, pattern): see the module docstring for what these select and leave out.
MEDIA_PATTERNS: tuple[tuple[str, str], ...] = (
    # Russia and the USSR
    ("RT", r"\bTV[- ]?Novosti\b|\bRussia Today\b"),
    ("Rossiya Segodnya / Sputnik", r"\bRossiya Segodnya\b|\bSputnik\b"),
    ("RIA Novosti / Novosti Press Agency", r"\bRIA[- ]Novosti\b|\bNovosti Press Agency\b"),
    ("TASS", r"\bTASS\b|\bTelegraph Agency of (?:Russia|the U\.?S\.?S\.?R)"),
    ("Soviet broadcasting", r"\bRadio Moscow\b|\bAll-Union Radio\b|\bSoviet Television\b|State Committee (?:on|for) (?:Radio|Broad)"),
    ("Soviet state press", r"\bPravda\b|\bIzvestia\b|\bTrud\b|\bMoscow News\b|Economic Gazette|Ekonomicheskaya Gazeta"),
    ("Soviet state press", r"\bSoviet Life\b|U\.S\.S\.R\. (?:Magazine|Illustrated Monthly)"),
    # China (PRC), and the Republic of China's state and ruling-party media
    ("China Daily", r"\bChina Daily\b"),
    ("Xinhua", r"\bXinhua\b"),
    ("CCTV / CGTN", r"\bCCTV\b|\bCGTN\b|China Central Television|China Global Television"),
    ("People's Daily", r"People'?s Daily|\bRenmin Ribao\b"),
    ("China Radio International", r"China Radio International"),
    ("China News Service", r"\bChina News Service\b"),
    ("Xinmin Evening News", r"\bXin ?Min Evening News"),
    ("Central News Agency (ROC)", r"Central News Agency of China"),
    # Turkey
    ("TRT", r"T[uü]rkiye Radyo[- ]?Televizyon|Turkish Radio (?:and|&) Television"),
    ("Broadcasting Corporation of China (ROC)", r"Broadcasting Corporation of China|Central Broadcasting Administration"),
    # Other state news agencies and broadcasters
    ("Press TV", r"\bPress TV\b"),
    ("Prensa Latina", r"\bPrensa Latina\b"),
    ("ANTARA", r"\bANTARA\b"),
    ("Tanjug", r"\bTanjug\b"),
    ("Polish Press Agency", r"Polish Press (?:News )?Agency|Polska Agencja Prasowa|\bPAPRESS\b|Polish Interpress"),
    ("Agerpres", r"\bAgerpres"),
    ("Czechoslovak news agency and radio", r"\bCzechopress\b|Czechoslovak News Agency|Czechoslovak(?:ian)? Radio"),
    ("Hungarian radio and television", r"Magyar Radio|Hungarian Broadcasting"),
    ("Mongol Radio & TV", r"\bMongol Radio\b"),
    ("Syrian Broadcasting System", r"Syrian Broadcasting"),
    # Publicly owned broadcasters
    ("NHK", r"\bNHK\b|Nippon Hoso Kyokai|Japan Broadcasting Corporation"),
    ("KBS", r"Korean Broadcasting System|\bKBS Enterprises\b|\be-KBS\b"),
    ("BBC", r"British Broadcasting Corporation"),
    ("CBC", r"Canadian Broadcasting Corporation"),
    ("ABC (Australia)", r"Australian Broadcasting Corporation"),
    ("SABC", r"South African Broadcasting Corporation"),
    ("Swedish radio and television", r"Sveriges Radio|Swedish Broadcasting Corporation"),
    ("Jamaica Broadcasting Corporation", r"Jamaica(?:n)? Broadcasting Corporation"),
    ("Radiodiffusion Française", r"Radiodiffusion Fran[cç]aise"),
    ("France Médias Monde", r"France M[eé]dias Monde|\bFrance 24\b"),
)
_MEDIA = [(label, re.compile(pattern, re.IGNORECASE)) for label, pattern in MEDIA_PATTERNS]


def parse(path: PathLike, *, expected_rows: tuple[int, int] | None = None) -> pd.DataFrame:
    """The foreign-principals bulk file at ``path`` in canonical columns (see the module docstring)."""
    records = read_csv_records(path)
    if not records:
        raise ImportFormatError(path, "no header row")
    header = [clean_text(h) for h in records[0]]
    check_columns(path, header, SOURCE, row=1)
    at = {name: header.index(name) for name in SOURCE.columns}

    rows, repaired = [], 0
    for number, fields in enumerate(records[1:], start=2):
        if not any(f.strip() for f in fields):
            continue  # a blank line at the end of the file
        if len(fields) != len(header):
            fields = _repair(path, number, header, fields)
            repaired += 1
        rows.append((number, _entry(path, number, {name: fields[i] for name, i in at.items()})))

    check_row_count(path, len(rows), expected_rows or SOURCE.expected_rows)
    rows.sort(key=lambda r: (int(r[1]["registry_ref"]), r[1]["start_date"], r[1]["foreign_principal"], r[0]))
    df = frame([entry for _, entry in rows], CANONICAL_COLUMNS)
    df.attrs.update(rows_read=len(rows), rows_repaired=repaired)
    return df


def _entry(path: PathLike, row: int, cell: dict[str, str]) -> dict[str, Any]:
    def date_of(column: str, required: bool):
        return cell_date(cell[column], path=path, row=row, column=column, fmt="mm/dd/yyyy", required=required)

    principal = clean_text(cell["Foreign_Principal"])
    registrant = clean_text(cell["Registrant_Name"])
    if not principal or not registrant:
        column = "Foreign_Principal" if not principal else "Registrant_Name"
        raise ImportFormatError(path, "the name is blank", row=row, column=column)
    return {
        "registry_ref": integer_ref(cell["Registration_Number"], path=path, row=row, column="Registration_Number"),
        "registrant_name": registrant,
        "foreign_principal": principal,
        "country": clean_text(cell["Country/Location_Represented"]) or None,
        "start_date": date_of("Foreign_Principal_Registration_Date", True),
        "end_date": date_of("Foreign_Principal_Termination_Date", False),
        "registrant_date": date_of("Registrant_Date", True),
    }


def _repair(path: PathLike, row: int, header: list[str], fields: list[str]) -> list[str]:
    """A row split by broken quoting, put back into the published 12 columns (see the module docstring)."""
    if tuple(header) != _PUBLISHED_ORDER or len(fields) < len(header):
        raise ImportFormatError(path, f"{len(fields)} fields where the header has {len(header)}", row=row)
    extra = len(fields) - len(header)
    fits = []
    for k in range(extra + 1):  # k extra fields belong to the principal, the rest to the address
        candidate = [fields[0], ",".join(fields[1 : 2 + k]), *fields[2 + k :]]
        reg_date, country, number, registrant_date = (candidate[i].strip() for i in (2, 3, 4, 5))
        dates_fit = all(_DATE.fullmatch(d) for d in (reg_date, registrant_date))
        if dates_fit and country and not _DATE.fullmatch(country) and number.isdigit():
            # Address overflow is folded into the last address column: all of them are ignored.
            fits.append(candidate[: len(header) - 1] + [",".join(candidate[len(header) - 1 :])])
    if len(fits) != 1:
        raise ImportFormatError(path, f"{len(fields)} fields where the header has {len(header)}, and no single way to rejoin them", row=row)
    return fits[0]


def select_media(df: pd.DataFrame) -> pd.DataFrame:
    """The rows whose foreign principal matches ``MEDIA_PATTERNS``, with the matching label in ``media``."""
    labels = df["foreign_principal"].map(lambda name: next((label for label, rx in _MEDIA if rx.search(name or "")), None))
    selected = df.loc[labels.notna()].copy()
    selected["media"] = labels[labels.notna()].astype(object)
    return selected


# --- in the registry's terms (registry.entries) -------------------------------------------------
#
# A registration is a registrant ↔ foreign-principal relationship, so the key is the registration
# number plus the principal as filed: "<number>:<8 hex digits of sha1(principal, case-folded)>", and
# ":<n>" for the n-th relationship with the same principal under the same number (in the file's
# order: by registration date). The exclusions file thus carries no names. A us-fara-* designation
# records its principal in notes as 'Foreign principal as filed: "<principal>" (<COUNTRY>).
# Registrant registered <date>.', which is where its key is read from.

FARA_PRINCIPAL = re.compile(r'Foreign principal as filed: "(?P<principal>.*)" \((?P<country>.*?)\)\. Registrant registered')
FARA_PAGE = "https://efile.fara.gov/ords/fara/f?p=1381:200:::NO:RP,200:P200_REG_NUMBER:{}"


def fara_key(registration_number: str, principal: str, occurrence: int = 1) -> str:
    """The key of a FARA registrant–principal relationship (see above)."""
    digest = hashlib.sha1(principal.strip().casefold().encode("utf-8")).hexdigest()[:8]
    return f"{registration_number}:{digest}" + (f":{occurrence}" if occurrence > 1 else "")


def fara_pair(registration_number: str, principal: str) -> tuple[str, str]:
    """What makes two FARA rows the same registrant–principal pair (before telling repeats apart)."""
    return registration_number, principal.strip().casefold()


def _keys(df: pd.DataFrame) -> list[str]:
    """Keys in the file's order; the parser sorts by number, registration date, principal."""
    seen: dict[tuple[str, str], int] = {}
    keys = []
    for ref, principal in zip(df["registry_ref"], df["foreign_principal"], strict=True):
        pair = fara_pair(ref, principal)
        seen[pair] = seen.get(pair, 0) + 1
        keys.append(fara_key(ref, principal, seen[pair]))
    return keys


def entries(df: pd.DataFrame, source_url: str) -> list[Entry]:
    out = []
    for key, r in zip(_keys(df), df.itertuples(index=False), strict=True):
        ref = r.registry_ref
        out.append(
            Entry(
                key=key,
                registry_ref=ref,
                designation_id=f"us-fara-{ref}-{slug(r.registrant_name, 40)}",
                name=r.registrant_name,
                fields={"legal_basis": "us-fara", "start_date": iso(r.start_date), "end_date": iso(r.end_date), "registry_ref": ref},
                outlet_kind="company",
                new_outlet={"name_native": "", "source_url": FARA_PAGE.format(ref), "country": "US"},
                new_designation={
                    "source_url": FARA_PAGE.format(ref),
                    "notes": f'Foreign principal as filed: "{r.foreign_principal}" ({r.country or ""}). '
                    f"Registrant registered {iso(r.registrant_date)}.",
                },
                principal=r.foreign_principal,
                describe=f'principal "{r.foreign_principal}" ({r.country or "?"}) · registered {iso(r.start_date)}'
                + (f" · terminated {iso(r.end_date)}" if r.end_date else ""),
            )
        )
    return out


def key_rows(smap: SourceMap, rows: list[Row], entries: Mapping[str, Entry]) -> tuple[dict[str, Row], list[KeyConflict]]:
    """A row is keyed by its registration number and the principal recorded in its notes."""
    keyed: dict[str, Row] = {}
    conflicts = []
    by_pair: dict[tuple[str, str], list[Entry]] = {}
    for e in entries.values():
        by_pair.setdefault(fara_pair(e.registry_ref, e.principal), []).append(e)
    for r in rows:
        m = FARA_PRINCIPAL.search(r["notes"])
        if not m:
            conflicts.append(KeyConflict(r, note='no principal in notes (Foreign principal as filed: "…" (COUNTRY). Registrant registered …)'))
            continue
        candidates = by_pair.get(fara_pair(r["registry_ref"], m["principal"]), [])
        if len(candidates) > 1:  # a principal registered again under the same number: the row is the one with its start date
            candidates = [e for e in candidates if e.fields["start_date"] == r["start_date"]]
            if len(candidates) != 1:
                conflicts.append(KeyConflict(r, note="this principal is registered several times under this number, none on this start_date"))
                continue
        key = candidates[0].key if candidates else fara_key(r["registry_ref"], m["principal"])
        if key in keyed:
            conflicts.append(KeyConflict(r, key, note=f"records the same relationship as {keyed[key]['id']}"))
            continue
        keyed[key] = r
    return keyed, conflicts


def link(smap: SourceMap, entry: Entry, own_rows: list[Row], outlets: list[Row], keyed: Mapping[str, Row]) -> tuple[str, str] | None:
    """A new principal of a known registration belongs to the registrant's outlet."""
    same_number = [r for r in keyed.values() if r["registry_ref"] == entry.registry_ref]
    return (same_number[0]["outlet_id"], f"same registrant as {same_number[0]['id']}") if same_number else None


MAP = SourceMap(
    name=SOURCE.name,
    parse=parse,
    source_row={
        "id": "us-fara-bulk-foreign-principals",
        "jurisdiction": "US",
        "publisher": "U.S. Department of Justice, National Security Division (FARA Unit)",
        "url": "https://efile.fara.gov/ords/fara/f?p=1381:1",
        "kind": "official",
    },
    jurisdiction="US",
    designation="fara_registration",
    authority="U.S. Department of Justice (FARA Unit)",
    end_reason="registration for this foreign principal terminated",
    owned=("start_date", "end_date", "legal_basis"),
    entries=entries,
    id_prefix="us-fara-",
    in_scope=select_media,
    key_rows=key_rows,
    link=link,
    owns_names=False,  # FARA names registrants, not the outlets they work for
)

