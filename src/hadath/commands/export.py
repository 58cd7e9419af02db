"""`hadath export`: stored events (or article records) in json, jsonl, csv, acled-csv, plover-json,
geojson or parquet."""
from __future__ import annotations

import sys

from ..store.help import DB_HELP
from .events import add_filter_arguments, filter_from_args


def add_parser(sub) -> None:
    from ..export import FORMATS

    p = sub.add_parser("export", help="export stored events (ACLED and PLOVER layouts, GeoJSON, Parquet, ...)",
                       description="Write the stored events that the filters select, in the order of "
                       "`hadath events`. csv and parquet: hadath's flat columns; acled-csv: ACLED's columns with "
                       "event types mapped from PLOVER (types ACLED does not record are left out); plover-json: "
                       "PLOVER records; geojson: events with coordinates as points; json/jsonl: the events as "
                       "`hadath events --json` prints them, or the article records with --articles.")
    p.add_argument("--format", "-f", required=True, choices=FORMATS, help="output format")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output; "
                   "parquet needs a file)")
    p.add_argument("--articles", action="store_true", help="json/jsonl: the stored article records, not events")
    add_filter_arguments(p)
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    p.set_defaults(run=run)


def run(args) -> int:
    from ..export import BINARY_FORMATS, ExportError, export
    from ..store import open_store

    flt = filter_from_args(args)
    binary = args.format in BINARY_FORMATS
    if binary and not args.output:
        raise ExportError(f"{args.format} is binary: give a file with -o", source="--output")
    with open_store(args.db, must_exist=True) as store:
        if args.output:
            mode = "wb" if binary else "w"
            with open(args.output, mode, **({} if binary else {"encoding": "utf-8", "newline": ""})) as out:
                summary = export(store, args.format, out, flt, articles=args.articles)
        else:
            summary = export(store, args.format, sys.stdout, flt, articles=args.articles)
    what = "article records" if args.articles else "events"
    note = f", {summary.skipped:,} left out ({summary.skipped_why})" if summary.skipped else ""
    print(f"hadath: exported {summary.written:,} {what}{note}", file=sys.stderr)
    return 0
