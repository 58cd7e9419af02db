"""Stored events as flat rows (csv, parquet, GeoJSON properties): one row per event."""
from __future__ import annotations

from .acled import quantity

COLUMNS = ("event_uid", "article_id", "date_start", "date_end", "date_precision", "type", "mode", "modality",
           "confidence", "source_id", "source_name_en", "source_name_ar", "source_kb_id", "source_country",
           "source_sector", "target_id", "target_name_en", "target_name_ar", "target_kb_id", "target_country",
           "target_sector", "place_id", "place_name_en", "place_name_ar", "place_kb_id", "country", "admin1",
           "lat", "lon", "geo_precision", "killed", "wounded", "arrested", "displaced", "size", "trigger_text",
           "trigger_start", "trigger_end", "sentence", "sentence_start", "sentence_end", "summary_en", "published",
           "article_title", "article_source", "article_url")
INTEGER = {"trigger_start", "trigger_end", "sentence_start", "sentence_end", "geo_precision", "killed", "wounded",
           "arrested", "displaced", "size"}
FLOAT = {"confidence", "lat", "lon"}


def _actor(prefix: str, actor: dict | None) -> dict:
    actor = actor or {}
    return {f"{prefix}_id": actor.get("id"), f"{prefix}_name_en": actor.get("name_en"),
            f"{prefix}_name_ar": actor.get("name_ar"), f"{prefix}_kb_id": actor.get("kb_id"),
            f"{prefix}_country": actor.get("country"), f"{prefix}_sector": actor.get("sector")}


def flat_row(event: dict) -> dict:
    date = event.get("date") or {}
    place = event.get("place_detail") or {}
    trigger = event.get("trigger") or {}
    sentence = (event.get("mentions") or [{}])[0]
    row = {"event_uid": event["event_uid"], "article_id": event["article_id"],
           "date_start": date.get("start") or event.get("published"), "date_end": date.get("end"),
           "date_precision": date.get("precision"), "type": event["type"], "mode": event.get("mode"),
           "modality": event.get("modality"), "confidence": event.get("confidence"),
           **_actor("source", event.get("source_actor")), **_actor("target", event.get("target_actor")),
           "place_id": place.get("id"), "place_name_en": place.get("name_en"), "place_name_ar": place.get("name_ar"),
           "place_kb_id": place.get("kb_id"), "country": place.get("country"), "admin1": place.get("admin1"),
           "lat": place.get("lat"), "lon": place.get("lon"), "geo_precision": place.get("precision"),
           "killed": quantity(event, "killed"), "wounded": quantity(event, "wounded"),
           "arrested": quantity(event, "arrested"), "displaced": quantity(event, "displaced"),
           "size": quantity(event, "size"), "trigger_text": trigger.get("text"),
           "trigger_start": trigger.get("start"), "trigger_end": trigger.get("end"),
           "sentence": sentence.get("text"), "sentence_start": sentence.get("start"),
           "sentence_end": sentence.get("end"), "summary_en": event.get("summary_en"),
           "published": event.get("published"), "article_title": event.get("article_title"),
           "article_source": event.get("article_source"), "article_url": event.get("article_url")}
    return {c: row.get(c) for c in COLUMNS}
