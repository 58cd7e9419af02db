"""Pieces of `hadath serve` that need no store: the article highlighter and the command line."""
from __future__ import annotations

import pytest

from hadath.cli import main

TEXT = "قال ناشطون إن الطائرات الحربية الروسية قصفت مدينة إدلب أمس."


def record_with_overlap():
    return {
        "actors": [{"id": "A1", "name_en": "Activists", "mentions": [{"text": "ناشطون", "start": 4, "end": 10}]},
                   {"id": "A2", "name_en": "Air force (Russia)",
                    "mentions": [{"text": "الطائرات الحربية الروسية", "start": 14, "end": 38}]}],
        "places": [{"id": "P1", "name_en": "Idlib", "mentions": [{"text": "إدلب", "start": 50, "end": 54},
                                                                 {"text": "bad", "start": 50, "end": 999}]}],
        "times": [{"text": "أمس", "start": 55, "end": 58, "date_start": "2019-05-25", "date_end": "2019-05-25"}],
        # a made-up trigger phrase that covers the actor's last word and the verb: the spans overlap
        "events": [{"id": "E1", "type": "ASSAULT", "summary_en": "attack",
                    "trigger": {"text": "الروسية قصفت", "start": 31, "end": 43}}],
        "unasserted_events": [{"id": "E2", "type": "THREATEN", "trigger": {"text": "مدينة", "start": 44, "end": 49}}],
    }


def test_pieces_cover_the_text_and_keep_overlapping_marks():
    from hadath.serve.highlight import pieces

    parts = pieces(TEXT, record_with_overlap())
    assert "".join(p.text for p in parts) == TEXT
    assert all(TEXT[p.start:p.end] == p.text for p in parts)
    both = [p for p in parts if {m.kind for m in p.marks} == {"actor", "event"}]
    assert [p.text for p in both] == ["الروسية"]
    assert both[0].link == "event-E1" and both[0].refs("actor") == "A2" and "hl-event" in both[0].classes
    verb = next(p for p in parts if p.text == " قصفت")  # the space after the actor is inside the trigger
    assert verb.refs("event") == "E1" and not verb.refs("actor")
    place = [p for p in parts if p.refs("place")]
    assert [p.text for p in place] == ["إدلب"]  # the mention with offsets past the text is left out
    assert [p.text for p in parts if p.refs("time")] == ["أمس"]
    assert next(p for p in parts if "hl-unasserted" in p.classes).text == "مدينة"


def test_english_names_follow_the_first_mention_only():
    from hadath.serve.highlight import pieces

    record = {"actors": [{"id": "A1", "name_en": "Activists", "mentions": [
        {"text": "ناشطون", "start": 4, "end": 10}, {"text": "ناشطون", "start": 4, "end": 10}]}]}
    text = TEXT
    parts = pieces(text, record)
    glossed = [p for p in parts if p.glosses]
    assert len(glossed) == 1 and glossed[0].glosses == ("Activists",) and glossed[0].end == 10


def test_empty_record_is_one_plain_piece():
    from hadath.serve.highlight import pieces

    parts = pieces(TEXT, {})
    assert len(parts) == 1 and parts[0].text == TEXT and not parts[0].marks and parts[0].link is None


@pytest.mark.parametrize("host,loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                           ("[::1]", True), ("127.0.0.2", True), ("0.0.0.0", False),
                                           ("192.168.1.5", False), ("example.org", False)])
def test_loopback_detection(host, loopback):
    from hadath.commands.serve import is_loopback

    assert is_loopback(host) is loopback


def test_serve_refuses_a_missing_database(tmp_path, capsys):
    code = main(["serve", "--db", str(tmp_path / "none.db")])
    assert code == 2
    assert "no such database" in capsys.readouterr().err


def test_serve_refuses_a_short_token(tmp_path, capsys):
    token = tmp_path / "token"
    token.write_text("abc\n", encoding="utf-8")
    assert main(["serve", "--db", str(tmp_path / "x.db"), "--token-file", str(token)]) == 2
    assert "shorter than 8" in capsys.readouterr().err
    assert main(["serve", "--token-file", str(tmp_path / "missing")]) == 2
    assert "no such token file" in capsys.readouterr().err


def test_serve_wires_loopback_hosts_and_token(tmp_path, monkeypatch, capsys):
    pytest.importorskip("fastapi")
    uvicorn = pytest.importorskip("uvicorn")
    seen = {}

    def fake_run(app, host, port, **options):
        seen.update(app=app, host=host, port=port)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setenv("HADATH_TEST_TOKEN", "a-long-enough-secret")
    db = tmp_path / "new.db"
    assert main(["serve", "--db", str(db), "--port", "8123", "--token-env", "HADATH_TEST_TOKEN"]) == 0
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    assert seen["app"].state.token == "a-long-enough-secret"
    assert "writable with the token" in capsys.readouterr().err

    from fastapi.testclient import TestClient

    client = TestClient(seen["app"], base_url="http://attacker.example")
    assert client.get("/api/health").json()["error"]["code"] == "bad_host"

    seen.clear()
    assert main(["serve", "--db", str(db), "--host", "0.0.0.0"]) == 0
    assert seen["app"].state.token is None
    assert "warning" in capsys.readouterr().err
    assert TestClient(seen["app"], base_url="http://example.org").get("/api/health").status_code == 200
