"""Writing one article: its row, actors, places, events, mentions, index entry and running totals."""
from __future__ import annotations

import html
import json

from ..model import Article
from ..text.normalize import normalize
from .keys import NO_DATE_END, NO_DATE_START, key_of, normalized, now, pack, search_key


def clean_title(title: str | None) -> str | None:
    """A title as a reader sees it: HTML entities decoded (twice-encoded ones too), spaces collapsed."""
    if not title:
        return title
    for _ in range(3):
        decoded = html.unescape(title)
        if decoded == title:
            break
        title = decoded
    return " ".join(title.split()) or None


def write_article(store, article: Article, article_id: str, digest: str, record: dict) -> None:
    """Insert one article and everything extracted from it (the caller holds the transaction)."""
    if record.get("id") != article_id:
        record = {**record, "id": article_id}
    published = article.published.isoformat() if article.published else record.get("published")
    title = clean_title(article.title)
    seq = store._insert_article((article_id, title, published, article.source, article.url or None,
                                digest, pack(article.text), pack(json.dumps(record, ensure_ascii=False)),
                                now()))
    mentions: list[tuple] = []
    rows: list[tuple] = []
    for actor in record.get("actors", []):
        rows.append(
            (article_id, actor["id"], key_of(actor.get("kb_id"), actor.get("name_en"), actor.get("name_ar")),
             actor.get("kb_id"), actor.get("name_en"), actor.get("name_ar"), actor.get("kind"),
             actor.get("country"), actor.get("sector"), actor.get("role_en"),
             search_key(actor.get("kb_id"), actor.get("name_en"), actor.get("name_ar"), actor.get("role_en"),
                        *sorted({m["text"] for m in actor.get("mentions", [])})),
             json.dumps(actor, ensure_ascii=False)))
        mentions += [(article_id, "actor", actor["id"], m) for m in actor.get("mentions", [])]
    if rows:
        store._executemany(
            "INSERT INTO actors (article_id, local_id, actor_key, kb_id, name_en, name_ar, kind, country, "
            "sector, role_en, search_key, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    actors = {actor["id"]: actor for actor in record.get("actors", [])}
    places: dict[str, dict] = {}
    rows = []
    for place in record.get("places", []):
        places[place["id"]] = place
        rows.append(
            (article_id, place["id"], key_of(place.get("kb_id"), place.get("name_en"), place.get("name_ar")),
             place.get("kb_id"), place.get("name_en"), place.get("name_ar"), place.get("country"),
             place.get("admin1"), place.get("lat"), place.get("lon"), place.get("precision"),
             place.get("feature"),
             search_key(place.get("kb_id"), place.get("name_en"), place.get("name_ar"), place.get("admin1"),
                        *sorted({m["text"] for m in place.get("mentions", [])})),
             json.dumps(place, ensure_ascii=False)))
        mentions += [(article_id, "place", place["id"], m) for m in place.get("mentions", [])]
    if rows:
        store._executemany(
            "INSERT INTO places (article_id, local_id, place_key, kb_id, name_en, name_ar, country, admin1, "
            "lat, lon, precision, feature, search_key, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows)
    for number, time in enumerate(record.get("times", []), start=1):
        mentions.append((article_id, "time", f"T{number}", time))
    events = record.get("events", []) + record.get("unasserted_events", [])
    rows = []
    for ordinal, event in enumerate(events):
        date = event.get("date") or {}
        place = places.get(event.get("place") or "")
        rows.append(
            (f"{article_id}/{event['id']}", seq, article_id, event["id"], ordinal, event["type"],
             event.get("mode"), event.get("modality") or "asserted", event.get("source"), event.get("target"),
             event.get("place"), date.get("start") or published or NO_DATE_START,
             date.get("end") or date.get("start") or published or NO_DATE_END,
             place.get("country") if place else None, place.get("lat") if place else None,
             place.get("lon") if place else None, json.dumps(_with_associates(event, actors), ensure_ascii=False)))
        mentions += [(article_id, "event", event["id"], m) for m in event.get("mentions", [])]
        if event.get("trigger"):
            mentions.append((article_id, "trigger", event["id"], event["trigger"]))
    if rows:
        store._executemany(
            "INSERT INTO events (event_uid, article_seq, article_id, local_id, ordinal, type, mode, modality, "
            "source_id, target_id, place_id, date_start, date_end, country, lat, lon, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    if mentions:
        store._executemany("INSERT INTO mentions (article_id, owner_kind, owner_id, start_char, end_char, text) "
                          "VALUES (?, ?, ?, ?, ?, ?)",
                          [(key, kind, owner, m["start"], m["end"], m["text"]) for key, kind, owner, m in mentions])
    store._index_article(seq, normalized(title or ""), normalized(article.text))
    update_stats(store, record)

def _with_associates(event: dict, actors: dict[str, dict]) -> dict:
    """The event as stored: the actors acting with its source (بمساندة X) named, as source and target are."""
    ids = event.get("source_associates") or []
    if not ids:
        return event
    return {**event, "associate_actors": [actors[i] for i in ids if i in actors]}


def update_stats(store, record: dict) -> None:
    """Add one article's actors and places, and their asserted events, to the running totals."""
    roles: dict[str, int] = {}
    for event in record.get("events", []):
        for local in (event.get("source"), event.get("target"), event.get("place")):
            if local:
                roles[local] = roles.get(local, 0) + 1
    for table, key_column, items, columns in (
            ("actor_stats", "actor_key", record.get("actors", []),
             ("kb_id", "name_en", "name_ar", "kind", "country", "sector")),
            ("place_stats", "place_key", record.get("places", []),
             ("kb_id", "name_en", "name_ar", "country", "admin1", "lat", "lon", "precision", "feature"))):
        totals: dict[str, dict] = {}
        for item in items:
            key = key_of(item.get("kb_id"), item.get("name_en"), item.get("name_ar"))
            entry = totals.setdefault(key, {"item": item, "events": 0, "words": set()})
            entry["events"] += roles.get(item["id"], 0)
            entry["words"].update(normalize(w) for w in (item.get("kb_id"), item.get("name_en"),
                                                        item.get("name_ar"), item.get("role_en"),
                                                        item.get("admin1"), *(m["text"] for m in item["mentions"]))
                                  if w)
        if not totals:
            continue
        keys = sorted(totals)
        marks = ", ".join("?" for _ in keys)
        known = dict(store._rows(f"SELECT {key_column}, search_key FROM {table} WHERE {key_column} IN ({marks})",
                                keys))
        rows = []
        for key in keys:
            entry = totals[key]
            words = entry["words"] | set(filter(None, (known.get(key) or "").split(" | ")))
            rows.append((key, *(entry["item"].get(c) for c in columns), " | ".join(sorted(words)), 1,
                         entry["events"]))
        names = ", ".join(columns)
        store._executemany(
            f"INSERT INTO {table} ({key_column}, {names}, search_key, articles, events) "
            f"VALUES ({', '.join('?' for _ in range(len(columns) + 4))}) "
            f"ON CONFLICT ({key_column}) DO UPDATE SET search_key = excluded.search_key, "
            f"articles = {table}.articles + 1, events = {table}.events + excluded.events", rows)
