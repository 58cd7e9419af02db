"""Authored Syrian places against the OCHA administrative reference (skips without it).

Admin units (admin1/2/3 entries) are compared with the reference centroid of their level;
localities (city/town/village) with the reference point of the admin capital of that name.
At least 95% of the authored entries the reference also names must lie within 10 km.
"""
import csv

from hadath.kb.loader import distance_km
from hadath.text.normalize import normalize

from conftest import shared_path

LEVEL_OF_KIND = {"admin1": 1, "admin2": 2, "admin3": 3}
LOCALITY_KINDS = {"city", "town", "village"}


def _rows(path):
    with open(path, encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter="\t")


def _key(name: str) -> str:
    name = normalize(name)
    return name[len("مركز "):] if name.startswith("مركز ") else name


def reference():
    folder = shared_path("data", "ocha_syria_cod_admin_ar")
    centroids: dict[tuple[int, str], list[tuple[float, float]]] = {}
    for row in _rows(folder / "syr_adminpoints.tsv"):
        level = int(row["admin_leve"])
        centroids.setdefault((level, _key(row["name1"])), []).append((float(row["y_coord"]), float(row["x_coord"])))
    arabic_by_pcode = {}
    for level in (1, 2, 3):
        for row in _rows(folder / f"syr_admin{level}.tsv"):
            arabic_by_pcode[row[f"adm{level}_pcode"]] = row[f"adm{level}_name1"]
    capitals: dict[str, list[tuple[float, float]]] = {}
    for row in _rows(folder / "syr_admincapitals.tsv"):
        level = row["adm_p_lvl"]
        pcode = row.get(f"adm{level}_pcode") or ""
        if pcode in arabic_by_pcode:
            capitals.setdefault(_key(arabic_by_pcode[pcode]), []).append((float(row["y_coord"]), float(row["x_coord"])))
    return centroids, capitals


def test_authored_syrian_places_agree_with_ocha(kb):
    centroids, capitals = reference()
    compared, far = 0, []
    for place in kb.places.values():
        if place.source != "kb" or place.country != "SYR":
            continue
        key = _key(place.name_ar)
        if place.kind in LEVEL_OF_KIND:
            points = centroids.get((LEVEL_OF_KIND[place.kind], key))
        elif place.kind in LOCALITY_KINDS:
            points = capitals.get(key)
        else:
            continue
        if not points:
            continue
        compared += 1
        nearest = min(distance_km(place.lat, place.lon, lat, lon) for lat, lon in points)
        if nearest > 10:
            far.append(f"{place.id} {place.name_ar} {nearest:.1f} km")
    assert compared >= 100, f"only {compared} authored Syrian places could be compared"
    share = 1 - len(far) / compared
    assert share >= 0.95, f"{share:.1%} within 10 km of {compared}; off: {far[:20]}"
