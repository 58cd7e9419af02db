"""`hadath serve`: a JSON API over the store and an offline web view (FastAPI).

    from hadath.store import open_store
    from hadath.serve import create_app
    app = create_app(open_store("events.db"))          # read-only
    app = create_app(store, token="s3cret")           # POST /api/articles accepts writes carrying it

FastAPI, Jinja2 and uvicorn come with the `serve` extra; importing this package does not load them.
"""
from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def create_app(store: Any, **options: Any):
    from .app import create_app as _create_app

    return _create_app(store, **options)
