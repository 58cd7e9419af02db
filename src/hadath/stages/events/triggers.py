"""Trigger words found in the text.

Triggers come from lexicon/triggers.tsv through the knowledge base's automaton, matched on the
normalised text, whole words only, with a proclitic (و، ف، س ...) allowed before the form.
The longest trigger wins where two overlap; a phrase with frame `none` (رفض التعليق) wins over
the trigger inside it and then reports nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...kb.loader import KnowledgeBase, Trigger
from ...text.tokens import is_word_char
from ...model import Doc
from .words import EventWords


@dataclass(frozen=True)
class Hit:
    start: int  # original offsets
    end: int
    trigger: Trigger
    future_prefix: bool  # سيقصف: the proclitic س


def find_triggers(doc: Doc, kb: KnowledgeBase, words: EventWords) -> list[Hit]:
    text, n = doc.norm.text, len(doc.norm.text)
    found = []
    for last, key in kb.trigger_automaton.iter(text):
        start, end = last - len(key) + 1, last + 1
        if end < n and is_word_char(text[end]):
            continue
        prefix = text[doc.tokens.word_at(start).start:start]
        if prefix and prefix not in words.trigger_proclitic:
            continue
        s, e = doc.norm.to_original(start, end)
        found.append((s, e, kb.trigger_forms[key][0], any(c in words.future_proclitic for c in prefix)))
    chosen: list[Hit] = []
    for s, e, index, future in sorted(found, key=lambda h: (-(h[1] - h[0]), h[0])):
        if any(s < c.end and c.start < e for c in chosen):
            continue
        chosen.append(Hit(s, e, kb.triggers[index], future))
    return sorted((h for h in chosen if h.trigger.frame != "none"), key=lambda h: h.start)
