"""`hadath search`: full-text search of stored articles (normalised Arabic), with snippets."""
from __future__ import annotations

import json
import sys

from ..store.help import DB_HELP


def add_parser(sub) -> None:
    p = sub.add_parser("search", help="full-text search of the stored articles",
                       description="Search the stored articles. Arabic is normalised as the extractor does "
                       "(marks, alef and ya forms, ta marbuta), and words with proclitics (و ف ب ل ك ال) match "
                       "their bare form. Every word must occur. Hits are shown in bold (on a terminal) or "
                       "between [[ and ]].")
    p.add_argument("query", help="words to search for")
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    p.add_argument("-n", "--limit", type=int, default=20, help="results to show (default 20)")
    p.add_argument("--offset", type=int, default=0, help="results to skip (default 0)")
    p.add_argument("--json", action="store_true", help="one JSON object per result")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..store import open_store

    from ..store import BadQuery
    from ..store.fts import query_words
    from .events import warn_if_empty

    if not query_words(args.query or ""):  # a query with no words is refused before any store is opened
        raise BadQuery(f"{args.query!r} has no words to search for", source="search")
    with open_store(args.db, must_exist=True) as store:
        results = store.search(args.query, limit=args.limit, offset=args.offset)
        empty = not results and warn_if_empty(store)
    bold = sys.stdout.isatty() and not args.json
    for r in results:
        if args.json:
            print(json.dumps(r, ensure_ascii=False))
            continue
        snippet = r["snippet"].replace("[[", "\033[1m").replace("]]", "\033[0m") if bold else r["snippet"]
        print(f"{r['article_id']}  {r['published'] or '----------'}  {r['title'] or ''}".rstrip())
        print(f"    {snippet}")
    if not results and not args.json and not empty:
        print("no articles match", file=sys.stderr)
    return 0
