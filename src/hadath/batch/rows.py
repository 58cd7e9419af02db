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


def input_row(n: int, where: str, line: bytes | str) -> dict:
    """A JSON Lines input line as an input row (decoded and parsed later, by the worker)."""
    return {"n": n, "where": where, "line": line}


def _article(row: dict):
    from ..errors import UndecodableInput
    from ..reader import article_from_line, article_from_record, record_with_aliases, too_long

    if row.get("bad"):
        raise UndecodableInput(row["bad"], source=row["where"])
    if row.get("too_long"):
        raise too_long(row["where"])
    obj = row.get("record")
    if obj is None:
        line = row["line"]
        raw = line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass")
        article = article_from_line(raw, row["where"], f"row-{row['n']}", row.get("offset") or 0)
        if row.get("decoded_by_spark") and b"\xef\xbf\xbd" in raw:
            article = _spark_replaced(article, raw, row["where"])
        return article
    return article_from_record(record_with_aliases(obj), row["where"], f"row-{row['n']}")


def extract_row(row: dict, pipeline=None, min_confidence: float | None = None) -> dict:
    """One input row in, one output row out; a failure of this document becomes an error row.
    ``min_confidence``: the record leaves out the events below it (hadath.confidence)."""
    from ..confidence import filter_record
    from ..output import to_record

    try:
        article = _article(row)
    except HadathError as exc:
        return error_row(row, exc.code, str(exc))
    try:
        record = filter_record(to_record((pipeline or worker_pipeline())(article)), min_confidence)
    except Exception as exc:  # noqa: BLE001 - one document's failure is recorded, never fails the job
        failed = ExtractionFailed(f"extraction failed: {type(exc).__name__}: {exc}", source=row["where"])
        return error_row(row, failed.code, str(failed), article.id)
    published = record.get("published")
    warnings = [{"code": w.code, "message": str(w)} for w in article.warnings]
    return {"n": row["n"], "kind": "record", "id": record["id"], "published": published, "where": row["where"],
            "warnings": warnings,
            "month": published[:7] if published else NO_MONTH, "title": record.get("title"),
            "source": record.get("source"), "url": record.get("url"), "n_actors": len(record["actors"]),
            "n_places": len(record["places"]), "n_events": len(record["events"]),
            "record": json.dumps(record, ensure_ascii=False, sort_keys=True)}


def _spark_replaced(article, raw: bytes, where: str):
    """Spark's text reader (the JVM) replaces invalid UTF-8 by U+FFFD before Python sees the line:
    a U+FFFD may be such a byte, so it is reported rather than kept silent."""
    from dataclasses import replace

    from ..errors import ReplacedBytes

    at = raw.index(b"\xef\xbf\xbd")
    warning = ReplacedBytes(f"the line holds U+FFFD (the first at byte {at:,} of the line): invalid UTF-8 that "
                            "Spark's reader replaced, or a U+FFFD of the data (the local engine tells them apart)",
                            source=where, offset=at, count=raw.count(b"\xef\xbf\xbd"))
    return replace(article, warnings=(*article.warnings, warning))


def problem_rows(row: dict) -> list[dict]:
    """The lines of the errors output an output row makes: its error, or its record's warnings."""
    if row["kind"] == "error":
        return [row]
    return [{"n": row["n"], "kind": "warning", "id": row.get("id"), "where": row.get("where"), **w}
            for w in row.get("warnings") or ()]


def error_row(row: dict, code: str, message: str, article_id: str | None = None) -> dict:
    return {"n": row["n"], "kind": "error", "id": article_id, "where": row["where"], "code": code,
            "message": message}


def extract_rows(rows: Iterable[dict], min_confidence: float | None = None) -> Iterator[dict]:
    """The partition function: every input row's output row, in order."""
    for row in rows:
        yield extract_row(row, min_confidence=min_confidence)
