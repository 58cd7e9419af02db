"""`hadath ingest`: extract articles and keep them in the store (idempotent, resumable)."""
from __future__ import annotations

import json
import sys
import time
from collections import Counter

SHOWN_FAILURES = 20

from ..store.help import DB_HELP


def add_parser(sub) -> None:
    p = sub.add_parser("ingest", help="extract articles and store them (files, folders, feeds, URL lists)",
                       description="Read articles, extract them and store them in the database. Inputs: .txt "
                       "(with NAME.meta.json), .html, .jsonl and .jsonl.gz files, RSS/Atom feed files (.rss, "
                       ".atom, .xml), URL lists (.urls, or a .txt of URLs one a line), and folders of these "
                       "(searched recursively). Articles already stored (same URL or same normalised text) are "
                       "skipped, so running it again resumes an interrupted ingest.")
    p.add_argument("inputs", nargs="+", metavar="PATH", help="files or folders to read")
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    p.add_argument("--published", metavar="YYYY-MM-DD",
                   help="publication date for inputs that carry none (records and page metadata come first)")
    p.add_argument("--no-fetch", action="store_true", help="never fetch URLs over the network")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=run)


class Progress:
    """A one-line progress bar on standard error, redrawn at most a few times a second."""

    def __init__(self, total: int | None, stream=sys.stderr):
        self.total, self.stream = total, stream
        self.started: float | None = None  # the first item: loading the knowledge base is no ingest time
        self.first = 0
        self.drawn = float("-inf")  # the first item draws at once

    def __call__(self, summary, outcome: str) -> None:
        now = time.monotonic()
        if self.started is None:
            self.started, self.first = now, summary.read
        if now - self.drawn < 0.2:
            return
        self.drawn = now
        rate = (summary.read - self.first) / max(now - self.started, 1e-9)
        counts = f"{summary.new:,} new · {summary.duplicates:,} dup · {summary.failed:,} failed · {rate:,.0f}/s"
        if self.total:
            share = min(1.0, summary.read / self.total)
            bar = "#" * int(share * 24)
            left = (self.total - summary.read) / rate if rate else None
            eta = "" if left is None else f" · ETA {left:.0f} s" if left < 120 else f" · ETA {left / 60:.0f} min"
            line = f"[{bar:<24}] {share:4.0%} {summary.read:,}/{self.total:,} · {counts}{eta}"
        else:
            line = f"{summary.read:,} read · {counts}"
        self.stream.write("\r" + line[:150] + "\033[K")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r\033[K")
        self.stream.flush()


def run(args) -> int:
    from ..ingest import Options, ingest, pending_from_paths
    from ..reader import parse_date
    from ..store import open_store

    published = parse_date(args.published, "--published")
    progress = None
    if sys.stderr.isatty() and not args.quiet and not args.json:
        total = sum(1 for _ in pending_from_paths(args.inputs, Options(published=published,
                                                                       fetch=not args.no_fetch)))
        progress = Progress(total)
    with open_store(args.db) as store:
        try:
            summary = ingest(store, args.inputs, published=published, fetch=not args.no_fetch, on_item=progress)
        except KeyboardInterrupt:
            if progress:
                progress.close()
            print("hadath: interrupted; what was stored is kept, run the same command again to resume",
                  file=sys.stderr)
            return 130
        finally:
            if progress:
                progress.close()
        stored = store.count_articles()
    if args.json:
        print(json.dumps({**summary.as_dict(), "stored": stored}, ensure_ascii=False))
    else:
        print(f"read {summary.read:,}, new {summary.new:,}, duplicates {summary.duplicates:,}, "
              f"failed {summary.failed:,} ({stored:,} articles stored)")
        if summary.failures:
            codes = Counter(f.reason[1:5] if f.reason.startswith("[E") else "?" for f in summary.failures)
            print("failures by code: " + ", ".join(f"{code} {n}" for code, n in sorted(codes.items())))
            for failure in summary.failures[:SHOWN_FAILURES]:
                print(f"  failed: {failure.reason}")
            if summary.failed > SHOWN_FAILURES:
                print(f"  … and {summary.failed - SHOWN_FAILURES:,} more (--json lists them all)")
    for warning in summary.warnings[:SHOWN_FAILURES]:  # standard error, also with --json
        print(f"hadath: warning: {warning.reason}", file=sys.stderr)
    if len(summary.warnings) > SHOWN_FAILURES:
        print(f"hadath: … and {len(summary.warnings) - SHOWN_FAILURES:,} more warnings (--json lists them all)",
              file=sys.stderr)
    return 1 if summary.failures else 0


