"""Calibrate event confidence: fit the map from what the event stage knows of an event to the
probability that the event is right, on cross-validated outcomes, and measure it.

    .venv/bin/python scripts/calibrate_event_confidence.py              # CV figures, plots, card, then the file
    .venv/bin/python scripts/calibrate_event_confidence.py --no-write   # CV figures only
    .venv/bin/python scripts/calibrate_event_confidence.py --rows /tmp/rows.jsonl   # keep / reuse the extracted events

Needs scikit-learn and matplotlib (the `train` extra); the file it writes is plain JSON read without them
(src/hadath/stages/events/calibration.py). Run it again after retraining the scorer
(scripts/train_event_scorer.py) or changing the rules: the calibration is fitted to the scorer it
names by checksum.

Data (read where they are, in ../shared/eval, never copied):
- dev/: 13 articles with gold events. Each article runs through hadath.Pipeline; an event is right
  when hadath.evaluate's strict matching (type, source, target, place) pairs it with a gold event;
- gsr/: the GSR half (ASSAULT and PROTEST sentences labelled yes / easy no / difficult no; ambiguous
  ones left out), one sentence a document. The gold is sentence-level: an event of the sentence's
  labelled type is right when the sentence is labelled "yes"; events of other types have no gold and are
  left out.
Cross-validation: the events are grouped by article (dev) or source document (GSR), and each group's
confidences come from a calibration fitted on the other groups (10-fold GroupKFold). The scorer itself
was trained on the GSR half (and the PLOVER sentences): its probabilities there are in-sample.
Writes src/hadath/data/models/event_confidence.json, docs/event-confidence-reliability.png,
docs/event-confidence-pr.png and the calibration section of docs/event-scorer-card.md.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
CARD = ROOT / "docs" / "event-scorer-card.md"
RELIABILITY_PNG = ROOT / "docs" / "event-confidence-reliability.png"
PR_PNG = ROOT / "docs" / "event-confidence-pr.png"
SECTION_START, SECTION_END = "<!-- calibration -->", "<!-- /calibration -->"
FOLDS = 10
INNER_FOLDS = 5  # for the scores the isotonic table is fitted on
MIN_STEP = 25  # events in a step of the table, at least
SCORER_FOLDS = 5  # as scripts/train_event_scorer.py cross-validates the scorer
C_GRID = (0.1, 0.3, 1.0, 3.0)
TARGET_PRECISION = 0.9
MIN_EVENTS_FOR_CURVE = 20  # types with fewer events get no curve of their own
ROUND = 5

sys.path.insert(0, str(Path(__file__).resolve().parent))


# -- collecting events with outcomes ------------------------------------------------------------------

class Recorder:
    """Stands in for the calibration while extracting: keeps each asserted event's features and gives
    it the confidence it had before calibration."""

    def __init__(self) -> None:
        self.seen: dict[tuple, tuple[dict, float]] = {}

    def confidence(self, d, text: str = "") -> float:
        from hadath.stages.events.calibration import features
        from hadath.stages.events.merge import confidence

        before = confidence(d)
        self.seen[d.key] = (features(d, text), before)
        return before


def _key(e) -> tuple:
    return (e.type, e.source, e.target, e.place, e.date.date_start if e.date else None, e.modality)


class Extractor:
    def __init__(self) -> None:
        from hadath.pipeline import Pipeline
        from hadath.stages.events import EventResources

        self.front = Pipeline(("normalize", "segment", "tokens", "link", "ner", "temporal"))
        self.recorder = Recorder()
        self.resources = dataclasses.replace(EventResources.build(self.front.kb), calibrator=self.recorder)
        self._with_scorer: dict[int, object] = {}

    def __call__(self, article_id: str, text: str, published, scorer=None) -> tuple[dict, list[tuple[dict, float]]]:
        """The record of an article, and (features, confidence before calibration) of each of its events;
        ``scorer`` replaces the pipeline's scorer (a fold's, for sentences the scorer was trained on)."""
        from hadath.model import Article
        from hadath.output import to_record
        from hadath.stages.events import extract_events

        resources = self.resources
        if scorer is not None:
            resources = self._with_scorer.setdefault(id(scorer), dataclasses.replace(self.resources, scorer=scorer))
        self.recorder.seen = {}
        doc = extract_events(self.front(Article(id=article_id, text=text, published=published)), resources)
        record = to_record(doc)
        asserted = [e for e in doc.events if e.modality == "asserted"]
        assert [e.id for e in asserted] == [e["id"] for e in record["events"]]
        return record, [self.recorder.seen[_key(e)] for e in asserted]


def dev_rows(folder: Path, extract: Extractor) -> list[dict]:
    from hadath.evaluate import Tally, read_gold_folder, score_article

    rows = []
    for article in read_gold_folder(folder):
        record, seen = extract(article.id, article.text, article.published)
        tally = Tally()
        score_article(article.gold, record, tally)  # hadath.evaluate's strict matching
        assert len(tally.judged) == len(seen)
        for event, (f, before), (_, right) in zip(record["events"], seen, tally.judged):
            rows.append({"set": "dev", "group": "dev:" + article.id, "id": f"{article.id}/{event['id']}",
                         "type": event["type"], "features": f, "before": before, "right": bool(right)})
    return rows


def fold_scorers(eval_dir: Path) -> dict[str, object]:
    """For each GSR document, a scorer trained as scripts/train_event_scorer.py trains the pipeline's (same
    data, features, C and thresholds) but without the GSR documents of its fold: the GSR sentences are the
    scorer's training data, and their events must come from a scorer that has not seen them."""
    from sklearn.model_selection import GroupKFold

    from hadath.stages.events.config import PLOVER_TYPES
    from hadath.stages.events.scorer import MODEL_PATH, EventScorer
    from train_event_scorer import PRUNE, collect_rows, gsr_items, plover_items
    from train_event_scorer import fit as fit_scorer

    final = EventScorer.load()
    C = json.loads(MODEL_PATH.read_text(encoding="utf-8")).get("C", 0.3)
    items = gsr_items(eval_dir / "gsr") + plover_items(eval_dir / "plover" / "plover.gold.jsonl", PLOVER_TYPES)
    print(f"  fold scorers: collecting the scorer's rows from {len(items)} sentences", file=sys.stderr)
    rows = collect_rows(items)
    gsr = [i for i in items if i["set"] == "gsr"]
    scorer_of: dict[str, object] = {}
    for _, held in GroupKFold(n_splits=SCORER_FOLDS).split(gsr, groups=[i["doc"] for i in gsr]):
        held_docs = {gsr[k]["doc"] for k in held}
        vectorizer, model = fit_scorer([r for r in rows if r["doc"] not in held_docs], C)
        weights = {name: round(float(w), 5) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])
                   if abs(w) >= PRUNE}
        scorer = EventScorer(weights=weights, bias=round(float(model.intercept_[0]), 5), thresholds=final.thresholds,
                             default_threshold=final.default_threshold)
        scorer_of.update((doc, scorer) for doc in held_docs)
    return scorer_of


def gsr_rows(folder: Path, extract: Extractor, scorer_of: dict | None = None) -> list[dict]:
    from hadath.reader import parse_date
    from train_event_scorer import gsr_items  # the trainer's reading of the GSR files

    rows = []
    for n, item in enumerate(gsr_items(folder)):
        scorer = scorer_of[item["doc"]] if scorer_of is not None else None
        record, seen = extract(item["id"], item["text"], parse_date(item["published"]), scorer)
        (kind, label), = item["labels"].items()
        for event, (f, before) in zip(record["events"], seen):
            if event["type"] == kind:  # the sentence says nothing of the other types
                rows.append({"set": "gsr", "group": item["doc"], "id": f"{item['id']}/{event['id']}",
                             "type": kind, "features": f, "before": before, "right": bool(label)})
        if n % 500 == 0:
            print(f"  GSR {n} sentences", file=sys.stderr)
    return rows


# -- fitting ----------------------------------------------------------------------------------------

def fit_logistic(rows: list[dict], C: float) -> dict:
    """Step 1: a logistic model over the rows' features. Every slope on the scorer's logit is kept from making
    the score fall as the probability grows: the global one non-negative, the lone-sentence and per-type ones no
    lower than what keeps every sum non-negative."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from hadath.stages.events.calibration import LONE

    vectorizer = DictVectorizer()
    X = vectorizer.fit_transform([r["features"] for r in rows])
    model = LogisticRegression(C=C, max_iter=10000)
    model.fit(X, [int(r["right"]) for r in rows])
    coefficients = {name: float(w) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])}
    slope = coefficients["logit"] = max(0.0, coefficients.get("logit", 0.0))
    lone = LONE + "|logit"
    if lone in coefficients:
        coefficients[lone] = max(coefficients[lone], -slope)
    floor = -(slope + min(0.0, coefficients.get(lone, 0.0)))
    for name in coefficients:
        if name.startswith("logit|"):
            coefficients[name] = max(coefficients[name], floor)
    return {"intercept": float(model.intercept_[0]), "coefficients": coefficients}


def score(model: dict, f: dict) -> float:
    return model["intercept"] + sum(model["coefficients"].get(k, 0.0) * v for k, v in f.items())


def isotonic_steps(scores: list[float], right: list[bool]) -> list[list[float]]:
    """Step 2: pool adjacent violators over the scores, steps of fewer than MIN_STEP events merged into the
    neighbour nearest in share, each step's probability the share right with one right and one wrong added
    (no step says 0 or 1)."""
    tied: dict[float, list[int]] = {}  # events with the same score are one block from the start
    for x, r in zip(scores, right):
        tied.setdefault(round(x, ROUND), [0, 0])
        tied[round(x, ROUND)][0] += 1
        tied[round(x, ROUND)][1] += int(r)
    blocks: list[list] = []  # [lowest score, events, right]
    for x in sorted(tied):
        blocks.append([x, *tied[x]])
        while len(blocks) > 1 and blocks[-2][2] * blocks[-1][1] >= blocks[-1][2] * blocks[-2][1]:
            last = blocks.pop()
            blocks[-1][1] += last[1]
            blocks[-1][2] += last[2]
    while len(blocks) > 1 and min(b[1] for b in blocks) < MIN_STEP:
        k = min(range(len(blocks)), key=lambda j: blocks[j][1])
        share = blocks[k][2] / blocks[k][1]
        if k == 0 or (k < len(blocks) - 1 and abs(blocks[k + 1][2] / blocks[k + 1][1] - share)
                      < abs(blocks[k - 1][2] / blocks[k - 1][1] - share)):
            j = k + 1
        else:
            j = k - 1
        a, b = min(j, k), max(j, k)
        blocks[a] = [blocks[a][0], blocks[a][1] + blocks[b][1], blocks[a][2] + blocks[b][2]]
        del blocks[b]
    return [[round(b[0], ROUND), round((b[2] + 1) / (b[1] + 2), ROUND)] for b in blocks]


def fit(rows: list[dict], C: float) -> dict:
    """Both steps: the table is fitted on scores the logistic model gave each event without its group
    (inner cross-validation), so that it corrects what the model gets wrong on unseen text."""
    from sklearn.model_selection import GroupKFold

    groups = [r["group"] for r in rows]
    inner = [0.0] * len(rows)
    for train, test in GroupKFold(n_splits=INNER_FOLDS).split(rows, groups=groups):
        model = fit_logistic([rows[i] for i in train], C)
        for i in test:
            inner[i] = score(model, rows[i]["features"])
    model = fit_logistic(rows, C)
    model["steps"] = isotonic_steps(inner, [r["right"] for r in rows])
    return model


def calibration_of(model: dict):
    from hadath.stages.events.calibration import Calibration

    return Calibration(intercept=model["intercept"], coefficients=model["coefficients"],
                       steps=tuple(tuple(s) for s in model["steps"]))


def cross_validate(rows: list[dict], C: float) -> list[float]:
    from sklearn.model_selection import GroupKFold

    out = [0.0] * len(rows)
    for train, test in GroupKFold(n_splits=FOLDS).split(rows, groups=[r["group"] for r in rows]):
        calibration = calibration_of(fit([rows[i] for i in train], C))
        for i in test:
            out[i] = round(calibration.probability(rows[i]["features"]), 3)
    return out


def log_loss(rows: list[dict], p: list[float]) -> float:
    eps = 1e-6
    return -sum(math.log(max(eps, q if r["right"] else 1 - q)) for r, q in zip(rows, p)) / len(rows)


# -- figures ----------------------------------------------------------------------------------------

def ece_table(pairs) -> dict:
    from hadath.evaluate import calibration

    return calibration(pairs)


def precision_threshold(pairs: list[tuple[float, bool]], target: float = TARGET_PRECISION):
    """The lowest confidence threshold whose kept events are right at least ``target`` of the time, and the share
    of the right events it keeps (None: no threshold reaches it)."""
    right_total = sum(1 for _, r in pairs if r)
    if not right_total:
        return None
    for t in sorted({round(c, 3) for c, _ in pairs}):
        kept = [r for c, r in pairs if c >= t]
        if kept and sum(kept) / len(kept) >= target:
            return {"threshold": t, "precision": round(sum(kept) / len(kept), 3), "kept": len(kept),
                    "recall": round(sum(kept) / right_total, 3)}
    return None


def pr_curve(pairs: list[tuple[float, bool]]) -> tuple[list[float], list[float]]:
    right_total = max(1, sum(1 for _, r in pairs if r))
    ordered = sorted(pairs, key=lambda x: -x[0])
    precision, recall, tp = [], [], 0
    for k, (c, r) in enumerate(ordered, start=1):
        tp += r
        if k == len(ordered) or ordered[k][0] != c:
            precision.append(tp / k)
            recall.append(tp / right_total)
    return recall, precision


def plots(rows: list[dict], cv: list[float], types: list[str]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4.6))
    for ax, subset, title in ((axes[0], ("dev", "gsr"), "dev + GSR half"), (axes[1], ("dev",), "dev only")):
        idx = [i for i, r in enumerate(rows) if r["set"] in subset]
        for label, values, style in (("before (scorer probability)", [rows[i]["before"] for i in idx], "o--"),
                                     ("calibrated (cross-validated)", [cv[i] for i in idx], "s-")):
            table = ece_table([(v, rows[i]["right"]) for v, i in zip(values, idx)])
            xs = [b["mean_confidence"] for b in table["bins"] if b["events"]]
            ys = [b["precision"] for b in table["bins"] if b["events"]]
            ax.plot(xs, ys, style, label=f"{label}, ECE {table['ece']:.3f}")
        ax.plot([0, 1], [0, 1], ":", color="grey", label="perfect")
        ax.set_xlim(0, 1), ax.set_ylim(0, 1)
        ax.set_xlabel("mean confidence in bin"), ax.set_ylabel("share right")
        ax.set_title(f"Event confidence reliability, {title} ({len(idx)} events)")
        ax.title.set_fontsize(9)
        ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(RELIABILITY_PNG, dpi=90)
    plt.close(fig)

    groups = [("all types", None)] + [(t, t) for t in types]
    ncols = 3
    nrows = math.ceil(len(groups) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4 * ncols, 3.3 * nrows), squeeze=False)
    for ax, (title, t) in zip(axes.flat, groups):
        pairs = [(cv[i], r["right"]) for i, r in enumerate(rows) if t is None or r["type"] == t]
        recall, precision = pr_curve(pairs)
        ax.plot(recall, precision, "-", drawstyle="steps-post")
        ax.axhline(TARGET_PRECISION, color="grey", linestyle=":")
        point = precision_threshold(pairs)
        if point:
            ax.plot([point["recall"]], [point["precision"]], "ro")
            ax.annotate(f"t={point['threshold']:.2f}, R={point['recall']:.2f}", (point["recall"], point["precision"]),
                        textcoords="offset points", xytext=(6, -12), fontsize=7, ha="left")
        ax.set_xlim(0, 1.02), ax.set_ylim(0, 1.02)
        ax.set_title(f"{title} ({len(pairs)} events, {sum(1 for _, r in pairs if r)} right)", fontsize=9)
        ax.set_xlabel("recall of the right events", fontsize=8), ax.set_ylabel("precision", fontsize=8)
    for ax in list(axes.flat)[len(groups):]:
        ax.axis("off")
    fig.suptitle("Precision / recall of calibrated event confidence, cross-validated on dev + GSR half", fontsize=10)
    fig.tight_layout()
    fig.savefig(PR_PNG, dpi=80)
    plt.close(fig)


# -- the card ---------------------------------------------------------------------------------------

def _bins(table: dict) -> list[str]:
    lines = ["| confidence | events | right | share right | mean confidence |", "|---|---|---|---|---|"]
    for b in table["bins"]:
        share = "-" if b["precision"] is None else f"{b['precision']:.3f}"
        mean = "-" if b["mean_confidence"] is None else f"{b['mean_confidence']:.3f}"
        lines.append(f"| {b['low']:.1f}-{b['high']:.1f} | {b['events']} | {b['matched']} | {share} | {mean} |")
    lines.append(f"| **ECE** | {table['events']} | | | **{table['ece']:.4f}** |")
    return lines


def write_card(summary: dict) -> None:
    text = CARD.read_text(encoding="utf-8")
    cv, data = summary["cv"], summary["data"]
    lines = [SECTION_START,
             "## Calibrated confidence",
             "",
             "An asserted event's `confidence` is the probability that it is right "
             "(`src/hadath/stages/events/calibration.py`), in two steps:",
             "",
             "1. a logistic score (Platt scaling with a few more inputs) over what the stage knows when it emits the "
             "event: the scorer's probability for the type (as a logit, with a slope per type) or the fact that the "
             "scorer left the type to the rules; the type; the rule path (a named doer, no doer, or an accusation read "
             "from one state's report of another's act); a named or inferred target, a place, casualty counts, a noun "
             "or a speech trigger, how many reports the event merges; and whether the input is one lone sentence "
             "rather than an article (alone and crossed with the no-doer path, the counts, the place and the logit: "
             "the GSR items are lone sentences judged on their type only, the dev items articles judged strictly, "
             "and the same facts mean different odds in the two);",
             f"2. an isotonic table over that score (steps of at least {MIN_STEP} events, each the share right, "
             "smoothed by one right and one wrong), fitted on scores the logistic model gave each event without its "
             f"article ({INNER_FOLDS}-fold inner cross-validation).",
             "",
             "Every slope on the scorer's logit is kept non-negative and the table non-decreasing, so the confidence "
             "never falls as the scorer grows surer. The coefficients and the table are plain JSON "
             "(`src/hadath/data/models/event_confidence.json`, read on first use without scikit-learn) and name "
             "the scorer file they were fitted for by checksum; `tests/test_calibration.py` fails when the two "
             "disagree. Denied, planned and hypothetical events keep the rules' heuristic confidence (there is no "
             "gold to calibrate them on). Confidence changes no event: which events are emitted is the scorer's and "
             "the rules' decision alone.",
             "",
             f"**Data and outcomes.** {data['dev_events']} events from the {data['dev_articles']} dev articles "
             f"(`../shared/eval/dev/`, extracted with `hadath.Pipeline`): right when `hadath.evaluate`'s strict "
             f"matching pairs them with a gold event (type, source, target, place). {data['gsr_events']} ASSAULT "
             f"and PROTEST events from {data['gsr_sentences']} sentences of the GSR half (`../shared/eval/gsr/`, "
             "ambiguous sentences left out): the gold there is sentence-level, so an event counts as right when its "
             "sentence is labelled \"yes\" for its type (source and target are not checked); events of other types "
             "in those sentences have no gold and are left out.",
             "",
             "**What is in-sample.** The scorer was trained on the GSR half (and the PLOVER sentences): run with it, "
             "the GSR sentences come out with in-sample probabilities (nearly every event right). So each GSR "
             f"sentence is extracted here with a scorer retrained as `scripts/train_event_scorer.py` does (same data, "
             f"C and thresholds) but without the GSR documents of its fold ({SCORER_FOLDS} folds by document); "
             "the dev articles run through the shipped scorer, which never saw them. The stage's margins "
             "(`EventConfig.unnamed_margin`, `named_relief`) were tuned on the dev articles, so dev is in-sample "
             "for the rules' choices of which events to emit (not for the calibration, below, which is "
             "cross-validated).",
             "",
             f"**Cross-validation.** {FOLDS}-fold, by article (dev) and by source document (GSR): every event's "
             "confidence below comes from a calibration (both steps) fitted without its article. Regularisation "
             f"C={summary['C']} (chosen among {', '.join(map(str, C_GRID))} by cross-validated log loss). "
             "The held-out articles of `../shared/eval/check/` are used for nothing here.",
             "",
             f"Expected calibration error (10 bins): before, the scorer's probability: dev + GSR "
             f"{cv['before']['all']['ece']:.4f}, dev {cv['before']['dev']['ece']:.4f}, GSR {cv['before']['gsr']['ece']:.4f}; "
             f"calibrated, cross-validated: dev + GSR **{cv['after']['all']['ece']:.4f}**, dev "
             f"{cv['after']['dev']['ece']:.4f}, GSR {cv['after']['gsr']['ece']:.4f}. The shipped calibration, fitted "
             f"on all of them, gives {summary['in_sample_ece']:.4f} on all and {summary['in_sample_dev_ece']:.4f} on "
             "dev (what `hadath evaluate ../shared/eval/dev` prints): on its own training events the table, fitted on "
             "held-out scores, is flatter than the in-sample scores, so it under-states its best and worst events "
             "there; the cross-validated figures are the estimate for new text. With a few hundred events, ten bins "
             "carry sampling noise of about 0.05 (0.07 on dev alone) even for a perfect calibration.",
             "",
             "Before (dev + GSR half, the scorer's probability):", "", *_bins(cv["before"]["all"]), "",
             "Calibrated, cross-validated (dev + GSR half):", "", *_bins(cv["after"]["all"]), "",
             "Calibrated, cross-validated, dev articles only:", "", *_bins(cv["after"]["dev"]), "",
             "![reliability diagram](event-confidence-reliability.png)", "",
             f"**A high-precision feed.** The lowest `--min-confidence` at which the kept events are right at least "
             f"{TARGET_PRECISION:.0%} of the time (cross-validated), and the share of the right events it keeps (recall "
             "among the events hadath emits, not of the gold):", "",
             "| type | events | right | threshold for precision 0.9 | events kept | precision | recall kept |",
             "|---|---|---|---|---|---|---|"]
    for name, p in summary["precision_points"].items():
        n, right = summary["counts"][name]
        if p:
            lines.append(f"| {name} | {n} | {right} | {p['threshold']:.3f} | {p['kept']} | {p['precision']:.3f} | "
                         f"{p['recall']:.3f} |")
        else:
            lines.append(f"| {name} | {n} | {right} | none reaches 0.9 | | | |")
    lines += ["", "![precision and recall per type](event-confidence-pr.png)", "",
              "**Regenerate** after retraining the scorer or changing the rules (the scorer's figures below are the "
              "trainer's; this section is the calibration script's and the trainer leaves it alone):", "",
              "    .venv/bin/pip install -e '.[train]' && .venv/bin/python scripts/calibrate_event_confidence.py", "",
              f"Fitted {summary['fitted']} on {data['dev_events'] + data['gsr_events']} events "
              f"({data['right']} right), scorer sha256 {summary['scorer_sha256'][:12]}.", SECTION_END]
    section = "\n".join(lines)
    if SECTION_START in text and SECTION_END in text:
        head, rest = text.split(SECTION_START, 1)
        text = head + section + rest.split(SECTION_END, 1)[1]
    else:  # before the trainer's figures, which scripts/train_event_scorer.py rewrites
        head, marker, tail = text.partition("<!-- figures -->")
        text = head.rstrip() + "\n\n" + section + "\n\n" + marker + tail
    CARD.write_text(text, encoding="utf-8")


# -- main -------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=EVAL, help="the folder with dev/ and gsr/ (../shared/eval)")
    parser.add_argument("--no-write", action="store_true", help="report the CV figures; write no file, plot or card")
    parser.add_argument("--rows", type=Path, help="keep the extracted events in this file and reuse them (experiments)")
    parser.add_argument("--gsr-in-sample", action="store_true",
                        help="extract the GSR sentences with the pipeline's own scorer, trained on them (for comparison)")
    parser.add_argument("--C", type=float, help="regularisation; default: chosen by cross-validated log loss")
    args = parser.parse_args(argv)
    from hadath.stages.events.calibration import CALIBRATION_PATH, FORMAT_VERSION, LOGIT_CLIP, METHOD, validate
    from hadath.stages.events.scorer import MODEL_PATH

    if args.rows and args.rows.exists():
        rows = [json.loads(line) for line in args.rows.read_text(encoding="utf-8").splitlines()]
    else:
        extract = Extractor()
        scorer_of = None if args.gsr_in_sample else fold_scorers(args.eval)
        rows = dev_rows(args.eval / "dev", extract) + gsr_rows(args.eval / "gsr", extract, scorer_of)
        if args.rows:
            args.rows.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    sets = {"all": ("dev", "gsr"), "dev": ("dev",), "gsr": ("gsr",)}
    print(f"{len(rows)} events ({sum(r['right'] for r in rows)} right): "
          + ", ".join(f"{s} {sum(1 for r in rows if r['set'] == s)}" for s in ("dev", "gsr")), file=sys.stderr)

    losses = {}
    for C in ([args.C] if args.C else C_GRID):
        losses[C] = log_loss(rows, cross_validate(rows, C))
        print(f"C={C}: CV log loss {losses[C]:.4f}", file=sys.stderr)
    C = min(losses, key=losses.get)
    cv = cross_validate(rows, C)
    figures = {"before": {}, "after": {}}
    for name, subset in sets.items():
        idx = [i for i, r in enumerate(rows) if r["set"] in subset]
        figures["before"][name] = ece_table([(rows[i]["before"], rows[i]["right"]) for i in idx])
        figures["after"][name] = ece_table([(cv[i], rows[i]["right"]) for i in idx])
        print(f"ECE {name}: before {figures['before'][name]['ece']}, calibrated (CV) {figures['after'][name]['ece']}",
              file=sys.stderr)
    model = fit(rows, C)
    final = calibration_of(model)
    in_sample = ece_table([(final.probability(r["features"]), r["right"]) for r in rows])["ece"]
    in_sample_dev = ece_table([(final.probability(r["features"]), r["right"]) for r in rows if r["set"] == "dev"])["ece"]
    print(f"in-sample ECE {in_sample}", file=sys.stderr)

    types = sorted({r["type"] for r in rows}, key=lambda t: (-sum(1 for r in rows if r["type"] == t), t))
    curve_types = [t for t in types if sum(1 for r in rows if r["type"] == t) >= MIN_EVENTS_FOR_CURVE]
    points, counts = {}, {}
    for name, t in [("all types", None)] + [(t, t) for t in types]:
        pairs = [(cv[i], r["right"]) for i, r in enumerate(rows) if t is None or r["type"] == t]
        points[name] = precision_threshold(pairs)
        counts[name] = (len(pairs), sum(1 for _, r in pairs if r))
        print(f"{name}: {counts[name]} precision-0.9 point {points[name]}", file=sys.stderr)
    if args.no_write:
        return 0

    scorer_sha = hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()
    data = {"dev_articles": len({r["group"] for r in rows if r["set"] == "dev"}),
            "dev_events": sum(1 for r in rows if r["set"] == "dev"),
            "gsr_sentences": len({r["id"].rsplit("/", 1)[0] for r in rows if r["set"] == "gsr"}),
            "gsr_events": sum(1 for r in rows if r["set"] == "gsr"), "right": sum(r["right"] for r in rows)}
    out = {"version": FORMAT_VERSION, "method": METHOD, "fitted": dt.date.today().isoformat(),
           "scorer_sha256": scorer_sha, "C": C, "logit_clip": LOGIT_CLIP,
           "intercept": round(model["intercept"], ROUND),
           "coefficients": {k: round(v, ROUND) + 0.0 for k, v in sorted(model["coefficients"].items())},
           "steps": model["steps"],
           "data": data,
           "cv": {"folds": FOLDS, "split": "article (dev) / source document (GSR)",
                  "ece_before": {k: v["ece"] for k, v in figures["before"].items()},
                  "ece_calibrated": {k: v["ece"] for k, v in figures["after"].items()},
                  "ece_in_sample": in_sample, "ece_in_sample_dev": in_sample_dev,
                  "precision_0.9": points}}
    problems = validate(out)
    if problems:
        print("the fitted calibration does not validate: " + "; ".join(problems), file=sys.stderr)
        return 1
    CALIBRATION_PATH.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {CALIBRATION_PATH.relative_to(ROOT)}", file=sys.stderr)
    plots(rows, cv, curve_types)
    write_card({"cv": figures, "data": data, "C": C, "in_sample_ece": in_sample, "in_sample_dev_ece": in_sample_dev,
                "precision_points": points,
                "counts": counts, "fitted": out["fitted"], "scorer_sha256": scorer_sha})
    print(f"wrote {RELIABILITY_PNG.relative_to(ROOT)}, {PR_PNG.relative_to(ROOT)}, {CARD.relative_to(ROOT)}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
