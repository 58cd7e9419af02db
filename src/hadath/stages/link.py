"""Turn matched forms into linked actors and places.

Order of work: (1) read the selected candidates left to right into chunks (an institution
and its nationality adjective become one actor, a country name becomes an actor or a place
by its context, a role word is remembered); (2) resolve ambiguous toponyms against the
article's other places; (3) attach roles to the people they introduce and create people the
knowledge base does not know; (4) link surnames back to people already named; (5) group
chunks into entities with ids in order of first mention.
"""
from __future__ import annotations

import datetime as dt

from ..kb.loader import KnowledgeBase, Lex
from ..match import Candidate, find_candidates, select
from ..model import Actor, Doc, Mention, Place
from . import coref, people, toponyms
from .chunks import Chunk, dominant_country, state_actor
from ..text.tokens import Tokens



def link(doc: Doc, kb: KnowledgeBase) -> Doc:
    view = doc.tokens
    chosen = select(find_candidates(doc.norm, kb, view))
    chunks = _read_chunks(chosen, view, kb, doc.article.published)
    toponyms.resolve(chunks, view, kb)
    chunks = toponyms.drop_unsupported(chunks, kb)
    chunks = people.attach_roles(chunks, view, kb)
    chunks = coref.add_surname_mentions(chunks, view, kb)
    chunks = coref.add_head_mentions(chunks, view, kb)
    chunks = people.loyal_forces(chunks, view, kb)
    chunks = [c for c in chunks if not people.names_a_building(c, view, kb)]
    _fill_countries(chunks, kb)
    actors, places = _entities(chunks, doc, kb)
    return doc.with_(actors=actors, places=places, extras={**doc.extras, "chunks": chunks, "candidates": chosen})


def _lexes(c: Candidate, kind: str) -> list[Lex]:
    return [x for x in c.lexes if x.type == kind]


def _adjacent(a: Candidate, b: Candidate | None, view: Tokens) -> bool:
    return b is not None and not b.prefix and not view.gap_has_punct(a.end, b.start) and b.start - a.end <= 1


def _read_chunks(chosen: list[Candidate], view: Tokens, kb: KnowledgeBase, published: dt.date | None) -> list[Chunk]:
    chunks: list[Chunk] = []
    i = 0
    while i < len(chosen):
        c = chosen[i]
        nxt = chosen[i + 1] if i + 1 < len(chosen) else None
        types = {x.type for x in c.lexes}
        start = c.start
        if "actor" in types:
            chunks.append(_kb_actor(c, kb, published))
        elif "inst" in types:
            inst_lexes = _lexes(c, "inst")
            if _adjacent(c, nxt, view) and {"adj", "plural"} & {x.type for x in nxt.lexes}:
                iso3 = next(x.ref for x in nxt.lexes if x.type in ("adj", "plural"))
                chunks.append(_institution(kb, inst_lexes[0].ref, start, nxt.end, iso3))
                i += 2
                continue
            standalone = [x for x in inst_lexes if kb.institutions[x.ref].standalone]
            if standalone:
                chunk = _institution(kb, standalone[0].ref, start, c.end, None)
                chunk.needs_country = True
                chunks.append(chunk)
        elif "role" in types:
            role = Chunk("role", start, c.end, role_index=_lexes(c, "role")[0].ref)
            if _adjacent(c, nxt, view) and "adj" in {x.type for x in nxt.lexes}:
                role.country = next(x.ref for x in nxt.lexes if x.type == "adj")
                role.end = nxt.end
                i += 1
            chunks.append(role)
        elif "adj" in types and _after_event_noun(c, view, kb):
            # الغارات الروسية، القصف التركي: the nationality after an attack noun names who attacked
            iso3 = _lexes(c, "adj")[0].ref
            chunk = state_actor(kb, iso3, start, c.end, confidence=0.75)
            chunk.how = "adjective"
            chunks.append(chunk)
        elif "plural" in types:
            iso3 = _lexes(c, "plural")[0].ref
            chunks.append(state_actor(kb, iso3, start, c.end, confidence=0.8))
        elif types & {"state", "place"}:
            chunk = toponyms.read(c, view, kb, chunks)
            if chunk is not None:
                chunks.append(chunk)
        i += 1
    return chunks


def _after_event_noun(c: Candidate, view: Tokens, kb: KnowledgeBase) -> bool:
    """Does the adjective qualify an attack noun, directly or after جوية/الجوية (الضربات الجوية الأميركية)?"""
    nouns, fillers = kb.word_set("event_noun"), kb.word_set("event_noun_filler")
    words = view.words_before(c.start, 3)
    while words and words[-1] in fillers:
        words.pop()
    return bool(words) and words[-1] in nouns and not c.prefix


def _kb_actor(c: Candidate, kb: KnowledgeBase, published: dt.date | None) -> Chunk:
    entries = [kb.actors[x.ref] for x in _lexes(c, "actor")]
    if len(entries) > 1 and published:
        year = str(published.year)
        current = [e for e in entries if (e.valid_from or "0000")[:4] <= year <= (e.valid_to or "9999")[:4]]
        entries = current or entries
    e = entries[0]
    return Chunk("actor", c.start, c.end, key=("kb", e.id), country=e.country, sector=e.sector,
                 actor_kind=e.kind, name_en=e.name_en, name_ar=e.name_ar, kb_id=e.id, role_en=e.role_en,
                 confidence=0.95 if len(entries) == 1 else 0.7)


def _institution(kb: KnowledgeBase, index: int, start: int, end: int, iso3: str | None) -> Chunk:
    inst = kb.institutions[index]
    chunk = Chunk("actor", start, end, country=iso3, sector=inst.sector, actor_kind=inst.kind,
                  template=inst.name_en, how="composed", confidence=0.85 if iso3 else 0.6,
                  function=inst.function)
    _name_institution(chunk, kb)
    return chunk


def _name_institution(chunk: Chunk, kb: KnowledgeBase) -> None:
    state = kb.states.get(chunk.country or "")
    rest = chunk.template.replace("{country}", "").strip()
    rest = rest[:1].upper() + rest[1:]
    chunk.name_en = f"{rest} ({state.name_en})" if state else rest
    chunk.key = ("inst", chunk.template, chunk.country)


def _fill_countries(chunks: list[Chunk], kb: KnowledgeBase) -> None:
    """A bare institution (الجيش، الحكومة) belongs to the country its article is about."""
    fallback = dominant_country(chunks)
    last_by_template: dict[str, str] = {}
    for ch in chunks:
        if ch.kind != "actor":
            continue
        if ch.needs_country and ch.country is None:
            ch.country = last_by_template.get(ch.template) or fallback
            if ch.template:  # an unknown person keeps the name read from the text
                _name_institution(ch, kb)
        if ch.template and ch.country:
            last_by_template[ch.template] = ch.country


def _mention(doc: Doc, start: int, end: int) -> Mention:
    s, e = doc.norm.to_original(start, end)
    return Mention(s, e, doc.article.text[s:e])


def _entities(chunks: list[Chunk], doc: Doc, kb: KnowledgeBase) -> tuple[tuple[Actor, ...], tuple[Place, ...]]:
    actor_groups: dict[tuple, list[Chunk]] = {}
    place_groups: dict[str, list[Chunk]] = {}
    for ch in chunks:
        if ch.kind == "actor" and ch.key:
            actor_groups.setdefault(ch.key, []).append(ch)
        elif ch.kind == "place" and ch.place is not None:
            place_groups.setdefault(ch.place.id, []).append(ch)
    actors = []
    for n, (key, group) in enumerate(sorted(actor_groups.items(), key=lambda kv: kv[1][0].start), start=1):
        first = group[0]
        role = next((g.role_en for g in group if g.role_en), None)
        actors.append(Actor(
            id=f"A{n}", name_en=first.name_en, name_ar=first.name_ar or doc.norm.original[slice(*doc.norm.to_original(first.start, first.end))],
            kind=first.actor_kind, country=first.country, sector=first.sector,
            mentions=tuple(_mention(doc, g.start, g.end) for g in sorted(group, key=lambda g: g.start)),
            kb_id=first.kb_id, role_en=role, confidence=max(g.confidence for g in group), how=first.how,
            function=first.function))
    places = []
    for n, (pid, group) in enumerate(sorted(place_groups.items(), key=lambda kv: kv[1][0].start), start=1):
        p = group[0].place
        places.append(Place(
            id=f"P{n}", name_en=p.name_en, name_ar=p.name_ar, country=p.country, lat=p.lat, lon=p.lon,
            mentions=tuple(_mention(doc, g.start, g.end) for g in sorted(group, key=lambda g: g.start)),
            kb_id=p.id, feature=p.kind, admin1=p.admin1, precision=p.precision,
            confidence=max(g.confidence for g in group)))
    return tuple(actors), tuple(places)
