"""The word sets the event stage reads, taken once from the lexicon (normalised forms).

Every cue of modality, argument structure and reporting is a `use` of lexicon/words.tsv; the
proclitics and pronoun endings come from lexicon/clitics.tsv (hadath.text.clitics), the one
definition of them. This class only names them for the code, so that no Arabic word list lives
in the event code.
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
    container_link: frozenset[str]
    partitive: frozenset[str]
    source_link: frozenset[str]
    nisba_suffix: frozenset[str]
    meeting_partner_follows: frozenset[str]
    duration_marker: frozenset[str]
    cumulative_marker: frozenset[str]
    defence_verb: frozenset[str]
    claim: frozenset[str]
    support_marker: frozenset[str]
    # from lexicon/clitics.tsv
    oblique_proclitic: frozenset[str]  # a preposition on an actor's first word: the actor is an oblique
    trigger_proclitic: frozenset[str]  # what may stand before a trigger form inside its word
    purpose_proclitic: frozenset[str]  # ل + a verbal noun after a trigger: the purpose of the same event
    genitive_proclitic: frozenset[str]  # before the noun after an event noun: its doer (هجوم لقوات النظام)
    conjunction_proclitic: frozenset[str]
    preposition_proclitic: frozenset[str]  # read as a preposition on a word of more than three letters
    future_proclitic: frozenset[str]  # on a verb: the event is to come (سيقصف)
    stem_proclitic: frozenset[str]  # stripped to give the stem the event scorer reads
    definite_prefix: frozenset[str]  # a definite meeting noun refers back to the meeting already told
    article: frozenset[str]
    pronoun_suffix: frozenset[str]  # an object or possessive pronoun (طائراتها، هجومهم)
    own_attack_suffix: frozenset[str]  # on an attack noun: the attackers' own attack (not ه: also a ة)

    @cached_property
    def stem_pattern(self) -> re.Pattern:
        """The longest stem proclitic at a word's front that leaves three letters or more."""
        alternatives = "|".join(re.escape(p) for p in sorted(self.stem_proclitic, key=len, reverse=True))
        return re.compile(rf"^(?:{alternatives})(?=\w{{3}})")

    @classmethod
    def from_kb(cls, kb: KnowledgeBase) -> "EventWords":
        from_clitics = _clitic_sets(kb)
        return cls(**{f.name: from_clitics[f.name] if f.name in from_clitics else kb.word_set(f.name)
                      for f in fields(cls)})


# field -> the Clitics set it reads: these come from lexicon/clitics.tsv, not from words.tsv
_FROM_CLITICS = {
    "oblique_proclitic": "oblique", "trigger_proclitic": "before_trigger", "purpose_proclitic": "purpose",
    "genitive_proclitic": "genitive", "conjunction_proclitic": "conjunctions",
    "preposition_proclitic": "guessed_prepositions", "future_proclitic": "future", "stem_proclitic": "stem_fronts",
    "definite_prefix": "definite", "article": "articles", "pronoun_suffix": "pronouns",
    "own_attack_suffix": "sure_pronouns",
}
CLITIC_SETS = frozenset(_FROM_CLITICS)


def _clitic_sets(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    return {name: frozenset(getattr(kb.clitics, attribute)) for name, attribute in _FROM_CLITICS.items()}


def bare(word: str, words: EventWords) -> str:
    """A word without a leading و or ف (وعناصر)."""
    return word[1:] if word[:1] in words.conjunction_proclitic and len(word) > 3 else word
