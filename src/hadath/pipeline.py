"""The pipeline: named stages, each declaring what it requires and what it assigns.

    from hadath import Pipeline, Article
    doc = Pipeline()(Article(id="a1", text=..., published=date(2017, 11, 15)))
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .errors import StageOrderError
from .model import Article, Doc


@dataclass(frozen=True)
class Stage:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[Doc, "Pipeline"], Doc]


def _normalize(doc: Doc, _: "Pipeline") -> Doc:
    from .text.normalize import normalize_with_map

    return doc.with_(norm=normalize_with_map(doc.article.text))


def _segment(doc: Doc, _: "Pipeline") -> Doc:
    from .text.segment import sentences

    return doc.with_(sentences=sentences(doc.article.text))


def _tokens(doc: Doc, pipe: "Pipeline") -> Doc:
    from .text.tokens import Tokens

    kb = pipe.kb
    return doc.with_(tokens=Tokens.build(doc.norm, [s.start for s in doc.sentences], kb.clitics, pipe.clause_pattern))


def _link(doc: Doc, pipe: "Pipeline") -> Doc:
    from .stages.link import link

    return link(doc, pipe.kb)


def _ner(doc: Doc, pipe: "Pipeline") -> Doc:
    from .stages.ner import add_model_entities

    return add_model_entities(doc, pipe.kb)


def _temporal(doc: Doc, _: "Pipeline") -> Doc:
    from .stages.dates import assign_times

    return assign_times(doc)


def _events(doc: Doc, pipe: "Pipeline") -> Doc:
    from .stages.events import extract_events

    return extract_events(doc, pipe.event_resources)


STAGES: dict[str, Stage] = {s.name: s for s in (
    Stage("normalize", ("article",), ("norm",), _normalize),
    Stage("segment", ("article",), ("sentences",), _segment),
    Stage("tokens", ("norm", "sentences"), ("tokens",), _tokens),
    Stage("link", ("tokens",), ("actors", "places"), _link),
    Stage("ner", ("tokens", "actors", "places"), ("actors", "places"), _ner),
    Stage("temporal", ("tokens",), ("times",), _temporal),
    Stage("events", ("tokens", "actors", "places", "times"), ("events",), _events),
)}
DEFAULT_STAGES = ("normalize", "segment", "tokens", "link", "ner", "temporal", "events")


class Pipeline:
    """Runs stages in order; the knowledge base loads on first use."""

    def __init__(self, stages: tuple[str, ...] | list[str] = DEFAULT_STAGES, kb=None, event_config=None):
        unknown = [s for s in stages if s not in STAGES]
        if unknown:
            raise StageOrderError(f"unknown stage(s) {', '.join(unknown)}; valid stages: {', '.join(STAGES)}")
        have = {"article"}
        for name in stages:
            missing = [r for r in STAGES[name].requires if r not in have]
            if missing:
                raise StageOrderError(f"stage {name!r} requires {', '.join(missing)}, which no earlier stage assigns")
            have.update(STAGES[name].assigns)
        self.stages = tuple(STAGES[s] for s in stages)
        self._kb = kb
        self._event_config = event_config
        self._event_resources = None
        self._clause_pattern = None

    @property
    def kb(self):
        if self._kb is None:
            from .kb.loader import load

            self._kb = load()
        return self._kb

    @property
    def clause_pattern(self):
        """The clause-break words of the lexicon as one pattern, for the token layer."""
        if self._clause_pattern is None:
            from .text.tokens import break_pattern

            self._clause_pattern = break_pattern(self.kb.word_set("clause_break"))
        return self._clause_pattern

    @property
    def event_resources(self):
        """The event stage's words, configuration and learned scorer, built on first use."""
        if self._event_resources is None:
            from .stages.events import DEFAULT_CONFIG, EventResources

            self._event_resources = EventResources.build(self.kb, self._event_config or DEFAULT_CONFIG)
        return self._event_resources

    def __call__(self, article: Article) -> Doc:
        doc = Doc(article=article)
        for stage in self.stages:
            doc = stage.run(doc, self)
        return doc
