"""Speed of the NER tagger on one core: tokens per second.

    .venv/bin/python bench/bench_ner.py [--limit 500] [--corpus PATH]

Pins the process to one CPU, normalises the articles first (that is the normalize stage's
cost, not the tagger's), then times (1) the tagger alone: tokenising, the knowledge-base
scan for its features, feature strings, CRF decoding and span confidences; (2) the whole
`ner` stage on top of `link`: the tagger plus the rules that turn spans into actors and
places. Writes bench/reports/bench_ner.md and bench/results/ner.json.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet_conflict_subset.jsonl"


def load_texts(path: Path, limit: int) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    out = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            text = rec.get("content") or rec.get("text") or ""
            if text.strip():
                out.append(text)
            if len(out) >= limit:
                break
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=500, help="articles to tag")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSON Lines (.gz too) with content or text")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from hadath.kb.loader import load
    from hadath.model import Article, Doc
    from hadath.text.tokens import tokenize
    from hadath.ner.tagger import default_tagger
    from hadath.pipeline import Pipeline
    from hadath.stages.ner import add_model_entities
    from hadath.text.normalize import normalize_with_map

    kb = load()
    tagger = default_tagger()
    if not tagger.available:
        print("no NER model or python-crfsuite: nothing to measure", file=sys.stderr)
        return 2
    texts = load_texts(args.corpus, args.limit)
    norms = [normalize_with_map(t) for t in texts]
    tokens = sum(len(tokenize(n.text)) for n in norms)
    tagger.tag(norms[0], kb)  # model load and word lists out of the timing

    t0 = time.perf_counter()
    spans = sum(len(tagger.tag(n, kb)) for n in norms)
    tag_seconds = time.perf_counter() - t0

    link_only = Pipeline(("normalize", "segment", "tokens", "link"), kb=kb)
    docs = [link_only(Article(id=str(i), text=t)) for i, t in enumerate(texts)]
    t0 = time.perf_counter()
    added = 0
    for doc in docs:
        out: Doc = add_model_entities(doc, kb, tagger)
        added += len(out.actors) + len(out.places) - len(doc.actors) - len(doc.places)
    stage_seconds = time.perf_counter() - t0

    result = {
        "articles": len(texts), "tokens": tokens, "spans": spans, "entities_added": added,
        "tagger_seconds": round(tag_seconds, 2), "tagger_tokens_per_second": round(tokens / tag_seconds),
        "stage_seconds": round(stage_seconds, 2), "stage_tokens_per_second": round(tokens / stage_seconds),
        "model_bytes": tagger.model_path.stat().st_size, "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(), "cores_used": 1,
        "load_average_1min": round(os.getloadavg()[0], 1), "cpus_on_machine": os.cpu_count(),
    }
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "ner.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    report = f"""# NER tagger speed (one core)

`.venv/bin/python bench/bench_ner.py --limit {args.limit}` on `{args.corpus.name}`
({len(texts)} articles, {tokens:,} tokens; Python {result['python']}, {result['cpu']}, pinned to one core;
load average {result['load_average_1min']} on {result['cpus_on_machine']} CPUs when it finished: a busy machine reads low).

| what | seconds | tokens/second |
|---|---|---|
| tagger: tokens, KB scan, features, CRF, confidences | {tag_seconds:.2f} | {result['tagger_tokens_per_second']:,} |
| `ner` stage after `link` (tagger + rules + gazetteer look-ups) | {stage_seconds:.2f} | {result['stage_tokens_per_second']:,} |

Spans tagged: {spans:,}; actors and places the stage added beyond the knowledge base: {added:,}.
Model file: {result['model_bytes'] / 1e6:.1f} MB.
"""
    (ROOT / "bench" / "reports" / "bench_ner.md").parent.mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "reports" / "bench_ner.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
