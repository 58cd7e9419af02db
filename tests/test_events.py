"""Event extraction on sentences written in the style of Arabic wire copy."""
import datetime as dt

import pytest

from hadath.model import Article

PUBLISHED = dt.date(2019, 5, 26)


def events(pipeline, text, kind="events"):
    from hadath.output import to_record

    record = to_record(pipeline(Article(id="t", text=text, published=PUBLISHED)))
    actors = {a["id"]: a for a in record["actors"]}
    places = {p["id"]: p for p in record["places"]}
    out = []
    for e in record[kind]:
        src, tgt, place = actors.get(e["source"]), actors.get(e["target"]), places.get(e["place"])
        out.append({"type": e["type"], "source": src and (src["country"], src["sector"]),
                    "target": tgt and (tgt["country"], tgt["sector"]), "place": place and place["name_en"],
                    "place_country": place and place["country"], "event": e,
                    "source_name": src and src["name_en"], "target_name": tgt and tgt["name_en"]})
    return out


def find(found, type_):
    hits = [e for e in found if e["type"] == type_]
    assert hits, f"no {type_} among {[(e['type'], e['source_name'], e['target_name']) for e in found]}"
    return hits[0]


@pytest.mark.parametrize("text,type_,source,target", [
    ("شنت الطائرات الحربية الروسية غارات على مواقع تنظيم داعش في مدينة تدمر.", "ASSAULT", ("RUS", "MIL"), (None, "INS")),
    ("استهدفت قوات النظام السوري بالمدفعية الثقيلة بلدة كفرنبل في ريف إدلب.", "ASSAULT", ("SYR", "MIL"), None),
    ("اندلعت اشتباكات عنيفة بين قوات المعارضة وقوات النظام في حي جوبر بدمشق.", "ASSAULT", ("SYR", "REB"), ("SYR", "MIL")),
    ("اجتمع وزير الخارجية الروسي سيرغي لافروف مع نظيره التركي مولود جاويش أوغلو في موسكو.", "CONSULT", ("RUS", "GOV"), ("TUR", "GOV")),
    ("اتهمت وزارة الخارجية السورية الولايات المتحدة بدعم الإرهاب.", "ACCUSE", ("SYR", "GOV"), ("USA", "GOV")),
    ("رفضت الحكومة العراقية الشروط التي وضعتها الأمم المتحدة.", "REJECT", ("IRQ", "GOV"), (None, "IGO")),
    ("طالبت السعودية مجلس الأمن الدولي بوقف الهجمات على ناقلات النفط.", "REQUEST", ("SAU", "GOV"), (None, "IGO")),
    ("هددت إيران بإغلاق مضيق هرمز إذا فرضت الولايات المتحدة عقوبات جديدة.", "THREATEN", ("IRN", "GOV"), None),
    ("وقعت الحكومة السودانية وقوى المعارضة اتفاقا لتقاسم السلطة في الخرطوم.", "AGREE", ("SDN", "GOV"), None),
    ("انسحبت ميليشيات الحوثي من مدينة الحديدة تحت ضغط القوات الحكومية.", "RETREAT", ("YEM", "REB"), None),
    ("أرسلت الحكومة الليبية تعزيزات عسكرية إلى مدينة سرت.", "MOBILIZE", ("LBY", "GOV"), None),
    ("فرضت الولايات المتحدة عقوبات على إيران بسبب برنامجها الصاروخي.", "SANCTION", ("USA", "GOV"), ("IRN", "GOV")),
    ("تظاهر آلاف المحتجين في بغداد ضد الحكومة العراقية.", "PROTEST", ("IRQ", "CVL"), ("IRQ", "GOV")),
    ("اعتقلت قوات الأمن العراقية خمسة عناصر من تنظيم داعش في الموصل.", "COERCE", ("IRQ", "MIL"), (None, "INS")),
    ("أفرجت السلطات التركية عن القس الأميركي بعد عامين من الاحتجاز.", "CONCEDE", ("TUR", "GOV"), None),
    ("أعلنت روسيا دعمها للحكومة السورية في حربها على الإرهاب.", "SUPPORT", ("RUS", "GOV"), ("SYR", "GOV")),
    ("وصلت قافلة مساعدات أرسلتها الأمم المتحدة إلى الغوطة الشرقية.", "AID", (None, "IGO"), None),
    ("عرضت روسيا على تركيا التعاون في إعادة إعمار المناطق المحررة.", "COOPERATE", ("RUS", "GOV"), ("TUR", "GOV")),
])
def test_each_plover_type(pipeline, text, type_, source, target):
    e = find(events(pipeline, text), type_)
    assert e["source"] == source
    if target is not None:
        assert e["target"] == target


def test_aerial_mode_and_place(pipeline):
    e = find(events(pipeline, "شنت الطائرات الحربية الروسية غارات على مدينة معرة النعمان في ريف إدلب الجنوبي."), "ASSAULT")
    assert e["event"]["mode"] == "aerial"
    assert e["place"] and e["place_country"] == "SYR"
    assert e["event"]["summary_en"].startswith("Air force (Russia) attacked")


def test_denial_is_not_a_fact(pipeline):
    text = "نفت وزارة الدفاع التركية أن تكون طائراتها قد قصفت مواقع في شمال العراق."
    found = events(pipeline, text)
    assert not [e for e in found if e["type"] == "ASSAULT"]
    assert find(found, "REJECT")["source"] == ("TUR", "MIL")
    assert [e for e in events(pipeline, text, "unasserted_events") if e["type"] == "ASSAULT"]


def test_future_is_not_a_fact(pipeline):
    text = "ستجتمع الحكومة اليمنية مع الحوثيين في ستوكهولم الأسبوع المقبل."
    assert not [e for e in events(pipeline, text) if e["type"] == "CONSULT"]
    future = [e for e in events(pipeline, text, "unasserted_events") if e["type"] == "CONSULT"]
    assert future and future[0]["event"]["modality"] == "future"


def test_attribution_is_kept_apart_from_the_doer(pipeline):
    text = "قال المرصد السوري لحقوق الإنسان إن قوات النظام قصفت بلدة خان شيخون بالبراميل المتفجرة."
    e = find(events(pipeline, text), "ASSAULT")
    assert e["source"] == ("SYR", "MIL")
    assert e["event"]["attribution"] is not None and e["event"]["attribution"] != e["event"]["source"]


def test_magnitudes(pipeline):
    text = "قتل 7 مدنيين وأصيب 15 آخرون في غارات شنتها الطائرات الحربية الروسية على مدينة أريحا، وأسفرت الاشتباكات عن مقتل عشرات المسلحين."
    attacks = [e for e in events(pipeline, text) if e["type"] == "ASSAULT"]
    e = find(events(pipeline, text), "ASSAULT")
    kinds = {(q["kind"], q["value"]) for q in e["event"]["quantities"]}
    assert ("killed", 7) in kinds and ("wounded", 15) in kinds
    # the dozens killed in the clashes (أسفرت الاشتباكات عن) are the clashes' toll, on an attack of their own
    vague = [q for a in attacks for q in a["event"]["quantities"] if q["value"] == 12]
    assert vague and vague[0]["approx"] and vague[0]["kind"] == "killed"  # عشرات = dozens, read as 12


def test_one_event_per_locality_in_a_list(pipeline):
    text = "وقال ناشطون إن اشتباكات عنيفة جرت بين قوات المعارضة وقوات النظام على جبهات بلدة عين ترما وحي جوبر."
    places = {e["place"] for e in events(pipeline, text) if e["type"] == "ASSAULT"}
    assert len(places) == 2


def test_a_charge_in_the_speakers_words_is_the_speakers_accusation(pipeline):
    text = "وقال مصدر رسمي في وزارة الخارجية السورية إن وجود القوات الأميركية في سوريا هو عدوان موصوف."
    e = find(events(pipeline, text), "ACCUSE")
    assert (e["source"], e["target"]) == (("SYR", "GOV"), ("USA", "MIL"))


def test_no_speaker_no_evaluative_accusation(pipeline):
    assert not [e for e in events(pipeline, "إن وجود القوات الأميركية في سوريا عدوان موصوف.") if e["type"] == "ACCUSE"]


def test_one_state_reporting_anothers_hostile_act_accuses_it(pipeline):
    text = "كشفت وزارة الدفاع الروسية أن الولايات المتحدة رفضت توجيه ضربات جوية لعناصر داعش قرب البوكمال."
    e = find(events(pipeline, text), "ACCUSE")
    assert (e["source"], e["target"]) == (("RUS", "MIL"), ("USA", "GOV"))


def test_declining_to_comment_is_no_rejection(pipeline):
    text = "وأضاف مصدر عراقي أن الاجتماع عقد في بغداد، رافضا الكشف عن تفاصيل الاجتماع."
    assert not [e for e in events(pipeline, text) if e["type"] == "REJECT"]


def test_several_triggers_of_one_attack_make_one_event(pipeline):
    text = ("تصدت فصائل المعارضة لهجوم شنته القوات الحكومية السورية صباح اليوم "
            "لاقتحام بلدة بيت جن في ريف دمشق الجنوبي الغربي.")
    assaults = [e for e in events(pipeline, text) if e["type"] == "ASSAULT"]
    assert len(assaults) == 1
    assert assaults[0]["place"] == "Beit Jinn"  # the region after the town only says where it lies


def test_place_is_looked_for_in_the_events_own_clause(pipeline):
    text = ("وجرت اشتباكات عنيفة بين الطرفين في حي جوبر، في المقابل، صدت فصائل المعارضة "
            "هجوما للقوات الحكومية على بلدة بيت جن.")
    repelled = [e for e in events(pipeline, text) if e["event"]["trigger"]["text"] == "صدت"]
    assert repelled and repelled[0]["place"] == "Beit Jinn"


def test_a_meeting_referred_to_again_is_not_a_new_meeting(pipeline):
    text = ("اجتمع ممثلون عن العراق والأردن في العاصمة عمان. "
            "وأضاف مصدر أن الاجتماع جاء بطلب من المبعوث الأميركي.")
    assert len([e for e in events(pipeline, text) if e["type"] == "CONSULT"]) == 1


def test_a_groups_head_noun_alone_refers_back_to_it(pipeline):
    text = ("سيطرت المقاومة الشعبية على مدينة زنجبار. "
            "كما حققت المقاومة انتصارات جديدة في الضالع إثر قتال عنيف مع مليشيات الحوثي.")
    from hadath.output import to_record

    record = to_record(pipeline(Article(id="t", text=text, published=PUBLISHED)))
    resistance = [a for a in record["actors"] if "Resistance" in a["name_en"]]
    assert len(resistance) == 1 and len(resistance[0]["mentions"]) == 2
    assert resistance[0]["mentions"][1]["text"] == "المقاومة"


def test_time_of_another_clause_does_not_date_the_event(pipeline):
    text = ("اجتمع نائب وزير الخارجية الروسي ميخائيل بوغدانوف مع السفير الإيراني في موسكو "
            "حيث بحثا نتائج اللقاء الدولي في أستانا يومي 30-31 تشرين الأول الماضي.")
    meetings = [e for e in events(pipeline, text) if e["type"] == "CONSULT"]
    assert meetings and meetings[0]["place"] == "Moscow"
    assert meetings[0]["event"]["date"]["start"] == PUBLISHED.isoformat()


def test_the_raider_of_aerial_raids_is_the_genitive(pipeline):
    text = "نجحت قوات المقاومة الشعبية بمساعدة غارات التحالف العربي في تحرير مدينة عدن من الميليشيات المتمردة."
    raids = [e for e in events(pipeline, text) if e["event"]["trigger"]["text"] == "غارات"]
    assert raids and raids[0]["source"] == ("SAU", "MIL")


def test_an_actor_inside_a_relative_clause_is_not_the_subject(pipeline):
    text = "جددت طائرات التحالف العربي الذي تقوده السعودية، غاراتها على قاعدة العند الجوية في محافظة لحج."
    e = find(events(pipeline, text), "ASSAULT")
    assert e["source_name"] != "Saudi Arabia"


def test_two_arms_of_one_state_do_not_fight_each_other(pipeline):
    text = "شنت قوات النظام السوري والميليشيات الموالية لها هجوما على بلدة القريتين."
    for e in events(pipeline, text):
        if e["type"] == "ASSAULT" and e["target"]:
            assert not (e["source"][0] == e["target"][0] == "SYR" and e["target"][1] in ("GOV", "MIL"))


def test_sides_of_a_clash_named_by_their_losses(pipeline):
    text = "قتل 9 من مسلحي الحوثيين و6 من مقاتلي المقاومة الشعبية خلال 24 ساعة من الاشتباكات في محافظة أبين."
    e = find(events(pipeline, text), "ASSAULT")
    assert {e["source_name"], e["target_name"]} == {"Houthis (Ansar Allah)", "Popular Resistance (Yemen)"}


def test_the_link_line_at_the_end_repeats_the_headline(pipeline):
    text = "الحوثيون ينسحبون من المدينة الخضراء\n\nانسحب مسلحو الحوثيين من المدينة الخضراء.\n\nرابط الخبر بصحيفة الوئام: الحوثيون ينسحبون من المدينة الخضراء"
    found = [e for e in events(pipeline, text) if e["type"] == "RETREAT"]
    assert found and all(m["start"] < text.index("رابط الخبر") for e in found for m in e["event"]["mentions"])


def test_the_speaker_is_not_the_doer_of_what_it_reports(pipeline):
    text = "وأفادت السلطات الأفغانية بأن الغارات استهدفت سيارات تقل مسلحين من داعش في المنطقة."
    for e in events(pipeline, text):
        if e["type"] == "ASSAULT":
            assert e["source"] != ("AFG", "GOV")


@pytest.mark.parametrize("text,country", [
    ("قتل عشرة مدنيين في الغارات الروسية على مدينة إدلب.", "RUS"),
    ("استهدفت الضربات الجوية الأميركية مواقع لتنظيم داعش قرب الرقة.", "USA"),
    ("تواصل القصف التركي على قرى ريف عفرين.", "TUR"),
])
def test_the_nationality_of_an_attack_noun_names_the_attacker(pipeline, text, country):
    e = find(events(pipeline, text), "ASSAULT")
    assert e["source"] == (country, "GOV")


def test_a_comma_ends_the_phrase_before_a_verb(pipeline):
    text = "وينتظر أن تشهد الناصرية أكبر مظاهرة على مستوى العراق، دعا ناشطون إلى عدم تسييسها."
    e = find(events(pipeline, text), "REQUEST")
    assert e["source"] == ("IRQ", "CVL")


def test_a_government_does_not_take_to_the_streets(pipeline):
    text = "تزايد السخط الشعبي على حكومة رئيس الوزراء العراقي حيدر العبادي بعد المظاهرات في البصرة."
    assert not [e for e in events(pipeline, text) if e["type"] == "PROTEST" and e["source"][1] in ("GOV", "MIL")]


def test_the_dead_did_not_shell_themselves(pipeline):
    text = "كشف مصدر في قيادة عمليات الأنبار عن مقتل سبعة من قادة تنظيم داعش بقصف مدفعي وسط مدينة الفلوجة."
    assert not [e for e in events(pipeline, text) if e["type"] == "ASSAULT" and e["source"] == (None, "INS")]


def test_attackers_killed_in_their_own_attack_are_still_the_attackers(pipeline):
    text = "قتل خمسة من عناصر الصحوات أثناء هجومهم على ثكنات داعش في منطقة الصكرة غربي بلدة حديثة."
    e = find(events(pipeline, text), "ASSAULT")
    assert e["target"] == (None, "INS")


def test_what_a_plan_governs_is_future(pipeline):
    text = "ومن المقرر أن تبدأ تدريبات المتطوعين الأسبوع المقبل تمهيدا لمشاركتهم في تحرير مدينة حديثة من تنظيم داعش."
    assert not [e for e in events(pipeline, text) if e["type"] == "ASSAULT"]


def test_the_other_side_of_a_clash_follows_min_jiha(pipeline):
    text = ("تتواصل الاشتباكات العنيفة في سهل الغاب بين حزب الله اللبناني وقوات النظام من جهة، "
            "وفصائل المعارضة من جهة أخرى.")
    e = find(events(pipeline, text), "ASSAULT")
    assert "Opposition forces (Syria)" in (e["source_name"], e["target_name"])


def test_a_bombing_after_the_killed_is_done_by_the_actor_that_follows(pipeline):
    text = ("قتل 18 عنصرا من قوات النظام والمسلحين الموالين لها جراء تفجير 3 عناصر من تنظيم داعش "
            "لعربات مفخخة قرب مطار التيفور العسكري.")
    e = find(events(pipeline, text), "ASSAULT")
    assert e["source"] == (None, "INS") and e["target"][0] == "SYR"


def test_a_subordinate_clause_keeps_its_own_subject(pipeline):
    text = "وقتل جنديان آخران عندما أرسلت الحكومة الليبية تعزيزات إلى مدينة أجدابيا."
    e = find(events(pipeline, text), "MOBILIZE")
    assert e["source"] == ("LBY", "GOV")


def test_an_international_mission_attacks_nobody(pipeline):
    text = "وقال رئيس بعثة الأمم المتحدة للدعم في ليبيا إن البعثة ستتقدم بمقترح جديد، وتقدمت البعثة بمسودة اتفاق."
    assert not [e for e in events(pipeline, text) if e["type"] == "ASSAULT"]


def test_verb_then_its_subject_with_no_trigger_phrase_swallowing_it(pipeline):
    e = find(events(pipeline, "قصفت الطائرات الروسية مدينة إدلب أمس."), "ASSAULT")
    assert e["source"] == ("RUS", "MIL") and e["place"] == "Idlib"
    assert e["event"]["date"] == {"start": "2019-05-25", "end": "2019-05-25", "precision": "day",
                                  "time_precision": 1, "text": "أمس"}


def test_an_event_dated_only_by_its_article_has_a_lower_precision(pipeline):
    e = find(events(pipeline, "قصفت الطائرات الروسية مدينة إدلب."), "ASSAULT")
    assert e["event"]["date"]["precision"] == "article" and e["event"]["date"]["time_precision"] == 2


def test_an_actor_whose_name_the_trigger_phrase_ends_inside(pipeline):
    e = find(events(pipeline, "بدأ خروج مسلحي المعارضة من مدينة الزبداني بريف دمشق."), "RETREAT")
    assert e["source"] == ("SYR", "REB")


@pytest.mark.parametrize("text,source", [
    ("وقالت الوزارة إن الغارة التي شنتها طائرات روسية على مدينة البوكمال أسفرت عن مقتل 12 مسلحا.", ("RUS", "MIL")),
    ("وأسفر القصف الذي نفذته قوات النظام على بلدة كفرنبل عن مقتل ثلاثة مدنيين.", ("SYR", "MIL")),
])
def test_the_doer_named_in_a_relative_clause_after_the_attack_noun(pipeline, text, source):
    assert find(events(pipeline, text), "ASSAULT")["source"] == source


def test_a_dual_verb_of_agreement(pipeline):
    found = events(pipeline, "وكانت روسيا والولايات المتحدة قد اتفقتا على خطة لوقف الأعمال القتالية في سوريا.")
    assert find(found, "AGREE")["source"][0] in ("RUS", "USA")


def test_a_meeting_in_one_of_a_citys_hotels_is_in_that_city(pipeline):
    found = events(pipeline, "وعقد الاجتماع في أحد فنادق جنيف بين وزير الخارجية الروسي سيرغي لافروف ونظيره الأمريكي جون كيري.")
    assert find(found, "CONSULT")["place"] == "Geneva"


@pytest.mark.parametrize("text,type_,source", [
    ("وفجر انتحاري من تنظيم داعش سيارة مفخخة قرب مطار التيفور العسكري.", "ASSAULT", (None, "INS")),
    ("وهاجم عناصر من الحرس الثوري الإيراني ناقلة نفط في مضيق هرمز.", "ASSAULT", ("IRN", "MIL")),
])
def test_the_group_after_a_partitive_min_is_the_doers_own(pipeline, text, type_, source):
    assert find(events(pipeline, text), type_)["source"] == source


def test_a_dual_role_before_two_ministers_names_both_parties(pipeline):
    found = events(pipeline, "والتقى وزيرا الخارجية الأمريكي جون كيري والروسي سيرغي لافروف في جنيف أمس.")
    meeting = find(found, "CONSULT")
    assert {meeting["source_name"], meeting["target_name"]} == {"John Kerry", "Sergey Lavrov"}


def test_an_arrest_told_with_dabt_and_restraint_is_no_arrest(pipeline):
    found = events(pipeline, "أعلنت وزارة الداخلية الكويتية، اليوم الخميس، عن ضبط شبكة إرهابية تابعة لتنظيم داعش.")
    arrest = find(found, "COERCE")
    assert arrest["source"] == ("KWT", "GOV") and arrest["target"] == (None, "INS")
    assert not events(pipeline, "ودعا الأمين العام للأمم المتحدة الطرفين إلى ضبط النفس.")


def test_an_event_with_no_place_of_its_own_happens_where_the_paragraph_left_off(pipeline):
    text = "هاجم مسلحون قاعدة عسكرية في مدينة بيدوة الصومالية. وقتل المهاجمون خمسة جنود صوماليين."
    attacks = [e for e in events(pipeline, text) if e["type"] == "ASSAULT"]
    assert len({e["place"] for e in attacks}) == 1 and attacks[0]["place"] is not None
    second = "هاجم مسلحون قاعدة عسكرية في مدينة بيدوة الصومالية.\n\nوقتل المهاجمون خمسة جنود صوماليين."
    placed = [e["place"] for e in events(pipeline, second) if e["type"] == "ASSAULT"]
    assert None in placed  # a new paragraph is a new scene: nothing carries over


def test_the_fallback_place_can_be_switched_off(kb):
    from dataclasses import replace

    from hadath.pipeline import Pipeline
    from hadath.stages.events import DEFAULT_CONFIG

    text = "هاجم مسلحون قاعدة عسكرية في مدينة بيدوة الصومالية. وقتل المهاجمون خمسة جنود صوماليين."
    strict = Pipeline(kb=kb, event_config=replace(DEFAULT_CONFIG, place_fallback="clause"))
    assert None in [e["place"] for e in events(strict, text) if e["type"] == "ASSAULT"]


def test_a_protest_with_no_protesters_named_is_the_crowds_the_article_tells_of(pipeline):
    text = "وتجددت المظاهرات صباح الخميس أمام مبنى المحافظة في مدينة البصرة، وأحرق المتظاهرون إطارات السيارات."
    protests = [e for e in events(pipeline, text) if e["type"] == "PROTEST"]
    assert protests and all(e["source_name"] and "Protesters" in e["source_name"] for e in protests)
    assert len(protests) == 1  # the crowd's protest and the unnamed one are one event


def test_no_crowd_no_source_for_a_protest(pipeline):
    protests = [e for e in events(pipeline, "وتجددت المظاهرات صباح الخميس أمام مبنى المحافظة في مدينة البصرة.")
                if e["type"] == "PROTEST"]
    assert all(e["source"] is None for e in protests)


def test_an_unknown_place_fallback_is_a_usage_error_listing_the_choices():
    from hadath.errors import UsageError
    from hadath.stages.events import EventConfig

    with pytest.raises(UsageError, match="clause, sentence, paragraph"):
        EventConfig(place_fallback="scene")
