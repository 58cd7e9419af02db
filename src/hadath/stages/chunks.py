"""The chunk: one actor, place or role mention before entities are formed."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..kb.loader import KnowledgeBase, PlaceEntry


@dataclass
class Chunk:
    """One actor or place mention before entities are formed (normalised offsets)."""

    kind: str  # actor | place | role
    start: int
    end: int
    key: tuple = ()
    country: str | None = None
    sector: str | None = None
    actor_kind: str = "organization"
    name_en: str = ""
    name_ar: str = ""
    kb_id: str | None = None
    role_en: str | None = None
    how: str = "kb"
    place: PlaceEntry | None = None
    options: list = field(default_factory=list)  # ambiguous place entries
    needs_country: bool = False  # a standalone institution: country from the article
    template: str = ""
    function: str | None = None  # an institution's function (reporter, air_force)
    confidence: float = 1.0
    role_index: int | None = None
    cue: str = ""  # capital | country: a word before a toponym that says which reading
    evidence: str = ""  # admin (محافظة، ولاية ...) | noun (مدينة، بلدة ...) before it | prep (في، قرب, or و + a place) | clitic (بـ) | ""


def state_actor(kb: KnowledgeBase, iso3: str, start: int, end: int, confidence: float = 0.9) -> Chunk:
    state = kb.states[iso3]
    return Chunk("actor", start, end, key=("state", iso3), country=iso3, sector="GOV", actor_kind="state",
                 name_en=state.name_en, name_ar=state.name_ar, kb_id=f"state.{iso3.lower()}", confidence=confidence)


def dominant_country(chunks: list[Chunk]) -> str | None:
    """The country most of the article's places lie in (localities count double)."""
    counts: Counter = Counter()
    for ch in chunks:
        if ch.kind == "place" and ch.place is not None and ch.place.country:
            counts[ch.place.country] += 1 if ch.place.kind == "country" else 2
    if not counts:
        for ch in chunks:
            if ch.kind == "actor" and ch.country:
                counts[ch.country] += 1
    return counts.most_common(1)[0][0] if counts else None


