"""The server's limits on work per request, with their defaults and the `[serve]` table of the config file.

    [serve]
    max_extract_chars = 200000   # text of one POST /api/extract (the CLI keeps the reader's 5 MB)
    head_timeout = 5             # seconds a connection has to send a whole request head

Imports nothing heavy: `hadath serve --help` and the command line read these.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError

# extraction is slow on long texts (superlinear): 200,000 characters is a long article, a few seconds
DEFAULT_MAX_EXTRACT_CHARS = 200_000
DEFAULT_HEAD_TIMEOUT = 5.0
RETRY_AFTER_SECONDS = 2  # told to a client refused because the worker is extracting another article


@dataclass(frozen=True)
class ServeLimits:
    max_extract_chars: int = DEFAULT_MAX_EXTRACT_CHARS
    head_timeout: float = DEFAULT_HEAD_TIMEOUT


def configured_limits(path: Path | None = None) -> ServeLimits:
    """The limits of the `[serve]` table of hadath's config file (hadath.store.config_path), else the defaults."""
    from ..store import config_path

    path = path or config_path()
    if not path.is_file():
        return ServeLimits()
    try:
        import tomllib
    except ImportError:  # Python 3.10: no TOML reader; the options still set the limits
        return ServeLimits()
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("serve") or {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"not valid TOML: {exc}", source=str(path)) from None
    if not isinstance(table, dict):
        raise UsageError("[serve] must be a table", source=str(path))
    limits = ServeLimits(max_extract_chars=table.get("max_extract_chars", DEFAULT_MAX_EXTRACT_CHARS),
                         head_timeout=table.get("head_timeout", DEFAULT_HEAD_TIMEOUT))
    return checked(limits, str(path))


def checked(limits: ServeLimits, source: str) -> ServeLimits:
    chars, timeout = limits.max_extract_chars, limits.head_timeout
    if isinstance(chars, bool) or not isinstance(chars, int) or chars < 1:
        raise UsageError(f"max_extract_chars must be a whole number above 0, not {chars!r}", source=source)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 3600:
        raise UsageError(f"head_timeout must be a number of seconds above 0 (at most 3600), not {timeout!r}",
                         source=source)
    return ServeLimits(chars, float(timeout))
