"""Throughput and peak memory of `hadath batch` (local with 1 and 2 workers, Spark local[2]) and of
single-process extraction with its stage profile and the bare Aho-Corasick floor, on SaudiNewsNet.

    .venv/bin/python bench/bench_batch.py [--limit N] [--runs extract,local-1,local-2,spark-2]

Each run is a child process; its peak memory is the largest sum of the proportional set size
(PSS: resident pages, those shared between forked workers counted once) of its whole process
tree (pool workers, the JVM and Spark's Python workers included), sampled every 0.2 s. Writes bench/reports/batch.{json,md}; the extract run writes bench/reports/extract-full.*.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet_all.jsonl.gz"
HADATH = Path(sys.executable).with_name("hadath")
RUNS = {"local-1": ("local", 1), "local-2": ("local", 2), "spark-2": ("spark", 2)}


def _pss_kib(pid: int) -> int | None:
    """Proportional set size: pages shared by forked workers counted once across the tree."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _tree(root: int) -> dict[int, tuple[int, int]]:
    """pid -> (resident KiB, CPU clock ticks so far) for ``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    stats: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            stats[int(entry)] = (_pss_kib(int(entry)) or int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024),
                                 int(fields[11]) + int(fields[12]))
        except (OSError, IndexError, ValueError):
            continue
    tree, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            tree[pid] = stats[pid]
        todo += children.get(pid, [])
    return tree


def measured(command: list[str], env: dict | None = None) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = [0]
    ticks: dict[int, int] = {}  # the CPU each process of the tree had used when last seen

    def sample() -> None:
        while process.poll() is None:
            tree = _tree(process.pid)
            peak[0] = max(peak[0], sum(rss for rss, _ in tree.values()))
            ticks.update({pid: cpu for pid, (_, cpu) in tree.items()})
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # the JVM and its Python workers are not reaped by this process: their CPU is what sampling saw
    cpu = max((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
              sum(ticks.values()) / os.sysconf("SC_CLK_TCK"))
    if process.returncode not in (0, 1):  # 1: some documents failed, which the summary counts
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{err[-3000:]}")
    return {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "peak_memory_mib": round(peak[0] / 1024, 1),
            "stdout": out}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="first N articles only (default: all)")
    ap.add_argument("--runs", default="extract,local-1,local-2,spark-2")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    runs = args.runs.split(",")
    corpus = args.corpus
    with tempfile.TemporaryDirectory() as tmp:
        if args.limit:
            import gzip
            from itertools import islice

            corpus = Path(tmp) / "sample.jsonl.gz"
            with gzip.open(args.corpus, "rb") as source, gzip.open(corpus, "wb") as target:
                target.writelines(islice(source, args.limit))
        results: dict[str, dict] = {}
        for run in runs:
            if run == "extract":
                limit = str(args.limit or 10**9)
                m = measured([sys.executable, str(ROOT / "bench" / "bench_extract.py"), "--corpus", str(corpus),
                              "--limit", limit, "--name", "extract-full"])
                report = json.loads((ROOT / "bench" / "reports" / "extract-full.json").read_text(encoding="utf-8"))
                results[run] = {"what": "extract pipeline, one process (bench_extract.py)",
                                "articles": report["articles"], "records": report["articles"],
                                "seconds": report["seconds"], "cpu_seconds": report["cpu_seconds"],
                                "articles_per_second": report["articles_per_second"],
                                "articles_per_cpu_second": report["articles_per_cpu_second"],
                                "peak_memory_mib": m["peak_memory_mib"], "kb_load_seconds": report["kb_load_seconds"]}
                continue
            engine, workers = RUNS[run]
            out = Path(tmp) / run
            env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"}
            m = measured([str(HADATH), "batch", str(corpus), str(out), "--engine", engine, "--workers", str(workers),
                          "--format", "parquet", "--json"], env=env)
            summary = json.loads(m["stdout"].strip().splitlines()[-1])
            read = summary["records"] + summary["errors"]
            results[run] = {"what": f"hadath batch --engine {engine} --workers {workers} --format parquet",
                            "articles": read, "records": summary["records"], "events": summary["events"],
                            "seconds": m["seconds"], "cpu_seconds": m["cpu_seconds"],
                            "articles_per_second": round(read / m["seconds"], 1),
                            "articles_per_cpu_second": round(read / m["cpu_seconds"], 1) if m["cpu_seconds"] else None,
                            "peak_memory_mib": m["peak_memory_mib"]}
            print(run, json.dumps(results[run]), flush=True)
    meta = {"corpus": str(args.corpus.name), "limit": args.limit or "all", "python": platform.python_version(),
            "machine": platform.machine(), "cpus": os.cpu_count(), "load_average_after": round(os.getloadavg()[0], 2),
            "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    out_dir = ROOT / "bench" / "reports"
    (out_dir / "batch.json").write_text(json.dumps({"meta": meta, "runs": results}, indent=2) + "\n", encoding="utf-8")
    lines = ["# hadath batch benchmark", "",
             f"Corpus {meta['corpus']} ({meta['limit']} articles), Python {meta['python']}, {meta['machine']}, "
             f"{meta['cpus']} CPUs; load average {meta['load_average_after']} when it finished ({meta['finished']}).",
             "Each run is one child process tree; time includes start-up and loading the knowledge base "
             "(per worker), except the extract run, which times the pipeline alone (bench_extract.py). "
             "Peak memory: the largest sum of PSS over the tree (shared pages counted once).", "",
             "| run | articles | seconds | CPU s | articles/s | articles/CPU s | peak memory MiB |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, r in results.items():
        lines.append(f"| {name}: {r['what']} | {r['articles']:,} | {r['seconds']} | {r['cpu_seconds']} | "
                     f"{r['articles_per_second']} | {r['articles_per_cpu_second']} | {r['peak_memory_mib']} |")
    if "local-1" in results and "local-2" in results:
        lines.append(f"\nlocal, 2 workers vs 1: **{results['local-2']['articles_per_second'] / results['local-1']['articles_per_second']:.2f}x**.")
    if "spark-2" in results and "local-2" in results:
        lines.append(f"Spark local[2] vs local with 2 workers: **{results['spark-2']['articles_per_second'] / results['local-2']['articles_per_second']:.2f}x**.")
    lines.append("\nStage profile and the bare Aho-Corasick scan of the extract run: `extract-full.md`.")
    (out_dir / "batch.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
