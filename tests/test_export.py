"""Exports of the stored dev articles, on both backends: every format, the ACLED mapping, filters."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from store_support import dev_records, filled_store, pg_server  # noqa: F401 - fixtures

from hadath.export import FORMATS, ExportError, export
from hadath.export.acled import COLUMNS as ACLED_COLUMNS
from hadath.export.acled import classify, inter
from hadath.export.flat import COLUMNS as FLAT_COLUMNS
from hadath.export.tables import acled_rules
from hadath.model import Article
from hadath.output import to_record
from hadath.store import EventFilter

ROOT = Path(__file__).resolve().parents[1]
ACLED_EVENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
                     "Strategic developments"}


def _text(store, fmt, flt=None, **kw) -> tuple[str, object]:
    out = io.StringIO()
    summary = export(store, fmt, out, flt, **kw)
    return out.getvalue(), summary


def test_json_and_jsonl_are_the_stored_events(filled_store):
    events = filled_store.query_events(EventFilter(), limit=100_000)
    body, summary = _text(filled_store, "json")
    assert json.loads(body) == events and summary.written == len(events)
    body, _ = _text(filled_store, "jsonl", EventFilter(country="SYR"))
    assert [json.loads(line) for line in body.splitlines()] == filled_store.query_events(EventFilter(country="SYR"))


def test_article_records_export(filled_store, dev_records):
    body, summary = _text(filled_store, "jsonl", articles=True)
    records = [json.loads(line) for line in body.splitlines()]
    assert summary.written == len(dev_records)
    assert sorted(records, key=lambda r: r["id"]) == sorted((r for _a, r in dev_records), key=lambda r: r["id"])
    with pytest.raises(ExportError, match="json or jsonl"):
        _text(filled_store, "csv", articles=True)


def test_csv_round_trips_arabic_and_offsets(filled_store):
    body, summary = _text(filled_store, "csv")
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    assert tuple(rows[0]) == FLAT_COLUMNS and len(rows) == summary.written == filled_store.count_events()
    for row in rows:
        article = filled_store.get_article(row["article_id"])
        if row["trigger_start"]:
            assert article["text"][int(row["trigger_start"]):int(row["trigger_end"])] == row["trigger_text"]
        assert article["text"][int(row["sentence_start"]):int(row["sentence_end"])] == row["sentence"]


def test_acled_csv_columns_and_types(filled_store):
    body, summary = _text(filled_store, "acled-csv")
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    assert tuple(rows[0]) == ACLED_COLUMNS
    events = filled_store.query_events(EventFilter(), limit=100_000)
    mappable = [e for e in events if classify(e) is not None]
    assert len(rows) == summary.written == len(mappable) and summary.skipped == len(events) - len(mappable)
    assert summary.skipped > 0  # the dev articles hold verbal events too
    for row in rows:
        assert row["event_type"] in ACLED_EVENT_TYPES and row["sub_event_type"]
        assert row["actor1"] and row["inter1"] in {str(n) for n in range(1, 9)}
        assert row["time_precision"] in {"1", "2", "3"} and row["event_date"][:4] == row["year"]
        if row["latitude"]:
            assert row["country"] and row["iso"].isdigit() and row["geo_precision"] in {"1", "2", "3"}
        assert int(row["fatalities"]) >= 0
    syria = [r for r in rows if r["country"] == "Syria"]
    assert syria and all(r["iso"] == "760" and r["region"] == "Middle East" for r in syria)


def test_acled_mapping_rules():
    civilians = {"kind": "group", "sector": "CVL", "name_en": "Civilians"}
    army = {"kind": "organization", "sector": "MIL", "name_en": "Army"}
    base = {"event_uid": "a/E1", "article_id": "a", "date": None, "quantities": []}
    assert classify({**base, "type": "ASSAULT", "mode": "aerial", "target_actor": civilians})[2] == "Air/drone strike"
    assert classify({**base, "type": "ASSAULT", "mode": None, "target_actor": civilians})[1:] == \
        ("Violence against civilians", "Attack")
    assert classify({**base, "type": "ASSAULT", "mode": None, "target_actor": army})[1:] == ("Battles", "Armed clash")
    assert classify({**base, "type": "COERCE", "mode": "arrest", "target_actor": None})[2] == "Arrests"
    assert classify({**base, "type": "PROTEST", "mode": "demonstrate", "target_actor": None})[0] == "Demonstrations"
    assert classify({**base, "type": "CONSULT", "mode": None, "target_actor": army}) is None
    assert inter(army, "source", "PROTEST") == 6 and inter(army, "source", "ASSAULT") == 1
    assert inter({"kind": "state", "sector": None}, "target", "ASSAULT") == 1


def test_mapping_table_is_documented():
    doc = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    for rule in acled_rules():
        line = f"| {rule.plover_type} | {rule.mode} | {rule.target} | {rule.disorder_type} | {rule.event_type} | " \
               f"{rule.sub_event_type} |"
        assert line in doc, line


def test_plover_json_fields(filled_store):
    body, summary = _text(filled_store, "plover-json")
    records = json.loads(body)
    assert len(records) == summary.written == filled_store.count_events()
    for rec in records:
        assert {"event", "mode", "actor", "recipient", "event_loc", "dead", "injured", "date", "spans"} <= set(rec)
        text = filled_store.get_article(rec["article_id"])["text"]
        for role in ("actor", "recipient"):
            entity = rec[role]
            if entity:
                assert {"entity_text", "entity_name", "code", "sector"} <= set(entity)
                start, end = entity["span"]
                assert text[start:end] == entity["entity_text"]
        for span in rec["spans"]:
            assert text[span["start"]:span["end"]] == span["text"]


def test_geojson_points(filled_store):
    body, summary = _text(filled_store, "geojson")
    collection = json.loads(body)
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == summary.written > 0
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -90 <= lat <= 90 and -180 <= lon <= 180
        assert (feature["properties"]["lat"], feature["properties"]["lon"]) == (lat, lon)
    assert summary.written + summary.skipped == filled_store.count_events()


def test_parquet(filled_store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    with open(path, "wb") as out:
        summary = export(filled_store, "parquet", out, EventFilter(type="ASSAULT"))
    table = pq.read_table(path)
    assert table.num_rows == summary.written == filled_store.count_events(EventFilter(type="ASSAULT"))
    assert tuple(table.column_names) == FLAT_COLUMNS
    assert set(table.column("type").to_pylist()) == {"ASSAULT"}
    csv_rows = list(csv.DictReader(io.StringIO(_text(filled_store, "csv", EventFilter(type="ASSAULT"))[0])))
    assert table.column("sentence").to_pylist() == [r["sentence"] for r in csv_rows]


def test_empty_selection_gives_valid_files(filled_store, tmp_path):
    nothing = EventFilter(type="SANCTION", until=dt.date(1800, 1, 1))  # an unknown type is an error now
    for fmt in FORMATS:
        if fmt == "parquet":
            continue
        body, summary = _text(filled_store, fmt, nothing)
        assert summary.written == 0
        if fmt in ("json", "plover-json"):
            assert json.loads(body) == []
        elif fmt == "geojson":
            assert json.loads(body)["features"] == []
        elif fmt.endswith("csv"):
            assert body.count("\n") == 1  # the header alone


def test_unknown_format(filled_store):
    with pytest.raises(ExportError, match="unknown format"):
        _text(filled_store, "xlsx")


def test_an_attack_with_no_named_doer_is_an_unidentified_armed_group():
    from hadath.export.acled import acled_row

    civilians = {"kind": "group", "sector": "CVL", "name_en": "Civilians (Syria)", "country": "SYR"}
    event = {"event_uid": "a/E1", "article_id": "a", "date": {"start": "2018-07-01", "precision": "day"},
             "quantities": [], "type": "ASSAULT", "mode": None, "source_actor": None, "target_actor": civilians,
             "place_detail": {"country": "SYR", "name_en": "Idlib", "lat": 35.9, "lon": 36.6, "precision": 1}}
    row = acled_row(event)
    assert row["actor1"] == "Unidentified Armed Group (Syria)" and row["inter1"] == 3
    assert row["actor2"] == "Civilians (Syria)" and row["interaction"] == 37


def test_a_protest_with_no_named_protesters_is_by_protesters_of_its_country():
    from hadath.export.acled import acled_row

    event = {"event_uid": "a/E2", "article_id": "a", "date": {"start": "2018-07-01", "precision": "day"},
             "quantities": [], "type": "PROTEST", "mode": "demonstrate", "source_actor": None, "target_actor": None,
             "place_detail": {"country": "IRQ", "name_en": "Basra", "lat": 30.5, "lon": 47.8, "precision": 1}}
    row = acled_row(event)
    assert row["actor1"] == "Protesters (Iraq)" and row["inter1"] == 6 and row["event_type"] == "Protests"


def test_an_event_with_no_place_is_placed_in_its_actors_country_at_precision_3():
    from hadath.export.acled import acled_row

    army = {"kind": "organization", "sector": "MIL", "name_en": "Army (Israel)", "country": "ISR"}
    gaza = {"kind": "group", "sector": "REB", "name_en": "Hamas", "country": "PSE"}
    event = {"event_uid": "a/E3", "article_id": "a", "date": {"start": "2018-07-21", "precision": "day"},
             "quantities": [], "type": "ASSAULT", "mode": None, "source_actor": army, "target_actor": gaza,
             "place_detail": None}
    row = acled_row(event)
    assert row["country"] == "Palestine" and row["geo_precision"] == 3  # violence: where its target is
    assert row["latitude"] is not None and row["longitude"] is not None
    talks = dict(event, type="CONSULT", mode=None)
    nowhere = dict(event, source_actor={"name_en": "Someone"}, target_actor=None)
    assert acled_row(nowhere)["latitude"] is None  # no country to go by: left unplaced, not guessed
    assert acled_row(talks) is None or acled_row(talks)["country"] == "Israel"


def test_an_actor_named_after_a_support_marker_is_the_associated_actor(pipeline, tmp_path):
    from hadath.export.acled import acled_row
    from hadath.store import EventFilter, open_store

    text = "شنت القوات العراقية بمساندة طيران التحالف الدولي هجوما على مواقع تنظيم داعش قرب مدينة الموصل."
    article = Article(id="support", text=text, published=dt.date(2019, 5, 26))
    record = to_record(pipeline(article))
    attack = next(e for e in record["events"] if e["type"] == "ASSAULT")
    names = {a["id"]: a["name_en"] for a in record["actors"]}
    assert [names[i] for i in attack["source_associates"]] == ["Global Coalition against ISIS"]
    assert attack["source"] not in attack["source_associates"] and attack["target"] not in attack["source_associates"]
    with open_store(tmp_path / "s.db") as store:
        store.add(article, record)
        rows = [acled_row(e) for e in store.iter_events(EventFilter()) if e["type"] == "ASSAULT"]
    assert rows and rows[0]["assoc_actor_1"] == "Global Coalition against ISIS" and rows[0]["actor1"] == "Forces (Iraq)"
