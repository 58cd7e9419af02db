"""`hadath events`: stored events, filtered by type, country, actor, place, dates and distance."""
from __future__ import annotations

import json

from ..store.help import DB_HELP


def add_filter_arguments(p) -> None:
    """The event filters, shared with `hadath export`."""
    p.add_argument("--type", metavar="TYPE", help="PLOVER event type (ASSAULT, PROTEST, CONSULT ...) or ACLED event "
                   "type (Battles, 'Explosions/Remote violence', 'Violence against civilians', Protests, Riots, "
                   "'Strategic developments'); an unknown type is an error listing the valid ones")
    p.add_argument("--country", metavar="COUNTRY", help="country of the event's place: ISO3, ISO2, English or "
                   "Arabic name (YEM, YE, Yemen, اليمن)")
    p.add_argument("--actor", metavar="NAME", help="source or target actor: knowledge-base id or part of a name "
                   "(English or Arabic)")
    p.add_argument("--place", metavar="NAME", help="the event's place: knowledge-base id or part of a name; every "
                   "name of a known place (تعز, Taiz) selects the same events")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="events on or after this date")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="events on or before this date")
    p.add_argument("--near", metavar="LAT,LON,KM", help="events within KM kilometres of LAT,LON")
    p.add_argument("--min-confidence", metavar="X", help="events whose confidence is at least X (0..1; default: "
                   "all); 0.8 gives a high-precision feed. The store keeps every event: this filters on read")
    p.add_argument("--include-historical", action="store_true", help="also the events dated more than a year "
                   "before their article (history it recalls), left out by default")


def filter_from_args(args):
    from ..confidence import check_min_confidence
    from ..reader import parse_date
    from ..store import EventFilter, parse_near

    return EventFilter(type=args.type, country=args.country, actor=args.actor, place=args.place,
                       since=parse_date(args.since, "--since"), until=parse_date(args.until, "--until"),
                       near=parse_near(args.near) if args.near else None,
                       min_confidence=check_min_confidence(getattr(args, "min_confidence", None)),
                       include_historical=bool(getattr(args, "include_historical", False)))


def add_parser(sub) -> None:
    p = sub.add_parser("events", help="list stored events with filters",
                       description="List stored (asserted) events by date (newest first unless --sort oldest), "
                       "then article, then id.")
    add_filter_arguments(p)
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    p.add_argument("-n", "--limit", type=int, default=100, help="events to show (default 100)")
    p.add_argument("--offset", type=int, default=0, help="events to skip (default 0)")
    p.add_argument("--sort", choices=("newest", "oldest"), default="newest",
                   help="newest first (default; undated events last) or oldest first")
    p.add_argument("--count", action="store_true", help="print only the number of matching events "
                   "(with --canonical: of canonical events)")
    p.add_argument("--json", action="store_true", help="one JSON object per event")
    p.add_argument("--canonical", action="store_true",
                   help="one line per canonical event (the same event in many articles once; run `hadath dedup` first)")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..store import open_store

    flt = filter_from_args(args)
    with open_store(args.db, must_exist=True) as store:
        warn_if_empty(store)
        if args.canonical and args.count:
            print(store.count_canonical_events(flt))
            return 0
        if args.canonical:
            return _print_canonical(store.canonical_events(flt, limit=args.limit, offset=args.offset), args)
        if args.count:
            print(store.count_events(flt))
            return 0
        events = store.query_events(flt, limit=args.limit, offset=args.offset, newest=args.sort == "newest")
    for e in events:
        if args.json:
            print(json.dumps(e, ensure_ascii=False))
            continue
        date = (e.get("date") or {}).get("start") or "----------"
        place = e["place_detail"]
        where = f"{place['name_en']} ({place.get('country') or '?'})" if place else "-"
        print(f"{date}  {e['type']:<10} {e['event_uid']:<24} {where:<28} {e.get('summary_en') or ''}")
    return 0


def warn_if_empty(store) -> bool:
    """A note on standard error when the store holds no article (a default store nobody filled)."""
    import sys

    if store.count_articles():
        return False
    print(f"hadath: the store at {store.describe()} is empty: ingest first or pass --db", file=sys.stderr)
    return True


def _print_canonical(canonical: list[dict], args) -> int:
    for c in canonical:
        if args.json:
            print(json.dumps(c, ensure_ascii=False))
            continue
        date = (c.get("date") or {}).get("start") or "----------"
        place = c.get("place")
        where = f"{place['name_en']} ({place.get('country') or '?'})" if place else "-"
        print(f"{date}  {c['type']:<10} {c['articles']:>3} art. {where:<28} {c.get('summary_en') or ''}")
    return 0
