"""The columns and allowed values of the knowledge-base files (see docs/knowledge-base.md).

Every file is UTF-8 TSV with a header row; lines starting with ``#`` are comments.
Multi-valued cells separate their values with ``|``.
"""
from __future__ import annotations

SECTORS = frozenset(
    "GOV MIL REB INS OPP PTY IGO NGO MED CVL BUS JUD COP UAF REF LEG REL EDU LAB HLH SPY".split()
)
ACTOR_KINDS = frozenset({"person", "organization", "state", "group"})
PLACE_KINDS = frozenset(
    """country admin1 admin2 admin3 city town village neighbourhood camp base airport crossing
    port mountain river lake plain valley desert region island sea landmark road dam oilfield
    checkpoint prison hospital university district""".split()
)
# 1: a locality or point (town, village, base); 2: an area around one (district, valley,
# neighbourhood cluster, mountain range); 3: a large region (governorate, country, sea).
PLACE_PRECISIONS = frozenset({1, 2, 3})

ACTOR_COLUMNS = ("id", "kind", "name_en", "name_ar", "aliases_ar", "country", "sector",
                 "role_en", "from", "to", "note")
STATE_COLUMNS = ("iso3", "name_en", "name_ar", "aliases_ar", "adjectives_ar", "plurals_ar",
                 "capital_en", "capital_ar", "lat", "lon")
PLACE_COLUMNS = ("id", "name_en", "name_ar", "aliases_ar", "country", "admin1", "kind",
                 "lat", "lon", "precision", "note")
INSTITUTION_COLUMNS = ("heads_ar", "name_en", "kind", "sector", "standalone", "note")
ROLE_COLUMNS = ("words_ar", "role_en", "sector", "note")
WORD_COLUMNS = ("words_ar", "use", "note")
TRIGGER_COLUMNS = ("forms_ar", "type", "mode", "pos", "frame", "note")
PLOVER_TYPES = frozenset("""AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN
    PROTEST SANCTION MOBILIZE COERCE ASSAULT""".split())
TRIGGER_FRAMES = frozenset({"agent", "between", "meeting", "victim", "speech", "evaluative", "none"})

REQUIRED = {
    "actors": ("id", "kind", "name_en", "name_ar", "sector"),
    "states": ("iso3", "name_en", "name_ar", "adjectives_ar", "lat", "lon"),
    "places": ("id", "name_en", "name_ar", "country", "kind", "lat", "lon", "precision"),
    "institutions": ("heads_ar", "name_en", "kind", "sector"),
    "roles": ("words_ar", "role_en", "sector"),
    "words": ("words_ar", "use"),
    "triggers": ("forms_ar", "type", "pos", "frame"),
}
COLUMNS = {
    "actors": ACTOR_COLUMNS,
    "states": STATE_COLUMNS,
    "places": PLACE_COLUMNS,
    "institutions": INSTITUTION_COLUMNS,
    "roles": ROLE_COLUMNS,
    "words": WORD_COLUMNS,
    "triggers": TRIGGER_COLUMNS,
}
