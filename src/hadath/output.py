"""The JSON record of one article (../shared/eval/FORMAT.md plus what users need)."""
from __future__ import annotations

from typing import Any

from .model import Actor, Doc, Event, Place, TimeRef
from .temporal import ACLED_TIME_PRECISION

SCHEMA_VERSION = 1


def _round(value: float | None, digits: int = 5) -> float | None:
    return None if value is None else round(value, digits)


def actor_record(a: Actor) -> dict[str, Any]:
    return {"id": a.id, "name_en": a.name_en, "name_ar": a.name_ar, "kind": a.kind, "country": a.country,
            "sector": a.sector, "role_en": a.role_en, "kb_id": a.kb_id, "how": a.how,
            "confidence": round(a.confidence, 3), "mentions": [m.as_dict() for m in a.mentions]}


def place_record(p: Place) -> dict[str, Any]:
    return {"id": p.id, "name_en": p.name_en, "name_ar": p.name_ar, "country": p.country, "admin1": p.admin1,
            "lat": _round(p.lat), "lon": _round(p.lon), "precision": p.precision, "feature": p.feature,
            "kb_id": p.kb_id, "how": p.how, "confidence": round(p.confidence, 3),
            "mentions": [m.as_dict() for m in p.mentions]}


def time_record(t: TimeRef) -> dict[str, Any]:
    return {"text": t.text, "start": t.start, "end": t.end, "date_start": t.date_start.isoformat(),
            "date_end": t.date_end.isoformat(), "precision": t.precision, "future": t.future}


def event_record(e: Event) -> dict[str, Any]:
    date = None
    if e.date is not None:
        date = {"start": e.date.date_start.isoformat(), "end": e.date.date_end.isoformat(),
                "precision": e.date.precision, "time_precision": ACLED_TIME_PRECISION.get(e.date.precision, 3),
                "text": e.date.text or None}
    return {"id": e.id, "type": e.type, "mode": e.mode, "source": e.source, "target": e.target, "place": e.place,
            "date": date, "modality": e.modality, "attribution": e.attribution,
            "quantities": list(e.quantities), "confidence": round(e.confidence, 3), "summary_en": e.summary_en,
            "historical": e.historical, "source_associates": list(e.associates),
            "trigger": e.trigger.as_dict() if e.trigger else None, "mentions": [m.as_dict() for m in e.mentions]}


def to_record(doc: Doc) -> dict[str, Any]:
    art = doc.article
    return {
        "id": art.id,
        "schema": SCHEMA_VERSION,
        "published": art.published.isoformat() if art.published else None,
        "title": art.title, "source": art.source, "url": art.url,
        "actors": [actor_record(a) for a in doc.actors],
        "places": [place_record(p) for p in doc.places],
        "times": [time_record(t) for t in doc.times],
        # a denied, planned or hypothetical event is no fact: kept apart so counts stay honest
        "events": [event_record(e) for e in doc.events if e.modality == "asserted"],
        "unasserted_events": [event_record(e) for e in doc.events if e.modality != "asserted"],
    }
