"""Errors of the event store (codes E030-E039)."""
from __future__ import annotations

from ..errors import HadathError


class StoreError(HadathError):
    """The database cannot be opened, or is in a state this version cannot use."""

    code = "E030"


class SchemaTooNew(StoreError):
    code = "E031"


class BadQuery(StoreError):
    """A search or filter the store cannot run (empty query, bad coordinates, ...)."""

    code = "E032"


class NoSuchArticle(StoreError):
    """No stored article has the id asked for."""

    code = "E034"


class MissingBackend(StoreError):
    """The backend needs an optional dependency that is not installed."""

    code = "E033"
