"""The data package (data/datapackage.json): the only place tables, columns, types, codes and keys are declared."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from registry.errors import RegistryError

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


def _field(raw: dict) -> Field:
    c = raw.get("constraints", {})
    if c.get("pattern") is not None:
        try:
            re.compile(c["pattern"])
        except re.error as e:
            raise ValueError(f"pattern {c['pattern']!r} of field {raw.get('name')!r}: {e}") from None
    return Field(
        name=raw["name"],
        type=raw.get("type", "string"),
        description=raw.get("description", ""),
        required=bool(c.get("required", False)),
        unique=bool(c.get("unique", False)),
        enum=tuple(c.get("enum", ())),
        pattern=c.get("pattern"),
        format=raw.get("format"),
    )


def _resource(raw: dict) -> Resource:
    schema = raw["schema"]
    # Frictionless: a path is relative to the descriptor, and never absolute nor going up with "..".
    path = PurePosixPath(raw["path"])
    if path.is_absolute() or ".." in path.parts or "\\" in raw["path"] or not path.parts:
        raise ValueError(f"path {raw['path']!r} of resource {raw['name']!r}: must be a file name inside the data directory")
    fks = []
    for fk in schema.get("foreignKeys", []):
        (field,) = fk["fields"]
        (ref_field,) = fk["reference"]["fields"]
        fks.append(ForeignKey(field, fk["reference"]["resource"] or raw["name"], ref_field))
    return Resource(
        name=raw["name"],
        path=raw["path"],
        title=raw.get("title", raw["name"]),
        fields=tuple(_field(f) for f in schema["fields"]),
        primary_key=tuple(schema.get("primaryKey", ())),
        foreign_keys=tuple(fks),
    )


def read_package(data_dir: Path) -> Package:
    path = Path(data_dir) / DESCRIPTOR
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise TypeError(f"top level: expected a JSON object, found {type(raw).__name__}")
        licence = (raw.get("licenses") or [{}])[0]
        return Package(
            name=raw["name"],
            title=str(raw.get("title") or raw["name"]),
            version=raw.get("version", ""),
            created=raw.get("created", ""),
            license_name=licence.get("name", ""),
            license_url=licence.get("path", ""),
            citation=raw.get("citation", "{version}"),
            resources={r["name"]: _resource(r) for r in raw["resources"]},
        )
    except FileNotFoundError as e:
        raise SchemaError(f"{path}: missing (the data package descriptor is required)") from e
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SchemaError(f"{path}: unreadable: {e}") from e
    except (AttributeError, KeyError, TypeError, ValueError) as e:
        raise SchemaError(f"{path}: malformed descriptor: missing or wrong {e}") from e
