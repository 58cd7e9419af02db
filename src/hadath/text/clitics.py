"""The Arabic proclitics, read from ``data/lexicon/clitics.tsv``: the only definition of them.

A word's front is ``[conjunction] [preposition | future] [article]``, each slot at most once, and
a preposition with a ``with_article`` form fuses with the article (ل + ال = لل). Every set of
prefixes a stage accepts is derived here from the table's rows, by what the prefixes are made of,
never written out as letters in code.

    clitics = kb.clitics
    clitics.split("والرئيس")        # ("وال", "رئيس")
    "وب" in clitics.locative        # True
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from pathlib import Path

from .normalize import normalize

CLITICS_PATH = Path(__file__).resolve().parents[1] / "data" / "lexicon" / "clitics.tsv"
SLOTS = ("conjunction", "preposition", "future", "article", "pronoun")
TAGS = frozenset({"locative", "genitive", "purpose"})
MIN_STEM = 3  # letters a split must leave behind


class CliticTableError(ValueError):
    """clitics.tsv is malformed: the message names the file, the line and what is wrong."""


@dataclass(frozen=True)
class Proclitic:
    form: str
    slot: str
    guessed: bool
    with_article: str
    tags: frozenset[str]


class Clitics:
    """The proclitic table and the prefix sets derived from it (all in the matching form)."""

    def __init__(self, rows: tuple[Proclitic, ...]):
        self.rows = rows
        self.conjunctions = self._forms("conjunction")
        self.prepositions = self._forms("preposition")
        self.future = self._forms("future")
        articles = self._forms("article")
        if len(articles) != 1:
            raise CliticTableError(f"{CLITICS_PATH}: exactly one article row expected, found {len(articles)}")
        self.article = articles[0]
        self.articles = frozenset(articles)
        fused = {r.form: r.with_article for r in rows if r.with_article}
        self.fused_article = frozenset(fused.values())  # لل
        # after a conjunction or nothing: what may stand before a word of the knowledge base
        self.before_indefinite = self.sequences(self.prepositions, article=False, empty=True)
        self.before_definite = self.sequences(tuple(p for p in self.prepositions if p not in fused),
                                              article=False, empty=True)
        # a name written without its article after لل (للولايات = ل + الولايات)
        self.before_lost_article = frozenset(c + f for c in ("",) + self.conjunctions for f in self.fused_article)
        self.locative = self.sequences(self.tagged("locative"), article=False, middle_required=True)
        self.genitive = frozenset(self.tagged("genitive")) | self.fused_article
        self.purpose = frozenset(self.tagged("purpose"))
        self.guessed = frozenset(r.form for r in rows if r.guessed and r.slot not in ("article", "pronoun"))
        self.guessed_prepositions = frozenset(p for p in self.prepositions if p in self.guessed)
        # what is split off an unknown word on a guess (وبريف → ريف), longest first
        self.guessed_fronts = tuple(sorted(self.sequences(tuple(sorted(self.guessed_prepositions)), article=False),
                                           key=lambda p: (-len(p), p)))
        # every front a noun may carry, longest first, so that وال is tried before و
        self.noun_fronts = tuple(sorted(self.sequences(self.prepositions, article=None), key=lambda p: (-len(p), p)))
        # a mention behind one of these is governed by a preposition (لعناصر داعش)
        self.oblique = self.sequences(self.prepositions, article=None, middle_required=True)
        self.before_trigger = self.sequences(self.prepositions + self.future, article=False) | self.before_lost_article
        self.definite = self.sequences(self.prepositions, article=True)
        self.stem_fronts = self.definite | self.guessed
        self.pronouns = frozenset(self._forms("pronoun"))
        self.sure_pronouns = frozenset(r.form for r in rows if r.slot == "pronoun" and r.guessed)
        self._pronoun_ends = tuple(sorted(self.sure_pronouns, key=lambda p: (-len(p), p)))
        self._splits: dict[str, tuple[str, str]] = {}  # word -> split: news repeats its words (a pure cache)

    @classmethod
    def load(cls, path: Path = CLITICS_PATH) -> "Clitics":
        from ..kb.tsv import TsvFormatError, read_rows

        columns = ("form", "slot", "guessed", "with_article", "tags", "note")
        rows = []
        try:
            for row in read_rows(path, columns):
                problem = row_problem(row.values)
                if problem:
                    raise CliticTableError(f"{path}:{row.line}: {problem}")
                rows.append(Proclitic(normalize(row.get("form")), row.get("slot"), row.get("guessed") == "yes",
                                      normalize(row.get("with_article")), frozenset(row.get("tags").split())))
        except TsvFormatError as exc:
            raise CliticTableError(f"{exc.path}:{exc.line}: {exc.message}") from exc
        return cls(tuple(rows))

    def _forms(self, slot: str) -> tuple[str, ...]:
        return tuple(r.form for r in self.rows if r.slot == slot)

    def tagged(self, tag: str) -> tuple[str, ...]:
        return tuple(r.form for r in self.rows if tag in r.tags)

    def sequences(self, middles: tuple[str, ...], article: bool | None, empty: bool = False,
                  middle_required: bool = False) -> frozenset[str]:
        """Every [conjunction] [one of ``middles``] [article] front (article: True always, False never,
        None either way), a preposition + article written fused where the table says so; ``empty``:
        keep the empty front; ``middle_required``: only fronts holding one of ``middles``."""
        fused = {r.form: r.with_article for r in self.rows if r.with_article}
        articles = {True: (self.article,), False: ("",), None: ("", self.article)}[article]
        out = set()
        for conj, middle, art in product(("",) + self.conjunctions, ("",) + middles, articles):
            if not middle and middle_required:
                continue
            if middle in fused and art:
                out.add(conj + fused[middle])
            else:
                out.add(conj + middle + art)
        if not empty:
            out.discard("")
        return frozenset(out)

    def split(self, word: str) -> tuple[str, str]:
        """(proclitics, stem) of a word in the matching form: والرئيس -> (وال, رئيس). A stem keeps
        three letters or more; a word with no such front is all stem."""
        split = self._splits.get(word)
        if split is None:
            split = next(((front, word[len(front):]) for front in self.noun_fronts
                          if word.startswith(front) and len(word) - len(front) >= MIN_STEM), ("", word))
            if len(self._splits) > 200_000:
                self._splits.clear()
            self._splits[word] = split
        return split

    def strip_guessed(self, word: str) -> str:
        """A word without the conjunction and preposition in front of it (وبريف → ريف), three letters left."""
        for front in self.guessed_fronts:
            if word.startswith(front) and len(word) - len(front) >= MIN_STEM:
                return word[len(front):]
        return word

    def split_pronoun(self, stem: str) -> tuple[str, str]:
        """(stem, pronoun) of a stem that ends in a pronoun split off with certainty (هجومهم → هجوم, هم)."""
        for end in self._pronoun_ends:
            if stem.endswith(end) and len(stem) - len(end) >= MIN_STEM:
                return stem[:-len(end)], end
        return stem, ""

    def bare(self, word: str) -> str:
        """A word without a leading conjunction (وعناصر → عناصر), when more than three letters stay."""
        return word[1:] if word[:1] in self.conjunctions and len(word) > MIN_STEM else word


def row_problem(values: dict[str, str]) -> str:
    """What is wrong with one row of clitics.tsv, or ""."""
    form, slot = values.get("form", ""), values.get("slot", "")
    if not form or not all("\u0621" <= c <= "\u064a" for c in form):
        return f"form {form!r} must be Arabic letters"
    if slot not in SLOTS:
        return f"slot {slot!r} not one of {' '.join(SLOTS)}"
    if values.get("guessed", "") not in ("yes", "no"):
        return f"guessed {values.get('guessed')!r} must be yes or no"
    unknown = set(values.get("tags", "").split()) - TAGS
    if unknown:
        return f"tags {' '.join(sorted(unknown))} not among {' '.join(sorted(TAGS))}"
    if values.get("with_article") and slot != "preposition":
        return "only a preposition has a with_article form"
    return ""
