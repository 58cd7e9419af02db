"""Train hadath's learned event scorer and measure it by 5-fold cross-validation, split by document.

    .venv/bin/python scripts/train_event_scorer.py              # CV figures, thresholds, then the model
    .venv/bin/python scripts/train_event_scorer.py --no-write   # CV figures only
    .venv/bin/python scripts/train_event_scorer.py --C 0.5

Needs scikit-learn (the `train` extra); the model it writes is plain JSON read without it.
Reads the labelled sentences of ../shared/eval (never copied into the repository):
- gsr/: half of the Arabic PLOVER gold standard, ASSAULT and PROTEST sentences labelled
  yes / easy no / difficult no (ambiguous ones are left out);
- plover/: 600 sentences with every PLOVER type; a type counts when the sentence holds an
  asserted, current event of it (historical-only types are left out of that sentence's labels).
Each sentence runs through the pipeline with the scorer off; the event stage hands back, for
every type with a trigger in a sentence, exactly the features it computes at run time
(stages/events/scorer.py). One logistic regression over all types (features crossed with the
type) is fitted; a sentence is positive for a type when one of its rows reaches the type's
threshold, unless the rules read every candidate of the type as not asserted, as in the pipeline.
Writes src/hadath/data/models/event_scorer.json (weights, thresholds, CV figures).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
MODEL = ROOT / "src" / "hadath" / "data" / "models" / "event_scorer.json"
CARD = ROOT / "docs" / "event-scorer-card.md"
FOLDS = 5
MIN_POSITIVES_FOR_THRESHOLD = 8  # rarer types keep the default threshold
DEFAULT_THRESHOLD = 0.5
PRUNE = 1e-4  # weights smaller than this are left out of the model file


def gsr_items(folder: Path) -> list[dict]:
    items = []
    for kind in ("ASSAULT", "PROTEST"):
        with open(folder / f"{kind.lower()}_gsr.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["label"] == "ambiguous":
                    continue
                parts = row["id"].split("_")
                day = parts[2][:8] if len(parts) > 2 and parts[2][:8].isdigit() else "20080101"
                items.append({"id": f"{kind.lower()}:{row['id']}", "doc": "gsr:" + row["id"].rsplit("-", 1)[0],
                              "text": row["text"], "published": f"{day[:4]}-{day[4:6]}-{day[6:8]}",
                              "labels": {kind: int(row["label"] == "yes")}, "set": "gsr"})
    return items


def plover_items(path: Path, types: tuple[str, ...]) -> list[dict]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        current = {e["type"] for e in gold["events"] if e.get("modality") == "asserted" and not e.get("historical")}
        historical = {e["type"] for e in gold["events"] if e.get("modality") == "asserted" and e.get("historical")}
        labels = {t: int(t in current) for t in types if t in current or t not in historical}
        items.append({"id": gold["id"], "doc": "snn:" + gold["doc"], "text": gold["text"],
                      "published": gold.get("published"), "labels": labels, "set": "plover"})
    return items


def collect_rows(items: list[dict]) -> list[dict]:
    """Run the pipeline (scorer off) and keep the scorer's features per (item, sentence, type)."""
    from hadath.model import Article
    from hadath.pipeline import Pipeline
    from hadath.reader import parse_date
    from hadath.stages.events import EventConfig, EventResources, extract_events
    from hadath.stages.events.scorer import crossed

    front = Pipeline(("normalize", "segment", "tokens", "link", "ner", "temporal"))
    resources = EventResources.build(front.kb, EventConfig(use_scorer=False))
    rows: list[dict] = []
    for n, item in enumerate(items):
        doc = front(Article(id=item["id"], text=item["text"], published=parse_date(item.get("published"))))

        def collect(_doc, _sentence, features, candidates, item=item):
            for event_type, f in features.items():
                if event_type in item["labels"]:
                    rows.append({"item": item["id"], "doc": item["doc"], "type": event_type, "features": crossed(event_type, f),
                                 "label": item["labels"][event_type],
                                 "blocked": not f.get("rule:asserted") and not f.get("rule:none"),
                                 "rules_keep": any(d.type == event_type and d.source and d.modality == "asserted"
                                                   for d in candidates)})

        extract_events(doc, resources, collect)
        if n % 500 == 0:
            print(f"  {n}/{len(items)} sentences", file=sys.stderr)
    return rows


def fit(rows: list[dict], C: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    X = vectorizer.fit_transform([r["features"] for r in rows])
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    model.fit(X, [r["label"] for r in rows])
    return vectorizer, model


def cross_validate(rows: list[dict], C: float) -> list[float]:
    from sklearn.model_selection import GroupKFold

    probability = [0.0] * len(rows)
    for train, test in GroupKFold(n_splits=FOLDS).split(rows, groups=[r["doc"] for r in rows]):
        vectorizer, model = fit([rows[i] for i in train], C)
        scores = model.predict_proba(vectorizer.transform([rows[i]["features"] for i in test]))[:, 1]
        for i, p in zip(test, scores):
            probability[i] = float(p)
    return probability


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def detections(items, rows, probability, thresholds) -> dict[tuple[str, str], bool]:
    """(item, type) -> detected, as the pipeline decides: at or over the threshold, unless the rules read
    every candidate of the type as denied, planned or hypothetical."""
    found: dict[tuple[str, str], bool] = defaultdict(bool)
    for row, p in zip(rows, probability):
        if row["type"] not in thresholds:
            decided = row["rules_keep"]  # a type the scorer does not judge
        else:
            decided = not row["blocked"] and p >= thresholds[row["type"]]
        if decided:
            found[(row["item"], row["type"])] = True
    return found


def evaluate(items, rows, probability, thresholds, types) -> dict:
    found = detections(items, rows, probability, thresholds)
    report = {}
    for subset in ("gsr", "plover"):
        counts = {t: [0, 0, 0] for t in types}
        for item in items:
            if item["set"] != subset:
                continue
            for t, label in item["labels"].items():
                hit = found[(item["id"], t)]
                counts[t][0] += bool(hit and label)
                counts[t][1] += bool(hit and not label)
                counts[t][2] += bool(label and not hit)
        per_type = {t: prf(*c) for t, c in counts.items() if c[0] + c[2] > 0}
        total = [sum(c[k] for c in counts.values()) for k in range(3)]
        report[subset] = {"micro": prf(*total), "macro_f1": round(sum(v["f1"] for v in per_type.values())
                                                                  / max(1, len(per_type)), 3), "types": per_type}
    return report


def choose_thresholds(items, rows, probability, types) -> dict[str, float]:
    """Per type, the threshold that maximises the cross-validated F1 of sentence detection; a type with few
    labelled sentences, or on which the scorer does no better than the rules alone, is left to the rules."""
    thresholds = {}
    for t in types:
        positives = sum(1 for i in items if i["labels"].get(t))
        if positives < MIN_POSITIVES_FOR_THRESHOLD:
            continue

        def f1_of(candidate: dict[str, float]) -> float:
            report = evaluate(items, rows, probability, candidate, types)
            return sum(report[s]["types"].get(t, {}).get("f1", 0.0)
                       * sum(1 for i in items if i["set"] == s and i["labels"].get(t)) for s in ("gsr", "plover")) / positives

        best = max((f1_of({t: step / 100}), step / 100) for step in range(10, 91, 5))
        if best[0] > f1_of({}):
            thresholds[t] = best[1]
    return thresholds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=EVAL, help="the folder with gsr/ and plover/ (../shared/eval)")
    parser.add_argument("--C", type=float, default=0.3, help="inverse regularisation strength")
    parser.add_argument("--no-write", action="store_true", help="report the CV figures, write no model")
    parser.add_argument("--rows", type=Path, help="keep the collected rows in this file and reuse them (experiments)")
    args = parser.parse_args(argv)
    from hadath.stages.events.config import PLOVER_TYPES

    items = gsr_items(args.eval / "gsr") + plover_items(args.eval / "plover" / "plover.gold.jsonl", PLOVER_TYPES)
    print(f"{len(items)} labelled sentences from {len({i['doc'] for i in items})} documents", file=sys.stderr)
    if args.rows and args.rows.exists():
        rows = [json.loads(line) for line in args.rows.read_text(encoding="utf-8").splitlines()]
    else:
        rows = collect_rows(items)
        if args.rows:
            args.rows.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    print(f"{len(rows)} (sentence, type) rows, {sum(r['label'] for r in rows)} positive", file=sys.stderr)
    probability = cross_validate(rows, args.C)
    thresholds = choose_thresholds(items, rows, probability, PLOVER_TYPES)
    print(f"thresholds: {thresholds}", file=sys.stderr)
    at_half = evaluate(items, rows, probability, {t: DEFAULT_THRESHOLD for t in thresholds}, PLOVER_TYPES)
    tuned = evaluate(items, rows, probability, thresholds, PLOVER_TYPES)
    for name, report in (("threshold 0.5", at_half), ("per-type thresholds", tuned)):
        gsr, plover = report["gsr"], report["plover"]
        print(f"CV ({name}): GSR ASSAULT F1 {gsr['types'].get('ASSAULT', {}).get('f1')} PROTEST F1 "
              f"{gsr['types'].get('PROTEST', {}).get('f1')} | plover micro F1 {plover['micro']['f1']} "
              f"macro F1 {plover['macro_f1']}")
    print("per type on plover: " + ", ".join(f"{t} {v['f1']}" for t, v in tuned["plover"]["types"].items()))
    if args.no_write:
        return 0
    vectorizer, model = fit(rows, args.C)
    weights = {name: round(float(w), 5) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])
               if abs(w) >= PRUNE}
    MODEL.write_text(json.dumps({
        "version": 1, "trained": dt.date.today().isoformat(), "C": args.C, "bias": round(float(model.intercept_[0]), 5),
        "default_threshold": DEFAULT_THRESHOLD, "thresholds": thresholds,
        "data": {"sentences": len(items), "rows": len(rows), "positives": sum(r["label"] for r in rows)},
        "cv": {"folds": FOLDS, "split": "document", "threshold_0.5": at_half, "per_type_thresholds": tuned},
        "weights": dict(sorted(weights.items()))}, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {MODEL.relative_to(ROOT)} ({len(weights)} weights)", file=sys.stderr)
    write_card(len(items), len(rows), thresholds, at_half, tuned, args.C, len(weights))
    return 0


def _table(report: dict) -> list[str]:
    lines = ["| type | P | R | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|"]
    for t, v in report["types"].items():
        lines.append(f"| {t} | {v['p']:.3f} | {v['r']:.3f} | {v['f1']:.3f} | {v['tp']} | {v['fp']} | {v['fn']} |")
    m = report["micro"]
    lines.append(f"| **micro** | {m['p']:.3f} | {m['r']:.3f} | {m['f1']:.3f} | {m['tp']} | {m['fp']} | {m['fn']} |")
    lines.append(f"| **macro F1** | | | {report['macro_f1']:.3f} | | | |")
    return lines


def write_card(n_items, n_rows, thresholds, at_half, tuned, C, n_weights) -> None:
    """The figures part of the model card, rewritten with every training run."""
    text = CARD.read_text(encoding="utf-8") if CARD.exists() else "# Event scorer\n"
    head = text.split("<!-- figures -->")[0].rstrip() + "\n\n<!-- figures -->\n"
    judged = ", ".join(f"{t} {v}" for t, v in sorted(thresholds.items()))
    lines = [f"Trained {dt.date.today().isoformat()} by `scripts/train_event_scorer.py` (C={C}): {n_items} labelled "
             f"sentences, {n_rows} (sentence, type) rows, {n_weights} weights.", "",
             f"Thresholds (types the scorer judges; the others are left to the rules): {judged}.", "",
             "### 5-fold cross-validation by document, per-type thresholds", "",
             "GSR half (ASSAULT and PROTEST sentences):", "", *_table(tuned["gsr"]), "",
             "PLOVER sentences (all sixteen types):", "", *_table(tuned["plover"]), "",
             "### The same at one threshold (0.5) for every judged type", "",
             f"GSR ASSAULT F1 {at_half['gsr']['types'].get('ASSAULT', {}).get('f1')}, PROTEST F1 "
             f"{at_half['gsr']['types'].get('PROTEST', {}).get('f1')}; PLOVER micro F1 {at_half['plover']['micro']['f1']}, "
             f"macro F1 {at_half['plover']['macro_f1']}.", ""]
    CARD.write_text(head + "\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
