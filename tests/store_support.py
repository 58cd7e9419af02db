"""Fixtures for the store, ingest and export tests: dev articles, their records, and both backends.

PostgreSQL: $HADATH_TEST_PG (a postgresql:// URL to a server where the user may create
databases) is used when set; otherwise a throwaway cluster is started on loopback from the
Debian binaries (/usr/lib/postgresql/*/bin, or $HADATH_PG_BIN), as an unprivileged user when
the tests run as root (initdb refuses root). The PostgreSQL cases skip only when neither works.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from conftest import shared_path

BACKENDS = ["sqlite", "postgresql"]


def dev_articles():
    """The annotated dev articles that have metadata (id, text, date, source, URL)."""
    from hadath.model import Article

    folder = shared_path("eval", "dev")
    meta = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
    return [Article(id=key, text=(folder / f"{key}.txt").read_text(encoding="utf-8"),
                    published=dt.date.fromisoformat(m["published"]), source=m.get("source"), url=m.get("url"))
            for key, m in sorted(meta.items())]


def _pg_bindir() -> Path | None:
    if os.environ.get("HADATH_PG_BIN"):
        return Path(os.environ["HADATH_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
                   if p.parent.parent.name.isdigit() else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresCluster:
    """A throwaway PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="hadath-pg-"))
        self.user = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    self.user = pwd.getpwnam(name)
                    break
                except KeyError:
                    continue
            if self.user is None:
                raise RuntimeError("running as root and no unprivileged user to run PostgreSQL")
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        self.port = _free_port()
        self.data = self.root / "data"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.user is not None:
            cmd = ["runuser", "-u", self.user.pw_name, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.root)

    def start(self) -> str:
        done = self._run("initdb", "-D", str(self.data), "-U", "hadath", "-A", "trust", "-E", "UTF8",
                         "--no-locale", "--no-sync")
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()[-500:]}")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=40")
        done = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "60",
                         "-o", options, "start")
        if done.returncode != 0:
            log = (self.root / "log").read_text(errors="replace")[-500:] if (self.root / "log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {done.stderr.strip()[-300:]} {log}")
        return f"postgresql://hadath@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server():
    """A postgresql:// URL of a server where databases may be created; skips when there is none."""
    pytest.importorskip("psycopg")
    if os.environ.get("HADATH_TEST_PG"):
        yield os.environ["HADATH_TEST_PG"]
        return
    bindir = _pg_bindir()
    if bindir is None or not (bindir / "initdb").exists():
        pytest.skip("PostgreSQL binaries not found (scripts/ci/postgres.sh installs them)")
    cluster = PostgresCluster(bindir)
    try:
        url = cluster.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        cluster.stop()
        pytest.skip(f"cannot start PostgreSQL: {exc}")
    yield url
    cluster.stop()


def fresh_pg_database(server_url: str) -> str:
    """A new empty database on the server; its URL."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
    base, _, _db = server_url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(params=BACKENDS)
def db_target(request, tmp_path):
    """A fresh, empty database for each backend: a SQLite path or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return fresh_pg_database(request.getfixturevalue("pg_server"))


@pytest.fixture(scope="session")
def dev_records(pipeline):
    """(article, record) for each dev article, extracted once."""
    from hadath.output import to_record

    return [(article, to_record(pipeline(article))) for article in dev_articles()]


@pytest.fixture(scope="module", params=BACKENDS)
def filled_store(request, tmp_path_factory, dev_records):
    """A store holding the dev articles, shared by a module's read-only tests."""
    from hadath.store import open_store

    if request.param == "sqlite":
        target = str(tmp_path_factory.mktemp("filled") / "store.db")
    else:
        target = fresh_pg_database(request.getfixturevalue("pg_server"))
    store = open_store(target)
    for article, record in dev_records:
        store.add(article, record)
    yield store
    store.close()
