"""Calibrated event confidence: the probability that an asserted event is right.

The learned scorer's probability says how likely a *sentence* reports an event of a type; whether the
event hadath emits is right (its type, source and target those of a gold event) is another question.
Two steps map what the stage knows of an event to that probability:

1. a logistic score (Platt scaling, with a handful more inputs) over facts known at extraction time:

   * the scorer's probability for the type, as a logit (a slope per type adds to the global one), or
     the fact that the scorer did not judge the type (the rules alone decided it);
   * the type;
   * the rule path: the frame named the doer; or the event has no doer (``source: null``: an unnamed
     candidate or a sentence the scorer was sure of); or it is an accusation read from one state's
     report of another's act (``Drafts.add_reported_accusations``);
   * a named target, a target inferred from the article's dyads, a place, casualty counts, a noun
     trigger, a speech trigger, how many reports the event merges;
   * whether the input is one lone sentence (as the GSR items are) rather than an article, alone and
     crossed with the no-doer path, the counts, the place and the scorer's logit;

2. an isotonic table: the score's range cut into steps, each with the share of right events among the
   (cross-validated) events whose score fell in it.

Both are fitted by ``scripts/calibrate_event_confidence.py`` on cross-validated outcomes and stored as
plain JSON next to the scorer (``data/models/event_confidence.json``; its figures in
docs/event-scorer-card.md). Reading and applying them needs no machine-learning package; the file is
read on first use (``EventResources.calibration``). The confidence never falls as the scorer's
probability grows (every slope on the logit is non-negative, the table non-decreasing). Denied, planned
and hypothetical events have no gold to calibrate on: they keep the stage's heuristic confidence
(``merge.confidence``).
"""
from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import KnowledgeBaseError
from .scorer import MODEL_PATH

if TYPE_CHECKING:
    from .merge import Draft

CALIBRATION_PATH = MODEL_PATH.parent / "event_confidence.json"
REGENERATE = ".venv/bin/python scripts/calibrate_event_confidence.py"
FORMAT_VERSION = 1
METHOD = "logistic+isotonic"
LOGIT_CLIP = 0.005  # scorer probabilities are clipped to [c, 1 - c] before the logit
MAX_EXTRA_MENTIONS = 3
LONE = "lone"  # the input is one sentence
LONE_CROSSED = ("path=unnamed", "quantities", "place", "logit")  # features also crossed with LONE


class CalibrationError(KnowledgeBaseError):
    """The calibration file is missing or malformed (E010, like any data file that cannot be read)."""


def logit(p: float) -> float:
    p = min(max(float(p), LOGIT_CLIP), 1.0 - LOGIT_CLIP)
    return math.log(p / (1.0 - p))


def lone_sentence(d: "Draft", text: str) -> bool:
    """The event's sentence is the whole input (nothing but spaces around it)."""
    if not text or len(d.mentions) != 1:
        return False
    m = d.mentions[0]
    return not text[:m.start].strip() and not text[m.end:].strip()


def features(d: "Draft", text: str = "") -> dict[str, float]:
    """What the calibration sees of an event (its candidate, ``merge.Draft``; ``text``: the input's)."""
    f: dict[str, float] = {"type=" + d.type: 1.0}
    if d.probability is None:
        f["unjudged"] = 1.0  # a type the scorer leaves to the rules
    else:
        z = logit(d.probability)
        f["logit"] = z
        f["logit|" + d.type] = z
    if d.type != d.hit.trigger.type:
        f["path=derived"] = 1.0  # an accusation read from a report of another state's act
    elif d.source is None:
        f["path=unnamed"] = 1.0  # no doer: an unnamed candidate, or a sentence the scorer was sure of
    if d.target is not None:
        f["inferred_target" if d.inferred_target else "target"] = 1.0
    if d.place is not None:
        f["place"] = 1.0
    if d.quantities:
        f["quantities"] = 1.0
    if d.hit.trigger.pos == "noun":
        f["pos=noun"] = 1.0
    if d.hit.trigger.frame == "speech":
        f["frame=speech"] = 1.0
    f["mentions"] = min(len(d.mentions) - 1, MAX_EXTRA_MENTIONS) / MAX_EXTRA_MENTIONS
    if lone_sentence(d, text):
        f[LONE] = 1.0
        for name in LONE_CROSSED:
            if name in f:
                f[LONE + "|" + name] = f[name]
    return f


@dataclass(frozen=True)
class Calibration:
    """P(right) = the table's value at the logistic score (intercept + sum of coefficient * feature)."""

    intercept: float
    coefficients: dict[str, float]
    steps: tuple[tuple[float, float], ...]  # (lowest score of the step, probability), scores increasing
    scorer_sha256: str | None = None  # the scorer file the calibration was fitted for
    path: Path | None = None
    _starts: list[float] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._starts.extend(s for s, _ in self.steps)

    @classmethod
    def load(cls, path: Path = CALIBRATION_PATH) -> "Calibration":
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CalibrationError(f"the event confidence calibration is missing; make it with {REGENERATE}",
                                   source=str(path)) from None
        except OSError as exc:
            raise CalibrationError(f"cannot read the event confidence calibration: {exc}", source=str(path)) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CalibrationError(f"not valid JSON ({exc}); make it again with {REGENERATE}", source=str(path)) from None
        return cls.from_dict(data, path)

    @classmethod
    def from_dict(cls, data: Any, path: Path | None = None) -> "Calibration":
        problems = validate(data)
        if problems:
            raise CalibrationError("; ".join(problems) + f"; make it again with {REGENERATE}",
                                   source=str(path) if path else None)
        return cls(intercept=float(data["intercept"]),
                   coefficients={k: float(v) for k, v in data["coefficients"].items()},
                   steps=tuple((float(s), float(p)) for s, p in data["steps"]),
                   scorer_sha256=data.get("scorer_sha256"), path=path)

    def score(self, f: dict[str, float]) -> float:
        weight = self.coefficients.get
        return self.intercept + sum(weight(name, 0.0) * value for name, value in f.items())

    def probability(self, f: dict[str, float]) -> float:
        k = bisect.bisect_right(self._starts, self.score(f)) - 1
        return self.steps[max(0, k)][1]

    def confidence(self, d: "Draft", text: str = "") -> float:
        """The calibrated confidence of an asserted event, in [0, 1], rounded as records show it."""
        return round(self.probability(features(d, text)), 3)


def validate(data: Any) -> list[str]:
    """What is wrong with a calibration file's content (empty: nothing)."""
    if not isinstance(data, dict):
        return ["a calibration file holds one JSON object"]
    problems = []
    if data.get("version") != FORMAT_VERSION:
        problems.append(f"version {data.get('version')!r}, expected {FORMAT_VERSION}")
    if data.get("method") != METHOD:
        problems.append(f"method {data.get('method')!r}, expected {METHOD!r}")
    if not _finite(data.get("intercept")):
        problems.append("intercept is not a finite number")
    return problems + _coefficient_problems(data.get("coefficients")) + _step_problems(data.get("steps"))


def _coefficient_problems(coefficients: Any) -> list[str]:
    if not isinstance(coefficients, dict) or not coefficients:
        return ["coefficients is not a non-empty object"]
    bad = sorted(k for k, v in coefficients.items() if not _finite(v))
    if bad:
        return [f"coefficients not finite numbers: {', '.join(bad)}"]
    # monotone in the scorer's probability for every type, article or lone sentence: the global slope on the
    # logit plus the most negative type slope plus a negative lone-sentence slope is not negative
    slope = coefficients.get("logit", 0.0)
    type_slopes = [v for k, v in coefficients.items() if k.startswith("logit|")]
    worst = slope + min([0.0, *type_slopes]) + min(0.0, coefficients.get(LONE + "|logit", 0.0))
    if worst < -1e-4:  # the file's rounding aside
        return ["a slope on the scorer's logit is negative: confidence would fall as the scorer grows surer"]
    return []


def _step_problems(steps: Any) -> list[str]:
    if not isinstance(steps, list) or not steps:
        return ["steps is not a non-empty list"]
    if not all(isinstance(s, list) and len(s) == 2 and all(_finite(x) for x in s) for s in steps):
        return ["each step is [lowest score, probability], two finite numbers"]
    problems = []
    if any(not 0.0 <= p <= 1.0 for _, p in steps):
        problems.append("a step's probability is outside 0..1")
    if any(b[0] <= a[0] for a, b in zip(steps, steps[1:])):
        problems.append("the steps' scores do not increase")
    if any(b[1] < a[1] for a, b in zip(steps, steps[1:])):
        problems.append("the steps' probabilities fall: the table must not decrease")
    return problems


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
