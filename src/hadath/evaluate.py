"""Score hadath's records against gold annotations, and say how far its confidences can be trusted.

    from hadath.evaluate import evaluate_folder
    report = evaluate_folder("gold/")            # extracts NAME.txt, scores against NAME.gold.json
    report["events"]["f1"], report["calibration"]["ece"]

A gold folder holds ``NAME.txt`` (the article) and ``NAME.gold.json`` (its annotation, in the layout
of the evaluation contract: actors and places by id with their Arabic mentions, events with the
types, roles, places and dates they accept); ``articles.json`` may map NAME to ``{"published": ...}``,
else the gold file's ``published`` is the document date.

The rules (the evaluation contract, shared/eval/FORMAT.md):

* actors and places are aligned to gold by mention text, after normalisation (no diacritics or
  tatweel, one alef, ya for alef maqsura, ha for ta marbuta, punctuation as space); a system mention
  that contains a gold mention covers all of it; a shorter one (3 letters or more, at least half
  the gold mention) inside a gold mention covers its own length. Each system item goes to the gold
  item it covers most. Found required gold items are true positives, missed ones false negatives,
  system items aligned to nothing false positives; items aligned to optional gold items count for
  nothing. *Linked* additionally wants the right country and sector (actors) or coordinates within
  the gold tolerance (places);
* a system event fits a gold event when its type is one of the gold types, its source and target
  fit the gold roles (``*``: anyone; aligned to one of the gold actors, or with the country and sector
  of one), either way round for CONSULT, AGREE and COOPERATE (and ASSAULT between the same sides),
  and, where the gold event has places (strict scoring only), its place is aligned to one or lies
  within one's tolerance. Gold and system events are then paired one to one, the required gold events
  first, each preferring the events of the right date. Gold events with ``"required": false`` are
  neither needed nor counted against; ``events_loose`` skips the place test;
* date accuracy: among paired gold events with a date, the share whose system start date is within
  the gold tolerance (days).

Calibration: the system's (asserted) events fall into ten bins by confidence (0-0.1, ..., 0.9-1);
for each bin, how many there are, their mean confidence, and the share paired with a gold event
(strict scoring). The expected calibration error is the mean of |share - mean confidence| over the
bins, weighted by their sizes: 0 when a confidence of 0.8 is right four times in five.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BadRecord, EmptyInput, InputNotFound

SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
DEFAULT_TOLERANCE_KM = 25.0
BINS = 10
KINDS = ("actors", "places", "events", "events_loose")

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # harakat, Quranic marks, tatweel
_ALEFS = re.compile("[\u0622\u0623\u0625\u0671]")  # آ أ إ ٱ
_PUNCT = re.compile(r"[«»\"'“”‘’()\[\]{}،,.:;!?؟\-–—]")


def normalize_mention(text: str | None) -> str:
    """The form mentions are compared in: see the module doc."""
    text = _MARKS.sub("", text or "")
    text = _ALEFS.sub("\u0627", text).replace("\u0649", "\u064a").replace("\u0629", "\u0647")
    return " ".join(_PUNCT.sub(" ", text).split())


def coverage(system_text: str, gold_text: str) -> int:
    """How many characters of a gold mention a system mention covers (both normalised); 0 for none."""
    if not system_text or not gold_text:
        return 0
    if gold_text in system_text:
        return len(gold_text)
    if len(system_text) >= 3 and 2 * len(system_text) >= len(gold_text) and system_text in gold_text:
        return len(system_text)
    return 0


def _listed(value: Any) -> list:
    return list(value) if isinstance(value, list) else [value]


def _system_texts(item: Mapping) -> list[str]:
    texts = [m.get("text") if isinstance(m, Mapping) else m for m in item.get("mentions") or []]
    texts += [item.get("name_ar"), item.get("text")]
    return [t for t in (normalize_mention(t) for t in texts if isinstance(t, str) and t) if t]


def align(system_items: Iterable[Mapping], gold_items: Mapping[str, Mapping]) -> dict[Any, str | None]:
    """System item id -> the id of the gold item whose mentions it covers most (None: none)."""
    gold = [(gid, [normalize_mention(m) for m in g.get("mentions", [])]) for gid, g in gold_items.items()]
    aligned: dict[Any, str | None] = {}
    for item in system_items:
        best, best_len = None, 0
        for text in _system_texts(item):
            for gid, mentions in gold:
                for mention in mentions:
                    covered = coverage(text, mention)
                    if covered > best_len:
                        best, best_len = gid, covered
        aligned[item.get("id")] = best
    return aligned


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _near(item: Mapping | None, gold_place: Mapping) -> bool:
    if not item or item.get("lat") is None or item.get("lon") is None:
        return False
    return distance_km(item["lat"], item["lon"], gold_place["lat"], gold_place["lon"]) <= \
        gold_place.get("tolerance_km", DEFAULT_TOLERANCE_KM)


def _same_kind(actor: Mapping, gold_actor: Mapping) -> bool:
    return actor.get("country") in _listed(gold_actor.get("country")) and \
        actor.get("sector") in _listed(gold_actor.get("sector", []))


def _day(value: Any) -> dt.date | None:
    if isinstance(value, Mapping):
        value = value.get("start")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _pair(candidates: list[list[int]], n_system: int) -> dict[int, int]:
    """A maximum one-to-one pairing (augmenting paths): gold index -> system index. Gold events are
    placed in order, and a placed one is never unplaced, so earlier gold events win ties."""
    holder: list[int | None] = [None] * n_system

    def place(g: int, visited: set[int]) -> bool:
        for s in candidates[g]:
            if s in visited:
                continue
            visited.add(s)
            if holder[s] is None or place(holder[s], visited):
                holder[s] = g
                return True
        return False

    for g in range(len(candidates)):
        place(g, set())
    return {g: s for s, g in enumerate(holder) if g is not None}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    linked: int = 0

    def scores(self, linked: bool = False) -> dict[str, Any]:
        p, r, f = prf(self.tp, self.fp, self.fn)
        out = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
               "tp": self.tp, "fp": self.fp, "fn": self.fn}
        if linked:
            wrong = self.tp - self.linked
            out["linked"] = self.linked
            out["linked_f1"] = round(prf(self.linked, self.fp + wrong, self.fn + wrong)[2], 3)
        return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Tally:
    """Running totals over articles, and every system event's (confidence, paired) for calibration."""

    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    dated: int = 0
    dated_ok: int = 0
    judged: list[tuple[float, bool]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    articles: int = 0


def score_article(gold: Mapping, record: Mapping, tally: Tally) -> None:
    """Add one article's figures to ``tally`` (see the module doc for the rules)."""
    from .confidence import event_confidence

    tally.articles += 1
    gold_actors, gold_places = gold.get("actors") or {}, gold.get("places") or {}
    actors = {a.get("id"): a for a in record.get("actors") or []}
    places = {p.get("id"): p for p in record.get("places") or []}
    actor_of = align(actors.values(), gold_actors)
    place_of = align(places.values(), gold_places)

    for kind, golds, items, aligned in (("actors", gold_actors, actors, actor_of),
                                        ("places", gold_places, places, place_of)):
        required = {gid for gid, g in golds.items() if not g.get("optional")}
        found = {gid for gid in aligned.values() if gid is not None}
        counts = tally.counts[kind]
        counts.tp += len(required & found)
        counts.fn += len(required - found)
        counts.fp += sum(1 for gid in aligned.values() if gid is None)
        unlinked = set(required)
        for sid, gid in aligned.items():
            if gid not in unlinked:
                continue
            good = _same_kind(items[sid], golds[gid]) if kind == "actors" else _near(items[sid], golds[gid])
            if good:
                counts.linked += 1
                unlinked.discard(gid)

    def role_fits(local_id: Any, allowed: list) -> bool:
        if "*" in allowed:
            return True
        actor = actors.get(local_id)
        if actor is None:
            return False
        if actor_of.get(local_id) in allowed:
            return True
        return any(gid in gold_actors and _same_kind(actor, gold_actors[gid]) for gid in allowed)

    def place_fits(local_id: Any, allowed: list) -> bool:
        place = places.get(local_id)
        if place is None:
            return False
        if place_of.get(local_id) in allowed:
            return True
        return any(pid in gold_places and _near(place, gold_places[pid]) for pid in allowed)

    events = list(record.get("events") or [])
    gold_events = sorted(gold.get("events") or [], key=lambda g: not g.get("required", True))
    for strict in (True, False):
        candidates = []
        for g in gold_events:
            sources, targets = _listed(g.get("source", "*")), _listed(g.get("target", "*"))
            either_way = SYMMETRIC_TYPES | ({"ASSAULT"} if set(sources) == set(targets) else set())
            want, tolerance = _day(g.get("date")), g.get("date_tolerance_days", 0)
            fitting = []
            for i, e in enumerate(events):
                if e.get("type") not in _listed(g.get("type")):
                    continue
                roles = role_fits(e.get("source"), sources) and role_fits(e.get("target"), targets)
                if not roles and e.get("type") in either_way:
                    roles = role_fits(e.get("target"), sources) and role_fits(e.get("source"), targets)
                if not roles:
                    continue
                if strict and g.get("place") and not place_fits(e.get("place"), _listed(g["place"])):
                    continue
                fitting.append(i)

            def right_day(i: int, want=want, tolerance=tolerance) -> bool:
                got = _day(events[i].get("date"))
                return bool(want and got and abs((got - want).days) <= tolerance)

            candidates.append(sorted(fitting, key=lambda i: not right_day(i)))  # stable: the right day first
        paired = _pair(candidates, len(events))
        counts = tally.counts["events" if strict else "events_loose"]
        needed = [k for k, g in enumerate(gold_events) if g.get("required", True)]
        hits = sum(1 for k in needed if k in paired)
        counts.tp += hits
        counts.fn += len(needed) - hits
        counts.fp += len(events) - len(paired)
        if strict:
            chosen = set(paired.values())
            tally.judged += [(event_confidence(e), i in chosen) for i, e in enumerate(events)]
            for k, i in paired.items():
                want = _day(gold_events[k].get("date"))
                if want is None:
                    continue
                tally.dated += 1
                got = _day(events[i].get("date"))
                if got and abs((got - want).days) <= gold_events[k].get("date_tolerance_days", 0):
                    tally.dated_ok += 1


def calibration(judged: Iterable[tuple[float, bool]], bins: int = BINS) -> dict[str, Any]:
    """Reliability bins of (confidence, correct) pairs and the expected calibration error (None: no events)."""
    rows = [{"low": round(b / bins, 3), "high": round((b + 1) / bins, 3), "events": 0, "matched": 0,
             "_sum": 0.0} for b in range(bins)]
    total = 0
    for confidence, correct in judged:
        confidence = min(max(float(confidence), 0.0), 1.0)
        row = rows[min(int(confidence * bins), bins - 1)]  # 1.0 falls in the last bin
        row["events"] += 1
        row["matched"] += int(bool(correct))
        row["_sum"] += confidence
        total += 1
    ece = 0.0
    for row in rows:
        n = row["events"]
        mean = row.pop("_sum") / n if n else None
        share = row["matched"] / n if n else None
        row["mean_confidence"] = None if mean is None else round(mean, 3)
        row["precision"] = None if share is None else round(share, 3)
        if n:
            ece += n / total * abs(share - mean)
    return {"bins": rows, "events": total, "ece": round(ece, 4) if total else None}


def summarize(tally: Tally) -> dict[str, Any]:
    report: dict[str, Any] = {"articles": tally.articles, "articles_missing_from_output": list(tally.missing)}
    for kind in KINDS:
        report[kind] = tally.counts[kind].scores(linked=kind in ("actors", "places"))
    report["date_accuracy"] = round(tally.dated_ok / tally.dated, 3) if tally.dated else None
    report["calibration"] = calibration(tally.judged)
    return report


def score_records(golds: Iterable[Mapping], records: Mapping[str, Mapping]) -> dict[str, Any]:
    """The report for records (by article id) against gold annotations; an article without a record
    scores as one with nothing found."""
    tally = Tally()
    for gold in golds:
        record = records.get(gold["id"])
        if record is None:
            tally.missing.append(gold["id"])
        score_article(gold, record or {}, tally)
    return summarize(tally)


@dataclass
class GoldArticle:
    id: str
    text: str
    published: dt.date | None
    gold: dict


def read_gold_folder(folder: str | Path) -> list[GoldArticle]:
    """Every ``NAME.gold.json`` of ``folder`` with its ``NAME.txt``, by name; dates from articles.json or the gold."""
    from .reader import parse_date

    root = Path(folder)
    if not root.is_dir():
        raise InputNotFound(f"{root} is not a folder; give a folder of NAME.txt and NAME.gold.json files",
                            source=str(root))
    meta_path = root / "articles.json"
    meta: dict = {}
    if meta_path.exists():
        meta = _json(meta_path)
        if not isinstance(meta, dict):
            raise BadRecord("articles.json must map article ids to {\"published\": ...}", source=str(meta_path))
    out = []
    for gold_path in sorted(root.glob("*.gold.json")):
        name = gold_path.name[: -len(".gold.json")]
        gold = _json(gold_path)
        if not isinstance(gold, dict):
            raise BadRecord("a gold file holds one JSON object", source=str(gold_path))
        gold.setdefault("id", name)
        text_path = root / f"{name}.txt"
        if not text_path.exists():
            raise InputNotFound(f"no article text {text_path.name} for this gold file", source=str(gold_path))
        info = meta.get(gold["id"]) or meta.get(name) or {}
        published = info.get("published") if isinstance(info, dict) else None
        published = published or gold.get("published")
        out.append(GoldArticle(id=gold["id"], text=text_path.read_text(encoding="utf-8"),
                               published=parse_date(published, str(gold_path)) if published else None, gold=gold))
    if not out:
        raise EmptyInput(f"no NAME.gold.json files in {root}", source=str(root))
    return out


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRecord(f"not valid JSON: {exc}", source=str(path)) from None


def extract_gold_folder(articles: list[GoldArticle], pipeline=None,
                        min_confidence: float | None = None) -> dict[str, dict]:
    """hadath's records of the articles, by id (events below ``min_confidence`` left out)."""
    from .confidence import filter_record
    from .model import Article
    from .output import to_record

    if pipeline is None:
        from .pipeline import Pipeline

        pipeline = Pipeline()
    records = {}
    for item in articles:
        record = to_record(pipeline(Article(id=item.id, text=item.text, published=item.published)))
        records[item.id] = filter_record(record, min_confidence)
    return records


def evaluate_folder(folder: str | Path, pipeline=None, min_confidence: float | None = None,
                    records_out: list | None = None) -> dict[str, Any]:
    """Extract every article of a gold folder and score it; ``records_out`` (a list) receives the records."""
    from .confidence import check_min_confidence

    min_confidence = check_min_confidence(min_confidence, "min_confidence")
    articles = read_gold_folder(folder)
    records = extract_gold_folder(articles, pipeline, min_confidence)
    if records_out is not None:
        records_out.extend(records.values())
    report = score_records([a.gold for a in articles], records)
    report["min_confidence"] = min_confidence
    return report


def format_report(report: Mapping[str, Any]) -> str:
    """The report as the lines ``hadath evaluate`` prints."""
    lines = [f"articles: {report['articles']}"
             + (f"   min confidence: {report['min_confidence']}" if report.get("min_confidence") else "")]
    for kind in KINDS:
        s = report[kind]
        linked = f"   linked F1 {s['linked_f1']:.3f}" if "linked_f1" in s else ""
        lines.append(f"{kind:13s} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}   "
                     f"(tp {s['tp']} fp {s['fp']} fn {s['fn']}){linked}")
    lines.append(f"date accuracy on matched events: {report['date_accuracy']}")
    cal = report["calibration"]
    lines += ["", "event calibration (strict matching)", "confidence   events  matched  precision  mean conf."]
    for row in cal["bins"]:
        share = "-" if row["precision"] is None else f"{row['precision']:.3f}"
        mean = "-" if row["mean_confidence"] is None else f"{row['mean_confidence']:.3f}"
        lines.append(f"{row['low']:.1f}-{row['high']:.1f}   {row['events']:>8}  {row['matched']:>7}  "
                     f"{share:>9}  {mean:>10}")
    ece = "-" if cal["ece"] is None else f"{cal['ece']:.4f}"
    lines.append(f"expected calibration error: {ece} over {cal['events']} events")
    return "\n".join(lines)
