"""Fetching pages over HTTP(S) with limits; used for URL lists and feed items without text."""
from __future__ import annotations

import urllib.error
import urllib.request

from .. import __version__
from ..reader import MAX_BYTES
from .errors import FetchFailed

TIMEOUT_S = 20


def fetch(url: str) -> bytes:
    """The body of ``url``; FetchFailed with the reason when it cannot be had."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchFailed("only http:// and https:// URLs are fetched", source=url)
    request = urllib.request.Request(url, headers={"User-Agent": f"hadath/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            kind = response.headers.get_content_type()
            if kind not in ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml"):
                raise FetchFailed(f"content type {kind} is not a web page", source=url)
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FetchFailed(f"HTTP {exc.code} {exc.reason}", source=url) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchFailed(f"cannot fetch: {reason}", source=url) from None
    if len(body) > MAX_BYTES:
        raise FetchFailed(f"the page is over {MAX_BYTES:,} bytes", source=url)
    return body
