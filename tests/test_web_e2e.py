"""End to end: a served store of the dev articles, driven in headless Chromium (Debian's /usr/bin/chromium
through Playwright; scripts/ci/browser.sh installs it). Screenshots go to tests/artifacts/web/ (or
$HADATH_TEST_ARTIFACTS); the path is printed. Skips when Chromium, Playwright or the dev articles are missing."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path(os.environ.get("HADATH_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(os.environ.get("HADATH_TEST_ARTIFACTS") or Path(__file__).resolve().parent / "artifacts") / "web"

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (scripts/ci/browser.sh installs it)", allow_module_level=True)
pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from serve_support import dev_db


@pytest.fixture(scope="module")
def server(tmp_path_factory, pipeline):
    """The app on a free loopback port, served by uvicorn in a thread."""
    from hadath.serve import create_app
    from hadath.store import open_store

    store = open_store(dev_db(tmp_path_factory, pipeline))
    app = create_app(store, pipeline=pipeline, allowed_hosts=["127.0.0.1", "localhost"])
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, server):
    """A page that records script errors and every request that leaves the server."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ar")
    pg = context.new_page()
    pg.problems = []
    pg.on("pageerror", lambda exc: pg.problems.append(f"script error: {exc}"))
    pg.on("console", lambda msg: msg.type == "error" and pg.problems.append(f"console: {msg.text}"))
    own = urlparse(server).netloc

    def check_request(request):
        url = urlparse(request.url)
        if url.scheme in ("http", "https") and url.netloc != own:
            pg.problems.append(f"left the server: {request.url}")

    pg.on("request", check_request)
    yield pg
    context.close()


def screenshot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def api(pg, server, path: str, **params):
    response = pg.request.get(f"{server}{path}", params=params)
    assert response.ok, response.text()
    return response.json()


def wait_shown(pg, query: str = "") -> None:
    """Until the page shows the events of this query string (the filters' order: type, country, actor,
    place, since, until) and nothing is loading."""
    pg.wait_for_function("q => document.body.dataset.shown === q && !document.body.dataset.loading", arg=query)


def map_markers(pg) -> dict[str, tuple[float, float]]:
    rows = pg.evaluate("hadath.markers.map(m => [m.options.eventUid, m.getLatLng().lat, m.getLatLng().lng])")
    return {uid: (lat, lon) for uid, lat, lon in rows}


def table_rows(pg) -> list[dict]:
    return pg.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => ({uid: r.dataset.eventUid, "
                                   "type: r.dataset.type, text: r.innerText}))")


def test_map_shows_markers_at_the_right_places(page, server):
    page.goto(server + "/")
    wait_shown(page)
    page.wait_for_function("hadath.map && document.querySelectorAll('.leaflet-overlay-pane path').length > 100")
    expected = {f["properties"]["event_uid"]: (f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0])
                for f in api(page, server, "/api/events/geojson")["features"]}
    assert len(expected) > 20
    assert map_markers(page) == expected
    # on screen: zoom in on a Ramadi and an Aden event; the icon standing for it (the marker, or the cluster
    # of events at the same spot) sits where the map projects the event's coordinates
    features = api(page, server, "/api/events/geojson")["features"]
    for place in ("Ramadi", "Aden"):
        uid = next(f["properties"]["event_uid"] for f in features if f["properties"]["place_name_en"] == place)
        where = page.evaluate("""uid => new Promise(done => {
            const m = hadath.markers.find(x => x.options.eventUid === uid);
            hadath.map.setView(m.getLatLng(), 12, {animate: false});
            setTimeout(() => {
                const shown = hadath.cluster.getVisibleParent(m), box = shown.getElement().getBoundingClientRect();
                const mapBox = hadath.map.getContainer().getBoundingClientRect();
                const p = hadath.map.latLngToContainerPoint(m.getLatLng());
                done({icon: [box.left + box.width / 2, box.top + box.height / 2],
                      point: [mapBox.left + p.x, mapBox.top + p.y], alone: shown === m});
            }, 300);
        })""", uid)
        tolerance = 2 if where["alone"] else 12  # a cluster sits on the mean of its events, all within a few km
        assert abs(where["icon"][0] - where["point"][0]) <= tolerance, (place, where)
        assert abs(where["icon"][1] - where["point"][1]) <= tolerance, (place, where)
        screenshot(page, f"map-{place.lower()}")
    # each marker's popup links to its event on the article page
    links = page.evaluate("hadath.markers.map(m => [m.options.eventUid, m.getPopup().getContent().querySelector('a').getAttribute('href')])")
    for uid, href in links:
        article_id, event_id = uid.rsplit("/", 1)
        assert href == f"/articles/{article_id}#event-{event_id}"
    # each marker has the colour of its event type: one marker of each type, brought out of its cluster
    colours = page.evaluate("""() => new Promise(done => {
        const byType = {};
        hadath.markers.forEach(m => { byType[m.options.eventType] = byType[m.options.eventType] || m; });
        const picks = Object.values(byType), out = [];
        const next = () => {
            const m = picks.shift();
            if (!m) return done(out);
            hadath.map.setView(m.getLatLng(), 12, {animate: false});
            setTimeout(() => {
                const shown = hadath.cluster.getVisibleParent(m);
                if (shown && shown !== m) shown.spiderfy();
                setTimeout(() => {
                    const span = m.getElement() && m.getElement().querySelector('span');
                    out.push([m.options.eventType, span ? getComputedStyle(span).backgroundColor : String(shown),
                              hadathColors.colorOf(m.options.eventType)]);
                    if (shown && shown !== m) shown.unspiderfy();
                    setTimeout(next, 400);  // let the cluster fold back before the map moves
                }, 400);
            }, 100);
        };
        next();
    })""")
    assert len(colours) >= 3
    for event_type, shown, expected in colours:
        assert shown == "rgb({}, {}, {})".format(*(int(expected[i:i + 2], 16) for i in (1, 3, 5))), event_type
    page.goto(server + "/")
    wait_shown(page)
    page.wait_for_timeout(300)
    screenshot(page, "dashboard")
    assert page.problems == []


def test_filters_change_what_is_shown(page, server):
    page.goto(server + "/")
    wait_shown(page)
    everything = api(page, server, "/api/events", limit=1)["total"]
    assert len(table_rows(page)) == min(everything, 50)

    page.select_option("#f-type", "RETREAT")
    wait_shown(page, "type=RETREAT")
    retreats = api(page, server, "/api/events", type="RETREAT", limit=1000)
    assert 0 < retreats["total"] < everything
    rows = table_rows(page)
    assert {r["type"] for r in rows} == {"RETREAT"} and len(rows) == retreats["total"]
    assert set(map_markers(page)) == {f["properties"]["event_uid"]
                                      for f in api(page, server, "/api/events/geojson", type="RETREAT")["features"]}
    assert set(page.eval_on_selector_all("#timeline rect.bar", "bars => bars.map(b => b.dataset.type)")) == {"RETREAT"}
    assert "type=RETREAT" in page.url
    assert page.inner_text("#status").startswith(f"{retreats['total']} events match")
    screenshot(page, "filter-type")

    page.select_option("#f-type", "")
    page.select_option("#f-country", "YEM")
    wait_shown(page, "country=YEM")
    yemen = api(page, server, "/api/events", country="YEM", limit=1000)
    assert {r["uid"] for r in table_rows(page)} == {e["event_uid"] for e in yemen["items"]}
    assert all(12 < lat < 19 and 42 < lon < 54 for lat, lon in map_markers(page).values())

    page.select_option("#f-country", "")
    page.fill("#f-actor", "Islamic State")
    page.click("button[type=submit]")
    wait_shown(page, "actor=Islamic+State")
    isis = api(page, server, "/api/events", actor="Islamic State", limit=1000)
    rows = table_rows(page)
    assert len(rows) == min(isis["total"], 50) > 0 and all("Islamic State" in r["text"] for r in rows)

    page.fill("#f-actor", "")
    page.fill("#f-since", "2015-08-03")
    page.fill("#f-until", "2015-08-03")
    page.click("button[type=submit]")
    wait_shown(page, "since=2015-08-03&until=2015-08-03")
    day = api(page, server, "/api/events", since="2015-08-03", until="2015-08-03", limit=1000)
    bars = set(page.eval_on_selector_all("#timeline rect.bar", "bars => bars.map(b => b.dataset.date)"))
    assert "2015-08-03" in bars
    assert bars == {e["date"]["start"] for e in day["items"] if e["date"]["precision"] in ("day", "week", "article")}
    assert {r["uid"] for r in table_rows(page)} == {e["event_uid"] for e in day["items"]}
    screenshot(page, "filter-dates")

    page.click("#f-reset")
    wait_shown(page)
    assert len(table_rows(page)) == min(everything, 50)
    assert page.problems == []


def test_filters_come_from_the_address(page, server):
    page.goto(server + "/?type=ASSAULT&country=SYR")
    wait_shown(page, "type=ASSAULT&country=SYR")
    expected = api(page, server, "/api/events", type="ASSAULT", country="SYR", limit=1000)
    assert {r["uid"] for r in table_rows(page)} == {e["event_uid"] for e in expected["items"]}
    assert page.input_value("#f-type") == "ASSAULT" and page.input_value("#f-country") == "SYR"


def test_article_page_highlights_the_spans(page, server):
    article_id = "snn18584"
    record = api(page, server, f"/api/articles/{article_id}")["record"]
    page.goto(f"{server}/articles/{article_id}")
    text_box = page.locator("#text")
    assert text_box.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert "Noto" in text_box.evaluate("el => getComputedStyle(el).fontFamily")

    def highlighted(kind: str, ref: str) -> str:
        return page.eval_on_selector_all(f"#text a.hl[data-{kind}~='{ref}']", "els => els.map(e => e.textContent).join('')")

    for actor in record["actors"]:
        mentions = sorted(actor["mentions"], key=lambda m: m["start"])
        assert highlighted("actor", actor["id"]) == "".join(m["text"] for m in mentions), actor["name_en"]
    for place in record["places"]:
        mentions = sorted(place["mentions"], key=lambda m: m["start"])
        assert highlighted("place", place["id"]) == "".join(m["text"] for m in mentions), place["name_en"]
    for event in record["events"]:
        assert highlighted("event", event["id"]) == event["trigger"]["text"], event["summary_en"]
    assert page.locator("#text a.hl-time").count() >= len(record["times"]) > 0

    # highlights are coloured, and the visible text is the article's, in order
    colours = set(page.eval_on_selector_all("#text a.hl", "els => els.map(e => getComputedStyle(e).backgroundColor)"))
    assert "rgba(0, 0, 0, 0)" not in colours and len(colours) >= 3
    shown = page.evaluate("""() => { const c = document.getElementById('text').cloneNode(true);
        c.querySelectorAll('.gloss').forEach(g => g.remove()); return c.textContent; }""")
    full = api(page, server, f"/api/articles/{article_id}")["text"]
    assert shown == full

    # English names beside the Arabic, and linked records
    first = record["actors"][0]
    glosses = page.eval_on_selector_all("#text bdi.gloss", "els => els.map(e => e.textContent)")
    assert first["name_en"] in glosses
    page.locator(f"#text a.hl[data-actor~='{first['id']}']").first.click()
    assert page.url.endswith(f"#actor-{first['id']}")
    assert first["name_en"] in page.inner_text(f"#actor-{first['id']}")
    assert page.evaluate("document.querySelector(':target').id") == f"actor-{first['id']}"
    screenshot(page, "article")
    page.uncheck("#show-glosses")
    assert not page.locator("#text bdi.gloss").first.is_visible()
    assert page.problems == []


def test_search_page_marks_hits(page, server):
    page.goto(f"{server}/articles?q=الرمادي")
    assert page.locator("ol.hits li").count() >= 1
    assert page.locator(".snippet mark").first.inner_text().strip() != ""
    page.locator("ol.hits li a").first.click()
    page.wait_for_selector("#text")
    assert "الرمادي" in page.inner_text("#text")
    screenshot(page, "search")
    assert page.problems == []


def test_arabic_is_set_in_the_installed_noto_font(page, server):
    """The page asks for Noto Naskh Arabic; the text must measure as that font, not as a fallback
    (a missing font falls back silently: scripts/ci/browser.sh installs fonts-noto-core)."""
    page.goto(f"{server}/articles/snn18584")
    widths = page.evaluate("""() => {
        const c = document.createElement('canvas').getContext('2d'), text = 'قال ناشطون إن الطائرات الحربية';
        const measure = font => { c.font = font; return c.measureText(text).width; };
        return {naskh: measure('32px "Noto Naskh Arabic", monospace'), fallback: measure('32px monospace'),
                page: getComputedStyle(document.getElementById('text')).fontFamily};
    }""")
    assert widths["page"].startswith('"Noto Naskh Arabic"')
    assert abs(widths["naskh"] - widths["fallback"]) > 1, "Noto Naskh Arabic is not installed (fonts-noto-core)"


def test_the_table_is_newest_first_and_the_timeline_axis_is_time(page, server):
    """Issue 21: the event table lists the newest events first; a bar's x is proportional to its date."""
    page.goto(server + "/")
    wait_shown(page)
    shown = [r["uid"] for r in table_rows(page)]
    assert shown == [e["event_uid"] for e in api(page, server, "/api/events", limit=50)["items"]]
    newest = api(page, server, "/api/events", limit=50)["items"]
    starts = [e["date"]["start"] for e in newest]
    assert starts == sorted(starts, reverse=True)
    bars = page.eval_on_selector_all("#timeline rect.bar", "bars => bars.map(b => [b.dataset.date, +b.getAttribute('x')])")
    xs = {}
    for date, x in bars:
        xs[date] = x
    dates = sorted(xs)
    assert len(dates) >= 3

    def number(d):  # a day's ordinal, or a month's
        import datetime as dt
        return int(d[:4]) * 12 + int(d[5:7]) if len(d) == 7 else dt.date.fromisoformat(d).toordinal()

    # equal steps of time are equal steps on the axis, whatever the gaps between dates with events
    first, last = dates[0], dates[-1]
    scale = (xs[last] - xs[first]) / (number(last) - number(first))
    for d in dates[1:-1]:
        assert abs(xs[d] - (xs[first] + (number(d) - number(first)) * scale)) < 1.0


def test_the_zoomed_in_map_labels_towns_and_cities(page, server):
    """Issue 21: zoomed in, the map shows the towns of the events and the larger cities, by name."""
    page.goto(server + "/")
    wait_shown(page)
    page.evaluate("hadath.map.setView([12.8, 45.0], 8, {animate: false})")  # Aden
    page.wait_for_function("document.querySelectorAll('.map-label').length > 0")
    names = page.eval_on_selector_all(".map-label", "labels => labels.map(l => l.textContent)")
    assert "Aden" in names
    page.evaluate("hadath.map.setView([25, 45], 3, {animate: false})")
    page.wait_for_function("hadath.state.labelsShown < 40")
    assert not page.problems


def test_the_confidence_slider_filters_what_is_shown(page, server):
    """Issue 19: the slider passes min_confidence to the API; 0 (the default) asks for no threshold."""
    page.goto(server + "/?min_confidence=0.8")
    wait_shown(page, "min_confidence=0.8")
    assert page.input_value("#f-confidence") == "0.8" and page.inner_text("#f-confidence-value") == "0.80"
    sure = api(page, server, "/api/events", min_confidence=0.8, limit=1000)
    assert {r["uid"] for r in table_rows(page)} == {e["event_uid"] for e in sure["items"][:50]}
    assert page.inner_text("#status").startswith(f"{sure['total']} events match")

    page.eval_on_selector("#f-confidence", "el => { el.value = '0'; el.dispatchEvent(new Event('input')); "
                          "el.dispatchEvent(new Event('change')); }")
    wait_shown(page)
    everything = api(page, server, "/api/events", limit=1)["total"]
    assert everything >= sure["total"] and page.inner_text("#f-confidence-value") == "0.00"
    assert "min_confidence" not in page.url

    page.goto(server + "/?min_confidence=0.8")
    wait_shown(page, "min_confidence=0.8")
    page.evaluate("document.documentElement.dir = 'rtl'")  # right to left, the slider still works
    page.eval_on_selector("#f-confidence", "el => { el.value = '0.5'; el.dispatchEvent(new Event('change')); }")
    wait_shown(page, "min_confidence=0.5")
    half = api(page, server, "/api/events", min_confidence=0.5, limit=1)["total"]
    assert page.inner_text("#status").startswith(f"{half} events match")
    page.click("#f-reset")
    wait_shown(page)
    assert page.input_value("#f-confidence") == "0"
    assert page.problems == []
