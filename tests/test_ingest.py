"""`hadath ingest` and hadath.ingest: every kind of input, bad inputs, idempotence, and the CLI."""
from __future__ import annotations

import gzip
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hadath.cli import main
from hadath.ingest import ingest
from hadath.store import open_store
from store_support import db_target, pg_server  # noqa: F401 - fixtures

A1 = "قصفت الطائرات الحربية الروسية مدينة إدلب أمس، ما أسفر عن مقتل 12 مدنيا وإصابة آخرين."
A2 = "اشتبكت قوات الجيش السوري مع عناصر تنظيم داعش في ريف حمص الشرقي صباح اليوم."
A3 = "تظاهر مئات المواطنين في العاصمة اللبنانية بيروت احتجاجا على تردي الأوضاع المعيشية."
A4 = "أعلنت وزارة الداخلية السعودية القبض على خلية إرهابية في مدينة الرياض الأسبوع الماضي."
A5 = "شنت مقاتلات التحالف العربي غارات جوية على مواقع الحوثيين في محافظة صعدة شمال اليمن."
LONG = " ".join([A5, A2, A3, A1] * 3)


def page(title: str, body: str, date: str | None = "2019-03-04", url: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    return (f"<html><head><title>{title}</title>{meta}{canonical}</head><body><nav>الرئيسية | أخبار</nav>"
            f"<article><h1>{title}</h1><p>{body}</p><p>{body}</p></article><footer>جميع الحقوق محفوظة</footer>"
            "</body></html>")


class Site:
    """A local web server with fixed pages; counts requests per path."""

    def __init__(self, pages: dict[str, tuple[int, str, bytes]]):
        self.pages, self.hits = pages, {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                status, kind, body = site.pages.get(self.path, (404, "text/plain", b"not found"))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    html = "text/html; charset=utf-8"
    s = Site({"/a1": (200, html, page("غارات على إدلب", A1 + " " + A2).encode("utf-8")),
              "/a5": (200, html, page("غارات التحالف", LONG, date="2018-06-07").encode("utf-8")),
              "/pdf": (200, "application/pdf", b"%PDF-1.4 binary"),
              "/gone": (410, html, b"<html>gone</html>")})
    yield s
    s.close()


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "ingest.db")


def _write(path, text: str | bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_folder_of_text_html_and_jsonl(tmp_path, db, pipeline):
    folder = tmp_path / "in"
    _write(folder / "one.txt", A1)
    _write(folder / "one.meta.json", json.dumps({"id": "art-1", "published": "2019-05-26", "url": "http://x/1",
                                                 "title": "عنوان"}))
    _write(folder / "sub" / "two.txt", A2)
    _write(folder / "page.html", page("مظاهرات بيروت", A3))
    lines = [{"id": "snn-a", "content": A4, "date_extracted": "2015-07-21 02:51:32", "source": "okaz",
              "url": "http://okaz/1", "title": "خلية"},
             {"id": "snn-b", "text": A5, "published": "2015-07-22"}]
    _write(folder / "feed.jsonl.gz", gzip.compress("\n".join(json.dumps(x, ensure_ascii=False)
                                                             for x in lines).encode("utf-8")))
    _write(folder / "notes.md", "# not an input")  # other files in a folder are not inputs
    with open_store(db) as store:
        summary = ingest(store, [str(folder)], published=None, pipeline=pipeline)
        assert (summary.read, summary.new, summary.duplicates, summary.failed) == (5, 5, 0, 0)
        one = store.get_article("art-1")
        assert (one["published"], one["url"], one["title"], one["text"]) == ("2019-05-26", "http://x/1", "عنوان", A1)
        assert store.get_article("two")["published"] is None
        html = store.get_article("page")
        assert html["published"] == "2019-03-04" and A3 in html["text"] and "الحقوق" not in html["text"]
        assert html["title"] == "مظاهرات بيروت"
        snn = store.get_article("snn-a")
        assert (snn["published"], snn["source"], snn["text"]) == ("2015-07-21", "okaz", A4)
        assert store.count_events() > 0
        # a second run finds everything stored: nothing new, nothing extracted again
        again = ingest(store, [str(folder)], pipeline=pipeline)
        assert (again.read, again.new, again.duplicates, again.failed) == (5, 0, 5, 0)
        assert store.count_articles() == 5


def test_published_option_is_the_fallback(tmp_path, db, pipeline):
    import datetime as dt

    _write(tmp_path / "a.txt", A1)
    _write(tmp_path / "b.jsonl", json.dumps({"id": "b", "text": A2, "published": "2014-01-02"}))
    with open_store(db) as store:
        ingest(store, [str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl")], published=dt.date(2020, 2, 3),
               pipeline=pipeline)
        assert store.get_article("a")["published"] == "2020-02-03"
        assert store.get_article("b")["published"] == "2014-01-02"  # the record's own date wins


def test_bad_inputs_are_reported_and_skipped(tmp_path, db, pipeline):
    folder = tmp_path / "bad"
    _write(folder / "empty.txt", "")
    _write(folder / "binary.txt", b"\x00\x01\x02\x03" * 50)
    _write(folder / "english.txt", "This article is written in English and hadath reads Arabic.")
    _write(folder / "latin1.txt", "caf\xe9 cr\xe8me".encode("latin-1") * 20)
    _write(folder / "lines.jsonl", "\n".join([json.dumps({"id": "ok", "text": A1}), "{not json",
                                              json.dumps(["a", "list"]), json.dumps({"id": "x", "title": "no text"}),
                                              json.dumps({"id": "d", "text": A2, "published": "yesterday"})]))
    _write(folder / "cut.jsonl.gz", gzip.compress((json.dumps({"id": "g", "text": A3}) + "\n").encode() * 3)[:-30])
    _write(folder / "broken.rss", "<?xml version='1.0'?><rss><channel><item><title>x</title></channel>")
    _write(folder / "meta.txt", A4)
    _write(folder / "meta.meta.json", "{broken")
    _write(folder / "blank.html", "<html><head><title>x</title></head><body><nav>menu</nav></body></html>")
    _write(folder / "huge.txt", A1 * 40_000)
    with open_store(db) as store:
        summary = ingest(store, [str(folder), str(tmp_path / "missing.txt")], pipeline=pipeline)
        reasons = "\n".join(f.reason for f in summary.failures)
        assert summary.new >= 1 and store.get_article("ok") is not None
        for expected in ("[E002]", "[E003]", "[E006]", "[E005]", "[E004]", "[E041]", "[E001]", "[E007]"):
            assert expected in reasons, expected
        for name in ("empty.txt", "binary.txt", "english.txt", "lines.jsonl:2", "lines.jsonl:3", "lines.jsonl:4",
                     "lines.jsonl:5", "cut.jsonl.gz", "broken.rss", "meta.meta.json", "missing.txt", "blank.html",
                     "huge.txt"):
            assert name in reasons, name
        assert summary.read == summary.new + summary.duplicates + summary.failed
        assert store.count_articles() == summary.new


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>أخبار</title>
<item><title>غارات على صعدة</title><link>http://example.invalid/full</link>
<pubDate>Tue, 05 Mar 2019 10:00:00 GMT</pubDate><content:encoded><![CDATA[<p>{long}</p>]]></content:encoded></item>
<item><title>تقرير</title><link>{teaser_link}</link><description>غارات جديدة.</description></item>
<item><title>بلا نص ولا رابط</title></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>أخبار</title>
<entry><title>اشتباكات في حمص</title><id>tag:x,2019:1</id><link href="{link}"/>
<published>2019-04-01T08:00:00Z</published><summary>اشتباكات.</summary></entry>
</feed>"""


def test_rss_and_atom_feeds_with_teasers_fetched(tmp_path, db, pipeline, site):
    rss = _write(tmp_path / "news.rss", RSS.format(long=LONG, teaser_link=site.url("/a5")))
    atom = _write(tmp_path / "news.atom", ATOM.format(link=site.url("/a1")))
    with open_store(db) as store:
        summary = ingest(store, [str(rss), str(atom)], pipeline=pipeline)
        assert (summary.read, summary.new, summary.failed) == (4, 3, 1)
        assert "no text and no link" in summary.failures[0].reason and "news.rss#3" in summary.failures[0].reason
        stored = {a["url"]: a for a in store.list_articles()}
        full = store.get_article(next(a["id"] for u, a in stored.items() if u == "http://example.invalid/full"))
        assert full["published"] == "2019-03-05" and full["title"] == "غارات على صعدة"
        teaser = store.get_article(stored[site.url("/a5")]["id"])
        assert teaser["published"] == "2018-06-07"  # the feed has no date: the page's own
        assert A5 in teaser["text"]
        entry = store.get_article(stored[site.url("/a1")]["id"])
        assert entry["published"] == "2019-04-01" and A1 in entry["text"]
        hits = dict(site.hits)
        again = ingest(store, [str(rss), str(atom)], pipeline=pipeline)
        assert (again.new, again.duplicates) == (0, 3)
        assert site.hits == hits  # stored URLs are not fetched again


def test_url_list_with_failures(tmp_path, db, pipeline, site):
    urls = _write(tmp_path / "list.urls", "\n".join(["# a comment", site.url("/a1"), site.url("/pdf"),
                                                     site.url("/gone"), site.url("/nowhere"), site.url("/a1"),
                                                     "ftp://example.invalid/x"]))
    with open_store(db) as store:
        summary = ingest(store, [str(urls)], pipeline=pipeline)
        assert (summary.read, summary.new, summary.duplicates, summary.failed) == (6, 1, 1, 4)
        reasons = " ".join(f.reason for f in summary.failures)
        assert "application/pdf" in reasons and "HTTP 410" in reasons and "HTTP 404" in reasons
        assert "only http://" in reasons and reasons.count("[E040]") == 4
        article = store.list_articles()[0]
        assert article["url"] == site.url("/a1") and article["published"] == "2019-03-04"


def test_txt_of_urls_is_a_url_list_and_no_fetch_fetches_nothing(tmp_path, db, pipeline, site):
    urls = _write(tmp_path / "links.txt", site.url("/a1") + "\n" + site.url("/a5") + "\n")
    with open_store(db) as store:
        summary = ingest(store, [str(urls)], fetch=False, pipeline=pipeline)
        assert (summary.new, summary.failed) == (0, 2) and "--no-fetch" in summary.failures[0].reason
        assert site.hits == {}
        assert ingest(store, [str(urls)], pipeline=pipeline).new == 2


def test_cli_ingest_summary_search_events_show_export(tmp_path, capsys, db_target):
    folder = tmp_path / "in"
    for number, text in enumerate([A1, A2, A3, A4, A5], start=1):
        _write(folder / f"a{number}.txt", text)
    _write(folder / "bad.txt", "")
    db = db_target  # a SQLite file, then a PostgreSQL database
    code = main(["ingest", str(folder), "--db", db, "--published", "2019-05-26"])
    out, err = capsys.readouterr()
    assert code == 1  # one input failed
    assert "read 6, new 5, duplicates 0, failed 1" in out and "bad.txt" in out and "E002" in out
    assert "\r" not in err  # no progress bar when standard error is no terminal
    code = main(["ingest", str(folder / "a1.txt"), "--db", db, "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and (summary["new"], summary["duplicates"], summary["stored"]) == (0, 1, 5)

    assert main(["search", "إدلب", "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith("a1  2019-05-26") and "[[إدلب]]" in out
    assert main(["search", "الحوثيين", "--db", db, "--json"]) == 0
    hit = json.loads(capsys.readouterr().out.splitlines()[0])
    assert hit["article_id"] == "a5" and "[[الحوثيين]]" in hit["snippet"]

    assert main(["events", "--db", db, "--count"]) == 0
    total = int(capsys.readouterr().out)
    assert total > 0
    assert main(["events", "--db", db, "--json", "--type", "ASSAULT"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert events and all(e["type"] == "ASSAULT" for e in events)
    assert main(["show", "a3", "--db", db]) == 0
    assert A3 in capsys.readouterr().out
    assert main(["show", "nope", "--db", db]) == 2
    assert "nope" in capsys.readouterr().err
    assert main(["export", "--db", db, "-f", "jsonl", "--articles"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["id"] for r in records) == ["a1", "a2", "a3", "a4", "a5"]


def test_cli_bad_options_are_one_line_errors(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    assert main(["events", "--db", db, "--near", "33,36"]) == 2
    assert "LAT,LON,KM" in capsys.readouterr().err
    assert main(["events", "--db", db, "--since", "last week"]) == 2
    assert "[E004]" in capsys.readouterr().err
    assert main(["search", "   ", "--db", db]) == 2
    assert "[E032]" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path / "none"), "--db", db, "--published", "05/26/2019"]) == 2
    assert "[E004]" in capsys.readouterr().err
    bad_db = tmp_path / "bad.db"
    bad_db.write_bytes(b"not a database at all" * 100)
    assert main(["search", "x", "--db", str(bad_db)]) == 2
    assert "[E030]" in capsys.readouterr().err


def test_progress_bar_draws_share_counts_and_rate():
    from hadath.commands.ingest import Progress
    from hadath.ingest import IngestSummary

    stream = io.StringIO()
    bar = Progress(total=8, stream=stream)
    bar(IngestSummary(read=2, new=1, duplicates=1), "new")
    bar(IngestSummary(read=3, new=2, duplicates=1), "new")  # within 0.2 s of the last: not redrawn
    bar.close()
    drawn = stream.getvalue()
    assert drawn.startswith("\r[######")
    assert "25% 2/8" in drawn and "1 new" in drawn and "1 dup" in drawn and "3/8" not in drawn
    assert drawn.endswith("\r\033[K")
