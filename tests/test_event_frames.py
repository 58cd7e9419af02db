"""The event package's parts on hand-built documents: frames, vetoes, modality, the scorer's features.

The documents are made here, actor by actor, so that each test says exactly what a frame reads
and does not depend on the linker.
"""
import ast
import datetime as dt
import re
from pathlib import Path

import pytest

from hadath.model import Actor, Article, Doc, Mention, Sentence

EVENTS_PACKAGE = Path(__file__).resolve().parents[1] / "src" / "hadath" / "stages" / "events"
ARABIC_LETTERS = re.compile("[\u0621-\u064a]{2,}")


@pytest.fixture(scope="module")
def resources(kb):
    from hadath.stages.events import EventConfig, EventResources

    return EventResources.build(kb, EventConfig(use_scorer=False))


def make_doc(text, actors, kb=None):
    """A document whose actors are given as (id, surface, country, sector, kind), with its token layer."""
    from hadath.kb.loader import load
    from hadath.text.normalize import normalize_with_map
    from hadath.text.tokens import Tokens, break_pattern

    built = []
    for ident, surface, country, sector, kind in actors:
        start = text.index(surface)
        built.append(Actor(id=ident, name_en=ident, name_ar=surface, kind=kind, country=country, sector=sector,
                           mentions=(Mention(start, start + len(surface), surface),)))
    norm = normalize_with_map(text)
    kb = kb or load()
    clitics, breaks = kb.clitics, break_pattern(kb.word_set("clause_break"))
    return Doc(article=Article(id="t", text=text, published=dt.date(2019, 5, 26)), norm=norm,
               sentences=(Sentence(0, len(text)),), tokens=Tokens.build(norm, [0], clitics, breaks), actors=tuple(built))


def view(doc, resources):
    from hadath.stages.events.frames import speaker_doc_reporters
    from hadath.stages.events.sentence import Ref, SentenceView

    from hadath.stages.events.triggers import find_triggers

    refs = sorted(Ref(m.start, m.end, a.id) for a in doc.actors for m in a.mentions)
    sent = SentenceView(doc, 0, len(doc.article.text), refs, [], speaker_doc_reporters(doc), resources.words,
                        resources.config, doc.tokens.clause_starts)
    sent.hits = find_triggers(doc, resources.kb, resources.words)
    return sent


def hit_of(doc, resources, event_type):
    from hadath.stages.events.triggers import find_triggers

    hits = [h for h in find_triggers(doc, resources.kb, resources.words) if h.trigger.type == event_type]
    assert hits, f"no {event_type} trigger in {doc.article.text}"
    return hits[0]


def args_of(text, actors, event_type, resources, speaker=None):
    from hadath.stages.events.frames import arguments

    doc = make_doc(text, actors)
    return arguments(hit_of(doc, resources, event_type), view(doc, resources), speaker, None)


def test_agent_frame_reads_vso_subject_and_object(resources):
    args = args_of("هاجمت القوات الحكومية مواقع المتمردين قرب المدينة.",
                   [("GOV", "القوات الحكومية", "SYR", "MIL", "organization"),
                    ("REB", "المتمردين", "SYR", "REB", "group")], "ASSAULT", resources)
    assert (args.source, args.target) == ("GOV", "REB")


def test_agent_frame_reads_svo_subject(resources):
    args = args_of("الجيش قصف مواقع الفصائل في الريف.",
                   [("ARMY", "الجيش", "SYR", "MIL", "organization"), ("FAC", "الفصائل", "SYR", "REB", "group")],
                   "ASSAULT", resources)
    assert args.source == "ARMY"


def test_a_preposition_makes_an_oblique_no_subject(resources):
    # على governs the police: they are the target, never the doer
    args = args_of("هجوم على الشرطة في البلدة.", [("POL", "الشرطة", "EGY", "COP", "organization")],
                   "ASSAULT", resources)
    assert args.source is None


def test_between_frame_reads_both_sides(resources):
    args = args_of("اندلعت اشتباكات عنيفة بين الجيش والمسلحين في المدينة.",
                   [("ARMY", "الجيش", "IRQ", "MIL", "organization"), ("GUN", "المسلحين", "IRQ", "UAF", "group")],
                   "ASSAULT", resources)
    assert {args.source, args.target} == {"ARMY", "GUN"}


def test_meeting_frame_takes_the_parties_present(resources):
    args = args_of("التقى الرئيس المصري مع رئيس الوزراء الأردني في القاهرة.",
                   [("EGP", "الرئيس المصري", "EGY", "GOV", "person"), ("JOP", "رئيس الوزراء الأردني", "JOR", "GOV", "person")],
                   "CONSULT", resources)
    assert {args.source, args.target} == {"EGP", "JOP"}


def test_victim_frame_names_who_suffered(resources):
    args = args_of("مقتل خمسة جنود في انفجار.", [("SOL", "جنود", "LBN", "MIL", "group")], "ASSAULT", resources)
    assert (args.source, args.target) == (None, "SOL")


def test_a_reporter_is_no_party(resources):
    from hadath.stages.events.frames import speaker_doc_reporters

    doc = make_doc("قال مصدر عسكري إن الجيش قصف المواقع.", [("SRC", "مصدر عسكري", "SYR", "MIL", "person"),
                                                             ("ARMY", "الجيش", "SYR", "MIL", "organization")])
    doc = doc.with_(actors=tuple(a if a.id != "SRC" else Actor(**{**a.__dict__, "function": "reporter"}) for a in doc.actors))
    assert speaker_doc_reporters(doc) == {"SRC"}
    assert all(r.id != "SRC" for r in view(doc, resources).actors)


def test_veto_turns_a_civilian_doer_into_an_unnamed_one(resources):
    from hadath.stages.events.frames import Args
    from hadath.stages.events.vetoes import Context, apply_vetoes

    doc = make_doc("المدنيون قصفوا البلدة.", [("CIV", "المدنيون", "SYR", "CVL", "group")])
    ctx = Context(hit_of(doc, resources, "ASSAULT"), view(doc, resources), None)
    assert apply_vetoes(Args("CIV", None), ctx) == Args(None, None)


def test_veto_keeps_a_government_off_the_streets(resources):
    from hadath.stages.events.frames import Args
    from hadath.stages.events.vetoes import Context, apply_vetoes

    doc = make_doc("احتجاجات واسعة على الحكومة العراقية.", [("GOV", "الحكومة العراقية", "IRQ", "GOV", "organization")])
    ctx = Context(hit_of(doc, resources, "PROTEST"), view(doc, resources), None)
    assert apply_vetoes(Args("GOV", None), ctx) == Args(None, "GOV")


@pytest.mark.parametrize("text,event_type,expected", [
    ("لم تقصف الطائرات المدينة.", "ASSAULT", "denied"),
    ("من المقرر أن يجتمع الوزراء في الرياض.", "CONSULT", "future"),
    ("إذا هاجمت القوات البلدة فسترد الفصائل.", "ASSAULT", "hypothetical"),
    ("قصفت الطائرات المدينة.", "ASSAULT", "asserted"),
])
def test_modality(resources, text, event_type, expected):
    from hadath.stages.events.modality import modality

    doc = make_doc(text, [])
    assert modality(hit_of(doc, resources, event_type), view(doc, resources)) == expected


def test_the_scorer_sees_the_trigger_its_context_and_the_rules_verdict(resources):
    from hadath.stages.events.merge import Draft
    from hadath.stages.events.scorer import crossed, sentence_features

    doc = make_doc("هاجم مسلحون مجهولون حاجزا للشرطة.", [("GUN", "مسلحون مجهولون", None, "UAF", "group")])
    hit = hit_of(doc, resources, "ASSAULT")
    draft = Draft(hit=hit, type="ASSAULT", source="GUN", target=None, place=None, date=None, modality="asserted",
                  mentions=[])
    features = sentence_features(doc.norm.text, [(0, 4, hit)], [draft], resources.words, {"GUN": "UAF"})
    f = features["ASSAULT"]
    assert f["rule:doer"] == 1.0 and f["src:UAF"] == 1.0
    model_features = crossed("ASSAULT", f)
    assert model_features["T=ASSAULT"] == 1.0 and model_features["ASSAULT|rule:doer"] == 1.0
    assert "rule:unnamed" not in f and any(k.startswith("next:") for k in f)


def test_every_event_word_set_is_in_the_data(resources):
    from dataclasses import fields

    from hadath.kb.schema import WORD_USES

    from hadath.stages.events.words import CLITIC_SETS

    empty = [f.name for f in fields(resources.words) if not getattr(resources.words, f.name)]
    assert not empty, f"uses the event stage reads but the lexicon lacks: {empty}"
    # every set is a use of lexicon/words.tsv, or derived from lexicon/clitics.tsv
    assert {f.name for f in fields(resources.words)} <= WORD_USES | CLITIC_SETS
    assert not CLITIC_SETS & WORD_USES


def test_no_arabic_word_list_in_the_event_code():
    """Words belong in lexicon/words.tsv and triggers.tsv; docstrings and comments may quote them."""
    found = []
    for path in sorted(EVENTS_PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)
                      and isinstance(getattr(node, "value", None), ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                    and ARABIC_LETTERS.search(node.value):
                found.append(f"{path.name}:{node.lineno}: {node.value!r}")
    assert not found, found


def test_the_shipped_scorer_loads_and_judges_the_common_types():
    from hadath.stages.events.scorer import EventScorer

    scorer = EventScorer.load()
    assert scorer.judges("ASSAULT") and 0.0 < scorer.threshold("ASSAULT") < 1.0
    assert 0.0 <= scorer.probability("ASSAULT", {"rule:doer": 1.0}) <= 1.0


def _events(pipeline, text, published=dt.date(2019, 5, 26)):
    from hadath.output import to_record

    record = to_record(pipeline(Article(id="t", text=text, published=published)))
    actors = {a["id"]: a for a in record["actors"]}
    return [(e["type"], (actors.get(e["source"]) or {}).get("country"), (actors.get(e["target"]) or {}).get("country"),
             e["date"]["start"] if e["date"] else None) for e in record["events"]]


def test_the_dead_follow_a_killing_noun(pipeline):
    found = _events(pipeline, "أسفرت الغارات الأردنية على البلدة عن استشهاد ثلاثة لبنانيين.")
    assert ("ASSAULT", "JOR", "LBN") in [e[:3] for e in found]


def test_the_attacker_named_by_an_attack_noun_is_not_the_dead(pipeline):
    found = _events(pipeline, "وقال المسؤول إن عشرة مقاتلين قتلوا في الغارات الإيرانية.")
    assert [e for e in found if e[0] == "ASSAULT" and e[1] == "IRN"], found


def test_an_indefinite_attack_noun_takes_an_indefinite_nationality(pipeline):
    found = _events(pipeline, "استهدفت ضربات مصرية مواقع المسلحين في ليبيا.")
    assert [e for e in found if e[0] == "ASSAULT" and e[1] == "EGY"], found


def test_a_date_far_from_the_news_stays_in_its_own_sentence(pipeline):
    text = ("بدأت المعارك في العاشر من مارس 2017 في المحافظة. "
            "وقصف الجيش العراقي مواقع تنظيم داعش في الأنبار.")
    found = _events(pipeline, text, dt.date(2019, 5, 26))
    attack = [e for e in found if e[0] == "ASSAULT" and e[1] == "IRQ"]
    assert attack and all(e[3] == "2019-05-26" for e in attack), found


def test_a_span_of_years_is_no_event_date(pipeline):
    found = _events(pipeline, "هاجمت القوات التركية مواقع حزب العمال الكردستاني المستمر منذ 30 عاما.")
    assert found and all(e[3] == "2019-05-26" for e in found), found


def test_a_toll_since_a_campaign_began_is_no_events_fatalities(pipeline):
    from hadath.output import to_record

    text = "وقالت وزارة الدفاع إن الغارات الفرنسية أسفرت عن مقتل ألفي مسلح منذ انطلاقها في مالي."
    record = to_record(pipeline(Article(id="t", text=text, published=dt.date(2019, 5, 26))))
    attacks = [e for e in record["events"] if e["type"] == "ASSAULT"]
    assert attacks, record["events"]
    assert not [q for e in attacks for q in e["quantities"] if q["kind"] == "killed"]


def test_a_toll_of_one_attack_stays_with_it(pipeline):
    from hadath.output import to_record

    text = "وأسفرت الغارات الفرنسية على البلدة عن مقتل عشرين مسلحا في مالي."
    record = to_record(pipeline(Article(id="t", text=text, published=dt.date(2019, 5, 26))))
    killed = [q["value"] for e in record["events"] if e["type"] == "ASSAULT" for q in e["quantities"] if q["kind"] == "killed"]
    assert killed == [20], record["events"]


def test_unnamed_members_of_a_named_group_are_that_group(pipeline):
    found = _events(pipeline, "قتل خمسة مسلحين من تنظيم داعش في غارة عراقية قرب الموصل.")
    from hadath.output import to_record

    record = to_record(pipeline(Article(id="t", text="قتل خمسة مسلحين من تنظيم داعش في غارة عراقية قرب الموصل.",
                                        published=dt.date(2019, 5, 26))))
    actors = {a["id"]: a for a in record["actors"]}
    targets = [actors[e["target"]]["sector"] for e in record["events"] if e["type"] == "ASSAULT" and e["target"]]
    assert targets and targets[0] == "INS", (found, targets)


def test_an_unnamed_attack_and_its_claim_are_one_attack(pipeline):
    text = ("انفجرت سيارة مفخخة في حي الكرادة وسط بغداد أمس. "
            "وأعلن تنظيم داعش مسؤوليته عن تفجير الكرادة في بيان.")
    from hadath.output import to_record

    record = to_record(pipeline(Article(id="t", text=text, published=dt.date(2019, 5, 26))))
    actors = {a["id"]: a for a in record["actors"]}
    attacks = [e for e in record["events"] if e["type"] == "ASSAULT"]
    assert len(attacks) == 1, attacks
    assert actors[attacks[0]["source"]]["sector"] == "INS" and attacks[0]["date"]["start"] == "2019-05-25"


def test_an_attack_repelled_was_made_by_its_own_doer_on_the_defenders(resources):
    args = args_of("صدت القوات العراقية هجوما لتنظيم داعش على مواقعها.",
                   [("IRQ", "القوات العراقية", "IRQ", "MIL", "organization"),
                    ("ISIS", "تنظيم داعش", None, "INS", "group")], "ASSAULT", resources)
    assert (args.source, args.target) == ("ISIS", "IRQ")
    args = args_of("تصدت فصائل المعارضة لهجوم شنته قوات النظام على البلدة.",
                   [("REB", "فصائل المعارضة", "SYR", "REB", "group"),
                    ("GOV", "قوات النظام", "SYR", "MIL", "organization")], "ASSAULT", resources)
    assert (args.source, args.target) == ("GOV", "REB")


def test_an_attack_not_repelled_keeps_its_frame(resources):
    args = args_of("شنت القوات العراقية هجوما على مواقع تنظيم داعش.",
                   [("IRQ", "القوات العراقية", "IRQ", "MIL", "organization"),
                    ("ISIS", "تنظيم داعش", None, "INS", "group")], "ASSAULT", resources)
    assert (args.source, args.target) == ("IRQ", "ISIS")


def test_blame_laid_on_another_is_no_claim(resources):
    from hadath.stages.events import _claimed

    doc = make_doc("حملت الحكومة العراقية تنظيم داعش مسؤولية الهجوم على السوق.", [])
    assert not _claimed(hit_of(doc, resources, "ASSAULT"), view(doc, resources))
    doc = make_doc("أعلن تنظيم داعش مسؤوليته عن الهجوم على السوق.", [])
    assert _claimed(hit_of(doc, resources, "ASSAULT"), view(doc, resources))
