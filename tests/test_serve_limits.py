"""Bounded work in `hadath serve`: the text limit of /api/extract, one extraction at a time (503),
the request-head deadline, the token on a network address, and the reader's rules for bodies."""
from __future__ import annotations

import json
import socket
import threading
import time

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from hadath.cli import main

ARTICLE = "قال ناشطون إن الطائرات الحربية الروسية قصفت مدينة إدلب أمس."
TOKEN = "limits-token-0123456789"


@pytest.fixture()
def store(tmp_path):
    from hadath.store import open_store

    with open_store(tmp_path / "s.db") as s:
        yield s


def app_for(store, pipeline, **options):
    from hadath.serve import create_app

    return create_app(store, pipeline=pipeline, **options)


def assert_error(response, status, code):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message", "source", "details"}
    assert body["error"]["status"] == status and body["error"]["code"] == code, body
    return body["error"]


# -- row 4: a text limit of its own -----------------------------------------------------------------

def test_extract_text_limit_is_its_own_and_configurable(store, pipeline):
    client = TestClient(app_for(store, pipeline))
    long_text = (ARTICLE + " ") * (200_000 // len(ARTICLE) + 10)  # ~200 KB of characters, well under 5 MB
    error = assert_error(client.post("/api/extract", json={"text": long_text}), 413, "E007")
    assert "200,000" in error["message"] and "--max-extract-chars" in error["message"]
    assert client.post("/api/extract", json={"text": ARTICLE}).status_code == 200
    small = TestClient(app_for(store, pipeline, max_extract_chars=30))
    assert_error(small.post("/api/extract", json={"text": ARTICLE}), 413, "E007")


def test_articles_route_keeps_the_reader_limit(store, pipeline):
    client = TestClient(app_for(store, pipeline, token=TOKEN, max_extract_chars=30))
    response = client.post("/api/articles", json={"text": ARTICLE}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 201, response.text


def test_limit_comes_from_the_config_file_and_the_option_wins(tmp_path, monkeypatch, capsys):
    uvicorn = pytest.importorskip("uvicorn")
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **options: seen.update(app=app, options=options))
    config = tmp_path / "config.toml"
    config.write_text("[serve]\nmax_extract_chars = 1234\nhead_timeout = 2.5\n", encoding="utf-8")
    monkeypatch.setenv("HADATH_CONFIG", str(config))
    db = tmp_path / "x.db"
    db.touch()
    assert main(["serve", "--db", str(db)]) == 0
    assert seen["app"].state.max_extract_chars == 1234
    assert seen["options"]["http"].head_timeout == 2.5
    assert main(["serve", "--db", str(db), "--max-extract-chars", "99", "--head-timeout", "1"]) == 0
    assert seen["app"].state.max_extract_chars == 99 and seen["options"]["http"].head_timeout == 1.0
    assert main(["serve", "--db", str(db), "--max-extract-chars", "0"]) == 2
    assert "max_extract_chars" in capsys.readouterr().err
    config.write_text("[serve]\nhead_timeout = 'soon'\n", encoding="utf-8")
    assert main(["serve", "--db", str(db)]) == 2
    assert "head_timeout" in capsys.readouterr().err


# -- row 4: one extraction at a time, the excess answered 503 + Retry-After --------------------------

class GatedPipeline:
    """The real pipeline, held at a gate: lets a test keep one extraction running."""

    def __init__(self, pipeline):
        self.inner, self.kb = pipeline, pipeline.kb
        self.entered, self.gate = threading.Event(), threading.Event()

    def __call__(self, article):
        self.entered.set()
        assert self.gate.wait(30), "the test never opened the gate"
        return self.inner(article)


def test_a_second_extraction_while_one_runs_is_503_with_retry_after(store, pipeline):
    gated = GatedPipeline(pipeline)
    client = TestClient(app_for(store, gated, token=TOKEN))
    first: dict = {}
    worker = threading.Thread(target=lambda: first.update(r=client.post("/api/extract", json={"text": ARTICLE})))
    worker.start()
    try:
        assert gated.entered.wait(30), "the first extraction never started"
        busy = client.post("/api/extract", json={"text": ARTICLE})
        error = assert_error(busy, 503, "busy")
        assert busy.headers["Retry-After"].isdigit() and "another article" in error["message"]
        writes = client.post("/api/articles", json={"text": ARTICLE}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert_error(writes, 503, "busy")
        assert client.get("/api/health").status_code == 200  # reading is never held up
    finally:
        gated.gate.set()
        worker.join(60)
    assert first["r"].status_code == 200 and first["r"].json()["places"]
    assert client.post("/api/extract", json={"text": ARTICLE}).status_code == 200  # the slot is free again


def test_503_is_in_the_schema(store, pipeline):
    schema = TestClient(app_for(store, pipeline)).get("/api/openapi.json").json()
    assert "503" in schema["paths"]["/api/extract"]["post"]["responses"]
    assert "503" in schema["paths"]["/api/articles"]["post"]["responses"]


# -- row 4: the token for /api/extract on a network address ---------------------------------------

def test_extract_needs_the_token_when_the_app_says_so(store, pipeline):
    closed = TestClient(app_for(store, pipeline, extract_needs_token=True))
    assert_error(closed.post("/api/extract", json={"text": ARTICLE}), 403, "extract_closed")
    guarded = TestClient(app_for(store, pipeline, token=TOKEN, extract_needs_token=True))
    assert_error(guarded.post("/api/extract", json={"text": ARTICLE}), 401, "unauthorized")
    assert_error(guarded.post("/api/extract", json={"text": ARTICLE}, headers={"Authorization": "Bearer wrong-one"}),
                 401, "unauthorized")
    ok = guarded.post("/api/extract", json={"text": ARTICLE}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and ok.json()["actors"]


def test_serve_on_a_network_address_closes_extract_unless_opened(tmp_path, monkeypatch, capsys):
    uvicorn = pytest.importorskip("uvicorn")
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **options: seen.update(app=app))
    monkeypatch.setenv("HADATH_CONFIG", str(tmp_path / "none.toml"))
    db = tmp_path / "x.db"
    db.touch()
    assert main(["serve", "--db", str(db)]) == 0
    assert seen["app"].state.extract_needs_token is False  # loopback: open, as before
    assert main(["serve", "--db", str(db), "--host", "0.0.0.0"]) == 0
    assert seen["app"].state.extract_needs_token is True
    client = TestClient(seen["app"], base_url="http://example.org")
    assert_error(client.post("/api/extract", json={"text": ARTICLE}), 403, "extract_closed")
    assert main(["serve", "--db", str(db), "--host", "0.0.0.0", "--open-extract"]) == 0
    assert seen["app"].state.extract_needs_token is False
    capsys.readouterr()


# -- row 5: a request head must come whole within the deadline --------------------------------------

@pytest.fixture()
def live_server(store, pipeline):
    """The app under uvicorn on 127.0.0.1 (a free port), with a head deadline of 2 seconds (long next to
    the microseconds between a test's connect and its send, short next to the sockets' 15 s)."""
    uvicorn = pytest.importorskip("uvicorn")
    from hadath.serve.server import head_timeout_protocol

    config = uvicorn.Config(app_for(store, pipeline), host="127.0.0.1", port=0, log_level="warning",
                            http=head_timeout_protocol(2.0), lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(400):
        if server.started:
            break
        time.sleep(0.025)
    assert server.started, "the server did not start"
    yield server.servers[0].sockets[0].getsockname()[1]
    server.should_exit = True
    thread.join(10)


def _read_response(sock: socket.socket) -> bytes:
    """One whole HTTP response (head and Content-Length body) from ``sock``."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"closed before a whole answer: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length"))
    while len(body) < length:
        body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


def _closed_by_server(sock: socket.socket) -> bool:
    try:
        return sock.recv(1) == b""  # the server closed: end of stream
    except ConnectionResetError:
        return True


def test_half_a_request_head_is_closed_and_whole_ones_are_served(live_server):
    port = live_server
    with socket.create_connection(("127.0.0.1", port), timeout=15) as half, \
            socket.create_connection(("127.0.0.1", port), timeout=15) as silent, \
            socket.create_connection(("127.0.0.1", port), timeout=15) as good:
        half.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the blank line
        good.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert b" 200 " in _read_response(good).split(b"\r\n")[0]
        assert _closed_by_server(half)  # within the socket's 15 s: the deadline is 2 s
        assert _closed_by_server(silent)
        # a kept-alive connection: a second whole request is served, then half a head is closed too
        good.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert b'"status":"ok"' in _read_response(good)
        good.sendall(b"GET /api/health HTTP/1.1\r\n")
        assert _closed_by_server(good)


def test_a_slow_extraction_is_not_cut_by_the_head_deadline(store, pipeline):
    """The deadline is for the head only: an answer that takes longer than it still comes."""
    uvicorn = pytest.importorskip("uvicorn")
    from hadath.serve.server import head_timeout_protocol

    gated = GatedPipeline(pipeline)
    config = uvicorn.Config(app_for(store, gated), host="127.0.0.1", port=0, log_level="warning",
                            http=head_timeout_protocol(1.0), lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(400):
            if server.started:
                break
            time.sleep(0.025)
        port = server.servers[0].sockets[0].getsockname()[1]
        body = json.dumps({"text": ARTICLE}).encode()
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(b"POST /api/extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            assert gated.entered.wait(30)
            time.sleep(1.5)  # hold the extraction past the head deadline (a slow machine only makes it longer)
            gated.gate.set()
            answer = _read_response(sock)
        assert b" 200 " in answer.split(b"\r\n")[0] and b'"places"' in answer
    finally:
        gated.gate.set()
        server.should_exit = True
        thread.join(10)


# -- rows 1 and 6 over HTTP: bytes, dates and NUL by the reader's rules -----------------------------

def test_a_body_with_a_few_bad_bytes_is_read_with_a_warning(store, pipeline):
    client = TestClient(app_for(store, pipeline))
    body = json.dumps({"text": ARTICLE}, ensure_ascii=False).encode("utf-8")
    body = body[:10] + b"\xff" + body[10:]
    response = client.post("/api/extract", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text
    warning = response.json()["warnings"][0]
    assert warning["code"] == "W001" and "byte 10" in warning["message"] and response.json()["places"]


def test_a_body_that_is_not_utf8_is_e003(store, pipeline):
    client = TestClient(app_for(store, pipeline))
    body = json.dumps({"text": ARTICLE}, ensure_ascii=False).encode("utf-8").decode("utf-8").encode("cp1256")
    assert_error(client.post("/api/extract", content=body, headers={"content-type": "application/json"}), 400, "E003")


def test_dates_and_nul_follow_the_reader(store, pipeline):
    client = TestClient(app_for(store, pipeline))
    error = assert_error(client.post("/api/extract", json={"text": ARTICLE, "published": "2017-11-15T25:00"}),
                         422, "invalid_request")
    assert "E004" in error["message"]
    ok = client.post("/api/extract", json={"text": ARTICLE, "published": "2017-11-15T09:30:00+03:00"})
    assert ok.status_code == 200 and ok.json()["published"] == "2017-11-15"
    error = assert_error(client.post("/api/extract", json={"text": ARTICLE + "\u0000"}), 400, "E003")
    assert "NUL" in error["message"]
