"""`hadath evaluate`: extract a gold folder, score it, and show how well the event confidences are calibrated."""
from __future__ import annotations

import json


def add_parser(sub) -> None:
    p = sub.add_parser("evaluate", help="score the extractor on a folder of gold annotations, with a calibration table",
                       description="Extract every NAME.txt of GOLD_DIR (publication dates from articles.json, else "
                       "from NAME.gold.json), score the records against NAME.gold.json with the rules of the "
                       "evaluation contract (shared/eval/FORMAT.md), and print precision, recall and F1 for actors, "
                       "places and events, then the events' calibration: per confidence bin (0-0.1 ... 0.9-1) the "
                       "number of events, the share that match a gold event, and the expected calibration error.")
    p.add_argument("gold_dir", metavar="GOLD_DIR", help="folder of NAME.txt and NAME.gold.json files")
    p.add_argument("--min-confidence", metavar="X", help="score only the events whose confidence is at least X "
                   "(0..1): the precision and recall of the feed `hadath events --min-confidence X` gives")
    p.add_argument("--records", metavar="FILE", help="also write the extracted records here (JSON Lines), e.g. for "
                   "another scorer")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..confidence import check_min_confidence
    from ..evaluate import evaluate_folder, format_report

    min_confidence = check_min_confidence(args.min_confidence)
    records: list[dict] = []
    report = evaluate_folder(args.gold_dir, min_confidence=min_confidence, records_out=records)
    if args.records:
        with open(args.records, "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(format_report(report))
    return 0
