"""The web view's pages. Data for the dashboard comes from the JSON API (static/js/dashboard.js);
the article page is rendered here, highlights included, so it reads without JavaScript."""
from __future__ import annotations

from pathlib import Path as FilePath

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from .. import __version__
from ..errors import HadathError
from . import query
from .api import ERRORS, gate
from .errors import ApiError
from .highlight import pieces

WEB = FilePath(__file__).resolve().parents[1] / "web"
templates = Jinja2Templates(directory=str(WEB / "templates"))
templates.env.globals["version"] = __version__


def _marks(snippet: str | None) -> Markup:
    """The store marks search hits with [[ and ]]: escape the text, then make the marks <mark>."""
    return Markup(str(escape(snippet or "")).replace("[[", "<mark>").replace("]]", "</mark>"))


templates.env.filters["marks"] = _marks

router = APIRouter(include_in_schema=False, responses=ERRORS)


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
def dashboard(request: Request):
    return templates.TemplateResponse(request, "dashboard.html", {"page": "events"})


@router.api_route("/articles", methods=["GET", "HEAD"], response_class=HTMLResponse)
def articles(request: Request, q: str | None = Query(None, max_length=500), offset: int = Query(0, ge=0, le=10_000_000),
             g: query.StoreGate = Depends(gate)):
    limit = 50
    problem = None
    with g.use() as store:
        if q and q.strip():
            items, total = None, None
            try:
                hits = store.search(q, limit=limit + 1, offset=offset)
            except HadathError as exc:  # no words to look for: say so on the page
                hits, problem = [], str(exc)
        else:
            hits = None
            items, total = store.list_articles(limit=limit, offset=offset), store.count_articles()
    more = (len(hits) > limit) if hits is not None else (offset + len(items) < total)
    return templates.TemplateResponse(request, "articles.html", {
        "page": "articles", "q": q or "", "hits": (hits or [])[:limit] if hits is not None else None,
        "items": items, "total": total, "offset": offset, "limit": limit, "more": more, "problem": problem})


@router.api_route("/articles/{article_id:path}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def article(request: Request, article_id: str = Path(min_length=1, max_length=200), g: query.StoreGate = Depends(gate)):
    with g.use() as store:
        found = store.get_article(article_id)
    if found is None:
        raise ApiError(404, f"no article with id {article_id!r}", source=article_id)
    record = found.get("record") or {}
    return templates.TemplateResponse(request, "article.html", {
        "page": "articles", "article": found, "record": record, "pieces": pieces(found.get("text") or "", record),
        "actors": {a.get("id"): a for a in record.get("actors") or []},
        "places": {p.get("id"): p for p in record.get("places") or []}})
