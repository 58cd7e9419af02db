"""Errors of ingest (codes E040-E049)."""
from __future__ import annotations

from ..errors import HadathError


class FetchFailed(HadathError):
    """A URL could not be fetched (network, HTTP status, size, type)."""

    code = "E040"


class BadFeed(HadathError):
    """An RSS or Atom file that cannot be parsed."""

    code = "E041"


class MissingExtra(HadathError):
    """An optional dependency is needed for this input."""

    code = "E042"


class UnsupportedInput(HadathError):
    code = "E043"
