"""The application factory: the API, the web view and its static files, one error shape, limits."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .. import __version__
from . import api, views
from .errors import install_handlers
from .limits import DEFAULT_MAX_EXTRACT_CHARS
from .middleware import LimitsMiddleware
from .query import StoreGate

DEFAULT_MAX_BODY_BYTES = 12_000_000  # an article at the reader's 5 MB limit, escaped as JSON, fits

DESCRIPTION = """\
Arabic news event data from a hadath store: articles, events (filtered like `hadath events`),
actors, places, full-text search, exports, and extraction on the fly.

Read-only unless the server was started with a token; `POST /api/articles` then needs
`Authorization: Bearer TOKEN`. `POST /api/extract` takes texts up to the server's limit
(200,000 characters unless set otherwise), one at a time per server process (else `503` with
`Retry-After`), and needs the token too on a server listening on a network address. Every 4xx
and 5xx answer has the shape `{"error": {"status", "code", "message", "source", "details"}}`.
"""


def create_app(store: Any, *, token: str | None = None, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
               allowed_hosts: list[str] | None = None, pipeline: Any = None,
               max_extract_chars: int = DEFAULT_MAX_EXTRACT_CHARS, extract_needs_token: bool = False) -> FastAPI:
    """A FastAPI app over `store` (see hadath.store). `token` enables ingest; `allowed_hosts` (e.g. the
    loopback names) rejects requests for other Host headers, which stops DNS-rebinding pages;
    `pipeline` is a hadath.pipeline.Pipeline to reuse (one is made on first extraction otherwise);
    `max_extract_chars` bounds the text of POST /api/extract; `extract_needs_token` makes that
    route ask for the token as writes do (a server on a network address)."""
    if token is not None and not token.strip():
        raise ValueError("the token is blank; give a real secret or none")
    if max_extract_chars < 1:
        raise ValueError("max_extract_chars must be above 0")
    app = FastAPI(title="hadath", version=__version__, description=DESCRIPTION,
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.gate = StoreGate(store)
    app.state.token = token
    app.state.stats_cache = None
    app.state.pipeline = _lazy_pipeline(pipeline)
    app.state.max_extract_chars = max_extract_chars
    app.state.extract_needs_token = extract_needs_token
    # one extraction at a time in this process: a second one waits for none, it gets 503 + Retry-After
    app.state.extract_slot = threading.Lock()
    install_handlers(app)
    app.include_router(api.router)
    app.include_router(views.router)
    app.mount("/static", StaticFiles(directory=str(views.WEB / "static")), name="static")
    app.add_middleware(LimitsMiddleware, max_body_bytes=max_body_bytes, allowed_hosts=allowed_hosts)
    return app


def _lazy_pipeline(given: Any) -> Callable[[], Any]:
    lock = threading.Lock()
    holder: list[Any] = [given]

    def get():
        with lock:
            if holder[0] is None:
                from ..pipeline import Pipeline

                holder[0] = Pipeline()
            _ = holder[0].kb  # load the knowledge base once, not in each thread that asks first
            return holder[0]

    return get
