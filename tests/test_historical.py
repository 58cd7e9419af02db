"""History an article recalls (an event dated more than a year before publication) is flagged `historical`:
kept in the record and the store, left out of events, exports, the timeline and /api/stats unless asked for."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from store_support import db_target, pg_server  # noqa: F401 - fixtures: a store on each backend

from hadath.cli import main
from hadath.model import Article
from hadath.output import to_record

OLD = "وكان انتحاري قد فجر سيارة مفخخة في بغداد عام 2004 مما أسفر عن مقتل خمسة مهندسين."
NEW = "فجر انتحاري سيارة مفخخة في بغداد أمس مما أسفر عن مقتل خمسة جنود."
PUBLISHED = dt.date(2015, 6, 10)


def record_of(pipeline, ident, text):
    return to_record(pipeline(Article(id=ident, text=text, published=PUBLISHED)))


def test_an_event_from_years_back_is_flagged_and_a_recent_one_is_not(pipeline):
    old = [e for e in record_of(pipeline, "old", OLD)["events"] if e["type"] == "ASSAULT"]
    new = [e for e in record_of(pipeline, "new", NEW)["events"] if e["type"] == "ASSAULT"]
    assert old and all(e["historical"] for e in old)
    assert old[0]["date"]["start"].startswith("2004")
    assert new and not any(e["historical"] for e in new)


def test_an_undated_sentence_of_a_chronology_takes_the_date_before_it(pipeline):
    text = ("وقالت الحكومة يوم الجمعة إن التحقيقات مستمرة. وفي 18 أبريل 1983 فجر انتحاري سيارة مفخخة أمام السفارة. "
            "وتبعها هجوم لمسلحين على ثكنة للجيش قتل فيه 200 جندي. "
            "وفي 20 سبتمبر 1984 فجر انتحاري سيارة مفخخة أمام مبنى آخر.")
    events = [e for e in record_of(pipeline, "chronology", text)["events"] if e["type"] == "ASSAULT"]
    barracks = [e for e in events if "ثكنة" in e["mentions"][0]["text"]]
    assert barracks and all(e["historical"] and e["date"]["start"].startswith("1983") for e in barracks), barracks
    # one old date alone does not spread: a later undated sentence with no old date after it keeps the news's day
    text = "وفي عام 1917 وقعت الحرب في المنطقة. وقصف الجيش مواقع المسلحين في المدينة أمس."
    events = [e for e in record_of(pipeline, "one-old-date", text)["events"] if e["type"] == "ASSAULT"]
    assert events and not any(e["historical"] for e in events), events


def test_an_undated_event_is_no_history(pipeline):
    record = to_record(pipeline(Article(id="x", text=OLD, published=None)))
    assert not any(e["historical"] for e in record["events"])


@pytest.fixture
def stored(db_target, pipeline):
    from hadath.store import open_store

    with open_store(db_target) as store:
        for ident, text in (("old", OLD), ("new", NEW)):
            store.add(Article(id=ident, text=text, published=PUBLISHED), record_of(pipeline, ident, text))
    return db_target


def test_the_store_leaves_history_out_unless_asked(stored):
    from hadath.store import EventFilter, open_store

    with open_store(stored) as store:
        default = store.query_events(EventFilter())
        everything = store.query_events(EventFilter(include_historical=True))
        assert {e["article_id"] for e in default} == {"new"}
        assert {e["article_id"] for e in everything} == {"old", "new"}
        assert store.count_events(EventFilter()) == len(default) < store.count_events(EventFilter(include_historical=True))


def test_events_and_export_take_include_historical(capsys, stored):
    if not str(stored).endswith(".db"):
        pytest.skip("the command line is checked on the SQLite store")
    assert main(["events", "--db", str(stored), "--count"]) == 0
    default = int(capsys.readouterr().out)
    assert main(["events", "--db", str(stored), "--count", "--include-historical"]) == 0
    assert int(capsys.readouterr().out) > default
    assert main(["export", "--db", str(stored), "-f", "jsonl", "--include-historical"]) == 0
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert any(e["historical"] for e in exported)
    assert main(["export", "--db", str(stored), "-f", "jsonl"]) == 0
    assert not any(json.loads(line)["historical"] for line in capsys.readouterr().out.splitlines())


def test_the_api_takes_include_historical(stored):
    if not str(stored).endswith(".db"):
        pytest.skip("the API is checked on the SQLite store")
    from fastapi.testclient import TestClient

    from hadath.serve import create_app
    from hadath.store import open_store

    with open_store(stored) as store, TestClient(create_app(store)) as client:
        default = client.get("/api/events").json()
        everything = client.get("/api/events", params={"include_historical": "true"}).json()
        assert {e["article_id"] for e in default["items"]} == {"new"}
        assert everything["total"] > default["total"]
        assert client.get("/api/stats").json()["events"] == default["total"]  # the dashboard counts news only
