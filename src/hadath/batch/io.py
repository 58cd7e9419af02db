"""Batch input and output: the layout both engines read and write.

Input: a JSON Lines file (optionally gzipped) of {id, text, published, [title, source, url]}
records (SaudiNewsNet's content/date_extracted are read too), or Parquet (a file or a folder of
files) with those columns.

Output, a folder:

    OUTPUT/records/part-*.jsonl                    --format jsonl: one extract record a line
    OUTPUT/records/month=YYYY-MM/part-*.parquet    --format parquet: n, id, published, month, title,
                                                   source, url, n_actors, n_places, n_events, record (JSON)
    OUTPUT/errors/part-*.jsonl                     one line per document that failed: n, where, id, code, message;
                                                   and one per warning (code W001...) of a document read
    OUTPUT/canonical_events.jsonl                  with --dedup: events linked across articles
    OUTPUT/_SUMMARY.json                           counts, engine, timings

Part files hold the input's order (the parts in name order, the rows in each); records whose
article has no date go to ``month=none``.
"""
from __future__ import annotations

import gzip
import json
import shutil
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..reader import jsonl_lines
from .errors import BatchError
from .rows import input_row, problem_rows

FORMATS = ("jsonl", "parquet")
RECORD_COLUMNS = ("n", "id", "published", "month", "title", "source", "url", "n_actors", "n_places", "n_events",
                  "record")
_INTEGER_COLUMNS = {"n", "n_actors", "n_places", "n_events"}
ERROR_COLUMNS = ("n", "where", "id", "code", "message")
SUMMARY_FILE = "_SUMMARY.json"


def input_kind(path: Path) -> str:
    name = path.name.lower()
    if path.is_dir() or name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json.gz", ".gz")):
        return "jsonl"
    raise BatchError("not a batch input: give a .jsonl or .jsonl.gz file, a .parquet file, or a folder of "
                     "Parquet files", source=str(path))


def check_input(path: Path) -> str:
    if not path.exists():
        raise BatchError("no such file or folder", source=str(path))
    kind = input_kind(path)
    if kind == "parquet" and path.is_dir() and not parquet_files(path):
        raise BatchError("the folder holds no .parquet files", source=str(path))
    return kind


def parquet_files(path: Path) -> list[Path]:
    return [path] if path.is_file() else sorted(p for p in path.rglob("*.parquet") if p.is_file())


def iter_input_rows(path: Path) -> Iterator[dict]:
    """Every input row of ``path`` in order (the local engine reads them here)."""
    if check_input(path) == "parquet":
        yield from _parquet_rows(path)
    else:
        yield from _jsonl_rows(path)


COUNT_GZIP_UP_TO = 500_000_000  # bytes of a gzipped input worth reading once more to know its size


def count_input_rows(path: Path) -> int | None:
    """How many documents ``path`` holds (its non-blank lines, or Parquet's row count); None when unknown.

    A progress line shows a total and the time left with it. A gzipped file over COUNT_GZIP_UP_TO
    bytes is not read twice: its size stays unknown.
    """
    try:
        kind = check_input(path)
        if kind == "parquet":
            pq = _pyarrow_parquet()
            return sum(pq.ParquetFile(f).metadata.num_rows for f in parquet_files(path))
        if path.name.lower().endswith(".gz"):
            if path.stat().st_size > COUNT_GZIP_UP_TO:
                return None
            opener = gzip.open
        else:
            opener = open
        with opener(path, "rb") as handle:
            return sum(1 for raw in handle if raw.strip())
    except (OSError, EOFError, zlib.error, BatchError):
        return None


def _jsonl_rows(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    n = 0
    try:
        with opener(path, "rb") as handle:
            # the worker decodes each line by the reader's rule (hadath.reader.article_from_line)
            for n, offset, raw in jsonl_lines(handle):
                if raw is None:
                    yield {**input_row(n, f"{path}:{n}", b""), "too_long": True}
                else:
                    yield {**input_row(n, f"{path}:{n}", raw), "offset": offset}
    except (OSError, EOFError, zlib.error) as exc:
        yield {**input_row(n + 1, f"{path}:{n + 1}", ""), "bad": f"the file is damaged after line {n}: {exc}"}


def _parquet_rows(path: Path) -> Iterator[dict]:
    pq = _pyarrow_parquet()
    n = 0
    for file in parquet_files(path):
        try:
            handle = pq.ParquetFile(file)
        except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds for a file that is no Parquet
            raise BatchError(f"not a readable Parquet file: {exc}", source=str(file)) from None
        for batch in handle.iter_batches(batch_size=1000):
            for obj in batch.to_pylist():
                n += 1
                yield {"n": n, "where": f"{file}#{n}", "record": obj}


def _pyarrow_parquet():
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise BatchError("Parquet needs pyarrow: pip install 'hadath[parquet]'", source="parquet") from None
    return pq


def record_schema():
    import pyarrow as pa

    return pa.schema([(c, pa.int64() if c in _INTEGER_COLUMNS else pa.string()) for c in RECORD_COLUMNS])


def prepare_output(out: Path, overwrite: bool) -> None:
    """An empty output folder: refuse to mix a new run into an old one unless told to replace it."""
    if out.exists() and not out.is_dir():
        raise BatchError("exists and is not a folder; batch writes a folder", source=str(out))
    if out.exists() and any(out.iterdir()):
        if not overwrite:
            raise BatchError("the folder is not empty; give an empty or new folder, or --overwrite",
                             source=str(out))
        if not (out / SUMMARY_FILE).exists() and not (out / "records").exists():
            raise BatchError("--overwrite replaces batch outputs only, and this folder holds something else",
                             source=str(out))
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


class LocalWriter:
    """Writes the output rows of the local engine in the layout above, as they come."""

    PARQUET_ROWS = 1000  # records held before a Parquet part is written: bounds the memory of a long run

    def __init__(self, out: Path, fmt: str):
        if fmt not in FORMATS:
            raise BatchError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}", source="--format")
        self.out, self.fmt, self.parts = out, fmt, 0
        (out / "records").mkdir(parents=True, exist_ok=True)
        (out / "errors").mkdir(parents=True, exist_ok=True)
        self._errors = open(out / "errors" / "part-00000.jsonl", "w", encoding="utf-8")
        self._records = (open(out / "records" / "part-00000.jsonl", "w", encoding="utf-8")
                         if fmt == "jsonl" else None)
        self._pending: list[dict] = []

    def write(self, rows: list[dict]) -> None:
        for row in rows:
            for problem in problem_rows(row):  # errors, and the warnings of records (W001...)
                self._errors.write(json.dumps({c: problem.get(c) for c in ERROR_COLUMNS}, ensure_ascii=False) + "\n")
            if row["kind"] == "error":
                continue
            if self._records is not None:
                self._records.write(row["record"] + "\n")
            else:
                self._pending.append({c: row.get(c) for c in RECORD_COLUMNS})
        if len(self._pending) >= self.PARQUET_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        table = pa.Table.from_pylist(self._pending, schema=record_schema())
        _pyarrow_parquet().write_to_dataset(table, str(self.out / "records"), partition_cols=["month"],
                                            basename_template=f"part-{self.parts:05d}-{{i}}.parquet")
        self.parts += 1
        self._pending = []

    def close(self) -> None:
        if self._pending:
            self._flush()
        self._errors.close()
        if self._records is not None:
            self._records.close()


def read_records(out: Path) -> Iterator[dict]:
    """The extract records of a batch output folder, in input order."""
    records = out / "records"
    if not records.is_dir():
        raise BatchError("no records/ folder: not a batch output", source=str(out))
    parts = sorted(p for p in records.rglob("part-*") if p.is_file() and not p.name.endswith(".crc"))
    if any(p.suffix == ".parquet" for p in parts):
        table = _pyarrow_parquet().read_table(str(records), columns=["n", "record"])
        for _n, record in sorted(zip(table.column("n").to_pylist(), table.column("record").to_pylist())):
            yield json.loads(record)
        return
    for part in parts:
        with open(part, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)


def read_errors(out: Path) -> list[dict]:
    """The error rows of a batch output folder, in input order."""
    rows: list[dict] = []
    for part in sorted((out / "errors").glob("part-*")):
        if part.name.endswith(".crc"):
            continue
        with open(part, encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle if line.strip()]
    return sorted(rows, key=lambda r: r["n"])
