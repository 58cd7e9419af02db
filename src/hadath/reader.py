"""Reading articles from files, standard input and JSON Lines, with clear errors.

Bytes become text by one rule (hadath.decoding); a JSON Lines line, whatever it holds, becomes
an article or one error for that line, never an exception that stops the run.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from .decoding import MAX_BYTES, Decoded, decode_bytes, mostly_printable
from .errors import (BadDate, BadRecord, EmptyInput, HadathError, HadathWarning, InputNotFound, InputTooLarge,
                     NotArabic, UndecodableInput)
from .model import Article
from .text.normalize import arabic_share

MIN_ARABIC_SHARE = 0.3

# other names for the fields of a JSON record (SaudiNewsNet writes content and date_extracted)
FIELD_ALIASES = {"text": ("text", "content", "body", "article"),
                 "published": ("published", "date", "date_published", "pubdate", "date_extracted")}

# a date, or a full ISO date-time (T or a space; seconds, fractions and a zone optional)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATE_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?"
                        r"(Z|[+-](\d{2}):?(\d{2}))?", re.IGNORECASE)


def parse_date(value: object, source: str | None = None) -> dt.date | None:
    """A date (YYYY-MM-DD) or a full ISO date-time that really exists, as its date; None for none.
    Anything else is E004: 2017-11-15T25:00 is no time, and 2017-02-30 no day."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):  # Parquet date and timestamp columns
        return value.date() if isinstance(value, dt.datetime) else value
    text = value.strip() if isinstance(value, str) else None
    match = _DATE.fullmatch(text) if text else None
    timed = _DATE_TIME.fullmatch(text) if text and not match else None
    try:
        if match:
            return dt.date(*map(int, match.groups()))
        if timed:
            year, month, day, hour, minute, second = (int(g or 0) for g in timed.groups()[:6])
            dt.datetime(year, month, day, hour, minute, second)  # raises for a time that does not exist
            if timed.group(8) is not None and (int(timed.group(8)) > 23 or int(timed.group(9)) > 59):
                raise ValueError("no such time zone offset")
            return dt.date(year, month, day)
    except ValueError:
        pass
    raise BadDate(f"{value!r} is not a date; give it as YYYY-MM-DD (e.g. 2017-11-15) or a full ISO date-time "
                  "(2017-11-15T09:30:00)", source=source)


def decode(data: bytes, source: str) -> str:
    """The text of ``data`` (see hadath.decoding); callers that keep the text use decode_bytes for its warning."""
    return decode_bytes(data, source).text


def check_text(text: str, source: str) -> str:
    """The text, if hadath can read it: not blank, no NUL or lone surrogates, mostly printable, Arabic."""
    if not text.strip():
        raise EmptyInput("no text to extract from", source=source)
    if "\x00" in text:  # the same for every command: PostgreSQL could not store it, and no article holds it
        raise UndecodableInput(f"the text holds a NUL character (U+0000, at character {text.index(chr(0)):,}); "
                               "is it a binary file?", source=source)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UndecodableInput(f"holds a lone surrogate (character {exc.start:,}), which is not valid Unicode",
                               source=source) from None
    if not mostly_printable(text):
        raise UndecodableInput("holds control characters; is it a binary file?", source=source)
    if arabic_share(text) < MIN_ARABIC_SHARE:
        raise NotArabic(f"only {arabic_share(text):.0%} of its letters are Arabic; hadath reads Arabic text",
                        source=source)
    return text


def read_text(path: Path) -> Decoded:
    """A text file, decoded and checked; its ``warning`` says when bytes were replaced."""
    if not path.exists():
        raise InputNotFound("no such file", source=str(path))
    if path.is_dir():
        raise InputNotFound("is a folder; give a file, or use a folder with 'extract' to read all its .txt files",
                            source=str(path))
    if path.stat().st_size > MAX_BYTES:  # refused before it is read into memory
        raise InputTooLarge(f"{path.stat().st_size:,} bytes is over the limit of {MAX_BYTES:,}; split the article",
                            source=str(path))
    decoded = decode_bytes(path.read_bytes(), str(path))
    check_text(decoded.text, str(path))
    return decoded


def read_text_file(path: Path) -> str:
    """The text of ``read_text`` (without its warning)."""
    return read_text(path).text


def warned(decoded: Decoded) -> tuple[HadathWarning, ...]:
    return (decoded.warning,) if decoded.warning is not None else ()


@dataclass(frozen=True)
class RecordError:
    source: str
    line: int
    error: HadathError


def record_with_aliases(obj: object) -> object:
    """A JSON record with its text and date under the names hadath reads."""
    if not isinstance(obj, dict):
        return obj
    out = dict(obj)
    for field, names in FIELD_ALIASES.items():
        if not out.get(field):
            present = [out[name] for name in names if name in out]
            # the first non-empty one; an empty one still counts (an empty article, not a missing field)
            out[field] = next((v for v in present if v), present[0] if present else None)
    return out


def article_from_record(obj: object, source: str, default_id: str,
                        warnings: tuple[HadathWarning, ...] = ()) -> Article:
    """The article of a JSON record (after record_with_aliases); E005 for a record of the wrong shape."""
    if not isinstance(obj, dict):
        raise BadRecord(f"expected a JSON object with 'text', got {_json_type(obj)}", source=source)
    text = obj.get("text")
    if not isinstance(text, str):
        raise BadRecord("the record has no 'text' string", source=source)
    if len(text) > MAX_BYTES // 2 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputTooLarge(f"the text is over the limit of {MAX_BYTES:,} bytes; split the article", source=source)
    check_text(text, source)
    fields = {name: _string_field(obj, name, source) for name in ("title", "source", "url")}
    article_id = obj.get("id")
    if isinstance(article_id, bool) or not isinstance(article_id, (str, int, type(None))):
        raise BadRecord(f"'id' is {_json_type(article_id)}; give a string", source=source)
    article_id = _string_field(obj, "id", source) if isinstance(article_id, str) else article_id
    return Article(id=str(article_id if article_id not in (None, "") else default_id), text=text,
                   published=parse_date(obj.get("published") or obj.get("date"), source), warnings=warnings,
                   **fields)


def _string_field(obj: dict, name: str, source: str) -> str | None:
    value = obj.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRecord(f"'{name}' is {_json_type(value)}; give a string or null", source=source)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRecord(f"'{name}' holds a lone surrogate, which is not valid Unicode", source=source) from None
    return value


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
             float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def parse_record_line(raw: bytes, where: str, offset: int = 0) -> tuple[dict, HadathWarning | None]:
    """One JSON Lines line as a JSON object, with the warning of its decoding. Whatever the line
    holds (any depth, any bytes, NaN, a huge number, an array), a bad one is one E005 (E007 when
    over the size limit); ``offset`` is where the line starts in its file."""
    try:
        decoded = decode_bytes(raw, where, offset=offset)
    except UndecodableInput as exc:
        raise BadRecord(f"not a JSON record: {exc.message}", source=where) from None
    try:
        obj = json.loads(decoded.text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise BadRecord(f"not JSON ({exc.msg} at column {exc.colno})", source=where) from None
    except RecursionError:
        raise BadRecord("not a JSON record: nested too deeply", source=where) from None
    except ValueError as exc:  # NaN and Infinity, integers of thousands of digits
        raise BadRecord(f"not JSON ({exc})", source=where) from None
    if not isinstance(obj, dict):
        raise BadRecord(f"expected a JSON object with 'text', got {_json_type(obj)}", source=where)
    return obj, decoded.warning


def article_from_line(raw: bytes, where: str, default_id: str, offset: int = 0) -> Article:
    """The article of one JSON Lines line; every problem is a HadathError for that line."""
    obj, warning = parse_record_line(raw, where, offset)
    return article_from_record(record_with_aliases(obj), where, default_id,
                               (warning,) if warning is not None else ())


def jsonl_lines(handle: IO[bytes], limit: int = MAX_BYTES) -> Iterator[tuple[int, int, bytes | None]]:
    """(line number, byte offset, bytes) of each non-blank line; the bytes are None for a line over
    ``limit`` bytes, which is skipped without holding it in memory."""
    number = offset = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        number += 1
        size = len(raw)
        if size > limit and not raw.endswith(b"\n"):
            while True:
                more = handle.readline(1 << 20)
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield number, offset, None
        elif raw.strip():
            yield number, offset, raw
        offset += size


def too_long(where: str, limit: int = MAX_BYTES) -> InputTooLarge:
    return InputTooLarge(f"the line is over the limit of {limit:,} bytes; split the article", source=where)


def read_jsonl(path: Path) -> Iterator[Article | RecordError]:
    """Articles of a JSON Lines file; a bad line yields a RecordError and reading goes on."""
    if not path.exists():
        raise InputNotFound("no such file", source=str(path))
    import gzip
    import zlib

    opener = gzip.open if path.suffix == ".gz" else open
    number = 0
    try:
        with opener(path, "rb") as handle:
            for number, offset, raw in jsonl_lines(handle):
                where = f"{path}:{number}"
                try:
                    if raw is None:
                        raise too_long(where)
                    yield article_from_line(raw, where, f"{path.stem}-{number}", offset)
                except HadathError as exc:
                    yield RecordError(str(path), number, exc)
    except (OSError, EOFError, zlib.error) as exc:
        where = f"{path}:{number + 1}"
        yield RecordError(str(path), number + 1,
                          UndecodableInput(f"the file is damaged after line {number}: {exc}", source=where))


def read_folder(folder: Path, published: dt.date | None) -> Iterator[Article | RecordError]:
    """Every .txt (with an optional NAME.meta.json beside it) and .jsonl file of a folder."""
    for path in sorted(folder.iterdir()):
        if path.suffix == ".jsonl":
            yield from read_jsonl(path)
        elif path.suffix == ".txt":
            try:
                yield text_article(path, published)
            except HadathError as exc:
                yield RecordError(str(path), 0, exc)


def read_meta(path: Path) -> dict:
    """The NAME.meta.json beside a text file (id, published, title, source, url), or {}."""
    meta_path = path.with_suffix(".meta.json")
    if not meta_path.exists():
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadRecord(f"not a JSON object: {exc}", source=str(meta_path)) from None
    if not isinstance(meta, dict):
        raise BadRecord("not a JSON object", source=str(meta_path))
    return meta


def text_article(path: Path, published: dt.date | None = None) -> Article:
    """A .txt article with its NAME.meta.json (whose date wins over ``published``)."""
    meta = read_meta(path)
    decoded = read_text(path)
    return Article(id=str(meta.get("id") or path.stem), text=decoded.text,
                   published=parse_date(meta.get("published"), str(path)) or published,
                   warnings=warned(decoded), **{name: _string_field(meta, name, str(path.with_suffix(".meta.json")))
                                                for name in ("title", "source", "url")})
