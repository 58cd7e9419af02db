"""`hadath dedup`: link the same event across the stored articles (one canonical event for many reports)."""
from __future__ import annotations

import json

from ..store.help import DB_HELP


def add_parser(sub) -> None:
    p = sub.add_parser("dedup", help="link the same event reported by several stored articles",
                       description="Link stored events of different articles that describe the same real event "
                       "(same type, compatible actors, places and dates; the sentences' similarity where the "
                       "fields cannot decide) into canonical events, replacing earlier links. "
                       "`hadath events --canonical` lists them.")
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..store import open_store

    with open_store(args.db, must_exist=True) as store:
        summary = store.link_events()
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"{summary['events']:,} events -> {summary['canonical_events']:,} canonical events "
              f"({summary['linked_across_articles']:,} reported by more than one article)")
    return 0
