"""Whether an event is told as a fact, denied, to come, a condition, or an allegation."""
from __future__ import annotations

from .config import GOVERNING_MODALITY
from .sentence import SentenceView
from .triggers import Hit


def modality(hit: Hit, sent: SentenceView, previous: Hit | None = None) -> str:
    cfg, words = sent.config, sent.words
    before = sent.words_before(hit.start, cfg.modality_window)
    if previous is not None and previous.trigger.type in GOVERNING_MODALITY \
            and sent.gap(previous.end, hit.start) <= cfg.governing_window and hit.trigger.frame != "speech":
        return GOVERNING_MODALITY[previous.trigger.type]  # طالب بوقف القصف: the shelling is what is asked for
    if hit.trigger.type != "REJECT" and words.negation & set(before[-cfg.negation_window:]):
        return "denied"
    clause_start, _ = sent.clause(hit.start)
    if hit.future_prefix or words.future & set(before) or words.planned & set(sent.norm_words(clause_start, hit.start)):
        return "future"  # من المقرر أن تبدأ ... تمهيدا لتحرير: all that the plan governs
    if words.hypothetical & set(before):
        return "hypothetical"
    return "asserted"
