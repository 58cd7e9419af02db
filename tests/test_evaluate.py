"""`hadath evaluate` and hadath.evaluate: the scoring rules, the calibration table, and agreement with the
reference scorer (shared/eval/score.py) on the dev articles."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import shared_path

from hadath.cli import main
from hadath.evaluate import calibration, coverage, normalize_mention, read_gold_folder, score_records

TINY = Path(__file__).parent / "data" / "eval_tiny"


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_normalisation_and_coverage():
    assert normalize_mention("إدلبَ") == normalize_mention("ادلب") == "ادلب"
    assert normalize_mention("«الرئاسة»، مصر") == "الرئاسه مصر"
    assert normalize_mention("على") == "علي"
    assert coverage("مدينة ادلب", "ادلب") == 4  # the system mention holds the gold one
    assert coverage("عون", "ميشال عون") == 0  # too short a part of the gold mention
    assert coverage("ميشال", "ميشال عون") == 5  # at least half of it
    assert coverage("", "ادلب") == 0


def _records() -> dict:
    """Hand-written records for the tiny gold folder: one spurious actor, one spurious event."""
    return {
        "idlib": {"id": "idlib",
                  "actors": [{"id": "A1", "country": "SYR", "sector": "CVL", "mentions": [{"text": "ناشطون"}]},
                             {"id": "A2", "country": "RUS", "sector": "MIL",
                              "mentions": [{"text": "الطائرات الحربية الروسية"}]}],
                  "places": [{"id": "P1", "lat": 35.93, "lon": 36.63, "mentions": [{"text": "إدلب"}]}],
                  "events": [{"id": "E1", "type": "ASSAULT", "source": "A2", "target": None, "place": "P1",
                              "date": {"start": "2018-02-14"}, "confidence": 0.75},
                             {"id": "E2", "type": "PROTEST", "source": "A1", "target": None, "place": "P1",
                              "date": {"start": "2018-02-14"}, "confidence": 0.95}]},
        "beirut": {"id": "beirut",
                   "actors": [{"id": "A1", "country": "USA", "sector": "GOV", "mentions": [{"text": "ريكس تيلرسون"}]},
                              {"id": "A2", "country": "LBN", "sector": "GOV", "mentions": [{"text": "ميشال عون"}]}],
                   # aligned by its name, but 100 km from Beirut: found, not linked
                   "places": [{"id": "P1", "lat": 34.79, "lon": 35.5, "mentions": [{"text": "بيروت"}]}],
                   # Tillerson -> Aoun where the gold says Aoun -> Tillerson: CONSULT goes either way;
                   # one day off the gold date: matched, but the date is wrong
                   "events": [{"id": "E1", "type": "CONSULT", "source": "A1", "target": "A2", "place": "P1",
                               "date": {"start": "2018-02-16"}, "confidence": 0.15}]},
    }


def test_scores_of_hand_written_records():
    golds = [a.gold for a in read_gold_folder(TINY)]
    report = score_records(golds, _records())
    assert report["articles"] == 2 and report["articles_missing_from_output"] == []
    assert {k: report["actors"][k] for k in ("tp", "fp", "fn")} == {"tp": 3, "fp": 1, "fn": 1}
    assert report["actors"]["f1"] == 0.75 and report["actors"]["linked_f1"] == 0.75
    assert {k: report["places"][k] for k in ("tp", "fp", "fn", "linked")} == {"tp": 2, "fp": 0, "fn": 0, "linked": 1}
    assert report["places"]["f1"] == 1.0 and report["places"]["linked_f1"] == 0.5
    # ASSAULT and the reversed CONSULT match; the PROTEST is spurious; the gold PROTEST is missed
    assert {k: report["events"][k] for k in ("tp", "fp", "fn")} == {"tp": 2, "fp": 1, "fn": 1}
    assert report["events"]["precision"] == 0.667 and report["events"]["recall"] == 0.667
    assert report["date_accuracy"] == 0.5
    cal = report["calibration"]
    assert cal["events"] == 3
    by_low = {row["low"]: row for row in cal["bins"]}
    assert (by_low[0.1]["events"], by_low[0.1]["matched"], by_low[0.1]["precision"]) == (1, 1, 1.0)
    assert (by_low[0.7]["events"], by_low[0.7]["matched"], by_low[0.7]["mean_confidence"]) == (1, 1, 0.75)
    assert (by_low[0.9]["events"], by_low[0.9]["matched"], by_low[0.9]["precision"]) == (1, 0, 0.0)
    assert sum(row["events"] for row in cal["bins"]) == 3
    assert cal["ece"] == pytest.approx((0.85 + 0.25 + 0.95) / 3, abs=1e-4)


def test_a_place_test_and_a_missing_record():
    records = _records()
    del records["idlib"]
    records["beirut"]["places"][0]["mentions"] = [{"text": "طرابلس"}]  # not Beirut, and too far from it
    report = score_records([a.gold for a in read_gold_folder(TINY)], records)
    assert report["articles_missing_from_output"] == ["idlib"]
    assert report["events"]["tp"] == 0  # the CONSULT's place fails the strict test...
    assert report["events_loose"]["tp"] == 1  # ...and only that one
    assert report["places"]["fp"] == 1


def test_calibration_bins():
    cal = calibration([(1.0, True), (0.999, False), (0.0, False), (0.05, True)])
    assert [row["events"] for row in cal["bins"]] == [2, 0, 0, 0, 0, 0, 0, 0, 0, 2]
    assert cal["bins"][9]["precision"] == 0.5 and cal["bins"][0]["matched"] == 1
    assert cal["ece"] == pytest.approx(0.5 * abs(0.5 - 0.9995) + 0.5 * abs(0.5 - 0.025), abs=1e-4)
    assert calibration([])["ece"] is None
    perfect = calibration([(0.8, True)] * 4 + [(0.8, False)])
    assert perfect["ece"] == 0.0


def test_cli_evaluate_on_the_tiny_folder(capsys, tmp_path):
    records = tmp_path / "records.jsonl"
    code, out, _ = run(capsys, "evaluate", str(TINY), "--json", "--records", str(records))
    assert code == 0
    report = json.loads(out)
    assert report["articles"] == 2
    assert (report["actors"]["tp"], report["actors"]["fp"], report["actors"]["fn"]) == (3, 1, 1)
    assert (report["places"]["tp"], report["places"]["fn"]) == (2, 0)
    assert (report["events"]["tp"], report["events"]["fn"]) == (2, 1)
    cal = report["calibration"]
    assert len(cal["bins"]) == 10 and [row["low"] for row in cal["bins"]][:3] == [0.0, 0.1, 0.2]
    system_events = report["events"]["tp"] + report["events"]["fp"]  # no optional gold event is matched here
    assert cal["events"] == system_events == sum(row["events"] for row in cal["bins"])
    assert 0 <= cal["ece"] <= 1
    written = [json.loads(line) for line in records.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in written) == ["beirut", "idlib"]
    assert next(r for r in written if r["id"] == "idlib")["published"] == "2018-02-15"  # from articles.json

    code, out, _ = run(capsys, "evaluate", str(TINY))
    assert code == 0
    assert "events" in out and "0.9-1.0" in out and "expected calibration error" in out


def test_cli_evaluate_with_a_threshold_drops_events(capsys):
    code, out, _ = run(capsys, "evaluate", str(TINY), "--json", "--min-confidence", "0")
    everything = json.loads(out)
    code, out, _ = run(capsys, "evaluate", str(TINY), "--json", "--min-confidence", "1")
    assert code == 0
    strict = json.loads(out)
    assert strict["min_confidence"] == 1.0
    assert strict["calibration"]["events"] <= everything["calibration"]["events"]
    assert all(row["low"] == 0.9 or row["events"] == 0 for row in strict["calibration"]["bins"])
    assert strict["actors"] == everything["actors"]  # a threshold drops events only


@pytest.mark.parametrize("args, code", [
    (["evaluate", "/nonexistent/gold"], "[E001]"),
    (["evaluate", str(TINY), "--min-confidence", "1.5"], "[E008]"),
    (["evaluate", str(TINY), "--min-confidence", "abc"], "[E008]"),
])
def test_cli_evaluate_errors(capsys, args, code):
    status, out, err = run(capsys, *args)
    assert status == 2 and out == ""
    assert err.startswith("hadath: error: ") and code in err and len(err.strip().splitlines()) == 1


def test_an_empty_folder_is_an_error(capsys, tmp_path):
    status, _, err = run(capsys, "evaluate", str(tmp_path))
    assert status == 2 and "[E002]" in err


def test_events_f1_agrees_with_the_reference_scorer(tmp_path, pipeline):
    """On the dev articles, the library's events F1 is within 0.02 of shared/eval/score.py's on the same records."""
    from hadath.evaluate import evaluate_folder

    dev = shared_path("eval", "dev")
    scorer = shared_path("eval", "score.py")
    records: list[dict] = []
    report = evaluate_folder(dev, pipeline=pipeline, records_out=records)
    output = tmp_path / "dev.jsonl"
    output.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    done = subprocess.run([sys.executable, str(scorer), "--gold", str(dev), "--system", str(output), "--json"],
                          capture_output=True, text=True, check=True, timeout=300)
    reference = json.loads(done.stdout)
    assert report["articles"] == reference["articles"] > 0
    assert abs(report["events"]["f1"] - reference["events"]["f1"]) <= 0.02
    for kind in ("actors", "places", "events_loose"):
        assert abs(report[kind]["f1"] - reference[kind]["f1"]) <= 0.02, kind
    assert report["calibration"]["events"] == sum(len(r["events"]) for r in records)
