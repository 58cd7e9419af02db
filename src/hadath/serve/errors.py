"""One JSON error shape for every 4xx and 5xx answer:

    {"error": {"status": 404, "code": "not_found", "message": "...", "source": null, "details": null}}

`code` is a short name for HTTP-level problems, or the library's numbered code (E001...) when the
problem is a hadath.errors.HadathError (bad article text, bad date...).
"""
from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import HadathError, InputTooLarge

HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "too_large",
              415: "unsupported_media_type", 422: "invalid_request", 429: "too_many_requests",
              500: "internal_error", 503: "unavailable"}


class ApiError(Exception):
    """Raised by routes: becomes the JSON error shape with this status."""

    def __init__(self, status: int, message: str, *, code: str | None = None, source: str | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code or HTTP_CODES.get(status, "error")
        self.message = message
        self.source = source
        self.headers = headers


def error_body(status: int, code: str, message: str, source: str | None = None,
               details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "source": source, "details": details}}


def error_response(status: int, code: str, message: str, source: str | None = None,
                   details: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, source, details), status_code=status, headers=headers)


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    details = []
    for err in exc.errors():
        # `input` and `ctx` may hold anything the client sent (bytes, huge strings): keep to what helps
        details.append({"loc": [str(part) for part in err.get("loc", ())], "msg": str(err.get("msg", "")),
                        "type": str(err.get("type", ""))})
    return details


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.source, headers=exc.headers)

    @app.exception_handler(HadathError)
    async def _hadath_error(_: Request, exc: HadathError):
        from ..store.errors import BadQuery

        status = 413 if isinstance(exc, InputTooLarge) else 422 if isinstance(exc, BadQuery) else 400
        return error_response(status, exc.code, str(exc), exc.source)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError):
        details = _validation_details(exc)
        where = "; ".join(f"{'.'.join(d['loc'])}: {d['msg']}" for d in details[:5])
        return error_response(422, "invalid_request", f"the request is not valid: {where}", details=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException):
        status = exc.status_code
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(status).phrase
        if status == 404 and message == "Not Found":
            message = "no such page or resource; the API lives under /api (schema: /api/openapi.json)"
        return error_response(status, HTTP_CODES.get(status, "error"), message, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _internal(_: Request, exc: Exception):
        # the server log gets the traceback (uvicorn prints it); the client gets no internals
        return error_response(500, "internal_error", "the server failed to answer this request")
