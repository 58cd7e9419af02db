from hypothesis import given, strategies as st

from hadath.text.normalize import arabic_share, normalize, normalize_with_map
from hadath.text.romanize import romanize
from hadath.text.segment import sentences


def test_folds_letter_variants_and_marks():
    assert normalize("أَعْلَنَتْ إيرانُ آلافَ") == "اعلنت ايران الاف"
    assert normalize("مستشفى الشفاءِ") == "مستشفي الشفاء"
    assert normalize("المدينـــة") == "المدينه"
    assert normalize("مسؤول مسئول") == "مسوول مسيول"
    assert normalize("١٥ تشرين ۲۰۱۷") == "15 تشرين 2017"
    assert normalize("\u200fدمشق\u200e") == "دمشق"


def test_presentation_forms_unfold():
    assert normalize("\ufefb") == "لا"  # lam-alef ligature
    assert normalize("\ufe8d\ufee0") == "ال"


def test_white_space_runs_fold_but_offsets_stay_exact():
    text = "يومي 30-31  تشرين\nالأول"
    norm = normalize_with_map(text)
    assert norm.text == "يومي 30-31 تشرين الاول"
    start = norm.text.index("تشرين")
    s, e = norm.to_original(start, start + len("تشرين الاول"))
    assert text[s:e] == "تشرين\nالأول"


@given(st.text(alphabet=st.sampled_from(list("ابتثجحخدذرسشصضطظعغفقكلمنهوىيةءأإآؤئـًٌٍَُِّْ \n\u200f٠١٩ﻻﷲabc.،")), max_size=80))
def test_offset_map_points_into_the_original(text):
    norm = normalize_with_map(text)
    assert len(norm.index) == len(norm.text)
    assert list(norm.index) == sorted(norm.index)
    for i in range(len(norm.text)):
        for j in range(i + 1, min(len(norm.text), i + 4) + 1):
            s, e = norm.to_original(i, j)
            assert 0 <= s < e <= len(text)
            # a ligature (ﷲ) unfolds to several letters: part of it maps to all of it
            assert norm.text[i:j].strip() in normalize(text[s:e]) or not norm.text[i:j].strip()


def test_sentences_keep_offsets():
    text = "قال الوزير إن القوات تقدمت. وأضاف: «لن نتراجع»!\nسطر جديد"
    spans = sentences(text)
    assert [text[s.start:s.end] for s in spans] == ["قال الوزير إن القوات تقدمت.", "وأضاف: «لن نتراجع»!", "سطر جديد"]


def test_arabic_share():
    assert arabic_share("hello") == 0.0
    assert arabic_share("مرحبا") == 1.0


def test_romanize_gives_readable_latin():
    assert romanize("محسن مخلوف") == "Mohsen Makhluf"  # the table's Mohsen, the rule's Makhluf
    assert romanize("البوكمال").startswith("al-")
