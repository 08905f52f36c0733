"""The command line: a thin skin over the Python API (validate, export, import, diff)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from registry import dictionary, fetch, importers, proposals, release_diff
from registry.dates import parse_date
from registry.errors import RegistryError
from registry.export import DOWNLOADS, about_sheet, export_bytes
from registry.load import DataValidationError, load
from registry.output import OutputError, write_file
from registry.params import FACETS, STATUSES
from registry.paths import PACKAGED_DATA, data_dir
from registry.query import Filters, select
from registry.schema import read_package
from registry.validate import validate


def _date(text: str) -> dt.date:
    # Not date.fromisoformat: since Python 3.11 it also takes 20240105 and 2024-W01-1.
    day = parse_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a date in the form YYYY-MM-DD")
    return day


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="on an unexpected error, print the traceback")
    p = argparse.ArgumentParser(prog="registry", description="Media Freedom Registry: validate and export the data.", parents=[common])
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", parents=[common], help="check a data directory; one line per problem (file, row, column)")
    v.add_argument("--data", help="data directory (default: the packaged data/, or $REGISTRY_DATA)")

    d = sub.add_parser("dictionary", parents=[common], help="print the data dictionary (markdown) written from datapackage.json")
    d.add_argument("--data", help="data directory (default: the packaged data/, or $REGISTRY_DATA)")
    d.add_argument("--coverage", action="store_true", help="print the coverage table (per register) instead")
    d.add_argument("--write", metavar="FILE", help="replace the generated block in FILE (e.g. README.md) instead of printing it")

    e = sub.add_parser("export", parents=[common], help="write the designations matching the filters")
    e.add_argument("--format", choices=sorted(DOWNLOADS), default="csv", help="csv, xlsx, json, parquet, or ftm (FollowTheMoney entities, JSON lines)")
    e.add_argument("--data", help="data directory (default: the packaged data/, or $REGISTRY_DATA)")
    for facet in FACETS:
        e.add_argument(facet.option, dest=facet.name, action="append", default=[], metavar=facet.metavar, help=f"{facet.help} (repeatable)")
    e.add_argument("--status", choices=STATUSES)
    e.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help="date on which status is computed (default: today)")
    e.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="designations started on or after")
    e.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="designations started on or before")
    e.add_argument("--q", default="", metavar="TEXT", help="search names, native names and aliases (any script)")
    e.add_argument("--output", "-o", default="-", metavar="PATH", help="file to write, or - for standard output (default)")
    e.add_argument("--force", action="store_true", help="write into an existing link, device or pipe named by --output (never replaced)")

    i = sub.add_parser("import", parents=[common], help="compare an official file with the data: a proposal to review, applied with --apply")
    names = sorted(importers.SOURCES)
    i.add_argument("source", choices=names, metavar="SOURCE", help=f"the importer: {', '.join(names)}")
    i.add_argument("file", metavar="FILE", help="the official file, as downloaded")
    i.add_argument("--data", help="data directory (default: the packaged data/, or $REGISTRY_DATA)")
    i.add_argument("--report", metavar="DIR", help="where to write report.txt and proposal.csv (default: reports/SOURCE-<today>)")
    i.add_argument("--apply", action="store_true", help="write the changed fields and the new entries into the data, atomically")
    i.add_argument("--decisions", metavar="CSV", help="a reviewed proposal.csv: per new entry, add (default), skip, or an exclusion reason")
    i.add_argument("--expected-rows", metavar="MIN:MAX", help="override the importer's plausible entry count (small test files)")

    g = sub.add_parser("fetch", parents=[common], help="download a source's official publication from its publisher, checked, to FILE")
    g.add_argument("source", choices=names, metavar="SOURCE", help=f"the importer: {', '.join(names)}")
    g.add_argument("--output", "-o", metavar="FILE", help="where to write it (default: downloads/SOURCE-<today>.<suffix>)")
    g.add_argument("--url", metavar="URL", help="download from this address instead of the publisher's (tests and mirrors only)")
    g.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="give up when the server is silent this long (default 60)")
    g.add_argument("--expected-rows", metavar="MIN:MAX", help="override the importer's plausible entry count (small test files)")
    g.set_defaults(data=None)

    f = sub.add_parser("diff", parents=[common], help="what changed in the designations between two data directories or git revisions (git:REV)")
    f.add_argument("old", metavar="OLD", help="a data directory, or git:REV for data/ in a git revision (git:REV:DIR: another dir)")
    f.add_argument("new", metavar="NEW", help="the same, for the newer side")
    f.add_argument("--format", choices=release_diff.REPORT_FORMATS, default="text")
    f.add_argument("--output", "-o", default="-", metavar="PATH", help="file to write, or - for standard output (default)")
    f.add_argument("--force", action="store_true", help="write into an existing link, device or pipe named by --output (never replaced)")
    f.set_defaults(data=None)

    b = sub.add_parser("publish", parents=[common], help="write a release bundle (all formats, per jurisdiction, feed, delta, checksums) into OUTDIR")
    b.add_argument("outdir", metavar="OUTDIR", help="an empty or new directory, or an earlier bundle to replace")
    b.add_argument("--data", help="data directory (default: the packaged data/, or $REGISTRY_DATA)")
    b.add_argument("--previous", metavar="DIR", help="the previous release's bundle (or its data/): delta.json and releases.json build on it")
    return p


def _known(reg, column: str, values: list[str], option: str) -> None:
    known = set(reg.table[column].dropna().astype(str))
    unknown = [v for v in values if v not in known]
    if unknown:
        shown = ", ".join(repr(v[:40]) for v in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        print(f"registry export: {option}: unknown value(s) {shown}; known: {', '.join(sorted(known))}", file=sys.stderr)
        raise SystemExit(2)  # a bad argument, like argparse's own errors


def _export(args: argparse.Namespace) -> int:
    try:
        filters = Filters(
            **{f.field: tuple(getattr(args, f.name)) for f in FACETS},
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
    for f in FACETS:
        _known(reg, f.column, getattr(args, f.name), f.option)
    rows = select(reg, filters)
    about = about_sheet(reg, filters)
    behind = [line for key, line in about.items() if key.startswith("currency: ")]
    if behind:  # status past a register's complete-to date: say so where the user looks
        print(f"registry export: warning: {about['currency']}", file=sys.stderr)
        for line in behind:
            print(f"  {line}", file=sys.stderr)
    try:
        path = write_file(args.output, export_bytes(rows, args.format, about, reg=reg), protect=[data_dir(args.data)], force=args.force)
    except OutputError as e:
        print(f"registry export: --output {e}" if args.output != "-" else f"registry export: {e}", file=sys.stderr)
        return 2
    if args.output != "-":
        print(f"{len(rows)} designations written to {path}", file=sys.stderr)
    return 0


_COUNT = re.compile(r"[0-9]{1,9}", re.ASCII)  # str.isdigit() also takes "²" and "٣", which int() refuses or reads as another number


def _expected_rows(args: argparse.Namespace) -> tuple[int, int] | None:
    if not args.expected_rows:
        return None
    low, _, high = args.expected_rows.partition(":")
    if not (_COUNT.fullmatch(low) and _COUNT.fullmatch(high)):
        print(f"registry {args.command}: --expected-rows {args.expected_rows[:40]!r}: expected MIN:MAX", file=sys.stderr)
        raise SystemExit(2)
    return int(low), int(high)


def _fetch(args: argparse.Namespace) -> int:
    if not args.timeout > 0:
        print(f"registry fetch: --timeout {args.timeout}: expected a number of seconds above 0", file=sys.stderr)
        return 2
    try:
        done = fetch.fetch(args.source, args.output, url=args.url, timeout=args.timeout, expected_rows=_expected_rows(args))
    except fetch.FetchError as e:
        print(f"registry fetch: {e}", file=sys.stderr)
        return 1
    except OutputError as e:  # the output file, refused by the one output writer
        print(f"registry fetch: --output {e}", file=sys.stderr)
        return 2
    except OSError as e:  # the output file
        print(f"registry fetch: --output {args.output}: cannot write: {e.strerror or e}", file=sys.stderr)
        return 2
    print(f"{done.path}: {done.size:,} bytes from {done.url}; {done.entries} entries read by {done.source}", file=sys.stderr)
    print(done.path)
    return 0


def _import(args: argparse.Namespace) -> int:
    expected = _expected_rows(args)
    try:
        proposal = proposals.propose(args.source, args.file, args.data, expected_rows=expected)
        report = proposals.write_report(proposal, args.report or Path("reports") / f"{args.source}-{dt.date.today()}")
        sys.stdout.write(proposal.text())
        print(f"report: {report / 'report.txt'} · proposal: {report / 'proposal.csv'}", file=sys.stderr)
        if not args.apply:
            return 0
        decisions = None
        if args.decisions:
            decisions = proposals.read_decisions(args.decisions, proposal, proposals.exclusion_reasons(read_package(proposal.data_dir)))
        done = proposals.apply(proposal, decisions)
    except importers.ImportFormatError as e:
        print(f"registry import: {e}", file=sys.stderr)
        return 1
    except OSError as e:  # the report directory or a decisions file
        print(f"registry import: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
        return 2
    except proposals.ReviewError as e:
        for problem in e.problems[:50]:
            print(problem, file=sys.stderr)
        print(f"registry import: {str(e).splitlines()[0]}", file=sys.stderr)
        return 1
    print(
        f"applied: fields changed {done.changed} · provisional confirmed {done.confirmed} · entries added {done.added} · excluded {done.excluded} · skipped {done.skipped}; "
        f"written: {', '.join(done.files) or 'nothing'}",
        file=sys.stderr,
    )
    return 0


def _diff(args: argparse.Namespace) -> int:
    try:
        data = release_diff.render(release_diff.diff(args.old, args.new), args.format)
    except release_diff.DiffError as e:
        print(f"registry diff: {e}", file=sys.stderr)
        return 2
    protect = [PACKAGED_DATA, data_dir(None)] + [side for side in (args.old, args.new) if not side.startswith("git:")]
    try:
        write_file(args.output, data, protect=protect, force=args.force)
    except OutputError as e:
        print(f"registry diff: --output {e}" if args.output != "-" else f"registry diff: {e}", file=sys.stderr)
        return 2
    if args.output != "-":
        print(f"registry diff: written to {args.output}", file=sys.stderr)
    return 0


def _publish(args: argparse.Namespace) -> int:
    from registry.publish import PublishError, publish

    reg = load(args.data)
    try:
        names = publish(reg, args.outdir, args.previous)
    except PublishError as e:
        print(f"registry publish: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"registry publish: {e.filename or args.outdir}: {e.strerror or e}", file=sys.stderr)
        return 2
    print(f"registry publish: {len(names)} files written to {args.outdir} (version {reg.version})", file=sys.stderr)
    return 0


def _run(args: argparse.Namespace) -> int:
    if args.data is not None and not Path(args.data).is_dir():
        print(f"registry {args.command}: --data {args.data[:200]}: not a directory", file=sys.stderr)
        return 2
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
            block = dictionary.coverage_markdown(load(args.data)) if args.coverage else dictionary.markdown(read_package(data_dir(args.data)))
            if not args.write:
                print(block)
                return 0
            try:
                target = Path(args.write)
                target.write_text(dictionary.replace_block(target.read_text(encoding="utf-8"), block), encoding="utf-8")
            except (OSError, ValueError) as e:
                print(f"registry dictionary: --write {args.write}: {getattr(e, 'strerror', None) or e}", file=sys.stderr)
                return 2
            print(f"registry dictionary: {args.write} updated", file=sys.stderr)
            return 0
        if args.command == "import":
            return _import(args)
        if args.command == "fetch":
            return _fetch(args)
        if args.command == "diff":
            return _diff(args)
        if args.command == "publish":
            return _publish(args)
        return _export(args)
    except DataValidationError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print(f"registry: {e.data_dir} does not validate ({len(e.problems)} problem(s)); run 'registry validate'", file=sys.stderr)
        return 1


def _input(args: argparse.Namespace) -> str:
    """What the command was reading, for the one-line message of an unexpected error."""
    if args.command == "import":
        return f"{args.file} (data {data_dir(args.data)})"
    if args.command == "diff":
        return f"{args.old} → {args.new}"
    if args.command == "publish":
        return f"{data_dir(args.data)} → {args.outdir}"
    return str(data_dir(args.data))


def _one_line(text: object, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def main(argv: Sequence[str] | None = None) -> int:
    # A lone surrogate or an unencodable name in the data must not turn a message into a traceback.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = _parser().parse_args(argv)
    debug = getattr(args, "debug", False)
    # The one error boundary: whatever goes wrong, a reader gets one line naming the input and a
    # non-zero exit; the traceback only with --debug.
    try:
        return _run(args)
    except OutputError as e:
        print(f"registry {args.command}: {_one_line(e)}", file=sys.stderr)
        return 2
    except RegistryError as e:
        if debug:
            traceback.print_exc()
        print(f"registry {args.command}: {_one_line(e)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"registry {args.command}: interrupted", file=sys.stderr)
        return 130
    except RecursionError:
        if debug:
            traceback.print_exc()
        print(f"registry {args.command}: {_one_line(_input(args))}: nested too deeply to read", file=sys.stderr)
        return 1
    except Exception as e:
        if debug:
            traceback.print_exc()
        print(
            f"registry {args.command}: {_one_line(_input(args))}: unexpected error ({type(e).__name__}: {_one_line(e, 200)}); "
            "run again with --debug for the details",
            file=sys.stderr,
        )
        return 1
