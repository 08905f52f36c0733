"""The command line: a thin skin over the Python API (validate, export)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

from registry import dictionary
from registry.export import FORMATS, about_sheet, export_bytes, write_export
from registry.load import DataValidationError, load
from registry.paths import data_dir
from registry.query import STATUSES, Filters, select
from registry.schema import read_package
from registry.validate import validate


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="registry", description="Media Freedom Registry: validate and export the data.")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check a data directory; one line per problem (file, row, column)")
    v.add_argument("--data", help="data directory (default: the packaged data/, or $REGISTRY_DATA)")

    d = sub.add_parser("dictionary", help="print the data dictionary (markdown) written from datapackage.json")
    d.add_argument("--data", help="data directory (default: the packaged data/, or $REGISTRY_DATA)")

    e = sub.add_parser("export", help="write the designations matching the filters")
    e.add_argument("--format", choices=sorted(FORMATS), default="csv")
    e.add_argument("--data", help="data directory (default: the packaged data/, or $REGISTRY_DATA)")
    e.add_argument("--jurisdiction", action="append", default=[], metavar="J", help="designating jurisdiction code (repeatable)")
    e.add_argument("--designation", action="append", default=[], metavar="D", help="designation code (repeatable)")
    e.add_argument("--outlet-country", action="append", default=[], metavar="C", help="outlet's country code (repeatable)")
    e.add_argument("--kind", action="append", default=[], metavar="K", help="outlet kind: outlet, company, journalist (repeatable)")
    e.add_argument("--status", choices=STATUSES)
    e.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help="date on which status is computed (default: today)")
    e.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="designations started on or after")
    e.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="designations started on or before")
    e.add_argument("--q", default="", metavar="TEXT", help="search names, native names and aliases (any script)")
    e.add_argument("--output", "-o", default="-", metavar="PATH", help="file to write, or - for standard output (default)")
    return p


def _known(reg, column: str, values: list[str], option: str) -> None:
    known = set(reg.table[column].dropna().astype(str))
    unknown = [v for v in values if v not in known]
    if unknown:
        raise SystemExit(f"registry export: {option}: unknown value(s) {', '.join(map(repr, unknown))}; known: {', '.join(sorted(known))}")


def _export(args: argparse.Namespace) -> int:
    try:
        filters = Filters(
            jurisdictions=tuple(args.jurisdiction),
            designations=tuple(args.designation),
            outlet_countries=tuple(args.outlet_country),
            kinds=tuple(args.kind),
            status=args.status,
            as_of=args.as_of,
            since=args.since,
            until=args.until,
            q=args.q,
        )
    except ValueError as e:
        print(f"registry export: {e}", file=sys.stderr)
        return 2
    reg = load(args.data)
    _known(reg, "jurisdiction", args.jurisdiction, "--jurisdiction")
    _known(reg, "designation", args.designation, "--designation")
    _known(reg, "outlet_country", args.outlet_country, "--outlet-country")
    _known(reg, "outlet_kind", args.kind, "--kind")
    rows = select(reg, filters)
    about = about_sheet(reg, filters)
    if args.output == "-":
        sys.stdout.buffer.write(export_bytes(rows, args.format, about))
        sys.stdout.flush()
    else:
        try:
            path = write_export(rows, args.format, args.output, about)
        except OSError as e:
            print(f"registry export: --output {args.output}: cannot write: {e.strerror or e}", file=sys.stderr)
            return 2
        print(f"{len(rows)} designations written to {path}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            problems = validate(args.data)
            for problem in problems:
                print(problem)
            if problems:
                print(f"{len(problems)} problem(s) in {data_dir(args.data)}", file=sys.stderr)
                return 1
            print(f"{data_dir(args.data)}: valid", file=sys.stderr)
            return 0
        if args.command == "dictionary":
            print(dictionary.markdown(read_package(data_dir(args.data))))
            return 0
        return _export(args)
    except DataValidationError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print(f"registry: {e.data_dir} does not validate ({len(e.problems)} problem(s)); run 'registry validate'", file=sys.stderr)
        return 1
