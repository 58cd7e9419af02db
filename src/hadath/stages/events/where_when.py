"""Where and when: an event's place from its clause, its date from the nearest time expression."""
from __future__ import annotations

import datetime as dt

from ...model import Doc, TimeRef
from ...text.normalize import normalize
from .frames import family
from .sentence import Ref, SentenceView
from .triggers import Hit

REGION = 3  # place precision: a region or country, not a locality


def places(hit: Hit, sent: SentenceView, doc: Doc, next_hit: int) -> list[str | None]:
    """The place ids of the event: the localities after the trigger in its clause (an attack may
    strike several), else the nearest locality before it, else any place of the clause."""
    if hit.trigger.frame in ("speech", "evaluative"):
        return [None]
    precision = {p.id: (p.precision or REGION) for p in doc.places}

    def local(refs: list[Ref]) -> list[Ref]:
        return [r for r in refs if precision.get(r.id, REGION) < REGION]

    clause_start, clause_end = sent.clause(hit.start)
    refs = _without_containers([r for r in sent.places if clause_start <= r.start < clause_end], sent, precision)
    after = [r for r in refs if hit.end <= r.start < next_hit]
    before = [r for r in refs if r.end <= hit.start]
    local_after = list(dict.fromkeys(r.id for r in local(after)))
    if local_after:
        return local_after if hit.trigger.type == "ASSAULT" else local_after[:1]
    later = [r for r in refs if r.start >= next_hit]  # صفقة سمحت لهم بمغادرة الرقة: still this clause
    for group in (list(reversed(before)), after, later if hit.trigger.type != "ASSAULT" else []):
        if local(group):
            return [local(group)[0].id]
    for group in (after, list(reversed(before))):
        if group:
            return [group[0].id]
    return [None]


def guessed_place(hit: Hit, sent: SentenceView, doc: Doc) -> str | None:
    """For an event with no place in its clause: the nearest locality of its sentence, else the last one
    told earlier in its paragraph (ACLED places every event at the most specific location reported)."""
    mode = sent.config.place_fallback
    if mode == "clause" or hit.trigger.frame in ("speech", "evaluative"):
        return None
    precision = {p.id: (p.precision or REGION) for p in doc.places}

    def local(refs: list[Ref]) -> list[Ref]:
        return [r for r in refs if precision.get(r.id, REGION) < REGION]

    nearby = sorted(local(sent.places), key=lambda r: abs(r.start - hit.start))
    if nearby and mode in ("sentence", "paragraph"):
        return nearby[0].id
    scene = local(sent.earlier_places)
    if mode == "paragraph" and scene:
        return scene[-1].id
    return None


def _without_containers(refs: list[Ref], sent: SentenceView, precision: dict[str, int]) -> list[Ref]:
    """بلدة بيت جن في ريف دمشق: the region after a place only says where that place lies."""
    kept: list[Ref] = []
    for r in refs:
        if kept:
            link = normalize(sent.text[kept[-1].end:r.start]).strip(" ،,")
            if (not link or link in sent.words.container_link) and precision.get(r.id, REGION) >= precision.get(kept[-1].id, REGION):
                continue
        kept.append(r)
    return kept


def _recent(t: TimeRef, published: dt.date | None, config) -> bool:
    return published is None or abs((t.date_start - published).days) <= config.carry_days


def _duration(t: TimeRef, sent: SentenceView) -> bool:
    """منذ 12 عاما، خلال ثلاثة أشهر: how long something has lasted, not when this event happened."""
    first = normalize(t.text).split()[:1]
    return t.precision in ("month", "year") and bool(first) and first[0] in sent.words.duration_marker


def _chronology(times: list[TimeRef], sent: SentenceView, para_start: int, published: dt.date | None) -> TimeRef | None:
    """A paragraph that tells history in order (في 18 أبريل 1983 ... وتبعها قصف ثكنة ... وفي 20 سبتمبر 1984):
    an undated sentence right between two dates far from the news happened at the earlier one's time, not
    on the day of publication nor on a recent day told further back."""
    before = [t for t in times if para_start <= t.start < sent.start]
    after = [t for t in times if sent.end <= t.start < sent.paragraph[1]]
    if before and after and not _recent(before[-1], published, sent.config) and \
            not _recent(after[0], published, sent.config):
        return before[-1]
    return None


def date(hit: Hit, sent: SentenceView, times: tuple[TimeRef, ...], para_start: int,
         published: dt.date | None, modality: str, others: list[Hit]) -> TimeRef | None:
    """The time expression of the trigger's clause nearest to it (none of the sentence's other
    triggers between them), else the last one earlier in the paragraph, else the publication day."""
    usable = [t for t in times if (not t.future or modality == "future") and not _duration(t, sent)]
    clause_start, clause_end = sent.clause(hit.start)
    # a trigger of another kind between the time and this one takes the time for itself
    rivals = [h for h in others if family(h.trigger.type) != family(hit.trigger.type)]
    inside = [t for t in usable if clause_start <= t.start < clause_end
              and not any(min(t.start, hit.start) < h.start < max(t.start, hit.start) for h in rivals)]
    if inside:
        return min(inside, key=lambda t: abs(t.start - hit.start))
    # a date far from the news (في الثامن من يوليو الماضي، في عام 1948) dates only its own clause; the days
    # around publication (أمس، الخميس) carry on through the paragraph
    chronology = _chronology(usable, sent, para_start, published)
    if chronology is not None:
        return chronology
    earlier = [t for t in usable if para_start <= t.start < sent.start and _recent(t, published, sent.config)]
    if earlier:
        return earlier[-1]
    if published is None:
        return None
    return TimeRef(hit.start, hit.start, "", published, published, "article")
