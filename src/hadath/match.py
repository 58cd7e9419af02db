"""Find every knowledge-base form in a text, allowing Arabic proclitics before it.

Matching runs on the normalised form (see text.normalize). A form must end at a word
boundary and may be preceded, inside its word, only by proclitics (lexicon/clitics.tsv): a
conjunction, then a preposition. ل + ال fuses into لل, so a form with the article takes no ل
in front of it, and a form that lost its article (ولايات المتحده) is accepted only after لل.
"""
from __future__ import annotations

from dataclasses import dataclass

from .kb.loader import KnowledgeBase, Lex
from .text.clitics import Clitics
from .text.normalize import NormText
from .text.tokens import Tokens, is_word_char


@dataclass(frozen=True)
class Candidate:
    start: int  # in the normalised text
    end: int
    key: str
    prefix: str  # the proclitics in front of it, in the same word
    lexes: tuple[Lex, ...]

    @property
    def length(self) -> int:
        return self.end - self.start


def find_candidates(norm: NormText, kb: KnowledgeBase, tokens: Tokens | None = None) -> list[Candidate]:
    """``tokens``: the document's token layer over ``norm``, where the caller has it."""
    text = norm.text
    n = len(text)
    out = []
    for last, key in kb.automaton.iter(text):
        start, end = last - len(key) + 1, last + 1
        if end < n and is_word_char(text[end]) and not _fused_adjective(text, end, kb):
            continue
        prefix = text[_word_start(text, start, tokens):start]
        lexes = tuple(x for x in kb.forms[key] if _prefix_ok(prefix, key, x, kb.clitics))
        if lexes:
            out.append(Candidate(start, end, key, prefix, lexes))
    out.sort(key=lambda c: (c.start, -c.length))
    return out


def _word_start(text: str, pos: int, tokens: Tokens | None) -> int:
    if tokens is not None:
        word = tokens.word_at(pos)
        return word.start if word is not None else pos
    while pos > 0 and is_word_char(text[pos - 1]):
        pos -= 1
    return pos


def _prefix_ok(prefix: str, key: str, lex: Lex, clitics: Clitics) -> bool:
    if lex.needs_ll:
        return prefix in clitics.before_lost_article
    if key.startswith(clitics.article):
        return prefix in clitics.before_definite
    return prefix in clitics.before_indefinite


def _fused_adjective(text: str, end: int, kb: KnowledgeBase) -> bool:
    """A missing space before a nisba adjective (جوبرالدمشقي) still ends the name."""
    if not text.startswith("ال", end):
        return False
    stop = end
    while stop < len(text) and is_word_char(text[stop]):
        stop += 1
    rest = text[end:stop]
    return len(rest) >= 5 and (rest.endswith("ي") or rest.endswith("يه")) or rest in kb.forms


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Longest-first non-overlapping choice, returned in text order."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(candidates, key=lambda c: (-c.length, c.start)):
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    chosen.sort(key=lambda c: c.start)
    return chosen
