"""Calibrated event confidence (stages/events/calibration.py, data/models/event_confidence.json): the file
validates and belongs to the shipped scorer, the confidence is a probability that never falls as the scorer
grows surer, a missing or broken file is a clear error, and calibration changes no event."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from hadath.errors import HadathError
from hadath.kb.loader import Trigger
from hadath.model import Article, Mention
from hadath.stages.events import EventResources, extract_events
from hadath.stages.events.calibration import (CALIBRATION_PATH, LONE, REGENERATE, Calibration, CalibrationError,
                                              features, validate)
from hadath.stages.events.merge import Draft
from hadath.stages.events.scorer import MODEL_PATH
from hadath.stages.events.triggers import Hit

TINY = Path(__file__).parent / "data" / "eval_tiny"
PROBABILITIES = [k / 100 for k in range(1, 100)]


@pytest.fixture(scope="module")
def shipped() -> dict:
    return json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def calibration() -> Calibration:
    return Calibration.load()


def draft(event_type="ASSAULT", probability=0.5, source="A1", target="A2", place="P1", trigger_type=None,
          pos="verb", frame="agent", quantities=(), start=10, end=60, inferred=False) -> Draft:
    hit = Hit(start, start + 4, Trigger(0, trigger_type or event_type, None, pos, frame), False)
    return Draft(hit=hit, type=event_type, source=source, target=target, place=place, date=None, modality="asserted",
                 mentions=[Mention(start, end, "")], probability=probability, quantities=quantities,
                 inferred_target=inferred)


def test_the_shipped_file_validates(shipped, calibration):
    assert validate(shipped) == []
    assert calibration.steps and calibration.coefficients
    assert all(0.0 < p < 1.0 for _, p in calibration.steps)  # smoothed: no step is certain
    assert shipped["cv"]["ece_calibrated"]["all"] <= 0.05, "the cross-validated ECE the card reports"


def test_the_calibration_belongs_to_the_shipped_scorer(calibration):
    sha = hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()
    assert calibration.scorer_sha256 == sha, f"the scorer changed since the calibration was fitted: run {REGENERATE}"


@pytest.mark.parametrize("text", ["", "x" * 5 + " " * 60 + "y" * 30])  # an article, and a lone sentence
def test_monotone_in_the_scorer_probability(calibration, shipped, text):
    types = sorted({k.split("=", 1)[1] for k in shipped["coefficients"] if k.startswith("type=")})
    assert "ASSAULT" in types and "PROTEST" in types
    for event_type in types:
        for kwargs in ({}, {"source": None}, {"target": None, "place": None}, {"quantities": ({"n": 1},)},
                       {"pos": "noun", "frame": "speech"}, {"trigger_type": "ASSAULT"} if event_type == "ACCUSE" else {}):
            values = [calibration.confidence(draft(event_type, p, **kwargs), text) for p in PROBABILITIES]
            assert values == sorted(values), (event_type, kwargs, values)
            assert all(0.0 <= v <= 1.0 for v in values)


def test_a_lone_sentence_is_told_from_an_article():
    d = draft(start=0, end=40)
    assert features(d, "x" * 40 + "  \n")[LONE] == 1.0
    assert LONE not in features(d, "x" * 40 + ". And a second sentence.")
    assert LONE not in features(d)


def test_the_rules_alone_and_the_scorer_are_told_apart():
    judged, unjudged = features(draft(probability=0.7)), features(draft(probability=None))
    assert judged["logit"] > 0 and "unjudged" not in judged
    assert unjudged["unjudged"] == 1.0 and "logit" not in unjudged
    assert features(draft(source=None))["path=unnamed"] == 1.0
    assert features(draft("ACCUSE", trigger_type="ASSAULT"))["path=derived"] == 1.0


def test_a_missing_file_is_a_clear_error(tmp_path):
    missing = tmp_path / "event_confidence.json"
    with pytest.raises(CalibrationError) as info:
        Calibration.load(missing)
    assert isinstance(info.value, HadathError) and info.value.code == "E010"
    assert str(missing) in str(info.value) and "scripts/calibrate_event_confidence.py" in str(info.value)


def test_a_broken_file_is_a_clear_error(tmp_path, shipped):
    path = tmp_path / "event_confidence.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CalibrationError, match="not valid JSON"):
        Calibration.load(path)
    falling = dict(shipped, steps=[[0.0, 0.8], [1.0, 0.2]])
    assert any("must not decrease" in p for p in validate(falling))
    negative = dict(shipped, coefficients=dict(shipped["coefficients"], logit=-1.0))
    assert any("negative" in p for p in validate(negative))
    outside = dict(shipped, steps=[[0.0, 0.2], [1.0, 1.5]])
    assert any("outside 0..1" in p for p in validate(outside))
    path.write_text(json.dumps(falling), encoding="utf-8")
    with pytest.raises(CalibrationError, match="must not decrease"):
        Calibration.load(path)


def test_the_file_is_read_on_first_use_only(pipeline):
    res = dataclasses.replace(pipeline.event_resources)
    assert "calibration" not in res.__dict__
    assert isinstance(res.calibration, Calibration)
    assert dataclasses.replace(res, scorer=None).calibration is None  # fitted for the scorer: rules only stay raw


def _run(pipeline, resources, name):
    text = (TINY / f"{name}.txt").read_text(encoding="utf-8")
    front = [s for s in pipeline.stages if s.name != "events"]
    doc = pipeline.__class__(tuple(s.name for s in front), kb=pipeline.kb)(
        Article(id=name, text=text, published=dt.date(2018, 2, 15)))
    return extract_events(doc, resources).events


@pytest.mark.parametrize("name", ["idlib", "beirut"])
def test_calibration_changes_no_event_only_its_confidence(pipeline, calibration, name):
    calibrated = _run(pipeline, pipeline.event_resources, name)
    raw = _run(pipeline, dataclasses.replace(pipeline.event_resources, calibrate=False), name)
    assert calibrated, "the article has events"
    strip = [dataclasses.replace(e, confidence=0.0) for e in calibrated]
    assert strip == [dataclasses.replace(e, confidence=0.0) for e in raw]
    levels = {round(p, 3) for _, p in calibration.steps}
    for e in calibrated:
        assert 0.0 <= e.confidence <= 1.0
        if e.modality == "asserted":
            assert e.confidence in levels, "an asserted event's confidence is a step of the table"


def test_resources_build_is_unchanged_for_callers(pipeline):
    res = EventResources.build(pipeline.kb)
    assert res.calibrate and res.calibrator is None
