"""Tests of the temporal stage (hadath.temporal): a table of news sentences, the dev seed article,
and properties that hold for any text."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hadath.temporal import TimeExpression, find_time_expressions

HERE = Path(__file__).resolve().parent
CASES = HERE / "data" / "temporal_cases.tsv"
SHARED = Path(__file__).resolve().parents[2] / "shared"
COLUMNS = ["sentence", "published", "expected", "date_start", "date_end", "precision"]

# A found span may carry a leading "في" that the table leaves out (or the reverse).
_LEADING_FI = re.compile(r"^(?:و?في)\s+")


def _load_cases() -> list[dict[str, str]]:
    rows, header = [], None
    with open(CASES, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                assert header == COLUMNS, f"bad header {header}"
                continue
            assert len(cells) == len(COLUMNS), f"{CASES}:{number}: {len(cells)} cells"
            row = dict(zip(COLUMNS, cells))
            row["line"] = str(number)
            rows.append(row)
    return rows


CASE_ROWS = _load_cases()


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _strip_fi(text: str) -> str:
    return _LEADING_FI.sub("", " ".join(text.split()))


def test_table_is_large_enough():
    positives = [r for r in CASE_ROWS if r["date_start"] != "-"]
    negatives = [r for r in CASE_ROWS if r["date_start"] == "-"]
    assert len(CASE_ROWS) >= 300
    assert len(negatives) >= 30
    assert len(positives) >= 270


@pytest.mark.parametrize("row", CASE_ROWS, ids=[f"L{r['line']}" for r in CASE_ROWS])
def test_case(row):
    sentence, expected = row["sentence"], row["expected"]
    published = _date(row["published"])
    at = sentence.find(expected)
    assert at >= 0, "expected text is not in the sentence"
    end = at + len(expected)
    found = find_time_expressions(sentence, published)
    for e in found:
        assert sentence[e.start:e.end] == e.text
    overlapping = [e for e in found if e.start < end and e.end > at]
    if row["date_start"] == "-":
        assert not overlapping, f"found {[(e.text, e.date_start) for e in overlapping]}"
        return
    assert len(overlapping) == 1, f"expected one expression over {expected!r}, got {[e.text for e in found]}"
    e = overlapping[0]
    assert _strip_fi(e.text) == _strip_fi(expected), f"span {e.text!r} instead of {expected!r}"
    assert e.start <= at and e.end == end or _strip_fi(e.text) == _strip_fi(expected)
    got = (e.date_start.isoformat(), e.date_end.isoformat(), e.precision)
    assert got == (row["date_start"], row["date_end"], row["precision"]), f"{e.text!r}: {got}"


def test_offsets_point_at_the_expected_substring():
    text = "قال مصدر أمني إن الهجوم وقع أمس، وإن المفاوضات تستأنف الأسبوع المقبل."
    found = find_time_expressions(text, datetime.date(2017, 11, 15))
    assert [e.text for e in found] == ["أمس", "الأسبوع المقبل"]
    assert text[found[0].start:found[0].end] == "أمس"
    assert found[0].start == text.index("أمس")
    assert found[1].future and not found[0].future


def test_offsets_with_diacritics_and_tatweel():
    text = "وَأَعْلَنَ الـجَيْشُ أَمْسِ الأَحَدِ عَنْ تَحْرِيرِ القَرْيَةِ"
    found = find_time_expressions(text, datetime.date(2015, 8, 3))
    assert len(found) == 1
    assert found[0].text == "أَمْسِ الأَحَدِ"
    assert found[0].date_start == datetime.date(2015, 8, 2)


def test_acled_precision():
    def expr(precision):
        return TimeExpression(0, 1, "x", datetime.date(2015, 1, 1), datetime.date(2015, 1, 1), precision, "relative")

    assert [expr(p).acled_precision for p in ("day", "week", "month", "year")] == [1, 2, 3, 3]


def test_kinds():
    pub = datetime.date(2015, 8, 3)
    cases = {
        "أمس": "relative",
        "يوم الخميس": "weekday",
        "في 15 رمضان 1436 هـ": "hijri",
        "في 12 أيار الماضي": "absolute",
        "يومي 30-31 تموز الماضي": "range",
        "قبل يومين": "duration",
        "منتصف الشهر الماضي": "part_of_period",
    }
    for phrase, kind in cases.items():
        found = find_time_expressions(f"وقال المصدر إن الحادث وقع {phrase} في المدينة.", pub)
        assert [e.kind for e in found] == [kind], (phrase, found)


def test_sorted_and_non_overlapping():
    text = ("وكانت القوات قد دخلت البلدة صباح اليوم الثلاثاء (امس) بعد معارك استمرت منذ 12 تشرين الأول "
            "الماضي، فيما يعقد مجلس الأمن جلسة الخميس المقبل، وذلك بعد اجتماع عقد عام 2016.")
    found = find_time_expressions(text, datetime.date(2017, 11, 15))
    assert [e.text for e in found] == ["صباح اليوم الثلاثاء (امس)", "12 تشرين الأول الماضي", "الخميس المقبل", "عام 2016"]
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


def test_datetime_published_and_empty_text():
    assert find_time_expressions("", datetime.date(2015, 1, 1)) == []
    found = find_time_expressions("وصل الوفد أمس", datetime.datetime(2015, 8, 3, 10, 30))
    assert found[0].date_start == datetime.date(2015, 8, 2)


def test_seed_article():
    seed = SHARED / "eval" / "dev" / "seed-000.txt"
    if not SHARED.is_dir() or not seed.is_file():
        pytest.skip("../shared is absent")
    text = seed.read_text(encoding="utf-8")
    found = find_time_expressions(text, datetime.date(2017, 11, 15))
    by_text = {" ".join(e.text.split()): e for e in found}

    def check(phrase, start, end=None):
        e = by_text.get(phrase)
        assert e is not None, f"{phrase!r} not among {list(by_text)}"
        assert (e.date_start, e.date_end) == (_date(start), _date(end or start))
        assert " ".join(text[e.start:e.end].split()) == phrase

    check("صباح اليوم الثلاثاء (امس)", "2017-11-14")
    check("يومي 30-31 تشرين الأول الماضي", "2017-10-30", "2017-10-31")
    check("في 9 تشرين الثاني الجاري", "2017-11-09")
    check("في 12 تشرين الأول الماضي", "2017-10-12")
    check("في 15 تشرين الثاني", "2017-11-15")
    lavrov = text.index("سيرغي لافروف امس") + len("سيرغي لافروف ")
    assert any(e.start == lavrov and e.text == "امس" and e.date_start == _date("2017-11-14") for e in found)
    geneva = text.index("اتفاقيات جنيف")
    assert not [e for e in found if e.start < geneva + len("اتفاقيات جنيف") and e.end > geneva]
    for trap in ("4 آلاف مسلح", "50 شاحنة"):
        at = text.index(trap)
        assert not [e for e in found if e.start < at + len(trap) and e.end > at], trap


_ARABIC = st.text(
    alphabet=st.sampled_from(list("ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآةىؤئ ًٌٍَُِّْـ0123456789٠١٢٣٤٥٦٧٨٩ /-.،()«»\n")),
    max_size=200,
)
_PIECES = st.lists(
    st.sampled_from(["أمس", "اليوم", "الخميس", "المقبل", "الماضي", "في", "12", "٣", "تشرين الأول", "مايو",
                     "رمضان", "1436", "هـ", "2015", "قبل", "يومين", "من", "إلى", "و", "(", ")", "-", " ", "عام",
                     "الشهر", "منتصف", "الأيام", "الثلاثة", "غدا", "سيعقد", "يومي", "30-31", "15/11/2017"]),
    max_size=30,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(_ARABIC, _PIECES), days=st.integers(min_value=0, max_value=20000))
def test_properties(text, days):
    published = datetime.date(1990, 1, 1) + datetime.timedelta(days=days)
    found = find_time_expressions(text, published)
    last_end = -1
    for e in found:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start:e.end] == e.text
        assert e.start >= last_end
        last_end = e.end
        assert e.date_start <= e.date_end
        assert e.precision in {"day", "week", "month", "year"}
        assert e.kind in {"relative", "absolute", "weekday", "range", "duration", "hijri", "part_of_period"}
        assert e.text == e.text.strip()
