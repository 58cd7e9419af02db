"""The JSON API under /api: read routes always, the ingest route only for a server started with a token."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from .. import __version__
from ..errors import InputTooLarge, UndecodableInput
from ..model import Article
from ..reader import MAX_BYTES, check_text
from . import query
from .errors import ApiError
from .limits import RETRY_AFTER_SECONDS
from .middleware import BODY_WARNINGS
from .schemas import (
    ActorOut,
    ArticleFull,
    CanonicalEventOut,
    ArticleIn,
    ArticleSummary,
    ErrorResponse,
    EventOut,
    IngestOut,
    Page,
    PlaceOut,
    SearchHit,
    Stats,
    Timeline,
)

MAX_PAGE = 1000
MAX_OFFSET = 10_000_000
MAP_CAP = 5000  # events drawn on the map at most
TIMELINE_CAP = 50_000

ERRORS = {status: {"model": ErrorResponse} for status in (400, 401, 403, 404, 413, 422, 500)}
BUSY = {503: {"model": ErrorResponse, "description": "extracting another article: retry after Retry-After seconds"}}
router = APIRouter(prefix="/api", responses=ERRORS)

Limit = Query(50, ge=1, le=MAX_PAGE, description=f"page size (1..{MAX_PAGE})")
Offset = Query(0, ge=0, le=MAX_OFFSET, description="items to skip")
ArticleId = Path(min_length=1, max_length=200, description="the article's id")


def gate(request: Request) -> query.StoreGate:
    return request.app.state.gate


def event_filter(
    type: str | None = Query(None, min_length=1, max_length=40, pattern=r"^[A-Za-z_/ -]+$",
                             description="PLOVER event type (ASSAULT) or ACLED event type (Battles); "
                             "an unknown type is a 422 listing the valid ones"),
    country: str | None = Query(None, min_length=2, max_length=80,
                                description="country of the event's place: ISO3, ISO2, English or Arabic name "
                                "(YEM, YE, Yemen, اليمن)"),
    actor: str | None = Query(None, min_length=1, max_length=200,
                                 description="actor name (English or Arabic) or knowledge-base id"),
    place: str | None = Query(None, min_length=1, max_length=200, description="place name or knowledge-base id"),
    since: dt.date | None = Query(None, description="events on or after this day (YYYY-MM-DD)"),
    until: dt.date | None = Query(None, description="events on or before this day (YYYY-MM-DD)"),
    near: str | None = Query(None, max_length=100, description="LAT,LON,KM: events within KM of a point"),
    min_confidence: float | None = Query(None, ge=0, le=1, allow_inf_nan=False,
                                         description="events whose confidence is at least this (0..1; "
                                         "default: all); 0.8 gives a high-precision feed"),
    include_historical: bool = Query(False, description="also the events dated more than a year before their "
                                     "article (history it recalls), left out by default"),
):
    return query.make_filter(type, country, actor, place, since, until, near, min_confidence, include_historical)


_bearer = HTTPBearer(auto_error=False, description="the token the server was started with")
_token_header = APIKeyHeader(name="X-Hadath-Token", auto_error=False, description="alternative to the bearer token")


def require_token(request: Request, bearer: HTTPAuthorizationCredentials | None = Depends(_bearer),
                  header: str | None = Depends(_token_header)) -> None:
    expected = request.app.state.token
    if expected is None:
        raise ApiError(403, "this server is read-only; start it with a token (hadath serve --token-file FILE) "
                            "to ingest through the API", code="read_only")
    _check_token(expected, bearer.credentials if bearer is not None else header, "this request writes")


def extract_access(request: Request, bearer: HTTPAuthorizationCredentials | None = Depends(_bearer),
                   header: str | None = Depends(_token_header)) -> None:
    """POST /api/extract is open on loopback; on a network address it needs the token (serve --open-extract opens it)."""
    if not request.app.state.extract_needs_token:
        return
    expected = request.app.state.token
    if expected is None:
        raise ApiError(403, "this server listens on a network address, where extraction needs the server's token; "
                            "start it with --token-file FILE, or with --open-extract to let anyone extract",
                       code="extract_closed")
    _check_token(expected, bearer.credentials if bearer is not None else header, "extraction on a network address needs the token")


def _check_token(expected: str, given: str | None, what: str) -> None:
    if not given:
        raise ApiError(401, f"{what}: give the server's token as 'Authorization: Bearer TOKEN'",
                       headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8")):
        raise ApiError(401, "wrong token", headers={"WWW-Authenticate": "Bearer"})


def article_from_input(body: ArticleIn, default_id: str) -> Article:
    try:
        size = len(body.text.encode("utf-8"))
    except UnicodeEncodeError:
        raise UndecodableInput("holds characters that are not valid Unicode (lone surrogates)", source="text") from None
    if size > MAX_BYTES:
        raise InputTooLarge(f"{size:,} bytes is over the limit of {MAX_BYTES:,}; split the article", source="text")
    check_text(body.text, "text")
    return Article(id=body.id or default_id, text=body.text, published=body.published, title=body.title,
                   source=body.source, url=body.url)


def extract_record(request: Request, article: Article) -> dict[str, Any]:
    from ..output import to_record

    pipeline = request.app.state.pipeline()  # loading the knowledge base is no extraction: outside the slot
    slot = request.app.state.extract_slot
    if not slot.acquire(blocking=False):
        raise ApiError(503, "the server is extracting another article; try again in a moment", code="busy",
                       headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    try:
        return to_record(pipeline(article))
    finally:
        slot.release()


def body_warnings(request: Request) -> list[dict[str, Any]]:
    """Warnings of the request body's decoding (invalid UTF-8 replaced, W001), set by the middleware."""
    return [w.as_dict() for w in request.scope.get(BODY_WARNINGS, ())]


@router.get("/health", summary="liveness, and whether the server accepts writes")
def health(request: Request) -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "writable": request.app.state.token is not None}


@router.get("/stats", response_model=Stats, summary="counts and facets over the whole store")
def stats(request: Request, g: query.StoreGate = Depends(gate)):
    with g.use() as store:
        articles = store.count_articles()
    cached = request.app.state.stats_cache
    if cached is None or cached[0] != articles:
        events, _ = query.walk_events(g, query.make_filter(), TIMELINE_CAP)
        cached = (articles, {"articles": articles, "events": len(events), **query.facets(events)})
        request.app.state.stats_cache = cached
    return {**cached[1], "writable": request.app.state.token is not None, "version": __version__}


@router.get("/articles", response_model=Page[ArticleSummary], summary="stored articles, newest first")
def list_articles(limit: int = Limit, offset: int = Offset, g: query.StoreGate = Depends(gate)):
    with g.use() as store:
        return query.page(store.list_articles(limit=limit, offset=offset), store.count_articles(), limit, offset)


@router.get("/articles/{article_id:path}", response_model=ArticleFull, summary="one article with its text and record")
def get_article(article_id: str = ArticleId, g: query.StoreGate = Depends(gate)):
    with g.use() as store:
        article = store.get_article(article_id)
    if article is None:
        raise ApiError(404, f"no article with id {article_id!r}", source=article_id)
    return article


@router.post("/articles", response_model=IngestOut, status_code=201, dependencies=[Depends(require_token)],
             summary="extract an article and store it (needs the server's token)",
             responses={200: {"model": IngestOut, "description": "already stored: nothing written"}, **BUSY})
def ingest(body: ArticleIn, request: Request, g: query.StoreGate = Depends(gate)):
    article = article_from_input(body, "api-" + hashlib.sha1(body.text.encode("utf-8", "replace")).hexdigest()[:12])
    record = extract_record(request, article)
    with g.use() as store:
        stored = bool(store.add(article, record))
    request.app.state.stats_cache = None
    answer = {"id": article.id, "stored": stored, "record": record}
    if warnings := body_warnings(request):
        answer["warnings"] = warnings
    return JSONResponse(answer, status_code=201 if stored else 200)


@router.post("/extract", dependencies=[Depends(extract_access)], responses=BUSY,
             summary="extract an article and return its record; nothing is stored")
def extract(body: ArticleIn, request: Request) -> dict[str, Any]:
    limit = request.app.state.max_extract_chars
    if len(body.text) > limit:
        raise InputTooLarge(f"{len(body.text):,} characters is over this server's limit of {limit:,} for "
                            "POST /api/extract (hadath serve --max-extract-chars); split the article, or use "
                            "hadath extract", source="text")
    record = extract_record(request, article_from_input(body, "api"))
    if warnings := body_warnings(request):
        record = {**record, "warnings": warnings}
    return record


@router.get("/events", response_model=Page[EventOut], summary="events matching the filters, newest first")
def list_events(flt=Depends(event_filter), limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Offset,
                sort: str = Query("newest", pattern="^(newest|oldest)$",
                                  description="newest first (the undated last) or oldest first"),
                g: query.StoreGate = Depends(gate)):
    with g.use() as store:
        return query.page(store.query_events(flt, limit=limit, offset=offset, newest=sort == "newest"),
                          store.count_events(flt), limit, offset)


@router.get("/events/canonical", response_model=Page[CanonicalEventOut],
            summary="one item per real event: the matching events linked across articles (after `hadath dedup`)")
def list_canonical_events(flt=Depends(event_filter), limit: int = Limit, offset: int = Offset,
                          g: query.StoreGate = Depends(gate)):
    with g.use() as store:
        items = store.canonical_events(flt, limit=limit + 1, offset=offset)
    return _open_page(items, limit, offset)


@router.get("/events/geojson", summary=f"matching events that have coordinates, as GeoJSON (at most {MAP_CAP})")
def events_geojson(flt=Depends(event_filter), g: query.StoreGate = Depends(gate)) -> dict[str, Any]:
    events, truncated = query.walk_events(g, flt, MAP_CAP)
    # thousands of features: JSONResponse skips FastAPI's slow walk over the content (it is plain JSON already)
    return JSONResponse(query.geojson(events, truncated))


@router.get("/map/cities", summary="the larger cities, for the map's labels (offline, from GeoNames)")
def map_cities() -> dict[str, Any]:
    return JSONResponse(query.city_labels())


@router.get("/events/timeline", response_model=Timeline, summary="matching events per day and type")
def events_timeline(flt=Depends(event_filter), g: query.StoreGate = Depends(gate)):
    events, truncated = query.walk_events(g, flt, TIMELINE_CAP)
    return query.timeline(events, truncated)


@router.get("/actors", response_model=Page[ActorOut], summary="actors with their event counts")
def list_actors(q: str | None = Query(None, min_length=1, max_length=200, description="name to look for"),
                limit: int = Limit, offset: int = Offset, g: query.StoreGate = Depends(gate)):
    with g.use() as store:
        items = store.list_actors(query=q, limit=limit + 1, offset=offset)
    return _open_page(items, limit, offset)


@router.get("/places", response_model=Page[PlaceOut], summary="places with coordinates and event counts")
def list_places(q: str | None = Query(None, min_length=1, max_length=200, description="name to look for"),
                limit: int = Limit, offset: int = Offset, g: query.StoreGate = Depends(gate)):
    with g.use() as store:
        items = store.list_places(query=q, limit=limit + 1, offset=offset)
    return _open_page(items, limit, offset)


@router.get("/search", response_model=Page[SearchHit], summary="full-text search over the articles (Arabic)")
def search(q: str = Query(min_length=1, max_length=500, description="words to find"),
           limit: int = Query(20, ge=1, le=200), offset: int = Offset, g: query.StoreGate = Depends(gate)):
    if not q.strip():
        raise ApiError(422, "q is blank: give words to search for", source="q")
    with g.use() as store:
        items = store.search(q, limit=limit + 1, offset=offset)
    return _open_page(items, limit, offset)


def _open_page(items: list, limit: int, offset: int) -> dict[str, Any]:
    """A page where the store gives no count: one item more than asked tells whether another page follows."""
    more = len(items) > limit
    items = items[:limit]
    total = offset + len(items) + (1 if more else 0)
    return {"items": items, "total": total, "limit": limit, "offset": offset,
            "next_offset": offset + len(items) if more else None}


EXPORT_MEDIA = {"json": "application/json", "jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8",
                "acled-csv": "text/csv; charset=utf-8", "plover-json": "application/json",
                "geojson": "application/geo+json", "parquet": "application/vnd.apache.parquet"}
EXPORT_SUFFIX = {"acled-csv": "acled.csv", "plover-json": "plover.json"}
SPOOL_BYTES = 8_000_000  # exports up to this size stay in memory, larger ones go to a temporary file


def _exported(store: Any, fmt: str, flt, articles: bool, name: str) -> StreamingResponse:
    """Runs `hadath export` into a spooled file, then streams it: the export writes to a file object."""
    import io
    import tempfile

    from ..export import BINARY_FORMATS, export

    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by chunks() once sent
    if fmt in BINARY_FORMATS:
        export(store, fmt, spool, flt, articles=articles)
    else:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="", write_through=True)
        export(store, fmt, text, flt, articles=articles)
        text.detach()
    spool.seek(0)

    def chunks():
        with spool:
            while block := spool.read(65536):
                yield block

    suffix = EXPORT_SUFFIX.get(fmt, fmt)
    return StreamingResponse(chunks(), media_type=EXPORT_MEDIA[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{name}.{suffix}"'})


@router.get("/export/events", summary="every matching event, in the layouts of `hadath export` (docs/store.md)",
            response_class=StreamingResponse,
            responses={200: {"content": {media.split(";")[0]: {} for media in EXPORT_MEDIA.values()}}})
def export_events(format: Literal["json", "jsonl", "csv", "acled-csv", "plover-json", "geojson", "parquet"] =
                  Query("jsonl", description="json, jsonl, csv, acled-csv, plover-json, geojson or parquet"),
                  flt=Depends(event_filter), g: query.StoreGate = Depends(gate)):
    return _exported(g.store, format, flt, False, "hadath-events")


@router.get("/export/records", summary="the stored article records (docs/output.md)",
            response_class=StreamingResponse,
            responses={200: {"content": {"application/x-ndjson": {}, "application/json": {}}}})
def export_records(format: Literal["jsonl", "json"] = Query("jsonl"), g: query.StoreGate = Depends(gate)):
    return _exported(g.store, format, None, True, "hadath-records")
