"""PostgreSQL backend (the `postgres` extra, psycopg 3) for databases many people share.

The schema is the SQLite one; full text lives in two tsvector columns over the normalised text:
``simple`` (the same words and proclitic-free forms SQLite indexes) and ``arabic`` (Snowball
stems), both GIN-indexed. A search matches either; ranking follows the ``simple`` column.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from . import fts
from .base import SQLStore
from .errors import MissingBackend, StoreError

_ADVISORY_KEY = 0x6861646174  # "hadat": serialises migrations between processes


def _redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


class PostgresStore(SQLStore):
    dialect = "postgresql"
    _nulls_last = " NULLS LAST"

    def __init__(self, url: str):
        super().__init__()
        self.url = url
        try:
            import psycopg
        except ImportError:
            raise MissingBackend("PostgreSQL needs psycopg: pip install 'hadath[postgres]'",
                                 source=_redact(url)) from None
        self._psycopg = psycopg
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=15)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect: {str(exc).strip().splitlines()[0]}", source=_redact(url)) from None
        self._migrate()
        rows = self._rows("SELECT 1 FROM pg_ts_config WHERE cfgname = 'arabic'")
        self._arabic = bool(rows)  # PostgreSQL 13+ ships it; without it the simple index serves alone

    def describe(self) -> str:
        return _redact(self.url)

    def _execute(self, sql: str, params=()):
        return self._conn.execute(sql.replace("?", "%s"), params)

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        with self._conn.cursor() as cur:
            cur.executemany(sql.replace("?", "%s"), rows)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._conn.transaction():
            yield

    def _lock_for_migration(self) -> None:
        self._execute("SELECT pg_advisory_xact_lock(?)", (_ADVISORY_KEY,))

    def _insert_article(self, row: tuple) -> int:
        return self._execute("INSERT INTO articles (id, title, published, source, url, text_hash, text, record, "
                             "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq", row).fetchone()[0]

    def _index_article(self, seq: int, title: str, text: str) -> None:  # both normalised already
        simple = ("setweight(to_tsvector('simple', ?), 'A') || to_tsvector('simple', ?)")
        params = [fts.index_text(title), fts.index_text(text)]
        if self._arabic:
            words = f"{title} {text}"
            self._execute(f"UPDATE articles SET fts_simple = {simple}, fts_arabic = to_tsvector('arabic', ?) "
                          "WHERE seq = ?", params + [words, seq])
        else:
            self._execute(f"UPDATE articles SET fts_simple = {simple} WHERE seq = ?", params + [seq])

    def _search_seqs(self, terms: list[str], limit: int, offset: int) -> list[int]:
        words = " ".join(terms)
        if self._arabic:
            sql = ("SELECT seq FROM articles, plainto_tsquery('simple', ?) q1, plainto_tsquery('arabic', ?) q2 "
                   "WHERE fts_simple @@ q1 OR fts_arabic @@ q2 "
                   "ORDER BY ts_rank(fts_simple, q1) DESC, seq DESC LIMIT ? OFFSET ?")
            params = (words, words, limit, offset)
        else:
            sql = ("SELECT seq FROM articles, plainto_tsquery('simple', ?) q1 WHERE fts_simple @@ q1 "
                   "ORDER BY ts_rank(fts_simple, q1) DESC, seq DESC LIMIT ? OFFSET ?")
            params = (words, limit, offset)
        # the tsvectors live out of line (TOAST), which the planner does not cost: on a small table it
        # picks a sequential scan that detoasts every row; the GIN indexes are always the faster way
        with self._transaction():
            self._execute("SET LOCAL enable_seqscan = off")
            return [r[0] for r in self._rows(sql, params)]

    def _is_duplicate_error(self, exc: Exception) -> bool:
        return isinstance(exc, self._psycopg.errors.UniqueViolation)

    def optimize(self) -> None:
        with self._lock:
            self._execute("ANALYZE articles, events, actors, places, actor_stats, place_stats")

    def close(self) -> None:
        with self._lock:
            self._conn.close()
