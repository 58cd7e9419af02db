"""`hadath batch`: extract a whole corpus into a folder, with a process pool or Spark."""
from __future__ import annotations

import json
import sys
import time

from ..batch import ENGINES, FORMATS


def add_parser(sub) -> None:
    p = sub.add_parser("batch", help="extract a corpus (JSONL, JSONL.gz or Parquet) into a folder, locally or on Spark",
                       description="Extract every article of INPUT (JSON Lines, optionally gzipped, or Parquet: "
                       "a file or a folder) into the folder OUTPUT: records/ (JSON Lines, or Parquet partitioned "
                       "by month=YYYY-MM), errors/ (one line per document that failed, with its reason), "
                       "_SUMMARY.json, and with --dedup canonical_events.jsonl (events linked across "
                       "articles). Both engines write the same records.")
    p.add_argument("input", metavar="INPUT", help="JSON Lines (.jsonl, .jsonl.gz) or Parquet (.parquet, or a folder)")
    p.add_argument("output", metavar="OUTPUT", help="a new or empty folder")
    p.add_argument("--engine", choices=ENGINES, default="local",
                   help="local: a process pool on this machine (default); spark: PySpark mapPartitions")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="processes (local) or local[N] Spark threads when no --master is given (default 1)")
    p.add_argument("--master", metavar="URL", help="Spark master (spark://HOST:7077, yarn, local[4]); --engine spark")
    p.add_argument("--spark-log-level", metavar="LEVEL", default=None,
                   help="Spark's own logging: ERROR (default), WARN, INFO, DEBUG or OFF; --engine spark")
    p.add_argument("--format", dest="fmt", choices=FORMATS, default="jsonl", help="records as jsonl (default) or parquet")
    p.add_argument("--dedup", action="store_true", help="also link the same event across articles")
    p.add_argument("--min-confidence", metavar="X", help="leave out of the written records the events (asserted "
                   "or not) whose confidence is below X (0..1; default: keep all)")
    p.add_argument("--overwrite", action="store_true", help="replace an earlier batch output in OUTPUT")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(run=run)


def run(args) -> int:
    from dataclasses import asdict

    from ..batch import run_batch
    from ..batch.errors import BatchError

    from ..confidence import check_min_confidence

    min_confidence = check_min_confidence(args.min_confidence)
    if args.master and args.engine != "spark":
        raise BatchError("--master goes with --engine spark", source="--master")
    progress = None
    if sys.stderr.isatty() and not args.json and args.engine == "local":
        from pathlib import Path

        from ..batch.io import count_input_rows

        progress = _Progress(total=count_input_rows(Path(args.input)))
    try:
        summary = run_batch(args.input, args.output, engine=args.engine, workers=args.workers, fmt=args.fmt,
                            dedup=args.dedup, master=args.master, overwrite=args.overwrite, on_chunk=progress,
                            spark_log_level=args.spark_log_level, min_confidence=min_confidence)
    finally:
        if progress:
            progress.close()
    if args.json:
        print(json.dumps(asdict(summary), ensure_ascii=False))
    else:
        codes = ", ".join(f"{code} {n}" for code, n in summary.errors_by_code.items())
        print(f"read {summary.read:,}: {summary.records:,} records ({summary.events:,} events), "
              f"{summary.errors:,} failed{f' ({codes})' if codes else ''}, {summary.seconds:,.1f} s "
              f"[{summary.engine}, {summary.workers} worker{'s' if summary.workers != 1 else ''}] -> {summary.output}")
        if summary.canonical_events is not None:
            print(f"{summary.canonical_events:,} canonical events after linking across articles")
        if summary.errors:
            print(f"failures are listed in {summary.output}/errors/")
        if summary.warnings:  # read, with a warning (W001: invalid UTF-8 replaced)
            print(f"hadath: warning: {summary.warnings:,} documents read with a warning, listed in "
                  f"{summary.output}/errors/ (code W001...)", file=sys.stderr)
    return 1 if summary.errors else 0


class _Progress:
    """``1,500 / 31,030 documents · 54/s · 9m 7s left`` (no total nor time left when the size is unknown)."""

    def __init__(self, stream=sys.stderr, total: int | None = None, clock=time.monotonic):
        self.stream, self.total, self.clock = stream, total, clock
        self.done, self.started = 0, clock()

    def line(self) -> str:
        rate = self.done / max(self.clock() - self.started, 1e-9)
        if not self.total:
            return f"{self.done:,} documents · {rate:,.0f}/s"
        left = max(self.total - self.done, 0)
        eta = _duration(left / rate) if rate > 0 else "?"
        return f"{self.done:,} / {self.total:,} documents ({self.done / self.total:.0%}) · {rate:,.0f}/s · {eta} left"

    def __call__(self, rows: list[dict]) -> None:
        self.done += len(rows)
        self.stream.write(f"\r{self.line()}\033[K")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r\033[K")
        self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m {seconds % 60:02d}s"
    return f"{seconds // 3600}h {seconds % 3600 // 60:02d}m"
