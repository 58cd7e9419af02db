"""Names the knowledge base does not know, found by the statistical tagger (hadath.ner).

Runs after `link`. Rules, in order:

1. The knowledge base wins: a model span that overlaps anything the linker made (an actor,
   a place) is dropped; role words and nationality adjectives at its edges are trimmed off.
   Except: a full name the model is sure of (two words or more, a known given name first,
   confidence >= 0.8) wins over a group or place name that ends it (عبدالملك الحوثي is no mention
   of the Houthis, خليل الخليل none of Hebron) and over a name the linker set aside inside it.
2. Precision first: a span below its type's confidence threshold, holding digits, Latin letters
   or only function words, or a one-word person name the model is not sure of, is dropped. A full
   name that begins with a known given name (names of the knowledge base's people, and the given
   names of lexicon/names.tsv) needs less (0.4), and so does an ORG span that begins with an
   organisation head (lexicon/org_heads.tsv: 0.5).
3. PER becomes a person actor. A role word before it (الفريق، وزير الدفاع الأميركي،) or after it in
   apposition gives the role, the sector and, with a nationality adjective or a body named in
   between, the country. A later lone surname joins the person.
4. ORG becomes an organisation (an armed group when its head word says so: كتائب، لواء ...),
   with a sector from its head word (lexicon/org_heads.tsv) and a country from a nationality
   adjective in or after it. A head and a quoted name (جبهة «أنصار الحرية») or a media head, a name
   and a nisba in apposition (صحيفة الفجر الجديد الليبية) make an organisation without the model
   (`how` "composed").
5. A facility named after a known place (جامعة الأنبار، مطار حلب), tagged ORG or LOC, becomes a
   place of its own at that place's coordinates, beside the known place the linker found in it:
   the one exception to rule 1, since the facility is where things happen.
6. LOC becomes a place only with coordinates: from the gazetteer (places.PlaceIndex: exact,
   then one letter off), else from the known place it is said to lie in (تل حمكي بريف جسر
   الشغور: that place's coordinates, precision 2). A place with no coordinates is not emitted.

Everything found here has `kb_id` null; actors have `how` = "ner". Ids of all actors and
places are then renumbered in order of first mention.
"""
from __future__ import annotations

import bisect
from dataclasses import replace

from ..kb.loader import KnowledgeBase
from ..match import Candidate, find_candidates, select
from ..model import Actor, Doc, Mention, Place
from ..ner.features import word_sets
from ..ner.places import place_index
from ..ner.tagger import NerTagger, Span, default_tagger
from ..text.romanize import romanize
from .people import after_building_noun
from .chunks import dominant_country

KNOWN_NAMES = frozenset({"actor", "place", "state", "inst"})
THRESHOLDS = {"PER": 0.6, "LOC": 0.7, "ORG": 0.8}
SINGLE_WORD_PER = 0.9  # a one-word person name needs more certainty (or an earlier full name)
GIVEN_NAME_PER = 0.4  # a name of two words or more that begins with a known given name (محمد، خالد) needs less
STRONG_PER = 0.8  # a full name this sure wins over a place or group name inside it (خليل الخليل، عبدالملك الحوثي)
SINGLE_WORD_ORG = 0.95  # one word tagged ORG is often a common noun (التنظيم، الهيئة، الشيعة)
HEADED_ORG = 0.5  # a name of two words or more that begins with an organisation head (lexicon/org_heads.tsv)
ROLE_WINDOW = 4  # words between a role word and the name it introduces
CONTAINER_WORDS = frozenset({"في", "ب", "بريف", "ريف", "قرب", "بالقرب", "من", "شمال", "جنوب", "شرق", "غرب",
                             "شمالي", "جنوبي", "شرقي", "غربي", "بمحافظه", "محافظه", "بمدينه", "مدينه", "منطقه",
                             "بمنطقه", "اطراف", "باطراف", "محيط", "بمحيط", "شمالا", "جنوبا"})
# a facility named after a place: a place of events in its own right (its head word -> English)
FACILITY_HEADS = {"جامعه": "University", "مطار": "Airport", "مستشفي": "Hospital", "سجن": "Prison",
                  "ملعب": "Stadium", "ميناء": "Port", "معبر": "Crossing", "سد": "Dam", "جسر": "Bridge",
                  "قاعده": "Base", "مصفاه": "Refinery"}
FACILITY_CUES = frozenset({"علي", "الي", "مبني", "ساحه", "امام", "حرم", "داخل", "استعاده", "اقتحام", "تطويق"})
def add_model_entities(doc: Doc, kb: KnowledgeBase, tagger: NerTagger | None = None) -> Doc:
    tagger = tagger or default_tagger()
    if not tagger.available:
        return doc
    candidates = doc.extras.get("candidates") or select(find_candidates(doc.norm, kb, doc.tokens))  # the linker's, if run
    tokens = doc.tokens.all  # the token layer, for the tagger and the head-noun names
    spans = tagger.tag(doc.norm, kb, candidates, tokens)
    chunks = doc.extras.get("chunks", [])
    taken = [(c.start, c.end) for c in chunks if c.kind in ("actor", "place")]
    taken += list(_linked_spans(doc))
    # a name the knowledge base knows but the linker set aside here (معاهدة جنيف) stays set aside,
    # except inside a person's full name the model is sure of (خليل الخليل: Hebron set aside)
    set_aside = [(c.start, c.end) for c in candidates if {x.type for x in c.lexes} & KNOWN_NAMES]
    edge = [c for c in candidates if {x.type for x in c.lexes} & {"role", "adj", "plural"}]
    main_country = dominant_country(chunks)
    given = _given_names(kb)
    actors: list[Actor] = list(doc.actors)
    places: list[Place] = list(doc.places)
    people: dict[str, int] = {}  # name or surname -> index in actors, for later mentions
    orgs: dict[str, int] = {}
    place_by_name: dict[str, int] = {}
    for span in spans:
        span = _trim(span, edge, doc.norm.text)
        if span is None or not _plausible(span, kb):
            continue
        span = _strip_conjunction(span, given, kb.clitics)
        name = doc.norm.text[span.start:span.end]
        mention = _mention(doc, span.start, span.end)
        facility = _facility(span, name, candidates, kb, taken + set_aside, doc.norm.text)
        if facility is not None:
            if name in place_by_name:
                index = place_by_name[name]
                places[index] = replace(places[index], mentions=places[index].mentions + (mention,))
            else:
                places.append(replace(facility, mentions=(mention,)))
                place_by_name[name] = len(places) - 1
            continue
        words = name.split()
        sure_person = span.type == "PER" and len(words) >= 2 and span.confidence >= STRONG_PER \
            and kb.clitics.split(words[0])[1] in given
        if sure_person:
            inner = _inner_mentions(span, actors, places, doc)
            if inner:  # عبدالملك الحوثي، خليل الخليل: the family name is no mention of the Houthis or of Hebron
                for items, index, m, (s, e) in inner:
                    items[index] = replace(items[index], mentions=tuple(x for x in items[index].mentions if x != m))
                    taken = [(a, b) for a, b in taken if not (s <= a and b <= e)]
        blocking = taken if sure_person else taken + set_aside
        if any(span.start < e and s < span.end for s, e in blocking):
            continue
        if span.type == "PER" and after_building_noun(span.start, doc.tokens, kb):
            continue  # مسجد الحسين بن علي: a building's name, no person of the news
        if span.type == "PER":
            known = people.get(name) if len(words) == 1 else None
            if known is not None:
                actors[known] = replace(actors[known], mentions=actors[known].mentions + (mention,))
                continue
            threshold = GIVEN_NAME_PER if len(words) >= 2 and kb.clitics.split(words[0])[1] in given else THRESHOLDS["PER"]
            if span.confidence < threshold or (len(words) == 1 and span.confidence < SINGLE_WORD_PER):
                continue
            if name in people:
                index = people[name]
                actors[index] = replace(actors[index], mentions=actors[index].mentions + (mention,))
                continue
            role_en, country, sector = _role_context(span, candidates, kb, doc.norm.text)
            actors.append(Actor(id="", name_en=romanize(name), name_ar=name, kind="person", country=country,
                                sector=sector, mentions=(mention,), kb_id=None, role_en=role_en,
                                confidence=round(0.8 * span.confidence, 3), how="ner"))
            people[name] = len(actors) - 1
            if len(words) >= 2 and len(words[-1]) >= 3 and words[-1] not in kb.word_set("stop"):
                people.setdefault(words[-1], len(actors) - 1)
        elif span.type == "ORG":
            head = kb.org_heads.get(kb.clitics.split(words[0])[1])
            threshold = HEADED_ORG if head and len(words) >= 2 else THRESHOLDS["ORG"]
            if span.confidence < threshold or (len(words) == 1 and span.confidence < SINGLE_WORD_ORG):
                continue
            if name in orgs:
                index = orgs[name]
                actors[index] = replace(actors[index], mentions=actors[index].mentions + (mention,))
                continue
            sector, kind = head or (None, "organization")
            country = _country_near(span, candidates)
            actors.append(Actor(id="", name_en=romanize(name), name_ar=name, kind=kind, country=country,
                                sector=sector, mentions=(mention,), kb_id=None,
                                confidence=round(0.8 * span.confidence, 3), how="ner"))
            orgs[name] = len(actors) - 1
        elif span.type == "LOC":
            if span.confidence < THRESHOLDS["LOC"]:
                continue
            if name in place_by_name:
                index = place_by_name[name]
                places[index] = replace(places[index], mentions=places[index].mentions + (mention,))
                continue
            place = _place(span, name, kb, doc, candidates, main_country, mention)
            if place is not None:
                places.append(place)
                place_by_name[name] = len(places) - 1
        taken.append((span.start, span.end))
    org_spans = [(sp.start, sp.end) for sp in spans if sp.type == "ORG"]
    for start, head_end, end, name, (sector, kind), country in _headed_names(doc.norm.text, kb, candidates, org_spans, tokens):
        # the head itself may be a known word (صحيفة: a media institution head); the name may not be
        if any(start < e and s < end for s, e in taken) or any(head_end <= s < end for s, _ in set_aside):
            continue
        if name in orgs:
            index = orgs[name]
            actors[index] = replace(actors[index], mentions=actors[index].mentions + (_mention(doc, start, end),))
            continue
        mention = _mention(doc, start, end)
        name_ar = " ".join("".join(ch for ch in mention.text if ch not in "«»\"“”").split())
        actors.append(Actor(id="", name_en=romanize(name), name_ar=name_ar, kind=kind, country=country, sector=sector,
                            mentions=(mention,), kb_id=None, confidence=0.6, how="composed"))
        orgs[name] = len(actors) - 1
        taken.append((start, end))
    actors = [a for a in actors if a.mentions]  # a group whose one mention was a person's family name
    places = [p for p in places if p.mentions]
    if actors == list(doc.actors) and places == list(doc.places):
        return doc
    return doc.with_(actors=_renumber(actors, "A"), places=_renumber(places, "P"),
                     extras={**doc.extras, "ner_spans": spans})


_QUOTES = {"«": "»", '"': '"', "“": "”"}
_NAME_WORDS = 3  # words of a media name between its head and the adjective after it


def _headed_names(text: str, kb: KnowledgeBase, candidates: list[Candidate], org_spans: list[tuple[int, int]],
                  tokens: list):
    """Organisations named by a head noun (lexicon/org_heads.tsv) and a name the model may miss:
    - the head and a quoted name: جبهة «أنصار الحق»، صحيفة "الوطن" (after a head that is also a
      verbal noun, تنظيم "organising", only where the tagger read an organisation there too);
    - a media head, one to three words and a nisba adjective in apposition: صحيفة الشرق الأوسط
      اللندنية، قناة الميادين اللبنانية (the adjective's country, when it is a nationality).
    Yields (start, head end, end, name, (sector, kind), country) in normalised offsets."""
    adjectives = {c.start: c for c in candidates if any(x.type == "adj" for x in c.lexes)}
    stop = kb.word_set("stop") | kb.word_set("locative") | kb.word_set("speech")
    lengths = {len(h) for h in kb.org_heads}
    for i, tok in enumerate(tokens):
        if not any(tok.text[-n:] in kb.org_heads for n in lengths):
            continue  # no head ends this word, whatever its proclitics
        proclitics, stem = tok.proclitics, tok.text[len(tok.proclitics):]
        if proclitics in kb.clitics.definite:
            continue  # الحركة: a head with the article names no new organisation here
        head = kb.org_heads.get(stem) or kb.org_heads.get(tok.text)
        if head is None or i + 1 >= len(tokens):
            continue
        start = tok.start + (len(proclitics) if stem != tok.text and tok.text not in kb.org_heads else 0)
        nxt = tokens[i + 1]
        if nxt.text in _QUOTES:
            close = _QUOTES[nxt.text]
            j = i + 2
            while j < len(tokens) and j - i <= 8 and tokens[j].text != close and tokens[j].text not in ".،,:؛!?":
                j += 1
            verbal = stem in kb.verbal_heads or tok.text in kb.verbal_heads
            inside = tokens[i + 2].start, tokens[j - 1].end if j < len(tokens) else tok.end
            if verbal and not any(s < inside[1] and inside[0] < e for s, e in org_spans):
                continue
            if j < len(tokens) and tokens[j].text == close and j > i + 2:
                inner = text[tokens[i + 2].start:tokens[j - 1].end]
                yield start, tok.end, tokens[j].end, f"{text[start:tok.end]} {inner}", head, None
            continue
        if head[0] != "MED":
            continue
        j = i + 1
        while j < len(tokens) and j - i <= _NAME_WORDS + 1:
            word = tokens[j].text
            if not word[0].isalpha() or word in stop:
                break
            if j > i + 1 and word.startswith("ال") and (word.endswith("يه") or word.endswith("ي")) and len(word) >= 6:
                adj = adjectives.get(tokens[j].start)
                country = next((x.ref for x in adj.lexes if x.type == "adj"), None) if adj else None
                yield start, tok.end, tokens[j - 1].end, text[start:tokens[j - 1].end], head, country
                break
            j += 1


def _inner_mentions(span: Span, actors: list[Actor], places: list[Place], doc: Doc):
    """(list, index, mention, normalised span) of the group or place mentions that end a person's
    name span and start after its first word; None when anything else the linker made crosses it."""
    index = doc.norm.index
    out = []
    for items in (actors, places):
        for i, item in enumerate(items):
            for m in item.mentions:
                s, e = bisect.bisect_left(index, m.start), bisect.bisect_left(index, m.end)
                if not (s < span.end and span.start < e):
                    continue
                named = isinstance(item, Place) or (item.kind in ("group", "organization") and item.how in ("kb", "coref"))
                if named and span.start < s and e == span.end:
                    out.append((items, i, m, (s, e)))
                else:
                    return None
    return out


def _linked_spans(doc: Doc):
    """Spans (normalised offsets) of the mentions the linker produced, whatever made them."""
    index = doc.norm.index
    for item in (*doc.actors, *doc.places):
        for m in item.mentions:
            yield bisect.bisect_left(index, m.start), bisect.bisect_left(index, m.end)


def _trim(span: Span, edge: list[Candidate], text: str) -> Span | None:
    """Drop role words and nationality adjectives the model took into the name."""
    tokens = list(span.tokens)
    while tokens and any(c.start <= tokens[0].start < c.end for c in edge):
        tokens.pop(0)
    while tokens and any(c.start < tokens[-1].end <= c.end for c in edge):
        tokens.pop()
    while tokens and not tokens[-1].text[0].isalnum():
        tokens.pop()
    if not tokens:
        return None
    if len(tokens) == len(span.tokens):
        return span
    return Span(tokens[0].start, tokens[-1].end, span.type, span.confidence, tuple(tokens))


_GIVEN: dict[int, tuple[KnowledgeBase, frozenset[str]]] = {}


def _given_names(kb: KnowledgeBase) -> frozenset[str]:
    """First words of the known people's names, once per knowledge base."""
    held = _GIVEN.get(id(kb))
    if held is None or held[0] is not kb:
        _GIVEN.clear()
        words = {w for w, uses in word_sets(kb).items() if "given" in uses} | _table_given_names()
        held = _GIVEN[id(kb)] = (kb, frozenset(words))
    return held[1]


def _table_given_names() -> set[str]:
    """Given names of the romanisation table (lexicon/names.tsv, part given or both), if there is one."""
    from ..kb import schema
    from ..kb.tsv import kb_files, read_rows
    from ..text.normalize import normalize

    if "names" not in schema.COLUMNS:
        return set()
    out: set[str] = set()
    for path in kb_files("names"):
        if path.exists():
            for row in read_rows(path, schema.COLUMNS["names"]):
                if row.get("part") in ("given", "both"):
                    out.update(normalize(f) for f in row.list("forms_ar") if " " not in f)
    return out


def _strip_conjunction(span: Span, given: set[str], clitics) -> Span:
    """وفهد كفاين -> فهد كفاين: a clitic stuck to a known first name is not part of the name."""
    first = span.tokens[0]
    word = first.text
    if len(word) > 3 and word[0] in clitics.guessed and word not in given and word[1:] in given:
        stripped = first._replace(start=first.start + 1, text=word[1:], proclitics="", stem=word[1:], pronoun="",
                                  orig_start=-1 if first.orig_start < 0 else first.orig_start + 1)
        return Span(span.start + 1, span.end, span.type, span.confidence, (stripped,) + span.tokens[1:])
    return span


def _plausible(span: Span, kb: KnowledgeBase) -> bool:
    """Arabic letters only, and not only function words or generic place nouns (ريف، المدينة)."""
    common = kb.word_set("stop") | kb.word_set("locative") | kb.word_set("not_place")
    words = [t.text for t in span.tokens if t.text[0].isalnum()]
    if not words or any(not ("\u0621" <= ch <= "\u064a" or ch == " ") for w in words for ch in w):
        return False
    if all(w in common or kb.clitics.split(w)[1] in common or kb.clitics.article + kb.clitics.split(w)[1] in common for w in words):
        return False
    return sum(len(w) for w in words) >= 3


def _words_between(text: str, a: int, b: int) -> int:
    return len(text[a:b].split())


def _role_context(span: Span, candidates: list[Candidate], kb: KnowledgeBase, text: str):
    """(role, country, sector) from a role word before the name, or just after it in apposition."""
    before = [c for c in candidates if c.end <= span.start and _words_between(text, c.end, span.start) <= ROLE_WINDOW
              and not any(ch in ".!?" for ch in text[c.end:span.start])]
    role = next((c for c in reversed(before) if any(x.type == "role" for x in c.lexes)), None)
    if role is None:
        after = next((c for c in candidates if c.start >= span.end), None)
        gap = text[span.end:after.start] if after else ""
        if after is not None and any(x.type == "role" for x in after.lexes) and gap.strip() in ("", ",", "-"):
            role = after
        if role is None:
            return None, None, None
        between = [c for c in candidates if role.end <= c.start and _words_between(text, role.end, c.start) <= 2]
    else:
        between = [c for c in before if c.start >= role.end]
        between += [c for c in candidates if role.end <= c.start < role.end + 30 and c.start < span.start
                    and c not in between]
    r = kb.roles[next(x.ref for x in role.lexes if x.type == "role")]
    country, sector = None, r.sector
    for c in between:
        for x in c.lexes:
            if x.type in ("adj", "plural") and country is None:
                country = x.ref
            elif x.type == "state" and country is None and c.start - role.end <= 1:  # وزير خارجية روسيا, not المبعوث إلى سوريا
                country = x.ref
            elif x.type == "actor" and kb.actors[x.ref].kind != "person":
                country = country or kb.actors[x.ref].country
                if r.sector in ("GOV", "REB"):
                    sector = kb.actors[x.ref].sector
            elif x.type == "inst" and r.sector in ("GOV", "REB"):
                sector = kb.institutions[x.ref].sector
    return r.role_en, country, sector


def _country_near(span: Span, candidates: list[Candidate]) -> str | None:
    for c in candidates:
        if span.start <= c.start <= span.end + 1:
            for x in c.lexes:
                if x.type in ("adj", "plural"):
                    return x.ref
    return None


def _place(span: Span, name: str, kb: KnowledgeBase, doc: Doc, candidates: list[Candidate],
           main_country: str | None, mention: Mention) -> Place | None:
    found = place_index(kb).lookup(name, main_country)
    if found is not None:
        e = found.entry
        return Place(id="", how="ner", name_en=e.name_en, name_ar=name, country=e.country, lat=e.lat, lon=e.lon,
                     mentions=(mention,), kb_id=None, feature=e.kind, admin1=e.admin1, precision=e.precision,
                     confidence=round((0.8 if found.exact else 0.6) * span.confidence, 3))
    container = _container(span, candidates, kb, doc.norm.text)
    if container is None:
        return None
    return Place(id="", how="ner", name_en=romanize(name), name_ar=name, country=container.country, lat=container.lat,
                 lon=container.lon, mentions=(mention,), kb_id=None, feature="locality", admin1=container.admin1,
                 precision=max(2, container.precision), confidence=round(0.5 * span.confidence, 3))


def _container(span: Span, candidates: list[Candidate], kb: KnowledgeBase, text: str):
    """The known place a new name is said to lie in: تل حمكي بريف جسر الشغور."""
    after = next((c for c in candidates if c.start >= span.end), None)
    if after is None:
        return None
    words = text[span.end:after.start - len(after.prefix)].replace(",", " ").split()
    if after.prefix:
        words.append(after.prefix)
    if len(words) > 2 or not all(w in CONTAINER_WORDS for w in words) or not words:
        return None
    for x in after.lexes:
        if x.type == "place":
            return kb.places[x.ref]
    return None


def _facility(span: Span, name: str, candidates: list[Candidate], kb: KnowledgeBase, taken,
              text: str) -> Place | None:
    """جامعة الأنبار، مطار حلب: a facility named after a known place is a place of its own, there."""
    head = kb.clitics.split(name.split()[0])[1]
    if span.type not in ("ORG", "LOC") or head not in FACILITY_HEADS or span.confidence < THRESHOLDS["LOC"]:
        return None
    if any(s < span.end and span.start < e and not (span.start <= s and e <= span.end) for s, e in taken):
        return None  # something the linker made crosses the span's edges
    if not _locative_before(span, name, kb, text):
        return None  # أعلنت جامعة الدمام: the university acting, not a place of events
    inside = [c for c in candidates if span.start < c.start and c.end <= span.end]
    where = next((kb.places[x.ref] for c in inside for x in c.lexes if x.type == "place"), None)
    if where is None:
        return None
    return Place(id="", how="ner", name_en=f"{FACILITY_HEADS[head]} ({where.name_en})", name_ar=name, country=where.country,
                 lat=where.lat, lon=where.lon, mentions=(), kb_id=None, feature="facility", admin1=where.admin1,
                 precision=max(1, where.precision), confidence=round(0.6 * span.confidence, 3))


def _locative_before(span: Span, name: str, kb: KnowledgeBase, text: str) -> bool:
    """A preposition or place word before the facility (في، على، قرب، مبنى، بـ): a place of events."""
    if kb.clitics.split(name.split()[0])[0] in kb.clitics.locative:
        return True
    before = text[max(0, span.start - 20):span.start].split()
    if not before:
        return False
    word = before[-1]
    cues = kb.word_set("locative") | FACILITY_CUES
    return word in cues or kb.clitics.split(word)[1] in cues


def _mention(doc: Doc, start: int, end: int) -> Mention:
    s, e = doc.norm.to_original(start, end)
    return Mention(s, e, doc.article.text[s:e])


def _renumber(items: list, prefix: str) -> tuple:
    ordered = sorted(items, key=lambda x: min(m.start for m in x.mentions))
    return tuple(replace(x, id=f"{prefix}{n}", mentions=tuple(sorted(x.mentions, key=lambda m: m.start)))
                 for n, x in enumerate(ordered, start=1))
