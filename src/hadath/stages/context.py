"""Word-level views of the normalised text shared by the linking stages."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from ..text.normalize import NormText

_WORD_RUN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


class TextView:
    """Tokens of a normalised text, with the punctuation between them."""

    def __init__(self, norm: NormText):
        self.norm = norm
        self.text = norm.text

    @cached_property
    def tokens(self) -> list[Token]:
        # runs of alphanumeric characters, as is_word_char defines them (\w without the underscore)
        return [Token(m.start(), m.end(), m.group()) for m in _WORD_RUN.finditer(self.text)]

    @cached_property
    def _starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    def token_at(self, pos: int) -> int:
        """Index of the token that contains or follows ``pos``."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.tokens[i].end > pos:
            return i
        return i + 1

    def gap_has_punct(self, a: int, b: int) -> bool:
        """True when text[a:b] holds anything but white space."""
        return any(not ch.isspace() for ch in self.text[a:b])

    def word_before(self, pos: int) -> Token | None:
        """The token ending before ``pos`` with only white space between, else None."""
        i = self.token_at(pos) - 1
        if i < 0:
            return None
        tok = self.tokens[i]
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
        if i >= len(self.tokens):
            return None
        tok = self.tokens[i]
        if self.gap_has_punct(pos, tok.start):
            return None
        return tok
