"""Ingest: read articles from files, folders, feeds and URL lists, extract them, and store them.

    from hadath.ingest import ingest
    from hadath.store import open_store
    with open_store(None) as store:
        summary = ingest(store, ["articles/"], published=None)

Articles are committed in batches of about half a second (each article all-or-nothing), so an
interrupted ingest keeps what it stored and a second run resumes: what is stored already (same URL or same normalised text) is skipped
before any extraction or fetching. A bad input is counted and reported, never fatal.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import HadathError
from .sources import Options, Pending, pending_from_paths

BATCH_SECONDS = 0.5

__all__ = ["Failure", "IngestSummary", "Options", "Pending", "ingest", "pending_from_paths"]


@dataclass(frozen=True)
class Failure:
    source: str
    reason: str  # the error's one-line message, with its code


@dataclass
class IngestSummary:
    read: int = 0
    new: int = 0
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)  # read, with a W0xx (bytes replaced...)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def as_dict(self) -> dict:
        return {"read": self.read, "new": self.new, "duplicates": self.duplicates, "failed": self.failed,
                "failures": [{"source": f.source, "reason": f.reason} for f in self.failures],
                "warnings": [{"source": w.source, "reason": w.reason} for w in self.warnings]}


def ingest(store, paths: list[str], published: dt.date | None = None, fetch: bool = True, pipeline=None,
           on_item: Callable[[IngestSummary, str], None] | None = None) -> IngestSummary:
    """Read, extract and store every article of ``paths``; ``on_item(summary, outcome)`` after each."""
    from ..output import to_record
    from ..pipeline import Pipeline

    pipe = pipeline or Pipeline()
    summary = IngestSummary()
    items = iter(pending_from_paths(paths, Options(published=published, fetch=fetch)))
    finished = False
    while not finished:
        interrupted = None
        with store.batch():  # committed about every BATCH_SECONDS, and on Ctrl-C
            deadline = time.monotonic() + BATCH_SECONDS
            try:
                for pending in items:
                    summary.read += 1
                    outcome = _one(store, pipe, to_record, pending, summary)
                    if on_item is not None:
                        on_item(summary, outcome)
                    if time.monotonic() > deadline:
                        break
                else:
                    finished = True
            except KeyboardInterrupt as exc:  # keep what was stored: the batch commits, then we stop
                interrupted = exc
        if interrupted is not None:
            raise interrupted
    if summary.new:
        store.optimize()
    return summary


def _one(store, pipe, to_record, pending: Pending, summary: IngestSummary) -> str:
    if pending.url and store.has_url(pending.url):
        summary.duplicates += 1
        return "duplicate"
    try:
        article = pending.load()
        summary.warnings += [Failure(pending.source, str(w)) for w in article.warnings]
        if store.contains(article):
            summary.duplicates += 1
            return "duplicate"
        record = to_record(pipe(article))
    except HadathError as exc:
        summary.failures.append(Failure(pending.source, str(exc)))
        return "failed"
    except Exception as exc:  # noqa: BLE001 - an extractor bug on one article must not stop a long ingest
        summary.failures.append(Failure(pending.source, f"[E000] {pending.source}: extraction failed: "
                                                        f"{type(exc).__name__}: {exc}"))
        return "failed"
    try:
        added = store.add(article, record)  # a database failure is no input's fault: it propagates
    except HadathError as exc:
        summary.failures.append(Failure(pending.source, str(exc)))
        return "failed"
    if added:
        summary.new += 1
        return "new"
    summary.duplicates += 1
    return "duplicate"
