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
    """Extract one article and return its JSON record (see docs/output.md).

    ``published``: a ``date``, a ``datetime`` or an ISO string ("2017-11-15"); None resolves no
    relative date. Text that is empty, binary or not Arabic raises the library's own error
    (``hadath.errors.EmptyInput`` E002, ``UndecodableInput`` E003, ``NotArabic`` E006), as the CLI does.
    """
    import datetime as dt

    from .output import to_record
    from .pipeline import Pipeline
    from .reader import check_text, parse_date

    if isinstance(published, dt.datetime):
        published = published.date()
    elif published is not None and not isinstance(published, dt.date):
        published = parse_date(str(published), "published")
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    check_text(text, article_id)
    return to_record(Pipeline()(Article(id=article_id, text=text, published=published)))
