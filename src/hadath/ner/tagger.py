"""The statistical NER tagger: a CRF (python-crfsuite) over hadath.ner.features.

The model file (data/models/ner.crfsuite, trained by scripts/train_ner.py) and python-crfsuite
load on first use. Without either, the tagger finds nothing and hadath runs on its knowledge
base alone, with lower recall.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..text.normalize import NormText
from ..text.clitics import Clitics
from ..text.tokens import Token, tokenize
from .features import SENTENCE_END, kb_tags, sentence_features, word_sets

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "models" / "ner.crfsuite"
MAX_SENTENCE = 80  # as in training: long sentences are cut into pieces of this many tokens


@dataclass(frozen=True)
class Span:
    """A name the model found: offsets in the normalised text, its type and the model's confidence."""

    start: int
    end: int
    type: str  # PER | LOC | ORG
    confidence: float  # the smallest per-token marginal probability of the span's labels
    tokens: tuple[Token, ...]


class NerTagger:
    def __init__(self, model_path: Path = MODEL_PATH):
        self.model_path = Path(model_path)
        self._tagger = None
        self._loaded = False
        self._sets: dict[int, dict] = {}
        self._clitics: Clitics | None = None  # the packaged table, for callers without a knowledge base

    @property
    def available(self) -> bool:
        return self._load() is not None

    def _load(self):
        if not self._loaded:
            self._loaded = True
            try:
                import pycrfsuite
            except ImportError:  # the `ner` extra is not installed
                return None
            if self.model_path.exists():
                tagger = pycrfsuite.Tagger()
                tagger.open(str(self.model_path))
                self._tagger = tagger
        return self._tagger

    def _word_sets(self, kb) -> dict:
        key = id(kb)
        if key not in self._sets:
            self._sets = {key: word_sets(kb)}
        return self._sets[key]

    def _clitics_of(self, kb) -> Clitics:
        if kb is not None and kb.clitics is not None:
            return kb.clitics
        if self._clitics is None:
            self._clitics = Clitics.load()
        return self._clitics

    def tag(self, norm: NormText, kb=None, candidates=None, tokens: list[Token] | None = None) -> list[Span]:
        """Names in ``norm`` (hadath's matching form with its offset map), in text order; ``tokens``:
        its tokens, where the caller has them already."""
        tagger = self._load()
        if tagger is None:
            return []
        tokens = tokens if tokens is not None else tokenize(norm.text)
        tags = kb_tags(tokens, norm.text, kb, candidates)
        sets = self._word_sets(kb)
        clitics = self._clitics_of(kb)
        spans: list[Span] = []
        for lo, hi in _sentences(tokens, norm):
            words = [t.text for t in tokens[lo:hi]]
            labels = tagger.tag(sentence_features(words, tags[lo:hi], sets, clitics))
            spans.extend(self._spans(tagger, tokens[lo:hi], labels))
        return spans

    def tag_words(self, words: list[str], kb=None) -> list[str]:
        """Labels for one pre-tokenised sentence in the matching form (for evaluation and tests)."""
        tagger = self._load()
        if tagger is None:
            return ["O"] * len(words)
        text = " ".join(words)
        tokens = tokenize(text)
        return tagger.tag(sentence_features([t.text for t in tokens], kb_tags(tokens, text, kb), self._word_sets(kb),
                                            self._clitics_of(kb)))

    @staticmethod
    def _spans(tagger, tokens: list[Token], labels: list[str]) -> list[Span]:
        out: list[Span] = []
        i, n = 0, len(labels)
        while i < n:
            label = labels[i]
            if label == "O":
                i += 1
                continue
            kind = label[2:]
            j = i + 1
            while j < n and labels[j] == "I-" + kind:
                j += 1
            confidence = min(tagger.marginal(labels[k], k) for k in range(i, j))
            out.append(Span(tokens[i].start, tokens[j - 1].end, kind, confidence, tuple(tokens[i:j])))
            i = j
        return out


def _sentences(tokens: list[Token], norm: NormText):
    """Token index ranges of sentences: cut after . ! ? and where the original text breaks a line."""
    lo = 0
    original, index = norm.original, norm.index
    for i, tok in enumerate(tokens):
        cut = tok.text in SENTENCE_END or i - lo + 1 >= MAX_SENTENCE
        if not cut and i + 1 < len(tokens) and index:
            gap = original[index[tok.end - 1] + 1:index[tokens[i + 1].start]]
            cut = "\n" in gap
        if cut:
            yield lo, i + 1
            lo = i + 1
    if lo < len(tokens):
        yield lo, len(tokens)


@lru_cache(maxsize=1)
def default_tagger() -> NerTagger:
    """The shared tagger over the packaged model."""
    return NerTagger()
