"""Temporal stage: every time expression of the article, resolved against its date."""
from __future__ import annotations

from ..model import Doc, TimeRef


def assign_times(doc: Doc) -> Doc:
    published = doc.article.published
    if published is None:
        return doc.with_(times=())  # relative dates cannot be resolved without a document date
    from ..temporal import find_time_expressions

    times = tuple(TimeRef(e.start, e.end, e.text, e.date_start, e.date_end, e.precision, e.future)
                  for e in find_time_expressions(doc.article.text, published, doc.norm, doc.tokens))
    return doc.with_(times=times)
