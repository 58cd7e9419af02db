"""Casualty figures that belong to their event: which counts of a sentence go to which of its events.

The counts themselves (kind, value) are read by `stages/quantities.py`. Here:
- scope: a count after a total's marker, or before one in its clause (منذ اندلاع، خلال ثلاثة أشهر، الحصيلة
  الإجمالية: the `cumulative_marker` words, `toll_period_marker` + `toll_period_unit`), is a total over a
  period or many events, no event's; an event dated a month or more before publication (a background
  event recalled) gets no counts;
- attachment: a count after a consequence construction (أسفر عن، أدى إلى، خلف، أوقع، راح ضحيته ...,
  `toll_consequence`) goes to the event told before that construction; any other count goes to the
  nearest event of its kind (killed, wounded, casualties and sizes to an attack; arrests to a
  coercion where there is one);
- an attack the sentence gives a toll for (قتل 10 أشخاص وأصيب 20 آخرون في غارة جوية) is an event even
  with no named doer, once the scorer gives the sentence's attacks its plain threshold;
- one toll told twice (the headline and the body, or two reports merged into one event) counts once.
"""
from __future__ import annotations

import bisect
import datetime as dt
from typing import TYPE_CHECKING, Any

from ..quantities import CountWords, Figure, _phrase_at, scan

if TYPE_CHECKING:
    from .merge import Draft, Drafts
    from .sentence import SentenceView

TOLLS = ("killed", "wounded", "casualties")
# the event types a count of each kind may belong to, in order of preference
OWNERS = {"arrested": ("COERCE", "ASSAULT"), "displaced": ("ASSAULT", "COERCE")}
DEFAULT_OWNERS = ("ASSAULT",)
OWNER_TYPES = frozenset(DEFAULT_OWNERS).union(*OWNERS.values())
BACKGROUND_DAYS = 30  # an event this long before publication is recalled, its toll reported at the time
# an unnamed attack whose toll follows it through أسفر عن، أوقع ... is an event from this scorer probability on;
# measured on the GSR half and casualties: at 0.1 the GSR's rejected sentences (an attack recalled after
# غداة، في أعقاب) come in, ASSAULT F1 0.965 -> 0.910; at 0.2 F1 0.941 and the casualty F1 0.718 -> 0.746
CAUSED_FLOOR = 0.2
MANY_PLACES = 5  # a toll whose clause names this many places is a total over them (حماه وحلب وحمص والرقة)
COUNTED_ONCE_FROM = 2  # a repeated toll of this size or more is one report twice (1 may well be two deaths)


def add_with_counts(kept: list["Draft"], candidates: list["Draft"], sent: "SentenceView", drafts: "Drafts",
                    words: CountWords, assault_threshold: float | None) -> None:
    """Keep the sentence's events, each with the counts that belong to it."""
    if not any(d.type in OWNER_TYPES for d in kept) and not any(d.type == "ASSAULT" for d in candidates):
        for draft in kept:  # no event here that a count could belong to: nothing to read
            drafts.add(draft)
        return
    figures = _figures(sent, words)
    if any(f.kind in TOLLS for f, _ in figures) and not any(d.type == "ASSAULT" for d in kept):
        rescued = _toll_attack(candidates, kept, figures, sent, words, assault_threshold)
        if rescued is not None:
            kept.append(rescued)
            drafts.rejected = [d for d in drafts.rejected if d is not rescued]
    owners: dict[int, list[tuple[Figure, int]]] = {}
    for figure, pos in figures:
        owner = _owner(figure, pos, kept, sent, words)
        if owner is not None:
            owners.setdefault(id(owner), []).append((figure, pos))
    for draft in kept:
        mine = owners.get(id(draft), [])
        if mine:
            draft.quantities = merge_counts(draft.quantities, tuple(f.as_dict() for f, _ in mine))
        drafts.add(draft)


def merge_counts(kept: tuple, more: tuple) -> tuple:
    """The counts of one event told twice: each (kind, value) once."""
    seen = {(q.get("kind"), q.get("value")) for q in kept}
    out = list(kept)
    for q in more:
        if (q.get("kind"), q.get("value")) not in seen:
            seen.add((q.get("kind"), q.get("value")))
            out.append(q)
    return tuple(out)


def count_once(drafts: "Drafts") -> None:
    """A toll the article tells twice for attacks on the same day (a headline, then the body) is one toll:
    the later attack keeps the count only where the earlier one lacks it."""
    seen: set[tuple] = set()
    for d in sorted(drafts.by_key.values(), key=lambda v: v.hit.start):
        if not d.quantities or d.modality != "asserted":
            continue
        day = d.date.date_start if d.date is not None and d.date.precision != "article" else None
        kept = []
        for q in d.quantities:
            key = (d.type, q.get("kind"), q.get("value"))
            repeated = q.get("kind") != "size" and (q.get("value") or 0) >= COUNTED_ONCE_FROM and \
                (key + (day,) in seen or key + (None,) in seen or (day is None and any(s[:3] == key for s in seen)))
            if not repeated:
                kept.append(q)
            if q.get("kind") != "size":
                seen.add(key + (day,))
        d.quantities = tuple(kept)


def _figures(sent: "SentenceView", words: CountWords) -> list[tuple[Figure, int]]:
    """The sentence's counts of one event, with their place in the original text."""
    norm = sent.doc.norm
    lo, hi = bisect.bisect_left(norm.index, sent.start), bisect.bisect_left(norm.index, sent.end)
    text = norm.text[lo:hi]
    found = scan(text, words)
    if not found:
        return []
    tok = words.tokens(text)
    totals = _total_markers([t for t, _, _ in tok], words)
    starts = [s for _, s, _ in tok]
    out = []
    for f in found:
        first = bisect.bisect_left(starts, f.start)
        pos = norm.index[lo + f.start]
        if any(m < first or sent.clause(norm.index[lo + starts[m]]) == sent.clause(pos) for m in totals):
            continue  # ومنذ اندلاع ... قتل 13؛ أسفرت عن مقتل 15 ألفا منذ انطلاقها: a total, no event's toll
        if _many_places(sent, pos):
            continue  # مقتل 2927 ... في محافظات حماه وحلب وحمص والرقة: a toll over a region's many places
        out.append((f, pos))
    return out


def _many_places(sent: "SentenceView", pos: int) -> bool:
    """The count's clause names MANY_PLACES places or more: one event does not happen in all of them."""
    start, end = sent.clause(pos)
    return len({r.id for r in sent.places if start <= r.start < end}) >= MANY_PLACES


def _total_markers(toks: list[str], words: CountWords) -> list[int]:
    """Where the sentence says its counts are totals: الحصيلة الإجمالية، في أنحاء البلاد (cumulative_marker),
    or a period marker before a span (خلال ثلاثة أشهر، منذ الجمعة، على مدى أسبوع)."""
    out = []
    for i, t in enumerate(toks):
        if _phrase_at(toks, i, words.cumulative, words) or \
                (words.has(t, words.period_marker) and any(words.has(u, words.period_unit) for u in toks[i + 1:i + 4])):
            out.append(i)
    return out


def _consequences(sent: "SentenceView", words: CountWords) -> list[int]:
    """Where the sentence's consequence constructions begin (original offsets)."""
    norm = sent.doc.norm
    lo, hi = bisect.bisect_left(norm.index, sent.start), bisect.bisect_left(norm.index, sent.end)
    tok = words.tokens(norm.text[lo:hi])
    toks = [t for t, _, _ in tok]
    return [norm.index[lo + tok[i][1]] for i in range(len(toks)) if _phrase_at(toks, i, words.consequence, words)]


def _owner(figure: Figure, pos: int, kept: list["Draft"], sent: "SentenceView", words: CountWords) -> "Draft | None":
    """The event a count belongs to: the one before its consequence construction, else the nearest one."""
    published = sent.doc.article.published
    for event_type in OWNERS.get(figure.kind, DEFAULT_OWNERS):
        pool = _first_per_hit([d for d in kept if d.type == event_type and not _background(d, published)])
        if pool:
            return _caused_by(pos, pool, sent, words) or min(pool, key=lambda d: abs(d.hit.start - pos))
    return None


def _caused_by(pos: int, pool: list["Draft"], sent: "SentenceView", words: CountWords) -> "Draft | None":
    """The event told right before the consequence construction that leads to the count at pos
    (قصفت ... ما أدى إلى مقتل 3، الهجوم الذي أوقع 32 قتيلا، أسفر الهجوم ... عن إصابة 45)."""
    before = [c for c in _consequences(sent, words) if c < pos]
    if not before:
        return None
    told = [d for d in pool if d.hit.start < before[-1]]
    return max(told, key=lambda d: d.hit.start) if told else _subject_of(before[-1], pool)


def _subject_of(consequence: int, pool: list["Draft"]) -> "Draft | None":
    """أسفر الهجوم ... عن: the event named right after a sentence-initial consequence verb."""
    after = [d for d in pool if d.hit.start > consequence]
    return min(after, key=lambda d: d.hit.start) if after else None


def _first_per_hit(drafts: list["Draft"]) -> list["Draft"]:
    """One draft per trigger: an attack told at two places keeps its toll once."""
    out, hits = [], set()
    for d in drafts:
        if id(d.hit) not in hits:
            hits.add(id(d.hit))
            out.append(d)
    return out


def _background(d: "Draft", published: Any) -> bool:
    if d.date is None or d.date.precision == "article" or not isinstance(published, dt.date):
        return False
    return d.date.date_start < published - dt.timedelta(days=BACKGROUND_DAYS)


def _toll_attack(candidates: list["Draft"], kept: list["Draft"], figures: list[tuple[Figure, int]],
                 sent: "SentenceView", words: CountWords, threshold: float | None) -> "Draft | None":
    """The attack a toll is told of, though the rules found no doer. A sentence that counts an attack's dead
    or wounded reports a real attack: the scorer's plain threshold is enough (no unnamed margin), and an
    attack the toll follows through a consequence construction (أوقع، أسفر عن) needs only CAUSED_FLOOR."""
    pool = _first_per_hit([d for d in candidates if d.type == "ASSAULT" and d.modality == "asserted"
                           and d not in kept and not _background(d, sent.doc.article.published)])
    tolls = [(f, p) for f, p in figures if f.kind in TOLLS]
    if not pool or not tolls:
        return None
    figure, pos = tolls[0]
    probability = sent.probability.get("ASSAULT", 0.0)
    chosen = _caused_by(pos, pool, sent, words) if threshold is None or probability >= CAUSED_FLOOR else None
    if chosen is None and (threshold is None or probability >= threshold):
        chosen = _owner(figure, pos, pool, sent, words)
    if chosen is not None and sent.probability:
        chosen.probability = max(chosen.probability or 0.0, sent.probability.get("ASSAULT", 0.0))
    return chosen
