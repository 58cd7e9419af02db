"""Command line: a thin layer over the library. Library errors become one-line messages."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterator

from . import __version__
from .errors import HadathError
from .model import Article
from .reader import RecordError, decode, check_text, parse_date, read_folder, read_jsonl, read_text_file


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hadath", description="Arabic news in, event data out.")
    parser.add_argument("--version", action="version", version=f"hadath {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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

    kb = sub.add_parser("kb", help="knowledge-base tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")
    kb_sub.add_parser("validate", help="check every knowledge-base file")
    kb_sub.add_parser("stats", help="count the entries of the knowledge base")
    return parser


def _articles(args) -> Iterator[Article | RecordError]:
    published = parse_date(args.published, "--published")
    plain = [p for p in args.inputs]
    if args.article_id and len(plain) != 1:
        raise HadathError("--id names one article; give exactly one plain-text input with it", source="--id")
    for item in plain:
        if item == "-":
            text = check_text(decode(sys.stdin.buffer.read(), "<stdin>"), "<stdin>")
            yield Article(id=args.article_id or "stdin", text=text, published=published)
            continue
        path = Path(item)
        if path.is_dir():
            yield from read_folder(path, published)
        elif path.suffix in (".jsonl", ".gz"):
            yield from read_jsonl(path)
        else:
            yield Article(id=args.article_id or path.stem, text=read_text_file(path), published=published)
    for item in args.jsonl:
        yield from read_jsonl(Path(item))


def _extract(args) -> int:
    from .output import to_record
    from .pipeline import Pipeline

    if not args.inputs and not args.jsonl:
        raise HadathError("nothing to read: give a FILE, a folder, - for standard input, or --jsonl FILE",
                          source="extract")
    pipe = Pipeline()
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    failures = written = 0
    try:
        for item in _articles(args):
            if isinstance(item, RecordError):
                failures += 1
                print(f"hadath: skipped: {item.error}", file=sys.stderr)
                continue
            record = to_record(pipe(item))
            out.write(json.dumps(record, ensure_ascii=False, indent=2 if args.pretty else None) + "\n")
            written += 1
    finally:
        if out is not sys.stdout:
            out.close()
    if failures:
        print(f"hadath: {written} records written, {failures} inputs skipped", file=sys.stderr)
    return 1 if failures else 0


def _kb(args) -> int:
    if args.kb_command == "validate":
        from .kb.validate import main as validate_main

        return validate_main([])
    from .kb.stats import stats

    print(json.dumps(stats(), ensure_ascii=False, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "extract":
            return _extract(args)
        return _kb(args)
    except HadathError as exc:
        print(f"hadath: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
