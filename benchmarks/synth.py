"""A synthetic registry with the real schema, for benchmarks only (never committed data).

The descriptor and every table but outlets and designations (countries, designation types, laws,
sources, ...) are copied from data/; outlets and designations are generated with shapes close to the real ones: the real
(jurisdiction, designation, legal basis, authority) combinations with a flattened mix, start dates
from 1983 to today weighted towards recent years, about a quarter ended, names in Latin, Cyrillic
and Chinese script, regional services and companies under parents. The result validates.

    python -m benchmarks.synth 100000 /tmp/mfr-100k
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
GENERATED = ("outlets", "designations")  # every other table of the package is copied as it is
EARLIEST = dt.date(1983, 1, 1)

LATIN = ["Radio", "Free", "News", "Daily", "Echo", "Voice", "Independent", "Novaya", "Gazeta", "Media", "Press", "Times",
         "Herald", "Dozhd", "Meduza", "Svoboda", "Current", "Insider", "Project", "Tribune", "Review", "Observer", "Kavkaz",
         "Sibir", "Ural", "Baltic", "Nord", "Pravda", "Vesti", "Signal", "Courier", "Bulletin"]  # fmt: skip
CYRILLIC = ["Радио", "Свобода", "Новая", "газета", "Эхо", "Голос", "Медуза", "Дождь", "Вести", "Правда", "Сибирь", "Урал",
            "Кавказ", "Реалии", "Важные", "истории", "Проект", "Инсайдер", "Телеканал", "Журнал", "Север", "Юг", "Народ"]  # fmt: skip
CHINESE = ["自由", "之声", "新闻", "日报", "时报", "电台", "亚洲", "大纪元", "观察", "周刊", "中文", "网"]
FIRST = ["Ivan", "Anna", "Dmitry", "Yulia", "Aleksei", "Maria", "Sergei", "Elena", "Pavel", "Olga", "Mikhail", "Irina", "Lev", "Yevgenia"]  # fmt: skip
FIRST_CY = ["Иван", "Анна", "Дмитрий", "Юлия", "Алексей", "Мария", "Сергей", "Елена", "Павел", "Ольга", "Михаил", "Ирина", "Лев", "Евгения"]  # fmt: skip
LAST = ["Petrov", "Ivanova", "Kolezev", "Smirnov", "Volkova", "Khodorkovsky", "Kuznetsov", "Popova", "Sokolov", "Novikova", "Morozov"]  # fmt: skip
LAST_CY = ["Петров", "Иванова", "Колезев", "Смирнов", "Волкова", "Ходорковский", "Кузнецов", "Попова", "Соколов", "Новикова", "Морозов"]  # fmt: skip


def _pick(rng: np.random.Generator, words: list[str], n: int) -> np.ndarray:
    return np.asarray(words, dtype=object)[rng.integers(0, len(words), n)]


def _join(*parts: np.ndarray) -> np.ndarray:
    out = parts[0].astype(object)
    for p in parts[1:]:
        out = out + " " + p.astype(object)
    return out


def _outlets(rng: np.random.Generator, n: int, countries: list[str]) -> pd.DataFrame:
    ids = np.array([f"o{i:07d}" for i in range(n)], dtype=object)
    tag = np.array([np.base_repr(i, 36).lower() for i in range(n)], dtype=object)
    kind = rng.choice(["outlet", "company", "journalist"], n, p=[0.35, 0.15, 0.5])
    script = rng.choice(["cyrillic", "latin", "chinese"], n, p=[0.7, 0.2, 0.1])
    people = kind == "journalist"
    first = rng.integers(0, len(FIRST), n)
    last = rng.integers(0, len(LAST), n)
    name = np.where(
        people,
        np.asarray(FIRST, dtype=object)[first] + " " + np.asarray(LAST, dtype=object)[last] + " " + tag,
        _join(_pick(rng, LATIN, n), _pick(rng, LATIN, n), tag),
    )
    native = np.where(
        people,
        np.asarray(LAST_CY, dtype=object)[last] + " " + np.asarray(FIRST_CY, dtype=object)[first] + " " + tag,
        np.where(
            script == "cyrillic",
            _join(_pick(rng, CYRILLIC, n), _pick(rng, CYRILLIC, n), tag),
            np.where(script == "chinese", _pick(rng, CHINESE, n) + _pick(rng, CHINESE, n) + " " + tag, ""),
        ),
    )
    native = np.where(rng.random(n) < 0.88, native, "")
    aliases = np.where(rng.random(n) < 0.6, _join(_pick(rng, CYRILLIC, n), tag) + " | " + _join(_pick(rng, LATIN, n), tag), "")
    # Parents point to an earlier row, so a chain always ends (no loops), as regional services and companies do.
    has_parent = (rng.random(n) < 0.12) & (np.arange(n) > 0)
    parent = np.where(has_parent, ids[(rng.random(n) * np.maximum(np.arange(n), 1)).astype(int)], "")
    country = np.where((~people & (rng.random(n) < 0.8)) | (rng.random(n) < 0.05), rng.choice(countries, n), "")
    website = np.where(~people & (rng.random(n) < 0.5), "https://" + tag + ".example.org/", "")
    return pd.DataFrame(
        {
            "id": ids,
            "name": name,
            "name_native": native,
            "aliases": aliases,
            "kind": kind,
            "parent_id": parent,
            "country": country,
            "website": website,
            "domains": np.where(website != "", tag + ".example.org", ""),
            "wikidata": np.where(rng.random(n) < 0.1, "Q" + pd.Series(rng.integers(1, 10**8, n)).astype(str).to_numpy(object), ""),
            "source_url": "https://example.org/outlet/" + tag,
            "notes": np.where(rng.random(n) < 0.3, "Synthetic entry for benchmarks.", ""),
        }
    )


def _combos(real: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The real (jurisdiction, designation, legal basis) combinations, weights flattened (square root)."""
    combos = real.groupby(["jurisdiction", "designation", "legal_basis"]).agg(authority=("authority", "first"), n=("id", "size")).reset_index()
    weights = np.sqrt(combos["n"].to_numpy(float))
    return combos, weights / weights.sum()


def _designations(rng: np.random.Generator, n: int, outlets: pd.DataFrame, real: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    combos, weights = _combos(real)
    c = combos.iloc[rng.choice(len(combos), n, p=weights)].reset_index(drop=True)
    first, last = np.datetime64(EARLIEST, "D"), np.datetime64(today, "D")
    span = (last - first).astype(int)
    recent = (np.datetime64("2012-01-01") - first).astype(int)
    # 70% since 2012 (the foreign-agent era), the rest spread back to 1983 (FARA, early bans).
    offset = np.where(rng.random(n) < 0.7, rng.integers(recent, span + 1, n), rng.integers(0, span + 1, n))
    start = first + offset.astype("timedelta64[D]")
    ended = rng.random(n) < 0.25
    end = start + rng.integers(1, 4000, n).astype("timedelta64[D]")
    end = np.minimum(end, last)
    ended &= end > start
    order = np.argsort(start, kind="stable")  # ids follow time, like registry entry numbers
    start, end, ended = start[order], end[order], ended[order]
    c = c.iloc[order].reset_index(drop=True)
    ids = np.array([f"syn-{i}" for i in range(n)], dtype=object)
    # A few responses, each to an earlier-starting designation.
    responds = np.full(n, "", dtype=object)
    pick = np.flatnonzero((rng.random(n) < 0.002) & (np.arange(n) > 0))
    responds[pick] = ids[(rng.random(len(pick)) * pick).astype(int)]
    refs = pd.Series(rng.integers(1, 10**6, n)).astype(str).to_numpy(object)
    return pd.DataFrame(
        {
            "id": ids,
            "outlet_id": outlets["id"].to_numpy()[rng.integers(0, len(outlets), n)],
            "jurisdiction": c["jurisdiction"].to_numpy(),
            "designation": c["designation"].to_numpy(),
            "legal_basis": c["legal_basis"].to_numpy(),
            "authority": c["authority"].to_numpy(),
            "start_date": pd.Series(start).dt.strftime("%Y-%m-%d").to_numpy(object),
            "end_date": np.where(ended, pd.Series(end).dt.strftime("%Y-%m-%d").to_numpy(object), ""),
            "end_reason": np.where(ended, "Excluded from the register", ""),
            "registry_ref": np.where(rng.random(n) < 0.85, "No. " + refs, ""),
            "decision_date": "",
            "decision_ref": "",
            "source_url": "https://example.org/designation/" + pd.Series(ids).to_numpy(object),
            "responds_to": responds,
            "notes": np.where(rng.random(n) < 0.2, "Synthetic designation.", ""),
            "provisional": "",  # every synthetic row is "confirmed by an official source"
        }
    )


def generate(n_designations: int, target: str | Path, seed: int = 5, today: dt.date | None = None) -> Path:
    """Write a data directory with `n_designations` designations to `target`; returns its path."""
    today = today or dt.date.today()
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    shutil.copy(DATA / "datapackage.json", target / "datapackage.json")
    for resource in descriptor["resources"]:
        if resource["name"] not in GENERATED:
            shutil.copy(DATA / resource["path"], target / resource["path"])
    rng = np.random.default_rng(seed)
    countries = pd.read_csv(DATA / "countries.csv", dtype=str, keep_default_na=False)["code"].tolist()
    real = pd.read_csv(DATA / "designations.csv", dtype=str, keep_default_na=False)
    outlets = _outlets(rng, max(10, int(n_designations / 1.6)), countries)
    designations = _designations(rng, n_designations, outlets, real, today)
    for name, frame in (("outlets.csv", outlets), ("designations.csv", designations)):
        frame.to_csv(target / name, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return target


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    out = generate(n, sys.argv[2] if len(sys.argv) > 2 else f"/tmp/mfr-synth-{n}")
    import registry

    problems = registry.validate(out)
    print(out, f"{len(problems)} problem(s)", *problems[:10], sep="\n")
