"""Versioned schema of the event store, one list of migrations per SQL dialect.

A migration is applied once, in its own transaction, and recorded in ``schema_migrations``.
Add a new one at the end of ``MIGRATIONS``; never edit one that has shipped. Both dialects
share the table layout below; only the full-text index differs (FTS5 in SQLite, tsvector
columns with the ``simple`` and ``arabic`` configurations in PostgreSQL).
"""
from __future__ import annotations

# {serial}, {real}, {blob} are filled per dialect so the layout is written once.
# articles.text and articles.record hold zlib-compressed UTF-8 (text) and JSON (record): they are
# read whole, never searched in SQL, and compress about four to one.
# events.date_start/date_end: an event with no date at all (no publication date either) carries
# 9999-12-31 / 0000-01-01, so that it sorts last and no date filter selects it.
_TABLES_V1 = [
    """CREATE TABLE articles (
        seq {serial},
        id TEXT NOT NULL UNIQUE,
        title TEXT,
        published TEXT,
        source TEXT,
        url TEXT UNIQUE,
        text_hash TEXT NOT NULL UNIQUE,
        text {blob} NOT NULL,
        record {blob} NOT NULL,
        ingested_at TEXT NOT NULL)""",
    "CREATE INDEX articles_published ON articles (published, seq)",
    """CREATE TABLE actors (
        article_id TEXT NOT NULL REFERENCES articles (id),
        local_id TEXT NOT NULL,
        actor_key TEXT NOT NULL,
        kb_id TEXT,
        name_en TEXT,
        name_ar TEXT,
        kind TEXT,
        country TEXT,
        sector TEXT,
        role_en TEXT,
        search_key TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (article_id, local_id))""",
    "CREATE INDEX actors_key ON actors (actor_key)",
    """CREATE TABLE places (
        article_id TEXT NOT NULL REFERENCES articles (id),
        local_id TEXT NOT NULL,
        place_key TEXT NOT NULL,
        kb_id TEXT,
        name_en TEXT,
        name_ar TEXT,
        country TEXT,
        admin1 TEXT,
        lat {real},
        lon {real},
        precision INTEGER,
        feature TEXT,
        search_key TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (article_id, local_id))""",
    "CREATE INDEX places_key ON places (place_key)",
    """CREATE TABLE events (
        event_uid TEXT PRIMARY KEY,
        article_seq INTEGER NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles (id),
        local_id TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        type TEXT NOT NULL,
        mode TEXT,
        modality TEXT NOT NULL,
        source_id TEXT,
        target_id TEXT,
        place_id TEXT,
        date_start TEXT,
        date_end TEXT,
        country TEXT,
        lat {real},
        lon {real},
        data TEXT NOT NULL)""",
    "CREATE INDEX events_date ON events (date_start, article_seq, ordinal)",
    # lists are read in date order: with these, the first page of a type or a country needs no sort
    "CREATE INDEX events_type ON events (type, date_start, article_seq, ordinal)",
    "CREATE INDEX events_country ON events (country, date_start, article_seq, ordinal)",
    "CREATE INDEX events_lat ON events (lat)",
    "CREATE INDEX events_article ON events (article_id)",
    """CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles (id),
        owner_kind TEXT NOT NULL,
        owner_id TEXT NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        text TEXT NOT NULL)""",
    "CREATE INDEX mentions_owner ON mentions (article_id, owner_kind, owner_id)",
    # running totals per canonical actor and place, kept in the same transaction as each article,
    # so that lists of the most frequent ones need no scan of every mention
    """CREATE TABLE actor_stats (
        actor_key TEXT PRIMARY KEY,
        kb_id TEXT,
        name_en TEXT,
        name_ar TEXT,
        kind TEXT,
        country TEXT,
        sector TEXT,
        search_key TEXT NOT NULL,
        articles INTEGER NOT NULL,
        events INTEGER NOT NULL)""",
    "CREATE INDEX actor_stats_rank ON actor_stats (events, articles)",
    """CREATE TABLE place_stats (
        place_key TEXT PRIMARY KEY,
        kb_id TEXT,
        name_en TEXT,
        name_ar TEXT,
        country TEXT,
        admin1 TEXT,
        lat {real},
        lon {real},
        precision INTEGER,
        feature TEXT,
        search_key TEXT NOT NULL,
        articles INTEGER NOT NULL,
        events INTEGER NOT NULL)""",
    "CREATE INDEX place_stats_rank ON place_stats (events, articles)",
]

_DIALECT = {
    "sqlite": {"serial": "INTEGER PRIMARY KEY AUTOINCREMENT", "real": "REAL", "blob": "BLOB"},
    "postgresql": {"serial": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "real": "DOUBLE PRECISION",
                   "blob": "BYTEA"},
}

_FTS_V1 = {
    # contentless: the index holds normalised tokens only; snippets are cut from the original text
    "sqlite": ["CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='', "
               "tokenize='unicode61 remove_diacritics 0')"],
    "postgresql": [
        "ALTER TABLE articles ADD COLUMN fts_simple tsvector",
        "ALTER TABLE articles ADD COLUMN fts_arabic tsvector",
        "CREATE INDEX articles_fts_simple ON articles USING GIN (fts_simple)",
        "CREATE INDEX articles_fts_arabic ON articles USING GIN (fts_arabic)",
    ],
}


def _v1(dialect: str) -> list[str]:
    return [sql.format(**_DIALECT[dialect]) for sql in _TABLES_V1] + _FTS_V1[dialect]


# v2: events linked across articles (`hadath dedup`): each asserted event's canonical event, and the
# canonical events themselves as JSON (hadath.dedup.canonical_event), rebuilt whole by each run
_V2 = [
    """CREATE TABLE canonical_events (
        canonical_id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        date_start TEXT,
        articles INTEGER NOT NULL,
        data TEXT NOT NULL)""",
    "CREATE INDEX canonical_events_date ON canonical_events (date_start, canonical_id)",
    "CREATE TABLE event_links (event_uid TEXT PRIMARY KEY, canonical_id TEXT NOT NULL)",
    "CREATE INDEX event_links_canonical ON event_links (canonical_id)",
]

# version -> statements, per dialect
MIGRATIONS: dict[int, dict[str, list[str]]] = {
    1: {"sqlite": _v1("sqlite"), "postgresql": _v1("postgresql")},
    2: {"sqlite": _V2, "postgresql": _V2},
}

LATEST = max(MIGRATIONS)

MIGRATIONS_TABLE = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
