"""Train hadath's Arabic NER model (a CRF over hadath.ner.features) and measure it by 5-fold CV.

    .venv/bin/python scripts/train_ner.py                      # both CV protocols, then the model
    .venv/bin/python scripts/train_ner.py --protocol articles  # CV on whole held-out articles only
    .venv/bin/python scripts/train_ner.py --no-cv              # only the model (keeps the last CV figures)

Reads ../shared/data/anercorp/ANERCorp_train_approx.txt and ../shared/data/wojood_sample/*.txt
(never copied into the repository), writes src/hadath/data/models/ner.crfsuite and the CV
scores to src/hadath/data/models/ner-cv.json. Labels: B-/I- PER, LOC, ORG (ANERcorp MISC and
the other Wojood types are O; Wojood GPE and FAC count as LOC). Two CV protocols: `articles`
cuts each corpus into 5 contiguous blocks, so a test article's names were never seen in
training (the estimate for new text); `sentences` deals shuffled sentences into 5 folds (the
usual, optimistic ANERcorp protocol). Needs python-crfsuite (the `ner` extra).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
ANERCORP = DATA / "anercorp" / "ANERCorp_train_approx.txt"
WOJOOD = [DATA / "wojood_sample" / f"wojood_sample_{part}.txt" for part in ("train", "val", "test")]
MODEL_DIR = ROOT / "src" / "hadath" / "data" / "models"
TYPES = ("PER", "LOC", "ORG")
ANER_MAP = {"PERS": "PER", "LOC": "LOC", "ORG": "ORG"}
WOJOOD_MAP = {"PERS": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}
MAX_SENTENCE = 80  # ANERcorp has no sentence breaks: cut at . ! ? and at this many tokens
PARAMS = {"c1": 0.05, "c2": 0.1, "max_iterations": 150, "feature.possible_transitions": True}
KB_DROPOUT = 0.15  # share of training sentences shown without the KB's matches, so names it lacks are learnt


def read_anercorp(path: Path) -> list[list[tuple[str, str]]]:
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        token, tag = parts[0], parts[-1]
        label = "O"
        if tag[:2] in ("B-", "I-") and tag[2:] in ANER_MAP:
            label = tag[:2] + ANER_MAP[tag[2:]]
        current.append((token, label))
        if token in (".", "!", "?", "؟") or len(current) >= MAX_SENTENCE:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def read_wojood(path: Path) -> list[list[tuple[str, str]]]:
    """Nested IOB2: take, per token, the outermost tag of a type we keep."""
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if current:
                sentences.append(current)
            current = []
            continue
        if parts[0] == "$#$":  # the sample's paragraph marker
            continue
        label = "O"
        for tag in parts[1:]:
            if tag[:2] in ("B-", "I-") and tag[2:] in WOJOOD_MAP:
                label = tag[:2] + WOJOOD_MAP[tag[2:]]
                break
        current.append((parts[0], label))
    if current:
        sentences.append(current)
    return sentences


def to_example(sentence: list[tuple[str, str]], kb, sets, drop_kb: bool = False):
    """(features, labels) in hadath's own tokenisation and matching form."""
    from hadath.ner.features import kb_tags, sentence_features
    from hadath.text.tokens import tokenize
    from hadath.text.clitics import Clitics
    from hadath.text.normalize import normalize

    pieces, spans, pos = [], [], 0
    for token, label in sentence:
        form = normalize(token)
        if not form:
            continue
        pieces.append(form)
        spans.append((pos, pos + len(form), label))
        pos += len(form) + 1
    text = " ".join(pieces)
    tokens = tokenize(text)
    labels, k = [], 0
    for tok in tokens:
        while spans[k][1] <= tok.start:
            k += 1
        s, _, label = spans[k]
        if label == "O" or not tok.text[0].isalnum():
            labels.append("O")
        else:
            labels.append(label if tok.start == s else "I-" + label[2:])
    for i, label in enumerate(labels):  # an I- that continues nothing starts an entity
        if label.startswith("I-") and (i == 0 or labels[i - 1][2:] != label[2:]):
            labels[i] = "B-" + label[2:]
    tags = [""] * len(tokens) if drop_kb else kb_tags(tokens, text, kb)
    return sentence_features([t.text for t in tokens], tags, sets, kb.clitics if kb is not None else Clitics.load()), labels


def entities(labels: list[str]) -> set[tuple[int, int, str]]:
    out, start, kind = set(), None, None
    for i, label in enumerate(labels + ["O"]):
        if start is not None and not (label.startswith("I-") and label[2:] == kind):
            out.add((start, i, kind))
            start = None
        if label.startswith("B-") or (label.startswith("I-") and start is None):
            start, kind = i, label[2:]
    return out


def train(examples, model_path: Path, params=PARAMS) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in examples:
        trainer.append(xseq, yseq)
    trainer.set_params(params)
    trainer.train(str(model_path))


def evaluate(model_path: Path, examples) -> Counter:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    counts: Counter = Counter()
    for xseq, yseq in examples:
        gold, found = entities(list(yseq)), entities(tagger.tag(xseq))
        for _, _, kind in gold & found:
            counts[kind, "tp"] += 1
        for _, _, kind in found - gold:
            counts[kind, "fp"] += 1
        for _, _, kind in gold - found:
            counts[kind, "fn"] += 1
    tagger.close()
    return counts


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
            "tp": tp, "fp": fp, "fn": fn}


def report(counts: Counter) -> dict:
    out = {kind: prf(counts[kind, "tp"], counts[kind, "fp"], counts[kind, "fn"]) for kind in TYPES}
    out["micro"] = prf(*(sum(counts[k, m] for k in TYPES) for m in ("tp", "fp", "fn")))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds (0: none)")
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    ap.add_argument("--out", type=Path, default=MODEL_DIR, help="folder for ner.crfsuite and ner-cv.json")
    ap.add_argument("--kb-dropout", type=float, default=KB_DROPOUT)
    ap.add_argument("--c1", type=float, default=PARAMS["c1"], help="L1 weight (also prunes the model)")
    ap.add_argument("--c2", type=float, default=PARAMS["c2"], help="L2 weight")
    ap.add_argument("--only-folds", type=int, default=None, help="run only the first N folds (quick experiments)")
    ap.add_argument("--protocol", choices=("both", "articles", "sentences"), default="both",
                    help="folds of contiguous blocks (whole articles held out), of shuffled sentences, or both")
    args = ap.parse_args(argv)
    if not ANERCORP.exists():
        print(f"training data not found: {ANERCORP}", file=sys.stderr)
        return 2
    from hadath.kb.loader import load
    from hadath.ner.features import word_sets

    kb = load()
    sets = word_sets(kb)
    corpora = {"anercorp": read_anercorp(ANERCORP),
               "wojood": [s for path in WOJOOD if path.exists() for s in read_wojood(path)]}
    params = {**PARAMS, "c1": args.c1, "c2": args.c2}
    rng = random.Random(8)
    started = time.time()
    data = {}  # corpus -> [((features, labels), shown without the KB's tags)]
    for name, sentences in corpora.items():
        data[name] = [(to_example(s, kb, sets), rng.random() < args.kb_dropout) for s in sentences]
    print(f"features for {sum(len(v) for v in data.values())} sentences in {time.time() - started:.0f}s", file=sys.stderr)

    args.out.mkdir(parents=True, exist_ok=True)
    scores_path = args.out / "ner-cv.json"
    scores: dict = {"params": params, "kb_dropout": args.kb_dropout, "folds": args.folds,
                    "sentences": {k: len(v) for k, v in data.items()},
                    "tokens": {k: sum(len(x[0][1]) for x in v) for k, v in data.items()}}
    if args.no_cv or not args.folds:
        if scores_path.exists():  # keep the last cross-validation's figures
            old = json.loads(scores_path.read_text(encoding="utf-8"))
            scores.update({k: v for k, v in old.items() if k.startswith("cv")})
    else:
        protocols = ("articles", "sentences") if args.protocol == "both" else (args.protocol,)
        for protocol in protocols:
            ordered = data
            if protocol == "sentences":  # optimistic: an article's sentences land in train and test
                ordered = {name: random.Random(8).sample(items, len(items)) for name, items in data.items()}
            total, per_corpus = cross_validate(ordered, args.folds, params, args.out, args.only_folds)
            scores[f"cv_{protocol}"] = report(total)
            scores[f"cv_{protocol}_by_corpus"] = {name: report(c) for name, c in per_corpus.items()}
            print(protocol, json.dumps(scores[f"cv_{protocol}"], indent=1))
        if args.only_folds:
            return 0
    path = args.out / "ner.crfsuite"
    train(training_set([x for items in data.values() for x in items]), path, params)
    scores["model_bytes"] = path.stat().st_size
    scores_path.write_text(json.dumps(scores, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


def training_set(items):
    out = []
    for (xseq, yseq), drop in items:
        if drop:  # the same sentence without the KB's tags
            xseq = [[f for f in feats if not f.startswith("kb")] for feats in xseq]
        out.append((xseq, yseq))
    return out


def cross_validate(data: dict, folds: int, params: dict, workdir: Path, only: int | None = None):
    """Train on all blocks but one, test on that one, for each block; counts summed over folds."""
    total, per_corpus = Counter(), {name: Counter() for name in data}
    for k in range(min(folds, only or folds)):
        train_items, test_items = [], {}
        for name, items in data.items():
            lo, hi = k * len(items) // folds, (k + 1) * len(items) // folds
            train_items += items[:lo] + items[hi:]
            test_items[name] = [x for x, _ in items[lo:hi]]
        path = workdir / f"ner-fold{k}.crfsuite"
        t0 = time.time()
        train(training_set(train_items), path, params)
        for name, examples in test_items.items():
            counts = evaluate(path, examples)
            per_corpus[name] += counts
            total += counts
        path.unlink()
        print(f"fold {k}: {report(total)['micro']} ({time.time() - t0:.0f}s)", file=sys.stderr)
    return total, per_corpus


if __name__ == "__main__":
    sys.exit(main())
