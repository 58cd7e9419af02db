"""Throughput and memory of the whole extract pipeline, one process.

    .venv/bin/python bench/bench_extract.py [--limit 2000] [--corpus PATH]

Reports articles/second (knowledge-base load timed apart), peak memory, the time of each
stage, and the speed of a bare Aho-Corasick scan of the same texts with the same knowledge
base: the floor the pipeline is measured against. Writes bench/reports/extract.{json,md}.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet_all.jsonl.gz"


def load_articles(path: Path, limit: int):
    from hadath.model import Article
    from hadath.reader import parse_date

    out = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            text = rec.get("content") or rec.get("text") or ""
            if not text.strip():
                continue
            out.append(Article(id=rec["id"], text=text, published=parse_date((rec.get("date_extracted") or "")[:10] or None)))
            if len(out) >= limit:
                break
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--name", default="extract", help="report name: bench/reports/NAME.{json,md}")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    from hadath.kb.loader import load
    from hadath.pipeline import Pipeline
    from hadath.text.normalize import normalize_with_map

    articles = load_articles(args.corpus, args.limit)
    chars = sum(len(a.text) for a in articles)
    t0 = time.perf_counter()
    kb = load()
    kb_seconds = time.perf_counter() - t0
    pipe = Pipeline(kb=kb)
    stage_seconds = {s.name: 0.0 for s in pipe.stages}
    counts = {"actors": 0, "places": 0, "events": 0, "times": 0}
    t0, cpu0 = time.perf_counter(), time.process_time()
    for art in articles:
        from hadath.model import Doc

        doc = Doc(article=art)
        for stage in pipe.stages:
            s0 = time.perf_counter()
            doc = stage.run(doc, pipe)
            stage_seconds[stage.name] += time.perf_counter() - s0
        for k in counts:
            counts[k] += len(getattr(doc, k))
    total, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    t0 = time.perf_counter()
    hits = 0
    for art in articles:
        hits += sum(1 for _ in kb.automaton.iter(normalize_with_map(art.text).text))
    scan = time.perf_counter() - t0
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "articles": len(articles), "characters": chars, "kb_load_seconds": round(kb_seconds, 2),
        "seconds": round(total, 2), "articles_per_second": round(len(articles) / total, 1),
        # CPU time of this one process: the rate per core, steady when other jobs share the machine
        "cpu_seconds": round(cpu, 2), "articles_per_cpu_second": round(len(articles) / cpu, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "peak_memory_mib": round(peak_mib, 1),
        "stage_seconds": {k: round(v, 2) for k, v in stage_seconds.items()},
        "bare_scan_seconds": round(scan, 2), "bare_scan_articles_per_second": round(len(articles) / scan, 1),
        "pipeline_vs_bare_scan": round(total / scan, 1), "found": counts,
    }
    out_dir = ROOT / "bench" / "reports"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{args.name}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    lines = ["# hadath extract benchmark", "", f"{len(articles)} SaudiNewsNet articles, {chars:,} characters, one process.", "",
             "| measure | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in result.items() if not isinstance(v, dict)]
    lines += ["", "| stage | seconds |", "|---|---|"] + [f"| {k} | {v} |" for k, v in result["stage_seconds"].items()]
    (out_dir / f"{args.name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
