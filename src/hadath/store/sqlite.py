"""SQLite backend: one file, WAL journal (readers never wait for the writer), FTS5 index."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import fts
from .base import SQLStore
from .errors import StoreError

BUSY_TIMEOUT_MS = 30_000


class SQLiteStore(SQLStore):
    dialect = "sqlite"

    def __init__(self, path: str | Path):
        super().__init__()
        self.path = Path(path).expanduser()
        self._savepoints = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # autocommit mode: transactions are opened explicitly with BEGIN IMMEDIATE
            self._conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                         check_same_thread=False)
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a crash never corrupts
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA temp_store = MEMORY")  # savepoint journals of batched adds
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the database: {exc}", source=str(self.path)) from None

    def describe(self) -> str:
        return str(self.path)

    def _execute(self, sql: str, params=()):
        return self._conn.execute(sql, params)

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        self._conn.executemany(sql, rows)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._conn.in_transaction:  # nested (an add inside a batch): a savepoint keeps it all-or-nothing
            self._savepoints += 1
            name = f"hadath_{self._savepoints}"
            self._conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                self._conn.execute(f"ROLLBACK TO {name}")
                self._conn.execute(f"RELEASE {name}")
                raise
            finally:
                self._savepoints -= 1
            self._conn.execute(f"RELEASE {name}")
            return
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _insert_article(self, row: tuple) -> int:
        cur = self._conn.execute("INSERT INTO articles (id, title, published, source, url, text_hash, text, "
                                 "record, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
        return cur.lastrowid

    def _index_article(self, seq: int, title: str, text: str) -> None:  # both normalised already
        self._conn.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                           (seq, fts.index_text(title), fts.index_text(text)))

    def _search_seqs(self, terms: list[str], limit: int, offset: int) -> list[int]:
        match = " AND ".join(f'"{t}"' for t in terms)  # words are letters and digits only: no quoting issue
        rows = self._conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
                                  "ORDER BY bm25(articles_fts, 2.0, 1.0), rowid DESC LIMIT ? OFFSET ?",
                                  (match, limit, offset)).fetchall()
        return [r[0] for r in rows]

    def _is_duplicate_error(self, exc: Exception) -> bool:
        return isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in str(exc)

    def optimize(self) -> None:
        with self._lock:
            self._conn.execute("PRAGMA optimize")

    def close(self) -> None:
        with self._lock:
            self._conn.close()
