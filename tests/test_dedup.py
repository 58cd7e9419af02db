"""Deduplication across articles: the same event in many reports once, other events kept apart."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from conftest import ROOT, shared_path
from dedup_support import score
from store_support import db_target, pg_server  # noqa: F401 - fixtures

from hadath.dedup import event_ref, field_score, joined_events, link_events, link_records
from hadath.model import Article
from hadath.output import to_record
from hadath.reader import parse_date
from hadath.store import EventFilter, open_store

DATA = ROOT / "tests" / "data"


def _event(uid: str, article: str, type_: str = "ASSAULT", date: str = "2017-11-14", place=None,
           source=None, target=None, text: str = "") -> dict:
    return {"event_uid": uid, "article_id": article, "type": type_, "modality": "asserted",
            "date": {"start": date, "end": date, "precision": "day"}, "place_detail": place,
            "source_actor": source, "target_actor": target, "mentions": [{"text": text, "start": 0, "end": len(text)}]}


ABU_KAMAL = {"name_en": "Abu Kamal", "country": "SYR", "admin1": "Deir ez-Zor", "lat": 34.45, "lon": 40.92,
             "precision": 1}
MAYADIN = {"name_en": "Al-Mayadin", "country": "SYR", "admin1": "Deir ez-Zor", "lat": 35.02, "lon": 40.45,
           "precision": 1}
RUSSIA = {"kb_id": "state.rus", "name_en": "Russia", "country": "RUS", "sector": "GOV"}
RUSSIAN_AIR_FORCE = {"kb_id": None, "name_en": "Air force (Russia)", "country": "RUS", "sector": "MIL"}
ISIS = {"kb_id": "grp.isis", "name_en": "Islamic State", "country": None, "sector": "INS"}
USA = {"kb_id": "state.usa", "name_en": "United States", "country": "USA", "sector": "GOV"}


def test_fields_decide_when_date_place_and_an_actor_agree():
    a = event_ref(_event("a/E1", "a", place=ABU_KAMAL, source=RUSSIA, target=ISIS))
    b = event_ref(_event("b/E3", "b", date="2017-11-15", place=ABU_KAMAL, source=RUSSIA, target=ISIS))
    score_, decisive = field_score(a, b)
    assert decisive and score_ > 0.8


def test_conflicting_fields_rule_a_pair_out():
    a = event_ref(_event("a/E1", "a", place=ABU_KAMAL, source=RUSSIA, target=ISIS))
    far = event_ref(_event("b/E1", "b", place=MAYADIN, source=RUSSIA, target=ISIS))  # 75 km away
    late = event_ref(_event("c/E1", "c", date="2017-11-20", place=ABU_KAMAL, source=RUSSIA, target=ISIS))
    other_state = event_ref(_event("d/E1", "d", place=ABU_KAMAL, source=USA, target=ISIS))
    other_type = event_ref(_event("e/E1", "e", type_="CONSULT", place=ABU_KAMAL, source=RUSSIA, target=ISIS))
    same_article = event_ref(_event("a/E2", "a", place=ABU_KAMAL, source=RUSSIA, target=ISIS))
    for other in (far, late, other_state, other_type, same_article):
        assert field_score(a, other) is None, other.uid


def test_meetings_match_either_way_round():
    a = event_ref(_event("a/E1", "a", type_="CONSULT", source=RUSSIA, target=USA))
    b = event_ref(_event("b/E1", "b", type_="CONSULT", source=USA, target=RUSSIA))
    assert field_score(a, b) is not None and field_score(a, b)[0] >= 0.6
    assault = event_ref(_event("c/E1", "c", source=USA, target=RUSSIA))
    assert field_score(event_ref(_event("d/E1", "d", source=RUSSIA, target=USA)), assault) is None  # who hit whom


def test_text_settles_what_the_fields_leave_open():
    # no place and a vaguer actor: the fields alone do not decide; the sentences do
    text = "شنت طائرات حربية روسية غارات على مدينة البوكمال في ريف دير الزور الشرقي"
    same = "قصفت الطائرات الروسية مدينة البوكمال بريف دير الزور"
    other = "وقعت وزارة الاقتصاد اتفاقية لتوريد القمح مع شركة روسية"
    events = [_event("a/E1", "a", source=RUSSIA, text=text), _event("b/E1", "b", source=RUSSIAN_AIR_FORCE, text=same),
              _event("c/E1", "c", source=RUSSIA, text=other)]
    assert field_score(event_ref(events[0]), event_ref(events[1]))[1] is False
    canonical = {c["canonical_id"]: {m["event_uid"] for m in c["members"]} for c in link_events(events)}
    assert {"a/E1", "b/E1"} in canonical.values() and {"c/E1"} in canonical.values()


def test_every_event_ends_in_exactly_one_canonical_event():
    events = [_event(f"{art}/E{n}", art, place=ABU_KAMAL, source=RUSSIA, target=ISIS)
              for art in "abcd" for n in (1, 2)]
    canonical = link_events(events)
    members = [m["event_uid"] for c in canonical for m in c["members"]]
    assert sorted(members) == sorted(e["event_uid"] for e in events)
    for c in canonical:  # two events of one article are never one event
        assert len({m["article_id"] for m in c["members"]}) == len(c["members"])
    assert max(c["articles"] for c in canonical) == 4


def _extracted(pipeline, path: Path) -> list[tuple[Article, dict]]:
    out = []
    with (gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path, encoding="utf-8")) as f:
        for line in f:
            obj = json.loads(line)
            text = obj.get("text") or obj.get("content")
            published = parse_date((obj.get("published") or obj.get("date_extracted") or "")[:10] or None)
            article = Article(id=obj["id"], text=text, published=published, source=obj.get("source"))
            out.append((article, to_record(pipeline(article))))
    return out


def _records(pipeline, path: Path) -> list[dict]:
    return [record for _, record in _extracted(pipeline, path)]


def test_authored_reports_of_five_events_are_linked_and_the_look_alikes_kept_apart(pipeline):
    gold = json.loads((DATA / "dedup" / "gold.json").read_text(encoding="utf-8"))
    result = score(link_records(_records(pipeline, DATA / "dedup" / "reports.jsonl")), gold)
    # measured 2026-12-07: 11 of 15 report pairs linked (13 before the event scorer: one report now reads US
    # experts beside the raid as its doer, one keeps the Karrada bombing unclaimed), no look-alike merged
    assert result["pair_recall"] >= 0.7, result["missed"]
    assert result["distinct_merged"] == 0.0, result["wrong"]


def test_saudinewsnet_reports_of_the_same_events(pipeline, tmp_path):
    corpus = shared_path("data", "saudinewsnet", "saudinewsnet_all.jsonl.gz")
    gold = json.loads((DATA / "dedup_saudinewsnet.json").read_text(encoding="utf-8"))
    wanted = {a for c in gold["clusters"] for a in c["articles"]} | {p[k] for p in gold["distinct"] for k in "ab"}
    sample = tmp_path / "sample.jsonl"
    with gzip.open(corpus, "rt", encoding="utf-8") as source, open(sample, "w", encoding="utf-8") as target:
        target.writelines(line for line in source if json.loads(line)["id"] in wanted)
    result = score(link_records(_records(pipeline, sample)), gold)
    # measured 2026-12-07: 0.69 of 216 report pairs linked (0.57 before), 17% of 200 look-alike pairs merged
    # (5.5% before): campaign articles now share sub-events the gold counts against them, since Zinjibar is
    # placed in Yemen (no longer in Tanzania) and more events are read per article (docs/batch.md)
    assert result["pair_recall"] >= 0.65
    assert result["distinct_merged"] <= 0.20, result["wrong"]


def test_store_links_events_across_articles(db_target, pipeline):
    extracted = _extracted(pipeline, DATA / "dedup" / "reports.jsonl")
    records = [record for _, record in extracted]
    expected = link_records(records)
    with open_store(db_target) as store:
        for article, record in extracted:
            store.add(article, record)
        summary = store.link_events()
        assert summary["canonical_events"] == len(expected)
        assert summary["events"] == sum(len(r["events"]) for r in records)
        stored = store.canonical_events(limit=10_000)
        assert [c["canonical_id"] for c in stored] == [c["canonical_id"] for c in expected]
        near = store.canonical_events(EventFilter(type="ASSAULT", near=(34.45, 40.92, 30)))
        assert near and all(c["type"] == "ASSAULT" for c in near)
        assert max(c["articles"] for c in near) >= 2
        assert store.link_events() == summary  # a second run replaces, never adds


def test_joined_events_match_the_store_shape(pipeline):
    record = _records(pipeline, DATA / "dedup" / "reports.jsonl")[0]
    event = next(joined_events(record))
    assert event["event_uid"] == f"{record['id']}/{event['id']}"
    assert event["place_detail"]["id"] == event["place"]


def test_without_the_sentence_encoder_word_overlap_stands_in(monkeypatch):
    import hadath.dedup as dedup

    monkeypatch.setattr(dedup, "_encoder", lambda: None)
    text = "شنت طائرات حربية روسية غارات على مدينة البوكمال في ريف دير الزور الشرقي"
    refs = [event_ref(_event("a/E1", "a", source=RUSSIA, text=text)),
            event_ref(_event("b/E1", "b", source=RUSSIA, text=text + " أمس")),
            event_ref(_event("c/E1", "c", source=RUSSIA, text="وقعت وزارة الاقتصاد اتفاقية لتوريد القمح"))]
    same, other = dedup.text_similarities(refs, [(0, 1), (0, 2)])
    assert same > 0.9 and other < 0.2
    linked = [sorted(m["event_uid"] for m in c["members"]) for c in link_events([r.event for r in refs])]
    assert ["a/E1", "b/E1"] in linked and ["c/E1"] in linked
