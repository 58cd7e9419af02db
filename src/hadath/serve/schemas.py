"""Request and response models: they make the OpenAPI schema and validate what comes in."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

T = TypeVar("T")


class ErrorBody(BaseModel):
    status: int = Field(description="the HTTP status, repeated")
    code: str = Field(description="a short name (not_found, invalid_request...) or hadath's numbered code (E002...)")
    message: str
    source: str | None = Field(None, description="what the problem is about, when known")
    details: list[dict[str, Any]] | None = Field(None, description="one item per invalid field (422)")


class ErrorResponse(BaseModel):
    error: ErrorBody


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="how many items match, over all pages")
    limit: int
    offset: int
    next_offset: int | None = Field(None, description="offset of the next page, null on the last one")


class Loose(BaseModel):
    """A store or record object: the named fields are documented, the rest passes through."""

    model_config = ConfigDict(extra="allow")


class ArticleSummary(Loose):
    id: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None


class ArticleFull(ArticleSummary):
    text: str
    record: dict[str, Any] = Field(description="the extract record (docs/output.md)")


class CanonicalEventOut(Loose):
    """One real event as several articles report it (hadath.dedup, after `hadath dedup`)."""

    canonical_id: str
    type: str = Field(description="PLOVER event type")
    date: dict[str, Any] | None = None
    place: dict[str, Any] | None = None
    source_actor: dict[str, Any] | None = None
    target_actor: dict[str, Any] | None = None
    articles: int = Field(description="how many articles report it")
    outlets: list[str] = Field(default_factory=list)
    confidence: float = Field(description="the weakest link that joined its reports; 1 for a single report")
    members: list[dict[str, Any]] = Field(description="each report: event_uid, article_id, outlet, date, place, mentions")


class EventOut(Loose):
    id: str
    event_uid: str = Field(description="unique over the whole store")
    article_id: str
    type: str = Field(description="PLOVER event type")
    mode: str | None = None
    date: dict[str, Any] | None = None
    summary_en: str | None = None
    source_actor: dict[str, Any] | None = None
    target_actor: dict[str, Any] | None = None
    associate_actors: list[dict[str, Any]] = Field(default_factory=list,
                                                   description="actors acting with the source (بمساندة X)")
    place_detail: dict[str, Any] | None = None


class ActorOut(Loose):
    pass


class PlaceOut(Loose):
    pass


class SearchHit(Loose):
    article_id: str
    title: str | None = None
    published: str | None = None
    snippet: str = Field(description="text around the hits, each hit between [[ and ]]")


class TimelineDay(BaseModel):
    date: str
    counts: dict[str, int] = Field(description="events of each type on that day")


class Timeline(BaseModel):
    days: list[TimelineDay]
    types: list[str]
    total: int
    imprecise: int = Field(description="events left out: no date, or known only to the month or year")
    truncated: bool = Field(description="true when more events matched than the timeline reads")


class Stats(BaseModel):
    articles: int
    events: int
    types: dict[str, int]
    countries: dict[str, int]
    first_date: str | None = None
    last_date: str | None = None
    writable: bool = Field(description="whether this server accepts ingest requests (it was started with a token)")
    version: str


def _published(value: Any) -> Any:
    """The reader's rule for a date (hadath.reader.parse_date): a date, or a date-time that exists."""
    if value is None or isinstance(value, dt.date):
        return value
    from ..errors import BadDate
    from ..reader import parse_date

    try:
        return parse_date(value, "published")
    except BadDate as exc:
        raise ValueError(str(exc)) from None


class ArticleIn(BaseModel):
    """An article to extract from (or to ingest)."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="the Arabic text")
    published: Annotated[dt.date | None, BeforeValidator(_published)] = Field(
        None, description="publication date (YYYY-MM-DD, or a full ISO date-time): relative dates resolve against it")
    id: str | None = Field(None, min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$")
    title: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=4000)


class IngestOut(BaseModel):
    id: str
    stored: bool = Field(description="false when the store already held this article (same url or text)")
    record: dict[str, Any]
