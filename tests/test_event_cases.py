"""The event case table (tests/data/event_cases.tsv): every row through the pipeline.

The table's header documents its columns and the exact rule each row is checked by; ``check``
below is that rule in code. ``scripts/event_cases_status.py`` uses the same ``check`` to fill in
the ``status`` column and to flip rows from xfail to pass once the extractor learns them.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

TABLE = Path(__file__).resolve().parent / "data" / "event_cases.tsv"
PUBLISHED = dt.date(2019, 5, 26)
COLUMNS = ("id", "sentence", "type", "source", "target", "place", "modality", "status", "note")
TYPES = ("ASSAULT", "PROTEST", "COERCE", "ACCUSE", "REQUEST", "THREATEN", "REJECT", "CONSULT", "AGREE",
         "SUPPORT", "AID", "COOPERATE", "SANCTION", "CONCEDE", "RETREAT", "MOBILIZE")
SECTORS = frozenset("GOV MIL REB INS OPP PTY IGO NGO MED CVL BUS JUD COP UAF REF LEG REL EDU LAB HLH SPY".split())
MODALITIES = ("asserted", "negated", "planned", "hypothetical", "historical")
# the record's `modality` for each unasserted modality of the table
RECORD_MODALITY = {"negated": "denied", "planned": "future", "hypothetical": "hypothetical"}
STATUSES = ("pass", "xfail")
# the middle part of a row id: the construction the row exercises
CATEGORIES = ("verb", "masdar", "passive", "relative", "headline", "unnamed", "figurative", "speech",
              "modality", "casualty")
MIN_PER_TYPE = 10
MINIMUMS = {"PROTEST": 25, "NONE": 20}  # rows of that type
MIN_CATEGORY = {"unnamed": 25, "figurative": 20, "speech": 20, "modality": 20, "casualty": 10}
MIN_ROWS = 320
HISTORICAL_DAYS = 365
ID = re.compile(r"^(?P<type>[a-z]+)-(?P<category>[a-z]+)-(?P<n>\d{2,3})$")
ACTOR = re.compile(r"^(?:null|(?:[A-Z]{3}|-)/[A-Z]{3})$")
NOT_TYPES = re.compile(r"^not:(?P<types>[A-Z]+(?:,[A-Z]+)*)(?:\s|$)")
FAILS = " | fails: "


def load_rows(path: Path = TABLE) -> list[dict[str, str]]:
    rows, header = [], None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = tuple(fields)
            assert header == COLUMNS, f"{path}: header {header}"
            continue
        assert len(fields) == len(COLUMNS), f"{path}:{number}: {len(fields)} fields"
        rows.append({**dict(zip(COLUMNS, fields)), "line": number})
    return rows


def run(pipeline, sentence: str) -> dict:
    from hadath.model import Article
    from hadath.output import to_record

    return to_record(pipeline(Article(id="case", text=sentence, published=PUBLISHED)))


def forbidden_types(row: dict[str, str]) -> list[str]:
    """A NONE row's note starts with ``not:TYPE[,TYPE]``: the types that must not be asserted."""
    found = NOT_TYPES.match(row["note"])
    return found.group("types").split(",") if found else []


def _actor(record: dict, actor_id: str | None) -> str:
    if actor_id is None:
        return "null"
    actor = next((a for a in record["actors"] if a["id"] == actor_id), None)
    return f"{(actor or {}).get('country') or '-'}/{(actor or {}).get('sector')}"


def _place(record: dict, place_id: str | None) -> tuple[str | None, str | None]:
    place = next((p for p in record["places"] if p["id"] == place_id), None)
    return (place["name_en"], place["country"]) if place else (None, None)


def _is_historical(event: dict) -> bool:
    if event.get("historical"):
        return True
    date = event.get("date") or {}
    start = date.get("start")
    return bool(start) and dt.date.fromisoformat(start) < PUBLISHED - dt.timedelta(days=HISTORICAL_DAYS)


def _mismatches(record: dict, event: dict, row: dict[str, str]) -> list[str]:
    wrong = []
    for role in ("source", "target"):
        want = row[role]
        if want and _actor(record, event[role]) != want:
            wrong.append(f"{role} {_actor(record, event[role])}, expected {want}")
    if row["place"]:
        name, country = _place(record, event["place"])
        got = country if re.fullmatch(r"[A-Z]{3}", row["place"]) else name
        if got != row["place"]:
            wrong.append(f"place {name or 'none'}, expected {row['place']}")
    return wrong


def _summary(record: dict, events: list[dict]) -> str:
    return ", ".join(f"{e['type']}[{e['trigger']['text'] if e.get('trigger') else ''}]"
                     f"({_actor(record, e['source'])}>{_actor(record, e['target'])})" for e in events) or "nothing"


def check(record: dict, row: dict[str, str]) -> str | None:
    """None when the record meets the row; else what is wrong, in words."""
    asserted, unasserted = record["events"], record["unasserted_events"]
    if row["type"] == "NONE":
        bad = [e for e in asserted if e["type"] in forbidden_types(row)]
        return f"figurative read as {_summary(record, bad)}" if bad else None
    modality = row["modality"]
    same_type = [e for e in asserted + unasserted if e["type"] == row["type"]]
    if modality == "asserted":
        candidates = [e for e in asserted if e["type"] == row["type"]]
    elif modality == "historical":
        candidates = [e for e in same_type if _is_historical(e)]
    else:
        candidates = [e for e in unasserted if e["type"] == row["type"] and e["modality"] == RECORD_MODALITY[modality]]
    if not candidates:
        if same_type:
            e = same_type[0]
            if modality == "historical":
                return f"{row['type']} dated {(e.get('date') or {}).get('start')}, not historical"
            return f"{row['type']} found as {e['modality']}, expected {modality}"
        return f"no {row['type']} event (found: {_summary(record, asserted + unasserted)})"
    reasons = []
    for event in candidates:
        wrong = _mismatches(record, event, row)
        if not wrong:
            return None
        reasons.append("; ".join(wrong))
    return reasons[0]


ROWS = load_rows()


def _param(row: dict[str, str]):
    marks = [pytest.mark.xfail(strict=False, reason=row["note"])] if row["status"] == "xfail" else []
    return pytest.param(row, id=row["id"], marks=marks)


@pytest.mark.parametrize("row", [_param(r) for r in ROWS])
def test_event_case(pipeline, row):
    problem = check(run(pipeline, row["sentence"]), row)
    assert problem is None, f"{row['id']}: {problem}"


def test_the_table_is_well_formed():
    ids = Counter(r["id"] for r in ROWS)
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    for r in ROWS:
        where = f"line {r['line']} ({r['id']})"
        found = ID.match(r["id"])
        assert found, f"{where}: id must be <type>-<category>-NN"
        assert found.group("type") == r["type"].lower(), f"{where}: id does not start with its type"
        assert found.group("category") in CATEGORIES, f"{where}: unknown category"
        assert r["type"] in TYPES or r["type"] == "NONE", f"{where}: unknown type {r['type']}"
        assert r["sentence"].strip() == r["sentence"] and r["sentence"], f"{where}: sentence"
        for role in ("source", "target"):
            value = r[role]
            assert not value or ACTOR.match(value), f"{where}: {role} {value!r} is not ISO3/SECTOR, -/SECTOR or null"
            if value and value != "null":
                assert value.split("/")[1] in SECTORS, f"{where}: unknown sector in {value}"
        assert r["modality"] in MODALITIES, f"{where}: modality {r['modality']!r}"
        assert (r["modality"] != "asserted") == (found.group("category") == "modality"), \
            f"{where}: rows of category modality, and only they, have a modality other than asserted"
        assert r["status"] in STATUSES, f"{where}: status {r['status']!r} (run scripts/event_cases_status.py)"
        assert r["note"], f"{where}: every row says what construction it exercises"
        if r["status"] == "xfail":
            assert FAILS in r["note"], f"{where}: an xfail row's note says what is wrong after '{FAILS.strip()}'"
        if r["type"] == "NONE":
            assert forbidden_types(r) and set(forbidden_types(r)) <= set(TYPES), \
                f"{where}: a NONE row's note starts with not:TYPE[,TYPE]"
            assert not r["source"] and not r["target"] and r["modality"] == "asserted", where


def test_the_table_does_not_shrink():
    per_type = Counter(r["type"] for r in ROWS)
    per_category = Counter(ID.match(r["id"]).group("category") for r in ROWS)
    assert len(ROWS) >= MIN_ROWS
    for type_ in TYPES:
        assert per_type[type_] >= MINIMUMS.get(type_, MIN_PER_TYPE), f"{type_}: {per_type[type_]} rows"
    assert per_type["NONE"] >= MINIMUMS["NONE"]
    for category, least in MIN_CATEGORY.items():
        assert per_category[category] >= least, f"{category}: {per_category[category]} rows"
    modalities = Counter(r["modality"] for r in ROWS)
    for modality in MODALITIES[1:]:
        assert modalities[modality] >= 3, f"modality {modality}: {modalities[modality]} rows"
    unnamed = [r for r in ROWS if ID.match(r["id"]).group("category") == "unnamed"]
    assert sum(r["source"] == "null" for r in unnamed) >= 20, "unnamed doers: most rows expect no source"
