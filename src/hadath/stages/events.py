"""Event stage: triggers from lexicon/triggers.tsv, arguments by rules over the sentence.

For each trigger the frame (see the lexicon) picks the source and target among the
sentence's actor mentions: the subject of a verb comes right after it (Arabic VSO) or before
it (SVO); `between` reads both sides of a clash; `meeting` takes the parties present;
`speech` takes the speaker. The place is the most specific place named after the trigger in
the sentence; the date the nearest time expression of the sentence, else of the paragraph so
far, else the publication date. A negated or future event is kept apart (`modality`).
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import lru_cache
from dataclasses import dataclass

from ..kb.loader import KnowledgeBase, Trigger
from ..match import is_word_char
from ..model import Actor, Doc, Event, Mention, Place, TimeRef
from ..text.normalize import normalize
from ..text.segment import paragraphs
from .quantities import find_quantities

TRIGGER_PREFIXES = frozenset({"", "و", "ف", "ل", "س", "ب", "ك", "وس", "فس", "ول", "فل", "وب", "فب", "وك", "لل", "ولل"})
NEGATIONS = frozenset(normalize(w) for w in "لم لن لا ليس ليست غير دون عدم نفى نفت ينفي تنفي نافيا نافية رفض رفضت يرفض ترفض".split())
PREPOSITIONS = frozenset(normalize(w) for w in "في من على إلى الى عن مع ضد بين لدى نحو حول عبر تجاه قبل".split())
OBLIQUE_PREFIXES = frozenset({"ل", "ب", "لل", "ول", "وب", "فل", "فب", "ك"})
BOTH_SIDES = frozenset(normalize(w) for w in "الطرفين الجانبين الطرفان الجانبان".split())
FUTURE = frozenset(normalize(w) for w in "سوف سيتم المقرر يعتزم تعتزم ستقوم سيقوم ستعقد سيعقد يعتزمون".split())
PLANNED = frozenset(normalize(w) for w in "المقرر يعتزم تعتزم يعتزمون تمهيدا سوف".split())
HYPOTHETICAL = frozenset(normalize(w) for w in "إذا اذا لو حال حالة".split())
REPORTER_WORDS = ("source", "spokesperson")
COMPLEMENTIZERS = frozenset(normalize(w) for w in
                            "أن إن ان بأن بان وأن أنه أنها إنه إنها انه انها بأنه بأنها بانه بانها أنهم إنهم".split())
SOURCE_WORDS = frozenset(normalize(w) for w in "مصدر مصادر مسؤول مسؤولون المتحدث متحدث الناطق ناطق رسمي عسكري أمني".split())
HOSTILE = frozenset({"REJECT", "COERCE", "ASSAULT", "THREATEN", "SANCTION"})
STATE_SECTORS = frozenset({"GOV", "MIL"})
NON_AGENT_SECTORS = frozenset({"MED", "NGO", "CVL"})
NON_VIOLENT_SECTORS = NON_AGENT_SECTORS | {"IGO", "JUD", "BUS", "REF"}  # they report, judge or suffer attacks
_SIDE = re.compile(r"(?<![^\W_])من (?:جه[ةه]|جانب)(?![^\W_])")
_BETWEEN = re.compile(r"(?<![^\W_])بين(?![^\W_])")
_WORD = re.compile(r"[^\s.,،؛;:«»\"()]+")
ABSORB_WINDOW = 6  # words: a second trigger of the same type this close in one clause is the same event
PURPOSE_WINDOW = 14  # words: تصدت لهجوم شنته القوات ... صباح أمس لاقتحام البلدة
COOPERATIVE = frozenset({"AGREE", "COOPERATE", "CONSULT"})
LINK_LINE = normalize("رابط الخبر")
INTRANSITIVE = frozenset({"RETREAT", "PROTEST", "MOBILIZE"})
RELATIVES = frozenset(normalize(w) for w in "الذي التي الذين اللذين اللتين اللواتي".split())
SUBJECT_WINDOW = 4
VICTIM_WINDOW = 5
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
    # a longer phrase that reports no event (رفض التعليق) wins over the trigger inside it, then goes
    return sorted((h for h in chosen if h.trigger.frame != "none"), key=lambda h: h.start)


@lru_cache(maxsize=8)
def _break_pattern(forms: frozenset[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])و?(?:{alternatives})(?![^\W_])")


def clause_breaks(doc: Doc, forms: frozenset[str]) -> list[int]:
    """Original offsets where a new clause starts (في المقابل، بينما، من جهته ...), sorted."""
    if not forms:
        return []
    return [doc.norm.index[m.start()] for m in _break_pattern(forms).finditer(doc.norm.text)]


def _words(text: str) -> int:
    """Words between two offsets; quotes and commas alone are no word."""
    return sum(1 for w in text.split() if any(is_word_char(c) for c in w))


def _bare(word: str) -> str:
    """A word without a leading و or ف (وعناصر)."""
    return word[1:] if word[:1] in "وف" and len(word) > 3 else word


class _Sentence:
    def __init__(self, doc: Doc, start: int, end: int, actors: list[Ref], places: list[Ref],
                 reporters: set[str], country: dict[str, str | None]):
        self.doc, self.start, self.end = doc, start, end
        self.text = doc.article.text
        self.actors = [r for r in actors if start <= r.start < end and r.id not in reporters]
        self.speakers = [r for r in actors if start <= r.start < end]  # sources may speak, not act
        self.country = country
        self.sector = {a.id: a.sector for a in doc.actors}
        self.relative_words: frozenset[str] = frozenset()
        self.own_forces: frozenset[str] = frozenset()
        self.fillers: frozenset[str] = frozenset()
        self.partitive_heads: frozenset[str] = frozenset()
        self.kind = {a.id: a.kind for a in doc.actors}
        self.places = [r for r in places if start <= r.start < end]
        self.breaks: list[int] = []

    def set_breaks(self, breaks: list[int]) -> None:
        lo, hi = bisect.bisect_right(breaks, self.start), bisect.bisect_left(breaks, self.end)
        self.breaks = breaks[lo:hi]

    def clause(self, pos: int) -> tuple[int, int]:
        start = max([b for b in self.breaks if b <= pos], default=self.start)
        end = min([b for b in self.breaks if b > pos], default=self.end)
        return start, end

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
        previous = self.text[max(since, self.start, word_start - 40):word_start].split()[-2:]
        if not previous:
            return False
        key = normalize(previous[-1])
        if key == "من" and len(previous) == 2 and _bare(normalize(previous[0])) in self.partitive_heads:
            return False  # انتحاري من تنظيم داعش، عناصر من الحرس: the group the doers belong to
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
            if self.gap(r.end, pos) > window or (window <= 2 and any(c in ",:.;" for c in normalize(self.text[r.end:pos]))) \
                    or any(r.end <= b < pos for b in self.breaks):
                return None  # على مستوى العراق، دعا ناشطون: a comma ends the phrase before the verb
            if not self.oblique(r, self.start) and not self.embedded(r):
                return r
        return None

    def embedded(self, ref: Ref) -> bool:
        """Inside a relative clause (التحالف الذي تقوده السعودية): not the subject of what follows."""
        previous = _WORD.findall(normalize(self.text[max(self.start, ref.start - 30):ref.start]))[-2:]
        return len(previous) == 2 and previous[0] in RELATIVES

    def coordinated(self, a: Ref, b: Ref) -> bool:
        """X و Y, X، Y: b is a co-agent of a, not its target."""
        between = normalize(self.text[a.end:b.start]).strip()
        if between in (",", "و", ", و") or (b.start - a.end <= 2 and self.text[b.start - 1:b.start] == "و"):
            return True
        # الحكومة وقوى المعارضة: the second actor's head noun stands between
        words = between.split()
        return len(words) == 1 and words[0][:1] == "و" and len(words[0]) > 2 and words[0][1:] not in PREPOSITIONS

    def word_before(self, pos: int, count: int = 3) -> list[str]:
        return [normalize(w) for w in self.text[max(self.start, pos - 40):pos].split()[-count:]]


def _arguments(hit: Hit, sent: _Sentence, speaker: str | None,
               last_sides: tuple[str, str | None] | None) -> tuple[str | None, str | None]:
    frame, verb = hit.trigger.frame, hit.trigger.pos == "verb"
    if frame == "evaluative":
        return _evaluative(hit, sent, speaker)
    skip = {speaker} if speaker and frame != "speech" else set()
    if frame == "between":
        found = _BETWEEN.search(sent.text, hit.end, sent.end)  # the word بين, not أبين
        if found and _words(sent.text[hit.end:found.start()]) <= 6:
            following = normalize(sent.text[found.end():sent.end]).split()[:1]
            if following and following[0] in BOTH_SIDES:
                return last_sides or (None, None)
            pos = found.end()
            first = sent.after(pos, OBJECT_WINDOW, skip)
            second = first and sent.after(first.end, OBJECT_WINDOW, skip | {first.id})
            other_side = _SIDE.search(sent.text, first.end, sent.end) if first else None
            if other_side:  # بين حزب الله وقوات النظام من جهة، والمعارضة من جهة أخرى
                second = sent.after(other_side.end(), 3, skip | {first.id}) or second
            return (first.id if first else None), (second.id if second else None)
        others = [r for r in sent.actors if r.id not in skip]
        if not others and last_sides:
            return last_sides  # جرت اشتباكات على جبهة X: the sides of the fighting already named
        sides = list(dict.fromkeys(r.id for r in others if sent.sector.get(r.id) not in NON_AGENT_SECTORS))
        rival = next((b for b in sides[1:] if not _allied(sides[0], b, sent)), None) if sides else None
        if rival is not None and not _own_subject(hit, sent, skip):
            return sides[0], rival  # قتل 9 من الحوثيين و6 من المقاومة خلال الاشتباكات: the sides named
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
    elif hit.trigger.type in INTRANSITIVE:  # خروج مسلحي داعش، انسحاب قوات النظام: the genitive leaves
        subject = _genitive_agent(hit, sent, skip) or sent.before(hit.start, 5, skip)
    elif hit.trigger.mode == "aerial" and _genitive_agent(hit, sent, skip):  # غارات التحالف: the raider
        subject = _genitive_agent(hit, sent, skip)
    elif _nationality_agent(hit, sent, skip):  # القصف الروسي، الضربات الجوية الأميركية
        subject = _nationality_agent(hit, sent, skip)
    else:  # قصف شنه داعش / شنت الطائرات غارات / غارات التحالف / هجوم لقوات النظام
        subject = _relative_agent(hit, sent, skip) or sent.subject_before(hit.start, 5, skip) \
            or _genitive_agent(hit, sent, skip)
        subject = subject or sent.subject_before(hit.start, BEFORE_WINDOW, skip)
    if subject is not None and not verb and _family(hit.trigger.type) == "cooperative":
        partner = next((r for r in reversed(sent.actors) if r.end <= subject.start and r.id not in skip), None)
        if partner is not None and partner.id != subject.id and sent.coordinated(partner, subject):
            return partner.id, subject.id  # وقعت الحكومة وقوى المعارضة اتفاقا: both sides of the deal
    if subject is None and not verb and _family(hit.trigger.type) == "cooperative":
        # صفقة سرية سمحت لمسلحي داعش ... تحت إشراف التحالف: the parties follow the deal
        clause_start, clause_end = sent.clause(hit.start)
        parties = list(dict.fromkeys(r.id for r in sent.actors if hit.end <= r.start < clause_end
                                     and r.id not in skip and r.id != speaker
                                     and sent.sector.get(r.id) not in NON_AGENT_SECTORS))
        if len(parties) >= 2:
            return parties[0], parties[1]
    if subject is None and speaker and sent.sector.get(speaker) not in NON_AGENT_SECTORS \
            and not _reported(hit, sent, speaker):
        # أعلنت روسيا دعمها: the speaker speaks of its own act (not of what أن reports)
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
        if subject is None:  # مقتل سبعة من قادة تنظيم داعش، قتل 18 من قوات النظام: the dead named a few words on
            subject = sent.after(hit.end, VICTIM_WINDOW, skip)
        return None, (subject.id if subject else None)
    return (subject.id if subject else None), (target.id if target else None)


def _absorb(hits: list[Hit], sent: _Sentence) -> list[list[Hit]]:
    """One event told with several triggers is one event.

    شنت الطائرات غارات استهدفت ...; تصدت لهجوم شنته ... لاقتحام بلدة; عرضت على التحالف التعاون
    في تدمير: a trigger of the same kind close after the last one in the same clause, a purpose
    (ل + masdar) of the same kind further on, or a masdar that completes the last trigger
    through a preposition belongs to the event already opened.
    """
    groups: list[list[Hit]] = []
    chain_end = -1
    for hit in hits:
        last = groups[-1][0] if groups else None
        if last is not None and last.trigger.frame != "victim" and hit.trigger.frame != "victim" \
                and sent.clause(last.start) == sent.clause(hit.start):
            gap = sent.gap(chain_end, hit.start)
            same = _family(last.trigger.type) == _family(hit.trigger.type)
            purpose = normalize(sent.text[hit.start:hit.start + 1]) == "ل"
            between = normalize(sent.text[chain_end:hit.start]).split()
            ends_with = normalize(sent.text[max(sent.start, chain_end - 12):chain_end]).split()[-1:]
            complement = hit.trigger.pos == "noun" and gap <= 1 and bool(
                (ends_with and ends_with[0] in PREPOSITIONS) or (between and between[-1] in PREPOSITIONS))
            if (same and (gap <= ABSORB_WINDOW or (purpose and gap <= PURPOSE_WINDOW))) or complement:
                groups[-1].append(hit)
                chain_end = hit.end
                continue
        if last is not None and hit.trigger.pos == "verb" and _after_relative(hit, sent):
            continue  # المقاتلين الذين سيطروا على المدينة: background, not the news
        if hit.trigger.type == "ASSAULT" and _word_before(hit, sent) == "مع":
            continue  # مع تحرير الموصل والرقة: a circumstance, not the news
        groups.append([hit])
        chain_end = hit.end
    return groups


def _family(event_type: str) -> str:
    return "cooperative" if event_type in COOPERATIVE else event_type


def _allied(a: str, b: str, sent: _Sentence) -> bool:
    """Two arms of one state (its army, its government, the militias on its side)."""
    return sent.country.get(a) is not None and sent.country.get(a) == sent.country.get(b) \
        and sent.sector.get(a) in STATE_SECTORS and sent.sector.get(b) in STATE_SECTORS


def _word_before(hit: Hit, sent: _Sentence) -> str:
    previous = _WORD.findall(normalize(sent.text[max(sent.start, hit.start - 12):hit.start]))[-1:]
    return previous[0] if previous else ""


def _after_relative(hit: Hit, sent: _Sentence) -> bool:
    return _word_before(hit, sent) in RELATIVES


def _reported(hit: Hit, sent: _Sentence, speaker: str) -> bool:
    """Is the trigger inside what the speaker reports (أفادت السلطات بأن الغارات ...)?"""
    ref = next((r for r in sent.speakers if r.id == speaker and r.end <= hit.start), None)
    if ref is None:
        return False
    words = _WORD.findall(normalize(sent.text[ref.end:hit.start]))
    cut = next((i for i, w in enumerate(words) if w in COMPLEMENTIZERS), None)
    if cut is None:
        return False
    # نفت الوزارة أن تكون طائراتها قصفت: the speaker's own forces, named by a pronoun
    return not any(w[:-len(suffix)] in sent.own_forces for w in words[cut + 1:] for suffix in ("ها", "ه", "هم")
                   if w.endswith(suffix))


def _evaluative(hit: Hit, sent: _Sentence, speaker: str | None) -> tuple[str | None, str | None]:
    """هو عدوان موصوف، التواجد غير الشرعي الذي أوجدته واشنطن: the speaker accuses the actor it names."""
    if speaker is None:
        return None, None
    clause_start, _ = sent.clause(hit.start)
    own = sent.country.get(speaker)
    before = [r for r in reversed(sent.actors) if r.id != speaker and clause_start <= r.start and r.end <= hit.start]
    after = [r for r in sent.actors if r.id != speaker and hit.end <= r.start and sent.gap(hit.end, r.start) <= OBJECT_WINDOW]
    named = before + after  # the accused is mostly the subject: وجود القوات الأميركية هو عدوان
    foreign = [r for r in named if own is None or sent.country.get(r.id) != own]
    target = (foreign or named or [None])[0]
    return speaker, (target.id if target else None)


def _relative_agent(hit: Hit, sent: _Sentence, skip: set[str]) -> Ref | None:
    """قصف شنه داعش، الغارة التي شنتها طائرات روسية: the doer named after a relative verb that follows
    the event noun, with or without a relative pronoun before it."""
    following = [normalize(w) for w in sent.text[hit.end:sent.end].split()[:2]]
    if following[:1] and following[0] in RELATIVES:
        following = following[1:]
        if not following or following[0] not in sent.relative_words:
            return None
        return sent.after(hit.end, 3, skip)
    if not following or following[0] not in sent.relative_words:
        return None
    return sent.after(hit.end, 2, skip)


def _genitive_agent(hit: Hit, sent: _Sentence, skip: set[str]) -> Ref | None:
    """The agent right after a noun trigger: غارات التحالف، هجوم لقوات النظام، خروج مسلحي المعارضة."""
    inside = next((r for r in sent.actors if hit.start < r.start < hit.end < r.end and r.id not in skip), None)
    if inside is not None:
        return inside  # the trigger phrase ends inside the actor's name (خروج مسلحي + مسلحي المعارضة)
    ref = sent.after(hit.end, 0, skip)
    if ref is None:
        return None
    word_start = ref.start
    while word_start > 0 and is_word_char(sent.text[word_start - 1]):
        word_start -= 1
    return ref if normalize(sent.text[word_start:ref.start]) in ("", "ل", "لل") else None


def _nationality_agent(hit: Hit, sent: _Sentence, skip: set[str]) -> Ref | None:
    """A state named by the nationality adjective of the event noun (القصف الروسي)."""
    ref = sent.after(hit.end, 1, skip)
    if ref is None or sent.kind.get(ref.id) != "state":
        return None
    between = _WORD.findall(normalize(sent.text[hit.end:ref.start]))
    word = normalize(sent.text[ref.start:ref.end])
    if len(between) > 1 or (between and between[0] not in sent.fillers) or not word.startswith("ال") \
            or not word.endswith(("ي", "يه")):
        return None
    return ref


def _own_subject(hit: Hit, sent: _Sentence, skip: set[str]) -> bool:
    return bool(sent.subject_before(hit.start, 2, skip) or sent.subject_after(hit.end, SUBJECT_WINDOW, skip))


def _places(hit: Hit, sent: _Sentence, doc: Doc, next_hit: int) -> list[str | None]:
    if hit.trigger.frame in ("speech", "evaluative"):
        return [None]
    precision = {p.id: (p.precision or 3) for p in doc.places}
    clause_start, clause_end = sent.clause(hit.start)
    refs = _without_containers([r for r in sent.places if clause_start <= r.start < clause_end], sent, precision)
    after = [r for r in refs if hit.end <= r.start < next_hit]
    before = [r for r in refs if r.end <= hit.start]
    local_after = list(dict.fromkeys(r.id for r in after if precision.get(r.id, 3) < 3))
    if local_after:
        return local_after if hit.trigger.type == "ASSAULT" else local_after[:1]
    later = [r for r in refs if r.start >= next_hit]  # صفقة سمحت لهم بمغادرة الرقة: still this clause
    for group in (list(reversed(before)), after, later if hit.trigger.type != "ASSAULT" else []):
        local = [r for r in group if precision.get(r.id, 3) < 3]
        if local:
            return [local[0].id]
    for group in (after, list(reversed(before))):
        if group:
            return [group[0].id]
    return [None]


def _without_containers(refs: list[Ref], sent: _Sentence, precision: dict[str, int]) -> list[Ref]:
    """بلدة بيت جن في ريف دمشق: the region after a place only says where that place lies."""
    kept: list[Ref] = []
    for r in refs:
        if kept:
            link = normalize(sent.text[kept[-1].end:r.start]).strip(" ،,")
            if link in ("في", "ب", "") and precision.get(r.id, 3) >= precision.get(kept[-1].id, 3):
                continue
        kept.append(r)
    return kept


def _modality(hit: Hit, sent: _Sentence, previous: Hit | None = None) -> str:
    before = sent.word_before(hit.start, 4)
    governing = {"REQUEST": "future", "THREATEN": "future", "REJECT": "denied", "ACCUSE": "alleged"}
    if previous is not None and previous.trigger.type in governing and sent.gap(previous.end, hit.start) <= 8 \
            and hit.trigger.frame != "speech":
        return governing[previous.trigger.type]
    if hit.trigger.type != "REJECT" and NEGATIONS & set(before[-3:]):
        return "denied"
    clause_start, _ = sent.clause(hit.start)
    if hit.future_prefix or FUTURE & set(before) or \
            PLANNED & set(_WORD.findall(normalize(sent.text[clause_start:hit.start]))):
        return "future"  # من المقرر أن تبدأ ... تمهيدا لتحرير: all that the plan governs
    if HYPOTHETICAL & set(before):
        return "hypothetical"
    return "asserted"


def _speaker(hit: Hit, sent: _Sentence, speech: frozenset[str]) -> str | None:
    """Who says it: the subject of the last verb of saying before the trigger.

    The subject follows the verb (قال مصدر في وزارة الخارجية) or just precedes it, and never
    lies past أن/إن, where the reported clause begins.
    """
    pos, best = sent.start, None
    for w in sent.text[sent.start:hit.start].split():
        i = sent.text.index(w, pos)
        pos = i + len(w)
        key = normalize(w)
        if key in speech or (key[:1] in "وف" and key[1:] in speech):
            best = (i, pos)
    if best is None:
        return None
    for r in sent.speakers:
        if r.start < best[1]:
            continue
        between = [normalize(w) for w in sent.text[best[1]:r.start].split()]
        if len(between) > SUBJECT_WINDOW + 2 or any(w in COMPLEMENTIZERS for w in between) or r.start >= hit.start:
            break
        lead = between[-1:] if between else []
        if not between or not sent.oblique(r, best[1]) or (lead == ["في"] and set(between) & SOURCE_WORDS):
            return r.id  # قال مصدر رسمي في وزارة الخارجية: the ministry speaks through its source
    before = next((r for r in reversed(sent.speakers) if r.end <= best[0]), None)
    if before is not None and sent.gap(before.end, best[0]) <= 1 and not sent.oblique(before, sent.start):
        return before.id
    return None


def _date(hit: Hit, sent: _Sentence, times: tuple[TimeRef, ...], para_start: int,
          published: dt.date | None, modality: str, others: list[Hit]) -> TimeRef | None:
    usable = [t for t in times if not t.future or modality == "future"]
    clause_start, clause_end = sent.clause(hit.start)
    inside = [t for t in usable if clause_start <= t.start < clause_end
              and not any(min(t.start, hit.start) < h.start < max(t.start, hit.start) for h in others)]
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
    breaks = clause_breaks(doc, kb.word_set("clause_break"))
    last_sides: tuple[str, str | None] | None = None
    for sentence in doc.sentences:
        sent = _Sentence(doc, sentence.start, sentence.end, actor_refs, place_refs, reporters, countries)
        sent.relative_words = kb.word_set("agent_relative")
        sent.own_forces = kb.word_set("own_forces")
        sent.fillers = kb.word_set("event_noun_filler")
        sent.partitive_heads = kb.word_set("partitive_head")
        sent.set_breaks(breaks)
        if normalize(doc.article.text[sentence.start:sentence.start + 30]).startswith(LINK_LINE):
            continue  # رابط الخبر بصحيفة ...: the headline again, as a link
        groups = _absorb([h for h in all_hits if sentence.start <= h.start < sentence.end], sent)
        hits = [group[0] for group in groups]
        quantities = find_quantities(doc.article.text, sentence.start, sentence.end)
        has_assault = any(h.trigger.type == "ASSAULT" and h.trigger.frame != "victim" for h in hits)
        para_start = next((s for s, e in paras if s <= sentence.start < e), 0)
        victims = [_arguments(h, sent, None, None)[1] for h in hits if h.trigger.frame == "victim"] if has_assault else []
        victim = next((v for v in victims if v), None)
        for i, group in enumerate(groups):
            hit = group[0]
            if hit.trigger.frame == "victim" and has_assault:
                continue  # the killing belongs to the attack named beside it
            speaker = _speaker(hit, sent, speech)
            mention = Mention(sentence.start, sentence.end, doc.article.text[sentence.start:sentence.end])
            earlier = _antecedent(hit, sent, merged)
            if earlier is not None:  # الاجتماع جاء بطلب من ...: the meeting already reported
                earlier["mentions"].append(mention)
                continue
            for member in group:  # the first trigger of the group that names its doer
                source, target = _arguments(member, sent, speaker, last_sides)
                if source is not None:
                    break
            if source is None:
                continue
            own_attack = normalize(doc.article.text[hit.start:hit.end]).endswith(("هم", "هما", "ها"))
            if hit.trigger.type == "ASSAULT" and hit.trigger.frame != "between" and victim and not own_attack \
                    and (source == victim or _allied(source, victim, sent)):
                # قتل 18 من قوات النظام والمسلحين الموالين لها جراء تفجير عناصر من داعش: the doer follows
                doer = next((r for r in sent.actors if r.start >= hit.end and sent.gap(hit.end, r.start) <= VICTIM_WINDOW
                             and r.id != victim and not _allied(r.id, victim, sent)), None)
                if doer is not None:
                    source, target = doer.id, victim
            if hit.trigger.type in ("ASSAULT", "COERCE") and (
                    (source == victim and hit.trigger.frame != "between" and not own_attack)
                    or sent.sector.get(source) in NON_VIOLENT_SECTORS):
                continue  # مقتل سبعة من قادة داعش بقصف مدفعي: the dead did not shell themselves (قتلوا أثناء هجومهم: they did)
            if hit.trigger.type == "PROTEST" and sent.sector.get(source) in STATE_SECTORS:
                continue  # a government does not take to the streets: احتجاجات ... على حكومة العبادي
            if target is not None and hit.trigger.type in ("ASSAULT", "COERCE") and _allied(source, target, sent):
                target = None  # قوات النظام والميليشيات الموالية لها: one side, not a clash between them
            if target is None and hit.trigger.type == "ASSAULT" and victim not in (None, source):
                target = victim  # قتل جندي عراقي في قصف شنه داعش: the soldier's side was attacked
            if hit.trigger.frame == "between" and target is not None:
                last_sides = (source, target)
            modality = _modality(hit, sent, hits[i - 1] if i else None)
            date = _date(hit, sent, doc.times, para_start, doc.article.published, modality,
                         [h for h in hits if h is not hit])
            next_hit = hits[i + 1].start if i + 1 < len(hits) else sentence.end
            for place in _places(hit, sent, doc, next_hit):
                key = (hit.trigger.type, source, target, place, date.date_start if date else None, modality)
                same = merged.get(key) or ((place is None or hit.trigger.type != "ASSAULT") and next(
                    (v for k, v in merged.items() if k[:3] == key[:3] and k[5] == modality
                     and v["mentions"][-1].start == sentence.start), None))
                if same:  # اجتمع ... في موسكو حيث ناقشا: the same parties, the same sentence
                    if same["mentions"][-1] != mention:
                        same["mentions"].append(mention)
                    continue
                merged[key] = {"hit": hit, "source": source, "target": target, "place": place, "date": date,
                               "modality": modality, "mentions": [mention],
                               "attribution": speaker if hit.trigger.frame not in ("speech", "evaluative") else None,
                               "speaker": speaker, "type": hit.trigger.type,
                               "quantities": quantities if hit.trigger.type == "ASSAULT" else ()}
                if hit.trigger.type == "ASSAULT":
                    quantities = ()  # counted once per sentence
    merged = _infer_targets(merged)
    merged = _reported_accusations(merged, {a.id: a.sector for a in doc.actors}, countries)
    events = []
    for n, item in enumerate(sorted(merged.values(), key=lambda v: v["hit"].start), start=1):
        hit = item["hit"]
        mode = hit.trigger.mode
        src = actors.get(item["source"])
        if item["type"] != hit.trigger.type:
            mode = None
        elif hit.trigger.type == "ASSAULT" and src and "air force" in src.name_en.lower():
            mode = "aerial"
        events.append(Event(
            id=f"E{n}", type=item["type"], source=item["source"], target=item["target"], place=item["place"],
            date=item["date"], mentions=tuple(item["mentions"]),
            trigger=Mention(hit.start, hit.end, doc.article.text[hit.start:hit.end]), mode=mode,
            modality=item["modality"], attribution=item["attribution"], quantities=tuple(item["quantities"]),
            confidence=_confidence(item), summary_en=_summary(hit, item, actors, places)))
    return doc.with_(events=tuple(events))


def _antecedent(hit: Hit, sent: _Sentence, merged: dict[tuple, dict]) -> dict | None:
    """A definite meeting noun with no parties of its own (الاجتماع، اللقاء) refers back."""
    if hit.trigger.frame != "meeting":
        return None
    word = normalize(sent.text[hit.start:hit.end]).split()[0]
    if not any(word.startswith(p + "ال") for p in ("", "و", "ف", "ب", "ل")) and not word.startswith("لل"):
        return None
    following = normalize(sent.text[hit.end:sent.end]).split()[:3]
    if set(following) & {"بين", "مع"}:
        return None
    meetings = [v for v in merged.values() if v["type"] == "CONSULT" and v["modality"] == "asserted"]
    return meetings[-1] if meetings else None


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


def _reported_accusations(merged: dict[tuple, dict], sector: dict[str, str | None],
                          country: dict[str, str | None]) -> dict[tuple, dict]:
    """كشفت وزارة الدفاع الروسية أن الولايات المتحدة رفضت ...: one state charging another.

    When an official voice of one state reports a hostile act by another state's government or
    forces, the report is itself an accusation (PLOVER ACCUSE), coded once per pair of states.
    """
    out = dict(merged)
    for item in merged.values():
        speaker, doer = item.get("speaker"), item["source"]
        if item["type"] not in HOSTILE or item["modality"] != "asserted" or not speaker or speaker == doer:
            continue
        if sector.get(speaker) not in STATE_SECTORS or sector.get(doer) not in STATE_SECTORS:
            continue
        if not country.get(speaker) or not country.get(doer) or country[speaker] == country[doer]:
            continue
        key = ("ACCUSE", speaker, doer, None, item["date"].date_start if item["date"] else None, "asserted")
        if key not in out:
            out[key] = {**item, "type": "ACCUSE", "source": speaker, "target": doer, "place": None,
                        "attribution": None, "quantities": (), "mentions": list(item["mentions"][:1])}
    return out


def _confidence(item: dict) -> float:
    score = 0.4 + (0.2 if item["target"] and not item.get("inferred_target") else 0.1 if item["target"] else 0) \
        + (0.2 if item["place"] else 0)
    return min(0.95, score + 0.05 * (len(item["mentions"]) - 1))


def _summary(hit: Hit, item: dict, actors: dict[str, Actor], places: dict[str, Place]) -> str:
    src = actors.get(item["source"])
    tgt = actors.get(item["target"])
    place = places.get(item["place"])
    parts = [src.name_en if src else "Someone", VERBS_EN[item["type"]]]
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
