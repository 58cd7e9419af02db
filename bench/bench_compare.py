"""Single-core extraction throughput of this tree against another checkout, interleaved in one run.

    .venv/bin/python bench/bench_compare.py --base /path/to/other/checkout [--limit 500] [--rounds 3]

The machine is noisy, so the two trees run in turns (base, this, base, this, ...), each in a fresh
process pinned to one core, over the same articles of SaudiNewsNet; the report gives each tree's
median articles/second, the spread, and the ratio. The knowledge base's load is timed apart.
Make the base with `git worktree add /tmp/base COMMIT`. Writes bench/reports/compare.{json,md}.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet_all.jsonl.gz"

WORKER = r"""
import gzip, json, sys, time
from hadath.model import Article
from hadath.pipeline import Pipeline
from hadath.reader import parse_date
articles = []
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as handle:
    for line in handle:
        rec = json.loads(line)
        text = rec.get("content") or rec.get("text") or ""
        if text.strip():
            articles.append(Article(id=rec["id"], text=text,
                                    published=parse_date((rec.get("date_extracted") or "")[:10] or None)))
        if len(articles) >= int(sys.argv[2]):
            break
pipe = Pipeline()
pipe(articles[0])  # loads the knowledge base and every lazy resource
start = time.process_time()
for art in articles:
    pipe(art)
print(json.dumps({"articles": len(articles), "cpu_s": time.process_time() - start}))
"""


def run(tree: Path, limit: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    command = [sys.executable, "-c", WORKER, str(CORPUS), str(limit)]
    if hasattr(os, "sched_setaffinity"):
        command = ["taskset", "-c", "0", *command]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return {**result, "per_s": result["articles"] / result["cpu_s"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the other checkout (its src/ is imported)")
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    runs: dict[str, list[float]] = {"base": [], "this": []}
    for _ in range(args.rounds):
        for name, tree in (("base", args.base), ("this", ROOT)):
            runs[name].append(run(tree, args.limit)["per_s"])
    median = {k: statistics.median(v) for k, v in runs.items()}
    report = {"limit": args.limit, "rounds": args.rounds, "articles_per_cpu_s": runs, "median": median,
              "ratio": median["this"] / median["base"], "loadavg": os.getloadavg(), "when": time.strftime("%Y-%m-%d %H:%M")}
    reports = ROOT / "bench" / "reports"
    (reports / "compare.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    lines = [f"# Single-core throughput, this tree against {args.base.name}", "",
             f"{args.limit} SaudiNewsNet articles, {args.rounds} interleaved rounds, one core each "
             f"({report['when']}, load average {', '.join(f'{x:.2f}' for x in report['loadavg'])}).", "",
             "| tree | articles per CPU second, each round | median |", "|---|---|---|"]
    for name, values in runs.items():
        lines.append(f"| {name} | {', '.join(f'{v:.1f}' for v in values)} | {median[name]:.1f} |")
    lines += ["", f"Ratio this / base: **{report['ratio']:.2f}**", ""]
    (reports / "compare.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
