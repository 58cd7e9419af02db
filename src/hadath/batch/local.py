"""The local engine: the partition function over a process pool on one machine."""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from functools import partial
from itertools import islice
from pathlib import Path

from .io import LocalWriter, iter_input_rows
from .rows import extract_rows

CHUNK = 25  # documents a task: small enough to balance the workers, large enough to amortise the hand-over


def _chunks(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    while True:
        chunk = list(islice(rows, size))
        if not chunk:
            return
        yield chunk


def _extract_chunk(rows: list[dict], min_confidence: float | None = None) -> list[dict]:
    return list(extract_rows(rows, min_confidence=min_confidence))


def run_local(path: Path, out: Path, fmt: str, workers: int,
              on_chunk: Callable[[list[dict]], None] | None = None, min_confidence: float | None = None) -> None:
    """Extract every row of ``path`` into ``out``; ``workers`` 1 runs in this process."""
    writer = LocalWriter(out, fmt)
    chunks = _chunks(iter_input_rows(path), CHUNK)
    task = partial(_extract_chunk, min_confidence=min_confidence)
    try:
        if workers <= 1:
            results = map(task, chunks)
            _drain(results, writer, on_chunk)
        else:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                _drain(pool.imap(task, chunks), writer, on_chunk)
    finally:
        writer.close()


def _drain(results, writer: LocalWriter, on_chunk) -> None:
    for rows in results:
        writer.write(rows)
        if on_chunk is not None:
            on_chunk(rows)
