"""RSS 2.0 and Atom feed files: one entry per item, with its link, title, date and any text."""
from __future__ import annotations

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from .errors import BadFeed

_ATOM = "{http://www.w3.org/2005/Atom}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC_DATE = "{http://purl.org/dc/elements/1.1/}date"


@dataclass(frozen=True)
class FeedItem:
    link: str | None
    title: str | None
    published: dt.date | None
    html: str | None  # the item's own content or description, often a summary only
    guid: str | None


def looks_like_feed(head: bytes) -> bool:
    head = head.lstrip()[:2000].lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head) \
        or head.startswith((b"<rss", b"<feed"))


def read_feed(path: Path) -> list[FeedItem]:
    try:
        root = ET.fromstring(path.read_bytes())
    except ET.ParseError as exc:
        raise BadFeed(f"not a well-formed RSS or Atom feed: {exc}", source=str(path)) from None
    if root.tag == f"{_ATOM}feed":
        return [_atom_item(entry) for entry in root.iter(f"{_ATOM}entry")]
    items = list(root.iter("item")) or list(root.iter("{http://purl.org/rss/1.0/}item"))
    if root.tag not in ("rss", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"):
        raise BadFeed(f"root element <{root.tag}> is neither RSS nor Atom", source=str(path))
    return [_rss_item(item) for item in items]


def _text(element: ET.Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _rss_item(item: ET.Element) -> FeedItem:
    link = _text(item.find("link")) or _text(item.find("{http://purl.org/rss/1.0/}link"))
    html = _text(item.find(_CONTENT)) or _text(item.find("description"))
    return FeedItem(link=link, title=_text(item.find("title")) or _text(item.find("{http://purl.org/rss/1.0/}title")),
                    published=_date(_text(item.find("pubDate")) or _text(item.find(_DC_DATE))),
                    html=html, guid=_text(item.find("guid")))


def _atom_item(entry: ET.Element) -> FeedItem:
    link = None
    for element in entry.findall(f"{_ATOM}link"):
        if element.get("rel", "alternate") == "alternate" and element.get("href"):
            link = element.get("href")
            break
    content = entry.find(f"{_ATOM}content")
    if content is not None and len(content):  # xhtml content: serialise its children
        html = "".join(ET.tostring(child, encoding="unicode") for child in content)
    else:
        html = _text(content) or _text(entry.find(f"{_ATOM}summary"))
    return FeedItem(link=link, title=_text(entry.find(f"{_ATOM}title")),
                    published=_date(_text(entry.find(f"{_ATOM}published")) or _text(entry.find(f"{_ATOM}updated"))),
                    html=html, guid=_text(entry.find(f"{_ATOM}id")))


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)  # RFC 822, as RSS writes it
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date() if parsed else None
