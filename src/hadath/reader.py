"""Reading articles from files, standard input and JSON Lines, with clear errors."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import (BadDate, BadRecord, EmptyInput, HadathError, InputNotFound, InputTooLarge, NotArabic,
                     UndecodableInput)
from .model import Article
from .text.normalize import arabic_share

MAX_BYTES = 5_000_000
MIN_ARABIC_SHARE = 0.3

# other names for the fields of a JSON record (SaudiNewsNet writes content and date_extracted)
FIELD_ALIASES = {"text": ("text", "content", "body", "article"),
                 "published": ("published", "date", "date_published", "pubdate", "date_extracted")}


def parse_date(value: str | None, source: str | None = None) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise BadDate(f"{value!r} is not a date; give it as YYYY-MM-DD (e.g. 2017-11-15)", source=source) from None


def decode(data: bytes, source: str) -> str:
    if len(data) > MAX_BYTES:
        raise InputTooLarge(f"{len(data):,} bytes is over the limit of {MAX_BYTES:,}; split the article", source=source)
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
            if _mostly_printable(text):
                return text
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise UndecodableInput("looks binary (NUL bytes); give UTF-8 text", source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1256")  # Windows Arabic, still common in old archives
        except UnicodeDecodeError:
            raise UndecodableInput(f"not UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}) "
                                   "and not Windows-1256; re-encode it as UTF-8", source=source) from None
        if sum("\u0600" <= c <= "\u06ff" for c in text) < len(text) * 0.2:
            raise UndecodableInput(f"not UTF-8 (byte {exc.start}); re-encode it as UTF-8", source=source) from None
        return text


def _mostly_printable(text: str) -> bool:
    bad = sum(1 for c in text if not (c.isprintable() or c.isspace()))
    return bad <= len(text) * 0.05


def check_text(text: str, source: str) -> str:
    if not text.strip():
        raise EmptyInput("no text to extract from", source=source)
    if not _mostly_printable(text):
        raise UndecodableInput("holds control characters; is it a binary file?", source=source)
    if arabic_share(text) < MIN_ARABIC_SHARE:
        raise NotArabic(f"only {arabic_share(text):.0%} of its letters are Arabic; hadath reads Arabic text",
                        source=source)
    return text


def read_text_file(path: Path) -> str:
    if not path.exists():
        raise InputNotFound("no such file", source=str(path))
    if path.is_dir():
        raise InputNotFound("is a folder; give a file, or use a folder with 'extract' to read all its .txt files",
                            source=str(path))
    return check_text(decode(path.read_bytes(), str(path)), str(path))


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


def article_from_record(obj: object, source: str, default_id: str) -> Article:
    if not isinstance(obj, dict):
        raise BadRecord(f"expected a JSON object with 'text', got {type(obj).__name__}", source=source)
    text = obj.get("text")
    if not isinstance(text, str):
        raise BadRecord("the record has no 'text' string", source=source)
    check_text(text, source)
    return Article(id=str(obj.get("id") or default_id), text=text,
                   published=parse_date(obj.get("published") or obj.get("date"), source),
                   title=obj.get("title"), source=obj.get("source"), url=obj.get("url"))


def read_jsonl(path: Path) -> Iterator[Article | RecordError]:
    """Articles of a JSON Lines file; a bad line yields a RecordError and reading goes on."""
    if not path.exists():
        raise InputNotFound("no such file", source=str(path))
    import gzip

    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            where = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                obj = record_with_aliases(json.loads(decode(raw, where)))
                yield article_from_record(obj, where, f"{path.stem}-{number}")
            except json.JSONDecodeError as exc:
                yield RecordError(str(path), number, BadRecord(f"not JSON ({exc.msg} at column {exc.colno})", source=where))
            except HadathError as exc:
                yield RecordError(str(path), number, exc)


def read_folder(folder: Path, published: dt.date | None) -> Iterator[Article | RecordError]:
    """Every .txt (with an optional NAME.meta.json beside it) and .jsonl file of a folder."""
    for path in sorted(folder.iterdir()):
        if path.suffix == ".jsonl":
            yield from read_jsonl(path)
        elif path.suffix == ".txt":
            try:
                meta = read_meta(path)
                yield Article(id=str(meta.get("id") or path.stem), text=read_text_file(path),
                              published=parse_date(meta.get("published"), str(path)) or published,
                              title=meta.get("title"), source=meta.get("source"), url=meta.get("url"))
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
