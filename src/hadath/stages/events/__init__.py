"""Event stage: triggers from lexicon/triggers.tsv, arguments by frames, a learned scorer on top.

For each sentence: the triggers (triggers.py) are grouped into events (merge.absorb); each
group's frame (frames.py) reads the source and target among the sentence's actor mentions; the
named vetoes (vetoes.py) correct or drop what the frames read; the modality (modality.py), the
speaker (attribution.py), the place and the date (where_when.py) complete a candidate. The
learned scorer (scorer.py) then says, per type, whether the sentence really reports such an
event; candidates it accepts are merged into events (merge.py). Without the scorer, the rules
alone decide, and a candidate needs a doer. docs/events.md says where a new trigger, frame,
veto or word goes.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Callable

from ...kb.loader import KnowledgeBase
from ...model import Doc, Event, Mention, Sentence
from ...text.normalize import normalize
from ...text.segment import paragraphs
from ..quantities import CountWords
from .attribution import speaker as find_speaker
from .calibration import Calibration
from .config import DEFAULT_CONFIG, EventConfig
from .counts import add_with_counts, count_once
from .frames import Args, arguments, associates, speaker_doc_reporters
from .merge import Draft, Drafts, absorb
from .modality import modality as find_modality
from .scorer import EventScorer, sentence_features
from .sentence import Ref, SentenceView
from .triggers import Hit, find_triggers
from .vetoes import Context, apply_vetoes
from .where_when import date as find_date
from .where_when import guessed_place
from .where_when import places as find_places
from .words import EventWords

# called with (doc, sentence, features by type, the rules' candidates) for every sentence the scorer sees: how
# the training script collects exactly the features the pipeline computes
Collector = Callable[[Doc, Sentence, dict, list], None]


@dataclass(frozen=True)
class EventResources:
    """What the event stage reads, built once per pipeline: the knowledge base, its event words, the
    configuration and the learned scorer (None: rules only). The calibration of event confidences
    (calibration.py) is read on first use; ``calibrator`` replaces it (anything with a
    ``confidence(draft, text)``), ``calibrate=False`` leaves the confidences uncalibrated."""

    kb: KnowledgeBase
    words: EventWords
    config: EventConfig
    scorer: EventScorer | None
    calibrator: Any = None
    calibrate: bool = True

    @cached_property
    def calibration(self) -> Any:
        """The calibration asserted events' confidences go through (None: the scorer's probabilities)."""
        if self.calibrator is not None:
            return self.calibrator
        if self.scorer is None or not self.calibrate:
            return None  # calibrated for the scorer's probabilities: without the scorer it does not apply
        return Calibration.load()

    @cached_property
    def counts(self) -> CountWords:
        """The words casualty figures are read with (lexicon/numbers.tsv and the toll uses of words.tsv)."""
        return CountWords.from_kb(self.kb)

    @classmethod
    def build(cls, kb: KnowledgeBase, config: EventConfig = DEFAULT_CONFIG,
              scorer: EventScorer | None = None) -> "EventResources":
        if scorer is None and config.use_scorer:
            scorer = EventScorer.load()
        words = EventWords.from_kb(kb)
        return cls(kb, words, config, scorer if config.use_scorer else None)


def extract_events(doc: Doc, res: EventResources, collector: Collector | None = None) -> Doc:
    actor_refs = sorted(Ref(m.start, m.end, a.id) for a in doc.actors for m in a.mentions)
    place_refs = sorted(Ref(m.start, m.end, p.id) for p in doc.places for m in p.mentions)
    reporters = speaker_doc_reporters(doc)
    all_hits = find_triggers(doc, res.kb, res.words)
    breaks = doc.tokens.clause_starts
    paras = paragraphs(doc.article.text)
    drafts = Drafts()
    last_sides: Args | None = None
    for sentence in doc.sentences:
        if _link_line(doc, sentence, res.words):
            continue  # رابط الخبر بصحيفة ...: the headline again, as a link
        sent = SentenceView(doc, sentence.start, sentence.end, actor_refs, place_refs, reporters, res.words,
                            res.config, breaks)
        hits = [h for h in all_hits if sentence.start <= h.start < sentence.end]
        sent.hits = hits
        sent.paragraph = next(((s, e) for s, e in paras if s <= sentence.start < e), (0, len(doc.article.text)))
        para_start = sent.paragraph[0]
        sent.earlier_places = _scene(drafts, para_start, sentence.start)
        candidates, last_sides = _candidates(hits, sent, doc, drafts, para_start, last_sides)
        kept = _judge(candidates, hits, sent, doc, res, collector)
        drafts.rejected += [d for d in candidates if d not in kept and d.source is not None]
        kept += _sentence_level(kept, candidates, hits, sent, doc, res, para_start)
        _add_with_counts(kept, candidates, sent, drafts, res)
    return doc.with_(events=_article_level(drafts, doc, res))


def _scene(drafts: Drafts, para_start: int, sentence_start: int) -> list[Ref]:
    """The scene of the paragraph so far: where its earlier events happened."""
    return sorted(Ref(d.hit.start, d.hit.end, d.place) for d in drafts.by_key.values()
                  if d.place is not None and not d.place_guessed and para_start <= d.hit.start < sentence_start)


def _article_level(drafts: Drafts, doc: Doc, res: EventResources) -> tuple[Event, ...]:
    """What the whole article decides: dates, unnamed doers, crowds, targets, tolls told twice, accusations."""
    drafts.merge_default_dates()
    drafts.claim_unnamed()
    if res.config.protests_have_crowds:
        drafts.give_protests_their_crowd(sorted((m.start, a.id) for a in doc.actors if a.function == "protesters"
                                                for m in a.mentions))
    drafts.infer_targets()
    count_once(drafts)
    drafts.add_reported_accusations({a.id: a.sector for a in doc.actors}, {a.id: a.country for a in doc.actors})
    events = drafts.events(doc.article.text, {a.id: a for a in doc.actors}, {p.id: p for p in doc.places},
                           res.calibration)
    return tuple(_mark_historical(e, doc.article.published, res.config) for e in events)


def _mark_historical(event: Event, published: dt.date | None, config: EventConfig) -> Event:
    """An event that began more than a year before publication is history the article recalls (a 2004 bombing in
    a 2015 report): kept, with its own date, and flagged so that counts of current events leave it out."""
    if published is None or event.date is None or event.date.precision == "article":
        return event
    if (published - event.date.date_start).days > config.historical_days:  # a span from years back, too
        return replace(event, historical=True)
    return event


def _add_with_counts(kept: list[Draft], candidates: list[Draft], sent: SentenceView, drafts: Drafts,
                     res: EventResources) -> None:
    """Keep the sentence's events, each with its counts of killed, wounded ... (counts.py)."""
    threshold = res.scorer.threshold("ASSAULT", res.config.thresholds) if res.scorer is not None else None
    add_with_counts(kept, candidates, sent, drafts, res.counts, threshold)


def _link_line(doc: Doc, sentence: Sentence, words: EventWords) -> bool:
    head = normalize(doc.article.text[sentence.start:sentence.start + 30])
    return any(head.startswith(line) for line in words.link_line)


def _candidates(hits: list[Hit], sent: SentenceView, doc: Doc, drafts: Drafts, para_start: int,
                last_sides: Args | None) -> tuple[list[Draft], Args | None]:
    """The rules' candidate events of one sentence, one per trigger group and place."""
    groups = absorb(hits, sent)
    leaders = [group[0] for group in groups]
    has_assault = any(h.trigger.type == "ASSAULT" and h.trigger.frame != "victim" for h in leaders)
    victims = [arguments(h, sent, None, None).target for h in leaders if h.trigger.frame == "victim"] if has_assault else []
    victim = next((v for v in victims if v), None)
    mention = Mention(sent.start, sent.end, doc.article.text[sent.start:sent.end])
    out: list[Draft] = []
    for i, group in enumerate(groups):
        hit = group[0]
        if hit.trigger.frame == "victim" and has_assault:
            continue  # the killing belongs to the attack named beside it
        earlier = _earlier_meeting(hit, sent, out, drafts)
        if earlier is not None:  # الاجتماع جاء بطلب من ...: the meeting already reported
            earlier.add_mention(mention)
            continue
        speaker = find_speaker(hit, sent)
        args = apply_vetoes(_group_arguments(group, sent, speaker, last_sides), Context(hit, sent, victim))
        if args is None:
            continue
        if hit.trigger.frame == "between" and args.source is not None and args.target is not None:
            last_sides = args
        modality = find_modality(hit, sent, leaders[i - 1] if i else None)
        when = find_date(hit, sent, doc.times, para_start, doc.article.published, modality,
                         [h for h in leaders if h is not hit])
        next_hit = leaders[i + 1].start if i + 1 < len(leaders) else sent.end
        found, guessed = _places_of(hit, sent, doc, next_hit)
        for place in found:
            out.append(Draft(hit=hit, type=hit.trigger.type, source=args.source, target=args.target, place=place,
                             date=when, modality=modality, mentions=[mention], speaker=speaker,
                             attribution=speaker if hit.trigger.frame not in ("speech", "evaluative") else None,
                             place_guessed=guessed, associates=associates(hit, sent, args)))
    return out, last_sides


def _places_of(hit: Hit, sent: SentenceView, doc: Doc, next_hit: int) -> tuple[list[str | None], bool]:
    """The event's places in its clause, else one guessed from its sentence or paragraph (and whether it was)."""
    found = find_places(hit, sent, doc, next_hit)
    if found == [None]:
        guess = guessed_place(hit, sent, doc)
        if guess is not None:
            return [guess], True
    return found, False


def _group_arguments(group: list[Hit], sent: SentenceView, speaker: str | None, last_sides: Args | None) -> Args:
    """The arguments of the first trigger of the group that names its doer (else of the last one)."""
    args = Args()
    for member in group:
        args = arguments(member, sent, speaker, last_sides)
        if args.source is not None:
            break
    return args


def _earlier_meeting(hit: Hit, sent: SentenceView, same_sentence: list[Draft], drafts: Drafts) -> Draft | None:
    """The meeting a definite meeting noun refers back to: one told earlier in the sentence, else the last one."""
    if not _refers_back(hit, sent):
        return None
    earlier = next((d for d in reversed(same_sentence) if d.type == "CONSULT" and d.modality == "asserted"), None)
    return earlier or drafts.last_meeting()


def _refers_back(hit: Hit, sent: SentenceView) -> bool:
    """A definite meeting noun with no parties of its own (الاجتماع، اللقاء) refers back."""
    if hit.trigger.frame != "meeting":
        return False
    word = normalize(sent.text[hit.start:hit.end]).split()[0]
    definite = word.startswith(tuple(sent.words.definite_prefix))
    following = normalize(sent.text[hit.end:sent.end]).split()[:3]
    return definite and not set(following) & sent.words.meeting_partner_follows


def _judge(candidates: list[Draft], hits: list[Hit], sent: SentenceView, doc: Doc, res: EventResources,
           collector: Collector | None) -> list[Draft]:
    """Which candidates stand: the scorer's verdict per type, or, without it, those with a doer."""
    if res.scorer is None and collector is None:
        return [d for d in candidates if d.source is not None]
    norm = doc.norm
    lo, hi = bisect.bisect_left(norm.index, sent.start), bisect.bisect_left(norm.index, sent.end)
    spans = [(bisect.bisect_left(norm.index, h.start) - lo, bisect.bisect_left(norm.index, h.end) - lo, h) for h in hits]
    features = sentence_features(norm.text[lo:hi], spans, candidates, res.words, sent.sector)
    if collector is not None:
        collector(doc, Sentence(sent.start, sent.end), features, candidates)
    if res.scorer is None:
        return [d for d in candidates if d.source is not None]
    probability = {t: res.scorer.probability(t, f) for t, f in features.items()}
    sent.probability = probability
    kept = []
    for d in candidates:
        if not res.scorer.judges(d.type):
            if d.source is not None:
                kept.append(d)
            continue
        p = probability.get(d.type, 0.0)
        threshold = res.scorer.threshold(d.type, res.config.thresholds)
        if d.modality != "asserted":
            if d.source is not None:  # denied, planned and hypothetical events keep the rules' verdict
                kept.append(d)
            continue
        if d.source is not None and _claimed(d.hit, sent):
            threshold = 0.0  # أعلن X مسؤوليته عن الهجوم: the doer's own claim
        elif d.source is None:
            threshold += res.config.unnamed_margins.get(d.type, res.config.unnamed_margin)
        else:
            threshold -= res.config.named_relief if d.target is not None else res.config.doer_relief
        if p >= threshold:
            d.probability = p
            kept.append(d)
    return kept



def _claimed(hit: Hit, sent: SentenceView) -> bool:
    """A claim stands right before the attack noun (مسؤوليتها عن الهجوم، تبنى التفجير)."""
    if hit.trigger.type != "ASSAULT" or hit.trigger.pos != "noun":
        return False
    before = sent.words_before(hit.start, 2)
    return any(" ".join(before[k:]) in sent.words.claim for k in range(len(before)))


def _sentence_level(kept: list[Draft], candidates: list[Draft], hits: list[Hit], sent: SentenceView, doc: Doc,
                    res: EventResources, para_start: int) -> list[Draft]:
    """Types the scorer is sure of though the rules kept no candidate (none was proposed, or the frames
    found no doer): one event from the type's first trigger, its doer unknown. Where the rules read
    the event as denied, planned or hypothetical, that reading stands."""
    if res.scorer is None:
        return []
    added = []
    for event_type, p in sorted(sent.probability.items()):
        if not res.scorer.judges(event_type) or any(d.type == event_type for d in kept) or any(d.type == event_type for d in candidates if d.modality != "asserted"):
            continue
        if p < res.scorer.threshold(event_type, res.config.thresholds) + res.config.sentence_margin:
            continue
        hit = next(h for h in hits if h.trigger.type == event_type)
        mention = Mention(sent.start, sent.end, doc.article.text[sent.start:sent.end])
        when = find_date(hit, sent, doc.times, para_start, doc.article.published, "asserted",
                         [h for h in hits if h is not hit])
        found, guessed = _places_of(hit, sent, doc, sent.end)
        added.append(Draft(hit=hit, type=event_type, source=None, target=None, place=found[0], date=when,
                           modality="asserted", mentions=[mention], probability=p, place_guessed=guessed))
    return added
