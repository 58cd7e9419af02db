"""From candidates to events: one event per distinct (type, source, target, place, date, modality).

A `Draft` is one candidate event; `Drafts` merges repeated reports of one event into its
mentions, infers a missing target from the article's dyads and adds the accusation that one
state's report of another's hostile act amounts to.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from ...model import Actor, Event, Mention, Place, TimeRef
from ...text.normalize import normalize
from .config import HOSTILE, STATE_SECTORS, VIOLENT
from .counts import merge_counts, merge_reports
from .frames import family
from .sentence import SentenceView
from .triggers import Hit

VERBS_EN = {"ASSAULT": "attacked", "COERCE": "coerced", "CONSULT": "met", "AGREE": "agreed with",
            "COOPERATE": "cooperated with", "SUPPORT": "supported", "AID": "aided", "ACCUSE": "accused",
            "REJECT": "rejected", "REQUEST": "called on", "THREATEN": "threatened", "PROTEST": "protested against",
            "SANCTION": "sanctioned", "MOBILIZE": "mobilized against", "RETREAT": "retreated from",
            "CONCEDE": "conceded to"}


@dataclass
class Draft:
    hit: Hit
    type: str
    source: str | None
    target: str | None
    place: str | None
    date: TimeRef | None
    modality: str
    mentions: list[Mention]
    speaker: str | None = None
    attribution: str | None = None
    quantities: tuple = ()
    inferred_target: bool = False
    probability: float | None = None  # the learned scorer's, where it ran
    place_guessed: bool = False  # the place is not of its clause but the last one told before (where_when)
    associates: tuple[str, ...] = ()  # actors acting with the source (بمساندة X): frames.associates

    @property
    def key(self) -> tuple:
        return (self.type, self.source, self.target, self.place, self.date.date_start if self.date else None,
                self.modality)

    def absorb(self, other: "Draft") -> None:
        """Take in another report of the same event: its mentions (once each, in text order) and its counts."""
        self.mentions.extend(m for m in other.mentions if m not in self.mentions)
        self.mentions.sort(key=lambda m: m.start)
        self.quantities = merge_reports(self.quantities, other.quantities)
        self.associates += tuple(a for a in other.associates if a not in self.associates)

    def add_mention(self, mention: Mention) -> None:
        if self.mentions[-1] != mention:
            self.mentions.append(mention)


@dataclass
class Drafts:
    by_key: dict[tuple, Draft] = field(default_factory=dict)
    # candidates the scorer turned down: no events of their own, but their dates still tell when an
    # accepted report of the same event happened
    rejected: list[Draft] = field(default_factory=list)
    totals: set[int] = field(default_factory=set)  # the toll figures the article gives as totals (counts.py)
    total_sentences: set[int] = field(default_factory=set)  # where the sentences of those totals start

    def add(self, draft: Draft) -> bool:
        """Keep a new event (True), or add the draft's mention to the event it repeats (False)."""
        same = self.by_key.get(draft.key) or self._same_sentence(draft) or self._placed_elsewhere(draft)
        if same is not None:  # اجتمع ... في موسكو حيث ناقشا: the same parties, the same sentence
            # one sentence's triggers share its counts; another sentence is another report of the event, and
            # two attacks of one sentence, each with a toll of its own (39 in Sousse, 27 in Kuwait), are not summed
            own_tolls = same.hit is not draft.hit and same.quantities and draft.quantities
            merge = merge_counts if same.mentions[-1] == draft.mentions[0] and not own_tolls else merge_reports
            same.add_mention(draft.mentions[0])
            same.quantities = merge(same.quantities, draft.quantities)
            if draft.probability is not None:
                same.probability = max(same.probability or 0.0, draft.probability)
            return False
        self.by_key[draft.key] = draft
        return True

    def _placed_elsewhere(self, draft: Draft) -> Draft | None:
        """An event whose place was only guessed from the paragraph is the same event as one told with
        the same sides, day and modality at a place of its own."""
        if not draft.place_guessed:
            return None
        key = draft.key
        return next((d for d in self.by_key.values() if d.key[:3] == key[:3] and d.key[4:] == key[4:]), None)

    def _same_sentence(self, draft: Draft) -> Draft | None:
        if draft.place is not None and draft.type == "ASSAULT":
            return None  # an attack on each place struck is an event of its own
        return next((d for d in self.by_key.values() if d.key[:3] == draft.key[:3] and d.modality == draft.modality
                     and d.mentions[-1].start == draft.mentions[0].start), None)

    def last_meeting(self) -> Draft | None:
        meetings = [d for d in self.by_key.values() if d.type == "CONSULT" and d.modality == "asserted"]
        return meetings[-1] if meetings else None

    def merge_default_dates(self) -> None:
        """An event dated only by the article's day (a headline) is the same event as one the body dates
        (أمس، الخميس) with the same type, sides, place and modality: one event, with the body's date.
        A report the scorer turned down still dates the accepted one."""
        dated: dict[tuple, Draft] = {}
        accepted = sorted(self.by_key.values(), key=lambda v: v.hit.start)
        for d in accepted + self.rejected:
            if d.date is not None and d.date.precision != "article":
                dated.setdefault(d.key[:4] + (d.modality,), d)
                dated.setdefault(d.key[:3] + (None, d.modality), d)  # a headline names no place
        kept: list[Draft] = []
        for d in accepted:
            explicit = dated.get(d.key[:4] + (d.modality,)) if d.date is None or d.date.precision == "article" else None
            if explicit is not None and explicit in self.rejected:
                d = replace(d, date=explicit.date)
            elif explicit is not None:
                explicit.absorb(d)
                continue
            kept.append(d)
        self.by_key = _by_key(kept)

    def claim_unnamed(self) -> None:
        """An attack told once with no doer and once with one (انفجرت سيارة مفخخة ... وتبنى داعش التفجير),
        on the same day and at the same place (or later in the same sentence, with no place of its own), is
        one attack by that doer: where the article names exactly one doer for such an attack, the unnamed
        report joins it."""
        named = [d for d in self.by_key.values() if d.source and d.modality == "asserted"]
        merged: dict[tuple, Draft] = {}
        for key, d in self.by_key.items():
            if d.source is None and d.modality == "asserted":
                same = [n for n in named if n.type == d.type and _same_day(n, d) and d.target in (None, n.target)
                        and ((d.place is not None and d.place == n.place) or _told_after_in_sentence(n, d))]
                if len({n.source for n in same}) == 1:
                    same[0].absorb(d)
                    continue
            merged[key] = d
        self.by_key = merged

    def give_protests_their_crowd(self, crowds: list[tuple[int, str]]) -> None:
        """A protest the text gives no protesters of its own (تجددت المظاهرات أمام مبنى الحكومة) is the
        crowd's the article tells of (المتظاهرون، المحتجون): the nearest mention before it, else the first
        after. ``crowds``: (original offset, actor id) of every mention of such a crowd, in text order."""
        if not crowds:
            return
        ids = {ident for _, ident in crowds}

        def crowd_of(d: Draft) -> Draft:
            if d.type != "PROTEST" or d.source is not None or d.modality != "asserted":
                return d
            if d.target in ids:  # the crowd read as what is protested against protests itself
                return replace(d, source=d.target, target=None)
            before = [ident for start, ident in crowds if start < d.hit.end]
            return replace(d, source=before[-1] if before else crowds[0][1])

        self.by_key = _by_key(crowd_of(d) for d in self.by_key.values())

    def infer_targets(self) -> None:
        """An attack with no named target hits the other side of the article's dyad.

        The dyads come from the article's own two-sided events (اشتباكات بين X و Y, X قصف Y);
        where the source has no such partner the target stays unknown.
        """
        partners: dict[str, Counter] = {}
        for d in self.by_key.values():
            if d.hit.trigger.type == "ASSAULT" and d.target and d.source and d.modality == "asserted":
                partners.setdefault(d.source, Counter())[d.target] += 1
                partners.setdefault(d.target, Counter())[d.source] += 1
        def inferred(d: Draft) -> Draft:
            if d.target is None and d.hit.trigger.type in VIOLENT and d.source in partners:
                return replace(d, target=partners[d.source].most_common(1)[0][0], inferred_target=True)
            return d

        self.by_key = _by_key(inferred(d) for d in self.by_key.values())

    def add_reported_accusations(self, sector: dict[str, str | None], country: dict[str, str | None]) -> None:
        """كشفت وزارة الدفاع الروسية أن الولايات المتحدة رفضت ...: one state charging another.

        When an official voice of one state reports a hostile act by another state's government or
        forces, the report is itself an accusation (PLOVER ACCUSE), coded once per pair of states.
        """
        for d in list(self.by_key.values()):
            if not _state_charges_state(d, sector, country):
                continue
            charge = replace(d, type="ACCUSE", source=d.speaker, target=d.source, place=None, modality="asserted",
                             attribution=None, quantities=(), mentions=list(d.mentions[:1]))
            self.by_key.setdefault(charge.key, charge)

    def events(self, text: str, actors: dict[str, Actor], places: dict[str, Place],
               calibration=None) -> tuple[Event, ...]:
        """The events, numbered in text order; ``calibration`` (calibration.Calibration) sets the asserted
        events' confidence."""
        out = []
        for n, d in enumerate(sorted(self.by_key.values(), key=lambda v: v.hit.start), start=1):
            hit = d.hit
            mode = hit.trigger.mode if d.type == hit.trigger.type else None
            src = actors.get(d.source)
            if d.type == "ASSAULT" and d.type == hit.trigger.type and src and src.function == "air_force":
                mode = "aerial"
            out.append(Event(
                id=f"E{n}", type=d.type, source=d.source, target=d.target, place=d.place, date=d.date,
                mentions=tuple(d.mentions), trigger=Mention(hit.start, hit.end, text[hit.start:hit.end]), mode=mode,
                modality=d.modality, attribution=d.attribution, quantities=tuple(d.quantities),
                associates=d.associates,
                confidence=confidence(d, calibration, text), summary_en=summary(d, actors, places)))
        return tuple(out)


def _told_after_in_sentence(named: Draft, unnamed: Draft) -> bool:
    """هجوم للتنظيم على موقع في الصقلاوية، بينما أفادت مصادر بأن الهجوم أسفر عن مقتل 58: an attack told later
    in the same sentence with no doer and no place of its own is the named one again."""
    return named.mentions[0] == unnamed.mentions[0] and named.hit.start < unnamed.hit.start and \
        (unnamed.place is None or unnamed.place_guessed)


def _same_day(a: Draft, b: Draft) -> bool:
    return a.date is not None and b.date is not None and a.date.date_start == b.date.date_start


def _state_charges_state(d: Draft, sector: dict[str, str | None], country: dict[str, str | None]) -> bool:
    speaker, doer = d.speaker, d.source
    if d.type not in HOSTILE or d.modality != "asserted" or not speaker or not doer or speaker == doer:
        return False
    if sector.get(speaker) not in STATE_SECTORS or sector.get(doer) not in STATE_SECTORS:
        return False
    return bool(country.get(speaker) and country.get(doer) and country[speaker] != country[doer])


def absorb(hits: list[Hit], sent: SentenceView) -> list[list[Hit]]:
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
        if last is not None and _continues(last, hit, chain_end, sent):
            groups[-1].append(hit)
            chain_end = hit.end
            continue
        if last is not None and hit.trigger.pos == "verb" and sent.word_before(hit.start) in sent.words.relative:
            continue  # المقاتلين الذين سيطروا على المدينة: background, not the news
        if hit.trigger.type == "ASSAULT" and sent.word_before(hit.start) in sent.words.circumstance:
            continue  # مع تحرير الموصل والرقة: a circumstance, not the news
        groups.append([hit])
        chain_end = hit.end
    return groups


def _continues(last: Hit, hit: Hit, chain_end: int, sent: SentenceView) -> bool:
    if "victim" in (last.trigger.frame, hit.trigger.frame) or sent.clause(last.start) != sent.clause(hit.start):
        return False
    cfg, prepositions = sent.config, sent.words.preposition
    gap = sent.gap(chain_end, hit.start)
    if family(last.trigger.type) == family(hit.trigger.type):
        purpose = normalize(sent.text[hit.start:hit.start + 1]) in sent.words.purpose_proclitic  # لاقتحام
        if gap <= cfg.absorb_window or (purpose and gap <= cfg.purpose_window):
            return True
    if hit.trigger.pos != "noun" or gap > 1:
        return False
    between = sent.norm_words(chain_end, hit.start)
    return sent.word_before(chain_end) in prepositions or bool(between and between[-1] in prepositions)


def confidence(d: Draft, calibration=None, text: str = "") -> float:
    """An asserted event's calibrated probability of being right, where a calibration is given
    (calibration.py; ``text``: the article's); else, and for denied, planned and hypothetical events, the
    scorer's probability or a heuristic of the rules."""
    if calibration is not None and d.modality == "asserted":
        return calibration.confidence(d, text)
    if d.probability is not None:
        return round(d.probability, 3)
    score = 0.4 + (0.2 if d.target and not d.inferred_target else 0.1 if d.target else 0) + (0.2 if d.place else 0)
    return min(0.95, score + 0.05 * (len(d.mentions) - 1))


def summary(d: Draft, actors: dict[str, Actor], places: dict[str, Place]) -> str:
    src, tgt, place = actors.get(d.source), actors.get(d.target), places.get(d.place)
    parts = [src.name_en if src else "Someone", VERBS_EN[d.type]]
    if tgt:
        parts.append(tgt.name_en)
    text = " ".join(parts)
    if place:
        where = place.name_en + (f" ({place.admin1}, {place.country})" if place.admin1
                                 else f" ({place.country})" if place.country and place.feature != "country" else "")
        text += f" in {where}"
    if d.date is not None:
        text += f", {d.date.date_start.isoformat()}"
    if d.modality != "asserted":
        text += f" [{d.modality}]"
    return text


def _by_key(drafts) -> dict[tuple, Draft]:
    """The drafts by their key, each repeated report absorbed into the first of its key."""
    merged: dict[tuple, Draft] = {}
    for d in drafts:
        if d.key in merged:
            merged[d.key].absorb(d)
        else:
            merged[d.key] = d
    return merged
