"""What `hadath ingest` reads: every input becomes a stream of pending articles.

A ``Pending`` is loaded lazily, so an input already stored by URL is never fetched again and a
bad input fails alone, with its reason, when it is loaded.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import BadRecord, HadathError, InputNotFound
from ..model import Article
from ..reader import (article_from_record, check_text, decode, jsonl_lines, parse_record_line, record_with_aliases,
                      text_article, too_long)
from .errors import UnsupportedInput
from .feeds import looks_like_feed, read_feed
from .fetch import fetch
from .html import article_from_html

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
URL_LIST_SUFFIXES = (".urls",)
MIN_FEED_TEXT = 280  # a feed item shorter than this is a teaser: fetch its page when allowed


@dataclass(frozen=True)
class Pending:
    source: str  # file, file:line or URL: where a failure is reported
    load: Callable[[], Article]
    url: str | None = None  # known before loading: lets a stored URL be skipped without fetching


@dataclass(frozen=True)
class Options:
    published: dt.date | None = None  # the user's date, for inputs that carry none
    fetch: bool = True  # fetch URLs (URL lists, feed items with only a teaser)


def _fail(error: HadathError) -> Callable[[], Article]:
    def load() -> Article:
        raise error
    return load


def pending_from_paths(paths: list[str], options: Options) -> Iterator[Pending]:
    for item in paths:
        path = Path(item)
        if not path.exists():
            yield Pending(item, _fail(InputNotFound("no such file or folder", source=item)))
        elif path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if _kind(child, sniff=False) is not None:
                    yield from pending_from_file(child, options)
        else:
            yield from pending_from_file(path, options)


def _kind(path: Path, sniff: bool) -> str | None:
    name = path.name.lower()
    if name.endswith(".meta.json"):
        return None
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return "jsonl"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    if name.endswith(URL_LIST_SUFFIXES):
        return "urls"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    if not sniff:
        return None
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if looks_like_feed(head):
        return "feed"
    if head.lstrip()[:1] == b"<":
        return "html"
    if head.lstrip()[:1] == b"{":
        return "jsonl"
    return "text"


def pending_from_file(path: Path, options: Options) -> Iterator[Pending]:
    kind = _kind(path, sniff=True)
    if kind == "jsonl":
        yield from _jsonl(path, options)
    elif kind == "html":
        yield Pending(str(path), lambda: article_from_html(path.read_bytes(), str(path), path.stem,
                                                           published=options.published))
    elif kind == "feed":
        yield from _feed(path, options)
    elif kind == "urls":
        yield from _url_list(path, options)
    elif kind == "text":
        yield from _text(path, options)
    else:
        yield Pending(str(path), _fail(UnsupportedInput("not an input hadath reads", source=str(path))))


def _text(path: Path, options: Options) -> Iterator[Pending]:
    try:
        text = decode(path.read_bytes(), str(path))
    except HadathError as exc:
        yield Pending(str(path), _fail(exc))
        return
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if lines and all(line.lower().startswith(("http://", "https://")) for line in lines):
        yield from _url_list(path, options)  # a .txt of URLs, one a line
        return

    yield Pending(str(path), lambda: text_article(path, options.published))


def _jsonl(path: Path, options: Options) -> Iterator[Pending]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    number = 0
    try:
        with opener(path, "rb") as handle:
            for number, offset, raw in jsonl_lines(handle):
                if raw is None:
                    yield Pending(f"{path}:{number}", _fail(too_long(f"{path}:{number}")))
                else:
                    yield _jsonl_line(raw, path, number, options, offset)
    except (OSError, EOFError, zlib.error) as exc:
        where = f"{path}:{number + 1}"
        yield Pending(where, _fail(BadRecord(f"the file is damaged after line {number}: {exc}", source=where)))


def _jsonl_line(raw: bytes, path: Path, number: int, options: Options, offset: int = 0) -> Pending:
    where = f"{path}:{number}"
    try:
        obj, warning = parse_record_line(raw, where, offset)
    except HadathError as exc:
        return Pending(where, _fail(exc))
    obj = record_with_aliases(obj)
    url = obj.get("url") if isinstance(obj.get("url"), str) else None

    def load() -> Article:
        article = article_from_record(obj, where, f"{path.name.split('.')[0]}-{number}",
                                      (warning,) if warning is not None else ())
        if article.published is None and options.published:
            article = replace(article, published=options.published)
        return article
    return Pending(where, load, url=url)


def _url_id(url: str) -> str:
    return "url-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]


def _url_list(path: Path, options: Options) -> Iterator[Pending]:
    try:
        text = decode(path.read_bytes(), str(path))
    except HadathError as exc:
        yield Pending(str(path), _fail(exc))
        return
    for number, line in enumerate(text.splitlines(), start=1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        if not options.fetch:
            yield Pending(url, _fail(UnsupportedInput("not fetched (--no-fetch)", source=url)), url=url)
            continue
        yield Pending(url, lambda url=url: article_from_html(fetch(url), url, _url_id(url), url=url,
                                                                 published=options.published), url=url)


def _feed(path: Path, options: Options) -> Iterator[Pending]:
    try:
        items = read_feed(path)
    except HadathError as exc:
        yield Pending(str(path), _fail(exc))
        return
    for number, item in enumerate(items, start=1):
        where = item.link or f"{path}#{number}"
        article_id = _url_id(item.guid or item.link or f"{path}#{number}")

        def load(item=item, where=where, article_id=article_id) -> Article:
            article = None
            if item.html:
                try:
                    article = _feed_text(item, where, article_id, options)
                except HadathError:
                    if not (options.fetch and item.link):
                        raise
            if (article is None or len(article.text) < MIN_FEED_TEXT) and options.fetch and item.link:
                try:
                    page = article_from_html(fetch(item.link), item.link, article_id, url=item.link,
                                             published=item.published or options.published)
                    # the feed's date is the record's: it comes before the page's metadata
                    return replace(page, published=item.published or page.published,
                                   title=item.title or page.title, url=item.link)
                except HadathError:
                    if article is None:
                        raise
            if article is None:
                raise BadRecord("the feed item has no text and no link to fetch", source=where)
            return article
        yield Pending(where, load, url=item.link)


def _feed_text(item, where: str, article_id: str, options: Options) -> Article:
    html = item.html or ""
    if "<" in html:
        text = _strip_tags(html)
    else:
        text = html
    check_text(text, where)
    return Article(id=article_id, text=text, published=item.published or options.published, title=item.title,
                   url=item.link)


def _strip_tags(html: str) -> str:
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)

        def handle_starttag(self, tag, attrs):
            if tag in ("p", "br", "div", "li"):
                self.parts.append("\n")

    parser = _Text()
    parser.feed(html)
    return "\n".join(" ".join(line.split()) for line in "".join(parser.parts).splitlines() if line.strip())
