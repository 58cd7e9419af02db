"""The token layer: every word and mark of an article, cut once and read by every stage.

Tokens are cut from the matching form (``doc.norm.text``): a run of letters or digits is a word,
any other non-space character a token of its own. Each token knows its offsets in the matching
form (``start``/``end``, where the matcher, the tagger and the patterns work) and in the original
text (``orig_start``/``orig_end``, what mentions and events point to), its proclitics, stem and
pronoun ending (lexicon/clitics.tsv), its sentence (the segmenter's) and its clause: a new clause
begins at a clause-break word of the lexicon (بينما، في المقابل، من جهته ...).

    tokens = doc.tokens
    tokens.word_at(pos)          # the word holding a matching-form offset
    tokens.words_before(pos, 2)  # up to two words before it, stopping at punctuation
"""
from __future__ import annotations

import bisect
import re
from functools import cached_property
from typing import NamedTuple

from .clitics import Clitics
from .normalize import NormText


def is_word_char(ch: str) -> bool:
    return ch.isalnum()


class Token(NamedTuple):
    """One token (a tuple: a document has tens of thousands, made once each)."""

    start: int  # offsets in the matching form
    end: int
    text: str  # the matching form
    orig_start: int = -1  # offsets in the original text (-1: cut from a bare string)
    orig_end: int = -1
    proclitics: str = ""  # و، ب، وال ... in front of the stem
    stem: str = ""
    pronoun: str = ""  # a pronoun ending split off the stem with certainty (هجومهم: هم)
    sentence: int = 0  # index in doc.sentences
    clause: int = 0  # index of the clause in the document, counted at clause-break words

    @property
    def is_word(self) -> bool:
        return is_word_char(self.text[0])


# a run of letters or digits (str.isalnum: \w without the underscore), or any other non-space character
_TOKEN = re.compile(r"[^\W_]+|\S")


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Runs of letters/digits, and every other non-space character on its own (no clitic split)."""
    return [Token(offset + m.start(), offset + m.end(), m.group()) for m in _TOKEN.finditer(text)]


def break_pattern(forms: frozenset[str]) -> re.Pattern | None:
    """One pattern for the words that open a new clause (في المقابل، بينما، من جهته ...)."""
    if not forms:
        return None
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])و?(?:{alternatives})(?![^\W_])")


class Tokens:
    """The token layer of one document, with word-level look-ups around an offset."""

    def __init__(self, norm: NormText, tokens: list[Token], clitics: Clitics):
        self.norm = norm
        self.clitics = clitics
        self.text = norm.text
        self.all = tokens
        self.words = [t for t in tokens if t.is_word]
        self.all_starts = [t.start for t in tokens]
        self._starts = [t.start for t in self.words]
        self.word_orig_starts = [t.orig_start for t in self.words]

    @classmethod
    def build(cls, norm: NormText, sentence_starts: list[int], clitics: Clitics,
              breaks: re.Pattern | None = None) -> "Tokens":
        """Cut ``norm`` into tokens, split their clitics, and number their sentences and clauses
        (``sentence_starts``: original offsets where sentences begin)."""
        clause_starts = [m.start() for m in breaks.finditer(norm.text)] if breaks is not None else []
        index = norm.index
        parts: dict[str, tuple[str, str, str]] = {}  # word -> (proclitics, stem, pronoun): news repeats its words
        out = []
        sentence, next_sentence = -1, 0
        clause, next_clause = 0, clause_starts[0] if clause_starts else None
        n_sentences = len(sentence_starts)
        for m in _TOKEN.finditer(norm.text):
            start, end, text = m.start(), m.end(), m.group()
            orig_start, orig_end = (index[start], index[end - 1] + 1) if index else (start, end)
            while next_sentence < n_sentences and sentence_starts[next_sentence] <= orig_start:
                sentence, next_sentence = sentence + 1, next_sentence + 1
            while next_clause is not None and next_clause <= start:
                clause += 1
                next_clause = clause_starts[clause] if clause < len(clause_starts) else None
            split = parts.get(text)
            if split is None:
                split = ("", text, "")
                if text[0].isalnum():
                    proclitics, stem = clitics.split(text)
                    split = (proclitics, *clitics.split_pronoun(stem))
                parts[text] = split
            out.append(Token(start, end, text, orig_start, orig_end, *split, max(sentence, 0), clause))
        return cls(norm, out, clitics)

    @cached_property
    def clause_starts(self) -> list[int]:
        """Original offsets where a clause after the first begins, sorted."""
        out, last = [], 0
        for t in self.all:
            if t.clause != last:
                out.append(t.orig_start)
                last = t.clause
        return out

    def token_at(self, pos: int) -> int:
        """Index in ``words`` of the word that contains or follows matching-form offset ``pos``."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.words[i].end > pos:
            return i
        return i + 1

    def word_at(self, pos: int) -> Token | None:
        """The word that contains matching-form offset ``pos``, else None."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.words[i].end > pos:
            return self.words[i]
        return None

    def gap_has_punct(self, a: int, b: int) -> bool:
        """True when text[a:b] holds anything but white space."""
        return any(not ch.isspace() for ch in self.text[a:b])

    def word_before(self, pos: int) -> Token | None:
        """The word ending before ``pos`` with only white space between, else None."""
        i = self.token_at(pos) - 1
        if i < 0:
            return None
        tok = self.words[i]
        if tok.end > pos or self.gap_has_punct(tok.end, pos):
            return None
        return tok

    def words_before(self, pos: int, count: int) -> list[str]:
        """Up to ``count`` words before ``pos``, nearest last, stopping at punctuation."""
        out: list[str] = []
        while len(out) < count:
            tok = self.word_before(pos)
            if tok is None:
                break
            out.insert(0, tok.text)
            pos = tok.start
        return out

    def word_after(self, pos: int) -> Token | None:
        i = self.token_at(pos)
        if i >= len(self.words):
            return None
        tok = self.words[i]
        if self.gap_has_punct(pos, tok.start):
            return None
        return tok
