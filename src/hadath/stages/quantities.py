"""Magnitudes in a sentence: killed, wounded, arrested, displaced, killed-and-wounded together, and sizes.

The words are data: number words in lexicon/numbers.tsv (its header documents the format), the cue
words in lexicon/words.tsv (uses toll_*, count_*). `CountWords.from_kb` reads them once; the event
stage builds it with its other resources and hands it to `scan` / `find_quantities`.

A count gets its kind from the construction around it, in this order: a dual toll noun that is its own
count (قتيلين); the noun after it (32 قتيلا، 100 جريح، عشرات القتلى والجرحى = casualties); a toll masdar or
verb before it, past an approximation (مقتل نحو 29، وأصيب 20 آخرون، مقتل وإصابة 60 = casualties); the noun
after a partitive من (عدد من الشهداء والجرحى); a plural toll verb after the counted people (30 مسلحا من
داعش قتلوا). A year, a date, an age, a share, a span or a count of things is never a count of people.
Vague words take ACLED's reading (numbers.tsv): عدة 10، عشرات 12، مئات 100، آلاف 1000, approximate.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..temporal_numbers import lexicon as temporal_lexicon
from ..text.normalize import normalize

NUMBERS_PATH = Path(__file__).resolve().parents[1] / "data" / "lexicon" / "numbers.tsv"
NUMBER_COLUMNS = ("kind", "forms_ar", "value", "note")
NUMBER_KINDS = ("number", "vague", "multiplier")
TOLL_KINDS = ("killed", "wounded", "arrested", "displaced")
QUOTES = frozenset("«»\"“”'‘’()[]-–—")  # around a count («18») they do not separate it from its noun
PERCENT = "%"  # a sign, not a word: 33% is a share
SUBJECT_WORDS = 3  # a toll verb may stand this many words before its count, its subject between


class NumbersFormatError(ValueError):
    pass


def read_numbers(path: Path = NUMBERS_PATH) -> dict[str, dict[str, int]]:
    """kind -> normalised form -> value, from numbers.tsv; a malformed row raises NumbersFormatError."""
    problems = check_numbers(path)
    if problems:
        line, message = problems[0]
        raise NumbersFormatError(f"{path.name}:{line}: {message}")
    table: dict[str, dict[str, int]] = {kind: {} for kind in NUMBER_KINDS}
    for _, row in _rows(path):
        for form in row["forms_ar"].split("|"):
            table[row["kind"]][normalize(form.strip())] = int(row["value"])
    return table


def check_numbers(path: Path = NUMBERS_PATH) -> list[tuple[int, str]]:
    """(line, problem) for every bad row of numbers.tsv: the validator's entry for the file."""
    problems: list[tuple[int, str]] = []
    try:
        rows = list(_rows(path))
    except (OSError, UnicodeDecodeError, NumbersFormatError) as exc:
        return [(0, str(exc))]
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows:
        if row["kind"] not in NUMBER_KINDS:
            problems.append((line, f"kind {row['kind']!r} not one of {' '.join(NUMBER_KINDS)}"))
        if not row["value"].isdigit() or int(row["value"]) < 1:
            problems.append((line, f"value {row['value']!r} is not a positive whole number"))
        forms = [f.strip() for f in row["forms_ar"].split("|")]
        for form in forms:
            if not form or not re.search("[\u0621-\u064a]", form) or re.search("[A-Za-z0-9]", form):
                problems.append((line, f"form {form!r} is not an Arabic word"))
            key = (row["kind"], normalize(form))
            if key in seen:
                problems.append((line, f"form {form!r} already listed as {row['kind']} at line {seen[key]}"))
            seen[key] = line
    return problems


def _rows(path: Path):
    header = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            if tuple(cells) != NUMBER_COLUMNS:
                raise NumbersFormatError(f"line {number}: header must be {' '.join(NUMBER_COLUMNS)}")
            header = cells
            continue
        if len(cells) != len(NUMBER_COLUMNS):
            raise NumbersFormatError(f"line {number}: {len(cells)} cells, expected {len(NUMBER_COLUMNS)}")
        yield number, dict(zip(NUMBER_COLUMNS, cells))


@dataclass(frozen=True)
class CountWords:
    """The words counts are read with: number words with their values, and the cue words by use."""

    numbers: dict
    vague: dict
    multipliers: dict
    killed: frozenset[str]
    wounded: frozenset[str]
    arrested: frozenset[str]
    displaced: frozenset[str]
    killed_after: frozenset[str]
    wounded_after: frozenset[str]
    arrested_after: frozenset[str]
    combined: frozenset[str]
    combined_link: frozenset[str]
    approx: frozenset[str]
    filler: frozenset[str]
    approx_after: frozenset[str]
    not_people: frozenset[str]
    not_before: frozenset[str]
    not_arrest: frozenset[str]
    consequence: frozenset[str]
    period_marker: frozenset[str]
    period_unit: frozenset[str]
    cumulative: frozenset[str]
    subset: frozenset[str]
    person: frozenset[str]
    tally: frozenset[str]
    reached: frozenset[str]
    war: frozenset[str]
    continuation: frozenset[str]
    relative: frozenset[str]
    place_plural: frozenset[str]
    back_reference: frozenset[str]
    fighting: frozenset[str]
    war_preposition: frozenset[str]
    range_marker: frozenset[str]
    ongoing: frozenset[str]
    months: frozenset[str]  # the first word of every month name (temporal.tsv): 24 يوليو is a date
    fronts: tuple[str, ...]  # proclitics split off a word, longest first (lexicon/clitics.tsv)
    digit_fronts: str  # the letters a digit run may carry on its front (و500، ب30)
    token_pattern: re.Pattern  # a digit run with one of those letters, a word, or a single mark
    article: str  # the definite article (lexicon/clitics.tsv)
    # token -> its bare forms: news repeats its words, and this is most of the reading time (a pure cache)
    _forms: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_kb(cls, kb, numbers_path: Path = NUMBERS_PATH) -> "CountWords":
        table = read_numbers(numbers_path)
        w = kb.word_set
        clitics = kb.clitics
        fronts = clitics.sequences(tuple(sorted(clitics.guessed_prepositions)), article=None)
        digit_fronts = "".join(sorted(clitics.guessed))
        months = frozenset(name.split()[0] for name in temporal_lexicon().table("month"))
        token_pattern = re.compile(rf"[{digit_fronts}]?\d+(?:[.,]\d+)*|\w+|[^\w\s]")
        return cls(table["number"], table["vague"], table["multiplier"],
                   w("toll_killed"), w("toll_wounded"), w("toll_arrested"), w("toll_displaced"),
                   w("toll_killed_after"), w("toll_wounded_after"), w("toll_arrested_after"),
                   w("toll_combined"), w("toll_combined_link"), w("count_approx"), w("count_filler"),
                   w("count_approx_after"), w("count_not_people"), w("count_not_before"), w("toll_not_arrest"),
                   w("toll_consequence"), w("toll_period_marker"), w("toll_period_unit"),
                   w("cumulative_marker"), w("count_subset"), w("count_person"),
                   w("toll_tally"), w("toll_reached"), w("war_noun"), w("report_continuation"),
                   w("relative"), w("place_plural"), w("back_reference"), w("fighting_noun"), w("war_preposition"), w("count_range"), w("ongoing"), months,
                   tuple(sorted(fronts, key=lambda f: (-len(f), f))), digit_fronts, token_pattern, clitics.article)

    def tokens(self, norm: str) -> list[tuple[str, int, int]]:
        return [(m.group(0), m.start(), m.end()) for m in self.token_pattern.finditer(norm)]

    def bare_forms(self, token: str) -> tuple[str, ...]:
        """The token and what is left after each proclitic on its front (وأصيب → اصيب, والجرحى → جرحي)."""
        out = self._forms.get(token)
        if out is None:
            out = (token,) + tuple(token[len(p):] for p in self.fronts
                                   if token.startswith(p) and len(token) - len(p) >= 2)
            if len(self._forms) > 200_000:
                self._forms.clear()
            self._forms[token] = out
        return out

    def definite(self, token: str) -> bool:
        """The article on a word's front (القتلى), with no proclitic before it."""
        return token.startswith(self.article)

    def has(self, token: str, words: frozenset[str]) -> bool:
        return any(f in words for f in self.bare_forms(token))

    def value(self, table: dict, token: str) -> int | None:
        return next((table[f] for f in self.bare_forms(token) if f in table), None)

    def kind_sets(self) -> tuple[tuple[str, frozenset[str]], ...]:
        return (("killed", self.killed), ("wounded", self.wounded), ("arrested", self.arrested),
                ("displaced", self.displaced))


@dataclass(frozen=True)
class Figure:
    """One count: its kind (a toll kind, casualties, or size), value, the unit word after it, whether it is
    approximate, its text, and where it lies in the normalised sentence (characters)."""

    kind: str
    value: int
    unit: str
    approx: bool
    text: str
    start: int
    end: int

    def as_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value, "unit": self.unit, "approx": self.approx, "text": self.text}






def _phrase_at(toks: list[str], i: int, phrases: frozenset[str], words: CountWords) -> int:
    """The number of tokens of the phrase of `phrases` that starts at token i (0: none)."""
    for n in (4, 3, 2, 1):
        if i + n <= len(toks) and any(" ".join([f, *toks[i + 1:i + n]]) in phrases for f in words.bare_forms(toks[i])):
            return n
    return 0


def _phrase_ending(toks: list[str], i: int, phrases: frozenset[str], words: CountWords) -> bool:
    return any(_phrase_at(toks, k, phrases, words) == i - k + 1 for k in range(max(0, i - 3), i + 1))


def _is_mark(token: str) -> bool:
    return not any(c.isalnum() for c in token)


def _clause_mark(token: str) -> bool:
    return _is_mark(token) and token not in QUOTES


def scan(norm: str, words: CountWords) -> list[Figure]:
    """Every count of people (and size) in a normalised sentence."""
    tok = words.tokens(norm)
    toks = [t for t, _, _ in tok]
    out: list[Figure] = []
    i = 0
    while i < len(toks):
        number = _number(toks, i, words)
        if number is None:
            one = _one_person(toks, tok, norm, i, words)
            if one is not None:
                out.append(one)
            i += 1
            continue
        value, approx, last, vague = number
        if last + 1 < len(tok) and tok[last + 1][1] == tok[last][2] and toks[last + 1][:1].isalpha():
            i = last + 1
            continue  # 3خ: digits run into letters, a garbled count
        figure = _read(toks, tok, norm, i, last, value, approx, vague, words)
        if figure is not None:
            out.append(_conjoined(figure, out[-1] if out else None, toks, tok, i, words))
        i = last + 1
    return out


def _conjoined(figure: Figure, previous: Figure | None, toks: list[str], tok: list, i: int,
               words: CountWords) -> Figure:
    """18 عنصرا من جبهة النصرة، وسبعة من الفرقة 30: a bare count joined by و to a toll, no toll word between,
    counts the same toll (مقتل 30 مسلحا و5 مدنيين: 35 killed)."""
    if figure.kind != "size" or previous is None or previous.kind not in TOLL_KINDS or not toks[i].startswith("و"):
        return figure
    between = [t for t, s, _ in tok if previous.end <= s < tok[i][1]]
    if any(_toll_kind(t, words) or _number_word(t, words) for t in between):
        return figure
    return replace(figure, kind=previous.kind)


def _one_person(toks: list[str], tok: list, norm: str, i: int, words: CountWords) -> Figure | None:
    """مقتل ضابط، إصابة طفل: a singular noun of a person right after a toll word counts one."""
    if i == 0 or toks[i] not in words.person:
        return None
    kind = _toll_kind(toks[i - 1], words)
    if kind not in ("killed", "wounded", "arrested"):
        return None
    return Figure(kind, 1, toks[i], False, norm[tok[i - 1][1]:tok[i][2]], tok[i][1], tok[i][2])


def _number(toks: list[str], i: int, words: CountWords) -> tuple[int, bool, int, bool] | None:
    """(value, approximate, last token, vague) of the count that starts at token i."""
    token = toks[i]
    digits = token.lstrip(words.digit_fronts)
    vague = False
    if digits[:1].isdigit():
        value = _digits(digits)
        if value is None:
            return None
    else:
        value = words.value(words.numbers, token)
        if value is not None and _definite(token, words):
            value = None  # الاثنين، الثلاثة: a weekday or "the three" of people already counted
        if value is None:
            value, vague = words.value(words.vague, token), True
        if value is None or _tally_of(toks, i, words):
            return None
    last = i
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    if not vague and value < 10 and words.value(words.numbers, nxt) == 10 and nxt.startswith("عشر"):
        value, last = value + 10, i + 1  # ثلاثة عشر: a unit before ten is a teen
    elif not vague and value < 10 and nxt.startswith("و") and 20 <= (words.value(words.numbers, nxt[1:]) or 0) < 100:
        value, last = value + words.value(words.numbers, nxt[1:]), i + 1  # خمسة وعشرون
    nxt = toks[last + 1] if last + 1 < len(toks) else ""
    mult = words.value(words.multipliers, nxt) if nxt and not nxt.startswith("و") else None
    if mult and value < mult:
        value, last = value * mult, last + 1  # 15 ألف، أربعة آلاف، مئات ألوف
    nxt = toks[last + 1] if last + 1 < len(toks) else ""
    if value >= 1000 and value % 1000 == 0 and re.fullmatch(r"و\d+", nxt) and int(nxt[1:]) < 1000:
        value, last = value + int(nxt[1:]), last + 1  # ألف و500
    elif i and words.has(toks[i - 1], words.range_marker) and nxt.startswith("و") and _number_word(nxt[1:], words):
        return value, True, last + 1, vague  # ما بين 25 و30: one count, at its lower end
    return value, vague, last, vague


def _tally_of(toks: list[str], i: int, words: CountWords) -> bool:
    """عدد القتلى: "the number of" a definite noun, no vague count (عدد من القتلى is one)."""
    return words.has(toks[i], words.tally) and i + 1 < len(toks) and words.definite(toks[i + 1])


def _definite(token: str, words: CountWords) -> bool:
    """The article on a number word (الاثنين، والثلاثة), not the ال of ألف."""
    return token not in words.numbers and any(
        words.definite(f) and f[len(words.article):] in words.numbers for f in (token, token[1:]) if f)


def _digits(token: str) -> int | None:
    if re.fullmatch(r"\d{1,3}(,\d{3})+", token):
        return int(token.replace(",", ""))
    try:
        return int(float(token.replace(",", ".")))
    except ValueError:
        return None


def _read(toks: list[str], tok: list, norm: str, i: int, last: int, value: int, approx: bool, vague: bool,
          words: CountWords) -> Figure | None:
    """The figure the count at tokens i..last makes, or None when it counts no people."""
    j = last + 1
    while j < len(toks) and toks[j] in QUOTES:
        j += 1
    unit = toks[j] if j < len(toks) else ""
    before, b = _before(toks, i, words)
    if _no_people(toks, i, unit, before, words):
        return None
    approx = approx or any(words.has(t, words.approx) for t in toks[max(0, i - 4):i]) or \
        any(words.has(t, words.approx_after) for t in toks[last + 1:j + 4])
    kind, end = _kind(toks, i, last, j, before, b, words)
    if _conjunct(unit, words):
        end = min(end, last)
    if kind == "arrested" and _not_arrest(toks, b if before else i, words):
        return None  # a warrant or a release
    if kind is None:
        if _year_or_things(toks[i], unit, value, vague, words):
            return None
        kind, end = "size", j
    first = b if before and _toll_kind(before, words) and kind != "size" else i
    end = min(max(end, last), len(tok) - 1)
    start_char, end_char = tok[first][1], tok[end][2]
    if value <= 0:
        return None
    return Figure(kind, value, "" if words.has(unit, words.not_people) else unit, approx, norm[start_char:end_char],
                  tok[i][1], tok[last][2])


def _no_people(toks: list[str], i: int, unit: str, before: str | None, words: CountWords) -> bool:
    """A share, a span, a distance or things (33%، 40 كلم); a date (24 يوليو); a year or a name (عام 2004، الفرقة 30); part of
    the count told before (297 شخصا بينهم 37 أجنبيا)."""
    if unit == PERCENT or words.has(unit, words.not_people) or words.has(unit, words.months):
        return True
    if i and toks[i - 1] not in QUOTES and words.has(toks[i - 1], words.not_before):
        return True
    return before is not None and words.has(before, words.subset)


def _year_or_things(token: str, unit: str, value: int, vague: bool, words: CountWords) -> bool:
    """A count of no kind that is a year (2004), or a vague count of some things (عدد من المحافظات)."""
    digits = token.lstrip(words.digit_fronts)
    if digits.isdigit() and len(digits) == 4 and 1900 <= value <= 2100:
        return True
    return vague and (unit in words.filler or not unit)


def _before(toks: list[str], i: int, words: CountWords) -> tuple[str | None, int]:
    """The word before the count past an approximation (مقتل ما لا يقل عن), and its index."""
    k = i - 1
    skipped = 0
    while k >= 0 and skipped < 4 and (toks[k] in QUOTES or words.has(toks[k], words.approx) or toks[k] in words.filler):
        k -= 1
        skipped += 1
    if k < 0 or _clause_mark(toks[k]):
        return None, i
    return toks[k], k


def _kind(toks: list[str], i: int, last: int, j: int, before: str | None, b: int,
          words: CountWords) -> tuple[str | None, int]:
    """The kind of the count and the last token of its phrase: from the noun after it, else from the toll
    word before it, else from a plural toll verb after the counted people."""
    if last == i and _toll_kind(toks[i], words):
        return _toll_kind(toks[i], words), i  # قتيلين: a dual toll noun is its own count
    return _kind_after(toks, j, words) or _kind_before(toks, j, before, b, words) \
        or _kind_from_verb_after(toks, j, words) or (None, j)


def _kind_after(toks: list[str], j: int, words: CountWords) -> tuple[str, int] | None:
    """From the unit noun after the count (32 قتيلا، عشرات القتلى والجرحى، عشرات الضحايا، عشرات من القتلى)."""
    unit = toks[j] if j < len(toks) else ""
    nxt = toks[j + 1] if j + 1 < len(toks) else ""
    if not unit:
        return None
    # وجرح، وإصابة after the count open the next conjunct (مقتل 29 وجرح 15): no unit of this one
    unit_kind = _toll_kind(unit, words) if not _conjunct(unit, words) else None
    if unit_kind and _joined_other_kind(unit_kind, nxt, words):
        return "casualties", j + 1  # 32 قتيلا وجرحى، عشرات القتلى والجرحى
    if words.has(unit, words.combined_link) and _toll_kind(nxt, words) and j + 2 < len(toks) \
            and _joined_other_kind(_toll_kind(nxt, words), toks[j + 2], words):
        return "casualties", j + 2  # 80 بين قتيل وجريح، عدد من الشهداء والجرحى
    if words.has(unit, words.combined):
        return "casualties", j  # عشرات الضحايا
    if unit_kind:
        return unit_kind, j
    return None


def _kind_before(toks: list[str], j: int, before: str | None, b: int, words: CountWords) -> tuple[str, int] | None:
    """From the toll word before the count (مقتل 5، وقتلت القذائف خمسة), or the noun after من (عشرات من القتلى)."""
    unit = toks[j] if j < len(toks) else ""
    nxt = toks[j + 1] if j + 1 < len(toks) else ""
    if before is not None:
        kind = _toll_kind(before, words)
        if kind:
            if b and before.startswith("و") and _toll_kind(toks[b - 1], words) not in (None, kind):
                return "casualties", j  # مقتل وإصابة 60
            return kind, j
        for k in range(b - 1, max(-1, b - SUBJECT_WORDS - 1), -1):  # وقتلت القذائف خمسة: VSO, a subject between
            if _clause_mark(toks[k]) or _number_word(toks[k], words) or (k and _number_word(toks[k - 1], words)):
                break  # 50 قتيلا في موقع واحد: a toll noun after its own count is no verb of this one
            if _toll_kind(toks[k], words) in ("killed", "wounded", "arrested"):
                return _toll_kind(toks[k], words), j
    if unit and unit in words.filler and j + 1 < len(toks) and _toll_kind(nxt, words):
        return _toll_kind(nxt, words), j + 1  # عشرات من القتلى
    return None


def _kind_from_verb_after(toks: list[str], j: int, words: CountWords) -> tuple[str, int] | None:
    """From a plural toll verb after the counted people (30 مسلحا من داعش قتلوا)."""
    for k in range(j, min(len(toks), j + 8)):
        if _clause_mark(toks[k]) or (k > j and _number_word(toks[k], words)):
            break
        for kind, verbs in (("killed", words.killed_after), ("wounded", words.wounded_after),
                            ("arrested", words.arrested_after)):
            if _phrase_at(toks, k, verbs, words):
                return kind, j
    return None


def _conjunct(token: str, words: CountWords) -> bool:
    """و + a toll word right after a count opens the next conjunct: the noun counted follows a count bare."""
    return token.startswith("و") and _toll_kind(token[1:], words) is not None


def _number_word(token: str, words: CountWords) -> bool:
    return token.lstrip(words.digit_fronts)[:1].isdigit() or words.value(words.numbers, token) is not None


def _toll_kind(token: str, words: CountWords) -> str | None:
    for kind, vocab in words.kind_sets():
        if words.has(token, vocab):
            return kind
    return None


def _joined_other_kind(kind: str, token: str, words: CountWords) -> bool:
    """وجرحى after قتلى (or the reverse): killed and wounded joined by و."""
    other = _toll_kind(token, words)
    return token.startswith("و") and other in ("killed", "wounded") and kind in ("killed", "wounded") and other != kind


def _not_arrest(toks: list[str], k: int, words: CountWords) -> bool:
    return any(_phrase_ending(toks, e, words.not_arrest, words) for e in range(max(0, k - 2), k + 1))


def find_quantities(text: str, start: int, end: int, words: CountWords) -> tuple[dict, ...]:
    """Counts in text[start:end]; each with kind, value, unit word, approx and the phrase."""
    return tuple(f.as_dict() for f in scan(normalize(text[start:end]), words))
