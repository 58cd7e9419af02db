"""The word sets the event stage reads, taken once from lexicon/words.tsv (normalised forms).

Every cue of modality, argument structure and reporting is a `use` of that file; this class
only names them for the code, so that no Arabic word list lives in the event code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cached_property

from ...kb.loader import KnowledgeBase


@dataclass(frozen=True)
class EventWords:
    speech: frozenset[str]  # verbs of saying: their subject is the speaker
    negation: frozenset[str]
    preposition: frozenset[str]
    oblique_proclitic: frozenset[str]
    trigger_proclitic: frozenset[str]
    both_sides: frozenset[str]
    future: frozenset[str]
    planned: frozenset[str]
    hypothetical: frozenset[str]
    complementizer: frozenset[str]
    source_word: frozenset[str]
    relative: frozenset[str]
    side_marker: frozenset[str]
    between: frozenset[str]
    meeting_partner: frozenset[str]
    link_line: frozenset[str]
    clause_break: frozenset[str]
    agent_relative: frozenset[str]
    own_forces: frozenset[str]
    event_noun_filler: frozenset[str]
    partitive_head: frozenset[str]
    circumstance: frozenset[str]
    purpose_proclitic: frozenset[str]
    genitive_proclitic: frozenset[str]
    pronoun_suffix: frozenset[str]
    container_link: frozenset[str]
    own_attack_suffix: frozenset[str]
    conjunction_proclitic: frozenset[str]
    preposition_proclitic: frozenset[str]
    future_proclitic: frozenset[str]
    partitive: frozenset[str]
    source_link: frozenset[str]
    article: frozenset[str]
    nisba_suffix: frozenset[str]
    stem_proclitic: frozenset[str]
    definite_prefix: frozenset[str]
    meeting_partner_follows: frozenset[str]
    duration_marker: frozenset[str]
    cumulative_marker: frozenset[str]

    @cached_property
    def stem_pattern(self) -> re.Pattern:
        """The longest stem proclitic at a word's front that leaves three letters or more."""
        alternatives = "|".join(re.escape(p) for p in sorted(self.stem_proclitic, key=len, reverse=True))
        return re.compile(rf"^(?:{alternatives})(?=\w{{3}})")

    @classmethod
    def from_kb(cls, kb: KnowledgeBase) -> "EventWords":
        return cls(**{f.name: kb.word_set(f.name) for f in fields(cls)})


def bare(word: str, words: EventWords) -> str:
    """A word without a leading و or ف (وعناصر)."""
    return word[1:] if word[:1] in words.conjunction_proclitic and len(word) > 3 else word
