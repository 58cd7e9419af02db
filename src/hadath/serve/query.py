"""Reading the store for the API: filters from query parameters, paging, and aggregates the store
does not offer (timeline, facets, GeoJSON), computed by walking the matching events page by page."""
from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, defaultdict
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

WALK_PAGE = 5000  # the store sorts the matching events for each page: few big pages walk fastest


class StoreGate:
    """Serialises calls into the store: routes run on a thread pool, a store connection is not shared-safe."""

    def __init__(self, store: Any):
        self.store = store
        self._lock = threading.RLock()

    @contextmanager
    def use(self):
        with self._lock:
            yield self.store


def make_filter(type: str | None = None, country: str | None = None, actor: str | None = None,
                place: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
                near: str | None = None, min_confidence: float | None = None, include_historical: bool = False):
    """The store's EventFilter; its own checks (coordinates, since after until, min_confidence outside 0..1)
    raise BadQuery: a 422."""
    from ..store import EventFilter, parse_near

    return EventFilter(type=type or None, country=country or None,
                       actor=actor or None, place=place or None, since=since, until=until,
                       near=parse_near(near) if near else None, min_confidence=min_confidence,
                       include_historical=include_historical)


def page(items: list, total: int, limit: int, offset: int) -> dict[str, Any]:
    following = offset + len(items)
    return {"items": items, "total": total, "limit": limit, "offset": offset,
            "next_offset": following if following < total and items else None}


def walk_events(gate: StoreGate, flt, cap: int) -> tuple[list[dict], bool]:
    """Up to `cap` matching events, in the store's order; True when more matched."""
    events: list[dict] = []
    offset = 0
    while len(events) < cap:
        size = min(WALK_PAGE, cap - len(events))
        with gate.use() as store:
            batch = store.query_events(flt, limit=size, offset=offset)
        events.extend(batch)
        if len(batch) < size:
            return events, False
        offset += len(batch)
    with gate.use() as store:
        more = bool(store.query_events(flt, limit=1, offset=offset))
    return events, more


def event_day(event: dict) -> str | None:
    date = event.get("date") or {}
    start = date.get("start") if isinstance(date, dict) else None
    return str(start)[:10] if start else None


DAY_PRECISE = {"day", "week", "article"}  # dates a day bar can stand for; a month or a year cannot


def timeline(events: list[dict], truncated: bool) -> dict[str, Any]:
    per_day: dict[str, Counter] = defaultdict(Counter)
    imprecise = 0
    for ev in events:
        day = event_day(ev)
        if day and (ev.get("date") or {}).get("precision", "day") in DAY_PRECISE:
            per_day[day][ev.get("type") or "?"] += 1
        else:
            imprecise += 1
    types = sorted({t for counts in per_day.values() for t in counts})
    return {"days": [{"date": day, "counts": dict(sorted(per_day[day].items()))} for day in sorted(per_day)],
            "types": types, "total": len(events), "imprecise": imprecise, "truncated": truncated}


def facets(events: list[dict]) -> dict[str, Any]:
    types = Counter(ev.get("type") or "?" for ev in events)
    countries = Counter((ev.get("place_detail") or {}).get("country") for ev in events)
    countries.pop(None, None)
    days = sorted(d for d in (event_day(ev) for ev in events) if d)
    return {"types": dict(sorted(types.items())), "countries": dict(sorted(countries.items())),
            "first_date": days[0] if days else None, "last_date": days[-1] if days else None}


CITY_LABEL_POPULATION = {"region": 100_000, "world": 1_000_000}  # the region: the Arab states and neighbours


@lru_cache(maxsize=1)
def city_labels() -> dict[str, Any]:
    """The larger cities, for the map's labels: GeoNames (offline), largest first, English and Arabic names."""
    from ..kb.geonames import ARAB_ISO2, NEIGHBOUR_ISO2, cities

    features = []
    for city in sorted(cities(), key=lambda c: -c.population):
        region = city.iso2 in ARAB_ISO2 or city.iso2 in NEIGHBOUR_ISO2
        if city.population < CITY_LABEL_POPULATION["region" if region else "world"]:
            continue
        features.append({"type": "Feature", "id": f"gn.{city.geonameid}",
                         "properties": {"name_en": city.name_en, "name_ar": city.names_ar[0],
                                        "country": city.iso3, "population": city.population},
                         "geometry": {"type": "Point", "coordinates": [city.lon, city.lat]}})
    return {"type": "FeatureCollection", "features": features}


def geojson(events: list[dict], truncated: bool) -> dict[str, Any]:
    """The map's points: hadath export's flat rows (hadath.export.flat) as GeoJSON properties."""
    from ..export.flat import flat_row

    features = []
    for ev in events:
        row = flat_row(ev)
        if row["lat"] is None or row["lon"] is None:
            continue
        features.append({"type": "Feature", "id": row["event_uid"], "properties": row,
                         "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]}})
    return {"type": "FeatureCollection", "features": features, "truncated": truncated}
