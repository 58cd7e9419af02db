"""The temporal stage: find Arabic time expressions in news text and resolve them to dates.

``find_time_expressions(text, published)`` returns every time expression of ``text`` with
its span in the original text and the dates it stands for, resolved against the
publication date. Patterns run on the matching form of the text
(:func:`hadath.text.normalize.normalize_with_map`) and spans are mapped back.

What is recognised (word lists in ``data/lexicon/temporal.tsv``):

- relative days: اليوم، أمس، أول أمس، غدا، بعد غد، الليلة الماضية، with a part of the day
  (صباح، ليل ...), a weekday that must agree (اليوم الثلاثاء) and a correcting parenthesis
  (اليوم الثلاثاء (امس): the parenthesis wins: papers are written the day before);
- weekdays (الجمعة، يوم الخميس المقبل، الأحد الماضي): the latest such day up to publication,
  the next one when the clause is in the future tense or the day is qualified المقبل/القادم;
- periods: الأسبوع/الشهر/العام الماضي/الجاري/المقبل، هذا العام (weeks run Sunday to Saturday);
- parts of periods: مطلع/منتصف/أواخر + month, الشهر, العام, a year or a Hijri month
  (a month part is 10 days, precision week; a year part is a quarter or so, precision month);
- counts from now: قبل يومين، منذ ثلاثة أيام، قبل أسبوع، بعد يومين، قبل أيام؛ spans back from
  now: خلال الأيام الثلاثة الماضية، في الأيام القليلة الماضية، الساعات الـ24 الماضية;
- explicit dates in the Levantine, Egyptian/Gulf, Algerian/Tunisian and Moroccan month names,
  with digits or ordinal words for the day, a year, a qualifier (الماضي، الجاري، من العام
  الحالي) or none (nearest occurrence, the past preferred unless the clause is future); day
  ranges (يومي 30-31 تشرين الأول، بين 3 و5 آذار، من 1 إلى 5 أيار); numeric dates d/m/y and
  y-m-d; years (عام 2011، في 2014، عامي 2011 و2012);
- Hijri dates, months and years (15 رمضان 1436 هـ، غرة شوال، العشر الأواخر من رمضان);
- two day expressions joined by و/-/إلى become one range (يومي أمس وأمس الأول، ليل الثلاثاء -
  الأربعاء، من 28 شباط إلى 3 آذار).

Spans begin at the word itself: a leading conjunction or preposition glued to it (و، ف، ب)
is left out, except ل before an elided article (للعام الماضي). A leading "في" before an
explicit date is part of the span.
"""
from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache

from hadath import temporal_numbers as tn
from hadath.text.clitics import Clitics
from hadath.text.normalize import NormText, normalize_with_map
from hadath.text.tokens import Tokens

__all__ = ["TimeExpression", "find_time_expressions"]

_DAY = datetime.timedelta(days=1)
# ACLED's time_precision: 1 the day is known, 2 the week, 3 the month or only roughly; an event
# dated only by its article's publication day ("article") gets 2: it happened then or shortly before
ACLED_TIME_PRECISION = {"day": 1, "week": 2, "article": 2, "month": 3, "year": 3}


@dataclass(frozen=True)
class TimeExpression:
    start: int            # offsets into the ORIGINAL text (half-open)
    end: int
    text: str             # original[start:end]
    date_start: datetime.date
    date_end: datetime.date
    precision: str        # "day" | "week" | "month" | "year"
    kind: str             # "relative" | "absolute" | "weekday" | "range" | "duration" | "hijri" | "part_of_period"
    future: bool = False  # resolved forward (tomorrow, next week, a future-tense weekday)

    @property
    def acled_precision(self) -> int:
        """ACLED's time precision: 1 a day, 2 a week, 3 a month or longer."""
        return ACLED_TIME_PRECISION.get(self.precision, 3)


@dataclass
class _Cand:
    s: int                 # span in the matching form
    e: int
    ds: datetime.date
    de: datetime.date
    precision: str
    kind: str
    future: bool = False
    weekday: int | None = field(default=None, compare=False)   # a bare weekday, for ranges


# ------------------------------------------------------------------ patterns

def _yq(sfx: str, year: str) -> str:
    """What may follow a month name: a year, a qualifier of the month or of the year."""
    return (
        rf"(?:\s*,?\s*(?:(?:من\s+)?(?:(?:ال|(?<=ل)ل)?(?:عام|سنه))\s+)?(?P<year{sfx}>{year})"
        rf"(?P<ysuf{sfx}>\s*(?:م|ه|هجريه|هجري|للهجره|ميلاديه|ميلادي)(?!\w))?"
        rf"|\s+(?P<mq{sfx}>{{QUAL}})"
        rf"|\s+(?:من\s+)?(?:ال)?(?:عام|سنه)\s+(?P<yq{sfx}>{{QUAL}})"
        rf"|\s+(?:من\s+)?(?P<ythis{sfx}>هذا\s+العام|هذه\s+السنه))?"
    )


_GYEAR = r"(?:19|20)\d\d(?!\d)"
_HYEAR = r"1[34]\d\d(?!\d)"
# a conjunction و/ف, then ب/ك only before the article, ل before the article (لل) or عام/سنة


def _proclitic_pattern(clitics: Clitics) -> str:
    """What may stand before a time expression inside its word: a conjunction, then a preposition
    before the article (بالأمس), or one that fuses with it (للعام، لعام), from lexicon/clitics.tsv."""
    fused = [p for p in clitics.prepositions if any(r.form == p and r.with_article for r in clitics.rows)]
    plain = "".join(p for p in clitics.prepositions if p not in fused)
    article = clitics.article
    # after a fusing preposition the article loses its alef (ل + العام = للعام): its ل follows
    return (rf"(?<!\w)(?P<pro>[{''.join(clitics.conjunctions)}]?(?:[{plain}](?={article})"
            rf"|(?:{'|'.join(fused)})(?={article}|{article[1:]}|عام|سنه))?)")
_END = r"(?!\w)"
_DAYNUM = r"(?:ال)?(?:3[01]|[12][0-9]|0?[1-9])(?!\d)"
_CONN = r"(?:-|–|—|و|الي|حتي)"
_HEPI = r"(?:\s+(?:المبارك|الكريم|الفضيل|المعظم|الحرام))?"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    lex = tn.lexicon()
    clitics = Clitics.load()
    _PRO = _proclitic_pattern(clitics)
    conj = "".join(clitics.conjunctions)
    alt = tn.alternation
    f = {
        "MON": alt(lex.forms("month")),
        "HMON": alt(lex.forms("hijri_month")),
        "WD": alt(lex.forms("weekday")),
        "ORD": alt(lex.forms("ordinal")),
        "CARD": alt(lex.forms("cardinal")),
        "UNIT": alt(lex.forms("unit")),
        "REL": alt(lex.forms("relday")),
        "DP": alt(lex.forms("daypart"), article=False),
        "QUAL": alt(lex.forms("past2") + lex.forms("past") + lex.forms("current") + lex.forms("next")),
        "PART": alt(lex.forms("part")),
        "PER": alt(lex.forms("period")),
        "THIS": alt(lex.forms("this")),
        "CUE": alt([c for c in lex.forms("cue") if c != "في"], article=False),
    }
    f["DAY"] = rf"(?:{_DAYNUM}|{f['ORD']})"
    f["MONX"] = (rf"(?P<mon>{f['MON']})(?:\s*\(\s*(?P<mon2>{f['MON']})\s*\)|\s*[/-]\s*(?P<mon3>{f['MON']})"
                 rf"|\s+(?P<mon4>{f['MON']}))?")
    gyq, hyq = _yq("", _GYEAR), _yq("", _HYEAR)
    src = {
        "date": rf"""{_PRO}(?P<x>
            (?:(?:يوم\s+)?(?P<wd>{{WD}})\s*,?\s*(?:الموافق\s+)?)?
            (?:(?P<fi>في)\s+)?
            (?:(?P<rp>(?:ما\s+)?بين|من|يومي|ليلتي|الفتره\s+(?:من|بين))\s+)?
            (?:يوم\s+)?(?P<d1>{{DAY}})(?:\s*(?P<conn>{_CONN})\s*(?P<d2>{{DAY}}))?
            \s*(?:(?P<min>من)\s+)?(?:شهر\s+)?
            (?:{{MONX}}{gyq}|(?P<curm>(?:ال|(?<=ل)ل)شهر)(?:\s+(?P<cq>{{QUAL}}))?|(?P<cq2>الجاري|الحالي))
        ){_END}""",
        "hdate": rf"""{_PRO}(?P<x>
            (?:(?:يوم\s+)?(?P<wd>{{WD}})\s*,?\s*(?:الموافق\s+)?)?
            (?:(?P<fi>في)\s+)?
            (?:(?P<rp>(?:ما\s+)?بين|من|يومي|ليلتي|الفتره\s+(?:من|بين))\s+)?
            (?:يوم\s+)?(?P<d1>{{DAY}})(?:\s*(?P<conn>{_CONN})\s*(?P<d2>{{DAY}}))?
            \s*(?:من\s+)?(?:شهر\s+)?(?P<mon>{{HMON}}){_HEPI}{hyq}
        ){_END}""",
        "month": rf"""(?<!\w)(?:[{conj}]?(?P<cue>{{CUE}})\s+)?{_PRO}(?P<x>
            (?:(?P<fi>في)\s+)?(?:(?P<sh>شهر|شهري)\s+)?{{MONX}}{gyq}
        ){_END}""",
        "hmonth": rf"""(?<!\w)(?:[{conj}]?(?P<cue>{{CUE}})\s+)?{_PRO}(?P<x>
            (?:(?P<fi>في)\s+)?(?:(?P<sh>شهر)\s+)?(?P<mon>{{HMON}}){_HEPI}{hyq}
        ){_END}""",
        "year": rf"""(?<!\w)(?:[{conj}]?(?P<cue>{{CUE}})\s+)?{_PRO}(?P<x>
            (?:(?P<fi>في)\s+)?(?:(?P<kw>(?:ال|(?<=ل)ل)?(?:عام|سنه)|عامي)\s+)?
            (?P<y1>{_GYEAR}|{_HYEAR})(?P<suf>\s*(?:م|ه|هجريه|هجري|للهجره|ميلاديه|ميلادي)(?!\w))?
            (?:\s*(?P<conn>{_CONN})\s*(?:(?:ال)?عام\s+)?(?P<y2>{_GYEAR})(?:\s*م(?!\w))?)?
        ){_END}""",
        "numeric": r"""(?<![\w/.\-])(?P<x>(?:(?P<fi>في)\s+)?(?:
            (?P<d>\d{1,2})\s?(?P<s>[/.\-])\s?(?P<m>\d{1,2})\s?(?P=s)\s?(?P<y>\d{4})
            |(?P<y2>\d{4})\s?(?P<s2>[/.\-])\s?(?P<m2>\d{1,2})\s?(?P=s2)\s?(?P<d2>\d{1,2}))
            (?:\s*(?P<suf>ه|م)(?!\w))?)(?![\w/\-]|\.\d)""",
        "rel": rf"""{_PRO}(?P<x>
            (?:(?P<dp>{{DP}})\s+)?(?:(?P<yawm>يوم|يومي)\s+)?(?P<rel>{{REL}})
            (?:\s*,?\s*(?P<wd>{{WD}}))?
            (?:\s*\(\s*(?:(?P<prel>{{REL}})|(?P<pwd>{{WD}}))\s*\))?
        ){_END}""",
        "weekday": rf"""{_PRO}(?P<x>
            (?:(?P<dp>{{DP}})\s+)?(?:(?P<yawm>يوم|يومي)\s+)?(?P<wd>{{WD}})
            (?:\s+(?P<q>{{QUAL}}))?(?:\s*\(\s*(?P<prel>{{REL}})\s*\))?
        ){_END}""",
        "period": rf"""{_PRO}(?P<x>
            (?P<this>{{THIS}})\s+(?P<per1>{{PER}})|(?P<per>{{PER}})\s+(?P<q>{{QUAL}})
        ){_END}""",
        "part": rf"""{_PRO}(?P<x>
            (?:(?P<fi>في)\s+)?(?P<part>{{PART}})\s+(?:من\s+)?(?:
                (?:شهر\s+)?{{MONX}}{gyq}
              | (?:شهر\s+)?(?P<hmon>{{HMON}}){_HEPI}(?:\s*,?\s*(?:عام\s+)?(?P<hyear>{_HYEAR})(?:\s*(?:ه|هجري|هجريه|للهجره)(?!\w))?|\s+(?P<hq>{{QUAL}}))?
              | (?:(?P<this>{{THIS}})\s+)?(?P<per>{{PER}})(?:\s+(?P<q>{{QUAL}})|\s+(?P<py>{_GYEAR}))?
              | (?:(?:ال)?عام\s+)?(?P<py2>{_GYEAR})(?:\s*م(?!\w))?)
        ){_END}""",
        "duration": rf"""(?<!\w)(?P<pro>[{conj}]?)(?P<x>
            (?P<pre>قبل|منذ|بعد)\s+
            (?:(?:نحو|حوالي|قرابه|زهاء|اكثر\s+من|اقل\s+من|ما\s+يقارب|ما\s+يزيد\s+(?:عن|علي))\s+)?
            (?:(?P<n>\d{{1,3}}|{{CARD}})\s+)?(?P<unit>{{UNIT}})
        ){_END}""",
        "vague": rf"""(?<!\w)(?P<pro>[{conj}]?)(?P<x>
            (?:(?:في|خلال|طوال|علي\s+مدي|علي\s+مدار|منذ)\s+)?
            (?:ال(?P<n0>\d{{1,3}}|{{CARD}})\s+)?
            (?P<unit>(?:ال)?(?:ايام|اسابيع|ساعات|اشهر|شهور|يومين|اسبوعين|شهرين|عامين|سنتين|ساعتين|يوم|ساعه|اسبوع|شهر))
            (?:\s+(?:ال)?(?P<n>\d{{1,3}}|{{CARD}}))?(?:\s+القليله)?
            \s+(?P<q>الماضيه|الماضيين|الماضيتين|الاخيره|الاخيرين|الاخيرتين|المنصرمه|الفايته|المقبله|القادمه|المقبلين|القادمين)
        ){_END}""",
    }
    out = {}
    for name, pattern in src.items():
        for key, value in f.items():
            pattern = pattern.replace("{" + key + "}", value)
        out[name] = re.compile(pattern, re.VERBOSE)
    return out


# ------------------------------------------------------------------ context helpers

@lru_cache(maxsize=1)
def _words():
    lex = tn.lexicon()
    return {
        "month": {k: int(v) for k, v in lex.table("month").items()},
        "hmonth": {k: int(v) for k, v in lex.table("hijri_month").items()},
        "weekday": {k: int(v) for k, v in lex.table("weekday").items()},
        "relday": {k: int(v) for k, v in lex.table("relday").items()},
        "qual": {k: int(v) for kind in ("past", "past2", "current", "next") for k, v in lex.table(kind).items()},
        "period": lex.table("period"),
        "part": lex.table("part"),
        "unit": lex.table("unit"),
        "strict": lex.tagged("month", "strict") | lex.tagged("hijri_month", "strict"),
        "bound": lex.tagged("relday", "bound"),
        "future": frozenset(lex.forms("future")),
        "nf_word": frozenset(e.form for e in lex.entries.get("not_future", []) if "prefix" not in e.tags),
        "nf_prefix": tuple(e.form for e in lex.entries.get("not_future", []) if "prefix" in e.tags),
        "stop_next": lex.pairs("stop_next"),
        "stop_prev": lex.pairs("stop_prev"),
    }


_CLAUSE_END = frozenset(".!?;:\n,«»\"()")
_FUTURE_WINDOW = 12  # words before a date that may put its clause in the future tense


@dataclass(frozen=True)
class _Context:
    """The text a pattern matched in (the matching form), its token layer and its clitics."""

    text: str
    tokens: Tokens
    clitics: Clitics


def _next_word(ctx: _Context, pos: int) -> str:
    tok = ctx.tokens.word_after(pos)
    return tok.text if tok is not None else ""


def _prev_word(ctx: _Context, pos: int) -> str:
    i = ctx.tokens.token_at(pos) - 1
    return ctx.tokens.words[i].text if i >= 0 else ""


def _stopped(ctx: _Context, s: int, e: int, word: str) -> bool:
    """Whether ``word`` (the lexicon form ending or starting the span) is blocked by its neighbours."""
    w = _words()
    word = tn.canon(word)
    if (word, _next_word(ctx, e)) in w["stop_next"]:
        return True
    prev = _prev_word(ctx, s)
    return (word, prev) in w["stop_prev"] or (prev[:1] in ctx.clitics.conjunctions and (word, prev[1:]) in w["stop_prev"])


def _article_form(word: str, clitics: Clitics) -> str:
    """والأمين، للأمين، بالأمين -> الأمين (normalised)."""
    word = clitics.bare(word)
    article = clitics.article
    for fused in clitics.fused_article:
        if word.startswith(fused):
            return article + word[len(fused):]
    if word[:1] in clitics.prepositions and word[1:].startswith(article):
        return word[1:]
    return word


def _adjective_aam(ctx: _Context, s: int, period_word: str) -> bool:
    """العام after a noun like الأمين، الرأي is the adjective "general" (stop_prev in the lexicon)."""
    if tn.canon(period_word) not in ("العام", "لعام"):
        return False
    return ("العام", _article_form(_prev_word(ctx, s), ctx.clitics)) in _words()["stop_prev"]


def _future_context(ctx: _Context, pos: int) -> bool:
    """Whether the clause before ``pos`` (up to 12 words) is in the future tense."""
    w = _words()
    tokens = ctx.tokens.all
    i = bisect.bisect_left(ctx.tokens.all_starts, pos)
    words: list[str] = []
    while i > 0 and len(words) < _FUTURE_WINDOW:
        i -= 1
        tok = tokens[i]
        if tok.text in _CLAUSE_END or pos - tok.start > 100:
            break
        if tok.is_word:
            words.append(tok.text)
    for word in reversed(words):
        bare = ctx.clitics.bare(word)  # وسيقصف → سيقصف
        if word in w["future"] or bare in w["future"]:
            return True
        if _future_verb(bare, ctx.clitics):
            if bare in w["nf_word"] or bare.startswith(w["nf_prefix"]):
                continue
            return True
    return False


_IMPERFECT_PREFIXES = frozenset("يتن")  # the letters that open an imperfect verb after the future's س


def _future_verb(word: str, clitics: Clitics) -> bool:
    """سيقصف، ستعقد، سنرد: the future proclitic on an imperfect verb (three letters or more after it)."""
    return len(word) >= 4 and word[0] in clitics.future and word[1] in _IMPERFECT_PREFIXES


def _form(word: str | None) -> str:
    """A matched lexicon word in its dictionary form: white space folded, لجمعة -> الجمعة."""
    text = tn.canon(word or "")
    return "ا" + text if text.startswith("ل") and not text.startswith("ال") else text


def _month_of(name: str | None, table: dict[str, int]) -> int | None:
    return table.get(tn.canon(name)) if name else None


def _qual(word: str | None) -> int | None:
    if not word:
        return None
    return _words()["qual"].get(tn.canon(word))


def _span(m: re.Match) -> tuple[int, int]:
    return m.start("x"), m.end("x")


def _year_of(m: re.Match, published: datetime.date, month: int, day: int | None, future: bool):
    """The year of a Gregorian month (and day) from what follows it, or the nearest one."""
    today = (published.year, published.month, published.day)
    if m.group("year"):
        return int(m.group("year"))
    if m.group("mq"):
        return tn.qualified_year(today, month, day, _qual(m.group("mq")))
    if m.group("yq"):
        return published.year + max(-2, min(1, _qual(m.group("yq"))))
    if m.group("ythis"):
        return published.year
    if day is not None:
        return tn.nearest_year(published, published.year, lambda y: tn.safe_date(y, month, day), future)
    edge = tn.month_end if future else (lambda y, mo: datetime.date(y, mo, 1))
    return tn.nearest_year(published, published.year, lambda y: edge(y, month), future)


def _hijri_year_of(m: re.Match, published: datetime.date, month: int, day: int | None, future: bool):
    hij = tn.gregorian_to_hijri(published)
    if m.group("year"):
        return int(m.group("year"))
    if hij is None:
        return None
    if m.group("mq"):
        return tn.qualified_year(hij, month, day, _qual(m.group("mq")))
    if m.group("yq"):
        return hij[0] + max(-2, min(1, _qual(m.group("yq"))))
    if m.group("ythis"):
        return hij[0]
    if day is not None:
        return tn.nearest_year(published, hij[0], lambda y: tn.hijri_to_gregorian(y, month, day), future)
    if future:
        return tn.nearest_year(published, hij[0], lambda y: tn.hijri_to_gregorian(y, month, 30), future)
    return tn.nearest_year(published, hij[0], lambda y: tn.hijri_to_gregorian(y, month, 1), future)


def _precision_of_span(ds: datetime.date, de: datetime.date) -> str:
    days = (de - ds).days + 1
    if days <= 2:
        return "day"
    if days <= 14:
        return "week"
    if days <= 92:
        return "month"
    return "year"


# ------------------------------------------------------------------ recognisers

def _scan(name: str, text: str, resolve) -> list[_Cand]:
    """Candidates of one pattern; after a rejected match, look again one character on."""
    pattern = _patterns()[name]
    out, pos = [], 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return out
        cand = resolve(m)
        if cand is not None:
            out.append(cand)
            pos = m.end()
        else:
            pos = m.start() + 1


def _has_year(m: re.Match) -> bool:
    return any(m.group(g) for g in ("year", "mq", "yq", "ythis"))


def _date(m: re.Match, ctx: _Context, pub: datetime.date, hijri: bool) -> _Cand | None:
    w = _words()
    d1 = tn.number_value(m.group("d1"))
    d2 = tn.number_value(m.group("d2")) if m.group("d2") else None
    if d1 is None or not 1 <= d1 <= 31 or (m.group("d2") and (d2 is None or not d1 < d2 <= 31)):
        return None
    s, e = _span(m)
    if m.group("rp") and d2 is None and not m.group("wd"):
        s = m.start("d1")
    fut = False
    if hijri:
        if d1 > 30 or (d2 or 0) > 30:
            return None
        month = _month_of(m.group("mon"), w["hmonth"])
        if not _has_year(m):
            fut = _future_context(ctx, s)
        year = _hijri_year_of(m, pub, month, d1, fut)
        if year is None:
            return None
        ds = tn.hijri_to_gregorian(year, month, d1)
        de = tn.hijri_to_gregorian(year, month, d2 or d1)
    else:
        if m.group("mon"):
            month = _month_of(m.group("mon"), w["month"])
            if not _has_year(m):
                fut = _future_context(ctx, s)
            year = _year_of(m, pub, month, d1, fut)
        else:
            if m.group("curm") and not (m.group("min") or m.group("cq")):
                return None
            base = tn.add_months(pub, _qual(m.group("cq")) or 0)
            year, month = base.year, base.month
        if year is None:
            return None
        ds, de = tn.safe_date(year, month, d1), tn.safe_date(year, month, d2 or d1)
    if ds is None or de is None:
        return None
    kind = "range" if d2 else ("hijri" if hijri else "absolute")
    return _Cand(s, e, ds, de, "day", kind, future=ds > pub)


def _month(m: re.Match, ctx: _Context, pub: datetime.date, hijri: bool) -> _Cand | None:
    w = _words()
    name = tn.canon(m.group("mon"))
    month = _month_of(name, w["hmonth"] if hijri else w["month"])
    alt = not hijri and (m.group("mon2") or m.group("mon3") or m.group("mon4"))
    cue = m.group("cue") or m.group("fi")
    if not (_has_year(m) or m.group("sh") or alt or (cue and name not in w["strict"])):
        return None
    s, e = _span(m)
    fut = False if _has_year(m) else _future_context(ctx, m.start())
    if hijri:
        year = _hijri_year_of(m, pub, month, None, fut)
        rng = tn.hijri_month_range(year, month) if year else None
    else:
        year = _year_of(m, pub, month, None, fut)
        rng = tn.month_range(year, month) if year else None
    if rng is None:
        return None
    return _Cand(s, e, rng[0], rng[1], "month", "hijri" if hijri else "absolute", future=rng[0] > pub)


def _year(m: re.Match, ctx: _Context, pub: datetime.date) -> _Cand | None:
    y1 = int(m.group("y1"))
    y2 = int(m.group("y2")) if m.group("y2") else None
    suf = (m.group("suf") or "").strip()
    kw, cue = m.group("kw"), m.group("cue")
    s, e = _span(m)
    if y1 < 1900:                                   # a Hijri year: needs هـ or هجري
        if not suf or suf.startswith("م") or y2:
            return None
        rng = tn.hijri_year_range(y1)
        if rng is None:
            return None
        return _Cand(s, e, rng[0], rng[1], "year", "hijri", future=rng[0] > pub)
    if suf and not suf.startswith("م"):
        return None
    if kw == "عامي" and y2 is None:
        return None
    if not (kw or m.group("fi") or suf or cue):
        return None
    if cue and tn.canon(cue) == "بين" and y2 is None:
        return None
    if y2 is not None:
        if y2 <= y1:
            return None
        return _Cand(s, e, datetime.date(y1, 1, 1), datetime.date(y2, 12, 31), "year", "range")
    return _Cand(s, e, datetime.date(y1, 1, 1), datetime.date(y1, 12, 31), "year", "absolute",
                 future=y1 > pub.year)


def _numeric(m: re.Match, ctx: _Context, pub: datetime.date) -> _Cand | None:
    if m.group("y"):
        d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    else:
        y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
    if mo > 12 and d <= 12:
        d, mo = mo, d
    if m.group("suf") == "ه" or 1300 <= y < 1500:
        day = tn.hijri_to_gregorian(y, mo, d) if 1 <= mo <= 12 and 1 <= d <= 30 else None
        kind = "hijri"
    else:
        day = tn.safe_date(y, mo, d) if 1900 <= y <= 2100 else None
        kind = "absolute"
    if day is None:
        return None
    s, e = _span(m)
    return _Cand(s, e, day, day, "day", kind, future=day > pub)


def _quoted(ctx: _Context, s: int, e: int) -> bool:
    """«اليوم»: a name in quotes (the Saudi daily اليوم), not a date."""
    text = ctx.text
    before = text[s - 1] if s else ""
    return before in ("«", "\"", "“") or text[e:e + 1] in ("»", "\"", "”")


def _rel(m: re.Match, ctx: _Context, pub: datetime.date) -> _Cand | None:
    w = _words()
    rel = _form(m.group("rel"))
    offset = w["relday"].get(rel)
    if offset is None:
        return None
    s, e = _span(m)
    if rel in w["bound"] and not (m.group("dp") or m.group("yawm") or _prev_word(ctx, s) == "بعد"):
        return None
    if not (m.group("wd") or m.group("prel") or m.group("pwd")):
        if _stopped(ctx, s, e, rel) or _quoted(ctx, s, e):
            return None
    day = pub + datetime.timedelta(days=int(offset))
    if m.group("prel"):
        day = pub + datetime.timedelta(days=w["relday"][_form(m.group("prel"))])
    elif m.group("pwd") or m.group("wd"):
        day = tn.nearest_weekday(day, w["weekday"][_form(m.group("pwd") or m.group("wd"))])
    return _Cand(s, e, day, day, "day", "relative", future=day > pub)


def _weekday(m: re.Match, ctx: _Context, pub: datetime.date) -> _Cand | None:
    w = _words()
    name = _form(m.group("wd"))
    wd = w["weekday"][name]
    s, e = _span(m)
    q = _qual(m.group("q"))
    if not (m.group("q") or m.group("prel") or m.group("dp") or m.group("yawm")):
        if _stopped(ctx, s, e, name) or _quoted(ctx, s, e):
            return None
    bare = None
    if m.group("prel"):
        day = pub + datetime.timedelta(days=w["relday"][_form(m.group("prel"))])
    elif q is not None and q < 0:
        day = tn.weekday_on_or_before(pub - _DAY, wd) - datetime.timedelta(days=7 * (-q - 1))
    elif q is not None and q > 0:
        day = tn.weekday_on_or_after(pub + _DAY, wd)
    elif _future_context(ctx, m.start()):
        day = tn.weekday_on_or_after(pub, wd)
    else:
        day = tn.weekday_on_or_before(pub, wd)
        bare = wd
    return _Cand(s, e, day, day, "day", "weekday", future=day > pub, weekday=bare)


def _period(m: re.Match, ctx: _Context, pub: datetime.date) -> _Cand | None:
    w = _words()
    per = tn.lookup(w["period"], m.group("per1") or m.group("per"))
    q = 0 if m.group("this") else _qual(m.group("q"))
    if per is None or q is None:
        return None
    s, e = _span(m)
    if _adjective_aam(ctx, s, m.group("per1") or m.group("per")):
        return None
    if per == "week":
        ds, de = tn.week_range(pub + datetime.timedelta(days=7 * q))
    elif per == "month":
        base = tn.add_months(pub, q)
        ds, de = tn.month_range(base.year, base.month)
    else:
        ds, de = datetime.date(pub.year + q, 1, 1), datetime.date(pub.year + q, 12, 31)
    return _Cand(s, e, ds, de, per, "relative", future=q > 0)


def _part(m: re.Match, ctx: _Context, pub: datetime.date) -> _Cand | None:
    w = _words()
    part = tn.lookup(w["part"], m.group("part"))
    s, e = _span(m)
    precision = "week"
    if m.group("mon"):
        month = _month_of(m.group("mon"), w["month"])
        fut = False if _has_year(m) else _future_context(ctx, m.start())
        year = _year_of(m, pub, month, None, fut)
        if year is None:
            return None
        ds, de = tn.part_of_month(year, month, part)
    elif m.group("hmon"):
        month = _month_of(m.group("hmon"), w["hmonth"])
        hij = tn.gregorian_to_hijri(pub)
        if m.group("hyear"):
            year = int(m.group("hyear"))
        elif m.group("hq") and hij:
            year = tn.qualified_year(hij, month, None, _qual(m.group("hq")))
        else:
            year = _hijri_year_of(m, pub, month, None, _future_context(ctx, m.start()))
        days = {"start": (1, 10), "mid": (11, 20), "end": (21, 30)}[part]
        ds = tn.hijri_to_gregorian(year, month, days[0]) if year else None
        de = tn.hijri_to_gregorian(year, month, days[1]) if year else None
        if ds is None or de is None:
            return None
    elif m.group("per"):
        per = tn.lookup(w["period"], m.group("per"))
        q = 0 if m.group("this") else (_qual(m.group("q")) or 0)
        if not (m.group("q") or m.group("py") or m.group("this")) and _stopped(ctx, s, e, m.group("per")):
            return None
        if per == "week":
            ds, de = tn.part_of_week(pub + datetime.timedelta(days=7 * q), part)
        elif per == "month":
            base = tn.add_months(pub, q)
            ds, de = tn.part_of_month(base.year, base.month, part)
        else:
            year = int(m.group("py")) if m.group("py") else pub.year + q
            ds, de = tn.part_of_year(year, part)
            precision = "month"
    else:
        ds, de = tn.part_of_year(int(m.group("py2")), part)
        precision = "month"
    return _Cand(s, e, ds, de, precision, "part_of_period", future=ds > pub)


_REPEAT_WORDS = frozenset("يوما يوم عاما عام سنه شهرا شهر اسبوعا اسبوع ساعه".split())
_FOLLOWED_BY_OF = re.compile(r"\s+من(?!\w)(?!\s+الان)")      # بعد يومين من الهجوم: not from now
_FOLLOWED_BY_NOUN = re.compile(r"\s+(?!(?:الي|الا|الذي|التي|الذين|اللذين)(?!\w))ال\w")                         # ساعات الصباح، أيام الحرب


def _duration(m: re.Match, ctx: _Context, pub: datetime.date) -> _Cand | None:
    text = ctx.text
    w = _words()
    unit = tn.lookup(w["unit"], m.group("unit"))
    if unit is None:
        return None
    s, e = _span(m)
    if _FOLLOWED_BY_OF.match(text, e):
        return None
    u, spec = unit.split(":")
    n = tn.number_value(m.group("n")) if m.group("n") else None
    if spec == "2":
        if m.group("n"):
            return None
        n = 2
    elif spec == "1" and n is None:
        n = 1 if not m.group("n") else None
    sign = 1 if m.group("pre") == "بعد" else -1
    if sign > 0 and _prev_word(ctx, s) in _REPEAT_WORDS:         # يوما بعد يوم
        return None
    if _stopped(ctx, s, e, m.group("unit")):                   # بعد يوم طويل من المحادثات
        return None
    if n is None:                                       # قبل أيام، منذ ساعات، قبل بضعة أيام
        if _FOLLOWED_BY_NOUN.match(text, e):
            return None
        if u == "day":
            near, far = pub + datetime.timedelta(days=2 * sign), pub + datetime.timedelta(days=7 * sign)
            ds, de = min(near, far), max(near, far)
            return _Cand(s, e, ds, de, "week", "range", future=sign > 0)
        if u == "hour":
            return _Cand(s, e, pub, pub, "day", "duration")
        return None
    if n <= 0 or n > 400:
        return None
    if u == "day":
        day, precision = pub + datetime.timedelta(days=sign * n), "day"
    elif u == "hour":
        day, precision = pub + datetime.timedelta(days=sign * (n // 24)), "day"
    elif u == "week":
        day, precision = pub + datetime.timedelta(days=sign * 7 * n), "week"
    elif u == "month":
        day, precision = tn.add_months(pub, sign * n), "month"
    else:
        day, precision = tn.add_years(pub, sign * n), "year"
    return _Cand(s, e, day, day, precision, "duration", future=sign > 0)


_VAGUE_UNITS = {
    "ايام": ("day", None), "اسابيع": ("week", None), "ساعات": ("hour", None), "اشهر": ("month", None),
    "شهور": ("month", None), "يومين": ("day", 2), "اسبوعين": ("week", 2), "شهرين": ("month", 2),
    "عامين": ("year", 2), "سنتين": ("year", 2), "ساعتين": ("hour", 2),
    "يوم": ("day", 0), "ساعه": ("hour", 0), "اسبوع": ("week", 0), "شهر": ("month", 0),
}
_VAGUE_DEFAULT = {"day": 7, "hour": 24, "week": 3, "month": 3}


def _vague(m: re.Match, ctx: _Context, pub: datetime.date) -> _Cand | None:
    word = tn.canon(m.group("unit"))
    word = word[2:] if word.startswith("ال") else word
    u, fixed = _VAGUE_UNITS[word]
    given = m.group("n0") or m.group("n")
    n = tn.number_value(given) if given else None
    if fixed == 0 and n is None:                     # a singular needs its number: ال24 ساعة
        return None
    if fixed:
        n = fixed
    default = n is None
    if default:
        n = _VAGUE_DEFAULT.get(u)
        if n is None:
            return None
    if not 0 < n <= 400:
        return None
    s, e = _span(m)
    future = m.group("q") in ("المقبله", "القادمه", "المقبلين", "القادمين")
    if u == "hour":
        days = -(-n // 24)
        ds, de = (pub, pub + datetime.timedelta(days=days)) if future else (pub - datetime.timedelta(days=days), pub)
        return _Cand(s, e, ds, de, "day", "range", future=future)
    if u == "day":
        span = datetime.timedelta(days=n)
    elif u == "week":
        span = datetime.timedelta(days=7 * n)
    elif u == "month":
        span = pub - tn.add_months(pub, -n)
    else:
        span = pub - tn.add_years(pub, -n)
    if future:
        ds, de = pub + _DAY, pub + span
    else:
        ds, de = pub - span, pub - _DAY
    precision = "week" if default and u == "day" else _precision_of_span(ds, de)
    return _Cand(s, e, ds, de, precision, "range", future=future)


# ------------------------------------------------------------------ putting it together

_RECOGNISERS = (
    ("date", lambda m, t, p: _date(m, t, p, False)),
    ("hdate", lambda m, t, p: _date(m, t, p, True)),
    ("month", lambda m, t, p: _month(m, t, p, False)),
    ("hmonth", lambda m, t, p: _month(m, t, p, True)),
    ("year", _year),
    ("numeric", _numeric),
    ("rel", _rel),
    ("weekday", _weekday),
    ("period", _period),
    ("part", _part),
    ("duration", _duration),
    ("vague", _vague),
)

_TRAILING_MARKS = frozenset(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, 0x0640])
_JOINER = re.compile(r"\s*(?P<c>-|–|—|/|و|الي|حتي)\s*")
_RANGE_LEAD = re.compile(r"(?:(?:ما\s+)?بين|من|الفتره\s+(?:من|بين))\s+$")


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping candidates, the longest first, then the earliest."""
    taken: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (-(c.e - c.s), c.s)):
        if all(c.e <= t.s or c.s >= t.e for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.s)


def _combine(cands: list[_Cand], text: str) -> list[_Cand]:
    """Join two day expressions linked by و، -، إلى، حتى into one range."""
    out: list[_Cand] = []
    for c in cands:
        if out and out[-1].precision == "day" == c.precision:
            p = out[-1]
            join = _JOINER.fullmatch(text, p.e, c.s)
            if join:
                ds1, de1 = p.ds, p.de
                if p.weekday is not None and c.weekday is not None and p.weekday != c.weekday:
                    ds1 = de1 = c.ds - datetime.timedelta(days=(c.weekday - p.weekday) % 7)
                lo, hi = min(ds1, c.ds), max(de1, c.de)
                ordered = ds1 <= c.ds
                if join.group("c") in ("و", "-", "–", "—", "/"):
                    ok = (hi - lo).days <= 7
                else:                                   # إلى، حتى: from the first to the second
                    ok = ordered and (hi - lo).days <= 400
                if ok:
                    s = p.s
                    lead = _RANGE_LEAD.search(text, max(0, s - 20), s)
                    if lead:
                        s = lead.start()
                    out[-1] = _Cand(s, c.e, lo, hi, "day", "range", future=p.future or c.future)
                    continue
        out.append(c)
    return out


@lru_cache(maxsize=1)
def _prechecks() -> dict[str, object]:
    """Cheap tests that let a pattern be skipped on a text that cannot hold a match of it."""
    hijri = tuple(sorted({f.split()[-1] if len(f.split()[-1]) > 3 else f for f in tn.lexicon().forms("hijri_month")}))
    return {
        "hdate": hijri,
        "hmonth": hijri,
        "numeric": re.compile(r"\d\s?[/.\-]\s?\d"),
        "year": re.compile(r"\d\d\d\d"),
        "vague": ("ماضي", "اخير", "مقبل", "قادم", "منصرم", "فايت"),
        "duration": ("قبل", "منذ", "بعد"),
    }


def _may_match(name: str, text: str) -> bool:
    check = _prechecks().get(name)
    if check is None:
        return True
    if isinstance(check, tuple):
        return any(word in text for word in check)
    return check.search(text) is not None


def find_time_expressions(text: str, published: datetime.date, norm: NormText | None = None,
                          tokens: Tokens | None = None) -> list[TimeExpression]:
    """Every time expression in text, sorted by start, non-overlapping (longest wins).

    ``norm`` is the matching form of ``text`` and ``tokens`` its token layer (hadath.text.tokens),
    where the caller has them already.
    """
    if not text:
        return []
    if isinstance(published, datetime.datetime):
        published = published.date()
    if norm is None or norm.original != text:
        norm, tokens = normalize_with_map(text), None
    if tokens is None or tokens.norm is not norm:
        tokens = Tokens.build(norm, [0], Clitics.load())
    t = norm.text
    ctx = _Context(t, tokens, tokens.clitics)
    cands: list[_Cand] = []
    for name, resolve in _RECOGNISERS:
        if not _may_match(name, t):
            continue
        cands.extend(_scan(name, t, lambda m, r=resolve: r(m, ctx, published)))
    for c in cands:                                   # ل + elided article: keep the word whole
        if c.s > 0 and t[c.s - 1:c.s + 1] in ctx.clitics.fused_article:
            c.s -= 1
    out = []
    for c in _combine(_select(cands), t):
        start, end = norm.to_original(c.s, c.e)
        while end < len(text) and text[end] in _TRAILING_MARKS:   # غداً، هـ: the marks after the last letter
            end += 1
        out.append(TimeExpression(start, end, text[start:end], c.ds, c.de, c.precision, c.kind, c.future))
    return out
