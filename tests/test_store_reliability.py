"""Reliability on both backends: Arabic round trips (hypothesis), kill -9 mid-ingest, concurrent readers."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_support import BACKENDS, db_target, fresh_pg_database, pg_server  # noqa: F401 - fixtures

from hadath.export import export
from hadath.ingest import ingest
from hadath.model import Article
from hadath.store import open_store
from hadath.store.fts import query_words

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى"
MARKS = ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u064b", "\u064c", "\u064d", "\u0670", "\u0640"]
BIDI = ["\u200f", "\u200e", "\u202b", "\u202c", "\u2067", "\u2069", "\u200c", "\u061c"]
PUNCT = list("،؛؟.!«»()-:\"'") + ["\n", "\r\n", "\t"]

arabic_word = st.lists(st.tuples(st.sampled_from(LETTERS), st.one_of(st.just(""), st.sampled_from(MARKS))),
                       min_size=2, max_size=8).map(lambda pairs: "".join(a + b for a, b in pairs))
token = st.one_of(arabic_word, arabic_word, arabic_word, st.from_regex(r"[A-Za-z]{2,8}", fullmatch=True),
                  st.integers(0, 10**6).map(str), st.integers(0, 999).map(lambda n: str(n).translate(
                      str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))),
                  st.sampled_from(BIDI), st.sampled_from(PUNCT))
texts = st.lists(token, min_size=3, max_size=40).map(" ".join).filter(lambda t: any(c in LETTERS for c in t))

SENTENCES = ["قصفت الطائرات الحربية مدينة إدلب أمس وقتل {n} مدنيا.",
             "اشتبكت قوات الجيش مع مسلحين في ريف حمص صباح اليوم.",
             "تظاهر مئات المواطنين في بيروت احتجاجا على الأوضاع المعيشية.",
             "أعلنت وزارة الداخلية القبض على {n} مطلوبين في الرياض."]


def _record(article_id: str, text: str) -> dict:
    """A small record with spans into ``text``: one actor on the first Arabic word, one event over all."""
    words = [w for w in text.split(" ") if any(c in LETTERS for c in w)]
    word = words[0]
    start = text.index(word)
    mention = {"text": word, "start": start, "end": start + len(word)}
    return {"id": article_id, "schema": 1, "published": None, "title": None, "source": None, "url": None,
            "actors": [{"id": "A1", "name_en": "Someone", "name_ar": word, "kind": "person", "country": None,
                        "sector": None, "role_en": None, "kb_id": None, "how": "role", "confidence": 0.5,
                        "mentions": [mention]}],
            "places": [], "times": [],
            "events": [{"id": "E1", "type": "ASSAULT", "mode": None, "source": "A1", "target": None, "place": None,
                        "date": None, "modality": "asserted", "attribution": None, "quantities": [],
                        "confidence": 0.5, "summary_en": "Someone attacked", "trigger": mention,
                        "mentions": [{"text": text, "start": 0, "end": len(text)}]}],
            "unasserted_events": []}


@pytest.fixture(scope="module", params=BACKENDS)
def roundtrip_store(request, tmp_path_factory):
    if request.param == "sqlite":
        target = str(tmp_path_factory.mktemp("hyp") / "store.db")
    else:
        target = fresh_pg_database(request.getfixturevalue("pg_server"))
    with open_store(target) as store:
        yield store


_ids = count()


@settings(max_examples=35, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_arabic_with_marks_and_mixed_directions_round_trips(roundtrip_store, text):
    store = roundtrip_store
    article_id = f"h{next(_ids)}"
    record = _record(article_id, text)
    if not store.add(Article(id=article_id, text=text), record):
        assert store.contains(Article(id="again", text=text))  # the same normalised text came up before
        return
    got = store.get_article(article_id)
    assert got["text"] == text and got["record"] == record
    trigger = got["record"]["events"][0]["trigger"]
    assert text[trigger["start"]:trigger["end"]] == trigger["text"]
    # found by its first Arabic word, written with or without its marks
    word = trigger["text"]
    if query_words(word):
        assert article_id in {r["article_id"] for r in store.search(word, limit=10_000)}
    events = [e for e in store.query_events(limit=10_000) if e["article_id"] == article_id]
    assert len(events) == 1 and events[0]["mentions"][0]["text"] == text
    assert events[0]["source_actor"]["name_ar"] == word
    out = io.StringIO()
    export(store, "csv", out)
    rows = {r["event_uid"]: r for r in csv.DictReader(io.StringIO(out.getvalue(), newline=""))}
    row = rows[f"{article_id}/E1"]
    assert row["sentence"] == text and row["trigger_text"] == word and row["source_name_ar"] == word
    out = io.StringIO()
    export(store, "plover-json", out)
    plover = {r["id"]: r for r in json.loads(out.getvalue())}[f"{article_id}/E1"]
    assert plover["text"] == text and plover["actor"]["entity_text"] == word


def _articles(folder, n: int):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = " ".join(s.format(n=i + 2) for s in SENTENCES[i % 4:] + SENTENCES[:i % 4]) + f" وهذا الخبر رقم {i}."
        (folder / f"a{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def _ingest_process(folder, target: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen([sys.executable, "-m", "hadath.cli", "ingest", str(folder), "--db", target, "-q",
                             "--published", "2020-01-02"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env)


def _complete(store, article_id: str) -> bool:
    """The article and every event of its record are there (the write was all or nothing)."""
    record = store.get_article(article_id)["record"]
    rows = store._rows("SELECT COUNT(*) FROM events WHERE article_id = ?", (article_id,))[0][0]
    return rows == len(record["events"]) + len(record["unasserted_events"])


def test_kill_9_mid_ingest_loses_nothing_committed(db_target, tmp_path, pipeline):
    total = 60
    folder = _articles(tmp_path / "in", total)
    proc = _ingest_process(folder, db_target)
    seen: set[str] = set()
    with open_store(db_target) as reader:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            seen = {a["id"] for a in reader.list_articles(limit=1000)}
            if len(seen) >= 5:
                break
            time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert len(seen) >= 5, proc.stderr.read().decode(errors="replace")[-2000:]
    if not db_target.startswith("postgres"):
        import sqlite3

        with sqlite3.connect(db_target) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with open_store(db_target) as store:
        stored = {a["id"] for a in store.list_articles(limit=1000)}
        assert seen <= stored  # what was committed before the kill is there
        assert all(_complete(store, article_id) for article_id in stored)
        assert store.search("إدلب", limit=1000)  # the index is usable
        summary = ingest(store, [str(folder)], pipeline=pipeline)  # resume
        assert summary.failed == 0
        assert (summary.new, summary.duplicates) == (total - len(stored), len(stored))
        assert store.count_articles() == total
        assert len({a["id"] for a in store.list_articles(limit=1000)}) == total


def test_readers_see_whole_articles_while_ingesting(db_target, tmp_path):
    total = 40
    folder = _articles(tmp_path / "in", total)
    proc = _ingest_process(folder, db_target)
    errors: list[BaseException] = []
    reads = [0, 0]

    def read(slot: int) -> None:
        try:
            with open_store(db_target) as store:
                last = 0
                while proc.poll() is None:
                    now = store.count_articles()
                    assert now >= last
                    last = now
                    for article in store.list_articles(limit=3):
                        assert _complete(store, article["id"])
                    store.search("حمص")
                    store.count_events()
                    reads[slot] += 1
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            errors.append(exc)

    threads = [threading.Thread(target=read, args=(slot,)) for slot in range(2)]
    for thread in threads:
        thread.start()
    proc.wait(timeout=300)
    for thread in threads:
        thread.join(timeout=60)
    assert proc.returncode == 0, proc.stderr.read().decode(errors="replace")[-2000:]
    assert not errors, errors[0]
    assert min(reads) > 0
    with open_store(db_target) as store:
        assert store.count_articles() == total
