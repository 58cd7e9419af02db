"""The trigger lexicon (lexicon/triggers.tsv) finds the event words Arabic news uses for each PLOVER type.

The sentences are written for this test (no dataset text): two or more per type, in the conjugated,
suffixed and masdar forms the lexicon lists, plus figurative phrases that a `none` row must mask.
"""
from __future__ import annotations

import inspect

import pytest

from hadath.model import Article
from hadath.pipeline import Pipeline
from hadath.stages.events import find_triggers


@pytest.fixture(scope="module")
def prepare(kb):
    pipe = Pipeline(("normalize", "segment", "tokens"), kb=kb)
    extra = ()
    if len(inspect.signature(find_triggers).parameters) >= 3:  # find_triggers(doc, kb, words)
        from hadath.stages.events.words import EventWords

        extra = (EventWords.from_kb(kb),)

    def run(text: str) -> set[str]:
        doc = pipe(Article(id="t", text=text))
        return {hit.trigger.type for hit in find_triggers(doc, kb, *extra)}

    return run


CASES = [
    # PROTEST
    ("PROTEST", "وتظاهر المئات أمام مبنى البلدية احتجاجا على ارتفاع الأسعار."),
    ("PROTEST", "ونظم العمال وقفة احتجاجية أمام مقر الشركة."),
    ("PROTEST", "وخرج الآلاف إلى الشوارع في عدة مدن."),
    ("PROTEST", "وهتفوا بشعارات تطالب برحيل الحكومة."),
    ("PROTEST", "وأعلنت النقابة الإضراب العام في المستشفيات."),
    ("PROTEST", "وقطعوا الطرق الرئيسية بالإطارات المشتعلة."),
    ("PROTEST", "وتجمع مئات المحتجين في الساحة الرئيسية."),
    # COERCE
    ("COERCE", "واعتقلته قوات الأمن من منزله فجر اليوم."),
    ("COERCE", "وداهمت الشرطة عدة منازل في الحي."),
    ("COERCE", "وفرضت السلطات حظر التجول في المدينة."),
    ("COERCE", "وهدمت الجرافات منزلين في القرية."),
    ("COERCE", "وقضت المحكمة بسجن الناشط خمس سنوات."),
    ("COERCE", "وأسفرت الحملة عن ضبط عشرة متهمين."),
    # ASSAULT
    ("ASSAULT", "وفجر انتحاري نفسه وسط السوق."),
    ("ASSAULT", "وانفجرت عبوة ناسفة بدورية للجيش."),
    ("ASSAULT", "واغتال مسلحون مجهولون ضابطا في الشرطة."),
    ("ASSAULT", "وأطلقوا النار على المارة."),
    ("ASSAULT", "وقصفتها المدفعية طوال الليل."),
    ("ASSAULT", "واختطف مسلحون مهندسا أجنبيا."),
    ("ASSAULT", "واستشهد ثلاثة شبان في المواجهات."),
    # ACCUSE
    ("ACCUSE", "واستنكرت الوزارة الاعتداء على البعثة."),
    ("ACCUSE", "ونددت الحكومة بالهجوم في بيان."),
    ("ACCUSE", "واتهمتها المعارضة بتزوير الانتخابات."),
    ("ACCUSE", "وشجب المجلس القرار بشدة."),
    # THREATEN
    ("THREATEN", "وهددوا باقتحام المبنى إذا لم تلب مطالبهم."),
    ("THREATEN", "وأمهلت الحكومة المسلحين يومين لتسليم أسلحتهم."),
    ("THREATEN", "وتوعدهم الوزير بعقاب شديد."),
    # REQUEST
    ("REQUEST", "وحث الأمين العام الطرفين على ضبط النفس."),
    ("REQUEST", "وناشدت المنظمة الدول المانحة زيادة التمويل."),
    ("REQUEST", "وطالبوا بالإفراج عن المعتقلين."),
    # SANCTION
    ("SANCTION", "وأقال الرئيس قائد الشرطة من منصبه."),
    ("SANCTION", "وقررت المنظمة تعليق عضوية البلاد بعد الانقلاب."),
    ("SANCTION", "وقررت الحكومة تجميد الأصول وحظر بيع الأسلحة."),
    # CONCEDE
    ("CONCEDE", "وأطلقت السلطات سراح عشرين معتقلا."),
    ("CONCEDE", "وقرر المجلس رفع الحظر عن الواردات."),
    ("CONCEDE", "واعتذرت الشركة عن الخطأ."),
    # SUPPORT
    ("SUPPORT", "وأعرب الوزير عن تضامنه مع الضحايا."),
    ("SUPPORT", "وأشادوا بجهود الوساطة."),
    ("SUPPORT", "ورحبت الجامعة بالقرار."),
    # AID
    ("AID", "وقدمت الدولة مساعدات إنسانية للنازحين."),
    ("AID", "ووصلت قافلة إغاثة إلى البلدة المحاصرة."),
    ("AID", "ووقع البنك اتفاقية قرض بقيمة مئة مليون دولار."),
    # CONSULT
    ("CONSULT", "واستقبل الوزير نظيره في مكتبه."),
    ("CONSULT", "وتباحث الجانبان في سبل تطوير العلاقات."),
    ("CONSULT", "وتلقى الرئيس اتصالا هاتفيا من نظيره."),
    # AGREE
    ("AGREE", "وأبرم الطرفان صفقة لتبادل الأسرى."),
    ("AGREE", "وتوصل الجانبان إلى اتفاق لوقف القتال."),
    # COOPERATE
    ("COOPERATE", "وأكد البلدان تعزيز التنسيق الأمني بينهما."),
    ("COOPERATE", "وتشارك القوات في تدريبات مشتركة."),
    # REJECT
    ("REJECT", "ورفضوا المقترح جملة وتفصيلا."),
    ("REJECT", "وقال إن الحزب لن يقبل بأي تسوية منقوصة."),
    ("REJECT", "وعارضت الكتلة مشروع القانون."),
    # MOBILIZE
    ("MOBILIZE", "ورفع الجيش حالة التأهب على الحدود."),
    ("MOBILIZE", "وحشدت القوات دباباتها قرب المدينة."),
    ("MOBILIZE", "وأرسلت الوزارة تعزيزات عسكرية إلى المنطقة."),
    # RETREAT
    ("RETREAT", "وانسحبت القوات من مواقعها."),
    ("RETREAT", "وبدأت عملية نزع السلاح في المخيمات."),
]


@pytest.mark.parametrize("expected,text", CASES)
def test_lexicon_finds_the_type(prepare, expected, text):
    assert expected in prepare(text), f"no {expected} trigger in {text!r}: {prepare(text)}"


def test_every_type_is_covered():
    assert {t for t, _ in CASES} == set(
        "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN "
        "PROTEST SANCTION MOBILIZE COERCE ASSAULT".split())


MASKED = [
    # (text, a type that must not be found)
    ("وشن النائب هجوما لاذعا على منتقديه.", "ASSAULT"),
    ("وبدأت المعركة الانتخابية مبكرا هذا العام.", "ASSAULT"),
    ("وتسببت حرب الأسعار في خسائر للشركات.", "ASSAULT"),
    ("ووصف الخبراء القرار بأنه ضربة موجعة للاقتصاد.", "ASSAULT"),
    ("وحلقت طائرة مسيرة فوق المنطقة.", "PROTEST"),
    ("ودعا المسؤولون إلى ضبط النفس.", "COERCE"),
    ("وقال مسؤول رفض الكشف عن اسمه إن الاجتماع تأجل.", "REJECT"),
    ("وطالبت منظمة العفو الدولية بتحقيق مستقل.", "CONCEDE"),
    ("وأغلق المؤشر العام على ارتفاع طفيف.", "COERCE"),
    ("وتراجع المؤشر بنسبة واحد في المئة.", "RETREAT"),
    ("وشارك المواطنون في حملة التبرع بالدم.", "AID"),
    ("واجتمع وزراء خارجية دول مجلس التعاون.", "COOPERATE"),
]


@pytest.mark.parametrize("text,absent", MASKED)
def test_figurative_phrases_are_masked(prepare, text, absent):
    assert absent not in prepare(text), f"{absent} found in {text!r}"


def test_verbal_attack_is_criticism(prepare):
    found = prepare("وشنت الوزيرة هجوما حادا على المعارضة.")
    assert "ASSAULT" not in found and "ACCUSE" in found
