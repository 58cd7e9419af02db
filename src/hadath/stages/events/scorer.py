"""The learned event scorer: how likely a sentence reports an asserted event of a type.

The rules propose candidates (a trigger of the type with the arguments its frame read); the
scorer sees, for each type with a trigger in the sentence, the trigger forms, the words around
them, negation cues, the sentence's words, what the rules made of it (a doer found or not, a
target, the modality) and the other types present, and gives a probability from one logistic
model whose features are also crossed with the type. It is trained by
`scripts/train_event_scorer.py` on labelled sentences (data/models/event_scorer.md is its card);
the threshold per type is in the model file, and EventConfig may override it. A type with too few
labelled sentences to tune a threshold on has none, and the rules alone decide it.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from .merge import Draft
from .triggers import Hit
from .words import EventWords

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "models" / "event_scorer.json"
TOKEN = re.compile(r"[^\W\d_]+|\d+")
CONTEXT = 3  # words each side of a trigger


def sentence_features(norm_text: str, hits: list[tuple[int, int, Hit]], drafts: list[Draft],
                      words: EventWords, sectors: dict[str, str | None]) -> dict[str, dict[str, float]]:
    """Features of each type with a trigger in the sentence, before they are crossed with the type
    (`crossed` makes the model's own feature names).

    ``norm_text`` is the sentence's normalised text; ``hits`` hold each trigger's span in it
    (start, end) and the hit; ``drafts`` are the rules' candidates from the sentence; ``sectors`` the
    sector of each actor id.
    """
    strip = words.stem_pattern.sub
    tokens = [(m.start(), m.end(), strip("", m.group(), count=1)) for m in TOKEN.finditer(norm_text)]
    bag = {"w:" + t[2]: 1.0 for t in tokens}
    by_type: dict[str, list[tuple[int, int, Hit]]] = {}
    for h in hits:
        by_type.setdefault(h[2].trigger.type, []).append(h)
    out = {}
    for event_type, type_hits in by_type.items():
        f: dict[str, float] = dict(bag)
        add = f.__setitem__
        for start, end, hit in type_hits:
            _trigger_features(add, norm_text[start:end], hit, start, end, tokens, words)
        f["nhits"] = min(len(type_hits), 3) / 3
        for other in by_type:
            if other != event_type:
                f["other:" + other] = 1.0
        _rule_features(add, [d for d in drafts if d.type == event_type], sectors)
        out[event_type] = f
    return out


def crossed(event_type: str, features: dict[str, float]) -> dict[str, float]:
    """The model's features: each one alone and crossed with the type, and the type itself."""
    out = {"T=" + event_type: 1.0}
    for name, value in features.items():
        out[name] = value
        out[event_type + "|" + name] = value
    return out


def _trigger_features(add, form: str, hit: Hit, start: int, end: int, tokens, words: EventWords) -> None:
    add("form:" + form, 1.0)
    add("pos:" + str(hit.trigger.pos), 1.0)
    add("frame:" + str(hit.trigger.frame), 1.0)
    if hit.future_prefix:
        add("fut", 1.0)
    first = next((k for k, t in enumerate(tokens) if t[0] >= start), len(tokens))
    after = next((k for k, t in enumerate(tokens) if t[0] >= end), len(tokens))
    for k in range(max(0, first - CONTEXT), first):
        add("prev:" + tokens[k][2], 1.0)
        if tokens[k][2] in words.negation:
            add("neg", 1.0)
    for k in range(after, min(len(tokens), after + CONTEXT)):
        add("next:" + tokens[k][2], 1.0)
    if first < CONTEXT:
        add("early", 1.0)


def _rule_features(add, drafts: list[Draft], sectors: dict[str, str | None]) -> None:
    if not drafts:
        add("rule:none", 1.0)
        return
    add("rule:doer" if any(d.source for d in drafts) else "rule:unnamed", 1.0)
    for d in drafts:
        add("src:" + str(sectors.get(d.source) if d.source else None), 1.0)
        if d.target:
            add("tgt:" + str(sectors.get(d.target)), 1.0)
    if any(d.target for d in drafts):
        add("rule:target", 1.0)
    if any(d.place for d in drafts):
        add("rule:place", 1.0)
    for modality in sorted({d.modality for d in drafts}):
        add("rule:" + modality, 1.0)


@dataclass(frozen=True)
class EventScorer:
    weights: dict[str, float]
    bias: float
    thresholds: dict[str, float]
    default_threshold: float = 0.5

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "EventScorer":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(weights=data["weights"], bias=data["bias"], thresholds=data["thresholds"],
                   default_threshold=data.get("default_threshold", 0.5))

    def probability(self, event_type: str, features: dict[str, float]) -> float:
        """P(the sentence reports an asserted event of the type), from its uncrossed features."""
        weight, prefix = self.weights.get, event_type + "|"
        z = self.bias + weight("T=" + event_type, 0.0) \
            + sum((weight(name, 0.0) + weight(prefix + name, 0.0)) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def judges(self, event_type: str) -> bool:
        """Types with too few labelled sentences to tune a threshold on are left to the rules."""
        return event_type in self.thresholds

    def threshold(self, event_type: str, overrides: dict | None = None) -> float:
        if overrides and event_type in overrides:
            return overrides[event_type]
        return self.thresholds.get(event_type, self.default_threshold)
