"""The dashboard's messages and their catalogues (ui/i18n.py).

    .venv/bin/python -m scripts.messages          # bring every locale/*/LC_MESSAGES/dashboard.po up to date
    .venv/bin/python -m scripts.messages --check  # only say what is missing or stale (exit 1 if anything is)

A message is the literal first argument of t() (both literals of tn()) in dashboard.py, app_pages/ and
ui/, plus the words the dashboard shows from elsewhere: registry.params' notices, facet labels and
tab words, registry.registers' statements, and the labels of data/designation_types.csv. Updating
adds new messages untranslated, drops stale ones and keeps every translation and translator comment.
tests/test_i18n.py holds the catalogues to the same collection.
"""

from __future__ import annotations

import argparse
import ast
import csv
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("dashboard.py", "app_pages", "ui")
FUNCTIONS = {"t": 1, "tn": 2}  # how many leading arguments are message literals
TRANSLATORS = re.compile(r"#\s*translators:\s*(.*)$", re.IGNORECASE)


@dataclass
class Message:
    id: str
    plural: str | None = None
    where: list[tuple[str, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def source_files() -> list[Path]:
    files: list[Path] = []
    for name in SOURCES:
        path = ROOT / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
    return files


def calls(path: Path) -> Iterator[ast.Call]:
    """Every call of t() or tn() in a file: by its bare name (from ui.i18n import t) or as i18n.t()."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and _name(node) in FUNCTIONS:
            yield node


def _name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name) and call.func.value.id == "i18n":
        return call.func.attr
    return None


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def misuses() -> list[str]:
    """Calls of t()/tn() whose message is not a plain string literal (an f-string, a name, a concatenation)."""
    found = []
    for path in source_files():
        for call in calls(path):
            need = FUNCTIONS[_name(call) or ""]
            args = call.args[:need]
            if len(args) < need or any(_literal(a) is None for a in args):
                found.append(f"{path.relative_to(ROOT)}, line {call.lineno}: {ast.unparse(call)[:100]}")
    return found


def _comment(lines: list[str], lineno: int) -> str | None:
    """A `# translators: …` comment at the end of the call's line, or on a line of its own just above it."""
    above = lines[lineno - 2] if lineno > 1 else ""
    for line in (lines[lineno - 1], above if above.lstrip().startswith("#") else ""):
        found = TRANSLATORS.search(line)
        if found:
            return found[1].strip()
    return None


def declared() -> dict[str, str]:
    """Messages the dashboard shows from outside its own code -> the translator's note on each."""
    from registry import params, registers

    out = {}
    for template in params.NOTICES.values():
        out[template] = "A notice about a value in the link (registry/params.py). {name} is a URL parameter: keep it as it is."
    for facet in params.FACETS:
        out[facet.label] = "A filter's heading in the sidebar (registry/params.py FACETS)."
    for word in params.OVERVIEW_VIEWS:
        out[word] = "A tab of the Overview (registry/params.py OVERVIEW_VIEWS); the link keeps the English word."
    for word in params.SUB_TABS:
        out[word] = "The Chart or Table tab of a chart (registry/params.py SUB_TABS); the link keeps the English word."
    for word in params.SPLITS:
        out[word] = "Split by: what the Overview's charts split their counts by (registry/params.py SPLITS); the link keeps the English word."
    for template in (registers.HEADING, registers.SENTENCE, registers.SENTENCE_OPEN):
        out[template] = "A register's currency (registry/registers.py); {title}, {complete_from} and {after_complete} are the data's own English words."
    out.update(designation_labels())
    out.update(register_words())
    return out


def designation_labels(data: Path = ROOT / "data") -> dict[str, str]:
    """The designation types' labels that need a catalogue translation: those without an official Russian term."""
    with (data / "designation_types.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    note = "A designation type's label (data/designation_types.csv); types with an official Russian term (RU: «…») show that term instead."
    return {row["label"]: note for row in rows if not re.search(r"\bRU:\s*«", row["official_terms"] or "")}


def register_words(data: Path = ROOT / "data") -> dict[str, str]:
    """The registers' own words in the currency notice (registers.csv): their sources and what follows the
    complete-to date, and the titles other than the usual two (ui.labels.register_title says those with the country's name)."""
    with (data / "registers.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = {}
    for row in rows:
        if not re.match(r"^(?:The )?.+'s (measures against media|sanctions on media and media figures)$", row["title"]):
            out[row["title"]] = "A register's title (data/registers.csv)."
        out[row["complete_from"]] = "Where a register's entries come from (data/registers.csv), as in: complete to <date> from <this>."
        out[row["after_complete"]] = "What follows a register's complete-to date (data/registers.csv), as in: <title>: complete to <date> from <source>; <this>."
    return out


def collect() -> dict[str, Message]:
    """msgid -> its message, from the code and from declared()."""
    messages: dict[str, Message] = {}
    for path in source_files():
        lines = path.read_text(encoding="utf-8").splitlines()
        for call in calls(path):
            need = FUNCTIONS[_name(call) or ""]
            texts = [_literal(a) for a in call.args[:need]]
            if len(texts) < need or None in texts:
                continue  # misuses() reports it
            message = messages.setdefault(texts[0], Message(texts[0], texts[1] if need == 2 else None))  # type: ignore[arg-type]
            message.where.append((str(path.relative_to(ROOT)), call.lineno))
            note = _comment(lines, call.lineno)
            if note and note not in message.comments:
                message.comments.append(note)
    for text, note in declared().items():
        messages.setdefault(text, Message(text)).comments.append(note)
    return messages


def placeholders(text: str) -> set[str]:
    """The {names} a message formats (a format spec such as {n:,} counts as n)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def catalogues() -> list[Path]:
    return sorted((ROOT / "locale").glob("*/LC_MESSAGES/dashboard.po"))


def update(path: Path) -> None:
    """Add new messages, drop stale ones, keep translations and translator comments; the locations are refreshed."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    lang = path.parent.parent.name
    with path.open("rb") as f:
        old = read_po(f, locale=lang)
    new = Catalog(locale=lang, domain="dashboard", project=old.project, version=old.version, msgid_bugs_address=old.msgid_bugs_address)
    new.fuzzy = False  # a fuzzy header would be skipped when the catalogue is read, Plural-Forms with it
    new.creation_date, new.revision_date = old.creation_date, old.revision_date  # no churn on every update
    new.header_comment = old.header_comment
    new.language_team = old.language_team
    new.last_translator = old.last_translator
    for message in collect().values():
        key = message.id
        before = old.get(key)
        msgid = (message.id, message.plural) if message.plural else message.id
        if before is not None and isinstance(before.id, tuple) == bool(message.plural):
            string_ = before.string
            user = before.user_comments
        else:
            string_ = ("",) * new.num_plurals if message.plural else ""
            user = []
        new.add(msgid, string_, locations=message.where, auto_comments=message.comments, user_comments=user)
    with path.open("wb") as f:
        write_po(f, new, width=100, sort_output=False, include_lineno=False)  # files only: no churn as lines move


def report(path: Path) -> list[str]:
    """What a catalogue lacks or holds in excess: untranslated, stale, placeholders that differ."""
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        catalog = read_po(f, locale=path.parent.parent.name)
    wanted = collect()
    out = []
    present = {}
    for entry in catalog:
        if not entry.id:
            continue
        key = entry.id[0] if isinstance(entry.id, tuple) else entry.id
        present[key] = entry
        if key not in wanted:
            out.append(f"stale: {key!r}")
    for key, message in wanted.items():
        entry = present.get(key)
        forms = (entry.string if isinstance(entry.string, tuple) else (entry.string,)) if entry else ()
        if entry is None or not all(forms) or bool(message.plural) != isinstance(entry.id, tuple):
            out.append(f"untranslated: {key!r}")
            continue
        expected = placeholders(message.id) | (placeholders(message.plural) if message.plural else set())
        for form in forms:
            if placeholders(form) != expected:
                out.append(f"placeholders differ: {key!r} has {sorted(expected)}, translation {form!r} has {sorted(placeholders(form))}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report; exit 1 when a catalogue lacks or holds too much")
    args = parser.parse_args(argv)
    bad = misuses()
    for line in bad:
        print(f"not a literal message: {line}")
    status = 1 if bad else 0
    for path in catalogues():
        if not args.check:
            update(path)
        problems = report(path)
        for line in problems:
            print(f"{path.relative_to(ROOT)}: {line}")
        status |= 1 if problems else 0
    return status


if __name__ == "__main__":
    raise SystemExit(main())
