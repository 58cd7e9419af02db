"""Ingest throughput, database size and query latency of the event store.

    .venv/bin/python bench/bench_store.py                      # all 31,030 SaudiNewsNet articles, SQLite
    .venv/bin/python bench/bench_store.py --limit 2000          # a quicker run
    .venv/bin/python bench/bench_store.py --db postgresql://... --limit 2000

Ingests the corpus through `hadath.ingest.ingest` (what `hadath ingest` runs: read, check for a
duplicate, extract, store, committed in half-second batches) into a fresh database, then ingests it
again (every article is a duplicate: the speed of resuming), then times searches, event queries
and actor lists. Writes bench/results/store-BACKEND-N.{json,md} and, for a full SQLite run,
bench/reports/bench_store.md.
"""
from __future__ import annotations

import argparse
import gzip
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet_all.jsonl.gz"
RESULTS = ROOT / "bench" / "results"
REPORT = ROOT / "bench" / "reports" / "bench_store.md"
QUERIES = ["الحوثيين", "داعش", "وزارة الداخلية", "مجلس الأمن", "الملك سلمان", "عدن", "أسعار النفط",
           "انفجار", "سوريا", "هيئة الأمر بالمعروف", "كأس العالم", "الرياض"]
REPEATS = 15


def _subset(corpus: Path, limit: int) -> Path:
    out = RESULTS / f"corpus-{limit}.jsonl.gz"
    with gzip.open(corpus, "rt", encoding="utf-8") as src, gzip.open(out, "wt", encoding="utf-8") as dst:
        for number, line in enumerate(src):
            if number >= limit:
                break
            dst.write(line)
    return out


class _TimedPipeline:
    """The pipeline, with the wall and CPU time it takes counted apart from the rest of ingest."""

    def __init__(self, pipe):
        self.pipe, self.wall, self.cpu = pipe, 0.0, 0.0

    def __call__(self, article):
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            return self.pipe(article)
        finally:
            self.wall += time.perf_counter() - t0
            self.cpu += time.process_time() - c0


def _timed(fn, repeats: int = REPEATS) -> dict:
    times = []
    result = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
            "max_ms": round(times[-1], 2), "size": len(result) if hasattr(result, "__len__") else result}


def _db_bytes(target: str, store) -> int | None:
    if target.startswith("postgres"):
        return store._rows("SELECT pg_database_size(current_database())")[0][0]
    store._execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in Path(target).parent.glob(Path(target).name + "*"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    ap.add_argument("--db", help="database to fill (default: a fresh bench/results/store.db); must be empty")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    from hadath.ingest import ingest
    from hadath.kb.loader import load
    from hadath.pipeline import Pipeline
    from hadath.store import EventFilter, open_store

    RESULTS.mkdir(parents=True, exist_ok=True)
    corpus = _subset(args.corpus, args.limit) if args.limit else args.corpus
    target = args.db or str(RESULTS / "store.db")
    if not args.db:
        for old in RESULTS.glob("store.db*"):
            old.unlink()
    pipe = Pipeline(kb=load())
    pipe(__import__("hadath").Article(id="warm", text="قصفت الطائرات مدينة حلب أمس."))  # load lazily built parts

    with open_store(target) as store:
        if store.count_articles():
            print(f"{target} is not empty", file=sys.stderr)
            return 2
        t0 = time.perf_counter()
        last = [t0]

        def progress(summary, _outcome):
            if time.perf_counter() - last[0] > 30:
                last[0] = time.perf_counter()
                print(f"  {summary.read:,} read, {summary.new:,} new, "
                      f"{summary.read / (last[0] - t0):.0f}/s", file=sys.stderr)

        timed = _TimedPipeline(pipe)
        cpu0 = time.process_time()
        first = ingest(store, [str(corpus)], pipeline=timed, on_item=progress)
        ingest_s = time.perf_counter() - t0
        ingest_cpu = time.process_time() - cpu0
        t0 = time.perf_counter()
        again = ingest(store, [str(corpus)], pipeline=pipe)
        resume_s = time.perf_counter() - t0
        size = _db_bytes(target, store)
        counts = {"articles": store.count_articles(), "events": store.count_events(EventFilter())}
        search = {q: _timed(lambda q=q: store.search(q, limit=20)) for q in QUERIES}
        queries = {
            "events type=ASSAULT, first 100": _timed(lambda: store.query_events(EventFilter(type="ASSAULT"))),
            "events country=YEM, first 100": _timed(lambda: store.query_events(EventFilter(country="YEM"))),
            "events actor=الحوثي, first 100": _timed(lambda: store.query_events(EventFilter(actor="الحوثي"))),
            "events near Sanaa 100 km, first 100": _timed(
                lambda: store.query_events(EventFilter(near=(15.35, 44.21, 100)))),
            "count events type=ASSAULT": _timed(lambda: store.count_events(EventFilter(type="ASSAULT"))),
            "list_actors top 100": _timed(lambda: store.list_actors(), repeats=3),
            "list_places top 100": _timed(lambda: store.list_places(), repeats=3),
            "list_articles newest 50": _timed(lambda: store.list_articles()),
        }
    result = {
        "corpus": str(corpus.name), "backend": "postgresql" if target.startswith("postgres") else "sqlite",
        "read": first.read, "new": first.new, "duplicates": first.duplicates, "failed": first.failed,
        "failure_codes": _codes(first), "ingest_s": round(ingest_s, 1),
        "ingest_articles_per_s": round(first.read / ingest_s, 1),
        "ingest_cpu_s": round(ingest_cpu, 1), "ingest_articles_per_cpu_s": round(first.read / ingest_cpu, 1),
        "extract_cpu_s": round(timed.cpu, 1), "extract_wall_s": round(timed.wall, 1),
        "rest_cpu_ms_per_article": round((ingest_cpu - timed.cpu) / max(first.read, 1) * 1000, 2),
        "resume_s": round(resume_s, 1), "resume_articles_per_s": round(again.read / resume_s, 1),
        "resume_new": again.new, "db_bytes": size, **counts, "search": search, "queries": queries,
        "machine": f"{platform.processor() or platform.machine()}, Python {platform.python_version()}",
    }
    name = f"store-{result['backend']}-{first.read}"
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    report = _markdown(result)
    (RESULTS / f"{name}.md").write_text(report, encoding="utf-8")
    if not args.limit and not args.db:
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(report, encoding="utf-8")
    print(report)
    return 0


def _codes(summary) -> dict:
    codes: dict[str, int] = {}
    for f in summary.failures:
        code = f.reason[1:5] if f.reason.startswith("[E") else "?"
        codes[code] = codes.get(code, 0) + 1
    return dict(sorted(codes.items()))


def _markdown(r: dict) -> str:
    worst = max(v["p95_ms"] for v in r["search"].values())
    lines = [
        "# Event store benchmark", "",
        f"`bench/bench_store.py` on {r['corpus']} ({r['backend']}), {r['machine']}.", "",
        "| measure | value |", "|---|---|",
        f"| articles read | {r['read']:,} |",
        f"| stored (new) | {r['new']:,} |",
        f"| duplicates (same URL or normalised text) | {r['duplicates']:,} |",
        f"| failed (by code) | {r['failed']:,} {r['failure_codes'] or ''} |",
        f"| events stored (asserted) | {r['events']:,} |",
        f"| ingest time | {r['ingest_s']:,} s |",
        f"| **ingest rate** (read + extract + store), wall clock | **{r['ingest_articles_per_s']:,} articles/s** |",
        f"| ingest rate per CPU second (less sensitive to a shared machine) | {r['ingest_articles_per_cpu_s']:,} "
        "articles/s |",
        f"| CPU time: extraction / everything else (read, duplicate check, store, index) | "
        f"{r['extract_cpu_s']:,} s / {r['ingest_cpu_s'] - r['extract_cpu_s']:,.1f} s "
        f"({r['rest_cpu_ms_per_article']} ms per article) |",
        f"| second ingest of the same file (all duplicates: resume speed) | {r['resume_articles_per_s']:,} "
        f"articles/s, {r['resume_new']} new |",
        f"| **database size** | **{r['db_bytes'] / 1e6:,.0f} MB** ({r['db_bytes'] / max(r['articles'], 1) / 1e3:.1f} "
        "kB/article) |" if r["db_bytes"] else "| database size | n/a |",
        f"| **worst search p95** (20 results with snippets) | **{worst:.1f} ms** |",
        "", "## Search (20 results with snippets)", "", "| query | hits | p50 ms | p95 ms | max ms |", "|---|---|---|---|---|"]
    for q, t in r["search"].items():
        lines.append(f"| {q} | {t['size']} | {t['p50_ms']} | {t['p95_ms']} | {t['max_ms']} |")
    lines += ["", "## Other queries", "", "| query | rows | p50 ms | p95 ms |", "|---|---|---|---|"]
    for q, t in r["queries"].items():
        lines.append(f"| {q} | {t['size']} | {t['p50_ms']} | {t['p95_ms']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
