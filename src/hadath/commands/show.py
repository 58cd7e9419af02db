"""`hadath show`: one stored article with its record."""
from __future__ import annotations

import json

from ..store.help import DB_HELP


def add_parser(sub) -> None:
    p = sub.add_parser("show", help="show one stored article and what was extracted from it",
                       description="Print a stored article: its metadata and text, then its actors, places "
                       "and events (or the whole record with --json).")
    p.add_argument("article_id", metavar="ARTICLE_ID", help="the article's id (see `hadath search`)")
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    p.add_argument("--json", action="store_true", help="the stored article as one JSON object")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..store import NoSuchArticle, open_store

    with open_store(args.db, must_exist=True) as store:
        article = store.get_article(args.article_id)
    if article is None:
        raise NoSuchArticle("no stored article has this id; `hadath search` lists ids", source=args.article_id)
    if args.json:
        print(json.dumps(article, ensure_ascii=False, indent=2))
        return 0
    record = article["record"]
    for key in ("id", "title", "published", "source", "url"):
        if article.get(key):
            print(f"{key}: {article[key]}")
    print()
    print(article["text"])
    print()
    for actor in record.get("actors", []):
        print(f"actor {actor['id']}: {actor['name_en']} ({actor['name_ar']}) {actor.get('kind') or ''} "
              f"{actor.get('country') or ''} {actor.get('sector') or ''}".rstrip())
    for place in record.get("places", []):
        print(f"place {place['id']}: {place['name_en']} ({place['name_ar']}) {place.get('country') or ''} "
              f"{place.get('lat')},{place.get('lon')}")
    for event in record.get("events", []):
        print(f"event {event['id']}: {event['type']} {event.get('summary_en') or ''}")
    for event in record.get("unasserted_events", []):
        print(f"unasserted {event['id']} ({event['modality']}): {event['type']} {event.get('summary_en') or ''}")
    return 0
