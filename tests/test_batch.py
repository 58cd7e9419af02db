"""`hadath batch`: both engines give identical records; failures are recorded, never fail the job."""
from __future__ import annotations

import gzip
import json
import os
import shutil
from itertools import islice
from pathlib import Path

import pytest
from conftest import shared_path
from store_support import dev_articles

from hadath.batch import read_errors, read_records, run_batch
from hadath.batch.errors import BatchError
from hadath.cli import main
from hadath.output import to_record


def _write_jsonl(path: Path, rows: list) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n")
    return path


def _dev_rows() -> list[dict]:
    return [{"id": a.id, "text": a.text, "published": a.published.isoformat() if a.published else None,
             "title": a.title, "source": a.source, "url": a.url} for a in dev_articles()]


@pytest.fixture(scope="module")
def dev_input(tmp_path_factory) -> Path:
    rows = _dev_rows()
    # a bad line in the middle, an empty article, and a record that is not Arabic
    rows[2:2] = ["{not json", {"id": "empty", "text": "  "}, {"id": "en", "text": "Only English words here."}]
    return _write_jsonl(tmp_path_factory.mktemp("batch") / "dev.jsonl", rows)


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("the spark engine needs Java")
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    from hadath.batch.spark import spark_session

    session = spark_session(None, 2)
    yield session
    session.stop()


def test_local_records_are_what_extract_gives_and_bad_lines_are_listed(dev_input, tmp_path, pipeline):
    summary = run_batch(dev_input, tmp_path / "out", engine="local", workers=1)
    records = list(read_records(tmp_path / "out"))
    expected = [to_record(pipeline(a)) for a in dev_articles()]
    assert records == json.loads(json.dumps(expected))  # JSON round trip: tuples become lists
    errors = read_errors(tmp_path / "out")
    assert [(e["n"], e["code"]) for e in errors] == [(3, "E005"), (4, "E002"), (5, "E006")]
    assert all(str(dev_input) in e["message"] for e in errors)
    assert (summary.records, summary.errors, summary.read) == (len(expected), 3, len(expected) + 3)
    assert summary.events == sum(len(r["events"]) for r in expected)
    assert json.loads((tmp_path / "out" / "_SUMMARY.json").read_text())["errors_by_code"] == {
        "E002": 1, "E005": 1, "E006": 1}


def test_pool_and_parquet_keep_the_input_order(dev_input, tmp_path):
    run_batch(dev_input, tmp_path / "one", workers=1)
    run_batch(dev_input, tmp_path / "two", workers=2, fmt="parquet")
    assert list(read_records(tmp_path / "two")) == list(read_records(tmp_path / "one"))
    months = sorted(p.name for p in (tmp_path / "two" / "records").iterdir())
    assert months and all(m.startswith("month=") for m in months)


def test_spark_gives_the_records_of_the_local_engine_on_the_dev_articles(spark, dev_input, tmp_path):
    local = run_batch(dev_input, tmp_path / "local", workers=2)
    for fmt in ("jsonl", "parquet"):
        summary = run_batch(dev_input, tmp_path / f"spark-{fmt}", engine="spark", fmt=fmt, spark=spark)
        assert list(read_records(tmp_path / f"spark-{fmt}")) == list(read_records(tmp_path / "local"))
        assert read_errors(tmp_path / f"spark-{fmt}") == read_errors(tmp_path / "local")
        assert (summary.records, summary.errors, summary.events) == (local.records, local.errors, local.events)


def test_spark_and_local_agree_on_2000_saudinewsnet_articles(spark, tmp_path):
    corpus = shared_path("data", "saudinewsnet", "saudinewsnet_all.jsonl.gz")
    sample = tmp_path / "sample.jsonl.gz"
    with gzip.open(corpus, "rb") as source, gzip.open(sample, "wb") as target:
        target.writelines(islice(source, 2000))
    local = run_batch(sample, tmp_path / "local", workers=2, fmt="parquet")
    on_spark = run_batch(sample, tmp_path / "spark", engine="spark", spark=spark)
    assert local.read == on_spark.read == 2000
    assert local.records > 1900
    assert list(read_records(tmp_path / "spark")) == list(read_records(tmp_path / "local"))
    assert read_errors(tmp_path / "spark") == read_errors(tmp_path / "local")


def test_parquet_input(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = _dev_rows()
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in.parquet")
    run_batch(tmp_path / "in.parquet", tmp_path / "from-parquet")
    run_batch(_write_jsonl(tmp_path / "in.jsonl", rows), tmp_path / "from-jsonl")
    assert list(read_records(tmp_path / "from-parquet")) == list(read_records(tmp_path / "from-jsonl"))


def test_spark_reads_parquet_with_date_columns(spark, tmp_path):
    pa = pytest.importorskip("pyarrow")
    import datetime as dt

    import pyarrow.parquet as pq

    rows = [{**r, "published": dt.date.fromisoformat(r["published"])} for r in _dev_rows()]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in.parquet")
    run_batch(tmp_path / "in.parquet", tmp_path / "local")
    run_batch(tmp_path / "in.parquet", tmp_path / "spark", engine="spark", spark=spark)
    assert list(read_records(tmp_path / "spark")) == list(read_records(tmp_path / "local"))


def test_a_document_that_breaks_the_pipeline_is_recorded_and_the_rest_goes_on(monkeypatch, dev_input, tmp_path,
                                                                             pipeline):
    import hadath.batch.rows as rows

    def fragile(article):
        if article.id == "snn14587":
            raise RuntimeError("boom")
        return pipeline(article)

    monkeypatch.setattr(rows, "worker_pipeline", lambda: fragile)
    summary = run_batch(dev_input, tmp_path / "out")
    failed = [e for e in read_errors(tmp_path / "out") if e["code"] == "E061"]
    assert [e["id"] for e in failed] == ["snn14587"] and "RuntimeError: boom" in failed[0]["message"]
    assert summary.records == len(_dev_rows()) - 1


def test_a_damaged_gzip_keeps_what_came_before(tmp_path):
    whole = gzip.compress("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _dev_rows()).encode("utf-8"))
    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(whole[: len(whole) * 2 // 3])
    summary = run_batch(damaged, tmp_path / "out")
    errors = read_errors(tmp_path / "out")
    assert errors[-1]["code"] == "E003" and "damaged" in errors[-1]["message"]
    assert summary.records >= 1


@pytest.mark.parametrize("name, problem", [("missing.jsonl", "no such file"), ("notes.docx", "not a batch input")])
def test_bad_inputs_are_refused_by_name(tmp_path, name, problem):
    path = tmp_path / name
    if name.endswith(".docx"):
        path.write_bytes(b"PK\x03\x04")
    with pytest.raises(BatchError, match=problem) as caught:
        run_batch(path, tmp_path / "out")
    assert name in str(caught.value)


def test_output_folder_is_never_mixed_or_wiped_by_mistake(dev_input, tmp_path):
    other = tmp_path / "notes"
    other.mkdir()
    (other / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(BatchError, match="not empty"):
        run_batch(dev_input, other)
    with pytest.raises(BatchError, match="something else"):
        run_batch(dev_input, other, overwrite=True)
    assert (other / "keep.txt").read_text(encoding="utf-8") == "mine"
    run_batch(dev_input, tmp_path / "out")
    run_batch(dev_input, tmp_path / "out", overwrite=True, fmt="parquet")
    assert not (tmp_path / "out" / "records" / "part-00000.jsonl").exists()


def test_cli_batch_with_dedup(dev_input, tmp_path, capsys):
    assert main(["batch", str(dev_input), str(tmp_path / "out"), "--workers", "2", "--dedup", "--json"]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert summary["errors"] == 3 and summary["canonical_events"] > 0
    lines = (tmp_path / "out" / "canonical_events.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == summary["canonical_events"]
    assert sum(len(json.loads(line)["members"]) for line in lines) == summary["events"]
    assert main(["batch", str(dev_input), str(tmp_path / "out2"), "--master", "local[2]"]) == 2
    assert "--master goes with --engine spark" in capsys.readouterr().err
