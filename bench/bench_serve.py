"""Latency of the HTTP API and pages over a store of N articles (in-process, no network).

    .venv/bin/python bench/bench_serve.py [--articles 2000] [--repeat 20]

The store is filled with copies of the dev articles (../shared/eval/dev), each with its own
suffix so that none is a duplicate, and the record hadath extracted from the original (the
offsets stay true: the suffix comes after the text). Reports the median and the worst time of
each route, and the time to fill the store. Writes bench/reports/serve.md.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()

    import pytest  # serve_support skips through pytest when the dev folder is missing
    from fastapi.testclient import TestClient
    from serve_support import dev_articles

    from hadath.output import to_record
    from hadath.pipeline import Pipeline
    from hadath.serve import create_app
    from hadath.store import open_store

    try:
        originals = dev_articles()
    except pytest.skip.Exception as exc:
        print(f"bench_serve: {exc}", file=sys.stderr)
        return 1
    pipe = Pipeline()
    records = [(a, to_record(pipe(a))) for a in originals]
    db = Path(tempfile.mkdtemp(prefix="hadath-bench-serve-")) / "bench.db"
    started = time.perf_counter()
    with open_store(db) as store:
        for n in range(args.articles):
            article, record = records[n % len(records)]
            copy_id = f"{article.id}-{n}"
            store.add(replace(article, id=copy_id, text=f"{article.text}\n\n({n})"), {**record, "id": copy_id})
        fill = time.perf_counter() - started
        events = store.count_events(__import__("hadath.store", fromlist=["EventFilter"]).EventFilter())
        client = TestClient(create_app(store, pipeline=pipe))
        first_id = originals[0].id + "-0"
        routes = [
            ("GET /api/stats (first, walks every event)", lambda: client.get("/api/stats")),
            ("GET /api/stats (cached)", lambda: client.get("/api/stats")),
            ("GET /api/events?limit=100", lambda: client.get("/api/events", params={"limit": 100})),
            ("GET /api/events?type=ASSAULT&country=SYR", lambda: client.get("/api/events", params={"type": "ASSAULT", "country": "SYR"})),
            ("GET /api/events?near=33.42,43.31,50", lambda: client.get("/api/events", params={"near": "33.42,43.31,50"})),
            ("GET /api/events/geojson (map, 5000 max)", lambda: client.get("/api/events/geojson")),
            ("GET /api/events/timeline (all events)", lambda: client.get("/api/events/timeline")),
            ("GET /api/search?q=الرمادي", lambda: client.get("/api/search", params={"q": "الرمادي"})),
            ("GET /api/articles/{id}", lambda: client.get(f"/api/articles/{first_id}")),
            ("GET /articles/{id} (page with highlights)", lambda: client.get(f"/articles/{first_id}")),
            ("GET / (page)", lambda: client.get("/")),
            ("POST /api/extract (900-character article)", lambda: client.post("/api/extract", json={"text": originals[1].text[:900]})),
        ]
        rows = []
        for name, call in routes:
            times = []
            for _ in range(1 if "first" in name else args.repeat):
                t = time.perf_counter()
                response = call()
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, (name, response.status_code, response.text[:200])
            rows.append((name, statistics.median(times), max(times)))
    lines = ["# hadath serve: API latency", "",
             (f"In-process (FastAPI TestClient, no network), SQLite store of {args.articles:,} articles "
              f"({events:,} events; copies of the 7 dev articles); filled in {fill:.1f} s. "
              f"{args.repeat} calls a route (1 for the first /api/stats)."), "",
             "| route | median ms | worst ms |", "|---|---:|---:|"]
    lines += [f"| {name} | {median:.1f} | {worst:.1f} |" for name, median, worst in rows]
    lines += ["", f"Command: `.venv/bin/python bench/bench_serve.py --articles {args.articles} --repeat {args.repeat}`", ""]
    report = "\n".join(lines)
    out = ROOT / "bench" / "reports" / "serve.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
