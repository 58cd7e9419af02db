"""Scoring deduplication against a gold set of articles that report the same events.

A gold file lists clusters (articles that report one event, with its PLOVER type, and
``accept_types`` where another coding of the same event is as right) and ``distinct`` pairs
(clusters or articles that report other events of the same kind and days). Pairs of articles
are scored: a within-cluster pair is found when one canonical event of an accepted type holds
events of both; a distinct pair is wrongly merged when one canonical event of a type both accept
holds events of both and is about one of the two events (its place is one of their gold places,
or unknown): articles that are both round-ups of the same day may rightly share a third event.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations, product


def _types(cluster: dict) -> set[str]:
    return {cluster["type"], *cluster.get("accept_types", [])}


def _about(place: str, gold_places: list[str]) -> bool:
    if not place or not all(gold_places):
        return True
    return any(place in gold or gold in place for gold in gold_places)


def score(canonical: list[dict], gold: dict) -> dict:
    shared: dict[frozenset, set[str]] = defaultdict(set)  # article pair -> types of the events they share
    placed: dict[frozenset, set[tuple[str, str]]] = defaultdict(set)  # -> (type, place name) of those
    for item in canonical:
        articles = sorted({m["article_id"] for m in item["members"]})
        for a, b in combinations(articles, 2):
            shared[frozenset((a, b))].add(item["type"])
            placed[frozenset((a, b))].add((item["type"], ((item.get("place") or {}).get("name_en") or "").lower()))
    clusters = {c["key"]: c for c in gold["clusters"]}
    found = total = 0
    missed = []
    for cluster in gold["clusters"]:
        for a, b in combinations(sorted(cluster["articles"]), 2):
            total += 1
            if shared[frozenset((a, b))] & _types(cluster):
                found += 1
            else:
                missed.append((cluster["key"], a, b))
    merged = negatives = 0
    wrong = []
    for pair in gold["distinct"]:
        sides = [clusters.get(pair[k]) or {"articles": [pair[k]], "type": None} for k in ("a", "b")]
        types = (_types(sides[0]) if sides[0]["type"] else _types(sides[1])) & (
            _types(sides[1]) if sides[1]["type"] else _types(sides[0]))
        places = [(side.get("place") or "").lower() for side in sides]
        for a, b in product(sides[0]["articles"], sides[1]["articles"]):
            negatives += 1
            if any(kind in types and _about(place, places) for kind, place in placed[frozenset((a, b))]):
                merged += 1
                wrong.append((pair["a"], pair["b"], a, b))
    return {"pair_recall": found / total if total else 0.0, "pairs": total,
            "distinct_merged": merged / negatives if negatives else 0.0, "distinct_pairs": negatives,
            "missed": missed, "wrong": wrong}
