"""Arabic normalisation for matching, keeping a map back to the original offsets.

The matching form drops diacritics, tatweel and bidi/zero-width marks, unifies alef and
hamza seats, alef maqsura/ya, ta marbuta/ha, Persian letters, Arabic-Indic and Persian
digits, and unfolds presentation forms. Every character of the matching form remembers
the index of the original character it came from, so spans found in the matching form
map back exactly onto the text the user gave us.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_DROP = set(range(0x064B, 0x0660)) | {0x0670, 0x0640} | set(range(0x0610, 0x061B)) \
    | set(range(0x06D6, 0x06EE)) | {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0x00AD, 0xFEFF} \
    | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))

_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ئ": "ي",
    "ة": "ه", "ۀ": "ه", "ە": "ه",
    "ؤ": "و",
    "ک": "ك", "ڪ": "ك", "گ": "ك",
    "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ", "\t": " ",
    "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)
    _MAP[chr(0x06F0 + _i)] = str(_i)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    code = ord(ch)
    if code in _DROP:
        return ""
    if ch in _MAP:
        return _MAP[ch]
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        unfolded = unicodedata.normalize("NFKC", ch)
        if unfolded == ch:
            return ch  # an unassigned or self-normal code point
        return "".join(_fold_char(c) for c in unfolded)
    if ch.isascii():
        return ch.lower()
    return ch


@dataclass(frozen=True)
class NormText:
    """A matching form of ``original`` with ``index[i]`` = original offset of ``text[i]``."""

    original: str
    text: str
    index: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the matching form to the original string."""
        if start >= end:
            pos = self.index[start] if start < len(self.index) else len(self.original)
            return pos, pos
        return self.index[start], self.index[end - 1] + 1


_FOLDED: dict[str, str] = {}  # character -> matching form, white space as " " (a pure cache)


def _folded(ch: str) -> str:
    f = _FOLDED.get(ch)
    if f is None:
        f = "".join(" " if c.isspace() else c for c in _fold_char(ch))
        _FOLDED[ch] = f
    return f


def normalize_with_map(original: str) -> NormText:
    out: list[str] = []
    index: list[int] = []
    after_space = False
    for i, ch in enumerate(original):
        for f in _folded(ch):
            if f == " ":
                if after_space:
                    continue  # runs of white space fold to one space, so names match across them
                after_space = True
            else:
                after_space = False
            out.append(f)
            index.append(i)
    return NormText(original, "".join(out), tuple(index))


@lru_cache(maxsize=1 << 16)
def normalize(text: str) -> str:
    """The matching form of ``text`` (no offsets), with runs of white space folded."""
    return " ".join("".join(_folded(c) for c in text).split())


ARABIC_LETTERS = frozenset(chr(c) for c in range(0x0621, 0x064B))


def arabic_share(text: str) -> float:
    """Share of letters that are Arabic, 0 for text without letters."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff") / len(letters)
