"""Windows and thresholds of the event stage, in one place.

Windows count words (a quote or a comma alone is no word); look-backs count characters of the
original text and only bound how far a phrase is searched for.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import UsageError

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
HOSTILE = frozenset({"REJECT", "COERCE", "ASSAULT", "THREATEN", "SANCTION"})
COOPERATIVE = frozenset({"AGREE", "COOPERATE", "CONSULT"})
INTRANSITIVE = frozenset({"RETREAT", "PROTEST", "MOBILIZE"})
VIOLENT = frozenset({"ASSAULT", "COERCE"})
STATE_SECTORS = frozenset({"GOV", "MIL"})
COLLECTIVE_SECTORS = frozenset({"UAF", "CVL"})  # unnamed collectives: gunmen, civilians, protesters
NON_AGENT_SECTORS = frozenset({"MED", "NGO", "CVL"})  # they report or suffer, they do not fight or meet
NON_VIOLENT_SECTORS = NON_AGENT_SECTORS | {"IGO", "JUD", "BUS", "REF"}
# a trigger that governs the events right after it gives them its modality (طالب بوقف القصف: the shelling is asked for)
GOVERNING_MODALITY = {"REQUEST": "future", "THREATEN": "future", "REJECT": "denied", "ACCUSE": "alleged"}


@dataclass(frozen=True)
class EventConfig:
    protests_have_crowds: bool = True  # a protest with no protesters named is the article's crowd's
    historical_days: int = 365  # an event dated further back than this before publication is historical
    # where an event with no place in its own clause is placed: "clause" (nowhere), "sentence" (the
    # nearest locality of its sentence), "paragraph" (else where the paragraph's last placed event was)
    place_fallback: str = "paragraph"
    absorb_window: int = 6  # a second trigger of the same kind this close in one clause is the same event
    purpose_window: int = 14  # تصدت لهجوم شنته القوات ... صباح أمس لاقتحام البلدة: the purpose is the same event
    subject_window: int = 4  # VSO: the subject within this many words after the verb
    near_subject_window: int = 2  # SVO: the subject right before the verb
    before_window: int = 10  # a subject further before the verb, when none is nearer
    noun_subject_window: int = 5  # the doer before a noun trigger (شنت الطائرات غارات)
    victim_window: int = 5  # مقتل سبعة من قادة داعش: the dead named a few words on
    object_window: int = 10  # the target within this many words after the trigger
    between_window: int = 6  # اشتباكات عنيفة اندلعت أمس بين: from a clash noun to بين
    governing_window: int = 8  # REQUEST/THREATEN/REJECT/ACCUSE govern triggers this close after them
    negation_window: int = 3  # a negation word this close before a trigger denies it
    modality_window: int = 4  # future/hypothetical words this close before a trigger
    speaker_extra_words: int = 2  # a speaker may stand this many words further than a subject
    relative_window: int = 3  # الغارة التي شنتها طائرات روسية: the doer right after the relative verb
    carry_days: int = 7  # a time this close to publication dates the rest of its paragraph too
    # the learned scorer (stages/events/scorer.py): a candidate of a type is kept when its probability reaches the
    # type's threshold; a candidate the rules give no doer needs `unnamed_margin` more
    use_scorer: bool = True
    # measured on dev/: every unnamed event the scorer adds near its threshold is one the gold gives a doer to,
    # so an event with no doer needs the scorer's near-certainty
    unnamed_margin: float = 0.5
    sentence_margin: float = 0.5  # a type the rules kept no candidate of needs this much more
    # per type, instead of unnamed_margin: protesters are mostly an unnamed crowd (احتج مئات المزارعين)
    unnamed_margins: dict = field(default_factory=lambda: {"PROTEST": 0.25})
    doer_relief: float = 0.05  # a candidate whose frame named its doer needs this much less
    named_relief: float = 0.1  # a candidate whose frame named both sides needs this much less (measured on dev/)
    thresholds: dict = field(default_factory=dict)  # type -> threshold; empty: the model's own

    def __post_init__(self):
        if self.place_fallback not in PLACE_FALLBACKS:
            raise UsageError(f"place_fallback {self.place_fallback!r}: give one of {', '.join(PLACE_FALLBACKS)}")


PLACE_FALLBACKS = ("clause", "sentence", "paragraph")
DEFAULT_CONFIG = EventConfig()
