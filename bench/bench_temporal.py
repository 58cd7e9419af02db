"""Speed of the temporal stage against dateparser's Arabic date search, on the same news texts.

    .venv/bin/python bench/bench_temporal.py [--limit 2000] [--dateparser-limit N] [--corpus PATH]

Reads SaudiNewsNet articles (field ``content``, the crawl date ``date_extracted`` as the
publication date), runs ``hadath.temporal.find_time_expressions`` on each, then
``dateparser.search.search_dates(text, languages=['ar'])`` (with the crawl date as its
RELATIVE_BASE) on the first N of the same articles, and reports articles, characters,
expressions found, expressions/second, articles/second and characters/second for each, and
the speed ratio. dateparser is not a dependency of hadath (``.venv/bin/pip install
dateparser``); without it the script says so and reports our own figures only.
Writes bench/reports/temporal.json and bench/reports/temporal.md.
"""
from __future__ import annotations

import argparse
import datetime
import gzip
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet_all.jsonl.gz"
RESULTS = ROOT / "bench" / "reports"


def load_articles(path: Path, limit: int) -> list[tuple[str, str, datetime.date]]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            text = rec.get("content") or ""
            stamp = (rec.get("date_extracted") or "")[:10]
            if not text.strip() or not stamp:
                continue
            out.append((rec.get("id", ""), text, datetime.date.fromisoformat(stamp)))
            if len(out) >= limit:
                break
    return out


def run_ours(articles):
    from hadath.temporal import find_time_expressions

    find_time_expressions("أمس", datetime.date(2015, 1, 1))          # load the lexicon, compile
    found, spans = 0, []
    t0 = time.perf_counter()
    for _, text, published in articles:
        exprs = find_time_expressions(text, published)
        found += len(exprs)
        spans.append([(e.start, e.end) for e in exprs])
    seconds = time.perf_counter() - t0
    return {"articles": len(articles), "characters": sum(len(a[1]) for a in articles),
            "expressions": found, "seconds": round(seconds, 3)}, spans


def run_dateparser(articles):
    try:
        import dateparser
        from dateparser.search import search_dates
    except ImportError:
        return None, None
    search_dates("أمس", languages=["ar"])                              # load its language data
    found, results = 0, []
    t0 = time.perf_counter()
    for _, text, published in articles:
        base = datetime.datetime.combine(published, datetime.time(12))
        try:
            res = search_dates(text, languages=["ar"], settings={"RELATIVE_BASE": base}) or []
        except Exception:                                                # noqa: BLE001 - count, go on
            res = []
        found += len(res)
        results.append(res)
    seconds = time.perf_counter() - t0
    return {"articles": len(articles), "characters": sum(len(a[1]) for a in articles),
            "expressions": found, "seconds": round(seconds, 3),
            "version": getattr(dateparser, "__version__", "?")}, results


def rates(figures: dict) -> dict:
    s = max(figures["seconds"], 1e-9)
    figures["expressions_per_second"] = round(figures["expressions"] / s, 1)
    figures["articles_per_second"] = round(figures["articles"] / s, 1)
    figures["characters_per_second"] = round(figures["characters"] / s)
    return figures


def agreement(articles, our_spans, dp_results) -> dict:
    """How many of dateparser's matches overlap one of ours (matched by their text position)."""
    overlapping = total = 0
    for (_, text, _), spans, res in zip(articles, our_spans, dp_results):
        pos = 0
        for substring, _ in res:
            at = text.find(substring, pos)
            if at < 0:
                at = text.find(substring)
            if at < 0:
                continue
            pos = at + len(substring)
            total += 1
            if any(s < at + len(substring) and e > at for s, e in spans):
                overlapping += 1
    return {"dateparser_matches_located": total, "overlapping_ours": overlapping}


def write_markdown(report: dict, path: Path) -> None:
    ours, dp = report["hadath"], report.get("dateparser")
    lines = [
        "# Temporal stage benchmark",
        "",
        f"Corpus: `{report['corpus']}`, first {ours['articles']} articles with text; "
        f"python {report['python']}, {report['machine']}.",
        "",
        "| | articles | characters | expressions | seconds | expressions/s | articles/s | characters/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| hadath.temporal | {ours['articles']} | {ours['characters']} | {ours['expressions']} | {ours['seconds']} "
        f"| {ours['expressions_per_second']} | {ours['articles_per_second']} | {ours['characters_per_second']} |",
    ]
    if dp:
        lines.append(
            f"| dateparser {dp['version']} search_dates(ar) | {dp['articles']} | {dp['characters']} | {dp['expressions']} "
            f"| {dp['seconds']} | {dp['expressions_per_second']} | {dp['articles_per_second']} | {dp['characters_per_second']} |")
        lines += ["", f"Speed ratio (characters per second, hadath / dateparser): **{report['speed_ratio']}x**.",
                  f"On the {dp['articles']} articles both ran on, hadath found {report['hadath_on_shared']} expressions, "
                  f"dateparser {dp['expressions']}; {report['agreement']['overlapping_ours']} of the "
                  f"{report['agreement']['dateparser_matches_located']} dateparser matches located in the text "
                  "overlap one of ours."]
    else:
        lines += ["", f"dateparser: {report['dateparser_note']}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=2000, help="articles for hadath (default 2000)")
    ap.add_argument("--dateparser-limit", type=int, default=None,
                    help="articles for dateparser (default: the same as --limit)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    articles = load_articles(args.corpus, args.limit)
    ours, our_spans = run_ours(articles)
    report = {"corpus": str(args.corpus), "python": platform.python_version(),
              "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
              "hadath": rates(ours)}
    print(f"hadath.temporal: {ours['articles']} articles, {ours['characters']} characters, "
          f"{ours['expressions']} expressions in {ours['seconds']} s "
          f"({ours['expressions_per_second']} expr/s, {ours['articles_per_second']} articles/s)")

    dp_count = min(args.dateparser_limit or len(articles), len(articles))
    dp, dp_results = run_dateparser(articles[:dp_count])
    if dp is None:
        report["dateparser"] = None
        report["dateparser_note"] = "not installed (.venv/bin/pip install dateparser); only hadath's figures reported"
        print("dateparser is not installed (.venv/bin/pip install dateparser): reporting hadath's figures only")
    else:
        report["dateparser"] = rates(dp)
        report["hadath_on_shared"] = sum(len(s) for s in our_spans[:dp_count])
        report["speed_ratio"] = round(ours["characters_per_second"] / max(dp["characters_per_second"], 1), 1)
        report["agreement"] = agreement(articles[:dp_count], our_spans[:dp_count], dp_results)
        print(f"dateparser {dp['version']}: {dp['articles']} articles, {dp['characters']} characters, "
              f"{dp['expressions']} expressions in {dp['seconds']} s "
              f"({dp['expressions_per_second']} expr/s, {dp['articles_per_second']} articles/s)")
        print(f"speed ratio (characters/s, hadath / dateparser): {report['speed_ratio']}x; "
              f"on the shared {dp['articles']} articles hadath found {report['hadath_on_shared']}, "
              f"dateparser {dp['expressions']}, overlapping {report['agreement']['overlapping_ours']}"
              f"/{report['agreement']['dateparser_matches_located']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "temporal.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_markdown(report, RESULTS / "temporal.md")
    print(f"wrote {RESULTS / 'temporal.json'} and {RESULTS / 'temporal.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
