"""Who says it: the speaker of the verb of saying that governs a trigger."""
from __future__ import annotations

from ...text.normalize import normalize
from .sentence import SentenceView
from .triggers import Hit


def speaker(hit: Hit, sent: SentenceView) -> str | None:
    """The subject of the last verb of saying before the trigger.

    The subject follows the verb (قال مصدر في وزارة الخارجية) or just precedes it, and never
    lies past أن/إن, where the reported clause begins.
    """
    verb = _last_speech_verb(hit, sent)
    if verb is None:
        return None
    after = _speaker_after(verb[1], hit, sent)
    if after is not None:
        return after
    before = next((r for r in reversed(sent.speakers) if r.end <= verb[0]), None)
    if before is not None and sent.gap(before.end, verb[0]) <= 1 and not sent.oblique(before, sent.start):
        return before.id
    return None


def _last_speech_verb(hit: Hit, sent: SentenceView) -> tuple[int, int] | None:
    pos, best = sent.start, None
    speech = sent.words.speech
    for w in sent.text[sent.start:hit.start].split():
        i = sent.text.index(w, pos)
        pos = i + len(w)
        key = normalize(w)
        if key in speech or (key[:1] in sent.words.conjunction_proclitic and key[1:] in speech):
            best = (i, pos)
    return best


def _speaker_after(verb_end: int, hit: Hit, sent: SentenceView) -> str | None:
    limit = sent.config.subject_window + sent.config.speaker_extra_words
    for r in sent.speakers:
        if r.start < verb_end:
            continue
        between = [normalize(w) for w in sent.text[verb_end:r.start].split()]
        if len(between) > limit or any(w in sent.words.complementizer for w in between) or r.start >= hit.start:
            return None
        lead = between[-1:] if between else []
        if not between or not sent.oblique(r, verb_end) or (lead and lead[0] in sent.words.source_link and set(between) & sent.words.source_word):
            return r.id  # قال مصدر رسمي في وزارة الخارجية: the ministry speaks through its source
    return None
