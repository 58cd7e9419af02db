"""`hadath extract`: articles in, one JSON record per article out."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterator

from ..errors import UsageError
from ..model import Article
from ..decoding import MAX_BYTES, decode_bytes
from ..reader import RecordError, check_text, parse_date, read_folder, read_jsonl, read_text, warned


def add_parser(sub) -> None:
    ex = sub.add_parser("extract", help="extract actors, places, dates and events from Arabic articles",
                        description="Read Arabic articles and write one JSON record per article (JSON Lines).")
    ex.add_argument("inputs", nargs="*", metavar="PATH",
                    help="article files (.txt), folders (their .txt and .jsonl files), or - for standard input")
    ex.add_argument("--jsonl", action="append", default=[], metavar="FILE",
                    help="JSON Lines input, one {id, text, published, [title, source, url]} per line (repeatable)")
    ex.add_argument("--published", metavar="YYYY-MM-DD", help="publication date of plain-text input")
    ex.add_argument("--id", dest="article_id", metavar="ID", help="article id for a single plain-text input")
    ex.add_argument("-o", "--output", metavar="FILE", help="write records here instead of standard output")
    ex.add_argument("--pretty", action="store_true", help="indented JSON (one record per block)")
    ex.add_argument("--min-confidence", metavar="X", help="leave out the events (asserted or not) whose confidence "
                    "is below X (0..1; default: keep all); actors and places stay")
    ex.set_defaults(run=run)


def articles_from_args(inputs: list[str], jsonl: list[str], published_text: str | None,
                       article_id: str | None = None) -> Iterator[Article | RecordError]:
    """Every article named on a command line, in order; bad inputs come back as RecordError."""
    published = parse_date(published_text, "--published")
    if article_id and len(inputs) != 1:
        raise UsageError("--id names one article; give exactly one plain-text input with it", source="--id")
    for item in inputs:
        if item == "-":
            decoded = decode_bytes(sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>")  # one byte over: E007
            check_text(decoded.text, "<stdin>")
            yield Article(id=article_id or "stdin", text=decoded.text, published=published, warnings=warned(decoded))
            continue
        path = Path(item)
        if path.is_dir():
            yield from read_folder(path, published)
        elif path.suffix in (".jsonl", ".gz"):
            yield from read_jsonl(path)
        else:
            decoded = read_text(path)
            yield Article(id=article_id or path.stem, text=decoded.text, published=published,
                          warnings=warned(decoded))
    for item in jsonl:
        yield from read_jsonl(Path(item))


def run(args) -> int:
    from ..output import to_record
    from ..pipeline import Pipeline

    if not args.inputs and not args.jsonl:
        raise UsageError("nothing to read: give a FILE, a folder, - for standard input, or --jsonl FILE",
                          source="extract")
    from ..confidence import check_min_confidence, filter_record

    min_confidence = check_min_confidence(args.min_confidence)
    pipe = Pipeline()
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    failures = written = 0
    try:
        for item in articles_from_args(args.inputs, args.jsonl, args.published, args.article_id):
            if isinstance(item, RecordError):
                failures += 1
                print(f"hadath: skipped: {item.error}", file=sys.stderr)
                continue
            for warning in item.warnings:
                print(f"hadath: warning: {warning}", file=sys.stderr)
            record = filter_record(to_record(pipe(item)), min_confidence)
            out.write(json.dumps(record, ensure_ascii=False, indent=2 if args.pretty else None) + "\n")
            written += 1
    finally:
        if out is not sys.stdout:
            out.close()
    if failures:
        print(f"hadath: {written} records written, {failures} inputs skipped", file=sys.stderr)
    return 1 if failures else 0
