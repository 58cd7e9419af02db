"""List the GeoNames-only toponyms matched most often in a corpus, for review.

A GeoNames alternate name that is also a common Arabic word (الخبر "the news" is Khobar,
ليل "night" is Lille) must go into lexicon/words.tsv as `not_place`. This prints candidates;
a person decides.

    .venv/bin/python scripts/common_toponyms.py ../shared/data/saudinewsnet/saudinewsnet_all.jsonl.gz --limit 3000
"""
from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter

from hadath.kb.loader import load
from hadath.match import find_candidates, select
from hadath.text.normalize import normalize_with_map


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--limit", type=int, default=3000)
    ap.add_argument("--top", type=int, default=150)
    args = ap.parse_args()
    kb = load()
    counts: Counter = Counter()
    names = {}
    with gzip.open(args.corpus, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n >= args.limit:
                break
            record = json.loads(line)
            text = record.get("text") or record.get("content") or ""
            for c in select(find_candidates(normalize_with_map(text), kb)):
                geo = [x for x in c.lexes if x.type == "place" and str(x.ref).startswith("gn.")]
                if geo and len(geo) == len(c.lexes):
                    counts[c.key] += 1
                    names[c.key] = kb.places[geo[0].ref].name_en
    for key, count in counts.most_common(args.top):
        print(f"{count}\t{key}\t{names[key]}")


if __name__ == "__main__":
    main()
