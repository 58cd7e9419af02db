"""What `query_events` and `count_events` select on."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

from .errors import BadQuery

EARTH_KM = 6371.0088


@dataclass(frozen=True)
class EventFilter:
    type: str | None = None  # PLOVER type (ASSAULT) or ACLED event type (Battles), any case
    country: str | None = None  # ISO3 of the event's place (ISO2, English and Arabic names are accepted)
    actor: str | None = None  # kb id, or part of an English or Arabic name, of the source or target
    place: str | None = None  # kb id, or part of a name or admin1, of the event's place
    since: dt.date | None = None
    until: dt.date | None = None
    near: tuple[float, float, float] | None = None  # (lat, lon, km)
    min_confidence: float | None = None  # events whose confidence is at least this (0..1); None or 0: all
    include_historical: bool = False  # events dated more than a year before their article (left out by default)

    def __post_init__(self):
        if self.type:
            resolve_type(self.type)  # an unknown type is an error listing the valid ones, not an empty answer
        if self.country:
            country_code(self.country)
        if self.near is not None:
            lat, lon, km = self.near
            if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
                raise BadQuery(f"near={self.near}: give LAT between -90 and 90, LON between -180 and 180, "
                               "and a distance above 0 km", source="near")
        if self.min_confidence is not None:
            value = self.min_confidence
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:  # NaN fails too
                raise BadQuery(f"min_confidence={value!r}: give a number between 0 and 1", source="min_confidence")
        if self.since and self.until and self.since > self.until:
            raise BadQuery(f"since {self.since} is after until {self.until}", source="since")


def parse_near(value: str) -> tuple[float, float, float]:
    """``"LAT,LON,KM"`` -> (lat, lon, km), with a clear error."""
    parts = value.split(",")
    try:
        lat, lon, km = (float(p) for p in parts)
    except ValueError:
        raise BadQuery(f"{value!r}: give LAT,LON,KM, e.g. 33.51,36.29,50", source="--near") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
        raise BadQuery(f"{value!r}: LAT must lie in -90..90, LON in -180..180, KM above 0", source="--near")
    return lat, lon, km


def country_code(value: str) -> str:
    """An ISO3 code for ISO3, ISO2, or an English or Arabic country name (the knowledge base's, then pycountry's)."""
    value = value.strip()
    names = _country_names()
    if len(value) == 3 and value.isascii() and value.isalpha() and value.upper() in names["iso3"]:
        return value.upper()
    if len(value) == 2 and value.isascii() and value.isalpha() and value.upper() in names["iso2"]:
        return names["iso2"][value.upper()]
    from ..text.normalize import normalize

    found = names["ar"].get(normalize(value)) or names["en"].get(value.casefold())
    if found:
        return found
    import pycountry

    try:
        return pycountry.countries.lookup(value).alpha_3
    except LookupError:
        raise BadQuery(f"{value!r} is not a country; give an ISO3 or ISO2 code (YEM, YE) or a name in English "
                       "or Arabic (Yemen, اليمن)", source="country") from None


@lru_cache(maxsize=1)
def _country_names() -> dict[str, dict[str, str]]:
    """iso3 set, ISO2 -> ISO3, and English and Arabic names (normalised) -> ISO3, from states.tsv and pycountry."""
    import pycountry

    from ..kb.tsv import kb_files, read_rows
    from ..kb.schema import COLUMNS
    from ..text.normalize import normalize

    iso3: dict[str, str] = {}
    iso2: dict[str, str] = {}
    en: dict[str, str] = {}
    ar: dict[str, str] = {}
    for country in pycountry.countries:
        iso3[country.alpha_3] = country.alpha_3
        iso2[country.alpha_2] = country.alpha_3
        for attr in ("name", "official_name", "common_name"):
            if getattr(country, attr, None):
                en.setdefault(getattr(country, attr).casefold(), country.alpha_3)
    for path in kb_files("states"):
        for row in read_rows(path, COLUMNS["states"]):
            code = row.get("iso3")
            iso3[code] = code
            en[row.get("name_en").casefold()] = code
            for name in [row.get("name_ar"), *row.list("aliases_ar")]:
                key = normalize(name)
                ar.setdefault(key, code)
                if key.startswith("ال"):
                    ar.setdefault(key[2:], code)
    return {"iso3": iso3, "iso2": iso2, "en": en, "ar": ar}


# -- event types: PLOVER, or ACLED's event types (mapped through hadath/export/plover_acled.tsv) --
def plover_types() -> tuple[str, ...]:
    from ..kb.schema import PLOVER_TYPES

    return tuple(sorted(PLOVER_TYPES))


def acled_types() -> tuple[str, ...]:
    from ..export.tables import acled_rules

    return tuple(dict.fromkeys(rule.event_type for rule in acled_rules()))


def resolve_type(value: str) -> tuple[str, str | None]:
    """("plover", TYPE) or ("acled", ACLED event type) for a type name in any case; BadQuery listing the valid ones."""
    text = " ".join(value.split())
    if text.upper() in plover_types():
        return "plover", text.upper()
    for name in acled_types():
        if name.casefold() == text.casefold():
            return "acled", name
    raise BadQuery(f"{value!r} is no event type; give a PLOVER type ({', '.join(plover_types())}) or an ACLED "
                   f"event type ({', '.join(acled_types())})", source="type")


def acled_type_sql(event_type: str, civilian_sql: str, civilian_params: list) -> tuple[str, list]:
    """SQL (on events ``e``) selecting the events hadath's ACLED export gives ``event_type``: first fit wins."""
    from ..export.tables import acled_rules

    def fits(rule) -> tuple[str, list]:
        parts, params = ["e.type = ?"], [rule.plover_type]
        if rule.mode != "*":
            parts.append("COALESCE(e.mode, '') = ?")
            params.append(rule.mode)
        if rule.target == "civilian":
            parts.append(civilian_sql)
            params += civilian_params
        return "(" + " AND ".join(parts) + ")", params

    rules = list(acled_rules())
    options, params = [], []
    for i, rule in enumerate(rules):
        if rule.event_type != event_type:
            continue
        sql, ps = fits(rule)
        earlier = [fits(r) for r in rules[:i] if r.plover_type == rule.plover_type]
        for esql, eps in earlier:
            sql += f" AND NOT {esql}"
            ps = ps + eps
        options.append(f"({sql})")
        params += ps
    return "(" + " OR ".join(options or ["1 = 0"]) + ")", params


def civilian_sectors() -> list[str]:
    from ..export.tables import inter_codes

    return sorted(sector for sector, code in inter_codes().items() if code == 7)


# -- places: every name of the same place selects the same events --
def place_keys(value: str) -> list[str]:
    """The normalised names to match for a place query: the query, and every English and Arabic name of the
    knowledge-base places and states one of whose names it is (تعز and Taiz select the same events)."""
    from ..text.normalize import normalize

    key = normalize(value)
    groups = _place_name_groups()
    out = {key}
    for group in groups.get(key, ()):
        out |= group
    return sorted(k for k in out if k)


@lru_cache(maxsize=1)
def _place_name_groups() -> dict[str, list[frozenset[str]]]:
    from ..kb.schema import COLUMNS
    from ..kb.tsv import kb_files, read_rows
    from ..text.normalize import normalize

    groups: list[frozenset[str]] = []
    for kind, en, ar in (("places", "name_en", "name_ar"), ("states", "name_en", "name_ar")):
        for path in kb_files(kind):
            for row in read_rows(path, COLUMNS[kind]):
                names = {normalize(n) for n in [row.get(en), row.get(ar), *row.list("aliases_ar")] if n}
                names.discard("")
                if names:
                    groups.append(frozenset(names))
    index: dict[str, list[frozenset[str]]] = {}
    for group in groups:
        for name in group:
            index.setdefault(name, []).append(group)
    return index


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float | None, float | None]:
    """(lat_min, lat_max, lon_min, lon_max) around a point; lon bounds None where they would wrap."""
    dlat = math.degrees(km / EARTH_KM)
    cos = math.cos(math.radians(lat))
    if cos < 1e-6:
        return lat - dlat, lat + dlat, None, None
    dlon = math.degrees(km / (EARTH_KM * cos))
    if dlon >= 180 or lon - dlon < -180 or lon + dlon > 180:
        return lat - dlat, lat + dlat, None, None
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))
