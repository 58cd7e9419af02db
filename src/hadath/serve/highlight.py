"""The article page's text: split at every mention boundary so that overlapping spans (an actor
inside an event's trigger phrase, a date inside a place name) each keep their highlight."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

KIND_ORDER = ("event", "actor", "place", "time")  # the link of a piece goes to the first kind covering it


@dataclass(frozen=True)
class Mark:
    kind: str  # actor | place | time | event
    ref: str  # the anchor id of its card on the page (actor-A1, place-P2, time-3, event-E4)
    label: str  # English name, date or event summary, for the tooltip
    start: int
    end: int
    unasserted: bool = False


@dataclass(frozen=True)
class Piece:
    text: str
    start: int
    end: int
    marks: tuple[Mark, ...]
    glosses: tuple[str, ...] = ()  # English names shown after the first mention of an actor or place

    @property
    def link(self) -> str | None:
        if not self.marks:
            return None
        ranked = sorted(self.marks, key=lambda m: (KIND_ORDER.index(m.kind), m.end - m.start))
        return ranked[0].ref

    @property
    def classes(self) -> str:
        kinds = sorted({m.kind for m in self.marks}, key=KIND_ORDER.index)
        extra = ["hl-unasserted"] if any(m.unasserted for m in self.marks) else []
        return " ".join(["hl"] + [f"hl-{k}" for k in kinds] + extra)

    def refs(self, kind: str) -> str:
        return " ".join(m.ref.split("-", 1)[1] for m in self.marks if m.kind == kind)

    @property
    def title(self) -> str:
        seen: list[str] = []
        for m in sorted(self.marks, key=lambda m: KIND_ORDER.index(m.kind)):
            if m.label and m.label not in seen:
                seen.append(m.label)
        return " · ".join(seen)


def _valid(text: str, mention: Any) -> bool:
    if not isinstance(mention, dict):
        return False
    start, end = mention.get("start"), mention.get("end")
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)


def marks_of(text: str, record: dict) -> list[Mark]:
    marks: list[Mark] = []
    for actor in record.get("actors") or []:
        label = actor.get("name_en") or actor.get("name_ar") or ""
        for m in actor.get("mentions") or []:
            if _valid(text, m):
                marks.append(Mark("actor", f"actor-{actor.get('id')}", label, m["start"], m["end"]))
    for place in record.get("places") or []:
        label = place.get("name_en") or place.get("name_ar") or ""
        for m in place.get("mentions") or []:
            if _valid(text, m):
                marks.append(Mark("place", f"place-{place.get('id')}", label, m["start"], m["end"]))
    for number, t in enumerate(record.get("times") or [], start=1):
        if _valid(text, t):
            label = t.get("date_start", "") if t.get("date_start") == t.get("date_end") else \
                f"{t.get('date_start')} – {t.get('date_end')}"
            marks.append(Mark("time", f"time-{number}", label, t["start"], t["end"]))
    for group, unasserted in (("events", False), ("unasserted_events", True)):
        for ev in record.get(group) or []:
            trigger = ev.get("trigger")
            if _valid(text, trigger):
                label = ev.get("summary_en") or ev.get("type") or ""
                marks.append(Mark("event", f"event-{ev.get('id')}", label, trigger["start"], trigger["end"], unasserted))
    return marks


def pieces(text: str, record: dict) -> list[Piece]:
    """The text cut into pieces, each with the marks that cover all of it; concatenated they give the text."""
    marks = marks_of(text, record)
    cuts = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    first_end: dict[str, int] = {}
    for m in sorted(marks, key=lambda m: m.start):
        if m.kind in ("actor", "place") and m.ref not in first_end:
            first_end[m.ref] = m.end
    glosses_at: dict[int, list[str]] = {}
    labels = {m.ref: m.label for m in marks}
    for ref, end in sorted(first_end.items(), key=lambda item: item[1]):
        glosses_at.setdefault(end, []).append(labels[ref])
    out: list[Piece] = []
    for start, end in pairwise(cuts):
        covering = tuple(m for m in marks if m.start <= start and end <= m.end)
        out.append(Piece(text[start:end], start, end, covering, tuple(glosses_at.get(end, ()))))
    return out
