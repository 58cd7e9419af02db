"""Would an analyst's sums over hadath's ACLED export make sense? Rows of the SaudiNewsNet conflict subset.

    .venv/bin/python bench/acled_sanity.py [--limit N]

Extracts the 1,570 articles of ../shared/data/saudinewsnet/saudinewsnet_conflict_subset.jsonl into a
temporary store, exports ACLED rows as `hadath export --format acled-csv` does (historical events left
out, as by default), and reports: the rows, the fatalities they sum to, the rows without coordinates
(and how many of those have neither a place nor an actor with a country), the rows dated more than a
year before their article, and the 20 rows with the most fatalities with the sentences they come from,
for a reader to check. Writes bench/reports/acled-sanity.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet_conflict_subset.jsonl"
REPORT = ROOT / "bench" / "reports" / "acled-sanity.md"
TOP = 20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is not there", file=sys.stderr)
        return 0
    from hadath.export.acled import acled_row
    from hadath.model import Article
    from hadath.output import to_record
    from hadath.pipeline import Pipeline
    from hadath.reader import parse_date
    from hadath.store import EventFilter, open_store

    pipe = Pipeline()
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "sanity.db") as store:
        n = 0
        for line in CORPUS.read_text(encoding="utf-8").splitlines()[:args.limit]:
            item = json.loads(line)
            text = item.get("content") or item.get("text") or ""
            if not text.strip():
                continue
            article = Article(id=item["id"], text=text, title=item.get("title"), source=item.get("source"),
                              published=parse_date((item.get("date_extracted") or "")[:10] or None))
            store.add(article, to_record(pipe(article)))
            n += 1
        rows = []
        for event in store.iter_events(EventFilter()):
            row = acled_row(event)
            if row is not None:
                rows.append((row, event))
        historical = store.count_events(EventFilter(include_historical=True)) - store.count_events(EventFilter())
    REPORT.write_text(report(n, rows, historical), encoding="utf-8")
    print(f"wrote {REPORT.relative_to(ROOT)}", file=sys.stderr)
    return 0


def _old(row: dict, event: dict) -> bool:
    try:
        day, published = dt.date.fromisoformat(row["event_date"][:10]), dt.date.fromisoformat(event["published"][:10])
    except (TypeError, ValueError):
        return False
    return (published - day).days > 365


def _sentence(event: dict) -> str:
    mentions = event.get("mentions") or []
    text = mentions[0].get("text", "") if mentions else ""
    return " ".join(text.split())[:300].replace("|", "/")


def report(articles: int, rows: list[tuple[dict, dict]], historical: int) -> str:
    unplaced = [(r, e) for r, e in rows if r["latitude"] is None]
    no_country = [(r, e) for r, e in unplaced if not r["country"]]
    old = [(r, e) for r, e in rows if _old(r, e)]
    fatal = sorted(rows, key=lambda x: -x[0]["fatalities"])[:TOP]
    out = [
        "# ACLED export sanity: the SaudiNewsNet conflict subset",
        "",
        f"`bench/acled_sanity.py`, {dt.date.today().isoformat()}: {articles} articles extracted into a fresh store and "
        "exported as `hadath export --format acled-csv` does (historical events left out, as by default).",
        "",
        "| measure | count |",
        "|---|---|",
        f"| ACLED rows | {len(rows)} |",
        f"| fatalities, summed | {sum(r['fatalities'] for r, _ in rows)} |",
        f"| rows with fatalities | {sum(1 for r, _ in rows if r['fatalities'])} |",
        f"| rows without coordinates | {len(unplaced)} |",
        f"| of which neither the place nor an actor gives a country | {len(no_country)} |",
        f"| rows dated more than a year before their article | {len(old)} |",
        f"| historical events left out of the export | {historical} |",
        "",
        f"## The {TOP} rows with the most fatalities",
        "",
        "| fatalities | article | date | type | actor1 | actor2 | location | sentence |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r, e in fatal:
        out.append(f"| {r['fatalities']} | {e['article_id']} | {r['event_date']} | {r['sub_event_type']} | {r['actor1']} | {r['actor2']} | "
                   f"{r['location']} | {_sentence(e)} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
