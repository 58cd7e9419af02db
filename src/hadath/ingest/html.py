"""HTML pages to articles: main text, title, date and URL through trafilatura (the `html` extra)."""
from __future__ import annotations

import datetime as dt

from ..errors import EmptyInput
from ..model import Article
from ..reader import check_text, parse_date
from .errors import MissingExtra


def article_from_html(html: bytes | str, source: str, article_id: str, url: str | None = None,
                      published: dt.date | None = None) -> Article:
    """The article a page holds; the page's own date wins over ``published`` (the user's fallback)."""
    try:
        import trafilatura
    except ImportError:
        raise MissingExtra("reading HTML needs trafilatura: part of the default install: pip install --force-reinstall hadath", source=source) from None
    warnings = ()
    if isinstance(html, bytes):
        from ..decoding import decode_bytes
        from ..reader import warned

        decoded = decode_bytes(html, source)
        html, warnings = decoded.text, warned(decoded)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    data = (doc.as_dict() if hasattr(doc, "as_dict") else doc) if doc is not None else {}
    text = (data.get("text") or "").strip()
    if not text:
        raise EmptyInput("the page has no article text that could be extracted", source=source)
    check_text(text, source)
    page_date = None
    if data.get("date"):
        try:
            page_date = parse_date(data["date"], source)
        except Exception:  # noqa: BLE001 - a page's odd date is no reason to drop its text
            page_date = None
    return Article(id=article_id, text=text, published=page_date or published,
                   title=data.get("title") or None, source=data.get("sitename") or None,
                   url=url or data.get("url") or None, warnings=warnings)
