"""`hadath serve`: the JSON API and the web view over a store, on the loopback interface by default."""
from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

from ..errors import InputNotFound, UsageError
from ..store.help import DB_HELP

LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1", "[::1]"]


def add_parser(sub) -> None:
    sv = sub.add_parser("serve", help="serve the store as a JSON API and an offline web view (map, timeline, articles)",
                        description="Serve a hadath store over HTTP: the JSON API under /api (schema at "
                                    "/api/openapi.json) and the web view at /. Read-only unless started with a token; "
                                    "listens on 127.0.0.1 unless told otherwise.")
    sv.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; other addresses "
                                                        "expose the store to the network)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    token = sv.add_mutually_exclusive_group()
    token.add_argument("--token-file", metavar="FILE", help="enable ingest (POST /api/articles) for requests carrying "
                                                           "the token in this file as 'Authorization: Bearer TOKEN'")
    token.add_argument("--token-env", metavar="VAR", help="the same, with the token in this environment variable")
    sv.add_argument("--max-body-mb", type=float, default=12.0, metavar="MB",
                    help="largest request body accepted, in megabytes (default 12)")
    sv.add_argument("--max-extract-chars", type=int, default=None, metavar="N",
                    help="longest text POST /api/extract takes, in characters (default: max_extract_chars under "
                         "[serve] in the config file, else 200000)")
    sv.add_argument("--head-timeout", type=float, default=None, metavar="SECONDS",
                    help="close a connection that sends no whole request head in this time (default: head_timeout "
                         "under [serve] in the config file, else 5)")
    sv.add_argument("--open-extract", action="store_true",
                    help="on an address other than loopback, let POST /api/extract run without the token")
    sv.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"],
                    help="uvicorn's log level (default info)")
    sv.set_defaults(run=run)


def read_token(token_file: str | None, token_env: str | None) -> str | None:
    if token_file:
        path = Path(token_file)
        if not path.is_file():
            raise InputNotFound("no such token file", source=token_file)
        token = path.read_text(encoding="utf-8").strip()
        where = token_file
    elif token_env:
        token = os.environ.get(token_env, "").strip()
        where = f"${token_env}"
    else:
        return None
    if len(token) < 8:
        raise UsageError("the token is empty or shorter than 8 characters; use a long random secret", source=where)
    return token


def serve_limits(args):
    """The options' limits over the config file's over the defaults (hadath.serve.limits)."""
    from dataclasses import replace

    from ..serve.limits import checked, configured_limits

    limits = configured_limits()
    if args.max_extract_chars is not None:
        limits = checked(replace(limits, max_extract_chars=args.max_extract_chars), "--max-extract-chars")
    if args.head_timeout is not None:
        limits = checked(replace(limits, head_timeout=args.head_timeout), "--head-timeout")
    return limits


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run(args) -> int:
    try:
        import uvicorn
    except ModuleNotFoundError:
        raise UsageError("hadath serve needs FastAPI and uvicorn, part of the default install: pip install --force-reinstall hadath", source="serve") from None
    from ..serve import create_app
    from ..serve.server import uvicorn_options
    from ..store import default_db, open_store

    if not 1 <= args.port <= 65535:
        raise UsageError(f"port {args.port} is not between 1 and 65535", source="--port")
    if args.max_body_mb <= 0:
        raise UsageError("--max-body-mb must be above 0", source="--max-body-mb")
    limits = serve_limits(args)
    token = read_token(args.token_file, args.token_env)
    db = args.db or default_db()
    if "://" not in str(db) and not Path(db).exists() and token is None:
        raise InputNotFound("no such database; fill one with 'hadath ingest', or start with a token to ingest "
                            "through the API", source=str(db))
    loopback = is_loopback(args.host)
    if not loopback:
        print(f"hadath: warning: listening on {args.host}: anyone who can reach this address can read the store"
              + ("" if token is None else " and, with the token, write to it; put TLS in front")
              + ("; POST /api/extract is open to all (--open-extract)" if args.open_extract
                 else "; POST /api/extract needs the token"), file=sys.stderr)
    store = open_store(db)
    try:
        app = create_app(store, token=token, max_body_bytes=int(args.max_body_mb * 1_000_000),
                         allowed_hosts=LOOPBACK_NAMES if loopback else None,
                         max_extract_chars=limits.max_extract_chars,
                         extract_needs_token=not loopback and not args.open_extract)
        shown = f"[{args.host}]" if ":" in args.host else args.host
        print(f"hadath: serving {db} at http://{shown}:{args.port}/ ({'writable with the token' if token else 'read-only'})",
              file=sys.stderr)
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, server_header=False,
                    **uvicorn_options(limits.head_timeout))
    finally:
        store.close()
    return 0
