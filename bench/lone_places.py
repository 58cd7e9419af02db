"""Lone places: places that lie in a country nothing else in their article names.

    .venv/bin/python bench/lone_places.py [--corpus PATH] [--limit N] [--top 30] [--json OUT]

Runs the `link` and `ner` stages over the SaudiNewsNet conflict subset (1,570 Yemen/Syria/Iraq
articles). A *lone* place is a non-country place whose country no other place of the same
article (a country included) and no state actor of the article names. Most lone places are a
common word read as a town (بري "ground" as Burri, Sudan) or the wrong one of two homonyms;
a few are right (a far-away capital named once). Prints the count and the most frequent lone
names with an example context each; bench/reports/lone-places.md reviews them.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet_conflict_subset.jsonl"


def lone_places(doc) -> list:
    """The article's non-country places whose country no other place or state actor names."""
    states = {a.country for a in doc.actors if a.kind == "state" and a.country}
    out = []
    for p in doc.places:
        if p.feature == "country" or not p.country:
            continue
        others = {q.country for q in doc.places if q.id != p.id and q.country}
        if p.country not in others and p.country not in states:
            out.append(p)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="articles (0: all)")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--json", type=Path, help="write every lone place (name, country, context) here")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    from hadath.model import Article
    from hadath.pipeline import Pipeline

    pipe = Pipeline(("normalize", "segment", "tokens", "link", "ner"))
    total = lone = articles = 0
    counts: Counter = Counter()
    example: dict = {}
    rows = []
    per_name: dict = defaultdict(set)
    with open(args.corpus, encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            text = rec.get("content") or ""
            if not text.strip():
                continue
            try:
                published = dt.date.fromisoformat((rec.get("date_extracted") or "")[:10])
            except ValueError:
                published = None
            doc = pipe(Article(id=rec["id"], text=text, published=published))
            articles += 1
            total += sum(1 for p in doc.places if p.feature != "country")
            for p in lone_places(doc):
                lone += 1
                m = p.mentions[0]
                key = (m.text, p.name_en, p.country)
                counts[key] += 1
                per_name[key].add(rec["id"])
                context = text[max(0, m.start - 40):m.end + 40].replace("\n", " ")
                example.setdefault(key, (rec["id"], context))
                rows.append({"id": rec["id"], "text": m.text, "name_en": p.name_en, "country": p.country,
                             "how": p.how, "context": context})
            if args.limit and articles >= args.limit:
                break
    print(f"articles {articles}  non-country places {total}  lone {lone} ({100 * lone / max(total, 1):.1f}%)")
    print()
    print("| # | mention | read as | country | times | example |")
    print("|---|---|---|---|---|---|")
    for n, (key, count) in enumerate(counts.most_common(args.top), start=1):
        aid, context = example[key]
        print(f"| {n} | {key[0]} | {key[1]} | {key[2]} | {count} | {aid}: …{context}… |")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=0), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
