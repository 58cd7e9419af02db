"""The store contract (docs/store.md) on SQLite and PostgreSQL, with the dev articles."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from store_support import db_target, dev_records, filled_store, pg_server  # noqa: F401 - fixtures

from hadath.model import Article
from hadath.store import BadQuery, EventFilter, SchemaTooNew, StoreError, open_store
from hadath.store.schema import LATEST

ARTICLE_KEYS = {"id", "title", "published", "source", "url", "text", "record"}


def _all_events(store, flt=EventFilter()):
    return store.query_events(flt, limit=100_000)


# -- writing -------------------------------------------------------------------------------------

def test_add_is_idempotent_by_url_and_by_normalised_text(db_target, dev_records):
    article, record = dev_records[0]
    with open_store(db_target) as store:
        assert store.add(article, record) is True
        assert store.add(article, record) is False
        same_url = Article(id="other", text=article.text + " نص آخر مختلف", url=article.url)
        assert store.add(same_url, record) is False
        # the same words with diacritics and tatweel added are the same article
        marked = Article(id="marked", text=article.text.replace("ال", "الْ").replace("ق", "قـ"), url=None)
        assert store.contains(marked)
        assert store.add(marked, record) is False
        assert store.count_articles() == 1


def test_same_id_with_other_text_is_kept_under_a_new_id(db_target, dev_records):
    (first, rec1), (second, rec2) = dev_records[:2]
    clash = Article(id=first.id, text=second.text, published=second.published, url=None)
    with open_store(db_target) as store:
        assert store.add(first, rec1)
        assert store.add(clash, rec2)
        ids = sorted(a["id"] for a in store.list_articles())
    assert len(ids) == 2 and ids[0] == first.id and ids[1].startswith(first.id + "-")


def test_article_round_trip(db_target, dev_records):
    article, record = dev_records[1]
    with open_store(db_target) as store:
        store.add(article, record)
        got = store.get_article(article.id)
        assert store.get_article("no-such-id") is None
    assert set(got) == ARTICLE_KEYS
    assert got["text"] == article.text
    assert got["record"] == record
    assert got["published"] == article.published.isoformat()
    assert (got["url"], got["source"]) == (article.url, article.source)


def test_reopen_keeps_data_and_schema_version(db_target, dev_records):
    article, record = dev_records[0]
    with open_store(db_target) as store:
        store.add(article, record)
        assert store.schema_version() == LATEST
    with open_store(db_target) as store:
        assert store.count_articles() == 1
        assert store.schema_version() == LATEST


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'later')", (LATEST + 1,))
    with pytest.raises(SchemaTooNew, match="upgrade hadath"):
        open_store(path)


def test_a_file_that_is_no_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StoreError, match="notes.db"):
        open_store(path)


def test_default_database_comes_from_the_config_file(tmp_path, monkeypatch):
    from hadath.store import default_db

    config = tmp_path / "config.toml"
    config.write_text('[store]\ndb = "%s"\n' % (tmp_path / "from-config.db"), encoding="utf-8")
    monkeypatch.delenv("HADATH_DB", raising=False)
    monkeypatch.setenv("HADATH_CONFIG", str(config))
    assert default_db() == str(tmp_path / "from-config.db")
    monkeypatch.setenv("HADATH_DB", str(tmp_path / "env.db"))  # the environment wins
    assert default_db() == str(tmp_path / "env.db")
    config.write_text("[store\n", encoding="utf-8")
    monkeypatch.delenv("HADATH_DB")
    with pytest.raises(StoreError, match="config.toml"):
        default_db()


def test_default_database_comes_from_hadath_db(tmp_path, monkeypatch):
    target = tmp_path / "sub" / "env.db"
    monkeypatch.setenv("HADATH_DB", str(target))
    with open_store(None) as store:
        assert store.count_articles() == 0
    assert target.exists()


# -- reading -------------------------------------------------------------------------------------

def test_list_articles_newest_first_without_text(filled_store, dev_records):
    listed = filled_store.list_articles(limit=50)
    assert filled_store.count_articles() == len(dev_records) == len(listed)
    dates = [a["published"] for a in listed]
    assert dates == sorted(dates, reverse=True)
    assert all(set(a) == ARTICLE_KEYS - {"text", "record"} for a in listed)
    assert filled_store.list_articles(limit=2, offset=1) == listed[1:3]


def test_events_carry_uid_article_and_expanded_actors(filled_store, dev_records):
    events = _all_events(filled_store)
    # asserted events of the news: history an article recalls is left out unless asked for
    asserted = sum(1 for _a, r in dev_records for e in r["events"] if not e["historical"])
    assert len(events) == asserted == filled_store.count_events(EventFilter())
    everything = sum(len(r["events"]) for _a, r in dev_records)
    assert filled_store.count_events(EventFilter(include_historical=True)) == everything
    assert len({e["event_uid"] for e in events}) == len(events)
    records = {a.id: r for a, r in dev_records}
    for e in events:
        record = records[e["article_id"]]
        original = next(x for x in record["events"] if x["id"] == e["id"])
        assert {k: e[k] for k in original} == original
        actors = {a["id"]: a for a in record["actors"]}
        assert e["source_actor"] == actors.get(e["source"])
        assert e["target_actor"] == actors.get(e["target"])
        places = {p["id"]: p for p in record["places"]}
        assert e["place_detail"] == places.get(e["place"])
    keys = [((e["date"] or {}).get("start") or "9999") for e in events]
    assert keys == sorted(keys)


def test_event_filters(filled_store):
    every = _all_events(filled_store)
    syr = _all_events(filled_store, EventFilter(type="assault", country="SYR"))
    assert syr and all(e["type"] == "ASSAULT" and e["place_detail"]["country"] == "SYR" for e in syr)
    assert _all_events(filled_store, EventFilter(country="Syria")) == _all_events(filled_store,
                                                                                    EventFilter(country="SYR"))
    since = dt.date(2015, 8, 1)
    later = _all_events(filled_store, EventFilter(since=since))
    assert later and len(later) < len(every)
    assert all(e["date"]["end"] >= "2015-08-01" for e in later)
    until = _all_events(filled_store, EventFilter(until=since))
    assert len(until) + len(later) >= len(every)
    assert all(e["date"]["start"] <= "2015-08-01" for e in until)


def test_actor_filter_by_arabic_mention_english_name_and_kb_id(filled_store):
    by_kb = _all_events(filled_store, EventFilter(actor="grp.isis"))
    assert by_kb and all("grp.isis" in {(e["source_actor"] or {}).get("kb_id"), (e["target_actor"] or {}).get("kb_id")}
                         for e in by_kb)
    by_name = _all_events(filled_store, EventFilter(actor="islamic state"))
    by_arabic = _all_events(filled_store, EventFilter(actor="داعِش"))  # a mark in the query does not matter
    assert {e["event_uid"] for e in by_kb} <= {e["event_uid"] for e in by_name}
    assert by_arabic and {e["event_uid"] for e in by_arabic} <= {e["event_uid"] for e in by_name}


def test_place_and_near_filters(filled_store):
    aden = _all_events(filled_store, EventFilter(place="عدن"))
    # every name of a place selects the same events: Aden's Arabic name matches what "Aden" does (issue 21)
    assert {e["event_uid"] for e in aden} == {e["event_uid"] for e in _all_events(filled_store, EventFilter(place="Aden"))}
    aden = [e for e in aden if e["place_detail"]["name_en"] == "Aden"]
    assert aden
    lat, lon = aden[0]["place_detail"]["lat"], aden[0]["place_detail"]["lon"]
    near = _all_events(filled_store, EventFilter(near=(lat, lon, 5)))
    assert {e["event_uid"] for e in aden} <= {e["event_uid"] for e in near}
    assert filled_store.count_events(EventFilter(near=(lat, lon, 5))) == len(near)
    wide = _all_events(filled_store, EventFilter(near=(lat, lon, 3000)))
    assert len(wide) > len(near)
    assert _all_events(filled_store, EventFilter(near=(-45.0, 170.0, 50))) == []
    assert filled_store.query_events(EventFilter(near=(lat, lon, 3000)), limit=2, offset=1) == wide[1:3]


def test_bad_filters_are_clear_errors():
    with pytest.raises(BadQuery, match="LAT"):
        EventFilter(near=(95.0, 0.0, 10.0))
    with pytest.raises(BadQuery, match="after"):
        EventFilter(since=dt.date(2020, 1, 2), until=dt.date(2020, 1, 1))


def test_unknown_country_is_a_clear_error(filled_store):
    with pytest.raises(BadQuery, match="not a country"):
        filled_store.count_events(EventFilter(country="Atlantis"))


def test_actors_and_places_with_counts(filled_store):
    actors = filled_store.list_actors()
    isis = next(a for a in actors if a["kb_id"] == "grp.isis")
    assert isis["events"] > 0 and isis["articles"] >= 1
    assert [a["events"] for a in actors] == sorted((a["events"] for a in actors), reverse=True)
    assert "grp.isis" in [a["kb_id"] for a in filled_store.list_actors("داعش")]
    assert filled_store.list_actors("no such actor anywhere") == []
    places = filled_store.list_places("Aden")  # Aden itself, and places in the Aden governorate
    aden = next(p for p in places if p["kb_id"] == "yem.aden")
    assert aden["lat"] and aden["lon"] and aden["events"] > 0 and aden["country"] == "YEM"


def test_search_normalises_marks_and_proclitics(filled_store):
    plain = filled_store.search("الحوثيين")
    assert plain and all(set(r) >= {"article_id", "title", "published", "snippet"} for r in plain)
    assert filled_store.search("الْحُوثِيِّين") == plain  # diacritics in the query
    assert "[[" in plain[0]["snippet"] and "]]" in plain[0]["snippet"]
    # حوثيين without the article finds the same articles (the index holds proclitic-free forms)
    assert {r["article_id"] for r in filled_store.search("حوثيين")} >= {r["article_id"] for r in plain}
    both = filled_store.search("الحوثيين تدمر")
    assert {r["article_id"] for r in both} <= {r["article_id"] for r in plain}
    assert filled_store.search("كلمةغيرموجودةابدا") == []
    assert filled_store.search("الحوثيين", limit=1, offset=1) == plain[1:2]


def test_snippet_shows_the_original_text(filled_store):
    hit = filled_store.search("مخلوف")[0]
    assert hit["article_id"] == "snn00013"
    text = filled_store.get_article("snn00013")["text"]
    marked = hit["snippet"].split("[[")[1].split("]]")[0]
    assert marked in text


def test_empty_search_is_a_clear_error(filled_store):
    with pytest.raises(BadQuery, match="no words"):
        filled_store.search("  ؟!  ")


def test_actor_and_place_totals_match_the_records(filled_store, dev_records):
    from hadath.store.keys import key_of

    expected: dict[str, list[int]] = {}
    places: dict[str, list[int]] = {}
    for _article, record in dev_records:
        roles: dict[str, int] = {}
        for event in record["events"]:
            for local in (event["source"], event["target"], event["place"]):
                if local:
                    roles[local] = roles.get(local, 0) + 1
        for items, totals in ((record["actors"], expected), (record["places"], places)):
            seen = set()
            for item in items:
                key = key_of(item["kb_id"], item["name_en"], item["name_ar"])
                entry = totals.setdefault(key, [0, 0])
                if key not in seen:
                    entry[0] += 1
                    seen.add(key)
                entry[1] += roles.get(item["id"], 0)
    got = {a["key"]: [a["articles"], a["events"]] for a in filled_store.list_actors(limit=10_000)}
    assert got == expected
    got = {p["key"]: [p["articles"], p["events"]] for p in filled_store.list_places(limit=10_000)}
    assert got == places
    assert filled_store.list_actors(limit=3, offset=2) == filled_store.list_actors(limit=10_000)[2:5]
