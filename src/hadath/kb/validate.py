"""Validator for the knowledge-base files.

    python -m hadath.kb.validate            # every file under src/hadath/data
    python -m hadath.kb.validate FILE...    # just these files

Exit status 1 when any error is found. Warnings (e.g. one alias shared by two entries)
are printed but do not fail.
"""
from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..text.clitics import CLITICS_PATH, Clitics, CliticTableError
from ..text.normalize import normalize
from . import schema
from .tsv import DATA_DIR, Row, TsvFormatError, kb_files, read_rows

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ARABIC = re.compile("[\u0621-\u064a]")
_LATIN = re.compile("[A-Za-z]")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    error: bool = True

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {'error' if self.error else 'warning'}: {self.message}"


def _iso3_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries) | {"XKX"}


def _schema_of(path: Path) -> str:
    if path.name == "states.tsv":
        return "states"
    if path.parent.name == "lexicon":
        return "words" if path.stem == "link_words" else path.stem
    return path.parent.name


def _check_arabic(row: Row, key: str, problems: list[Problem]) -> None:
    for value in ([row.get(key)] if not key.endswith("s_ar") else row.list(key)):
        if not value:
            continue
        if not _ARABIC.search(value):
            problems.append(Problem(row.path, row.line, f"{key} {value!r} has no Arabic letter"))
        elif _LATIN.search(value):
            problems.append(Problem(row.path, row.line, f"{key} {value!r} mixes Latin letters into Arabic"))


def _check_coordinates(row: Row, country: str, problems: list[Problem]) -> None:
    try:
        lat, lon = float(row.get("lat")), float(row.get("lon"))
    except ValueError:
        problems.append(Problem(row.path, row.line, f"lat/lon not numbers: {row.get('lat')!r}, {row.get('lon')!r}"))
        return
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        problems.append(Problem(row.path, row.line, f"lat/lon out of range: {lat}, {lon}"))
        return
    from .geonames import country_boxes

    box = country_boxes().get(country)
    if box and not (box[0] <= lat <= box[2] and box[1] <= lon <= box[3]):
        problems.append(Problem(row.path, row.line,
                                f"{lat}, {lon} lies outside {country} (lat {box[0]:.1f}..{box[2]:.1f}, "
                                f"lon {box[1]:.1f}..{box[3]:.1f}); swapped lat/lon or wrong country?"))


def validate_file(path: Path, seen_ids: dict[str, Row], iso3: frozenset[str]) -> list[Problem]:
    kind = _schema_of(path)
    if kind == "clitics":
        try:
            Clitics.load(path)
        except CliticTableError as exc:
            return [Problem(path, 0, str(exc))]
        return []
    if kind not in schema.COLUMNS:
        return []
    problems: list[Problem] = []
    try:
        rows = list(read_rows(path, schema.COLUMNS[kind]))
    except TsvFormatError as exc:
        return [Problem(exc.path, exc.line, exc.message)]
    except UnicodeDecodeError as exc:
        return [Problem(path, 0, f"not UTF-8: {exc}")]
    fronts = frozenset()
    if kind == "common_names":  # the proclitics of the table beside it (lexicon/clitics.tsv)
        table = path.parent / "clitics.tsv"
        try:
            fronts = Clitics.load(table if table.exists() else CLITICS_PATH).before_indefinite - {""}
        except CliticTableError as exc:
            return [Problem(path, 0, str(exc))]
    for row in rows:
        for key in schema.REQUIRED[kind]:
            if not row.get(key):
                problems.append(Problem(path, row.line, f"{key} is empty"))
        if kind == "triggers":
            if row.get("type") not in schema.PLOVER_TYPES:
                problems.append(Problem(path, row.line, f"type {row.get('type')!r} not one of {' '.join(sorted(schema.PLOVER_TYPES))}"))
            if row.get("pos") not in schema.TRIGGER_POS:
                problems.append(Problem(path, row.line, f"pos {row.get('pos')!r} not one of {' '.join(sorted(schema.TRIGGER_POS))}"))
            if row.get("frame") not in schema.TRIGGER_FRAMES:
                problems.append(Problem(path, row.line, f"frame {row.get('frame')!r} not one of {' '.join(sorted(schema.TRIGGER_FRAMES))}"))
        if kind == "words" and row.get("use") not in schema.WORD_USES:
            problems.append(Problem(path, row.line, f"use {row.get('use')!r} not one of {' '.join(sorted(schema.WORD_USES))}"))
        if kind == "institutions" and row.get("function") and row.get("function") not in schema.INSTITUTION_FUNCTIONS:
            problems.append(Problem(path, row.line, f"function {row.get('function')!r} not one of "
                                                    f"{' '.join(sorted(schema.INSTITUTION_FUNCTIONS))}"))
        if kind == "names":
            _check_name(row, problems)
        if kind == "common_names":
            _check_common_name(row, problems, fronts)
        if kind == "org_heads" and row.get("verbal") not in ("", "yes"):
            problems.append(Problem(path, row.line, f"verbal {row.get('verbal')!r} must be yes or empty"))
        for key in ("name_ar", "aliases_ar", "adjectives_ar", "plurals_ar", "capital_ar", "heads_ar", "words_ar", "forms_ar"):
            if key in schema.COLUMNS[kind]:
                _check_arabic(row, key, problems)
        ident = row.get("iso3") if kind == "states" else row.get("id")
        if kind in ("actors", "places", "states") and ident:
            if kind != "states" and not _ID.match(ident):
                problems.append(Problem(path, row.line, f"id {ident!r} must match {_ID.pattern}"))
            key = f"{kind}:{ident}"
            if key in seen_ids:
                other = seen_ids[key]
                problems.append(Problem(path, row.line, f"id {ident!r} already used at {other.path.name}:{other.line}"))
            seen_ids[key] = row
        country = row.get("iso3") if kind == "states" else row.get("country")
        if country and country not in iso3:
            problems.append(Problem(path, row.line, f"country {country!r} is not an ISO 3166-1 alpha-3 code"))
        if "sector" in schema.COLUMNS[kind] and row.get("sector") and row.get("sector") not in schema.SECTORS:
            problems.append(Problem(path, row.line, f"sector {row.get('sector')!r} not one of {' '.join(sorted(schema.SECTORS))}"))
        if kind == "actors":
            if row.get("kind") not in schema.ACTOR_KINDS:
                problems.append(Problem(path, row.line, f"kind {row.get('kind')!r} not one of {sorted(schema.ACTOR_KINDS)}"))
            for key in ("from", "to"):
                if row.get(key) and not _DATE.match(row.get(key)):
                    problems.append(Problem(path, row.line, f"{key} {row.get(key)!r} must be YYYY, YYYY-MM or YYYY-MM-DD"))
        if kind in ("institutions", "org_heads") and row.get("kind") not in schema.ACTOR_KINDS:
            problems.append(Problem(path, row.line, f"kind {row.get('kind')!r} not one of {sorted(schema.ACTOR_KINDS)}"))
        if kind == "places":
            if row.get("kind") not in schema.PLACE_KINDS:
                problems.append(Problem(path, row.line, f"kind {row.get('kind')!r} not one of {' '.join(sorted(schema.PLACE_KINDS))}"))
            if row.get("precision") not in {str(p) for p in schema.PLACE_PRECISIONS}:
                problems.append(Problem(path, row.line, f"precision {row.get('precision')!r} must be 1, 2 or 3"))
        if kind in ("places", "states") and row.get("lat"):
            _check_coordinates(row, country, problems)
    problems.extend(_duplicate_names(rows, kind))
    return problems


_ROMAN = re.compile(r"^[A-Za-z][A-Za-z' -]*[A-Za-z]$")


def _check_name(row: Row, problems: list[Problem]) -> None:
    """names.tsv: a Latin spelling (letters, spaces, hyphens, apostrophes) and a known part."""
    if row.get("name_en") and not _ROMAN.match(row.get("name_en")):
        problems.append(Problem(row.path, row.line, f"name_en {row.get('name_en')!r} must be Latin letters, spaces, "
                                "hyphens or apostrophes"))
    if row.get("part") and row.get("part") not in schema.NAME_PARTS:
        problems.append(Problem(row.path, row.line, f"part {row.get('part')!r} not one of {' '.join(sorted(schema.NAME_PARTS))}"))


def _check_common_name(row: Row, problems: list[Problem], fronts: frozenset[str]) -> None:
    """common_names.tsv: a normalised name, a Zipf frequency, proclitic + name word forms, a known `also`."""
    name = row.get("name_ar")
    if name and normalize(name) != name:
        problems.append(Problem(row.path, row.line, f"name_ar {name!r} is not in the normalised form {normalize(name)!r}"))
    try:
        z = float(row.get("zipf"))
        if not 0.0 <= z <= 8.0:
            problems.append(Problem(row.path, row.line, f"zipf {z} outside 0..8"))
    except ValueError:
        problems.append(Problem(row.path, row.line, f"zipf {row.get('zipf')!r} is not a number"))
    for form in row.list("word_forms_ar"):
        if not (form.endswith(name) and form[:len(form) - len(name)] in fronts):
            problems.append(Problem(row.path, row.line, f"word form {form!r} is not a proclitic + {name!r}"))
    if row.get("also") and row.get("also") not in schema.COMMON_NAME_ALSO:
        problems.append(Problem(row.path, row.line, f"also {row.get('also')!r} not one of {' '.join(sorted(schema.COMMON_NAME_ALSO))}"))


def _common_names_coverage(paths: list[Path]) -> list[Problem]:
    """Every authored place name has its common-word score (rerun scripts/toponym_commonness.py)."""
    scored_files = [p for p in paths if _schema_of(p) == "common_names" and p.exists()]
    place_files = [p for p in paths if _schema_of(p) == "places" and p.exists()]
    if not scored_files or not place_files:
        return []
    scored: set[str] = set()
    try:
        for path in scored_files:
            scored.update(normalize(r.get("name_ar")) for r in read_rows(path, schema.COLUMNS["common_names"]))
        out = []
        for path in place_files:
            for row in read_rows(path, schema.COLUMNS["places"]):
                for name in [row.get("name_ar"), *row.list("aliases_ar")]:
                    if name and normalize(name) not in scored:
                        out.append(Problem(path, row.line, f"name {name!r} has no common-word score in "
                                           f"{scored_files[0].name}: run scripts/toponym_commonness.py"))
        return out
    except (TsvFormatError, UnicodeDecodeError):
        return []  # reported by validate_file


def _duplicate_names(rows: list[Row], kind: str) -> list[Problem]:
    """Warn when one normalised Arabic name stands for two entries of one file."""
    if kind == "names":
        seen: dict[str, Row] = {}
        out = []
        for row in rows:
            for form in row.list("forms_ar"):
                other = seen.setdefault(normalize(form), row)
                if other is not row:
                    out.append(Problem(row.path, row.line, f"{form!r} is romanised at line {other.line} already"))
        return out
    if kind not in ("actors", "places"):
        return []
    owners: dict[tuple[str, str], Row] = {}
    out = []
    for row in rows:
        for name in [row.get("name_ar"), *row.list("aliases_ar")]:
            key = (normalize(name), row.get("country"))
            other = owners.get(key)
            if other is not None and other is not row:
                if kind == "places" and _far(other, row):
                    continue  # two villages may share a name
                out.append(Problem(row.path, row.line, f"name {name!r} also names line {other.line}", error=False))
            owners.setdefault(key, row)
    return out


def _far(a: Row, b: Row) -> bool:
    try:
        return abs(float(a.get("lat")) - float(b.get("lat"))) + abs(float(a.get("lon")) - float(b.get("lon"))) > 0.2
    except ValueError:
        return True


def all_files(data_dir: Path = DATA_DIR) -> list[Path]:
    files = []
    for kind in ("clitics", "states", "actors", "places", "institutions", "roles", "words", "triggers", "names",
                 "common_names", "org_heads"):
        files += [p for p in kb_files(kind, data_dir) if p.exists()]
    return files


def validate(paths: list[Path] | None = None) -> list[Problem]:
    iso3 = _iso3_codes()
    seen: dict[str, Row] = {}
    problems: list[Problem] = []
    paths = [Path(p) for p in (paths or all_files())]
    for path in paths:
        problems.extend(validate_file(path, seen, iso3))
    problems.extend(_common_names_coverage(paths))
    problems.extend(_numbers(paths))
    return problems


def _numbers(paths: list[Path]) -> list[Problem]:
    """lexicon/numbers.tsv has a format of its own (documented in its header), checked by its reader."""
    from ..stages.quantities import NUMBERS_PATH, check_numbers

    wanted = [p for p in paths if p.name == NUMBERS_PATH.name] or ([NUMBERS_PATH] if paths == all_files() else [])
    return [Problem(path, line, message) for path in wanted for line, message in check_numbers(path)]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    problems = validate([Path(a) for a in args] or None)
    for p in problems:
        print(p)
    errors = sum(p.error for p in problems)
    print(f"{errors} errors, {len(problems) - errors} warnings", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
