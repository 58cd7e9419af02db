"""Linking behaviour on sentences written for these tests."""
import datetime as dt

from hadath.model import Article


def run(pipe, text, published=dt.date(2017, 11, 15)):
    return pipe(Article(id="t", text=text, published=published))


def places(doc):
    return {(p.name_en, p.country) for p in doc.places}


def test_amman_after_capital_cue_is_in_jordan(link_only):
    doc = run(link_only, "اجتمع اليوم ممثلون عن العراق والأردن والتحالف الدولي في العاصمة عمان.")
    countries = {p.country for p in doc.places}
    assert "JOR" in countries and "OMN" not in countries
    amman = next(p for p in doc.places if p.country == "JOR")
    assert abs(amman.lat - 31.95) < 0.3 and abs(amman.lon - 35.93) < 0.3
    states = {a.country for a in doc.actors if a.kind == "state"}
    assert {"IRQ", "JOR"} <= states  # the ones who met are actors, not places


def test_oman_with_country_cue(link_only):
    doc = run(link_only, "وصل الوزير إلى سلطنة عمان في زيارة رسمية.")
    assert "OMN" in {p.country for p in doc.places}


def test_east_bank_of_a_river_is_not_the_west_bank(link_only):
    doc = run(link_only, "دمرت الطائرات قوافل المسلحين في الضفة الشرقية من نهر الفرات، وفي الضفة الغربية لنهر الفرات.")
    assert "PSE" not in {p.country for p in doc.places}


def test_geneva_inside_the_conventions_is_no_place(link_only):
    doc = run(link_only, "وقال الوزير إن التصريحات تتعارض مع اتفاقيات جنيف ومعاهدة جنيف.")
    assert not any(p.country == "CHE" for p in doc.places)


def test_country_acting_is_an_actor_and_country_of_events_a_place(link_only):
    doc = run(link_only, "أعلنت روسيا أنها سترسل مساعدات إلى سوريا.")
    assert any(a.country == "RUS" and a.kind == "state" for a in doc.actors)
    assert not any(p.country == "RUS" for p in doc.places)
    assert any(p.country == "SYR" for p in doc.places)
    assert not any(a.country == "SYR" and a.kind == "state" for a in doc.actors)


def test_institution_with_nationality(link_only):
    doc = run(link_only, "كشفت وزارة الدفاع الروسية أن الطائرات الحربية الروسية قصفت مواقع في البوكمال.")
    mod = next(a for a in doc.actors if "Defence" in a.name_en)
    assert (mod.country, mod.sector) == ("RUS", "MIL")
    air = next(a for a in doc.actors if "air force" in a.name_en.lower())
    assert air.country == "RUS"
    assert any(p.country == "SYR" and abs(p.lat - 34.45) < 0.3 for p in doc.places)


def test_proclitic_lam_with_article(link_only):
    doc = run(link_only, "وجهت الوزارة انتقادات للولايات المتحدة.")
    usa = next(a for a in doc.actors if a.country == "USA")
    assert usa.mentions[0].text == "ولايات المتحدة"


def test_word_internal_matches_are_rejected(link_only):
    doc = run(link_only, "قال العمانيون والسوريون إنهم يرحبون.")
    assert not doc.places


def test_unknown_person_after_a_role(link_only):
    doc = run(link_only, "وقال العميد سامر حداد، في مؤتمر صحفي في دمشق، إن قوات النظام تقدمت. وأضاف حداد أن المعارك مستمرة.")
    person = next(a for a in doc.actors if a.kind == "person")
    assert person.name_ar == "سامر حداد"
    assert person.sector == "MIL" and person.country == "SYR"
    assert person.kb_id is None and person.name_en  # a readable Latin form
    assert len(person.mentions) == 2  # the surname alone links back


def test_mentions_are_substrings_of_the_original(link_only):
    text = "وأضافت وزارةُ الدفاعِ الروسيةُ، أن حظرَ الطيران في منطقة البوكمال السورية كان بموافقة قطر."
    doc = run(link_only, text)
    for item in [*doc.actors, *doc.places]:
        for m in item.mentions:
            assert text[m.start:m.end] == m.text


def test_unknown_person_with_a_rank_keeps_a_readable_name(pipeline):
    from hadath.model import Article

    doc = pipeline(Article(id="t", text="شيع النظام السوري أمس جثمان اللواء محسن مخلوف، قائد الفرقة 11 دبابات."))
    person = next(a for a in doc.actors if a.kind == "person")
    assert person.name_en.startswith("M") and person.name_ar == "محسن مخلوف"
    assert (person.country, person.sector) == ("SYR", "MIL")


def test_a_name_after_the_body_of_a_role(pipeline):
    from hadath.model import Article

    text = "ونقلت وكالة الأناضول عن الفريق في الشرطة الاتحادية شاكر جودت قوله اليوم: إن قوات الأمن قتلت 23 عنصرا."
    doc = pipeline(Article(id="t", text=text))
    person = next(a for a in doc.actors if a.kind == "person")
    assert person.name_ar == "شاكر جودت" and person.country == "IRQ"


def test_a_capital_keeps_its_name_against_a_village_in_the_articles_main_country(link_only):
    # Gaza makes Palestine the article's country; a Palestinian village is also called الدوحة
    doc = run(link_only, "قصفت إسرائيل مدينة غزة أمس، فيما اجتمع وزراء خارجية الخليج في الدوحة لبحث التصعيد في غزة.")
    assert ("Doha", "QAT") in places(doc)
    assert not any(p.country == "PSE" and p.name_en != "Gaza City" for p in doc.places)


def test_set_phrases_that_hold_a_place_name_are_no_place(link_only):
    doc = run(link_only, "جاء ذلك في إطار التعاون بين البلدين خلال الدورة الخامسة للمنتدى، داعين إلى الوقف الفوري للعنف.")
    assert not doc.places
    doc = run(link_only, "وقع انفجار في حي الدورة جنوبي بغداد.")
    assert ("Dora", "IRQ") in places(doc)
