"""Toponyms: is a name a place of events or a state acting, and which place is it?

- A word before the name decides first: a locative (في، قرب، ريف، بلدة، ب...) makes it a
  place; a place blocker (اتفاقيات، مسار، معاهدة ...) makes it part of another name; a
  capital cue (العاصمة) or a country cue (سلطنة) picks between a city and a state.
- A set phrase that holds a place's name (في إطار "within the framework", Atar) is no place.
- A bank (الضفة الشرقية) followed by a river is that river's bank, not the West Bank.
- A state name not in a locative context is the state acting (أعلنت روسيا); a capital is
  the state acting only after an agentive word (أهداف واشنطن، تقول بغداد).
- A name shared by several places goes to the one nearest the article's other places, in
  the article's main country, preferring authored entries and larger places; a GeoNames
  village never takes a capital's name (الدوحة is Doha even in an article about Gaza).
- Common words need evidence (lexicon/common_names.tsv, computed from a word-frequency list):
  a name behind a proclitic that makes another word (كبرى "major" is no ك + Burri, بحجة "under
  the pretext" no Hajjah) is no place; a month name (آب) is a place only after a place noun
  (محافظة إب); a name with the next word makes a set phrase (مسقط رأس "birthplace") is no place.
  A *lone* place, one whose country no other place and no state of the article names, stays
  only with strong evidence: a place noun before it (مدينة، بلدة، محافظة ...), a word after it
  that makes it a place (الواقعة، التابعة), a preposition (في، قرب، بـ) before a city of 100,000,
  or, when it is the article's only locality, a preposition before a name that is no common word. A capital named by its
  own name, and a city of a million named by a name that is no common word, are exempt.
"""
from __future__ import annotations

import math

from ..kb.loader import KnowledgeBase, PlaceEntry, distance_km
from ..match import Candidate
from ..text.normalize import normalize
from .chunks import Chunk, dominant_country, state_actor
from ..text.tokens import Tokens

COMMON_ZIPF = 3.5  # a name at least this frequent in general Arabic (once in 300,000 words) is a common word
BIG_POPULATION = 1_000_000  # a city this large is named without introduction (London, Cairo)
CITY_POPULATION = 100_000  # a city this large after a preposition (في عدن) is taken


def _is_cue(words: list[str], cue_set: frozenset[str], kb: KnowledgeBase) -> bool:
    """The word (or two words) before a name is one of the cue words, clitics allowed."""
    if not words:
        return False
    last = words[-1]
    if last in cue_set or kb.clitics.strip_guessed(last) in cue_set:
        return True
    return len(words) >= 2 and " ".join(words[-2:]) in cue_set


def _before_river(end: int, view: Tokens, kb: KnowledgeBase) -> bool:
    tok = view.word_after(end)
    if tok is not None and tok.text == "من":
        tok = view.word_after(tok.end)
    if tok is None:
        return False
    rivers = kb.word_set("river")
    word = tok.text
    fronts = kb.clitics.guessed_prepositions | kb.clitics.fused_article  # لنهر، للنهر، بنهر
    return word in rivers or any(word.startswith(p) and word[len(p):] in rivers for p in fronts)


def _is_river_bank(c: Candidate, view: Tokens, kb: KnowledgeBase) -> bool:
    """الضفة الشرقية من نهر الفرات: a bank of a river, whichever words the name matched."""
    banks = kb.word_set("river_bank")
    end = c.end
    if c.key not in banks:
        nxt = view.word_after(c.end)
        if nxt is None or f"{c.key} {nxt.text}" not in banks:
            return False
        end = nxt.end
    return _before_river(end, view, kb)


def read(c: Candidate, view: Tokens, kb: KnowledgeBase, previous: list[Chunk]) -> Chunk | None:
    word_start = c.start - len(c.prefix)
    before = view.words_before(word_start, 2)
    if _is_cue(before, kb.word_set("place_blocker"), kb):
        return None
    if c.prefix and c.prefix + c.key in kb.word_forms:
        return None  # كبرى "major" is not ك + برى (Burri), فعالية not ف + عالية (Aley)
    after = view.word_after(c.end)
    if after is not None and f"{c.key} {after.text}" in kb.word_set("not_place_phrase_after"):
        return None  # مسقط رأس "birthplace", not Muscat
    noun_cue = _is_cue(before, kb.word_set("place_noun"), kb)
    if before and f"{kb.clitics.strip_guessed(before[-1])} {c.key}" in kb.word_set("not_place_phrase"):
        return None
    if _is_river_bank(c, view, kb):
        return None
    locative = c.prefix in kb.clitics.locative or _is_cue(before, kb.word_set("locative"), kb)
    coordinated = _coordinated_with(c, view, previous)
    if coordinated is not None and not locative:
        locative = coordinated.kind == "place"
    states = [x.ref for x in c.lexes if x.type == "state"]
    places = [kb.places[x.ref] for x in c.lexes if x.type == "place" and (locative or not x.needs_cue)]
    if c.key in kb.month_names and not noun_cue:
        places = []  # في آب is "in August"; محافظة إب is Ibb
    cue = "capital" if _is_cue(before, kb.word_set("capital_cue"), kb) else \
        "country" if _is_cue(before, kb.word_set("country_cue"), kb) else ""
    capital_of = kb.capitals.get(c.key)
    if not locative and cue != "capital":
        if states and (cue == "country" or not places or coordinated is not None or not capital_of):
            return state_actor(kb, states[0], c.start, c.end)
        agentive = _is_cue(before, kb.word_set("agentive"), kb) or _is_cue(before, kb.word_set("speech"), kb)
        if capital_of and (agentive or (coordinated is not None and coordinated.kind == "actor")):
            # تقول بغداد؛ الفصائل وتل أبيب: a capital said or joined to an actor is its state acting
            return state_actor(kb, capital_of, c.start, c.end, confidence=0.7)
        if states and not places:
            return state_actor(kb, states[0], c.start, c.end)
    if cue == "country" and states:
        places = []
    towns = _town_of_area(c.key, places, kb)
    if towns:
        places = towns  # منطقة تدمر: the Palmyra area, at the town, not the district's centroid
    options = places + [kb.places[f"state.{iso.lower()}"] for iso in states if f"state.{iso.lower()}" in kb.places]
    if not options:
        return None
    chunk = Chunk("place", c.start, c.end, options=options, cue=cue, confidence=0.9 if len(options) == 1 else 0.7)
    chunk.key = (c.key,)
    head = c.key.split()[0] if " " in c.key else ""  # محافظة إب matched whole: its own noun is the cue
    chunk.evidence = "admin" if _is_cue(before, kb.word_set("admin_noun"), kb) or head in kb.word_set("admin_noun") else \
        "noun" if noun_cue or towns or head in kb.word_set("place_noun") or _suffix_cue(c, view, kb) else \
        "prep" if locative and c.prefix not in kb.clitics.locative else "clitic" if locative else ""
    if len(options) == 1:
        chunk.place = options[0]
    return chunk


def _coordinated_with(c: Candidate, view: Tokens, previous: list[Chunk]) -> Chunk | None:
    """The chunk this one is joined to by و (والأردن after العراق), if any."""
    if not c.prefix.startswith("و") or not previous:
        return None
    last = previous[-1]
    word_start = c.start - len(c.prefix)
    if last.kind in ("actor", "place") and 0 <= word_start - last.end <= 1 and not view.gap_has_punct(last.end, word_start):
        return last
    return None


def resolve(chunks: list[Chunk], view: Tokens, kb: KnowledgeBase) -> None:
    """Choose one place for every ambiguous place chunk."""
    anchors = [ch.place for ch in chunks if ch.kind == "place" and ch.place is not None and ch.place.kind != "country"]
    main = dominant_country(chunks)
    for ch in chunks:
        if ch.kind != "place" or ch.place is not None:
            continue
        best = max(ch.options, key=lambda p: _score(p, ch, anchors, main, kb))
        ch.place = best


def _score(p: PlaceEntry, ch: Chunk, anchors: list[PlaceEntry], main: str | None, kb: KnowledgeBase) -> float:
    score = {"kb": 2.0, "state": 1.5}.get(p.source, min(2.0, math.log10(p.population + 1) / 3))
    capital_of = kb.capitals.get(ch.key[0])
    if p.source == "geonames" and capital_of and capital_of != p.country:
        score -= 3.0  # الدوحة is Doha: a village that shares a capital's name does not take it by context
    if main and p.country == main:
        score += 2.0
    near = min((distance_km(p.lat, p.lon, a.lat, a.lon) for a in anchors if a.id != p.id), default=None)
    if near is not None:
        score += 2.0 if near < 60 else 1.0 if near < 250 else 0.0
    if ch.cue == "capital":
        score += 4.0 if p.kind != "country" and kb.capitals.get(ch.key[0]) == p.country else -2.0
    if ch.cue == "country" and p.kind == "country":
        score += 4.0
    if p.kind in ("admin1", "admin2", "admin3"):
        score += 1.0 if ch.evidence == "admin" else -0.5  # سرت is the town; محافظة سرت the province
    return score


def _town_of_area(key: str, places: list[PlaceEntry], kb: KnowledgeBase) -> list[PlaceEntry]:
    """منطقة X naming a district: the town X it is named after, in the same country, if there is one."""
    if not key.startswith("منطقه ") or not places:
        return []
    countries = {p.country for p in places}
    return [kb.places[x.ref] for x in kb.forms.get(key[len("منطقه "):], ())
            if x.type == "place" and not x.needs_ll and kb.places[x.ref].precision == 1
            and kb.places[x.ref].country in countries]


def _suffix_cue(c: Candidate, view: Tokens, kb: KnowledgeBase) -> bool:
    """X الواقعة في ...، X التابعة لـ ...: the word after the name makes it a place."""
    tok = view.word_after(c.end)
    return tok is not None and tok.text in kb.word_set("place_suffix_cue")


def drop_unsupported(chunks: list[Chunk], kb: KnowledgeBase) -> list[Chunk]:
    """Drop the lone places the text gives no strong evidence for (see the module's doc)."""
    states = {ch.country for ch in chunks if ch.kind == "actor" and ch.actor_kind == "state" and ch.country}
    groups: dict[str, list[Chunk]] = {}
    for ch in chunks:
        if ch.kind == "place" and ch.place is not None:
            groups.setdefault(ch.place.id, []).append(ch)
    localities = [pid for pid, g in groups.items() if g[0].place.kind != "country"]
    drop: set[str] = set()
    for pid, group in groups.items():
        p = group[0].place
        if p.kind == "country" or not p.country or _prominent(p, group, kb):
            continue
        if p.country in states or any(g[0].place.country == p.country for k, g in groups.items() if k != pid):
            continue
        if any(_strong(ch, kb, alone=len(localities) == 1) for ch in group):
            continue
        drop.add(pid)
    if not drop:
        return chunks
    return [ch for ch in chunks if not (ch.kind == "place" and ch.place is not None and ch.place.id in drop)]


def _prominent(p: PlaceEntry, group: list[Chunk], kb: KnowledgeBase) -> bool:
    """A capital named by its own name, or a city of a million named by a name that is no common word."""
    if any(ch.key and kb.capitals.get(ch.key[0]) == p.country and ch.key[0] == normalize(p.name_ar) for ch in group):
        return True
    return p.population >= BIG_POPULATION and any(ch.key and kb.zipf(ch.key[0]) < COMMON_ZIPF for ch in group)


def _strong(ch: Chunk, kb: KnowledgeBase, alone: bool) -> bool:
    if ch.evidence in ("noun", "admin"):
        return True
    if ch.evidence not in ("prep", "clitic"):
        return False
    key = ch.key[0] if ch.key else ""
    if ch.place is not None and ch.place.source == "kb" and " " in key and key == normalize(ch.place.name_ar):
        return True  # في سهل الغاب: an authored name of several words, whole, is no common word
    common = kb.zipf(key) >= COMMON_ZIPF
    if ch.place is not None and ch.place.population >= CITY_POPULATION and (
            not common or (ch.evidence == "prep" and key == normalize(ch.place.name_ar) and ch.place.source == "kb")):
        # في عدن: a city after a preposition; a common word only as an authored city's own name
        # (من حصار is "from a siege", not Hisar in India; إلى أمان "to safety", not Amman)
        return True
    return alone and not common
