"""The mapping tables beside this module (TSV, read once, on first use)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..kb.tsv import DATA_DIR, read_rows

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class AcledRule:
    plover_type: str
    mode: str  # "*" fits any mode
    target: str  # "civilian" or "any"
    disorder_type: str
    event_type: str
    sub_event_type: str


@lru_cache(maxsize=1)
def acled_rules() -> tuple[AcledRule, ...]:
    columns = ("plover_type", "mode", "target", "disorder_type", "event_type", "sub_event_type")
    return tuple(AcledRule(*(row.get(c) for c in columns)) for row in read_rows(HERE / "plover_acled.tsv", columns))


@lru_cache(maxsize=1)
def inter_codes() -> dict[str, int]:
    rows = read_rows(HERE / "acled_inter.tsv", ("sector", "inter", "meaning"))
    return {row.get("sector"): int(row.get("inter")) for row in rows}


@lru_cache(maxsize=1)
def regions() -> dict[str, str]:
    return {row.get("iso3"): row.get("region") for row in read_rows(HERE / "acled_regions.tsv", ("iso3", "region"))}


@lru_cache(maxsize=1)
def _states() -> tuple:
    path = DATA_DIR / "actors" / "states.tsv"
    columns = ("iso3", "name_en", "name_ar", "aliases_ar", "adjectives_ar", "plurals_ar", "capital_en",
               "capital_ar", "lat", "lon")
    return tuple(read_rows(path, columns))


def country_names() -> dict[str, str]:
    """ISO3 -> the English short name hadath's knowledge base uses (Syria, not Syrian Arab Republic)."""
    return {row.get("iso3"): row.get("name_en") for row in _states()}


def country_centres() -> dict[str, tuple[float, float]]:
    """ISO3 -> the country's centroid (lat, lon), as ACLED places an event it can place no closer."""
    return {row.get("iso3"): (float(row.get("lat")), float(row.get("lon"))) for row in _states()
            if row.get("lat") and row.get("lon")}


def iso_numeric(iso3: str | None) -> int | None:
    if not iso3:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return int(country.numeric) if country is not None else None
