"""Batch extraction of large corpora: one pure function over rows, run by a process pool or Spark.

    from hadath.batch import run_batch
    summary = run_batch("corpus.jsonl.gz", "out/", engine="local", workers=2, fmt="parquet")

The output layout is in ``hadath.batch.io``; both engines write the same records.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import BatchError
from .io import FORMATS, SUMMARY_FILE, check_input, prepare_output, read_errors, read_records

ENGINES = ("local", "spark")


@dataclass
class BatchSummary:
    engine: str
    workers: int
    input: str
    output: str
    format: str
    records: int = 0
    errors: int = 0
    warnings: int = 0  # documents read with a warning (W001: bytes replaced), listed in errors/ too
    events: int = 0
    errors_by_code: dict[str, int] = field(default_factory=dict)
    canonical_events: int | None = None
    seconds: float = 0.0

    @property
    def read(self) -> int:
        return self.records + self.errors


def run_batch(input_path, output_path, engine: str = "local", workers: int = 1, fmt: str = "jsonl",
              dedup: bool = False, master: str | None = None, spark=None, overwrite: bool = False,
              on_chunk=None, spark_log_level: str | None = None, min_confidence: float | None = None) -> BatchSummary:
    """Extract every article of ``input_path`` into the folder ``output_path``; see the module doc.
    ``min_confidence`` (0..1): the written records leave out the events below it (hadath.confidence)."""
    from ..confidence import check_min_confidence

    min_confidence = check_min_confidence(min_confidence, "min_confidence")
    if engine not in ENGINES:
        raise BatchError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}", source="--engine")
    if fmt not in FORMATS:
        raise BatchError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}", source="--format")
    if workers < 1:
        raise BatchError(f"--workers must be 1 or more, not {workers}", source="--workers")
    path, out = Path(input_path), Path(output_path)
    check_input(path)
    prepare_output(out, overwrite)
    summary = BatchSummary(engine=engine, workers=workers, input=str(path), output=str(out), format=fmt)
    started = time.perf_counter()
    if engine == "local":
        from .local import run_local

        def count(rows: list[dict]) -> None:
            for row in rows:
                if row["kind"] == "record":
                    summary.records += 1
                    summary.events += row["n_events"]
            if on_chunk is not None:
                on_chunk(rows)

        run_local(path, out, fmt, workers, on_chunk=count, min_confidence=min_confidence)
    else:
        from .spark import run_spark, spark_session

        session = spark or spark_session(master, workers, **({"log_level": spark_log_level} if spark_log_level else {}))
        try:
            counts = run_spark(path, out, fmt, session, min_confidence=min_confidence)
        finally:
            if spark is None:
                session.stop()
        summary.records, summary.events = counts.get("record", (0, 0))
    problems = read_errors(out)
    errors = [e for e in problems if not str(e.get("code", "")).startswith("W")]
    summary.warnings = len(problems) - len(errors)
    summary.errors = len(errors)
    summary.errors_by_code = dict(sorted(Counter(e["code"] for e in errors).items()))
    if dedup:
        from ..dedup import link_records, write_canonical

        canonical = link_records(read_records(out))
        summary.canonical_events = write_canonical(canonical, out / "canonical_events.jsonl")
    summary.seconds = round(time.perf_counter() - started, 3)
    (out / SUMMARY_FILE).write_text(json.dumps(asdict(summary), ensure_ascii=False, indent=2) + "\n",
                                    encoding="utf-8")
    return summary


__all__ = ["BatchSummary", "ENGINES", "FORMATS", "run_batch", "read_records", "read_errors"]
