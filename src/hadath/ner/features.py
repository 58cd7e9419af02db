"""Token features for the Arabic NER tagger, shared by training (scripts/train_ner.py) and tagging.

Every feature is a string (crfsuite's binary attributes). A token is a run of letters or digits
or one punctuation mark, in hadath's matching form (text.normalize). What carries Arabic:

- the clitic split (lexicon/clitics.tsv): conjunction/preposition/article in front of a word and
  the stem behind them, with the stem's first and last letters (nisba ي/يه/يون/يين, plural ات ...);
- the knowledge base's matches over the sentence, as B-/I- tags of their kinds (a known person,
  a place, a state, a nationality adjective, an institution head, a role word such as الرئيس);
- the lexicon's word lists (stop words, locatives such as في/قرب/ريف, verbs of saying);
- digits, Latin letters and punctuation, and the same facts for the two words either side.
"""
from __future__ import annotations

import bisect

from ..match import find_candidates, select
from ..text.clitics import Clitics
from ..text.normalize import NormText, normalize
from ..text.tokens import Token, is_word_char

WORD_SETS = ("stop", "locative", "speech", "name_particle", "capital_cue", "country_cue", "agentive",
             "place_blocker", "not_place")
SENTENCE_END = frozenset(".!?")


def _shape(word: str) -> str:
    if word.isdigit():
        return "num"
    if not is_word_char(word[0]):
        return "p" + word
    if word.isascii():
        return "lat"
    if any(c.isdigit() for c in word):
        return "mix"
    return "ar"


def _nisba(stem: str) -> str:
    if len(stem) < 4:
        return ""
    for end, name in (("يون", "pl"), ("يين", "pl"), ("يه", "f"), ("ي", "m")):
        if stem.endswith(end):
            return name
    return ""


def kb_tags(tokens: list[Token], text: str, kb, candidates=None) -> list[str]:
    """B-/I- tags of the knowledge base's longest matches, by token (``text`` is the matching form).

    ``candidates``: the matcher's selected candidates over ``text`` when the caller has them.
    """
    tags = [""] * len(tokens)
    if kb is None or not tokens:
        return tags
    if candidates is None:
        candidates = select(find_candidates(NormText(text, text, ()), kb))  # the matcher reads only .text
    starts = [t.start for t in tokens]
    for c in candidates:
        kind = _kind(c, kb)
        if not kind:
            continue
        i = bisect.bisect_right(starts, c.start) - 1
        if i < 0:
            continue
        tags[i] = "B-" + kind
        i += 1
        while i < len(tokens) and tokens[i].start < c.end:
            tags[i] = "I-" + kind
            i += 1
    return tags


def _kind(c, kb) -> str:
    kinds = set()
    for lex in c.lexes:
        if lex.type == "actor":
            kinds.add("actor_" + kb.actors[lex.ref].kind)
        elif lex.type == "place":
            kinds.add("place_cue" if lex.needs_cue else "place")
        elif lex.type != "block":
            kinds.add(lex.type)
    return "+".join(sorted(kinds))


def word_sets(kb) -> dict[str, tuple[str, ...]]:
    """word -> the lexicon lists it is in."""
    out: dict[str, list[str]] = {}
    if kb is None:
        return {}
    for use in WORD_SETS:
        for w in kb.word_set(use):
            if " " not in w:
                out.setdefault(w, []).append(use)
    # words of the known people's names: محمد، خالد ... begin many names the knowledge base lacks
    particles = kb.word_set("name_particle")
    for actor in kb.actors.values():
        if actor.kind != "person":
            continue
        words = [w for w in normalize(actor.name_ar).split() if w not in particles]
        for i, w in enumerate(words):
            use = "given" if i < len(words) - 1 else "family"
            if len(w) >= 3 and use not in out.get(w, ()):
                out.setdefault(w, []).append(use)
    return {w: tuple(uses) for w, uses in out.items()}


def sentence_features(words: list[str], kbtags: list[str], sets: dict[str, tuple[str, ...]],
                      clitics: Clitics) -> list[list[str]]:
    """crfsuite attributes for each word of one sentence (words in the matching form)."""
    n = len(words)
    units = [_unit(w, kt, sets, clitics) for w, kt in zip(words, kbtags)]
    quoted = _inside_quotes(words)
    out: list[list[str]] = []
    for i, (base, short, _) in enumerate(units):
        feats = list(base)
        if quoted[i]:
            feats.append("quoted")
        for k, d in enumerate(OFFSETS):
            j = i + d
            feats += units[j][2][k] if 0 <= j < n else BOUNDARY[k]
        if i > 0:
            feats.append(f"kb[-1:0]={units[i - 1][1][2]}|{short[2]}")
            feats.append(f"s[-1:0]={units[i - 1][1][1]}|{short[1]}")
        if i + 1 < n:
            feats.append(f"s[0:1]={short[1]}|{units[i + 1][1][1]}")
        out.append(feats)
    return out


OFFSETS = (-2, -1, 1, 2)
BOUNDARY = tuple((f"w[{d}]=<s>",) if d < 0 else (f"w[{d}]=</s>",) for d in OFFSETS)
_UNITS: dict[tuple, tuple] = {}  # (ids of the word sets and clitics, word, kb tag) -> features: a pure cache


def _unit(w: str, kt: str, sets: dict[str, tuple[str, ...]], clitics: Clitics) -> tuple:
    """A word's own attributes, its short form, and what it tells its neighbours at each offset.

    Memoised: news repeats its words, and building these strings is most of the tagging time.
    """
    key = (id(sets), id(clitics), w, kt)
    unit = _UNITS.get(key)
    if unit is not None:
        return unit
    pre, stem = clitics.split(w)
    shape = _shape(w)
    base = ["w=" + w, "s=" + stem, "pre=" + pre, "sh=" + shape, "kb=" + kt]
    if shape == "ar":
        base += ["p2=" + stem[:2], "p3=" + stem[:3], "x1=" + stem[-1:], "x2=" + stem[-2:], "x3=" + stem[-3:],
                 "len=" + str(min(len(stem), 8))]
        nis = _nisba(stem)
        if nis:
            base.append("nisba=" + nis)
    uses = sets.get(w, ()) or sets.get(stem, ())
    base += ["ws=" + use for use in uses]
    ws = "|".join(uses)
    around = []
    for d in OFFSETS:
        feats = [f"w[{d}]={w}", f"s[{d}]={stem}", f"kb[{d}]={kt}"]
        if shape != "ar":
            feats.append(f"sh[{d}]={shape}")
        if ws:
            feats.append(f"ws[{d}]={ws}")
        if d in (-1, 1) and shape == "ar":
            feats += [f"p3[{d}]={stem[:3]}", f"x2[{d}]={stem[-2:]}"]
        around.append(tuple(feats))
    if len(_UNITS) > 200_000:
        _UNITS.clear()
    unit = _UNITS[key] = (tuple(base), (w, stem, kt, shape, ws), tuple(around))
    return unit


OPEN_QUOTES, CLOSE_QUOTES = frozenset('«"“'), frozenset('»"”')


def _inside_quotes(words: list[str]) -> list[bool]:
    """Words between « and » (or straight quotes): names of groups and papers often are."""
    out, inside = [], False
    for w in words:
        if inside and w in CLOSE_QUOTES:
            inside = False
            out.append(False)
            continue
        if not inside and w in OPEN_QUOTES:
            inside = True
            out.append(False)
            continue
        out.append(inside)
    return out
