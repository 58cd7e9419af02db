"""Fill in and update the status column of tests/data/event_cases.tsv by running the pipeline.

    .venv/bin/python scripts/event_cases_status.py            # report only
    .venv/bin/python scripts/event_cases_status.py --write    # and write the table

For every row the pipeline runs on the sentence (published 2019-05-26) and the row is checked
with ``check`` from tests/test_event_cases.py, the rule the test applies. Then:

- a row with no status gets ``pass`` or ``xfail``; an xfail row gets `` | fails: <what is wrong>``
  appended to its note (edit the words after it freely: they are the next engineer's to-do);
- an ``xfail`` row that now passes becomes ``pass`` and loses its `` | fails: ...`` part;
- a ``pass`` row that now fails is reported as a REGRESSION and left as it is (exit status 1):
  a pass is never silently rewritten into an xfail. Fix the code, or if the row itself is wrong,
  edit it by hand.
"""
from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cases_module():
    spec = importlib.util.spec_from_file_location("event_cases", ROOT / "tests" / "test_event_cases.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _why_no_event(doc, pipeline, row: dict, problem: str) -> str:
    """Tell 'no trigger' apart from 'a trigger, but no event' (the stage drops an event with no source).

    Reads the event stage's trigger finder; the words are only a hint.
    """
    if not problem.startswith(f"no {row['type']} event"):
        return problem
    from hadath.stages.events import find_triggers

    res = pipeline.event_resources
    hits = [h for h in find_triggers(doc, res.kb, res.words) if h.trigger.type == row["type"]]
    found = re.search(r"\(found: (.*)\)$", problem)
    instead = f"; found instead: {found.group(1)}" if found and found.group(1) != "nothing" else ""
    if not hits:
        return f"no {row['type']} trigger for this wording{instead}"
    words = ", ".join(doc.article.text[h.start:h.end] for h in hits)
    if row["source"] == "null":
        return f"no event: unnamed doer, trigger [{words}] dropped for want of a source{instead}"
    return f"trigger [{words}] found but no {row['type']} event emitted (no usable source read){instead}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, default=None, help="the table (default tests/data/event_cases.tsv)")
    parser.add_argument("--write", action="store_true", help="write the updated statuses back to the table")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every failing row")
    args = parser.parse_args(argv)

    cases = _cases_module()
    table = args.table or cases.TABLE
    from hadath.model import Article
    from hadath.output import to_record
    from hadath.pipeline import Pipeline

    pipeline = Pipeline()
    rows = {r["line"]: r for r in cases.load_rows(table)}
    lines = table.read_text(encoding="utf-8").split("\n")
    filled, flipped, regressions, still = [], [], [], []
    for number, row in rows.items():
        doc = pipeline(Article(id="case", text=row["sentence"], published=cases.PUBLISHED))
        problem = cases.check(to_record(doc), row)
        if problem is not None:
            problem = _why_no_event(doc, pipeline, row, problem)
        note, status = row["note"], row["status"]
        if status == "pass" and problem is not None:
            regressions.append((row["id"], problem))
            continue
        if status == "xfail" and problem is None:
            status, note = "pass", note.split(cases.FAILS)[0]
            flipped.append(row["id"])
        elif status == "xfail":
            still.append((row["id"], problem))
        elif status == "":
            status = "pass" if problem is None else "xfail"
            if problem is not None:
                note = note.split(cases.FAILS)[0] + cases.FAILS + problem
            filled.append((row["id"], status, problem))
        elif status != "pass":
            print(f"{row['id']}: unknown status {status!r}, left as it is", file=sys.stderr)
        if (status, note) != (row["status"], row["note"]):
            fields = lines[number - 1].split("\t")
            fields[cases.COLUMNS.index("status")] = status
            fields[cases.COLUMNS.index("note")] = note
            lines[number - 1] = "\t".join(fields)

    for row_id, status, problem in filled:
        print(f"new   {row_id}: {status}" + (f" ({problem})" if problem else ""))
    for row_id in flipped:
        print(f"FIXED {row_id}: xfail -> pass")
    if args.verbose:
        for row_id, problem in still:
            print(f"xfail {row_id}: {problem}")
    for row_id, problem in regressions:
        print(f"REGRESSION {row_id}: was pass, now {problem}", file=sys.stderr)
    total = len(rows)
    passing = sum(1 for r in rows.values() if r["status"] == "pass") + len(flipped) \
        + sum(1 for _, s, _ in filled if s == "pass") - len(regressions)
    print(f"{total} rows: {passing} pass, {total - passing} xfail or failing; "
          f"{len(flipped)} flipped to pass, {len(filled)} filled in, {len(regressions)} regressions")
    if args.write and (filled or flipped):
        table.write_text("\n".join(lines), encoding="utf-8")
        print(f"wrote {table}")
    elif filled or flipped:
        print("(not written: pass --write)")
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main())
