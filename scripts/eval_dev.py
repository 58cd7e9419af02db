"""Run the extractor on ../shared/eval/dev and print the scorer's report.

    .venv/bin/python scripts/eval_dev.py [--verbose] [--stages normalize,segment,link]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev"


def dev_articles():
    from hadath.reader import parse_date
    from hadath.model import Article

    meta = json.loads((DEV / "articles.json").read_text(encoding="utf-8"))
    for gold_path in sorted(DEV.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        aid = gold["id"]
        published = gold.get("published") or meta.get(aid, {}).get("published")
        yield Article(id=aid, text=(DEV / f"{aid}.txt").read_text(encoding="utf-8"), published=parse_date(published))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--stages", default=None)
    ap.add_argument("--only", default=None, help="comma-separated article ids to score (default: all)")
    args = ap.parse_args()
    from hadath.output import to_record
    from hadath.pipeline import DEFAULT_STAGES, Pipeline

    pipe = Pipeline(tuple(args.stages.split(",")) if args.stages else DEFAULT_STAGES)
    only = set(args.only.split(",")) if args.only else None
    gold_dir = DEV
    if only:  # the scorer takes a folder, so score a subset from a folder of just those gold files
        gold_dir = Path(tempfile.mkdtemp(prefix="hadath-gold-"))
        for aid in only:
            shutil.copy(DEV / f"{aid}.gold.json", gold_dir)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        for art in dev_articles():
            if only is None or art.id in only:
                out.write(json.dumps(to_record(pipe(art)), ensure_ascii=False) + "\n")
    cmd = [sys.executable, str(DEV.parent / "score.py"), "--gold", str(gold_dir), "--system", out.name]
    cmd += ["--verbose"] if args.verbose else []
    cmd += ["--json"] if args.json else []
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
