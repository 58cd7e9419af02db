"""Frames: who did it to whom, read off the sentence around one trigger.

Each trigger row names its frame (lexicon/triggers.tsv):
- agent: the doer is the subject (VSO after the verb, SVO before it), the one acted upon the
  object; a noun trigger takes its doer from a relative clause (قصف شنه داعش), a genitive
  (غارات التحالف) or a nationality adjective (القصف الروسي);
- between: both sides of a clash (اشتباكات بين X و Y);
- meeting: the parties present;
- victim: the one killed or wounded suffered it (the doer is the attack's beside it);
- speech: the speaker takes a stance toward the actor it names;
- evaluative: a charge in the speaker's own words against the actor named in the clause.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...model import Doc
from ...text.normalize import normalize
from .config import COOPERATIVE, INTRANSITIVE, NON_AGENT_SECTORS, VIOLENT
from .sentence import WORD, Ref, SentenceView
from .triggers import Hit
from .words import bare


@dataclass(frozen=True)
class Args:
    source: str | None = None
    target: str | None = None


NOBODY = Args()
SPOKESPERSON = "Spokesperson"  # lexicon/roles.tsv: a person of this role reports, as a reporter body does
SUPPORT_WINDOW = 2  # words between a support marker and its actor (بدعم من قوات ...)


def family(event_type: str) -> str:
    """Types one event may be told with together (a meeting that reaches an agreement)."""
    return "cooperative" if event_type in COOPERATIVE else event_type


def arguments(hit: Hit, sent: SentenceView, speaker: str | None, last_sides: Args | None) -> Args:
    frame = hit.trigger.frame
    if frame == "evaluative":
        return evaluative(hit, sent, speaker)
    skip = {speaker} if speaker and frame != "speech" else set()
    if frame == "victim":
        skip |= _attackers(hit, sent, skip)
    if frame == "between":
        sides = between(hit, sent, skip, last_sides)
        if sides is not None:
            return sides
    if frame == "meeting":
        return meeting(sent, skip)
    defence = defended(hit, sent, skip)
    if defence is not None:
        return defence
    subject = _subject(hit, sent, speaker, skip)
    parties = _parties(hit, sent, speaker, skip, subject)
    if parties is not None:
        return parties
    if subject is None and speaker and sent.sector.get(speaker) not in NON_AGENT_SECTORS \
            and not reported(hit, sent, speaker):
        # أعلنت روسيا دعمها: the speaker speaks of its own act (not of what أن reports)
        subject = next((r for r in sent.actors if r.id == speaker), None)
    target = _target(hit, sent, subject, skip)
    if frame == "victim":  # مقتل X: X suffered it; the doer is rarely named in the same breath
        if subject is None:  # مقتل سبعة من قادة تنظيم داعش: the dead named a few words on
            subject = _victim_after(hit, sent, skip)
        return Args(None, sent.member_group(subject).id if subject else None)
    return Args(subject.id if subject else None, target.id if target else None)


def _victim_after(hit: Hit, sent: SentenceView, skip: set[str]) -> Ref | None:
    """The dead named after a killing (سبعة مسلحين من حركة الشباب: the group they belong to)."""
    ref = sent.after(hit.end, sent.config.victim_window, skip)
    return sent.member_group(ref) if ref is not None else None


def _attackers(hit: Hit, sent: SentenceView, skip: set[str]) -> set[str]:
    """The doers the attack nouns beside a killing name (قتلوا في الغارات التركية: Turkey raided, it was
    not killed): never the dead."""
    return {a.id for h in sent.hits if h.trigger.type == hit.trigger.type and h.trigger.frame != "victim"
            for a in (nationality_agent(h, sent, skip), genitive_agent(h, sent, skip)) if a is not None}


def between(hit: Hit, sent: SentenceView, skip: set[str], last_sides: Args | None) -> Args | None:
    """Both sides of a clash; None when the sentence names no two sides."""
    found = _word_after(sent, hit.end, sent.words.between)
    if found is not None and sent.gap(hit.end, found[0]) <= sent.config.between_window:
        following = normalize(sent.text[found[1]:sent.end]).split()[:1]
        if following and following[0] in sent.words.both_sides:
            return last_sides or NOBODY
        first = sent.after(found[1], sent.config.object_window, skip)
        second = first and sent.after(first.end, sent.config.object_window, skip | {first.id})
        other_side = _phrase_after(sent, first.end, sent.words.side_marker) if first else None
        if other_side is not None:  # بين حزب الله وقوات النظام من جهة، والمعارضة من جهة أخرى
            second = sent.after(other_side, 3, skip | {first.id}) or second
        return Args(first.id if first else None, second.id if second else None)
    others = [r for r in sent.actors if r.id not in skip]
    if not others and last_sides:
        return last_sides  # جرت اشتباكات على جبهة X: the sides of the fighting already named
    sides = list(dict.fromkeys(r.id for r in others if sent.sector.get(r.id) not in NON_AGENT_SECTORS))
    rival = next((b for b in sides[1:] if not sent.allied(sides[0], b)), None) if sides else None
    if rival is not None and not sent.own_subject(hit.start, hit.end, skip):
        return Args(sides[0], rival)  # قتل 9 من الحوثيين و6 من المقاومة خلال الاشتباكات: the sides named
    return None


def meeting(sent: SentenceView, skip: set[str]) -> Args:
    """All parties present: the actors of the sentence no preposition governs (مع and بين excepted)."""
    parties: list[str] = []
    for r in sent.actors:
        if r.id in parties or r.id in skip:
            continue
        lead = sent.word_before(r.start)
        if sent.oblique(r, sent.start) and lead not in sent.words.meeting_partner:
            continue
        parties.append(r.id)
    return Args(parties[0] if parties else None, parties[1] if len(parties) > 1 else None)


def _subject(hit: Hit, sent: SentenceView, speaker: str | None, skip: set[str]) -> Ref | None:
    cfg = sent.config
    if hit.trigger.frame == "speech" and speaker and (hit.trigger.pos != "verb" or not sent.own_subject(hit.start, hit.end, skip)):
        return next((r for r in sent.actors if r.id == speaker), None)
    if hit.trigger.pos == "verb":
        return sent.own_subject(hit.start, hit.end, skip) or sent.subject_before(hit.start, cfg.before_window, skip)
    if hit.trigger.frame == "victim" and _victim_after(hit, sent, skip):
        return _victim_after(hit, sent, skip)  # مقتل ستة فلسطينيين، استشهاد جنديين: the dead follow
    if hit.trigger.type in INTRANSITIVE:  # خروج مسلحي داعش، انسحاب قوات النظام: the genitive leaves
        return genitive_agent(hit, sent, skip) or sent.before(hit.start, cfg.noun_subject_window, skip)
    if hit.trigger.mode == "aerial" and genitive_agent(hit, sent, skip):  # غارات التحالف: the raider
        return genitive_agent(hit, sent, skip)
    nationality = nationality_agent(hit, sent, skip)  # القصف الروسي، الضربات الجوية الأميركية
    if nationality is not None:
        return nationality
    # قصف شنه داعش / شنت الطائرات غارات / غارات التحالف / هجوم لقوات النظام
    return relative_agent(hit, sent, skip) or sent.subject_before(hit.start, cfg.noun_subject_window, skip) \
        or genitive_agent(hit, sent, skip) or sent.subject_before(hit.start, cfg.before_window, skip)


def _parties(hit: Hit, sent: SentenceView, speaker: str | None, skip: set[str], subject: Ref | None) -> Args | None:
    """The two sides of a deal told with a noun (وقعت الحكومة وقوى المعارضة اتفاقا)."""
    if hit.trigger.pos == "verb" or family(hit.trigger.type) != "cooperative":
        return None
    if subject is not None:
        partner = next((r for r in reversed(sent.actors) if r.end <= subject.start and r.id not in skip), None)
        if partner is not None and partner.id != subject.id and sent.coordinated(partner, subject):
            return Args(partner.id, subject.id)
        return None
    # صفقة سرية سمحت لمسلحي داعش ... تحت إشراف التحالف: the parties follow the deal
    _, clause_end = sent.clause(hit.start)
    parties = list(dict.fromkeys(r.id for r in sent.actors if hit.end <= r.start < clause_end
                                 and r.id not in skip and r.id != speaker
                                 and sent.sector.get(r.id) not in NON_AGENT_SECTORS))
    return Args(parties[0], parties[1]) if len(parties) >= 2 else None


def _target(hit: Hit, sent: SentenceView, subject: Ref | None, skip: set[str]) -> Ref | None:
    taken = skip | ({subject.id} if subject else set())
    for r in sent.actors:
        if r.start < hit.end or r.id in taken or sent.gap(hit.end, r.start) > sent.config.object_window:
            continue
        if subject is not None and r.start > subject.start and sent.coordinated(subject, r):
            taken.add(r.id)
            continue
        if hit.trigger.frame == "speech" and sent.oblique(r, hit.end):
            continue  # اتهم X Y بالتواطؤ مع Z: Z is not the one accused
        return r
    return _target_before(hit, sent, subject, taken)


def _target_before(hit: Hit, sent: SentenceView, subject: Ref | None, taken: set[str]) -> Ref | None:
    """No target after the trigger: one between the subject and the verb (SOV after a topic), or, for an
    accusation, the actor before it (of another country than the accuser, where there is one)."""
    if subject is not None and subject.end <= hit.start:
        found = next((r for r in sent.actors if subject.end <= r.start and r.end <= hit.start and r.id not in taken), None)
        if found is not None:
            return found
    if hit.trigger.type == "ACCUSE":
        before = [r for r in reversed(sent.actors) if r.end <= hit.start and r.id not in taken]
        foreign = [r for r in before if subject is None or sent.country.get(r.id) != sent.country.get(subject.id)]
        return (foreign or before or [None])[0]
    return None


def evaluative(hit: Hit, sent: SentenceView, speaker: str | None) -> Args:
    """هو عدوان موصوف، التواجد غير الشرعي الذي أوجدته واشنطن: the speaker accuses the actor it names."""
    if speaker is None:
        return NOBODY
    clause_start, _ = sent.clause(hit.start)
    own = sent.country.get(speaker)
    before = [r for r in reversed(sent.actors) if r.id != speaker and clause_start <= r.start and r.end <= hit.start]
    after = [r for r in sent.actors if r.id != speaker and hit.end <= r.start
             and sent.gap(hit.end, r.start) <= sent.config.object_window]
    named = before + after  # the accused is mostly the subject: وجود القوات الأميركية هو عدوان
    foreign = [r for r in named if own is None or sent.country.get(r.id) != own]
    target = (foreign or named or [None])[0]
    return Args(speaker, target.id if target else None)


def associates(hit: Hit, sent: SentenceView, args: Args) -> tuple[str, ...]:
    """شنت القوات العراقية بمساندة طيران التحالف هجوما، قوات مدعومة من إيران: the actors named right after a
    support marker in the clause of a doer's attack act with the doer (ACLED's associated actors)."""
    if args.source is None or hit.trigger.type not in VIOLENT:
        return ()
    start, end = sent.clause(hit.start)
    taken = {args.source, args.target}
    out: list[str] = []
    for token in sent.tokens:
        if start <= token.orig_start < end and token.text in sent.words.support_marker:
            ref = sent.after(token.orig_end, SUPPORT_WINDOW, taken)
            if ref is not None and ref.start < end and ref.id not in out:
                out.append(ref.id)
    return tuple(out)


def defended(hit: Hit, sent: SentenceView, skip: set[str]) -> Args | None:
    """صدت القوات العراقية هجوما لتنظيم داعش، تصدت الفصائل لهجوم شنته قوات النظام: the attack a verb of
    defence governs was made by its own doer (the noun's genitive, or the relative verb's subject) on the
    defenders (the verb's subject), whichever of the two triggers leads."""
    if hit.trigger.type != "ASSAULT":
        return None
    verb, noun = _defence_pair(hit, sent)
    if verb is None or noun is None:
        return None
    attacker = relative_agent(noun, sent, skip) or genitive_agent(noun, sent, skip)
    defender = next((r for r in sent.actors if verb.orig_end <= r.start and r.end <= noun.start and r.id not in skip),
                    None) or sent.subject_before(verb.orig_start, sent.config.near_subject_window, skip)
    return Args(attacker.id if attacker else None, defender.id if defender else None)


def _defence_pair(hit: Hit, sent: SentenceView):
    """(the verb of defence's word, the attack noun's hit) around ``hit``, either None where there is none."""
    clause_start, clause_end = sent.clause(hit.start)
    words = sent.words

    def defends(token) -> bool:
        return bool(words.defence_verb & {token.text, bare(token.text, words)})

    if hit.trigger.pos == "verb":
        verb = sent.word_of(hit.start)
        if verb is None or not defends(verb):
            return None, None
        noun = next((h for h in sent.hits if hit.end <= h.start < clause_end and h.trigger.pos == "noun"
                     and h.trigger.type == "ASSAULT" and sent.gap(hit.end, h.start) <= sent.config.subject_window),
                    None)
        return verb, noun
    before = [t for t in sent.tokens if clause_start <= t.orig_start and t.orig_end <= hit.start][-4:]
    return next((t for t in reversed(before) if defends(t)), None), hit


def relative_agent(hit: Hit, sent: SentenceView, skip: set[str]) -> Ref | None:
    """قصف شنه داعش، الغارة التي شنتها طائرات روسية: the doer named after a relative verb that follows
    the event noun, with or without a relative pronoun before it."""
    following = [normalize(w) for w in sent.text[hit.end:sent.end].split()[:2]]
    window = 2
    if following[:1] and following[0] in sent.words.relative:
        following, window = following[1:], sent.config.relative_window
    if not following or following[0] not in sent.words.agent_relative:
        return None
    return sent.after(hit.end, window, skip)


def genitive_agent(hit: Hit, sent: SentenceView, skip: set[str]) -> Ref | None:
    """The agent right after a noun trigger: غارات التحالف، هجوم لقوات النظام، خروج مسلحي المعارضة."""
    inside = next((r for r in sent.actors if hit.start < r.start < hit.end < r.end and r.id not in skip), None)
    if inside is not None:
        return inside  # the trigger phrase ends inside the actor's name (خروج مسلحي + مسلحي المعارضة)
    ref = sent.after(hit.end, 1, skip)
    if ref is None or sent.gap(hit.end, sent.word_start(ref.start)) > 0:
        return None  # a word stands between (its own proclitic, as in لقوات, does not count)
    proclitic = sent.proclitic(ref)
    return ref if not proclitic or proclitic in sent.words.genitive_proclitic else None


def nationality_agent(hit: Hit, sent: SentenceView, skip: set[str]) -> Ref | None:
    """A state named by the nationality adjective of the event noun (القصف الروسي)."""
    ref = sent.after(hit.end, 1, skip)
    if ref is None or sent.kind.get(ref.id) != "state":
        return None
    between_words = WORD.findall(normalize(sent.text[hit.end:ref.start]))
    word = normalize(sent.text[ref.start:ref.end])
    article = tuple(sent.words.article)
    # the adjective agrees with its noun: القصف الروسي، ضربات إسرائيلية
    agrees = word.startswith(article) or not normalize(sent.text[hit.start:hit.end]).startswith(article)
    if len(between_words) > 1 or (between_words and between_words[0] not in sent.words.event_noun_filler) \
            or not agrees or not word.endswith(tuple(sent.words.nisba_suffix)):
        return None
    return ref


def reported(hit: Hit, sent: SentenceView, speaker: str) -> bool:
    """Is the trigger inside what the speaker reports (أفادت السلطات بأن الغارات ...)?"""
    ref = next((r for r in sent.speakers if r.id == speaker and r.end <= hit.start), None)
    if ref is None:
        return False
    words = WORD.findall(normalize(sent.text[ref.end:hit.start]))
    cut = next((i for i, w in enumerate(words) if w in sent.words.complementizer), None)
    if cut is None:
        return False
    # نفت الوزارة أن تكون طائراتها قصفت: the speaker's own forces, named by a pronoun
    return not any(w[:-len(suffix)] in sent.words.own_forces for w in words[cut + 1:]
                   for suffix in sent.words.pronoun_suffix if w.endswith(suffix))


def _word_after(sent: SentenceView, pos: int, forms: frozenset[str]) -> tuple[int, int] | None:
    """The first whole word of ``forms`` at or after ``pos`` in the sentence (بين, not أبين)."""
    for match in WORD.finditer(sent.text, pos, sent.end):
        if normalize(match.group()) in forms:
            return match.start(), match.end()
    return None


def _phrase_after(sent: SentenceView, pos: int, phrases: frozenset[str]) -> int | None:
    """The end of the first of ``phrases`` (two words or more) after ``pos`` in the sentence."""
    tokens = list(WORD.finditer(sent.text, pos, sent.end))
    for i in range(len(tokens)):
        for phrase in phrases:
            size = len(phrase.split())
            if i + size <= len(tokens) and " ".join(normalize(t.group()) for t in tokens[i:i + size]) == phrase:
                return tokens[i + size - 1].end()
    return None


def speaker_doc_reporters(doc: Doc) -> set[str]:
    """Sources and spokespeople report events; they are not parties to them."""
    return {a.id for a in doc.actors if a.function == "reporter" or a.role_en == SPOKESPERSON}
