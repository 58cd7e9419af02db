"""The store logic both backends share; a backend supplies the connection and the full-text index.

SQL is written once with ``?`` placeholders; the PostgreSQL backend rewrites them. Every write
of an article (the article, its actors, places, events, mentions and index entry) happens in
one transaction, so a reader or a crash sees the whole article or none of it.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import UndecodableInput
from ..model import Article
from ..text.normalize import normalize
from . import fts
from .errors import BadQuery, SchemaTooNew
from .filters import (EventFilter, acled_type_sql, bounding_box, civilian_sectors, country_code, distance_km,
                      place_keys, resolve_type)
from .keys import NO_DATE_START, like, now, text_hash, unpack
from .schema import LATEST, MIGRATIONS, MIGRATIONS_TABLE
from .write import write_article

ARTICLE_LIST_COLUMNS = ("id", "title", "published", "source", "url")
_EVENT_COLUMNS = ("e.event_uid", "e.article_id", "e.data", "e.lat", "e.lon", "sa.data", "ta.data", "p.data",
                  "a.published", "a.title", "a.source", "a.url")


class SQLStore:
    """Shared implementation; see ``hadath.store`` for the public contract."""

    dialect = "sql"
    _nulls_last = ""  # what makes DESC put NULLs last (SQLite does so already)

    def __init__(self) -> None:
        self._lock = threading.RLock()

    # -- backend hooks -------------------------------------------------------------------------
    def _execute(self, sql: str, params: tuple | list = ()) -> Any:  # returns a cursor
        raise NotImplementedError

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        raise NotImplementedError

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        raise NotImplementedError
        yield

    def _insert_article(self, row: tuple) -> int:
        raise NotImplementedError

    def _index_article(self, seq: int, title: str, text: str) -> None:
        raise NotImplementedError

    def _search_seqs(self, terms: list[str], limit: int, offset: int) -> list[int]:
        raise NotImplementedError

    def _is_duplicate_error(self, exc: Exception) -> bool:
        raise NotImplementedError

    def _lock_for_migration(self) -> None:
        """Keep two processes from migrating one database at once (inside the transaction)."""

    def optimize(self) -> None:
        """Refresh the planner's statistics after many writes (ingest calls it at the end)."""

    def close(self) -> None:
        raise NotImplementedError

    # -- lifecycle -----------------------------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _rows(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        return self._execute(sql, params).fetchall()

    def schema_version(self) -> int:
        with self._lock:
            row = self._rows("SELECT MAX(version) FROM schema_migrations")[0]
        return row[0] or 0

    def _migrate(self) -> None:
        with self._lock:
            with self._transaction():
                self._lock_for_migration()
                self._execute(MIGRATIONS_TABLE)
            with self._transaction():
                self._lock_for_migration()
                current = self._rows("SELECT MAX(version) FROM schema_migrations")[0][0] or 0
                if current > LATEST:
                    raise SchemaTooNew(f"the database has schema version {current}, this hadath knows up to "
                                       f"{LATEST}; upgrade hadath", source=self.describe())
                for version in sorted(v for v in MIGRATIONS if v > current):
                    for statement in MIGRATIONS[version][self.dialect]:
                        self._execute(statement)
                    self._execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                                  (version, now()))

    def describe(self) -> str:
        return self.dialect

    # -- writing -------------------------------------------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Commit the adds made inside as one transaction (each add stays all-or-nothing).

        Committing costs more than writing one article; ingest groups about half a second of
        articles. A crash loses at most the open batch, never a committed one.
        """
        with self._lock:
            with self._transaction():
                yield

    def contains(self, article: Article) -> bool:
        """Whether an article with this URL or this (normalised) text is stored already."""
        with self._lock:
            return self._find_duplicate(article.url, text_hash(article.text)) is not None

    def has_url(self, url: str) -> bool:
        """Whether an article with this URL is stored already."""
        with self._lock:
            return bool(self._rows("SELECT 1 FROM articles WHERE url = ? LIMIT 1", (url,)))

    def _find_duplicate(self, url: str | None, digest: str) -> str | None:
        if url:
            rows = self._rows("SELECT id FROM articles WHERE url = ? OR text_hash = ? LIMIT 1", (url, digest))
        else:
            rows = self._rows("SELECT id FROM articles WHERE text_hash = ? LIMIT 1", (digest,))
        return rows[0][0] if rows else None

    def _free_id(self, wanted: str, digest: str) -> str:
        candidate, number = wanted, 1
        while self._rows("SELECT 1 FROM articles WHERE id = ?", (candidate,)):
            number += 1
            candidate = f"{wanted}-{digest[:8]}" if number == 2 else f"{wanted}-{digest[:8]}-{number}"
        return candidate

    def add(self, article: Article, record: dict) -> bool:
        """Store one article and its extract record; False when it is stored already."""
        if "\x00" in article.text:  # PostgreSQL cannot store it; SQLite could: refuse it alike
            raise UndecodableInput("the text holds NUL characters; is it a binary file?", source=article.id)
        digest = text_hash(article.text)
        with self._lock:
            try:
                with self._transaction():
                    if self._find_duplicate(article.url, digest) is not None:
                        return False
                    article_id = self._free_id(article.id, digest)
                    write_article(self, article, article_id, digest, record)
            except Exception as exc:
                if self._is_duplicate_error(exc):
                    return False
                raise
        return True

    # -- articles ------------------------------------------------------------------------------
    def get_article(self, article_id: str) -> dict | None:
        with self._lock:
            rows = self._rows("SELECT id, title, published, source, url, text, record FROM articles WHERE id = ?",
                              (article_id,))
        if not rows:
            return None
        row = rows[0]
        return {**dict(zip(ARTICLE_LIST_COLUMNS, row[:5])), "text": unpack(row[5]),
                "record": json.loads(unpack(row[6]))}

    def list_articles(self, limit: int = 50, offset: int = 0) -> list[dict]:
        limit, offset = _page(limit, offset)
        with self._lock:
            rows = self._rows("SELECT id, title, published, source, url FROM articles "
                              f"ORDER BY published DESC{self._nulls_last}, seq DESC LIMIT ? OFFSET ?",
                              (limit, offset))
        return [dict(zip(ARTICLE_LIST_COLUMNS, row)) for row in rows]

    def count_articles(self) -> int:
        with self._lock:
            return self._rows("SELECT COUNT(*) FROM articles")[0][0]

    def iter_records(self) -> Iterator[dict]:
        """Every stored article record, in the order of ingest."""
        last = 0
        while True:
            with self._lock:
                rows = self._rows("SELECT seq, record FROM articles WHERE seq > ? ORDER BY seq LIMIT 500", (last,))
            if not rows:
                return
            for seq, record in rows:
                yield json.loads(unpack(record))
            last = rows[-1][0]

    # -- events --------------------------------------------------------------------------------
    def _event_where(self, flt: EventFilter) -> tuple[str, list]:
        where, params = ["e.modality = 'asserted'"], []
        if flt.type:
            scheme, name = resolve_type(flt.type)
            if scheme == "plover":
                where.append("e.type = ?")
                params.append(name)
            else:
                sectors = civilian_sectors()
                civilian = ("EXISTS (SELECT 1 FROM actors t WHERE t.article_id = e.article_id "
                            f"AND t.local_id = e.target_id AND t.sector IN ({', '.join('?' for _ in sectors)}))")
                sql, type_params = acled_type_sql(name, civilian, sectors)
                where.append(sql)
                params += type_params
        if flt.country:
            where.append("e.country = ?")
            params.append(country_code(flt.country))
        if flt.since:
            where.append("e.date_end >= ?")
            params.append(flt.since.isoformat())
        if flt.until:
            where.append("e.date_start <= ?")
            params.append(flt.until.isoformat())
        if flt.actor:
            key = normalize(flt.actor)
            if not key:
                raise BadQuery("an empty actor name matches nothing", source="actor")
            where.append("EXISTS (SELECT 1 FROM actors x WHERE x.article_id = e.article_id "
                         "AND x.local_id IN (e.source_id, e.target_id) "
                         "AND (x.kb_id = ? OR x.search_key LIKE ? ESCAPE '\\'))")
            params += [flt.actor.strip(), like(key)]
        if flt.place:
            key = normalize(flt.place)
            if not key:
                raise BadQuery("an empty place name matches nothing", source="place")
            keys = place_keys(flt.place)
            likes = " OR ".join("x.search_key LIKE ? ESCAPE '\\'" for _ in keys)
            where.append("EXISTS (SELECT 1 FROM places x WHERE x.article_id = e.article_id "
                         f"AND x.local_id = e.place_id AND (x.kb_id = ? OR {likes}))")
            params += [flt.place.strip(), *(like(k) for k in keys)]
        if not flt.include_historical:  # history an article recalls is no current event (records before
            where.append(f"COALESCE({self._historical_sql()}, 0) = 0")  # the flag existed have none)
        if flt.min_confidence:  # the stored record's number; an event without one meets no threshold
            where.append(f"COALESCE({self._confidence_sql()}, 0) >= ?")
            params.append(float(flt.min_confidence))
        if flt.near:
            lat_min, lat_max, lon_min, lon_max = bounding_box(*flt.near)
            where.append("e.lat BETWEEN ? AND ?")
            params += [lat_min, lat_max]
            if lon_min is not None:
                where.append("e.lon BETWEEN ? AND ?")
                params += [lon_min, lon_max]
        return " AND ".join(where), params

    def _historical_sql(self) -> str:
        """1 when the stored event is flagged historical, from its JSON."""
        if self.dialect == "postgresql":
            return "CASE WHEN (e.data::json ->> 'historical') = 'true' THEN 1 ELSE 0 END"
        return "CAST(json_extract(e.data, '$.historical') AS INTEGER)"

    def _confidence_sql(self) -> str:
        """The event's confidence, read from its stored JSON (no column of its own: no migration needed)."""
        if self.dialect == "postgresql":
            return "CAST((e.data::json ->> 'confidence') AS DOUBLE PRECISION)"
        return "CAST(json_extract(e.data, '$.confidence') AS REAL)"

    @staticmethod
    def _event_order(newest: bool) -> str:
        if not newest:
            return "e.date_start, e.article_seq, e.ordinal"
        # newest first, the undated (stored with date_start 9999-12-31) last
        return f"(e.date_start = '{NO_DATE_START}'), e.date_start DESC, e.article_seq DESC, e.ordinal"

    def _event_sql(self, flt: EventFilter, newest: bool = False) -> tuple[str, list]:
        where, params = self._event_where(flt)
        sql = (f"SELECT {', '.join(_EVENT_COLUMNS)} FROM events e "
               "JOIN articles a ON a.id = e.article_id "
               "LEFT JOIN actors sa ON sa.article_id = e.article_id AND sa.local_id = e.source_id "
               "LEFT JOIN actors ta ON ta.article_id = e.article_id AND ta.local_id = e.target_id "
               "LEFT JOIN places p ON p.article_id = e.article_id AND p.local_id = e.place_id "
               f"WHERE {where} ORDER BY {self._event_order(newest)}")
        return sql, params

    @staticmethod
    def _near_ok(flt: EventFilter, lat: float | None, lon: float | None) -> bool:
        if flt.near is None:
            return True
        return lat is not None and lon is not None and distance_km(flt.near[0], flt.near[1], lat, lon) <= flt.near[2]

    @staticmethod
    def _event_dict(row: tuple) -> dict:
        uid, article_id, data, _lat, _lon, source, target, place, published, title, outlet, url = row
        event = json.loads(data)
        return {**event, "article_id": article_id, "event_uid": uid, "published": published,
                "article_title": title, "article_source": outlet, "article_url": url,
                "source_actor": json.loads(source) if source else None,
                "target_actor": json.loads(target) if target else None,
                "place_detail": json.loads(place) if place else None}

    def query_events(self, flt: EventFilter | None = None, limit: int = 100, offset: int = 0,
                     newest: bool = False) -> list[dict]:
        """Matching events by date, oldest first (``newest``: newest first, the undated last)."""
        flt = flt or EventFilter()
        limit, offset = _page(limit, offset)
        sql, params = self._event_sql(flt, newest)
        with self._lock:
            if flt.near is None:
                rows = self._rows(sql + " LIMIT ? OFFSET ?", params + [limit, offset])
            else:  # the bounding box narrows in SQL; the distance is checked here, on coordinates only
                where, params = self._event_where(flt)
                candidates = self._rows(f"SELECT e.event_uid, e.lat, e.lon FROM events e WHERE {where} "
                                        f"ORDER BY {self._event_order(newest)}", params)
                chosen = [uid for uid, lat, lon in candidates if self._near_ok(flt, lat, lon)][offset:offset + limit]
                rows = []
                for start in range(0, len(chosen), 500):
                    part = chosen[start:start + 500]
                    marks = ", ".join("?" for _ in part)
                    rows += self._rows(sql.replace(" ORDER BY ", f" AND e.event_uid IN ({marks}) ORDER BY ", 1),
                                       self._event_where(flt)[1] + part)
        return [self._event_dict(r) for r in rows]

    def iter_events(self, flt: EventFilter | None = None, page: int = 1000) -> Iterator[dict]:
        """Every event ``flt`` selects, in ``query_events`` order, read a page at a time."""
        flt = flt or EventFilter()
        offset = 0
        while True:
            batch = self.query_events(flt, limit=page, offset=offset)
            yield from batch
            if len(batch) < page:
                return
            offset += page

    def count_events(self, flt: EventFilter | None = None) -> int:
        flt = flt or EventFilter()
        where, params = self._event_where(flt)
        with self._lock:
            if flt.near is None:
                return self._rows(f"SELECT COUNT(*) FROM events e WHERE {where}", params)[0][0]
            rows = self._rows(f"SELECT e.lat, e.lon FROM events e WHERE {where}", params)
        return sum(1 for lat, lon in rows if self._near_ok(flt, lat, lon))

    # -- events linked across articles ---------------------------------------------------------
    def link_events(self) -> dict:
        """Link the same event across stored articles (hadath.dedup); replaces the previous links."""
        from ..dedup import link_events

        canonical = link_events(self.iter_events())
        with self._lock:
            with self._transaction():
                self._execute("DELETE FROM event_links")
                self._execute("DELETE FROM canonical_events")
                self._executemany(
                    "INSERT INTO canonical_events (canonical_id, type, date_start, articles, data) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(c["canonical_id"], c["type"], (c["date"] or {}).get("start"), c["articles"],
                      json.dumps(c, ensure_ascii=False)) for c in canonical])
                self._executemany("INSERT INTO event_links (event_uid, canonical_id) VALUES (?, ?)",
                                  [(m["event_uid"], c["canonical_id"]) for c in canonical for m in c["members"]])
        events = sum(len(c["members"]) for c in canonical)
        return {"events": events, "canonical_events": len(canonical),
                "linked_across_articles": sum(1 for c in canonical if c["articles"] > 1)}

    def canonical_events(self, flt: EventFilter | None = None, limit: int = 100, offset: int = 0) -> list[dict]:
        """Canonical events with a member that ``flt`` selects, in date order (after ``link_events``)."""
        limit, offset = _page(limit, offset)
        flt = flt or EventFilter()
        where, params = self._event_where(flt)
        sql = ("SELECT DISTINCT c.canonical_id, c.date_start, c.data FROM canonical_events c "
               "JOIN event_links l ON l.canonical_id = c.canonical_id JOIN events e ON e.event_uid = l.event_uid "
               f"WHERE {where} ORDER BY c.date_start, c.canonical_id")
        with self._lock:
            if flt.near is None:
                rows = self._rows(sql + " LIMIT ? OFFSET ?", params + [limit, offset])
            else:
                rows = [row for row in self._rows(sql, params)
                        if self._near_ok(flt, *((json.loads(row[2]).get("place") or {}).get(k) for k in ("lat", "lon")))]
                rows = rows[offset:offset + limit]
        return [json.loads(row[2]) for row in rows]

    def count_canonical_events(self, flt: EventFilter | None = None) -> int:
        """How many canonical events ``canonical_events`` would list without a limit."""
        flt = flt or EventFilter()
        if flt.near is not None:
            return len(self.canonical_events(flt, limit=10 ** 12))
        where, params = self._event_where(flt)
        with self._lock:
            return self._rows("SELECT COUNT(DISTINCT l.canonical_id) FROM event_links l "
                              f"JOIN events e ON e.event_uid = l.event_uid WHERE {where}", params)[0][0]

    # -- actors and places ---------------------------------------------------------------------
    def list_actors(self, query: str | None = None, limit: int = 100, offset: int = 0) -> list[dict]:
        """Canonical actors (kb id, else name) with the articles and events they are in, most events first."""
        keys = ("key", "kb_id", "name_en", "name_ar", "kind", "country", "sector", "articles", "events")
        return self._list_stats("actor_stats", keys, query, limit, offset)

    def list_places(self, query: str | None = None, limit: int = 100, offset: int = 0) -> list[dict]:
        """Canonical places (kb id, else name) with coordinates and counts, most events first."""
        keys = ("key", "kb_id", "name_en", "name_ar", "country", "admin1", "lat", "lon", "precision", "feature",
                "articles", "events")
        return self._list_stats("place_stats", keys, query, limit, offset)

    def _list_stats(self, table: str, keys: tuple[str, ...], query: str | None, limit: int,
                    offset: int) -> list[dict]:
        limit, offset = _page(limit, offset)
        key_column = "actor_key" if table == "actor_stats" else "place_key"
        where, params = "", []
        if query and normalize(query):
            where, params = "WHERE kb_id = ? OR search_key LIKE ? ESCAPE '\\'", [query.strip(),
                                                                                  like(normalize(query))]
        columns = ", ".join((key_column,) + keys[1:])
        with self._lock:
            rows = self._rows(f"SELECT {columns} FROM {table} {where} "
                              f"ORDER BY events DESC, articles DESC, {key_column} LIMIT ? OFFSET ?",
                              params + [limit, offset])
        return [dict(zip(keys, row)) for row in rows]

    # -- search --------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[dict]:
        """Articles matching every word of ``query`` (normalised Arabic), best first, with snippets."""
        terms = fts.query_words(query or "")
        if not terms:
            raise BadQuery(f"{query!r} has no words to search for", source="search")
        limit, offset = _page(limit, offset)
        with self._lock:
            seqs = self._search_seqs(terms, limit, offset)
            if not seqs:
                return []
            marks = ", ".join("?" for _ in seqs)
            rows = self._rows(f"SELECT seq, id, title, published, text FROM articles WHERE seq IN ({marks})", seqs)
        by_seq = {row[0]: row for row in rows}
        out = []
        for seq in seqs:
            if seq not in by_seq:
                continue
            _seq, article_id, title, published, text = by_seq[seq]
            out.append({"article_id": article_id, "title": title, "published": published,
                        "snippet": fts.snippet(unpack(text), terms)})
        return out


def _page(limit: int, offset: int) -> tuple[int, int]:
    try:
        limit, offset = int(limit), int(offset)
    except (TypeError, ValueError):
        raise BadQuery(f"limit {limit!r} and offset {offset!r} must be whole numbers", source="page") from None
    if limit < 0 or offset < 0:
        raise BadQuery(f"limit {limit} and offset {offset} must not be negative", source="page")
    return limit, offset
