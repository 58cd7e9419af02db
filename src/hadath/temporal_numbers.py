"""Word lists and calendar arithmetic for the temporal stage (``hadath.temporal``).

The word lists (month names of every system, weekdays, number words, relative words...) live
in ``data/lexicon/temporal.tsv``; its format is documented at the top of that file. Forms are
normalised with :func:`hadath.text.normalize.normalize` on load, so they match the matching
form of a text. Nothing is read before the first call.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from hadath.text.normalize import normalize

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "lexicon" / "temporal.tsv"
COLUMNS = ("kind", "form", "value", "tags", "note")

Date = _dt.date


@dataclass(frozen=True)
class Entry:
    form: str          # normalised
    value: str
    tags: frozenset[str]


@dataclass
class Lexicon:
    entries: dict[str, list[Entry]] = field(default_factory=dict)

    def forms(self, kind: str, *, strict: bool | None = None) -> list[str]:
        out = []
        for e in self.entries.get(kind, []):
            if strict is None or (("strict" in e.tags) == strict):
                out.append(e.form)
        return out

    def table(self, kind: str) -> dict[str, str]:
        return {e.form: e.value for e in self.entries.get(kind, [])}

    def tagged(self, kind: str, tag: str) -> frozenset[str]:
        return frozenset(e.form for e in self.entries.get(kind, []) if tag in e.tags)

    def pairs(self, kind: str) -> frozenset[tuple[str, str]]:
        """(value, form) pairs, for stop_next / stop_prev."""
        return frozenset((normalize(e.value), e.form) for e in self.entries.get(kind, []))


def read_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    lex = Lexicon()
    header: list[str] | None = None
    seen: set[tuple[str, str]] = set()
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = [c.strip() for c in cells]
                if tuple(header) != COLUMNS:
                    raise ValueError(f"{path}:{number}: header must be {COLUMNS}, got {header}")
                continue
            if len(cells) > len(COLUMNS):
                raise ValueError(f"{path}:{number}: {len(cells)} cells for {len(COLUMNS)} columns")
            cells += [""] * (len(COLUMNS) - len(cells))
            kind, form, value, tags = (c.strip() for c in cells[:4])
            if not kind or not form:
                raise ValueError(f"{path}:{number}: empty kind or form")
            norm = normalize(form)
            if (kind, norm) in seen:
                continue
            seen.add((kind, norm))
            tagset = frozenset(t.strip() for t in tags.split("|") if t.strip())
            lex.entries.setdefault(kind, []).append(Entry(norm, value, tagset))
    return lex


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return read_lexicon()


def _trie_regex(words: list[list[str]]) -> str:
    """A regex matching any of ``words`` (each a list of tokens), factored as a prefix tree so
    that the engine tries few branches at each position; longer forms win over their prefixes."""
    tree: dict = {}
    for tokens in words:
        node = tree
        for ch in "\x00".join(tokens):            # \x00 marks the white space between tokens
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches, optional = [], "" in node
        for ch in sorted((c for c in node if c), key=lambda c: -_depth(node[c])):
            head = r"\s+" if ch == "\x00" else re.escape(ch)
            branches.append(head + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            body = ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
        return body

    return build(tree)


def _depth(node: dict) -> int:
    return max((1 + _depth(child) for child in node.values()), default=0)


def alternation(forms, *, article: bool = True) -> str:
    """A regex alternation of normalised forms; a space matches any white space.

    Built as a prefix tree (fast to try). With ``article``, a form starting with the article ال
    also matches after the preposition ل with the alif elided (للعام = ل + لعام), through a
    look-behind on that ل.
    """
    forms = sorted(set(forms))
    if not forms:
        return "(?!)"
    with_article = [f[2:].split(" ") for f in forms if article and f.startswith("ال") and len(f) > 2]
    plain = [f.split(" ") for f in forms if not (article and f.startswith("ال") and len(f) > 2)]
    parts = []
    if with_article:
        parts.append("(?:ال|(?<=ل)ل)" + _trie_regex(with_article))
    if plain:
        parts.append(_trie_regex(plain))
    return "(?:" + "|".join(parts) + ")"


def canon(matched: str) -> str:
    """A matched phrase with its white space folded to single spaces."""
    return " ".join(matched.split())


def lookup(table: dict[str, str], matched: str | None) -> str | None:
    """``table[matched]``, also for an article word after ل with the alif elided (لعام)."""
    if not matched:
        return None
    text = canon(matched)
    if text in table:
        return table[text]
    if text.startswith("ل") and not text.startswith("ال"):
        return table.get("ا" + text)
    return None


# ---------------------------------------------------------------- number words

def number_value(word: str | None) -> int | None:
    """The value of a count or an ordinal: ASCII digits, a cardinal or an ordinal word."""
    if not word:
        return None
    word = canon(word)
    if word.startswith("ال") and word[2:].isdigit():
        word = word[2:]
    if word.isdigit():
        return int(word)
    lex = lexicon()
    for kind in ("ordinal", "cardinal"):
        table = lex.table(kind)
        value = lookup(table, word)
        if value is None and word.startswith("ال"):
            value = table.get(word[2:])
        if value is not None:
            return None if value == "few" else int(value)
    return None


# ---------------------------------------------------------------- calendar arithmetic

def month_end(year: int, month: int) -> Date:
    return Date(year, month, calendar.monthrange(year, month)[1])


def month_range(year: int, month: int) -> tuple[Date, Date]:
    return Date(year, month, 1), month_end(year, month)


def safe_date(year: int, month: int, day: int) -> Date | None:
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def add_months(day: Date, months: int) -> Date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return Date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: Date, years: int) -> Date:
    return add_months(day, 12 * years)


def week_range(day: Date) -> tuple[Date, Date]:
    """The Sunday..Saturday week holding ``day`` (الأحد is the first day of the Arabic week)."""
    start = day - _dt.timedelta(days=(day.weekday() + 1) % 7)
    return start, start + _dt.timedelta(days=6)


def part_of_month(year: int, month: int, part: str) -> tuple[Date, Date]:
    """start = days 1-10, mid = 11-20, end = 21 to the last day."""
    if part == "start":
        return Date(year, month, 1), Date(year, month, 10)
    if part == "mid":
        return Date(year, month, 11), Date(year, month, 20)
    return Date(year, month, 21), month_end(year, month)


def part_of_year(year: int, part: str) -> tuple[Date, Date]:
    """start = January-March, mid = June-July, end = October-December."""
    if part == "start":
        return Date(year, 1, 1), Date(year, 3, 31)
    if part == "mid":
        return Date(year, 6, 1), Date(year, 7, 31)
    return Date(year, 10, 1), Date(year, 12, 31)


def part_of_week(day: Date, part: str) -> tuple[Date, Date]:
    """start = Sunday-Monday, mid = Tuesday-Wednesday, end = Thursday-Saturday."""
    start, _ = week_range(day)
    offsets = {"start": (0, 1), "mid": (2, 3), "end": (4, 6)}[part]
    return start + _dt.timedelta(days=offsets[0]), start + _dt.timedelta(days=offsets[1])


def weekday_on_or_before(day: Date, weekday: int) -> Date:
    return day - _dt.timedelta(days=(day.weekday() - weekday) % 7)


def weekday_on_or_after(day: Date, weekday: int) -> Date:
    return day + _dt.timedelta(days=(weekday - day.weekday()) % 7)


def nearest_weekday(base: Date, weekday: int) -> Date:
    """``base`` if it falls on ``weekday``, else the closest day within two that does."""
    for delta in (0, -1, 1, -2, 2):
        candidate = base + _dt.timedelta(days=delta)
        if candidate.weekday() == weekday:
            return candidate
    return base


# ---------------------------------------------------------------- Hijri calendar

HIJRI_MIN, HIJRI_MAX = 1343, 1500


def hijri_to_gregorian(year: int, month: int, day: int) -> Date | None:
    """A Hijri (Umm al-Qura) date; a day past the month's end is clamped to its last day."""
    from hijridate import Hijri

    if not (HIJRI_MIN <= year <= HIJRI_MAX and 1 <= month <= 12 and day >= 1):
        return None
    try:
        length = Hijri(year, month, 1).month_length()
        g = Hijri(year, month, min(day, length)).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return Date(g.year, g.month, g.day)


def hijri_month_range(year: int, month: int) -> tuple[Date, Date] | None:
    first = hijri_to_gregorian(year, month, 1)
    last = hijri_to_gregorian(year, month, 30)
    if first is None or last is None:
        return None
    return first, last


def hijri_year_range(year: int) -> tuple[Date, Date] | None:
    first = hijri_to_gregorian(year, 1, 1)
    last = hijri_to_gregorian(year, 12, 30)
    if first is None or last is None:
        return None
    return first, last


def gregorian_to_hijri(day: Date) -> tuple[int, int, int] | None:
    from hijridate import Gregorian

    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


# ---------------------------------------------------------------- the year of a month without one

def qualified_year(today: tuple[int, int, int], month: int, day: int | None, qualifier: int) -> int:
    """The year of ``month`` (and ``day``) qualified as past (-1), current (0), next (+1) or the
    one before the past (-2), seen from ``today`` = (year, month, day) in the same calendar.

    الماضي: the last such month before this one (this year if it came earlier in the year; in
    the current month only for a day already gone); المقبل: the next one; الجاري: this year.
    """
    year, this_month, this_day = today
    if qualifier == 0:
        return year
    if qualifier < 0:
        if month < this_month or (month == this_month and day is not None and day < this_day):
            last = year
        else:
            last = year - 1
        return last if qualifier == -1 else last - 1
    if month > this_month or (month == this_month and day is not None and day > this_day):
        return year
    return year + 1


FUTURE_SLACK_DAYS = 3


def nearest_year(published: Date, year: int, to_date, future: bool) -> int | None:
    """The year around ``year`` whose ``to_date(y)`` is nearest ``published``.

    The past is preferred (a day ahead counts double), unless ``future``, which takes the first
    occurrence on or after ``published`` (or at most FUTURE_SLACK_DAYS before it: a story about
    "today, 20 July" may be crawled or printed a day or two later).
    """
    best, best_score = None, None
    for y in (year - 1, year, year + 1):
        day = to_date(y)
        if day is None:
            continue
        delta = (day - published).days
        if future:
            if delta < -FUTURE_SLACK_DAYS:
                continue
            score = delta
        else:
            score = -delta if delta <= 0 else 2 * delta
        if best_score is None or score < best_score:
            best, best_score = y, score
    return best
