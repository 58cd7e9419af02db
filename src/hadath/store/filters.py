"""What `query_events` and `count_events` select on."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from .errors import BadQuery

EARTH_KM = 6371.0088


@dataclass(frozen=True)
class EventFilter:
    type: str | None = None  # PLOVER type, e.g. ASSAULT
    country: str | None = None  # ISO3 of the event's place (ISO2 and English names are accepted)
    actor: str | None = None  # kb id, or part of an English or Arabic name, of the source or target
    place: str | None = None  # kb id, or part of a name or admin1, of the event's place
    since: dt.date | None = None
    until: dt.date | None = None
    near: tuple[float, float, float] | None = None  # (lat, lon, km)

    def __post_init__(self):
        if self.near is not None:
            lat, lon, km = self.near
            if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
                raise BadQuery(f"near={self.near}: give LAT between -90 and 90, LON between -180 and 180, "
                               "and a distance above 0 km", source="near")
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
    """An ISO3 code for ISO3, ISO2, or an English country name."""
    value = value.strip()
    if len(value) == 3 and value.isalpha():
        return value.upper()
    import pycountry

    try:
        return pycountry.countries.lookup(value).alpha_3
    except LookupError:
        raise BadQuery(f"{value!r} is not a country; give an ISO3 code such as SYR", source="country") from None


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
