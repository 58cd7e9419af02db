"""The document model: frozen records that flow from one pipeline stage to the next."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    published: dt.date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    # hadath.errors.HadathWarning met while reading it (replaced bytes...): the edges report them
    warnings: tuple[Any, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Mention:
    """A half-open character span of the original article text."""

    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Actor:
    id: str
    name_en: str
    name_ar: str
    kind: str  # person | organization | state | group
    country: str | None
    sector: str | None
    mentions: tuple[Mention, ...]
    kb_id: str | None = None
    role_en: str | None = None
    confidence: float = 1.0
    how: str = "kb"  # kb | composed | role | coref | adjective | ner
    function: str | None = None  # reporter (a source or spokesperson) | air_force, from lexicon/institutions.tsv


@dataclass(frozen=True)
class Place:
    id: str
    name_en: str
    name_ar: str
    country: str | None
    lat: float | None
    lon: float | None
    mentions: tuple[Mention, ...]
    kb_id: str | None = None
    feature: str | None = None  # the gazetteer's kind: city, village, admin1, ...
    admin1: str | None = None
    precision: int | None = None  # 1 locality, 2 area, 3 region
    confidence: float = 1.0
    how: str = "kb"  # kb (gazetteer or GeoNames) | ner (found by the statistical tagger)


@dataclass(frozen=True)
class TimeRef:
    start: int
    end: int
    text: str
    date_start: dt.date
    date_end: dt.date
    precision: str  # day | week | month | year
    future: bool = False


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    source: str | None
    target: str | None
    place: str | None
    date: TimeRef | None
    mentions: tuple[Mention, ...]
    trigger: Mention | None = None
    mode: str | None = None
    modality: str = "asserted"  # asserted | denied | future | hypothetical
    attribution: str | None = None  # actor id of who reports it
    quantities: tuple[dict, ...] = ()
    confidence: float = 0.5
    summary_en: str = ""
    historical: bool = False  # dated more than a year before publication: background, not the news
    associates: tuple[str, ...] = ()  # actor ids acting with the source (بمساندة X): ACLED's assoc_actor_1


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True)
class Doc:
    """What the pipeline knows of one article; each stage returns a new Doc with more filled in."""

    article: Article
    norm: Any = None  # text.normalize.NormText
    sentences: tuple[Sentence, ...] = ()
    tokens: Any = None  # text.tokens.Tokens: the token layer every later stage reads
    candidates: tuple = ()  # matcher output (linker input)
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    times: tuple[TimeRef, ...] = ()
    events: tuple[Event, ...] = ()
    extras: dict = field(default_factory=dict)

    def with_(self, **changes: Any) -> "Doc":
        return replace(self, **changes)
