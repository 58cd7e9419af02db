"""Small shared pieces of the store: text identity, keys, packing, LIKE patterns, timestamps."""
from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from functools import lru_cache

from ..text.normalize import normalize


@lru_cache(maxsize=8)
def normalized(text: str) -> str:
    """``normalize(text)``, remembered: ingest checks, hashes and indexes the same text in turn."""
    return normalize(text)


def text_hash(text: str) -> str:
    """Identity of an article's text: the same words with other marks or spacing hash the same."""
    return hashlib.sha256(normalized(text).encode("utf-8")).hexdigest()


NO_DATE_START, NO_DATE_END = "9999-12-31", "0000-01-01"


def pack(value: str) -> bytes:
    return zlib.compress(value.encode("utf-8"), 6)


def unpack(value: bytes | memoryview) -> str:
    return zlib.decompress(bytes(value)).decode("utf-8")


def like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_key(*parts: str | None) -> str:
    return " | ".join(normalize(p) for p in parts if p)


def key_of(kb_id: str | None, name_en: str | None, name_ar: str | None) -> str:
    if kb_id:
        return kb_id
    return "name:" + normalize(name_en or name_ar or "?")


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
