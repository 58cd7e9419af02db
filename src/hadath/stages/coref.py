"""Later short mentions of actors named in full earlier in the article.

A person named in full (سيرغي لافروف) comes back by surname (لافروف). A group named in full
(المقاومة الشعبية، تنظيم داعش، هيئة تحرير الشام، حركة حماس) comes back by its head noun alone
(المقاومة، التنظيم، الهيئة، الحركة); such a head is linked to the one group of the article it can
stand for, and a head shared by two groups, or a generic one (القوات، الحكومة ...: kept as data,
`generic_head` in words.tsv), is left alone.
"""
from __future__ import annotations

from ..kb.loader import KnowledgeBase
from .chunks import Chunk
from ..text.clitics import Clitics
from ..text.tokens import Tokens

GROUP_KINDS = frozenset({"group", "organization"})


def add_head_mentions(chunks: list[Chunk], view: Tokens, kb: KnowledgeBase) -> list[Chunk]:
    generic = kb.word_set("generic_head")
    heads: dict[str, list[Chunk]] = {}
    for ch in chunks:
        if ch.kind != "actor" or ch.actor_kind not in GROUP_KINDS or ch.how != "kb":
            continue
        words = view.text[_group_start(ch, view):ch.end].split()
        if len(words) < 2:
            continue
        head = words[0] if words[0].startswith("ال") else "ال" + words[0]
        if len(head) < 5 or head in generic:
            continue
        heads.setdefault(head, [])
        if all(c.kb_id != ch.kb_id for c in heads[head]):
            heads[head].append(ch)
    covered = [(c.start, c.end) for c in chunks if c.kind in ("actor", "place", "role")]
    added: list[Chunk] = []
    for head, owners in heads.items():
        if len(owners) == 1:  # two groups that share the head noun: it names neither for sure
            added += _repeats(owners[0], head, view, covered, 0.8, kb.clitics)
    return sorted(chunks + added, key=lambda c: c.start)


def add_surname_mentions(chunks: list[Chunk], view: Tokens, kb: KnowledgeBase) -> list[Chunk]:
    """Link a lone surname to the person named in full earlier in the article."""
    covered = [(c.start, c.end) for c in chunks if c.kind in ("actor", "place")]
    added: list[Chunk] = []
    seen: set[str] = set()
    for ch in chunks:
        if ch.kind != "actor" or ch.actor_kind != "person" or ch.how not in ("kb", "role"):
            continue
        name_tokens = view.text[ch.start:ch.end].split()
        if len(name_tokens) < 2:
            continue
        surname = name_tokens[-1]
        if surname in seen or len(surname) < 3 or surname in kb.word_set("stop"):
            continue
        seen.add(surname)
        added += _repeats(ch, surname, view, covered, 0.9, kb.clitics)
    return sorted(chunks + added, key=lambda c: c.start)


def _repeats(first: Chunk, word: str, view: Tokens, covered: list[tuple[int, int]], factor: float,
             clitics: Clitics) -> list[Chunk]:
    """Copies of ``first`` at each later token that is ``word`` behind its proclitics; ``covered`` grows."""
    out: list[Chunk] = []
    offsets = _clitic_forms(word, clitics)
    for tok in view.words:
        if tok.start < first.end:
            continue
        offset = offsets.get(tok.text)
        if offset is None:
            continue
        start = tok.start + offset
        if any(s <= start < e or s < tok.end <= e for s, e in covered):
            continue
        out.append(Chunk(**{**first.__dict__, "start": start, "end": tok.end, "how": "coref",
                            "confidence": first.confidence * factor}))
        covered.append((start, tok.end))
    return out


def _group_start(ch: Chunk, view: Tokens) -> int:
    """Where the group's name starts, counting a head noun just before the matched alias (تنظيم داعش)."""
    i = view.token_at(ch.start)
    if i > 0 and view.words[i].start == ch.start:
        before = view.words[i - 1]
        if before.text in ("تنظيم", "حركة", "جماعة", "هيئة", "ميليشيا", "مليشيا", "ميليشيات", "مليشيات") \
                and view.text[before.end:ch.start].strip(" «\"") == "":
            return before.start
    return ch.start


def _clitic_forms(name: str, clitics: Clitics) -> dict[str, int]:
    """Each way ``name`` is written behind its proclitics -> where the name starts in that word."""
    forms = {p + name: len(p) for p in reversed(("",) + clitics.guessed_fronts)}
    article = clitics.article
    if name.startswith(article):
        for fused in clitics.fused_article:  # للتنظيم = ل + التنظيم: the name starts at the article's ل
            forms.setdefault(fused + name[len(article):], len(fused) - 1)
    return forms
