"""Stored events as PLOVER records: event, mode, actor and recipient, event_loc, counts, text spans."""
from __future__ import annotations

from .acled import quantity


def _entity(actor: dict | None, event: dict) -> dict | None:
    if actor is None:
        return None
    mention = _mention_in_event(actor.get("mentions") or [], event)
    code = (actor.get("country") or "") + (actor.get("sector") or "")
    return {"entity_text": mention["text"] if mention else actor.get("name_ar"),
            "entity_name": actor.get("name_en"), "entity_name_ar": actor.get("name_ar"),
            "code": code or None, "country": actor.get("country"), "sector": actor.get("sector"),
            "kind": actor.get("kind"), "kb_id": actor.get("kb_id"),
            "span": [mention["start"], mention["end"]] if mention else None}


def _mention_in_event(mentions: list[dict], event: dict) -> dict | None:
    """The mention inside the event's sentences if there is one, else the first."""
    for sentence in event.get("mentions") or []:
        for m in mentions:
            if sentence["start"] <= m["start"] and m["end"] <= sentence["end"]:
                return m
    return mentions[0] if mentions else None


def plover_record(event: dict) -> dict:
    date = event.get("date") or {}
    place = event.get("place_detail")
    loc = None
    if place is not None:
        mention = _mention_in_event(place.get("mentions") or [], event)
        loc = {"text": mention["text"] if mention else place.get("name_ar"), "name": place.get("name_en"),
               "name_ar": place.get("name_ar"), "lat": place.get("lat"), "lon": place.get("lon"),
               "country": place.get("country"), "admin1": place.get("admin1"), "precision": place.get("precision"),
               "feature": place.get("feature"), "kb_id": place.get("kb_id"),
               "span": [mention["start"], mention["end"]] if mention else None}
    sentences = event.get("mentions") or []
    return {
        "id": event["event_uid"], "article_id": event["article_id"],
        "date": date.get("start") or event.get("published"), "date_end": date.get("end"),
        "date_precision": date.get("precision"), "date_text": date.get("text"),
        "event": event["type"], "mode": event.get("mode"), "context": [], "modality": event.get("modality"),
        "actor": _entity(event.get("source_actor"), event), "recipient": _entity(event.get("target_actor"), event),
        "event_loc": loc,
        "dead": quantity(event, "killed"), "injured": quantity(event, "wounded"),
        "arrested": quantity(event, "arrested"), "displaced": quantity(event, "displaced"),
        "size": quantity(event, "size"),
        "text": sentences[0]["text"] if sentences else None,
        "spans": [{"text": m["text"], "start": m["start"], "end": m["end"]} for m in sentences],
        "trigger": event.get("trigger"), "confidence": event.get("confidence"),
        "summary_en": event.get("summary_en"),
        "publication_date": event.get("published"), "source": event.get("article_source"),
        "url": event.get("article_url"), "title": event.get("article_title"),
    }
