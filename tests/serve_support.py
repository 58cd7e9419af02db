"""Shared by the serve tests: a store built from ../shared/eval/dev with hadath's own pipeline."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import shared_path

_BUILT: dict[str, Path] = {}


def dev_articles():
    """The 7 dev articles, with their publication dates (articles.json, else the gold file's)."""
    from hadath.model import Article
    from hadath.reader import parse_date

    dev = shared_path("eval", "dev")
    meta_path = dev / "articles.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    articles = []
    for text_path in sorted(dev.glob("*.txt")):
        aid = text_path.stem
        info = meta.get(aid, {})
        published = info.get("published")
        gold = dev / f"{aid}.gold.json"
        if published is None and gold.exists():
            published = json.loads(gold.read_text(encoding="utf-8")).get("published")
        articles.append(Article(id=aid, text=text_path.read_text(encoding="utf-8"), published=parse_date(published),
                                title=info.get("title"), source=info.get("source"), url=info.get("url")))
    if not articles:
        pytest.skip(f"no dev articles in {dev}")
    return articles


def dev_db(tmp_path_factory, pipeline) -> Path:
    """A SQLite store of the dev articles, built once per test session (treat it as read-only)."""
    if "db" not in _BUILT:
        from hadath.output import to_record
        from hadath.store import open_store

        path = tmp_path_factory.mktemp("serve-db") / "dev.db"
        with open_store(path) as store:
            for article in dev_articles():
                assert store.add(article, to_record(pipeline(article)))
            store.link_events()
        _BUILT["db"] = path
    return _BUILT["db"]


def writable_copy(db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    return copy
