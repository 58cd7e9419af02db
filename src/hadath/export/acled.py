"""Stored events as ACLED rows: the columns of ACLED's public export, types mapped from PLOVER.

The mapping is data (plover_acled.tsv, acled_inter.tsv); docs/store.md prints it as a table.
"""
from __future__ import annotations

from .tables import acled_rules, country_centres, country_names, inter_codes, iso_numeric, regions

COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
           "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
           "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp")
# ACLED: 1 the day is known, 2 within a week or so, 3 only the month
TIME_PRECISION = {"day": 1, "week": 2, "article": 2, "month": 3, "year": 3}
COARSE_FEATURES = {"country", "state", "admin1", "region"}


def inter(actor: dict | None, role: str, event_type: str) -> int | None:
    if actor is None:
        return None
    if event_type == "PROTEST" and role == "source":
        return 6
    codes = inter_codes()
    if actor.get("sector") in codes:
        return codes[actor["sector"]]
    if actor.get("kind") == "state":
        return 1
    return None


def quantity(event: dict, kind: str) -> int | None:
    values = [q.get("value") for q in event.get("quantities") or [] if q.get("kind") == kind
              and isinstance(q.get("value"), (int, float))]
    return int(sum(values)) if values else None


def classify(event: dict) -> tuple[str, str, str] | None:
    """(disorder_type, event_type, sub_event_type) for a stored event, None when ACLED has no such event."""
    civilian = inter(event.get("target_actor"), "target", event["type"]) == 7
    for rule in acled_rules():
        if rule.plover_type != event["type"]:
            continue
        if rule.mode != "*" and rule.mode != (event.get("mode") or ""):
            continue
        if rule.target == "civilian" and not civilian:
            continue
        return rule.disorder_type, rule.event_type, rule.sub_event_type
    return None


def _country_place(source: dict | None, target: dict | None, disorder: str) -> dict:
    """An event with no place of its own goes where its actors point, at the country's centroid with
    geo_precision 3, as ACLED codes an event it can place no closer: the target's country for violence
    (an air strike on Syria happens in Syria), else the source's."""
    actors = (target, source) if disorder == "Political violence" else (source, target)
    iso3 = next((a.get("country") for a in actors if a and a.get("country")), None)
    centre = country_centres().get(iso3 or "")
    if centre is None:
        return {}
    return {"country": iso3, "name_en": country_names().get(iso3, iso3), "lat": centre[0], "lon": centre[1],
            "precision": 3, "feature": "country"}


def acled_row(event: dict) -> dict | None:
    kinds = classify(event)
    if kinds is None:
        return None
    disorder, event_type, sub_event = kinds
    date = event.get("date") or {}
    day = date.get("start") or event.get("published") or ""
    source, target = event.get("source_actor"), event.get("target_actor")
    place = event.get("place_detail") or _country_place(source, target, disorder)
    iso3 = place.get("country")
    inter1, inter2 = inter(source, "source", event["type"]), inter(target, "target", event["type"])
    if inter1 is None and inter2 is not None and (source is not None or disorder != "Political violence"):
        source, target, inter1, inter2 = target, None, inter2, None  # ACLED always has an actor1
    if source is None:
        # no named doer: as ACLED writes it, an Unidentified Armed Group (a political militia, 3) for violence,
        # Protesters (6) for a demonstration
        where = country_names().get(iso3 or (target or {}).get("country") or "", "")
        name, inter1 = ("Protesters", 6) if disorder == "Demonstrations" else ("Unidentified Armed Group", 3)
        source = {"name_en": f"{name} ({where})" if where else name}
    # ACLED joins several associated actors with "; "; a swapped row has none of the source's
    associated = "; ".join(a.get("name_en") or "" for a in event.get("associate_actors") or []) \
        if source is event.get("source_actor") else ""
    pair = sorted(x for x in (inter1, inter2) if x is not None)
    interaction = (pair[0] * 10 + pair[1] if len(pair) == 2 else pair[0] * 10) if pair else None
    precision = place.get("precision")
    if place and (precision is None or place.get("feature") in COARSE_FEATURES):
        precision = 3
    return {
        "event_id_cnty": event["event_uid"], "event_date": day, "year": int(day[:4]) if day[:4].isdigit() else None,
        "time_precision": TIME_PRECISION.get(date.get("precision") or "article", 3),
        "disorder_type": disorder, "event_type": event_type, "sub_event_type": sub_event,
        "actor1": (source or {}).get("name_en") or "", "assoc_actor_1": associated, "inter1": inter1,
        "actor2": (target or {}).get("name_en") or "", "assoc_actor_2": "", "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if inter2 == 7 and disorder == "Political violence" else "",
        "iso": iso_numeric(iso3), "region": regions().get(iso3 or "", ""),
        "country": country_names().get(iso3 or "", iso3 or ""), "admin1": place.get("admin1") or "",
        "admin2": "", "admin3": "", "location": place.get("name_en") or "",
        "latitude": place.get("lat"), "longitude": place.get("lon"), "geo_precision": precision,
        "source": event.get("article_source") or "", "source_scale": "",
        "notes": event.get("summary_en") or "", "fatalities": quantity(event, "killed") or 0,
        "tags": f"mode: {event['mode']}" if event.get("mode") else "", "timestamp": "",
    }
