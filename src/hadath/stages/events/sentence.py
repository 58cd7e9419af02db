"""One sentence as the event frames see it: its actor and place mentions, clauses and words.

Words come from the document's token layer (doc.tokens): offsets here are original offsets, and
a look-back is a count of words within the sentence, never a count of characters.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ...model import Doc
from ...text.normalize import normalize
from ...text.tokens import Token
from .config import COLLECTIVE_SECTORS, STATE_SECTORS, EventConfig
from .words import EventWords, bare

ALEF = "\u0627"  # لا، با: a preposition letter is no proclitic before an alef
WAW = "\u0648"  # and: X و Y are co-agents
WORD = re.compile(r"[^\s.,،؛;:«»\"()]+")


@dataclass(frozen=True, order=True)
class Ref:
    """A mention of an actor or a place (original offsets)."""

    start: int
    end: int
    id: str


class SentenceView:
    def __init__(self, doc: Doc, start: int, end: int, actors: list[Ref], places: list[Ref],
                 reporters: set[str], words: EventWords, config: EventConfig, breaks: list[int]):
        self.doc, self.start, self.end = doc, start, end
        self.text = doc.article.text
        layer = doc.tokens
        lo = bisect.bisect_left(layer.word_orig_starts, start)
        hi = bisect.bisect_left(layer.word_orig_starts, end)
        self.tokens: list[Token] = layer.words[lo:hi]  # the sentence's words
        self._starts = [t.orig_start for t in self.tokens]
        self.words, self.config = words, config
        self.actors = [r for r in actors if start <= r.start < end and r.id not in reporters]
        self.speakers = [r for r in actors if start <= r.start < end]  # sources may speak, not act
        self.places = [r for r in places if start <= r.start < end]
        self.country = {a.id: a.country for a in doc.actors}
        self.sector = {a.id: a.sector for a in doc.actors}
        self.kind = {a.id: a.kind for a in doc.actors}
        lo, hi = bisect.bisect_right(breaks, start), bisect.bisect_left(breaks, end)
        self.breaks = breaks[lo:hi]
        self.probability: dict[str, float] = {}  # the learned scorer's, per type, once it has run
        self.hits: list = []  # the sentence's triggers
        self.earlier_places: list[Ref] = []  # places of the events told earlier in the sentence's paragraph
        self.paragraph: tuple[int, int] = (start, end)  # the paragraph the sentence lies in

    def clause(self, pos: int) -> tuple[int, int]:
        start = max([b for b in self.breaks if b <= pos], default=self.start)
        end = min([b for b in self.breaks if b > pos], default=self.end)
        return start, end

    def _index(self, pos: int) -> int:
        """Index of the first word of the sentence that starts at or after original offset ``pos``."""
        return bisect.bisect_left(self._starts, pos)

    def gap(self, a: int, b: int) -> int:
        """Words that start between two original offsets, in either order."""
        a, b = min(a, b), max(a, b)
        return self._index(b) - self._index(a)

    def norm_words(self, start: int, end: int) -> list[str]:
        """The words (matching form) that lie inside [start, end)."""
        return [t.text for t in self.tokens[self._index(start):self._index(end)] if t.orig_end <= end]

    def words_before(self, pos: int, count: int) -> list[str]:
        """Up to ``count`` words of the sentence before ``pos``, nearest last."""
        i = self._index(pos)
        return [t.text for t in self.tokens[max(0, i - count):i]]

    def word_before(self, pos: int) -> str:
        previous = self.words_before(pos, 1)
        return previous[0] if previous else ""

    def word_start(self, pos: int) -> int:
        """Where the word holding original offset ``pos`` starts (``pos`` itself outside any word)."""
        word = self.word_of(pos)
        return word.orig_start if word is not None else pos

    def word_of(self, pos: int) -> Token | None:
        """The word holding original offset ``pos``."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return self.tokens[i] if i >= 0 and self.tokens[i].orig_end > pos else None

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

    def proclitic(self, ref: Ref) -> str:
        """What stands before the mention inside its word (لـ in لعناصر), in the matching form."""
        word = self.word_of(ref.start)
        return "" if word is None else normalize(self.text[word.orig_start:ref.start])

    def oblique(self, ref: Ref, since: int) -> bool:
        """Is the mention governed by a preposition (لعناصر داعش، على الحكومة)?"""
        word = self.word_of(ref.start)
        start = ref.start if word is None else word.orig_start
        if self.proclitic(ref) in self.words.oblique_proclitic:
            return True
        i = self._index(start)
        previous = [t.text for t in self.tokens[max(self._index(since), i - 2):i]]
        if not previous:
            return False
        key = previous[-1]
        if key in self.words.partitive and len(previous) == 2 \
                and bare(previous[0], self.words) in self.words.partitive_head:
            return False  # انتحاري من تنظيم داعش، عناصر من الحرس: the group the doers belong to
        return key in self.words.preposition or (key[:1] in self.words.preposition_proclitic and len(key) > 3
                                                 and key[1:2] != ALEF)

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
            if self._phrase_ends(r.end, pos, window):
                return None  # على مستوى العراق، دعا ناشطون: a comma ends the phrase before the verb
            if not self.oblique(r, self.start) and not self.embedded(r):
                return r
        return None

    def _phrase_ends(self, a: int, b: int, window: int) -> bool:
        if self.gap(a, b) > window or any(a <= br < b for br in self.breaks):
            return True
        return window <= 2 and any(c in ",:.;" for c in normalize(self.text[a:b]))

    def member_group(self, ref: Ref) -> Ref:
        """For unnamed members of a named group (مسلحين من حركة الشباب، عناصر من الحرس), the group;
        else the mention itself."""
        if self.sector.get(ref.id) not in COLLECTIVE_SECTORS:
            return ref
        after = next((r for r in self.actors if r.start >= ref.end), None)
        between = self.norm_words(ref.end, after.start) if after is not None else []
        return after if len(between) == 1 and between[0] in self.words.partitive else ref

    def own_subject(self, start: int, end: int, exclude: set[str]) -> Ref | None:
        """The subject of a verb at [start, end): right before it (SVO) or a few words after (VSO)."""
        return self.subject_before(start, self.config.near_subject_window, exclude) \
            or self.subject_after(end, self.config.subject_window, exclude)

    def embedded(self, ref: Ref) -> bool:
        """Inside a relative clause (التحالف الذي تقوده السعودية): not the subject of what follows."""
        previous = self.words_before(ref.start, 2)
        return len(previous) == 2 and previous[0] in self.words.relative

    def coordinated(self, a: Ref, b: Ref) -> bool:
        """X و Y, X، Y: b is a co-agent of a, not its target."""
        between = normalize(self.text[a.end:b.start]).strip()
        if between in (",", WAW, ", " + WAW) or (b.start - a.end <= 2 and self.text[b.start - 1:b.start] == WAW):
            return True
        # الحكومة وقوى المعارضة: the second actor's head noun stands between
        words = between.split()
        return len(words) == 1 and words[0][:1] == WAW and len(words[0]) > 2 and words[0][1:] not in self.words.preposition

    def allied(self, a: str | None, b: str | None) -> bool:
        """Two arms of one state (its army, its government, the militias on its side)."""
        return self.country.get(a) is not None and self.country.get(a) == self.country.get(b) \
            and self.sector.get(a) in STATE_SECTORS and self.sector.get(b) in STATE_SECTORS
