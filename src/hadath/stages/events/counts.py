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

from ..quantities import CountWords, Figure, _is_mark, _number, _phrase_at, scan

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
RUNNING_WINDOW = 5  # words between a tally noun and its verb of reaching (ضحايا العدوان ... على المحافظة بلغ)
CONTINUED_SENTENCES = 4  # how far back a report of totals goes on, sentence by sentence (وأضاف، وأوضح ...)
TOTAL_ECHO_FROM = 10  # a total told again elsewhere in the article (a subhead) is that total, from this size on
VERB_SUBJECT_GAP = 1  # words from a consequence verb to the attack noun that is its subject (خلف التفجير)
MANY_PROVINCES = 3  # a toll whose clause names places in this many provinces is a total over them
MANY_PLACES = 5  # a toll whose clause names this many places is a total over them (حماه وحلب وحمص والرقة)
COUNTED_ONCE_FROM = 2  # a repeated toll of this size or more is one report twice (1 may well be two deaths)


def add_with_counts(kept: list["Draft"], candidates: list["Draft"], sent: "SentenceView", drafts: "Drafts",
                    words: CountWords, assault_threshold: float | None) -> None:
    """Keep the sentence's events, each with the counts that belong to it."""
    if not any(d.type in OWNER_TYPES for d in kept) and not any(d.type == "ASSAULT" for d in candidates):
        for draft in kept:  # no event here that a count could belong to: nothing to read
            drafts.add(draft)
        return
    figures = _figures(sent, words, drafts)
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


def merge_reports(kept: tuple, more: tuple) -> tuple:
    """The counts of one event told in two sentences: per kind, the report with the larger toll (a toll that
    rose, 5 then 7, is 7, not 12; a toll of another attack wrongly joined to this one is not added to it)."""
    out = list(kept)
    for kind in dict.fromkeys(q.get("kind") for q in more):
        mine = [q for q in kept if q.get("kind") == kind]
        theirs = [q for q in more if q.get("kind") == kind]
        if not mine or kind == "size":
            out = list(merge_counts(tuple(out), tuple(theirs)))
        elif _total(theirs) > _total(mine):
            out = [q for q in out if q.get("kind") != kind] + theirs
    return tuple(out)


def _total(counts: list[dict]) -> int:
    return sum(q.get("value") or 0 for q in counts)


def count_once(drafts: "Drafts") -> None:
    """A toll the article tells twice for attacks on the same day (a headline, then the body) is one toll:
    the later attack keeps the count only where the earlier one lacks it. A figure the article gives as a
    total (3042 قتلى داعش as a subhead of «قتلت 3042 ... خلال 10 أشهر») is no event's toll."""
    seen: set[tuple] = set()
    for d in sorted(drafts.by_key.values(), key=lambda v: v.hit.start):
        if not d.quantities:
            continue
        d.quantities = tuple(q for q in d.quantities if not _echoes_a_total(q, drafts.totals))
        if d.modality != "asserted":
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


def _echoes_a_total(q: dict, totals: set[int]) -> bool:
    return q.get("kind") in TOLLS and (q.get("value") or 0) >= TOTAL_ECHO_FROM and q.get("value") in totals


def _figures(sent: "SentenceView", words: CountWords, drafts: "Drafts") -> list[tuple[Figure, int]]:
    """The sentence's counts of one event, with their place in the original text. The tolls that are totals
    are left out and remembered, so that the same figure told again (a subhead) is no event's either."""
    text, lo = _sentence_norm(sent.doc, sent.start, sent.end)
    found = scan(text, words)
    if not found:
        return []
    norm = sent.doc.norm
    tok = words.tokens(text)
    totals = _total_markers([t for t, _, _ in tok], words)
    starts = [s for _, s, _ in tok]
    continued = None
    out = []
    for f in found:
        first = bisect.bisect_left(starts, f.start)
        pos = norm.index[lo + f.start]
        if continued is None and f.kind in TOLLS:
            continued = _continues_a_total(sent, tok, words, drafts.total_sentences)
        # ومنذ اندلاع ... قتل 13؛ أسفرت عن مقتل 15 ألفا منذ انطلاقها: a total, no event's toll; مقتل 2927 ... في
        # محافظات حماه وحلب وحمص والرقة: a toll over a region's many places
        if any(m < first or sent.clause(norm.index[lo + starts[m]]) == sent.clause(pos) for m in totals) or \
                _many_places(sent, pos) or _month_long(sent, pos) or (continued and f.kind in TOLLS):
            if f.kind in TOLLS:
                drafts.totals.add(f.value)
                drafts.total_sentences.add(sent.start)
            continue
        out.append((f, pos))
    return out


def _sentence_norm(doc: Any, start: int, end: int) -> tuple[str, int]:
    """The normalised text of doc's span start..end, and where it begins in the normalised text."""
    norm = doc.norm
    lo, hi = bisect.bisect_left(norm.index, start), bisect.bisect_left(norm.index, end)
    return norm.text[lo:hi], lo


def _continues_a_total(sent: "SentenceView", tok: list[tuple[str, int, int]], words: CountWords,
                       total_sentences: set[int]) -> bool:
    """وأوضح المرصد أن 50 ألفا ... قتلوا after «قتل 240 ألفا منذ بداية الصراع»: a sentence that goes on with
    the same report (report_continuation at its head, or a toll «في هذه الغارات» told before: back_reference)
    after a sentence of totals (one with a marker of totals, or whose tolls were found to be totals) counts
    totals too."""
    sentences = sent.doc.sentences
    k = bisect.bisect_right(sentences, sent.start, key=lambda s: s.start) - 1
    for _ in range(CONTINUED_SENTENCES):
        toks = [t for t, _, _ in tok]
        head = next((t for t in toks if not _is_mark(t)), "")
        if k <= 0 or not (words.has(head, words.continuation) or
                          any(_phrase_at(toks, i, words.back_reference, words) for i in range(len(toks)))):
            return False
        k -= 1
        text, _ = _sentence_norm(sent.doc, sentences[k].start, sentences[k].end)
        tok = words.tokens(text)
        if sentences[k].start in total_sentences or _total_markers([t for t, _, _ in tok], words):
            return True
    return False


def _month_long(sent: "SentenceView", pos: int) -> bool:
    """The count's clause is dated after it by a whole month and by no day (كشف الجمعة أن 93 مدنيا قتلوا في تعز
    ... يوليو الماضي: Friday is the report's day): a month's tally, no one event's toll."""
    _, end = sent.clause(pos)
    precisions = {t.precision for t in sent.doc.times if pos <= t.start < end}
    return "month" in precisions and "day" not in precisions


def _many_places(sent: "SentenceView", pos: int) -> bool:
    """The count's clause names MANY_PLACES places or more, MANY_PROVINCES provinces of one country (في دير
    الزور والحسكة والرقة) or two countries (مقتل 390 في تركيا وشمال العراق): one event does not happen in all of them.
    (Towns of two countries may be one homonym read wrong: only countries count there.)"""
    start, end = sent.clause(pos)
    ids = {r.id for r in sent.places if start <= r.start < end}
    if len(ids) >= MANY_PLACES:
        return True
    places = [p for p in sent.doc.places if p.id in ids]
    provinces: dict[str, set[str]] = {}  # per country: a town read in the wrong country is no province of it
    for p in places:
        if p.country and p.feature != "country":
            provinces.setdefault(p.country, set()).add(p.admin1 or p.name_en)
    return len({p.country for p in places if p.feature == "country"}) >= 2 or \
        any(len(names) >= MANY_PROVINCES for names in provinces.values())


def _total_markers(toks: list[str], words: CountWords) -> list[int]:
    """Where the sentence says its counts are totals: الحصيلة الإجمالية، في أنحاء البلاد (cumulative_marker);
    a period marker before a span (خلال ثلاثة أشهر، منذ الجمعة، حتى الأول من أغسطس، خلال المعارك); a whole
    war as the cause (النزاع في اليمن الذي أسفر عن، أسفر الصراع عن); a running count (عدد القتلى بلغ، عدد
    القتلى بالمئات); a count of many places (على مئات المناطق); a span of fighting (أربعة أشهر من المواجهات);
    fighting that goes on (المعارك المتواصلة)."""
    out = []
    for i, t in enumerate(toks):
        if _phrase_at(toks, i, words.cumulative, words) or _war_cause(toks, i, words) or _running(toks, i, words) or \
                _many_places_counted(toks, i, words) or _span_of_fighting(toks, i, words) or _goes_on(toks, i, words) or \
                (words.has(t, words.period_marker) and any(words.has(u, words.period_unit) or words.has(u, words.months)
                                                          for u in toks[i + 1:i + 4])):
            out.append(i)
    return out


def _war_cause(toks: list[str], i: int, words: CountWords) -> bool:
    """A war noun with a relative clause after it (الحرب الحوثية والتي قتلت), as the subject of a
    consequence verb (أسفر الصراع عن مقتل), or bare at a clause's end after a war_preposition (قتل 3200 شخص في القتال،)."""
    if not words.has(toks[i], words.war):
        return False
    if (i + 1 == len(toks) or _is_mark(toks[i + 1])) and i and toks[i - 1] in words.war_preposition:
        return True
    around = [toks[i - 1], *toks[i + 1:i + 3]] if i else []  # أسفر الصراع عن: the verb and its particle
    return any(words.has(u, words.relative) for u in toks[i + 1:i + 4]) or \
        bool(around and _phrase_at(around, 0, words.consequence, words))


def _many_places_counted(toks: list[str], i: int, words: CountWords) -> bool:
    """مئات المناطق، 12 محافظة، العديد من المدن: a count of MANY_PLACES places or more."""
    number = _number(toks, i, words)
    if number is None or number[0] < MANY_PLACES:
        return False
    after = toks[number[2] + 1:number[2] + 3]
    if after[:1] and after[0] in words.filler:  # العديد من المدن
        after = after[1:]
    return bool(after) and words.has(after[0], words.place_plural)


def _toll_noun(token: str, words: CountWords) -> bool:
    return words.definite(token) and (words.has(token, words.killed) or words.has(token, words.wounded))


def _goes_on(toks: list[str], i: int, words: CountWords) -> bool:
    """المعارك المتواصلة، القصف المستمر: fighting that has gone on for days."""
    return words.has(toks[i], words.fighting) and i + 1 < len(toks) and words.has(toks[i + 1], words.ongoing)


def _span_of_fighting(toks: list[str], i: int, words: CountWords) -> bool:
    """أربعة أشهر من المواجهات، عامين من الحرب: a span of a week or more of fighting."""
    number = _number(toks, i, words)
    if number is None or not number[2] + 3 < len(toks):
        return False
    unit = toks[number[2] + 1]
    return words.has(unit, words.period_unit) and any(words.has(w, words.fighting) for w in toks[number[2] + 2:number[2] + 4])


def _running(toks: list[str], i: int, words: CountWords) -> bool:
    """A verb of reaching next to a tally or victims noun (عدد القتلى المدنيين بلغ، بلغ عدد الضحايا), or a tally
    with a count for its predicate (عدد القتلى بالمئات)."""
    if words.has(toks[i], words.tally) and i + 2 < len(toks) and _toll_noun(toks[i + 1], words):
        return _number(toks, i + 2, words) is not None
    if not words.has(toks[i], words.reached):
        return False
    near = toks[max(0, i - RUNNING_WINDOW):i] + toks[i + 1:i + 3]
    return any(words.has(u, words.tally) or words.has(u, words.combined) for u in near)


def _consequences(sent: "SentenceView", words: CountWords) -> list[int]:
    """Where the sentence's consequence constructions begin (original offsets)."""
    text, lo = _sentence_norm(sent.doc, sent.start, sent.end)
    tok = words.tokens(text)
    toks = [t for t, _, _ in tok]
    return [sent.doc.norm.index[lo + tok[i][1]] for i in range(len(toks)) if _phrase_at(toks, i, words.consequence, words)]


def _owner(figure: Figure, pos: int, kept: list["Draft"], sent: "SentenceView", words: CountWords) -> "Draft | None":
    """The event a count belongs to: the one before its consequence construction, else the nearest one."""
    published = sent.doc.article.published
    for event_type in OWNERS.get(figure.kind, DEFAULT_OWNERS):
        pool = _first_per_hit([d for d in kept if d.type == event_type and not _background(d, published)])
        if pool:
            named, cause = _cause(pos, pool, sent, words)
            return cause if named or cause is not None else _nearest(pos, pool, sent)
    return None


def _nearest(pos: int, pool: list["Draft"], sent: "SentenceView") -> "Draft | None":
    """The kept event nearest the count, unless another attack the sentence tells lies nearer (قتل 39 ... برصاص
    مسلح في سوسة، في وقت خلف التفجير في الكويت 27 قتيلا): that attack's toll is no toll of a farther one."""
    nearest = min(pool, key=lambda d: abs(d.hit.start - pos))
    attacks = [h for h in sent.hits if h.trigger.type == nearest.type and h.trigger.frame != "victim"]
    closest = min(attacks, key=lambda h: abs(h.start - pos), default=None)
    if closest is not None and abs(closest.start - pos) < abs(nearest.hit.start - pos) and \
            sent.clause(closest.start) != sent.clause(nearest.hit.start) and not any(d.hit is closest for d in pool):
        return None
    return nearest


def _caused_by(pos: int, pool: list["Draft"], sent: "SentenceView", words: CountWords) -> "Draft | None":
    """The event told right before the consequence construction that leads to the count at pos
    (قصفت ... ما أدى إلى مقتل 3، الهجوم الذي أوقع 32 قتيلا، أسفر الهجوم ... عن إصابة 45)."""
    return _cause(pos, pool, sent, words)[1]


def _cause(pos: int, pool: list["Draft"], sent: "SentenceView", words: CountWords) -> tuple[bool, "Draft | None"]:
    """(whether the attack the count follows is named outright, the event of ``pool`` the count follows). An attack
    noun right after the consequence verb is its subject (في وقت خلف التفجير ... 27 قتيلا): the count is that
    attack's, and no event's when that attack is not in ``pool``."""
    # a toll verb between the construction and the count opens a report of its own (كما قتل شخص ...)
    verbs = [h.start for h in sent.hits if h.trigger.frame == "victim" and h.trigger.pos == "verb"]
    before = [c for c in _consequences(sent, words) if c < pos and not any(c < v < pos for v in verbs)]
    if not before:
        return False, None
    subject = next((h for h in sent.hits if h.start > before[-1] and h.trigger.type == "ASSAULT"
                    and h.trigger.frame != "victim" and sent.gap(before[-1], h.start) <= VERB_SUBJECT_GAP), None)
    if subject is not None:
        return True, next((d for d in pool if d.hit is subject), None)
    told = [d for d in pool if d.hit.start < before[-1]]
    return False, max(told, key=lambda d: d.hit.start) if told else _subject_of(before[-1], pool)


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
