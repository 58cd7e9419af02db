"""Full-text terms over normalised Arabic, shared by both backends, and snippets with [[hits]].

Text is folded with ``hadath.text.normalize`` (the extractor's own function) at index and at
query time, so marks, tatweel, alef and ya variants do not stop a match. Arabic writes
proclitics onto the word (و ف ب ل ك and the article ال); each indexed word also gives the
forms without them, so a query for سوريا finds وسوريا and بسوريا, and الحوثيين finds والحوثيين.
"""
from __future__ import annotations

import re

from functools import lru_cache

from ..text.clitics import Clitics
from ..text.normalize import normalize, normalize_with_map

_WORD = re.compile(r"[^\W_]+")
MIN_STEM = 2


@lru_cache(maxsize=1)
def _clitics() -> Clitics:
    """The packaged clitic table (lexicon/clitics.tsv): immutable, read once for the store's index."""
    return Clitics.load()


def words(text: str) -> list[str]:
    """The normalised words of ``text``, in order."""
    return _WORD.findall(normalize(text))


def variants(word: str) -> list[str]:
    """``word`` and its forms with leading proclitics removed (longest remaining first)."""
    clitics = _clitics()
    out = [word]
    rest = word
    if rest[:1] in clitics.conjunctions and len(rest) - 1 >= MIN_STEM + 1:
        rest = rest[1:]
        out.append(rest)
    for fused in clitics.fused_article:  # ل + ال with the alef written away
        if rest.startswith(fused) and len(rest) - len(fused) >= MIN_STEM:
            out.append(rest[len(fused):])
            return out
    if rest[:1] in clitics.prepositions and len(rest) - 1 >= MIN_STEM + 1:
        rest = rest[1:]
        out.append(rest)
    article = clitics.article
    if rest.startswith(article) and len(rest) - len(article) >= MIN_STEM:
        out.append(rest[len(article):])
    return out


def index_text(norm: str) -> str:
    """What goes into the full-text index for normalised text: its words and their proclitic-free forms."""
    return " ".join(v for w in _WORD.findall(norm) for v in variants(w))


def query_words(query: str) -> list[str]:
    """The words of a query, normalised, in order, without repeats."""
    seen: dict[str, None] = {}
    for w in words(query):
        seen.setdefault(w, None)
    return list(seen)


def snippet(text: str, terms: list[str], width: int = 200, chunk: int = 2000) -> str:
    """About ``width`` characters of ``text`` around its first hit, each hit wrapped in [[ ]]."""
    if not text:
        return ""
    wanted = set(terms)
    hits: list[tuple[int, int]] = []
    begin = 0
    while begin < len(text) and not hits:  # a piece at a time: most hits come early, and mapping costs
        stop = _cut_after(text, min(len(text), begin + chunk))
        hits = _hits(text[begin:stop], wanted, begin)
        begin = stop
    if hits:  # the hits after the first one, within the window
        end_window = _cut_after(text, min(len(text), hits[0][0] + width))
        if end_window > begin:
            hits += _hits(text[begin:end_window], wanted, begin)
    if not hits:
        end = _cut_after(text, min(len(text), width))
        return " ".join((text[:end] + ("…" if end < len(text) else "")).split())
    first = hits[0][0]
    start = _cut_before(text, max(0, first - width // 3))
    end = _cut_after(text, min(len(text), start + width))
    parts: list[str] = ["…" if start > 0 else ""]
    pos = start
    for hit_start, hit_end in hits:
        if hit_start < pos or hit_end > end:
            continue
        parts += [text[pos:hit_start], "[[", text[hit_start:hit_end], "]]"]
        pos = hit_end
    parts.append(text[pos:end])
    if end < len(text):
        parts.append("…")
    return " ".join("".join(parts).split())


def _hits(piece: str, wanted: set[str], offset: int) -> list[tuple[int, int]]:
    """Spans (in the original text) of the words of ``piece`` that are, or carry, a wanted word."""
    norm = normalize_with_map(piece)
    out = []
    for m in _WORD.finditer(norm.text):
        word = m.group()
        # every variant is a suffix of the word: test that cheaply first
        if any(word.endswith(t) for t in wanted) and wanted.intersection(variants(word)):
            start, end = norm.to_original(m.start(), m.end())
            out.append((start + offset, end + offset))
    return out


def _cut_before(text: str, pos: int) -> int:
    """Move ``pos`` back to the start of the word it falls in."""
    while pos > 0 and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _cut_after(text: str, pos: int) -> int:
    """Move ``pos`` on to the end of the word it falls in."""
    while pos < len(text) and not text[pos].isspace():
        pos += 1
    return pos
