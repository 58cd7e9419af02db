"""The Spark engine: the same partition function with PySpark's ``mapPartitions``.

Spark reads the input (a gzipped file is one split, so the rows are range-partitioned by their
input number before extraction: the parts come out in input order), every Python worker builds
its pipeline once, and Spark writes the output folder. On a cluster, hadath must be installed on
the workers, and INPUT and OUTPUT must be paths every node sees (HDFS, S3, a shared disk).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from .errors import MissingEngine
from .io import ERROR_COLUMNS, RECORD_COLUMNS, input_kind, parquet_files
from .rows import extract_rows, input_row


def spark_session(master: str | None, workers: int):
    """A Spark session for one batch run (local[workers] unless a master is given)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise MissingEngine("the spark engine needs PySpark: pip install 'hadath[spark]'", source="--engine") from None
    builder = (SparkSession.builder.appName("hadath batch").master(master or f"local[{workers}]")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.session.timeZone", "UTC"))
    if not master or master.startswith("local"):
        # the workers run this interpreter, where hadath is installed
        builder = builder.config("spark.pyspark.python", sys.executable)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _input_rows(spark, path: Path):
    """(n, input row) pairs of the input, read by Spark."""
    where = str(path)
    if input_kind(path) == "jsonl":
        lines = spark.sparkContext.textFile(where).zipWithIndex()
        return (lines.filter(lambda pair: pair[0].strip())
                .map(lambda pair: (pair[1] + 1, input_row(pair[1] + 1, f"{where}:{pair[1] + 1}", pair[0]))))
    files = [str(p) for p in parquet_files(path)]
    frame = spark.read.parquet(*files)
    return frame.rdd.zipWithIndex().map(
        lambda pair: (pair[1] + 1, {"n": pair[1] + 1, "where": f"{where}#{pair[1] + 1}",
                                    "record": _plain(pair[0].asDict())}))


def _plain(obj: dict) -> dict:
    """Spark rows carry dates and timestamps: the record reader wants strings."""
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in obj.items()}


def run_spark(path: Path, out: Path, fmt: str, spark, partitions: int | None = None) -> dict[str, tuple[int, int]]:
    """Extract every row of ``path`` into ``out`` with ``spark``; {kind: (rows, events)}."""
    from pyspark import StorageLevel

    rows = _input_rows(spark, path)
    partitions = partitions or max(2, spark.sparkContext.defaultParallelism * 4)
    output = (rows.sortByKey(numPartitions=partitions).values()
              .mapPartitions(extract_rows).persist(StorageLevel.MEMORY_AND_DISK))
    try:
        records = output.filter(lambda row: row["kind"] == "record")
        if fmt == "jsonl":
            records.map(lambda row: row["record"]).saveAsTextFile(str(out / "records"))
        else:
            from pyspark.sql.types import LongType, StringType, StructField, StructType

            schema = StructType([StructField(c, LongType() if c in ("n", "n_actors", "n_places", "n_events")
                                             else StringType()) for c in RECORD_COLUMNS])
            frame = spark.createDataFrame(records.map(lambda row: tuple(row.get(c) for c in RECORD_COLUMNS)),
                                          schema)
            frame.write.partitionBy("month").parquet(str(out / "records"))
        (output.filter(lambda row: row["kind"] == "error")
         .map(lambda row: json.dumps({c: row.get(c) for c in ERROR_COLUMNS}, ensure_ascii=False))
         .coalesce(1).saveAsTextFile(str(out / "errors")))
        counts = (output.map(lambda row: (row["kind"], (1, row.get("n_events") or 0)))
                  .reduceByKey(lambda a, b: (a[0] + b[0], a[1] + b[1])).collectAsMap())
    finally:
        output.unpersist()
    return {kind: tuple(value) for kind, value in counts.items()}


__all__ = ["run_spark", "spark_session"]
