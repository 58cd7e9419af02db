"""The HTTP API against the real app over a real store built from the dev articles."""
from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient
from serve_support import dev_articles, dev_db, writable_copy

ARTICLE = "قال ناشطون إن الطائرات الحربية الروسية قصفت مدينة إدلب أمس."
TOKEN = "test-token-0123456789"


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline):
    return dev_db(tmp_path_factory, pipeline)


@pytest.fixture(scope="module")
def store(db):
    from hadath.store import open_store

    with open_store(db) as s:
        yield s


@pytest.fixture(scope="module")
def client(store, pipeline):
    from hadath.serve import create_app

    with TestClient(create_app(store, pipeline=pipeline)) as c:
        yield c


@pytest.fixture()
def writer(db, tmp_path, pipeline):
    """A client of a server started with a token, over a copy of the dev store."""
    from hadath.serve import create_app
    from hadath.store import open_store

    with open_store(writable_copy(db, tmp_path)) as s, TestClient(create_app(s, token=TOKEN, pipeline=pipeline)) as c:
        c.store = s
        yield c


def assert_error(response, status, code=None):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "source", "details"}
    assert body["error"]["status"] == status and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


# -- reading ------------------------------------------------------------------------------------

def test_health_says_read_only(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["writable"] is False


def test_articles_are_paged(client):
    ids = [a.id for a in dev_articles()]
    first = client.get("/api/articles", params={"limit": 3}).json()
    assert first["total"] == len(ids) and len(first["items"]) == 3 and first["next_offset"] == 3
    seen = []
    offset = 0
    while offset is not None:
        page = client.get("/api/articles", params={"limit": 3, "offset": offset}).json()
        seen += [a["id"] for a in page["items"]]
        offset = page["next_offset"]
    assert sorted(seen) == sorted(ids)
    beyond = client.get("/api/articles", params={"offset": 100}).json()
    assert beyond["items"] == [] and beyond["next_offset"] is None


def test_article_has_text_and_record_with_true_offsets(client):
    article = client.get("/api/articles/snn18584").json()
    text, record = article["text"], article["record"]
    assert record["id"] == "snn18584" and record["actors"]
    for group in ("actors", "places", "events"):
        for item in record[group]:
            for m in item["mentions"]:
                assert text[m["start"]:m["end"]] == m["text"]


def test_missing_article_is_a_404_in_the_error_shape(client):
    error = assert_error(client.get("/api/articles/no-such-article"), 404, "not_found")
    assert "no-such-article" in error["message"]


@pytest.mark.parametrize("url,status", [("/api/nowhere", 404), ("/nowhere", 404)])
def test_unknown_routes_get_the_error_shape(client, url, status):
    assert_error(client.get(url), status)


def test_wrong_method_gets_the_error_shape(client):
    assert_error(client.delete("/api/articles"), 405, "method_not_allowed")


def test_event_filters(client, store):
    from hadath.store import EventFilter

    everything = client.get("/api/events", params={"limit": 1000}).json()
    assert everything["total"] == store.count_events(EventFilter()) > 20
    assaults = client.get("/api/events", params={"type": "assault", "limit": 1000}).json()
    assert 0 < assaults["total"] < everything["total"]
    assert {e["type"] for e in assaults["items"]} == {"ASSAULT"}
    syria = client.get("/api/events", params={"country": "SYR", "limit": 1000}).json()
    assert syria["items"] and {e["place_detail"]["country"] for e in syria["items"]} == {"SYR"}
    window = client.get("/api/events", params={"since": "2015-08-01", "until": "2015-08-03", "limit": 1000}).json()
    assert window["items"]
    assert 0 < window["total"] < everything["total"]
    isis = client.get("/api/events", params={"actor": "Islamic State", "limit": 1000}).json()
    assert isis["items"] and all("Islamic State" in ((e["source_actor"] or {}).get("name_en", "") +
                                                     (e["target_actor"] or {}).get("name_en", ""))
                                 for e in isis["items"])
    # Ramadi, Iraq: everything within 30 km lies in Anbar
    near = client.get("/api/events", params={"near": "33.42,43.31,30", "limit": 1000}).json()
    assert near["items"] and {e["place_detail"]["country"] for e in near["items"]} == {"IRQ"}


def test_event_pages_do_not_overlap(client):
    first = client.get("/api/events", params={"limit": 10}).json()
    second = client.get("/api/events", params={"limit": 10, "offset": 10}).json()
    assert first["next_offset"] == 10
    uids = [e["event_uid"] for e in first["items"] + second["items"]]
    assert len(set(uids)) == 20


@pytest.mark.parametrize("params", [
    {"country": "Syria1"}, {"since": "yesterday"}, {"since": "2015-09-01", "until": "2015-08-01"},
    {"near": "1,2"}, {"near": "100,2,5"}, {"limit": 0}, {"limit": 100000}, {"offset": -1}, {"type": "no spaces"},
])
def test_bad_filters_are_422(client, params):
    error = assert_error(client.get("/api/events", params=params), 422)
    assert error["code"] in ("invalid_request", "E032")  # the schema's checks, or the store's


def test_timeline_counts_every_matching_event(client):
    timeline = client.get("/api/events/timeline").json()
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    assert timeline["total"] == total
    assert sum(sum(d["counts"].values()) for d in timeline["days"]) + timeline["imprecise"] == total
    assert [d["date"] for d in timeline["days"]] == sorted(d["date"] for d in timeline["days"])
    only = client.get("/api/events/timeline", params={"type": "RETREAT"}).json()
    assert only["types"] == ["RETREAT"]


def test_geojson_points_are_the_event_places(client):
    collection = client.get("/api/events/geojson", params={"country": "YEM"}).json()
    assert collection["type"] == "FeatureCollection" and collection["features"]
    events = {e["event_uid"]: e for e in client.get("/api/events", params={"country": "YEM", "limit": 1000}).json()["items"]}
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        place = events[feature["properties"]["event_uid"]]["place_detail"]
        assert (lat, lon) == (place["lat"], place["lon"])
        assert 12 < lat < 19 and 42 < lon < 54  # Yemen


def test_stats_facets(client):
    stats = client.get("/api/stats").json()
    assert stats["articles"] == len(dev_articles())
    assert stats["types"]["ASSAULT"] > 0 and stats["countries"]["SYR"] > 0
    assert stats["first_date"] <= stats["last_date"] and stats["writable"] is False


def test_actors_places_and_search(client):
    actors = client.get("/api/actors", params={"q": "Islamic State"}).json()
    assert any(a["kb_id"] == "grp.isis" for a in actors["items"])
    places = client.get("/api/places", params={"limit": 5}).json()
    assert len(places["items"]) == 5 and places["next_offset"] == 5
    assert all(p["lat"] is not None for p in places["items"])
    hits = client.get("/api/search", params={"q": "الرمادي"}).json()
    assert "snn14587" in [h["article_id"] for h in hits["items"]]
    assert all("[[" in h["snippet"] for h in hits["items"])
    assert_error(client.get("/api/search", params={"q": "   "}), 422)
    assert_error(client.get("/api/search", params={"q": "!!!"}), 422, "E032")  # no words
    assert_error(client.get("/api/search"), 422)


def test_exports(client):
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    jsonl = client.get("/api/export/events").text.splitlines()
    assert len(jsonl) == total and json.loads(jsonl[0])["event_uid"]
    response = client.get("/api/export/events", params={"format": "csv", "type": "ASSAULT"})
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="hadath-events.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assaults = client.get("/api/events", params={"type": "ASSAULT", "limit": 1}).json()["total"]
    assert len(rows) == assaults and {r["type"] for r in rows} == {"ASSAULT"}
    geo = client.get("/api/export/events", params={"format": "geojson"}).json()
    assert len(geo["features"]) == len(client.get("/api/events/geojson").json()["features"])
    assert len(client.get("/api/export/events", params={"format": "plover-json"}).json()) == total
    assert client.get("/api/export/events", params={"format": "parquet"}).content[:4] == b"PAR1"
    records = client.get("/api/export/records").text.splitlines()
    assert sorted(json.loads(r)["id"] for r in records) == sorted(a.id for a in dev_articles())
    assert_error(client.get("/api/export/events", params={"format": "xml"}), 422)


def test_openapi_schema_documents_the_error_shape(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/events", "/api/articles", "/api/extract", "/api/search"} <= set(schema["paths"])
    assert "ErrorResponse" in schema["components"]["schemas"]
    assert schema["paths"]["/api/events"]["get"]["responses"]["422"]["content"]["application/json"]["schema"] == \
        {"$ref": "#/components/schemas/ErrorResponse"}
    assert "/" not in schema["paths"]  # the web pages are no part of the API


# -- extraction on the fly ------------------------------------------------------------------------

def test_extract_returns_the_record_and_stores_nothing(client, store):
    before = store.count_articles()
    response = client.post("/api/extract", json={"text": ARTICLE, "published": "2019-05-26", "id": "x1"})
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["id"] == "x1" and record["published"] == "2019-05-26"
    assert any(p["name_en"] == "Idlib" for p in record["places"])
    assert record["events"][0]["date"]["start"] == "2019-05-25"
    assert store.count_articles() == before


@pytest.mark.parametrize("body,status,code", [
    ({"text": "hello world, this is English"}, 400, "E006"),
    ({"text": "   "}, 400, "E002"),
    ({"text": ""}, 422, "invalid_request"),
    ({"text": ARTICLE, "published": "15/11/2017"}, 422, "invalid_request"),
    ({"text": ARTICLE, "colour": "red"}, 422, "invalid_request"),
    ({"published": "2017-11-15"}, 422, "invalid_request"),
    ({"text": "\ud800" + ARTICLE}, 422, "invalid_request"),  # a lone surrogate: valid JSON, no Unicode text
])
def test_extract_rejects_bad_input_clearly(client, body, status, code):
    response = client.post("/api/extract", content=json.dumps(body).encode("ascii"),
                           headers={"content-type": "application/json"})
    assert_error(response, status, code)


def test_extract_rejects_malformed_json(client):
    response = client.post("/api/extract", content=b'{"text": ', headers={"content-type": "application/json"})
    assert_error(response, 422, "invalid_request")


def test_request_size_limit(store, pipeline):
    from hadath.serve import create_app

    small = TestClient(create_app(store, pipeline=pipeline, max_body_bytes=1000))
    big = {"text": ARTICLE * 40}
    assert_error(small.post("/api/extract", json=big), 413, "too_large")

    def chunks():  # no Content-Length: the limit holds while the body streams in
        for _ in range(10):
            yield json.dumps(big).encode()[:500]

    assert_error(small.post("/api/extract", content=chunks(), headers={"content-type": "application/json"}),
                 413, "too_large")
    assert small.post("/api/extract", json={"text": ARTICLE}).status_code == 200


def test_article_text_over_the_reader_limit_is_413(client):
    from hadath.reader import MAX_BYTES

    huge = "ب" * (MAX_BYTES // 2 + 10)  # two bytes a letter in UTF-8
    assert_error(client.post("/api/extract", json={"text": huge}), 413, "E007")


# -- writing ----------------------------------------------------------------------------------------

def test_read_only_server_refuses_writes(client, store):
    before = store.count_articles()
    error = assert_error(client.post("/api/articles", json={"text": ARTICLE},
                                     headers={"Authorization": f"Bearer {TOKEN}"}), 403, "read_only")
    assert "token" in error["message"]
    assert store.count_articles() == before


def test_writes_need_the_token(writer):
    before = writer.store.count_articles()
    assert writer.get("/api/health").json()["writable"] is True
    assert_error(writer.post("/api/articles", json={"text": ARTICLE}), 401, "unauthorized")
    assert_error(writer.post("/api/articles", json={"text": ARTICLE}, headers={"Authorization": "Bearer wrong"}),
                 401, "unauthorized")
    assert_error(writer.post("/api/articles", json={"text": ARTICLE}, headers={"X-Hadath-Token": "wrong"}), 401)
    assert writer.store.count_articles() == before

    created = writer.post("/api/articles", json={"text": ARTICLE, "published": "2019-05-26", "id": "new-1"},
                          headers={"Authorization": f"Bearer {TOKEN}"})
    assert created.status_code == 201, created.text
    assert created.json()["stored"] is True and created.json()["record"]["id"] == "new-1"
    assert writer.store.count_articles() == before + 1
    assert writer.get("/api/articles/new-1").json()["text"] == ARTICLE
    assert writer.get("/api/stats").json()["articles"] == before + 1

    again = writer.post("/api/articles", json={"text": ARTICLE, "published": "2019-05-26"},
                        headers={"X-Hadath-Token": TOKEN})
    assert again.status_code == 200 and again.json()["stored"] is False
    assert writer.store.count_articles() == before + 1


def test_bad_article_is_refused_and_the_store_keeps_its_data(writer):
    before = writer.store.count_articles()
    response = writer.post("/api/articles", json={"text": "\x00\x01\x02 binary"},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert_error(response, 400)
    assert writer.store.count_articles() == before
    assert writer.get("/api/articles/snn18584").status_code == 200


def test_blank_token_is_refused(store):
    from hadath.serve import create_app

    with pytest.raises(ValueError):
        create_app(store, token="  ")


# -- hosts and headers --------------------------------------------------------------------------------

def test_loopback_server_refuses_other_host_names(store, pipeline):
    from hadath.serve import create_app

    app = create_app(store, pipeline=pipeline, allowed_hosts=["localhost", "127.0.0.1"])
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/api/health").status_code == 200
    assert_error(TestClient(app, base_url="http://evil.example").get("/api/health"), 400, "bad_host")


def test_pages_forbid_loading_from_elsewhere(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert not re.search(r'(src|href)="(https?:)?//', response.text)  # nothing from a CDN
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', response.text):
        assert client.get(asset).status_code == 200, asset


# -- the article page (its highlights are checked in a browser by test_web_e2e.py) ---------------------

def test_article_page_marks_every_mention(client):
    record = client.get("/api/articles/snn18584").json()["record"]
    html = client.get("/articles/snn18584").text
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    for actor in record["actors"]:
        assert f'id="actor-{actor["id"]}"' in html
        assert re.search(rf'data-actor="[^"]*\b{actor["id"]}\b', html), actor["name_en"]
    for event in record["events"]:
        assert f'id="event-{event["id"]}"' in html
    assert_error(client.get("/articles/missing"), 404)


def test_articles_page_lists_and_searches(client):
    listing = client.get("/articles").text
    assert all(f"/articles/{a.id}" in listing for a in dev_articles())
    found = client.get("/articles", params={"q": "الرمادي"}).text
    assert "/articles/snn14587" in found and "<mark>" in found
    no_words = client.get("/articles", params={"q": "!!!"})
    assert no_words.status_code == 200 and "no words" in no_words.text
    assert "<script>alert" not in client.get("/articles", params={"q": "<script>alert(1)</script>"}).text


def test_ids_with_slashes_and_odd_urls(writer):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    body = {"text": ARTICLE + " 2", "id": "okaz/2015/a1", "url": "javascript:alert(1)"}
    assert writer.post("/api/articles", json=body, headers=headers).status_code == 201
    assert writer.get("/api/articles/okaz/2015/a1").json()["id"] == "okaz/2015/a1"
    page = writer.get("/articles/okaz%2F2015%2Fa1")
    assert page.status_code == 200 and 'href="javascript:' not in page.text


def test_pages_survive_any_query_or_id(client):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @given(q=st.text(max_size=60), article_id=st.text(min_size=1, max_size=40))
    @settings(max_examples=60, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def check(q, article_id):
        search = client.get("/articles", params={"q": q})
        assert search.status_code in (200, 422), search.text
        page = client.get("/articles/" + quote(article_id, safe=""))
        assert page.status_code in (200, 404, 422), page.text
        if page.status_code != 200:
            assert_error(page, page.status_code)

    check()


def test_an_empty_store_answers_everything(tmp_path, pipeline):
    from hadath.serve import create_app
    from hadath.store import open_store

    with open_store(tmp_path / "empty.db") as empty:
        c = TestClient(create_app(empty, pipeline=pipeline))
        assert c.get("/api/stats").json()["events"] == 0
        assert c.get("/api/events").json() == {"items": [], "total": 0, "limit": 100, "offset": 0, "next_offset": None}
        assert c.get("/api/events/timeline").json()["days"] == []
        assert c.get("/api/events/geojson").json()["features"] == []
        assert c.get("/api/export/events", params={"format": "csv"}).text.startswith("event_uid,")
        assert c.get("/api/search", params={"q": "دمشق"}).json()["items"] == []
        for url in ("/", "/articles", "/articles?q=دمشق"):
            assert c.get(url).status_code == 200, url


def test_canonical_events_hold_every_matching_event_once(client, store):
    events = {e["event_uid"] for e in store.iter_events()}
    body = client.get("/api/events/canonical", params={"limit": 1000}).json()
    members = [m["event_uid"] for item in body["items"] for m in item["members"]]
    assert sorted(members) == sorted(events) and body["next_offset"] is None
    assaults = client.get("/api/events/canonical", params={"type": "ASSAULT", "limit": 1000}).json()["items"]
    assert assaults and all(item["type"] == "ASSAULT" for item in assaults)
    first = client.get("/api/events/canonical", params={"limit": 2}).json()
    assert first["items"] == body["items"][:2] and first["next_offset"] == 2
    assert_error(client.get("/api/events/canonical", params={"country": "Narnia"}), 422)  # Syria is a name now
