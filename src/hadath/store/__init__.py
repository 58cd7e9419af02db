"""The event store: articles, actors, places, events and mentions, searchable, in SQLite or PostgreSQL.

    from hadath.store import open_store, EventFilter
    with open_store(None) as store:          # the default SQLite file ($HADATH_DB or the user data dir)
        store.add(article, record)           # False when the article is stored already
        store.query_events(EventFilter(type="ASSAULT", country="SYR"))

The contract is written in docs/store.md. Nothing heavy is imported until a store is opened.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import BadQuery, MissingBackend, NoSuchArticle, SchemaTooNew, StoreError
from .filters import EventFilter, parse_near

__all__ = [
    "BadQuery",
    "EventFilter",
    "MissingBackend",
    "NoSuchArticle",
    "SchemaTooNew",
    "StoreError",
    "config_path",
    "default_db",
    "open_store",
    "parse_near",
]


def config_path() -> Path:
    """hadath's configuration file: ``$HADATH_CONFIG``, else config.toml in the per-user config folder."""
    if os.environ.get("HADATH_CONFIG"):
        return Path(os.environ["HADATH_CONFIG"])
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "hadath" / "config.toml"


def _configured_db() -> str | None:
    """``db`` under ``[store]`` in the configuration file, if there is one."""
    path = config_path()
    if not path.is_file():
        return None
    try:
        import tomllib
    except ImportError:  # Python 3.10: a plain `db = "..."` line is all this file needs
        import re

        match = re.search(r'^\s*db\s*=\s*"([^"]+)"', path.read_text(encoding="utf-8"), re.MULTILINE)
        return match.group(1) if match else None
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise StoreError(f"not valid TOML: {exc}", source=str(path)) from None
    value = (config.get("store") or {}).get("db")
    return str(value) if value else None


def default_db() -> str:
    """``$HADATH_DB``, else ``[store] db`` of the configuration file, else hadath.db in the user data folder."""
    if os.environ.get("HADATH_DB"):
        return os.environ["HADATH_DB"]
    configured = _configured_db()
    if configured:
        return str(Path(configured).expanduser()) if "://" not in configured else configured
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return str(base / "hadath" / "hadath.db")


def open_store(db: str | os.PathLike | None = None, *, must_exist: bool = False):
    """A store for ``db``: None (the default file), a path (SQLite) or a postgresql:// URL.

    ``must_exist``: a SQLite file that is not there raises InputNotFound (E001) instead of being
    created: the read commands never leave an empty store behind.
    """
    target = str(db) if db is not None else default_db()
    if must_exist and "://" not in target and not Path(target).expanduser().exists():
        from ..errors import InputNotFound

        if db is None:
            raise InputNotFound(f"the store at {target} is empty: ingest first or pass --db", source=target)
        raise InputNotFound("no such database; fill one with 'hadath ingest', or pass --db", source=target)
    if target.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(target)
    from .sqlite import SQLiteStore

    return SQLiteStore(target)
