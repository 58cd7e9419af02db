"""ASGI middleware: request body size limit, JSON bodies decoded by the reader's rule, and headers
that keep pages offline and framed by nobody."""
from __future__ import annotations

import json

from ..decoding import decode_bytes
from ..errors import UndecodableInput
from .errors import error_body

BODY_WARNINGS = "hadath.body_warnings"  # scope key: the W001 warnings of a repaired request body

# The web view loads nothing from elsewhere: the policy makes a stray CDN link fail loudly in tests.
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                           "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                           "form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class LimitsMiddleware:
    """Rejects bodies over `max_body_bytes` (413) before or while they are read, and requests for a Host
    not in `allowed_hosts` when given (400); adds security headers to every answer."""

    def __init__(self, app, max_body_bytes: int, allowed_hosts: list[str] | None = None):
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.allowed_hosts is not None:
            host = _host(scope)
            if host not in self.allowed_hosts:
                await _send_json(send, 400, error_body(400, "bad_host", f"requests for host {host!r} are not served "
                                                       "here; use the address the server was started on"))
                return
        limit = self.max_body_bytes
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _send_json(send, 413, error_body(413, "too_large",
                                                   f"the request body ({declared:,} bytes) is over the limit of {limit:,} bytes"))
            await _drain(receive, limit)
            return
        if scope.get("method") in ("POST", "PUT", "PATCH"):
            # read the body here, within the limit, and replay it to the app: a chunked body over the limit
            # is refused here (raised while the app reads, it would come out as FastAPI's 400 "error parsing
            # the body"), and a JSON body is decoded by the reader's rule
            body = bytearray()
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client went away
                body += message.get("body", b"")
                if len(body) > limit:
                    await _send_json(send, 413, error_body(413, "too_large",
                                                           f"the request body is over the limit of {limit:,} bytes"))
                    await _drain(receive, limit)
                    return
                if not message.get("more_body"):
                    break
            data = bytes(body)
            if _is_json(scope):
                try:
                    data, scope = _decoded_body(data, scope)
                except UndecodableInput as exc:
                    await _send_json(send, 400, error_body(400, exc.code, str(exc), exc.source))
                    return
            receive = _replay(data, receive)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() not in dict(SECURITY_HEADERS)]
                message = {**message, "headers": headers + SECURITY_HEADERS}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _replay(body: bytes, receive):
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _is_json(scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            return b"json" in value.lower()
    return False


def _decoded_body(data: bytes, scope):
    """A JSON body that is not valid UTF-8: mostly UTF-8 is repaired (W001, noted in the scope), else E003."""
    try:
        data.decode("utf-8")
        return data, scope
    except UnicodeDecodeError:
        pass
    decoded = decode_bytes(data, "body", legacy=False, limit=max(len(data), 1))
    repaired = decoded.text.encode("utf-8")
    headers = [(k, v) for k, v in scope.get("headers", []) if k != b"content-length"]
    headers.append((b"content-length", str(len(repaired)).encode()))
    return repaired, {**scope, "headers": headers, BODY_WARNINGS: [decoded.warning]}


def _host(scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            host = value.decode("latin-1").lower()
            if host.startswith("["):  # [::1]:8000
                return host[: host.find("]") + 1]
            return host.rsplit(":", 1)[0] if ":" in host else host
    return ""


def _content_length(scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _drain(receive, limit: int) -> None:
    """Reads what the client already sent (up to a bound) so it sees the 413 rather than a reset."""
    seen = 0
    while seen <= limit:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            return
        seen += len(message.get("body", b""))


async def _send_json(send, status: int, body: dict) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            (b"connection", b"close")] + SECURITY_HEADERS})
    await send({"type": "http.response.body", "body": payload})
