"""The data package (data/datapackage.json): the only place tables, columns, types, codes and keys are declared."""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from registry.errors import RegistryError
from registry.paths import read_data_file

DESCRIPTOR = "datapackage.json"


class SchemaError(RegistryError):
    """The descriptor itself cannot be read; the message names the file."""


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    format: str | None = None

    @property
    def is_uri(self) -> bool:
        return self.format == "uri"


@dataclass(frozen=True)
class ForeignKey:
    field: str
    resource: str  # the referenced resource; "" in the descriptor means the same one
    ref_field: str


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    title: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def fields_of_type(self, type_: str) -> list[str]:
        return [f.name for f in self.fields if f.type == type_]


@dataclass(frozen=True)
class Package:
    name: str
    title: str
    version: str
    created: str
    license_name: str
    license_url: str
    citation: str
    resources: dict[str, Resource]

    def resource(self, name: str) -> Resource:
        return self.resources[name]

    def cite(self) -> str:
        return self.citation.format(version=self.version, created=self.created)


# The field types the validator checks and the loader types; any other would validate unchecked.
TYPES = ("string", "date", "integer")
# Control characters (C0, DEL, C1) never belong in a name, title or path, and cannot be stored in an XLSX.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TEMPLATE_FIELDS = ("version", "created")


def _text(value: object, what: str, *, required: bool = False) -> str:
    """A descriptor value that is shown or exported as text: a string without control characters."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{what}: expected a string, found {type(value).__name__} {str(value)[:40]!r}")
    if required and not value.strip():
        raise ValueError(f"{what}: must not be empty")
    if m := _CONTROL.search(value):
        raise ValueError(f"{what}: contains the control character U+{ord(m.group()):04X}")
    return value


def _citation(template: str) -> str:
    """The citation template: text with only {version} and {created} placeholders, which always formats."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as e:
        raise ValueError(f"citation {template[:80]!r}: {e} (write a literal brace as {{{{ or }}}})") from None
    for _, name, spec, conversion in parts:
        if name is not None and (name not in _TEMPLATE_FIELDS or spec or conversion):
            raise ValueError(f"citation {template[:80]!r}: placeholder {{{name}}} is not one of {{version}}, {{created}}")
    return template


def _field(raw: dict) -> Field:
    if not isinstance(raw, dict):
        raise TypeError(f"field: expected an object, found {type(raw).__name__}")
    c = raw.get("constraints", {})
    if not isinstance(c, dict):
        raise TypeError(f"constraints of field {raw.get('name')!r}: expected an object")
    name = _text(raw.get("name"), "field name", required=True)
    type_ = raw.get("type", "string")
    if type_ not in TYPES:
        raise ValueError(f"type {str(type_)[:40]!r} of field {name!r}: not one of {', '.join(TYPES)}")
    enum = c.get("enum", [])
    if not isinstance(enum, list) or not all(isinstance(v, str) for v in enum):
        raise ValueError(f"enum of field {name!r}: expected a list of strings, found {str(enum)[:60]!r}")
    if c.get("pattern") is not None and not isinstance(c["pattern"], str):
        raise ValueError(f"pattern of field {name!r}: expected a string")
    if c.get("pattern") is not None:
        try:
            re.compile(c["pattern"])
        except re.error as e:
            raise ValueError(f"pattern {c['pattern']!r} of field {raw.get('name')!r}: {e}") from None
    return Field(
        name=name,
        type=type_,
        description=_text(raw.get("description", ""), f"description of field {name!r}"),
        required=bool(c.get("required", False)),
        unique=bool(c.get("unique", False)),
        enum=tuple(enum),
        pattern=c.get("pattern"),
        format=raw.get("format"),
    )


def _resource(raw: dict) -> Resource:
    if not isinstance(raw, dict):
        raise TypeError(f"resource: expected an object, found {type(raw).__name__}")
    name = _text(raw.get("name"), "resource name", required=True)
    schema = raw["schema"]
    # Frictionless: a path is relative to the descriptor, and never absolute nor going up with "..".
    # Here it is a plain file name in the data directory: the files are read from there and nowhere else.
    raw_path = _text(raw.get("path"), f"path of resource {name!r}", required=True)
    path = PurePosixPath(raw_path)
    if path.is_absolute() or ".." in path.parts or "\\" in raw_path or len(path.parts) != 1 or path.name.startswith("."):
        raise ValueError(f"path {raw_path!r} of resource {name!r}: must be a file name inside the data directory")
    fields = tuple(_field(f) for f in schema["fields"])
    names = [f.name for f in fields]
    if twice := sorted({n for n in names if names.count(n) > 1}):
        raise ValueError(f"resource {name!r} declares the field(s) {', '.join(map(repr, twice))} twice")
    fks = []
    for fk in schema.get("foreignKeys", []):
        (field,) = fk["fields"]
        (ref_field,) = fk["reference"]["fields"]
        if field not in names:
            raise ValueError(f"foreign key of resource {name!r}: field {field!r} is not declared")
        fks.append(ForeignKey(field, fk["reference"]["resource"] or name, ref_field))
    for key in schema.get("primaryKey", ()):
        if key not in names:
            raise ValueError(f"primary key of resource {name!r}: field {key!r} is not declared")
    return Resource(
        name=name,
        path=raw_path,
        title=_text(raw.get("title", name), f"title of resource {name!r}"),
        fields=fields,
        primary_key=tuple(schema.get("primaryKey", ())),
        foreign_keys=tuple(fks),
    )


_VERSION = re.compile(r"[0-9]{1,6}(\.[0-9]{1,6}){0,3}([-+][0-9A-Za-z.-]{1,40})?", re.ASCII)


def _created_ok(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][0-9:.+Z-]+)?", text, re.ASCII))


def read_package(data_dir: Path) -> Package:
    path = Path(data_dir) / DESCRIPTOR
    try:
        raw = json.loads(read_data_file(data_dir, DESCRIPTOR).decode("utf-8"))
        if not isinstance(raw, dict):
            raise TypeError(f"top level: expected a JSON object, found {type(raw).__name__}")
        licence = (raw.get("licenses") or [{}])[0]
        if not isinstance(licence, dict):
            raise TypeError("licenses: expected a list of objects")
        version = _text(raw.get("version", ""), "version")
        if version and not _VERSION.fullmatch(version):
            raise ValueError(f"version {version[:40]!r}: expected a version such as 1.2.0")
        created = _text(raw.get("created", ""), "created")
        if created and not _created_ok(created):
            raise ValueError(f"created {created[:40]!r}: not a real date (YYYY-MM-DD, optionally with a time)")
        licence_url = _text(licence.get("path", ""), "licenses path")
        if licence_url and not re.fullmatch(r"https?://[^\s<>()\[\]]+", licence_url):
            raise ValueError(f"licenses path {licence_url[:80]!r}: not an http(s) link")
        resources = [_resource(r) for r in raw["resources"]]
        by_name = {r.name: r for r in resources}
        if len(by_name) != len(resources):
            raise ValueError("resources: two resources share a name")
        for resource in resources:
            for fk in resource.foreign_keys:
                target = by_name.get(fk.resource)
                if target is None:
                    raise ValueError(f"foreign key {resource.name}.{fk.field}: the resource {fk.resource!r} is not declared")
                if fk.ref_field not in target.field_names:
                    raise ValueError(f"foreign key {resource.name}.{fk.field}: the field {fk.ref_field!r} is not declared in {fk.resource!r}")
        return Package(
            name=_text(raw["name"], "name", required=True),
            title=_text(raw.get("title") or raw["name"], "title"),
            version=version,
            # Frictionless asks for a date-time; people are shown (and cite) its date
            created=created[:10],
            license_name=_text(licence.get("name", ""), "licenses name"),
            license_url=licence_url,
            citation=_citation(_text(raw.get("citation", "{version}"), "citation")),
            resources=by_name,
        )
    except FileNotFoundError as e:
        raise SchemaError(f"{path}: missing (the data package descriptor is required)") from e
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SchemaError(f"{path}: unreadable: {e}") from e
    except RecursionError:
        raise SchemaError(f"{path}: malformed descriptor: nested too deeply") from None
    except KeyError as e:
        raise SchemaError(f"{path}: malformed descriptor: missing {e}") from e
    except (AttributeError, TypeError, ValueError) as e:
        raise SchemaError(f"{path}: malformed descriptor: {e}") from e
