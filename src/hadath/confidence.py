"""Confidence thresholds: the ``--min-confidence`` of the CLI and ``min_confidence`` of the API.

Every event carries a ``confidence`` between 0 and 1 (for events, the probability from the learned
scorer in ``hadath.stages.events.scorer``). A threshold drops the events below it: from a record
(``hadath extract``, ``hadath batch``) or from what the store hands back (``hadath events``,
``hadath export``, the API). The store keeps every event whatever the threshold: filtered on read.
"""
from __future__ import annotations

import math
from typing import Any

from .errors import UsageError

EVENT_LISTS = ("events", "unasserted_events")


def check_min_confidence(value: Any, source: str = "--min-confidence") -> float | None:
    """``value`` (a number or its text) as a float in 0..1; None stays None. UsageError (E008) otherwise."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise UsageError(f"{value!r} is not a number; give a confidence between 0 and 1, e.g. 0.8", source=source)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise UsageError(f"{value!r} is not a number; give a confidence between 0 and 1, e.g. 0.8",
                             source=source) from None
    elif isinstance(value, (int, float)):
        number = float(value)
    else:
        raise UsageError(f"{value!r} is not a number; give a confidence between 0 and 1, e.g. 0.8", source=source)
    if math.isnan(number) or not 0.0 <= number <= 1.0:
        raise UsageError(f"{value!r} is outside 0..1; give a confidence between 0 and 1, e.g. 0.8", source=source)
    return number


def event_confidence(event: dict) -> float:
    """An event's confidence; an event without one (an older record) counts as 0: it meets no threshold above 0."""
    value = event.get("confidence")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def keeps(event: dict, min_confidence: float | None) -> bool:
    return not min_confidence or event_confidence(event) >= min_confidence


def filter_record(record: dict, min_confidence: float | None) -> dict:
    """A copy of an article record without the events (asserted or not) below ``min_confidence``.
    Actors, places and times stay: they are in the text whatever the events say. None or 0 keeps everything."""
    if not min_confidence:
        return record
    out = dict(record)
    for key in EVENT_LISTS:
        if isinstance(record.get(key), list):
            out[key] = [e for e in record[key] if keeps(e, min_confidence)]
    return out
