"""Load the knowledge base once, lazily, into lookup tables and one Aho-Corasick automaton."""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ..errors import KnowledgeBaseError
from ..text.clitics import Clitics, CliticTableError
from ..text.normalize import normalize
from . import schema
from .tsv import DATA_DIR, TsvFormatError, kb_files, read_rows

# Geonames-only localities smaller than this need a locative cue before them (في، قرب، بلدة ...)
CUELESS_MIN_POPULATION = 100_000


@dataclass(frozen=True)
class State:
    iso3: str
    name_en: str
    name_ar: str
    lat: float
    lon: float
    capital_en: str
    capital_ar: str


@dataclass(frozen=True)
class ActorEntry:
    id: str
    kind: str
    name_en: str
    name_ar: str
    country: str | None
    sector: str
    role_en: str | None
    valid_from: str | None
    valid_to: str | None
    surnames: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaceEntry:
    id: str
    name_en: str
    name_ar: str
    country: str | None
    admin1: str | None
    kind: str
    lat: float
    lon: float
    precision: int
    source: str  # kb | geonames | state
    population: int = 0


@dataclass(frozen=True)
class Institution:
    index: int
    name_en: str
    kind: str
    sector: str
    standalone: bool
    function: str | None = None  # reporter | air_force (schema.INSTITUTION_FUNCTIONS)


@dataclass(frozen=True)
class Role:
    index: int
    role_en: str
    sector: str


@dataclass(frozen=True)
class Lex:
    """What one surface form may mean."""

    type: str  # actor | state | adj | plural | place | inst | role
    ref: str | int
    needs_ll: bool = False  # the form lost its article: only valid after لل (للولايات = ل + الولايات)
    needs_cue: bool = False  # a place only after a locative word (في، قرب، بلدة ...): الباب is also "the door"


@dataclass(frozen=True)
class Trigger:
    index: int
    type: str
    mode: str | None
    pos: str
    frame: str


@dataclass
class KnowledgeBase:
    states: dict[str, State] = field(default_factory=dict)
    actors: dict[str, ActorEntry] = field(default_factory=dict)
    places: dict[str, PlaceEntry] = field(default_factory=dict)
    institutions: list[Institution] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)  # normalised capital name -> ISO3
    forms: dict[str, list[Lex]] = field(default_factory=dict)
    automaton: object = None
    triggers: list[Trigger] = field(default_factory=list)
    trigger_forms: dict[str, list[int]] = field(default_factory=dict)
    trigger_automaton: object = None
    # lexicon/common_names.tsv: how common a word a place name is, and its word forms (كبرى)
    name_zipf: dict[str, float] = field(default_factory=dict)
    word_forms: frozenset[str] = frozenset()
    month_names: frozenset[str] = frozenset()
    org_heads: dict[str, tuple[str, str]] = field(default_factory=dict)  # head noun -> (sector, kind)
    verbal_heads: frozenset[str] = frozenset()  # org heads that are also verbal nouns (تنظيم "organising")
    clitics: Clitics | None = None  # lexicon/clitics.tsv: the proclitics every stage splits off

    def zipf(self, name: str) -> float:
        """Zipf frequency in general Arabic of a normalised place name (0: rare or unknown)."""
        return self.name_zipf.get(name, 0.0)

    def add_form(self, surface: str, lex: Lex) -> None:
        key = normalize(surface)
        if len(key) < 2:
            return
        self.forms.setdefault(key, [])
        if lex not in self.forms[key]:
            self.forms[key].append(lex)
        if key.startswith("ال") and len(key) > 4:
            stripped = Lex(lex.type, lex.ref, needs_ll=True, needs_cue=lex.needs_cue)
            self.forms.setdefault(key[2:], [])
            if stripped not in self.forms[key[2:]]:
                self.forms[key[2:]].append(stripped)

    def word_set(self, use: str) -> frozenset[str]:
        return self.words.get(use, frozenset())


def _nisba_forms(adjective: str) -> tuple[list[str], list[str]]:
    """Singular and plural forms of a nationality adjective given as الروسي or الكوري الشمالي."""
    words = adjective.split()
    stems = [w[2:] if w.startswith("ال") else w for w in words]

    def inflect(suffix: str, article: bool) -> str:
        return " ".join(("ال" if article and (i == 0 or words[i].startswith("ال")) else "") + stem + suffix
                        for i, stem in enumerate(stems))

    singular = [inflect(x, a) for x in ("", "ة", "ان", "تان", "تين") for a in (False, True)]
    plural = [inflect(x, a) for x in ("ين", "ون") for a in (False, True)]
    return singular, plural


# the first word of a compound name, written apart or joined to what follows (عبد الله / عبدالله)
_COMPOUND_HEADS = ("عبد", "أبو", "ابو")


def name_variants(name: str) -> list[str]:
    """Spellings of a person's name that news uses besides the authored one, by rule.

    A compound with عبد or أبو is written apart or joined (عبد الملك الحوثي / عبدالملك الحوثي,
    أبو بكر / أبوبكر). Matching already unifies أ/ا, ى/ي, ة/ه and ignores diacritics.
    """
    words = name.split()
    out: set[str] = set()
    for i, w in enumerate(words[:-1]):
        if w in _COMPOUND_HEADS:
            out.add(" ".join(words[:i] + [w + words[i + 1]] + words[i + 2:]))
    for i, w in enumerate(words):
        for head in _COMPOUND_HEADS:
            if w.startswith(head) and len(w) > len(head) + 2 and w[len(head):].startswith("ال"):
                out.add(" ".join(words[:i] + [head, w[len(head):]] + words[i + 1:]))
    out.discard(name)
    return sorted(out)


def _float(row, key) -> float:
    try:
        value = float(row.get(key))
    except ValueError as exc:
        raise KnowledgeBaseError(f"{row.path.name}:{row.line}: {key} is not a number") from exc
    if math.isnan(value):
        raise KnowledgeBaseError(f"{row.path.name}:{row.line}: {key} is NaN")
    return value


def _read(kind: str, data_dir: Path):
    for path in kb_files(kind, data_dir):
        if not path.exists():
            continue
        try:
            yield from read_rows(path, schema.COLUMNS[kind])
        except TsvFormatError as exc:
            raise KnowledgeBaseError(str(exc)) from exc


def build(data_dir: Path = DATA_DIR, with_geonames: bool = True) -> KnowledgeBase:
    kb = KnowledgeBase()
    try:
        kb.clitics = Clitics.load(data_dir / "lexicon" / "clitics.tsv")
    except (OSError, CliticTableError) as exc:
        raise KnowledgeBaseError(str(exc)) from exc
    words: dict[str, set[str]] = {}
    for row in _read("words", data_dir):
        words.setdefault(row.get("use"), set()).update(normalize(w) for w in row.list("words_ar"))
    kb.words = {k: frozenset(v) for k, v in words.items()}

    for form in kb.words.get("block", ()):
        kb.add_form(form, Lex("block", form))

    not_adjective = kb.word_set("not_adjective")
    for row in _read("states", data_dir):
        iso3 = row.get("iso3")
        state = State(iso3, row.get("name_en"), row.get("name_ar"), _float(row, "lat"), _float(row, "lon"),
                      row.get("capital_en"), row.get("capital_ar"))
        kb.states[iso3] = state
        if state.capital_ar:
            kb.capitals.setdefault(normalize(state.capital_ar), iso3)
        for name in [row.get("name_ar"), *row.list("aliases_ar")]:
            kb.add_form(name, Lex("state", iso3))
        for adjective in row.list("adjectives_ar"):
            singular, plural = _nisba_forms(adjective)
            for form in singular:
                if normalize(form) not in not_adjective:
                    kb.add_form(form, Lex("adj", iso3))
            for form in plural:
                if normalize(form) not in not_adjective:
                    kb.add_form(form, Lex("plural", iso3))
        for form in row.list("plurals_ar"):
            kb.add_form(form, Lex("plural", iso3))
            if form.startswith("ال"):
                kb.add_form(form[2:], Lex("plural", iso3))

    for row in _read("actors", data_dir):
        names = [row.get("name_ar"), *row.list("aliases_ar")]
        surnames: tuple[str, ...] = ()
        if row.get("kind") == "person":
            # the last word of a full name, for the same article's later mentions (لافروف)
            surnames = tuple(sorted({normalize(n).split()[-1] for n in names if len(normalize(n).split()) >= 2}))
        entry = ActorEntry(row.get("id"), row.get("kind"), row.get("name_en"), row.get("name_ar"),
                           row.get("country") or None, row.get("sector"), row.get("role_en") or None,
                           row.get("from") or None, row.get("to") or None, surnames)
        kb.actors[entry.id] = entry
        for name in names:
            kb.add_form(name, Lex("actor", entry.id))
            if entry.kind == "person":
                for variant in name_variants(name):
                    kb.add_form(variant, Lex("actor", entry.id))

    for row in _read("places", data_dir):
        entry = PlaceEntry(row.get("id"), row.get("name_en"), row.get("name_ar"), row.get("country") or None,
                           row.get("admin1") or None, row.get("kind"), _float(row, "lat"), _float(row, "lon"),
                           int(row.get("precision") or 1), "kb")
        kb.places[entry.id] = entry
        common = kb.word_set("not_place")
        for name in [row.get("name_ar"), *row.list("aliases_ar")]:
            kb.add_form(name, Lex("place", entry.id, needs_cue=normalize(name) in common))

    for state in kb.states.values():
        pid = f"state.{state.iso3.lower()}"
        kb.places[pid] = PlaceEntry(pid, state.name_en, state.name_ar, state.iso3, None, "country",
                                    state.lat, state.lon, 3, "state")

    for index, row in enumerate(_read("institutions", data_dir)):
        kb.institutions.append(Institution(index, row.get("name_en"), row.get("kind"), row.get("sector"),
                                           row.get("standalone") == "yes", row.get("function") or None))
        for head in row.list("heads_ar"):
            kb.add_form(head, Lex("inst", index))
    for index, row in enumerate(_read("roles", data_dir)):
        kb.roles.append(Role(index, row.get("role_en"), row.get("sector")))
        for word in row.list("words_ar"):
            kb.add_form(word, Lex("role", index))

    for index, row in enumerate(_read("triggers", data_dir)):
        kb.triggers.append(Trigger(index, row.get("type"), row.get("mode") or None, row.get("pos"), row.get("frame")))
        for form in row.list("forms_ar"):
            key = normalize(form)
            if index not in kb.trigger_forms.setdefault(key, []):
                kb.trigger_forms[key].append(index)

    _read_common_names(kb, data_dir)
    for row in _read("org_heads", data_dir):
        for head in row.list("heads_ar"):
            kb.org_heads.setdefault(normalize(head), (row.get("sector"), row.get("kind")))
            if row.get("verbal") == "yes":
                kb.verbal_heads |= {normalize(head)}
    if with_geonames:
        _add_geonames(kb)
    kb.automaton = _automaton(kb.forms)
    kb.trigger_automaton = _automaton(kb.trigger_forms)
    return kb


def _read_common_names(kb: KnowledgeBase, data_dir: Path) -> None:
    forms: set[str] = set()
    months: set[str] = set()
    for row in _read("common_names", data_dir):
        key = normalize(row.get("name_ar"))
        try:
            kb.name_zipf[key] = float(row.get("zipf"))
        except ValueError as exc:
            raise KnowledgeBaseError(f"{row.path.name}:{row.line}: zipf is not a number") from exc
        forms.update(normalize(f) for f in row.list("word_forms_ar"))
        if row.get("also") == "month":
            months.add(key)
    kb.word_forms, kb.month_names = frozenset(forms), frozenset(months)


def _add_geonames(kb: KnowledgeBase) -> None:
    from .geonames import cities

    blocked = kb.word_set("stop") | kb.word_set("not_place") | kb.word_set("locative")
    place_nouns = kb.word_set("place_noun")
    non_place = {k for k, lexes in kb.forms.items() if any(x.type not in ("place", "state") for x in lexes)}
    state_names = {k for k, lexes in kb.forms.items() if any(x.type == "state" for x in lexes)}
    capitals = {(normalize(s.capital_ar), s.iso3) for s in kb.states.values() if s.capital_ar}
    authored: dict[str, list[PlaceEntry]] = {}
    for entry in kb.places.values():
        authored.setdefault(normalize(entry.name_ar), []).append(entry)
    for city in cities():
        pid = f"gn.{city.geonameid}"
        names = []
        for name in city.names_ar:
            key = normalize(name)
            if len(key.replace(" ", "")) < 3 or key in blocked or key in non_place:
                continue
            if " " in key and key.split()[0] in place_nouns and (key.split(" ", 1)[1] in kb.forms or any(
                    normalize(n) == key.split(" ", 1)[1] for n in city.names_ar)):
                continue  # مدينة زنجبار is Zanzibar City: the noun is a cue, the bare name is matched alone
            if key in state_names and (key, city.iso3) not in capitals:
                continue  # a village called مصر is not what a report means by مصر
            same = [e for e in authored.get(key, ()) if _near(e.lat, e.lon, city.lat, city.lon, 15)]
            if same:
                for e in same:  # an authored entry already says it; it takes the population
                    if city.population > kb.places[e.id].population:
                        kb.places[e.id] = replace(kb.places[e.id], population=city.population)
                continue
            names.append(name)
        if not names:
            continue
        kb.places[pid] = PlaceEntry(pid, city.name_en, names[0], city.iso3 or None, None,
                                    "city" if city.population >= 10_000 else "town", city.lat, city.lon, 1,
                                    "geonames", city.population)
        cue = _geonames_needs_cue(city)
        for name in names:
            kb.add_form(name, Lex("place", pid, needs_cue=cue))


def _geonames_needs_cue(city) -> bool:
    """Small or far-away GeoNames places are places only after في، قرب، بلدة ..."""
    from .geonames import ARAB_ISO2

    if city.iso2 in ARAB_ISO2:
        return city.population < CUELESS_MIN_POPULATION
    return city.population < 1_000_000


def _near(lat1, lon1, lat2, lon2, km) -> bool:
    return distance_km(lat1, lon1, lat2, lon2) <= km


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _automaton(forms: dict[str, list[Lex]]):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key in forms:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=2)
def load(data_dir: Path = DATA_DIR, with_geonames: bool = True) -> KnowledgeBase:
    """The knowledge base, built on first use and shared by the process."""
    return build(Path(data_dir), with_geonames)
