"""Event stage: triggers from lexicon/triggers.tsv, arguments by rules over the sentence.

For each trigger the frame (see the lexicon) picks the source and target among the
sentence's actor mentions: the subject of a verb comes right after it (Arabic VSO) or before
it (SVO); `between` reads both sides of a clash; `meeting` takes the parties present;
`speech` takes the speaker. The place is the most specific place named after the trigger in
the sentence; the date the nearest time expression of the sentence, else of the paragraph so
far, else the publication date. A negated or future event is kept apart (`modality`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..kb.loader import KnowledgeBase, Trigger
from ..match import is_word_char
from ..model import Actor, Doc, Event, Mention, Place, TimeRef
from ..text.normalize import normalize
from ..text.segment import paragraphs
from .quantities import find_quantities

TRIGGER_PREFIXES = frozenset({"", "و", "ف", "ل", "س", "ب", "ك", "وس", "فس", "ول", "فل", "وب", "فب", "وك", "لل", "ولل"})
NEGATIONS = frozenset(normalize(w) for w in "لم لن لا ليس ليست غير دون عدم نفى نفت ينفي تنفي نافيا نافية رفض رفضت يرفض ترفض".split())
PREPOSITIONS = frozenset(normalize(w) for w in "في من على إلى الى عن مع ضد بين لدى نحو حول عبر تجاه".split())
OBLIQUE_PREFIXES = frozenset({"ل", "ب", "لل", "ول", "وب", "فل", "فب", "ك"})
BOTH_SIDES = frozenset(normalize(w) for w in "الطرفين الجانبين الطرفان الجانبان".split())
FUTURE = frozenset(normalize(w) for w in "سوف سيتم المقرر يعتزم تعتزم ستقوم سيقوم ستعقد سيعقد يعتزمون".split())
HYPOTHETICAL = frozenset(normalize(w) for w in "إذا اذا لو حال حالة".split())
REPORTER_WORDS = ("source", "spokesperson")
NON_AGENT_SECTORS = frozenset({"MED", "NGO", "CVL"})
SUBJECT_WINDOW = 4
OBJECT_WINDOW = 10
BEFORE_WINDOW = 10
VERBS_EN = {"ASSAULT": "attacked", "COERCE": "coerced", "CONSULT": "met", "AGREE": "agreed with",
            "COOPERATE": "cooperated with", "SUPPORT": "supported", "AID": "aided", "ACCUSE": "accused",
            "REJECT": "rejected", "REQUEST": "called on", "THREATEN": "threatened", "PROTEST": "protested against",
            "SANCTION": "sanctioned", "MOBILIZE": "mobilized against", "RETREAT": "retreated from",
            "CONCEDE": "conceded to"}


@dataclass(frozen=True)
class Hit:
    start: int  # original offsets
    end: int
    trigger: Trigger
    future_prefix: bool


@dataclass(frozen=True, order=True)
class Ref:
    start: int
    end: int
    id: str


def find_triggers(doc: Doc, kb: KnowledgeBase) -> list[Hit]:
    text, n = doc.norm.text, len(doc.norm.text)
    found = []
    for last, key in kb.trigger_automaton.iter(text):
        start, end = last - len(key) + 1, last + 1
        if end < n and is_word_char(text[end]):
            continue
        word_start = start
        while word_start > 0 and is_word_char(text[word_start - 1]):
            word_start -= 1
        prefix = text[word_start:start]
        if prefix not in TRIGGER_PREFIXES:
            continue
        s, e = doc.norm.to_original(start, end)
        found.append((s, e, kb.trigger_forms[key][0], "س" in prefix))
    chosen: list[Hit] = []
    for s, e, index, future in sorted(found, key=lambda h: (-(h[1] - h[0]), h[0])):
        if any(s < c.end and c.start < e for c in chosen):
            continue
        chosen.append(Hit(s, e, kb.triggers[index], future))
    return sorted(chosen, key=lambda h: h.start)


def _words(text: str) -> int:
    return len(text.split())


class _Sentence:
    def __init__(self, doc: Doc, start: int, end: int, actors: list[Ref], places: list[Ref],
                 reporters: set[str], country: dict[str, str | None]):
        self.doc, self.start, self.end = doc, start, end
        self.text = doc.article.text
        self.actors = [r for r in actors if start <= r.start < end and r.id not in reporters]
        self.country = country
        self.sector = {a.id: a.sector for a in doc.actors}
        self.relative_words: frozenset[str] = frozenset()
        self.places = [r for r in places if start <= r.start < end]

    def gap(self, a: int, b: int) -> int:
        return _words(self.text[a:b]) if a <= b else _words(self.text[b:a])

    def after(self, pos: int, window: int, exclude: set[str] = frozenset()) -> Ref | None:
        for r in self.actors:
            if r.start >= pos and r.id not in exclude and self.gap(pos, r.start) <= window:
                return r
        return None

    def before(self, pos: int, window: int, exclude: set[str] = frozenset()) -> Ref | None:
        for r in reversed(self.actors):
            if r.end <= pos and r.id not in exclude and self.gap(r.end, pos) <= window:
                return r
        return None

    def oblique(self, ref: Ref, since: int) -> bool:
        """Is the mention governed by a preposition (لعناصر داعش، على الحكومة)?"""
        word_start = ref.start
        while word_start > 0 and is_word_char(self.text[word_start - 1]):
            word_start -= 1
        if normalize(self.text[word_start:ref.start]) in OBLIQUE_PREFIXES:
            return True
        previous = self.text[max(since, self.start, word_start - 30):word_start].split()[-1:]
        if not previous:
            return False
        key = normalize(previous[0])
        return key in PREPOSITIONS or (key[:1] in "لب" and len(key) > 3 and key[1:2] != "ا")

    def subject_after(self, pos: int, window: int, exclude: set[str]) -> Ref | None:
        ref = self.after(pos, window, exclude)
        if ref is None or self.oblique(ref, pos) or any(c in "،,:«\"" for c in self.text[pos:ref.start]):
            return None
        return ref

    def subject_before(self, pos: int, window: int, exclude: set[str]) -> Ref | None:
        """The nearest actor before ``pos`` that no preposition governs."""
        for r in reversed(self.actors):
            if r.end > pos or r.id in exclude:
                continue
            if self.gap(r.end, pos) > window:
                return None
            if not self.oblique(r, self.start):
                return r
        return None

    def coordinated(self, a: Ref, b: Ref) -> bool:
        """X و Y, X، Y: b is a co-agent of a, not its target."""
        between = normalize(self.text[a.end:b.start]).strip()
        return between in (",", "و", ", و") or (b.start - a.end <= 2 and self.text[b.start - 1:b.start] == "و")

    def word_before(self, pos: int, count: int = 3) -> list[str]:
        return [normalize(w) for w in self.text[max(self.start, pos - 40):pos].split()[-count:]]


def _arguments(hit: Hit, sent: _Sentence, speaker: str | None,
               last_sides: tuple[str, str | None] | None) -> tuple[str | None, str | None]:
    frame, verb = hit.trigger.frame, hit.trigger.pos == "verb"
    skip = {speaker} if speaker and frame != "speech" else set()
    if frame == "between":
        tail = normalize(sent.text[hit.end:sent.end])
        between = tail.find("بين")
        if 0 <= between and len(tail[:between].split()) <= 6:
            if tail[between:].split()[1:2] and tail[between:].split()[1] in BOTH_SIDES:
                return last_sides or (None, None)
            pos = hit.end + len(sent.text[hit.end:sent.end][:between]) + 3
            first = sent.after(pos, OBJECT_WINDOW, skip)
            second = first and sent.after(first.end, OBJECT_WINDOW, skip | {first.id})
            return (first.id if first else None), (second.id if second else None)
        others = [r for r in sent.actors if r.id not in skip]
        if not others and last_sides:
            return last_sides  # جرت اشتباكات على جبهة X: the sides of the fighting already named
    if frame == "meeting":
        parties = []
        for r in sent.actors:
            if r.id in parties or r.id in skip:
                continue
            lead = normalize(sent.text[max(sent.start, r.start - 12):r.start]).split()[-1:]
            if sent.oblique(r, max(sent.start, r.start - 12)) and not (lead and lead[0] in ("مع", "بين", "عن")):
                continue
            parties.append(r.id)
        return (parties[0] if parties else None), (parties[1] if len(parties) > 1 else None)
    if frame == "speech" and (hit.trigger.pos != "verb" or not _own_subject(hit, sent, skip)) and speaker:
        subject = next((r for r in sent.actors if r.id == speaker), None)
    elif verb:
        subject = sent.subject_before(hit.start, 2, skip) or sent.subject_after(hit.end, SUBJECT_WINDOW, skip)
        subject = subject or sent.subject_before(hit.start, BEFORE_WINDOW, skip)
    else:  # قصف شنه داعش / شنت الطائرات غارات / غارات التحالف / هجوم لقوات النظام
        subject = _relative_agent(hit, sent, skip) or sent.subject_before(hit.start, 5, skip) \
            or _genitive_agent(hit, sent, skip)
        subject = subject or sent.subject_before(hit.start, BEFORE_WINDOW, skip)
    if subject is None and speaker and sent.sector.get(speaker) not in NON_AGENT_SECTORS:
        # أعلنت روسيا دعمها، نفت الوزارة أن تكون طائراتها قصفت: the speaker speaks of its own act
        subject = next((r for r in sent.actors if r.id == speaker), None)
    taken = skip | ({subject.id} if subject else set())
    target = None
    for r in sent.actors:
        if r.start >= hit.end and r.id not in taken and sent.gap(hit.end, r.start) <= OBJECT_WINDOW:
            if subject is not None and r.start > subject.start and sent.coordinated(subject, r):
                taken.add(r.id)
                continue
            if frame == "speech" and sent.oblique(r, hit.end):
                continue  # اتهم X Y بالتواطؤ مع Z: Z is not the one accused
            target = r
            break
    if target is None and subject is not None and subject.end <= hit.start:
        target = next((r for r in sent.actors if subject.end <= r.start and r.end <= hit.start and r.id not in taken), None)
    if target is None and hit.trigger.type == "ACCUSE":
        before = [r for r in reversed(sent.actors) if r.end <= hit.start and r.id not in taken]
        foreign = [r for r in before if subject is None or sent.country.get(r.id) != sent.country.get(subject.id)]
        target = (foreign or before or [None])[0]
    if frame == "victim":  # مقتل X: X suffered it; the doer is rarely named in the same breath
        return None, (subject.id if subject else None)
    return (subject.id if subject else None), (target.id if target else None)


def _relative_agent(hit: Hit, sent: _Sentence, skip: set[str]) -> Ref | None:
    """قصف شنه داعش: the doer named after a relative verb that follows the event noun."""
    following = sent.text[hit.end:sent.end].split()[:1]
    if not following or normalize(following[0]) not in sent.relative_words:
        return None
    return sent.after(hit.end, 2, skip)


def _genitive_agent(hit: Hit, sent: _Sentence, skip: set[str]) -> Ref | None:
    """The agent right after a noun trigger: غارات التحالف، هجوم لقوات النظام."""
    ref = sent.after(hit.end, 0, skip)
    if ref is None:
        return None
    word_start = ref.start
    while word_start > 0 and is_word_char(sent.text[word_start - 1]):
        word_start -= 1
    return ref if normalize(sent.text[word_start:ref.start]) in ("", "ل", "لل") else None


def _own_subject(hit: Hit, sent: _Sentence, skip: set[str]) -> bool:
    return bool(sent.subject_before(hit.start, 2, skip) or sent.subject_after(hit.end, SUBJECT_WINDOW, skip))


def _places(hit: Hit, sent: _Sentence, doc: Doc, next_hit: int) -> list[str | None]:
    if hit.trigger.frame == "speech":
        return [None]
    precision = {p.id: (p.precision or 3) for p in doc.places}
    after = [r for r in sent.places if hit.end <= r.start < next_hit]
    before = [r for r in sent.places if r.end <= hit.start]
    local_after = list(dict.fromkeys(r.id for r in after if precision.get(r.id, 3) < 3))
    if local_after:
        return local_after if hit.trigger.type == "ASSAULT" else local_after[:1]
    for group in (list(reversed(before)), after):
        local = [r for r in group if precision.get(r.id, 3) < 3]
        if local:
            return [local[0].id]
    for group in (after, list(reversed(before))):
        if group:
            return [group[0].id]
    return [None]


def _modality(hit: Hit, sent: _Sentence, previous: Hit | None = None) -> str:
    before = sent.word_before(hit.start, 4)
    governing = {"REQUEST": "future", "THREATEN": "future", "REJECT": "denied", "ACCUSE": "alleged"}
    if previous is not None and previous.trigger.type in governing and sent.gap(previous.end, hit.start) <= 8 \
            and hit.trigger.frame != "speech":
        return governing[previous.trigger.type]
    if hit.trigger.type != "REJECT" and NEGATIONS & set(before[-3:]):
        return "denied"
    if hit.future_prefix or FUTURE & set(before):
        return "future"
    if HYPOTHETICAL & set(before):
        return "hypothetical"
    return "asserted"


def _speaker(hit: Hit, sent: _Sentence, speech: frozenset[str]) -> str | None:
    """Who says it: the subject of the last verb of saying before the trigger (after it or just before it)."""
    pos, best = sent.start, None
    for w in sent.text[sent.start:hit.start].split():
        i = sent.text.index(w, pos)
        pos = i + len(w)
        key = normalize(w)
        if key in speech or (key[:1] in "وف" and key[1:] in speech):
            best = (i, pos)
    if best is None:
        return None
    who = sent.subject_after(best[1], SUBJECT_WINDOW, set()) or sent.subject_before(best[0], 1, set())
    return who.id if who and who.start < hit.start else None


def _date(hit: Hit, sent: _Sentence, times: tuple[TimeRef, ...], para_start: int,
          published: dt.date | None, modality: str) -> TimeRef | None:
    usable = [t for t in times if not t.future or modality == "future"]
    inside = [t for t in usable if sent.start <= t.start < sent.end]
    if inside:
        return min(inside, key=lambda t: abs(t.start - hit.start))
    earlier = [t for t in usable if para_start <= t.start < sent.start]
    if earlier:
        return earlier[-1]
    if published is None:
        return None
    return TimeRef(hit.start, hit.start, "", published, published, "article")


def extract_events(doc: Doc, kb: KnowledgeBase) -> Doc:
    actor_refs = sorted(Ref(m.start, m.end, a.id) for a in doc.actors for m in a.mentions)
    place_refs = sorted(Ref(m.start, m.end, p.id) for p in doc.places for m in p.mentions)
    actors = {a.id: a for a in doc.actors}
    places = {p.id: p for p in doc.places}
    paras = paragraphs(doc.article.text)
    speech = kb.word_set("speech")
    countries = {a.id: a.country for a in doc.actors}
    # sources and spokespeople report events; they are not parties to them
    reporters = {a.id for a in doc.actors if a.how == "composed" and any(w in a.name_en.lower() for w in REPORTER_WORDS)}
    merged: dict[tuple, dict] = {}
    all_hits = find_triggers(doc, kb)
    last_sides: tuple[str, str | None] | None = None
    for sentence in doc.sentences:
        sent = _Sentence(doc, sentence.start, sentence.end, actor_refs, place_refs, reporters, countries)
        sent.relative_words = kb.word_set("agent_relative")
        hits = [h for h in all_hits if sentence.start <= h.start < sentence.end]
        quantities = find_quantities(doc.article.text, sentence.start, sentence.end)
        has_assault = any(h.trigger.type == "ASSAULT" and h.trigger.frame != "victim" for h in hits)
        para_start = next((s for s, e in paras if s <= sentence.start < e), 0)
        victims = [_arguments(h, sent, None, None)[1] for h in hits if h.trigger.frame == "victim"] if has_assault else []
        victim = next((v for v in victims if v), None)
        for i, hit in enumerate(hits):
            if hit.trigger.frame == "victim" and has_assault:
                continue  # the killing belongs to the attack named beside it
            speaker = _speaker(hit, sent, speech)
            source, target = _arguments(hit, sent, speaker, last_sides)
            if source is None:
                continue
            if target is None and hit.trigger.type == "ASSAULT" and victim not in (None, source):
                target = victim  # قتل جندي عراقي في قصف شنه داعش: the soldier's side was attacked
            if hit.trigger.frame == "between" and target is not None:
                last_sides = (source, target)
            modality = _modality(hit, sent, hits[i - 1] if i else None)
            date = _date(hit, sent, doc.times, para_start, doc.article.published, modality)
            next_hit = hits[i + 1].start if i + 1 < len(hits) else sentence.end
            mention = Mention(sentence.start, sentence.end, doc.article.text[sentence.start:sentence.end])
            for place in _places(hit, sent, doc, next_hit):
                key = (hit.trigger.type, source, target, place, date.date_start if date else None, modality)
                if key in merged:
                    merged[key]["mentions"].append(mention)
                    continue
                merged[key] = {"hit": hit, "source": source, "target": target, "place": place, "date": date,
                               "modality": modality, "mentions": [mention],
                               "attribution": speaker if hit.trigger.frame != "speech" else None,
                               "quantities": quantities if hit.trigger.type == "ASSAULT" else ()}
                if hit.trigger.type == "ASSAULT":
                    quantities = ()  # counted once per sentence
    merged = _infer_targets(merged)
    events = []
    for n, item in enumerate(sorted(merged.values(), key=lambda v: v["hit"].start), start=1):
        hit = item["hit"]
        mode = hit.trigger.mode
        src = actors.get(item["source"])
        if hit.trigger.type == "ASSAULT" and src and "air force" in src.name_en.lower():
            mode = "aerial"
        events.append(Event(
            id=f"E{n}", type=hit.trigger.type, source=item["source"], target=item["target"], place=item["place"],
            date=item["date"], mentions=tuple(item["mentions"]),
            trigger=Mention(hit.start, hit.end, doc.article.text[hit.start:hit.end]), mode=mode,
            modality=item["modality"], attribution=item["attribution"], quantities=tuple(item["quantities"]),
            confidence=_confidence(item), summary_en=_summary(hit, item, actors, places)))
    return doc.with_(events=tuple(events))


def _infer_targets(merged: dict[tuple, dict]) -> dict[tuple, dict]:
    """An attack with no named target hits the other side of the article's dyad.

    The dyads come from the article's own two-sided events (اشتباكات بين X و Y, X قصف Y);
    where the source has no such partner the target stays unknown.
    """
    from collections import Counter

    partners: dict[str, Counter] = {}
    for item in merged.values():
        if item["hit"].trigger.type == "ASSAULT" and item["target"] and item["modality"] == "asserted":
            partners.setdefault(item["source"], Counter())[item["target"]] += 1
            partners.setdefault(item["target"], Counter())[item["source"]] += 1
    out: dict[tuple, dict] = {}
    for key, item in merged.items():
        if item["target"] is None and item["hit"].trigger.type in ("ASSAULT", "COERCE") and item["source"] in partners:
            item = {**item, "target": partners[item["source"]].most_common(1)[0][0], "inferred_target": True}
            key = (key[0], item["source"], item["target"], *key[3:])
        if key in out:
            out[key]["mentions"].extend(item["mentions"])
        else:
            out[key] = item
    return out


def _confidence(item: dict) -> float:
    score = 0.4 + (0.2 if item["target"] and not item.get("inferred_target") else 0.1 if item["target"] else 0) \
        + (0.2 if item["place"] else 0)
    return min(0.95, score + 0.05 * (len(item["mentions"]) - 1))


def _summary(hit: Hit, item: dict, actors: dict[str, Actor], places: dict[str, Place]) -> str:
    src = actors.get(item["source"])
    tgt = actors.get(item["target"])
    place = places.get(item["place"])
    parts = [src.name_en if src else "Someone", VERBS_EN[hit.trigger.type]]
    if tgt:
        parts.append(tgt.name_en)
    text = " ".join(parts)
    if place:
        where = place.name_en + (f" ({place.admin1}, {place.country})" if place.admin1 else f" ({place.country})" if place.country and place.feature != "country" else "")
        text += f" in {where}"
    if item["date"] is not None:
        text += f", {item['date'].date_start.isoformat()}"
    if item["modality"] != "asserted":
        text += f" [{item['modality']}]"
    return text
