"""Paragraph and sentence splitting on the original text (offsets preserved)."""
from __future__ import annotations

import re

from ..model import Sentence

# a sentence ends at . ! ? ؟ or a line break; not at a decimal point (3.5) or an initial (أ.ف.ب)
_END = re.compile(r"(?<!\d)[.!?؟](?!\d)[»\"”']?|\n+")


def sentences(text: str) -> tuple[Sentence, ...]:
    out = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if text[start:end].strip() and (m.group().startswith("\n") or _long_enough(text[start:end])):
            out.append(_trim(text, start, end))
            start = end
    if text[start:].strip():
        out.append(_trim(text, start, len(text)))
    return tuple(out)


def _long_enough(chunk: str) -> bool:
    # "أ.ف.ب" or "د." must not end a sentence
    return len(chunk.strip()) > 3


def _trim(text: str, start: int, end: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end)


def paragraphs(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        if text[start:m.start()].strip():
            out.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out
