"""Casualty figures that belong to their event (stages/quantities.py, stages/events/counts.py).

Every sentence here is written for these tests; none is taken from an evaluation set.
"""
from __future__ import annotations

import datetime as dt

import pytest

from hadath.model import Article
from hadath.output import to_record
from hadath.stages.quantities import CountWords, check_numbers, find_quantities, read_numbers, scan
from hadath.text.normalize import normalize

PUBLISHED = dt.date(2019, 5, 26)


@pytest.fixture(scope="module")
def words(kb):
    return CountWords.from_kb(kb)


def figures(words, text: str) -> set[tuple[str, int]]:
    return {(f.kind, f.value) for f in scan(normalize(text), words)}


def tolls(words, text: str) -> set[tuple[str, int]]:
    return {f for f in figures(words, text) if f[0] != "size"}


def attacks(pipeline, text: str) -> list[dict]:
    record = to_record(pipeline(Article(id="t", text=text, published=PUBLISHED)))
    return [e for e in record["events"] if e["type"] == "ASSAULT"]


def counts(events: list[dict]) -> list[tuple[str, int]]:
    return sorted((q["kind"], q["value"]) for e in events for q in e["quantities"] if q["kind"] != "size")


# ---- kinds: killed and wounded split where the text splits them, a combined count stays combined

def test_killed_and_wounded_split(words):
    assert tolls(words, "خلف القصف 100 قتيل و150 جريحا في المدينة.") == {("killed", 100), ("wounded", 150)}
    assert tolls(words, "وأسفر الانفجار عن مقتل 12 وإصابة 40 آخرين.") == {("killed", 12), ("wounded", 40)}
    assert tolls(words, "أدى الهجوم إلى مقتل 9 وجرح 14 من الجنود.") == {("killed", 9), ("wounded", 14)}


def test_a_combined_count_is_casualties_never_killed(words):
    assert tolls(words, "سقط نحو 80 بين قتيل وجريح في الاشتباكات.") == {("casualties", 80)}
    assert tolls(words, "أعلنت الشرطة مقتل وإصابة 60 شخصا في التفجير.") == {("casualties", 60)}
    assert tolls(words, "خلفت الغارة عشرات القتلى والجرحى بين المدنيين.") == {("casualties", 12)}
    assert tolls(words, "أسفر التفجير عن سقوط عدد من الشهداء والجرحى.") == {("casualties", 10)}


def test_the_dead_counted_before_their_verb_or_by_a_feminine_verb(words):
    assert tolls(words, "وقال مسؤول إن نحو 30 مسلحا من تنظيم داعش قتلوا في القصف.") == {("killed", 30)}
    assert tolls(words, "وقتلت القذائف خمسة مدنيين في السوق.") == {("killed", 5)}
    assert tolls(words, "لقي سبعة عمال مصرعهم في الهجوم.") == {("killed", 7)}


def test_a_dual_toll_noun_is_its_own_count(words):
    assert tolls(words, "خسرت القوات قتيلين في الكمين.") == {("killed", 2)}


def test_number_words_teens_and_thousands(words):
    assert tolls(words, "قتل ثلاثة عشر جنديا في الهجوم.") == {("killed", 13)}
    assert tolls(words, "أسفرت المعارك عن مقتل أكثر من أربعة آلاف شخص.") == {("killed", 4000)}
    assert tolls(words, "ألقت الشرطة القبض على ألف و200 شخص.") == {("arrested", 1200)}


# ---- not tolls

def test_a_year_date_age_share_or_things_is_never_a_toll(words):
    assert tolls(words, "في عام 2004 مقتل خمسة من أفراد الأسرة.") == {("killed", 5)}
    assert figures(words, "قتل الشاب (26 عاما) بعد ثلاثة أيام من اختطافه.") == set()
    assert figures(words, "أصيب 33% من السكان بالذعر.") == set()
    assert tolls(words, "دمرت الغارات خمس سيارات وقتلت أربعة مسلحين.") == {("killed", 4)}
    # الاثنين is Monday, not two: the one civilian killed is the only count
    assert tolls(words, "قصفت الطائرات البلدة يوم الاثنين وقتل مدني.") == {("killed", 1)}


def test_a_warrant_or_a_release_is_no_arrest(words):
    assert tolls(words, "وصدر أمر باعتقال 40 شخصا متهمين بالتخطيط للهجوم.") == set()
    assert tolls(words, "أعلنت الحكومة إطلاق سراح 25 من الأسرى.") == set()


def test_a_count_among_a_count_is_part_of_it(words):
    assert tolls(words, "اعتقلت الشرطة 50 شخصا بينهم 12 امرأة.") == {("arrested", 50)}


# ---- vague words as ACLED codes them

def test_vague_words_take_acleds_values(words):
    found = {(f.kind, f.value, f.approx) for f in scan(normalize("أدت الغارة إلى مقتل عدة أشخاص وإصابة العشرات."), words)}
    assert ("killed", 10, True) in found and ("wounded", 12, True) in found
    assert tolls(words, "أصيب مئات المتظاهرين بحالات اختناق.") == {("wounded", 100)}
    q = find_quantities("قتل نحو 25 شخصا في الغارة.", 0, 26, words)
    assert q[0]["kind"] == "killed" and q[0]["approx"]


# ---- events: which event the counts go to, and when

def test_killed_and_wounded_before_the_attack_noun_go_to_it(pipeline):
    events = attacks(pipeline, "قتل 10 أشخاص وأصيب 20 آخرون في غارة جوية روسية على بلدة كفرنبل في ريف إدلب.")
    assert events, "no attack"
    assert counts(events) == [("killed", 10), ("wounded", 20)]


def test_a_consequence_gives_its_toll_to_the_event_before_it(pipeline):
    events = attacks(pipeline, "قصفت المدفعية التركية قرية في ريف عفرين، ما أدى إلى مقتل أربعة مدنيين.")
    assert counts(events) == [("killed", 4)]


def test_an_unnamed_attack_with_a_toll_is_an_event(pipeline):
    events = attacks(pipeline, "وأسفر انفجار سيارة مفخخة في سوق مدينة الباب عن مقتل 14 شخصا وإصابة 30 آخرين.")
    assert counts(events) == [("killed", 14), ("wounded", 30)]


def test_a_total_over_a_period_is_no_events_toll(pipeline):
    events = attacks(pipeline, "وأسفرت الغارات الروسية على ريف حلب عن مقتل 300 مدني خلال ثلاثة أشهر.")
    assert not counts(events), events
    events = attacks(pipeline, "ومنذ بداية الحملة، قتل 90 مدنيا في غارات على ريف حماة.")
    assert not counts(events), events


def test_a_toll_told_in_the_headline_and_the_body_counts_once(pipeline):
    text = ("مقتل 8 جنود في هجوم لداعش على حاجز للجيش العراقي\n"
            "قتل 8 جنود أمس في هجوم شنه تنظيم داعش على حاجز للجيش العراقي قرب مدينة الرمادي.")
    killed = [v for k, v in counts(attacks(pipeline, text)) if k == "killed"]
    assert killed == [8]


# ---- the number words are data

def test_numbers_file_reads_and_validates(tmp_path):
    table = read_numbers()
    assert table["number"][normalize("ثلاثة")] == 3 and table["vague"][normalize("عشرات")] == 12
    assert check_numbers() == []
    bad = tmp_path / "numbers.tsv"
    bad.write_text("kind\tforms_ar\tvalue\tnote\nnumber\tثلاثة\tthree\t\nsome\tcount\t3\t\n", encoding="utf-8")
    problems = [message for _, message in check_numbers(bad)]
    assert any("value" in m for m in problems) and any("kind" in m for m in problems) and any("Arabic" in m for m in problems)


def test_the_validator_checks_the_numbers_file(tmp_path):
    from hadath.kb.validate import validate

    bad = tmp_path / "numbers.tsv"
    bad.write_text("kind\tforms_ar\tvalue\tnote\nnumber\tثلاثة\t0\t\n", encoding="utf-8")
    assert [p for p in validate([bad]) if p.error]


@pytest.mark.parametrize("text", [
    # a toll over many places (a region's tally), a whole conflict's toll, a running count, a monitor's tally
    "قال التقرير إن الغارات أسفرت عن مقتل 1500 عنصر من التنظيم في محافظات حماة وحلب وحمص والرقة ودير الزور.",
    "فر آلاف اللاجئين من النزاع الذي أسفر عن مقتل ثلاثة آلاف شخص في البلاد.",
    "وثق المرصد مقتل 900 مدني وإصابة الآلاف.",
])
def test_a_total_is_no_events_toll(pipeline, text):
    assert counts(attacks(pipeline, text)) == []


def test_a_strike_on_one_town_keeps_its_toll(pipeline):
    assert counts(attacks(pipeline, "قتل خمسة مدنيين في غارة جوية على مدينة إدلب.")) == [("killed", 5)]


def test_one_person_named_after_a_toll_word_counts_one(words):
    assert ("killed", 1) in tolls(words, "أسفر الانفجار عن مقتل ضابط وإصابة ثلاثة جنود.")
    assert ("wounded", 1) in tolls(words, "أدى القصف إلى إصابة طفل في الحي.")
    assert tolls(words, "قال ضابط في الجيش إن الوضع هادئ.") == set()  # a person, no toll word: no count


# ---- what a count is: dates, "the number of", thousands, conjuncts, a toll verb before its subject

def test_a_day_of_a_month_is_no_count(words):
    assert ("size", 24) not in figures(words, "وصلت القوات إلى المدينة في 24 يوليو الماضي.")
    assert ("size", 3) not in figures(words, "وقعت الاشتباكات في 3 تشرين الأول.")


def test_the_number_of_is_no_vague_count(words):
    # عدد القتلى is "the number of the dead", not "several dead"; عدد من القتلى is several
    assert tolls(words, "وقال المسؤول إن عدد القتلى مرشح للارتفاع.") == set()
    assert tolls(words, "وأسفر القصف عن سقوط عدد من القتلى.") == {("killed", 10)}


def test_thousands_in_the_accusative_and_their_units(words):
    assert tolls(words, "وقال التقرير إن 12 ألفا و300 جندي قتلوا.") == {("killed", 12300)}


def test_a_bare_count_joined_to_a_toll_counts_the_same(words):
    assert tolls(words, "أسفر القصف عن مقتل 30 مسلحا و5 مدنيين.") == {("killed", 30), ("killed", 5)}
    assert tolls(words, "قال الجيش إن القتلى هم 11 عنصرا من التنظيم، وأربعة من الحرس.") == \
        {("killed", 11), ("killed", 4)}
    # a toll word between: the second count is of its own kind
    assert tolls(words, "قتل 30 مسلحا وأصيب 5 آخرون.") == {("killed", 30), ("wounded", 5)}


def test_a_toll_verb_before_a_prepositional_phrase_and_its_count(words):
    assert tolls(words, "وقتل من جانب الجيش ستة جنود.") == {("killed", 6)}
    # a toll noun after its own count is no verb for the next count
    assert ("killed", 1) not in tolls(words, "عثر على أكثر من 50 قتيلا في موقع واحد.")


@pytest.mark.parametrize("text", [
    # a whole war with a relative clause after a gap, or as the subject of the consequence verb
    "فر آلاف اللاجئين من النزاع في البلاد الذي أسفر عن مقتل خمسة آلاف شخص.",
    # the fighting at large
    "وقتل أكثر من 2500 شخص في القتال، بحسب الأمم المتحدة.",
    # a running count reached, a count so far, a count up to a date
    "وأوقعت الغارات الجوية على مواقع المسلحين حتى الآن أكثر من 300 قتيل.",
    "وقتل 180 مقاتلا في الغارات حتى الأول من أغسطس.",
    # a war going on for months, a statistic
    "تتواصل المعارك للشهر الثالث على التوالي في المحافظة التي خلفت 140 قتيلا.",
    # a count of many places, two countries
    "وأسفرت الغارات على عشرات المناطق في البلاد عن مقتل 450 مسلحا.",
    "وأفادت الشبكة بأن 63 شخصا لقوا مصرعهم جراء قصف القوات العديد من المدن والأحياء.",
    # a month's tally (a month and no day dates the count)
    "وكان تقرير لشبكة حقوقية كشف الجمعة أن 93 مدنيا قتلوا في تعز بأعمال قصف وقنص نفذها الحوثيون في مايو.",
    # places in three provinces
    "أفاد المرصد بمقتل 51 عنصرا من التنظيم جراء غارات التحالف على مواقعه في دير الزور والحسكة والرقة.",
    "وتحدثت الوكالة عن مقتل 200 مسلح في العراق وسوريا جراء الغارات.",
])
def test_more_totals_are_no_events_toll(pipeline, text):
    assert counts(attacks(pipeline, text)) == []


@pytest.mark.parametrize("total", [
    "فيما أسفر الصراع عن مقتل أكثر من ستة آلاف شخص.",  # the war as the consequence verb's subject
    "وقال البيان إن عدد القتلى المدنيين بلغ 620 شخصا.",  # a running count reached
    "وأكد المتحدث أن عدد القتلى بالمئات من المسلحين.",  # a tally with a count for predicate
    "بعد أربعة أشهر من المواجهات خسرت فيها المليشيا المئات من مقاتليها.",  # a span of fighting
    "وتسببت المعارك المتواصلة بمقتل نحو ثمانين مقاتلا من الطرفين.",  # fighting that goes on
    "وتشير الإحصائيات إلى مقتل 210 مسلحين في المحافظة.",  # a statistic
])
def test_an_attack_told_with_a_total_keeps_no_toll(pipeline, total):
    events = attacks(pipeline, "قصف الجيش السوري مدينة إدلب أمس، " + total)
    assert events and counts(events) == [], events


def test_a_report_of_totals_goes_on_in_the_next_sentences(pipeline):
    text = ("وقال المرصد إن 20 ألف شخص قتلوا منذ بداية الحرب. وأوضح المرصد أن 4500 جندي قتلوا في المعارك. "
            "كما قتل 900 مسلح من الفصائل.")
    assert counts(attacks(pipeline, text)) == []
    # the breakdown of a total told before (والقتلى هم ...) is a total too
    breakdown = "والقتلى هم 25 من حزب الله و60 من مقاتلي المعارضة قتلوا في قصف شنه الجيش السوري على المدينة."
    assert counts(attacks(pipeline, breakdown)) == [("killed", 25), ("killed", 60)]  # alone: one day's toll
    text = "وتسببت المعارك المتواصلة في المدينة بمقتل 85 مقاتلا من الطرفين.\n" + breakdown
    events = attacks(pipeline, text)
    assert events and counts(events) == [], events
    # the same continuation after a sentence of one day's news keeps its toll
    text = "قصفت الطائرات مدينة إدلب أمس. وأوضح المرصد أن 12 مدنيا قتلوا في القصف على المدينة."
    assert ("killed", 12) in counts(attacks(pipeline, text))


def test_a_toll_of_the_attacks_told_before_a_total_is_a_total(pipeline):
    text = ("وتشن الطائرات غارات يومية على مواقع المتمردين في الجبال منذ سنوات. "
            "وقتل 150 مسلحا في هذه الغارات بحسب الجيش.")
    assert counts(attacks(pipeline, text)) == []


def test_a_total_told_again_as_a_subhead_is_no_events_toll(pipeline):
    text = ("مقتل 3000 مسلح في غارات روسية على مواقع داعش\n"
            "وقال المرصد إن الطائرات الروسية قتلت 3000 مسلح من داعش خلال عشرة أشهر.")
    events = attacks(pipeline, text)
    assert events and counts(events) == [], events


def test_a_range_is_one_count_at_its_lower_end(words):
    found = [f for f in scan(normalize("وأسفرت الغارات عن مقتل ما بين 25 و30 مسلحا في المنطقة."), words)]
    assert [(f.kind, f.value, f.approx) for f in found] == [("killed", 25, True)]


def test_two_reports_of_one_event_keep_the_larger_toll_not_the_sum():
    from hadath.stages.events.counts import merge_reports

    first = ({"kind": "killed", "value": 5}, {"kind": "wounded", "value": 9})
    later = ({"kind": "killed", "value": 7}, {"kind": "arrested", "value": 2})
    merged = sorted((q["kind"], q["value"]) for q in merge_reports(first, later))
    assert merged == [("arrested", 2), ("killed", 7), ("wounded", 9)]
    assert sorted((q["kind"], q["value"]) for q in merge_reports(later, first)) == merged


def test_a_consequence_verb_gives_its_toll_to_the_attack_that_is_its_subject(pipeline):
    text = ("قتل 12 شخصا برصاص مسلح هاجم فندقا في مدينة سوسة، في وقت خلف تفجير انتحاري في مدينة الكويت 27 قتيلا، "
            "كما قتل شخص واحد عندما هاجم مسلح مصنعا في فرنسا.")
    events = attacks(pipeline, text)
    # the 27 is the bombing's, never added to the shooting's 12; the one killed in France is the factory attack's
    assert not any({("killed", 12), ("killed", 27)} <= {(q["kind"], q["value"]) for q in e["quantities"]}
                   for e in events), events
    assert not any({("killed", 27), ("killed", 1)} <= {(q["kind"], q["value"]) for q in e["quantities"]}
                   for e in events), events


def test_a_report_goes_on_after_a_toll_found_to_be_a_total(pipeline):
    first = "أفاد المرصد بمقتل 51 عنصرا من التنظيم جراء غارات التحالف على مواقعه في دير الزور والحسكة والرقة."
    second = "وأشار المرصد إلى مقتل 11 من عناصر التنظيم في غارة للتحالف على مبنى في مدينة الميادين."
    assert ("killed", 11) in counts(attacks(pipeline, second))  # alone: one strike's toll
    assert ("killed", 11) not in counts(attacks(pipeline, first + " " + second))


def test_the_attack_told_again_later_in_its_sentence_is_one_event(pipeline):
    text = ("وأفادت مصادر تنظيم داعش بأن 110 من مليشيا الحشد الشعبي قتلوا في هجوم لتنظيم داعش على موقع للحشد في "
            "محيط الصقلاوية شمال شرق الفلوجة، بينما أفادت مصادر في الجيش العراقي بأن الهجوم أسفر عن مقتل 55 وإصابة "
            "العشرات من أفراد الحشد.")
    events = attacks(pipeline, text)
    tolls = [v for e in events for q in e["quantities"] if q["kind"] == "killed" for v in [q["value"]]]
    assert len(tolls) == 1, events  # two versions of one toll, never summed over two rows


def test_an_active_verb_of_wounding_counts_the_wounded(words):
    assert tolls(words, "أدت الغارات إلى مصرع 80 متمردا، وأصابت 120 آخرين بجروح.") == {("killed", 80), ("wounded", 120)}


def test_a_spokesperson_reports_the_attack_and_is_no_party_to_it(pipeline):
    text = ("وأشار المتحدث باسم المقاومة في أبين محمد عقيل بأن الغارات التي شنتها المقاتلات خلال اليومين الماضيين "
            "أدت إلى مصرع أكثر من 80 متمردا، وأصابت 120 آخرين بجروح متعددة.")
    record = to_record(pipeline(Article(id="t", text=text, published=PUBLISHED)))
    people = {a["id"] for a in record["actors"] if a.get("role_en") == "Spokesperson"}
    events = [e for e in record["events"] if e["type"] == "ASSAULT"]
    assert people and events, record
    assert not any({e["source"], e["target"]} & people for e in events), events
