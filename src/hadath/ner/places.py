"""Coordinates for a place name the model found: the gazetteer, looked up with some tolerance.

Tried in order: the name as written, without its clitics (بتل → تل), with or without the article,
then one spelling variant away: a vowel letter written or not, or a same-sound letter swapped
(ت/ط، س/ص، ق/ك …), for names of five letters or more besides the article and only in the
article's main country (دير الزور/ديرالزور, تدمر/تدمور). A lone name of three letters or fewer
is looked up only as written: too many places share it. Several entries under one name: the article's main country first,
then authored entries, then the most populous.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..kb.loader import KnowledgeBase, PlaceEntry

FUZZY_MIN_LENGTH = 5


@dataclass(frozen=True)
class Found:
    entry: PlaceEntry
    exact: bool  # the name (clitics and article aside) is one of the entry's names


class PlaceIndex:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.by_name: dict[str, list[PlaceEntry]] = {}
        for key, lexes in kb.forms.items():
            entries = [kb.places[x.ref] for x in lexes if x.type == "place" and not x.needs_ll]
            entries += [kb.places[f"state.{x.ref.lower()}"] for x in lexes if x.type == "state"
                        and not x.needs_ll and f"state.{x.ref.lower()}" in kb.places]
            if entries:
                self.by_name[key] = entries
        self._deletions: dict[str, set[str]] | None = None

    def _variants(self, name: str) -> list[str]:
        out = [name]
        first = name.split(" ", 1)
        clitics = self.kb.clitics
        fronts = (clitics.before_indefinite - {""}) | clitics.before_lost_article
        for p in sorted(fronts, key=lambda f: (-len(f), f)):
            if first[0].startswith(p) and len(first[0]) - len(p) >= 2:
                rest = first[0][len(p):]
                if p in clitics.before_lost_article:
                    rest = clitics.article + rest
                out.append(" ".join([rest] + first[1:]))
        for v in list(out):
            article = clitics.article
            out.append(v[len(article):] if v.startswith(article) else article + v)
        return list(dict.fromkeys(out))

    def _fuzzy_keys(self, name: str) -> list[str]:
        if self._deletions is None:
            self._deletions = {}
            for key in self.by_name:
                if len(key) >= FUZZY_MIN_LENGTH - 1:
                    for d in _deletes(key):
                        self._deletions.setdefault(d, set()).add(key)
        keys: set[str] = set()
        for d in _deletes(name):
            keys |= self._deletions.get(d, set())
        return sorted(k for k in keys if k != name and _within_one(name, k))

    def lookup(self, name: str, country: str | None = None) -> Found | None:
        if len(_bare(name)) <= 3 and " " not in name:
            entries = self.by_name.get(name, [])
            return Found(max(entries, key=lambda e: _rank(e, country)), True) if entries else None
        for exact in (True, False):
            for variant in self._variants(name):
                if exact:
                    keys = [variant] if variant in self.by_name else []
                elif len(_bare(variant)) >= FUZZY_MIN_LENGTH:
                    keys = self._fuzzy_keys(variant)
                else:
                    keys = []
                entries = [e for k in keys for e in self.by_name[k]]
                if not exact and country:  # a near spelling counts only inside the article's country
                    entries = [e for e in entries if e.country == country]
                if entries:
                    return Found(max(entries, key=lambda e: _rank(e, country)), exact)
        return None


def _bare(name: str) -> str:
    """The letters of a name without spaces and its article: what a one-letter difference is out of."""
    return "".join(w[2:] if w.startswith("ال") else w for w in name.split())


def _rank(e: PlaceEntry, country: str | None) -> tuple:
    return (e.country == country, e.source == "kb", e.population)


def _deletes(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


# spelling variants of one name: a long vowel or hamza seat written or not, and letters that
# transliterations of the same sound swap; any other one-letter change makes another name
OPTIONAL_LETTERS = frozenset("اويهء ")
SAME_SOUND = [frozenset(g) for g in ("تط", "سص", "زذظ", "دض", "قكغ", "هح", "اع")]


def _within_one(a: str, b: str) -> bool:
    """One spelling variant apart: a vowel letter added or dropped, or a same-sound letter swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [(x, y) for x, y in zip(a, b) if x != y]
        return len(diffs) <= 1 and all(any(x in g and y in g for g in SAME_SOUND) for x, y in diffs)
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short and long_[i] in OPTIONAL_LETTERS for i in range(len(long_)))


_INDEXES: dict[int, PlaceIndex] = {}


def place_index(kb: KnowledgeBase) -> PlaceIndex:
    """One index per knowledge base, built on first use."""
    index = _INDEXES.get(id(kb))
    if index is None or index.kb is not kb:
        _INDEXES.clear()
        index = _INDEXES[id(kb)] = PlaceIndex(kb)
    return index
