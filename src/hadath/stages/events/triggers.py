"""Trigger words found in the text, and the clauses that bound an event.

Triggers come from lexicon/triggers.tsv through the knowledge base's automaton, matched on the
normalised text, whole words only, with a proclitic (و، ف، س ...) allowed before the form.
The longest trigger wins where two overlap; a phrase with frame `none` (رفض التعليق) wins over
the trigger inside it and then reports nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...kb.loader import KnowledgeBase, Trigger
from ...match import is_word_char
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
        word_start = start
        while word_start > 0 and is_word_char(text[word_start - 1]):
            word_start -= 1
        prefix = text[word_start:start]
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


def break_pattern(forms: frozenset[str]) -> re.Pattern | None:
    """One pattern for the words that open a new clause (في المقابل، بينما، من جهته ...)."""
    if not forms:
        return None
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])و?(?:{alternatives})(?![^\W_])")


def clause_breaks(doc: Doc, pattern: re.Pattern | None) -> list[int]:
    """Original offsets where a new clause starts, sorted."""
    if pattern is None:
        return []
    return [doc.norm.index[m.start()] for m in pattern.finditer(doc.norm.text)]
