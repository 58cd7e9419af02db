"""hadath: Arabic-native news event data (actors, places, dates, events) from Arabic text."""
from __future__ import annotations

__version__ = "0.1.0"

from .model import Actor, Article, Doc, Event, Mention, Place, TimeRef  # noqa: E402

__all__ = ["Actor", "Article", "Doc", "Event", "Mention", "Place", "TimeRef", "Pipeline", "extract", "__version__"]


def __getattr__(name):
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)


def extract(text: str, published=None, article_id: str = "doc") -> dict:
    """Extract one article and return its JSON record (see docs/output.md)."""
    from .output import to_record
    from .pipeline import Pipeline

    return to_record(Pipeline()(Article(id=article_id, text=text, published=published)))
