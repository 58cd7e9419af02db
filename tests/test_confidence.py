"""Issue 19: --min-confidence on extract, batch, events and export; min_confidence on the API; the dashboard's
slider. The store keeps every event: thresholds filter on read."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from store_support import db_target, pg_server  # noqa: F401 - fixtures: a store on each backend

from hadath.cli import main
from hadath.confidence import check_min_confidence, filter_record
from hadath.errors import UsageError

TINY = Path(__file__).parent / "data" / "eval_tiny"
HIGH, LOW = 0.9, 0.3  # the confidences the stored events are given below


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


# -- the library -----------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [(None, None), ("0", 0.0), ("0.8", 0.8), (" 1 ", 1.0), (0.25, 0.25), (1, 1.0)])
def test_valid_thresholds(value, expected):
    assert check_min_confidence(value) == expected


@pytest.mark.parametrize("value", ["-0.1", "1.01", "abc", "", "nan", "inf", True, [0.5], -1])
def test_invalid_thresholds_are_E008(value):
    with pytest.raises(UsageError) as info:
        check_min_confidence(value)
    assert info.value.code == "E008" and "between 0 and 1" in str(info.value)


def test_filter_record_drops_low_events_of_both_lists():
    record = {"id": "x", "actors": [{"id": "A1"}], "places": [{"id": "P1"}],
              "events": [{"id": "E1", "confidence": 0.95}, {"id": "E2", "confidence": 0.5}, {"id": "E3"}],
              "unasserted_events": [{"id": "E4", "confidence": 0.4}, {"id": "E5", "confidence": 0.85}]}
    kept = filter_record(record, 0.8)
    assert [e["id"] for e in kept["events"]] == ["E1"]  # E3 has no confidence: it meets no threshold
    assert [e["id"] for e in kept["unasserted_events"]] == ["E5"]
    assert kept["actors"] == record["actors"] and kept["places"] == record["places"]
    assert len(record["events"]) == 3  # the input is left alone
    assert filter_record(record, None) is record and filter_record(record, 0.0) is record
    assert [e["id"] for e in filter_record(record, 0.5)["events"]] == ["E1", "E2"]  # at least X is kept


def test_event_filter_checks_its_threshold():
    from hadath.store import EventFilter
    from hadath.store.errors import BadQuery

    for bad in (-0.5, 1.5, float("nan"), "0.5"):
        with pytest.raises(BadQuery):
            EventFilter(min_confidence=bad)
    assert EventFilter(min_confidence=0.5).min_confidence == 0.5


# -- hadath extract and hadath batch ------------------------------------------------------------------

def test_extract_leaves_out_events_below_the_threshold(capsys):
    args = ["extract", str(TINY / "idlib.txt"), "--published", "2018-02-15"]
    code, out, _ = run(capsys, *args)
    assert code == 0
    record = json.loads(out)
    assert record["events"], "the article has an event to filter"
    top = max(e["confidence"] for e in record["events"])
    code, out, _ = run(capsys, *args, "--min-confidence", str(top))
    assert [e["confidence"] >= top for e in json.loads(out)["events"]] == [True] * len(json.loads(out)["events"])
    assert json.loads(out)["events"]  # at least X is kept
    if top < 1:
        code, out, _ = run(capsys, *args, "--min-confidence", str(min(1.0, top + 0.001)))
        filtered = json.loads(out)
        assert filtered["events"] == [] and filtered["actors"] == record["actors"]


@pytest.mark.parametrize("command", [["extract", str(TINY / "idlib.txt")], ["events"], ["export", "-f", "jsonl"],
                                     ["batch", "in.jsonl", "out"]])
@pytest.mark.parametrize("value", ["-0.2", "1.5", "high"])
def test_bad_thresholds_are_one_line_errors(capsys, command, value):
    code, out, err = run(capsys, *command, "--min-confidence", value)
    assert code == 2 and out == ""
    assert err.startswith("hadath: error: [E008] --min-confidence: ") and len(err.strip().splitlines()) == 1


def test_ingest_has_no_threshold(capsys):
    with pytest.raises(SystemExit):
        main(["ingest", str(TINY / "idlib.txt"), "--min-confidence", "0.5"])
    assert "unrecognized arguments" in capsys.readouterr().err


def test_batch_writes_records_without_low_events(tmp_path):
    from hadath.batch import read_records, run_batch

    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8"), "published": "2018-02-15"},
                                         ensure_ascii=False) + "\n" for p in sorted(TINY.glob("*.txt"))), encoding="utf-8")
    run_batch(corpus, tmp_path / "all")
    everything = {r["id"]: r for r in read_records(tmp_path / "all")}
    confidences = sorted(e["confidence"] for r in everything.values() for e in r["events"])
    assert len(confidences) >= 2
    cut = confidences[-1]
    summary = run_batch(corpus, tmp_path / "some", min_confidence=cut)
    kept = list(read_records(tmp_path / "some"))
    assert len(kept) == len(everything)  # every article is written; only events are left out
    assert all(e["confidence"] >= cut for r in kept for e in r["events"] + r["unasserted_events"])
    assert summary.events == sum(len(r["events"]) for r in kept) < len(confidences)

    if shutil.which("java") is None or importlib.util.find_spec("pyspark") is None:
        return  # the local engine is checked; Spark needs Java and pyspark
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    from hadath.batch.spark import spark_session

    shared = SparkSession.getActiveSession()  # another test's session: used, and left running
    session = shared or spark_session(None, 1)
    try:
        on_spark = run_batch(corpus, tmp_path / "spark", engine="spark", spark=session, min_confidence=cut)
    finally:
        if shared is None:
            session.stop()
    assert list(read_records(tmp_path / "spark")) == kept and on_spark.events == summary.events


# -- the store: hadath events, hadath export, the API ---------------------------------------------------

@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline):
    """A store of the two tiny articles: Idlib's events at HIGH confidence, Beirut's at LOW."""
    from hadath.evaluate import read_gold_folder
    from hadath.model import Article
    from hadath.output import to_record
    from hadath.store import open_store

    path = tmp_path_factory.mktemp("confidence") / "store.db"
    with open_store(path) as store:
        for item in read_gold_folder(TINY):
            record = to_record(pipeline(Article(id=item.id, text=item.text, published=item.published)))
            for event in record["events"]:
                event["confidence"] = HIGH if item.id == "idlib" else LOW
            assert record["events"]
            store.add(Article(id=item.id, text=item.text, published=item.published), record)
        store.link_events()
    return path


def test_the_store_keeps_everything_and_filters_on_read(db):
    from hadath.store import EventFilter, open_store

    with open_store(db) as store:
        everything = store.query_events(EventFilter())
        high = store.query_events(EventFilter(min_confidence=0.8))
        assert {e["article_id"] for e in everything} == {"idlib", "beirut"}
        assert high and {e["article_id"] for e in high} == {"idlib"}
        assert store.count_events(EventFilter(min_confidence=0.8)) == len(high)
        assert store.count_events(EventFilter(min_confidence=HIGH)) == len(high)  # at least X is kept
        assert store.count_events(EventFilter(min_confidence=0.95)) == 0
        assert store.count_events(EventFilter(min_confidence=0.0)) == len(everything)
        canonical = store.canonical_events(EventFilter(min_confidence=0.8))
        assert canonical and store.count_canonical_events(EventFilter(min_confidence=0.8)) == len(canonical)
        assert store.count_canonical_events(EventFilter(min_confidence=0.95)) == 0


def test_events_and_export_commands(capsys, db):
    code, out, _ = run(capsys, "events", "--db", str(db), "--json", "--min-confidence", "0.8")
    assert code == 0
    events = [json.loads(line) for line in out.splitlines()]
    assert events and all(e["confidence"] >= 0.8 for e in events) and {e["article_id"] for e in events} == {"idlib"}
    code, out, _ = run(capsys, "events", "--db", str(db), "--count")
    everything = int(out)
    code, out, _ = run(capsys, "events", "--db", str(db), "--count", "--min-confidence", "0.8")
    assert int(out) == len(events) < everything
    code, out, err = run(capsys, "export", "--db", str(db), "-f", "jsonl", "--min-confidence", "0.8")
    assert code == 0
    assert sorted(json.loads(line)["event_uid"] for line in out.splitlines()) == sorted(e["event_uid"] for e in events)
    assert f"exported {len(events)} events" in err


def test_the_threshold_on_each_backend(db_target, pipeline):
    """SQLite and PostgreSQL read the stored confidence alike (from the event's JSON)."""
    from hadath.model import Article
    from hadath.output import to_record
    from hadath.store import EventFilter, open_store

    text = (TINY / "idlib.txt").read_text(encoding="utf-8")
    with open_store(db_target) as store:
        for n, confidence in enumerate((0.2, 0.8, 0.95)):
            article = Article(id=f"a{n}", text=text + " " * n + f"({n})", published=None)
            record = to_record(pipeline(article))
            assert record["events"]
            for event in record["events"]:
                event["confidence"] = confidence
            assert store.add(article, record)
        per_article = len(record["events"])
        counts = [store.count_events(EventFilter(min_confidence=x)) for x in (None, 0.5, 0.8, 0.9, 0.99)]
        assert counts == [3 * per_article, 2 * per_article, 2 * per_article, per_article, 0]
        assert {e["article_id"] for e in store.query_events(EventFilter(min_confidence=0.9))} == {"a2"}


@pytest.fixture(scope="module")
def client(db, pipeline):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from hadath.serve import create_app
    from hadath.store import open_store

    with open_store(db) as store, TestClient(create_app(store, pipeline=pipeline)) as c:
        yield c


def test_api_min_confidence(client):
    everything = client.get("/api/events").json()
    high = client.get("/api/events", params={"min_confidence": 0.8}).json()
    assert high["total"] == len(high["items"]) > 0 and high["total"] < everything["total"]
    assert all(e["confidence"] >= 0.8 for e in high["items"])
    assert client.get("/api/events", params={"min_confidence": 0}).json()["total"] == everything["total"]
    canonical = client.get("/api/events/canonical", params={"min_confidence": 0.95}).json()
    assert canonical["items"] == []
    assert client.get("/api/events/canonical", params={"min_confidence": 0.8}).json()["items"]
    timeline = client.get("/api/events/timeline", params={"min_confidence": 0.8}).json()
    assert timeline["total"] == high["total"]
    points = client.get("/api/events/geojson", params={"min_confidence": 0.8}).json()
    assert {f["properties"]["event_uid"] for f in points["features"]} <= {e["event_uid"] for e in high["items"]}
    exported = client.get("/api/export/events", params={"format": "jsonl", "min_confidence": 0.8})
    assert exported.status_code == 200
    assert sorted(json.loads(line)["event_uid"] for line in exported.text.splitlines()) == \
        sorted(e["event_uid"] for e in high["items"])


@pytest.mark.parametrize("value", ["-0.1", "1.5", "abc", "nan", "inf", ""])
def test_api_bad_min_confidence_is_422(client, value):
    response = client.get("/api/events", params={"min_confidence": value})
    if value == "":
        assert response.status_code in (200, 422)  # an empty parameter: FastAPI's reading of it
        return
    assert response.status_code == 422, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == "invalid_request"
    assert "min_confidence" in body["error"]["message"]
    assert any("min_confidence" in d["loc"] for d in body["error"]["details"])


def test_openapi_lists_the_parameter(client):
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/events", "/api/events/canonical", "/api/events/geojson", "/api/events/timeline",
                 "/api/export/events"):
        params = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert "min_confidence" in params, path
        number = params["min_confidence"]["schema"]
        number = next((s for s in number.get("anyOf", [number]) if s.get("type") == "number"), number)
        assert number.get("minimum") == 0 and number.get("maximum") == 1


def test_the_dashboard_has_a_confidence_slider(client):
    page = client.get("/")
    assert page.status_code == 200
    slider = re.search(r'<input type="range" name="min_confidence" id="f-confidence"[^>]*>', page.text)
    assert slider, "the filters have a confidence slider"
    assert 'min="0"' in slider.group(0) and 'max="1"' in slider.group(0) and 'value="0"' in slider.group(0)
    assert 'id="f-confidence-value"' in page.text
    script = client.get("/static/dashboard.js").text
    assert 'params.set("min_confidence"' in script
