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
from .rows import extract_rows, input_row, problem_rows


SPARK_LOG_LEVELS = ("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG")
DEFAULT_SPARK_LOG_LEVEL = "ERROR"  # Spark's own start-up warnings (native-hadoop, loopback...) stay off the terminal


def log4j_config(level: str) -> Path:
    """A log4j2 configuration writing Spark's log at ``level`` to standard error, in a file of its own."""
    import tempfile

    level = level.upper()
    if level not in SPARK_LOG_LEVELS:
        raise MissingEngine(f"unknown Spark log level {level!r}; choose one of {', '.join(SPARK_LOG_LEVELS)}",
                            source="--spark-log-level")
    # PySpark runs as a Spark "shell", whose level is the REPL logger's (WARN, with a notice, unless configured)
    text = (f"rootLogger.level = {level.lower()}\n"
            "rootLogger.appenderRef.stderr.ref = console\n"
            "logger.repl.name = org.apache.spark.repl.Main\n"
            f"logger.repl.level = {level.lower()}\n"
            "logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer\n"
            f"logger.gateway.level = {level.lower()}\n"
            "appender.console.type = Console\n"
            "appender.console.name = console\n"
            "appender.console.target = SYSTEM_ERR\n"
            "appender.console.layout.type = PatternLayout\n"
            "appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex\n")
    folder = Path(tempfile.gettempdir()) / "hadath-spark"
    folder.mkdir(exist_ok=True)
    path = folder / f"log4j2-{level.lower()}.properties"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def spark_session(master: str | None, workers: int, log_level: str = DEFAULT_SPARK_LOG_LEVEL):
    """A Spark session for one batch run (local[workers] unless a master is given).

    Spark logs at ``log_level`` (ERROR unless asked), from the JVM's start on.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise MissingEngine("the spark engine needs PySpark: pip install 'hadath[spark]'", source="--engine") from None
    java_options = f"-Dlog4j2.configurationFile={log4j_config(log_level).as_uri()}"
    builder = (SparkSession.builder.appName("hadath batch").master(master or f"local[{workers}]")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.driver.extraJavaOptions", java_options)
               .config("spark.executor.extraJavaOptions", java_options)
               .config("spark.sql.session.timeZone", "UTC"))
    if not master or master.startswith("local"):
        # the workers run this interpreter, where hadath is installed
        builder = builder.config("spark.pyspark.python", sys.executable)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel(log_level.upper())
    return session


def _input_rows(spark, path: Path):
    """(n, input row) pairs of the input, read by Spark."""
    where = str(path)
    if input_kind(path) == "jsonl":
        # bytes, parsed by the worker with the reader's rule; the JVM has already replaced invalid UTF-8
        # by U+FFFD (Text.toString), so the worker reports any U+FFFD as a possible replacement (W001)
        lines = spark.sparkContext.textFile(where, use_unicode=False).zipWithIndex()
        return (lines.filter(lambda pair: pair[0].strip())
                .map(lambda pair: (pair[1] + 1, {**input_row(pair[1] + 1, f"{where}:{pair[1] + 1}", pair[0]),
                                                 "decoded_by_spark": True})))
    files = [str(p) for p in parquet_files(path)]
    frame = spark.read.parquet(*files)
    return frame.rdd.zipWithIndex().map(
        lambda pair: (pair[1] + 1, {"n": pair[1] + 1, "where": f"{where}#{pair[1] + 1}",
                                    "record": _plain(pair[0].asDict())}))


def _plain(obj: dict) -> dict:
    """Spark rows carry dates and timestamps: the record reader wants strings."""
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in obj.items()}


def run_spark(path: Path, out: Path, fmt: str, spark, partitions: int | None = None,
              min_confidence: float | None = None) -> dict[str, tuple[int, int]]:
    """Extract every row of ``path`` into ``out`` with ``spark``; {kind: (rows, events)}."""
    from functools import partial

    from pyspark import StorageLevel

    rows = _input_rows(spark, path)
    partitions = partitions or max(2, spark.sparkContext.defaultParallelism * 4)
    output = (rows.sortByKey(numPartitions=partitions).values()
              .mapPartitions(partial(extract_rows, min_confidence=min_confidence))
              .persist(StorageLevel.MEMORY_AND_DISK))
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
        (output.flatMap(problem_rows)
         .map(lambda row: json.dumps({c: row.get(c) for c in ERROR_COLUMNS}, ensure_ascii=False))
         .coalesce(1).saveAsTextFile(str(out / "errors")))
        counts = (output.map(lambda row: (row["kind"], (1, row.get("n_events") or 0)))
                  .reduceByKey(lambda a, b: (a[0] + b[0], a[1] + b[1])).collectAsMap())
    finally:
        output.unpersist()
    return {kind: tuple(value) for kind, value in counts.items()}


__all__ = ["run_spark", "spark_session"]
