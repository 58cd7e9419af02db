"""The batch extractor as a pure function over rows: what both engines run, partition by partition.

An input row is a plain dict (``n``: its place in the input, ``where``: file:line for messages,
and the fields of a JSON record: id, text or content, published or date, title, source, url).
An output row is a plain dict too, either a record or an error, so that it crosses process and
Spark boundaries as it is. The knowledge base loads once per worker process, on its first row.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..errors import HadathError
from .errors import ExtractionFailed

NO_MONTH = "none"  # the partition of records whose article has no date


@lru_cache(maxsize=1)
def worker_pipeline():
    """One pipeline (and knowledge base) per worker process, built on first use."""
    from ..pipeline import Pipeline

    return Pipeline()


def input_row(n: int, where: str, line: str) -> dict:
    """A JSON Lines input line as an input row (parsed later, by the worker)."""
    return {"n": n, "where": where, "line": line}


def _article(row: dict):
    from ..errors import BadRecord, UndecodableInput
    from ..reader import article_from_record, record_with_aliases

    if row.get("bad"):
        raise UndecodableInput(row["bad"], source=row["where"])
    obj = row.get("record")
    if obj is None:
        try:
            obj = json.loads(row["line"])
        except json.JSONDecodeError as exc:
            raise BadRecord(f"not JSON ({exc.msg} at column {exc.colno})", source=row["where"]) from None
    return article_from_record(record_with_aliases(obj), row["where"], f"row-{row['n']}")


def extract_row(row: dict, pipeline=None) -> dict:
    """One input row in, one output row out; a failure of this document becomes an error row."""
    from ..output import to_record

    try:
        article = _article(row)
    except HadathError as exc:
        return error_row(row, exc.code, str(exc))
    try:
        record = to_record((pipeline or worker_pipeline())(article))
    except Exception as exc:  # noqa: BLE001 - one document's failure is recorded, never fails the job
        failed = ExtractionFailed(f"extraction failed: {type(exc).__name__}: {exc}", source=row["where"])
        return error_row(row, failed.code, str(failed), article.id)
    published = record.get("published")
    return {"n": row["n"], "kind": "record", "id": record["id"], "published": published,
            "month": published[:7] if published else NO_MONTH, "title": record.get("title"),
            "source": record.get("source"), "url": record.get("url"), "n_actors": len(record["actors"]),
            "n_places": len(record["places"]), "n_events": len(record["events"]),
            "record": json.dumps(record, ensure_ascii=False, sort_keys=True)}


def error_row(row: dict, code: str, message: str, article_id: str | None = None) -> dict:
    return {"n": row["n"], "kind": "error", "id": article_id, "where": row["where"], "code": code,
            "message": message}


def extract_rows(rows: Iterable[dict]) -> Iterator[dict]:
    """The partition function: every input row's output row, in order."""
    for row in rows:
        yield extract_row(row)
