"""Exports of stored events: json, jsonl, csv, acled-csv, plover-json, geojson, parquet.

    from hadath.export import export
    from hadath.store import EventFilter, open_store
    with open_store(None) as store, open("events.csv", "w", newline="", encoding="utf-8") as out:
        summary = export(store, "acled-csv", out, EventFilter(country="SYR"))

Every format writes events in the store's order (date, article, id). ``articles=True`` with json
or jsonl writes the stored article records instead (the layout of `hadath extract`).
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from ..errors import HadathError

FORMATS = ("json", "jsonl", "csv", "acled-csv", "plover-json", "geojson", "parquet")
BINARY_FORMATS = ("parquet",)
PARQUET_BATCH = 5000


class ExportError(HadathError):
    code = "E050"


@dataclass
class ExportSummary:
    written: int = 0
    skipped: int = 0
    skipped_why: str = ""


def export(store, fmt: str, out: IO, flt=None, articles: bool = False) -> ExportSummary:
    """Write what ``flt`` selects to ``out`` (text stream; a binary one for parquet)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", source="--format")
    if articles and fmt not in ("json", "jsonl"):
        raise ExportError("article records export as json or jsonl only", source="--articles")
    if articles:
        return _json_items(store.iter_records(), out, lines=fmt == "jsonl")
    events = store.iter_events(flt)
    if fmt in ("json", "jsonl"):
        return _json_items(events, out, lines=fmt == "jsonl")
    if fmt == "plover-json":
        from .plover import plover_record

        return _json_items((plover_record(e) for e in events), out, lines=False)
    if fmt == "csv":
        from .flat import COLUMNS, flat_row

        return _csv((flat_row(e) for e in events), COLUMNS, out)
    if fmt == "acled-csv":
        from .acled import COLUMNS, acled_row

        summary = ExportSummary(skipped_why="PLOVER types ACLED does not record (verbal, diplomatic)")
        rows = _counting((acled_row(e) for e in events), summary)
        written = _csv(rows, COLUMNS, out)
        summary.written = written.written
        return summary
    if fmt == "geojson":
        return _geojson(events, out)
    return _parquet(events, out)


def _counting(rows: Iterator[dict | None], summary: ExportSummary) -> Iterator[dict]:
    for row in rows:
        if row is None:
            summary.skipped += 1
        else:
            yield row


def _json_items(items, out: IO, lines: bool) -> ExportSummary:
    summary = ExportSummary()
    if lines:
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            summary.written += 1
        return summary
    out.write("[")
    for item in items:
        out.write(("\n" if summary.written == 0 else ",\n") + json.dumps(item, ensure_ascii=False))
        summary.written += 1
    out.write("\n]\n")
    return summary


def _csv(rows, columns, out: IO) -> ExportSummary:
    summary = ExportSummary()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
        summary.written += 1
    return summary


def _geojson(events, out: IO) -> ExportSummary:
    from .flat import flat_row

    summary = ExportSummary(skipped_why="events without coordinates")
    out.write('{"type": "FeatureCollection", "features": [')
    for event in events:
        row = flat_row(event)
        if row["lat"] is None or row["lon"] is None:
            summary.skipped += 1
            continue
        feature = {"type": "Feature", "id": row["event_uid"],
                   "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]}, "properties": row}
        out.write(("\n" if summary.written == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        summary.written += 1
    out.write("\n]}\n")
    return summary


def parquet_schema():
    import pyarrow as pa

    from .flat import COLUMNS, FLOAT, INTEGER

    return pa.schema([(c, pa.int64() if c in INTEGER else pa.float64() if c in FLOAT else pa.string())
                      for c in COLUMNS])


def _parquet(events, out: IO) -> ExportSummary:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("parquet needs pyarrow: pip install 'hadath[parquet]'", source="--format") from None
    from .flat import flat_row

    schema = parquet_schema()
    summary = ExportSummary()
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict] = []
        for event in events:
            batch.append(flat_row(event))
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                summary.written += len(batch)
                batch = []
        if batch or summary.written == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            summary.written += len(batch)
    return summary
