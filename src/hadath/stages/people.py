"""People: roles in apposition, names the knowledge base does not know, surnames.

- A role word (وزير الخارجية الروسي، العميد، المتحدث باسم ...) followed, within a few
  words, by a known person gives that person the role; the bodies named between them
  (وزارة الدفاع العراقية) give an unknown person a country and a sector.
- A role followed by two or three name-like words creates a person the knowledge base does
  not know; so do name-like words between a verb of saying and a role
  (قال صالح المخزوم نائب رئيس المؤتمر).
- Once a person is named in full, the surname alone (لافروف) refers to them.
- Forces tied to a person by a loyalty word (القوات الموالية للرئيس المخلوع علي عبدالله صالح) are a
  group of their own, "Forces loyal to ...", of the person's country (lexicon/link_words.tsv:
  loyal_head, loyal_word).
"""
from __future__ import annotations

from ..kb.loader import KnowledgeBase
from ..text.romanize import romanize
from .chunks import Chunk
from ..text.tokens import Tokens

MAX_GAP_WORDS = 3
APPOSITION_PUNCT = frozenset("،,:-–")


def attach_roles(chunks: list[Chunk], view: Tokens, kb: KnowledgeBase) -> list[Chunk]:
    out: list[Chunk] = []
    taken = {(c.start, c.end) for c in chunks if c.kind != "role"}
    starts = {c.start for c in chunks}
    for index, ch in enumerate(chunks):
        if ch.kind != "role":
            out.append(ch)
            continue
        role = kb.roles[ch.role_index]
        country, sector, pos = ch.country, role.sector, ch.end
        person = None
        for nxt in chunks[index + 1:]:
            if _words_between(view, pos, nxt.start) > MAX_GAP_WORDS or _sentence_break(view, pos, nxt.start):
                break
            if nxt.kind == "actor" and nxt.actor_kind == "person":
                person = nxt
                break
            if nxt.kind == "actor":  # the body the role belongs to: المتحدث باسم وزارة الدفاع العراقية
                country = nxt.country or country
                if role.sector in ("GOV", "REB") and nxt.sector:
                    sector = nxt.sector
                pos = nxt.end
                if _name_after(view, pos, kb, starts):
                    break  # الفريق في الشرطة الاتحادية رائد جودت: the name follows the body
                continue
            if nxt.kind == "role":
                break
        if person is not None:
            person.role_en = role.role_en
            if person.country is None:
                person.country = country
            continue
        span = _name_after(view, pos, kb, starts) or _name_before(view, ch.start, kb, starts)
        if span is None or span in taken:
            continue
        out.append(_unknown_person(view, span, role.role_en, country, sector))
        taken.add(span)
    out.sort(key=lambda c: c.start)
    return out


def _unknown_person(view: Tokens, span: tuple[int, int], role_en: str, country: str | None, sector: str) -> Chunk:
    name = view.text[span[0]:span[1]]
    return Chunk("actor", span[0], span[1], key=("per", name), country=country, sector=sector,
                 actor_kind="person", name_en=romanize(name), name_ar=name, role_en=role_en, how="role",
                 needs_country=country is None, confidence=0.6)


def _words_between(view: Tokens, a: int, b: int) -> int:
    return sum(1 for t in view.words[view.token_at(a):view.token_at(b)] if t.end <= b)


def _sentence_break(view: Tokens, a: int, b: int) -> bool:
    return any(ch in ".!?؟\n" for ch in view.text[a:b])


def _name_like(word: str, kb: KnowledgeBase, first: bool) -> bool:
    if len(word) < 2 or not all("\u0621" <= ch <= "\u064a" for ch in word):
        return False
    if word in kb.word_set("stop") or word in kb.word_set("locative") or word in kb.word_set("speech"):
        return False
    if first and word.startswith("ال"):
        return False  # a first name carries no article; الرئيس الأميركي الجديد is no name
    return not any(x.type in ("inst", "role", "adj", "plural", "state") for x in kb.forms.get(word, ()))


def _name_after(view: Tokens, pos: int, kb: KnowledgeBase, starts: set[int]) -> tuple[int, int] | None:
    tokens = view.words
    i = view.token_at(pos)
    if i >= len(tokens):
        return None
    gap = view.text[pos:tokens[i].start]
    if any(not (c.isspace() or c in APPOSITION_PUNCT) for c in gap):
        return None
    return _take_name(view, i, kb, starts)


def _take_name(view: Tokens, i: int, kb: KnowledgeBase, starts: set[int]) -> tuple[int, int] | None:
    tokens, particles = view.words, kb.word_set("name_particle")
    units: list[tuple[int, int]] = []
    while i < len(tokens) and len(units) < 3:
        tok = tokens[i]
        if units and view.gap_has_punct(tokens[i - 1].end, tok.start):
            break
        inside_entity = any(pos in starts for pos in range(tok.start, tok.end))  # للولايات المتحدة
        if (inside_entity and (units or tok.start not in starts)) or not _name_like(tok.text, kb, first=not units):
            break
        if tok.text in particles and i + 1 < len(tokens) and not view.gap_has_punct(tok.end, tokens[i + 1].start):
            units.append((tok.start, tokens[i + 1].end))
            i += 2
            continue
        units.append((tok.start, tok.end))
        i += 1
    if len(units) < 2:
        return None
    return units[0][0], units[-1][1]


def _name_before(view: Tokens, role_start: int, kb: KnowledgeBase, starts: set[int]) -> tuple[int, int] | None:
    """قال صالح المخزوم نائب رئيس ...: a name between a verb of saying and a role."""
    words = view.words_before(role_start, 4)
    speech = kb.word_set("speech")
    for size in (3, 2):
        if len(words) < size + 1:
            continue
        verb = words[-size - 1]
        if verb in speech or (verb[:1] in "وف" and verb[1:] in speech):
            i = view.token_at(role_start) - size
            span = _take_name(view, i, kb, starts)
            if span is not None and span[1] <= role_start:
                return span
    return None


LOYAL_REACH = 5  # words between ل and the person: a role (للرئيس المخلوع) may stand between


def loyal_forces(chunks: list[Chunk], view: Tokens, kb: KnowledgeBase) -> list[Chunk]:
    """القوات الموالية للرئيس هادي: a group of forces loyal to a person named after the loyalty word."""
    heads, loyal = kb.word_set("loyal_head"), kb.word_set("loyal_word")
    covered = [(c.start, c.end) for c in chunks if c.kind in ("actor", "place")]
    people_after = sorted((c for c in chunks if c.kind == "actor" and c.actor_kind == "person"), key=lambda c: c.start)
    added: list[Chunk] = []
    tokens = view.words
    for i in range(len(tokens) - 2):
        head, word, to = tokens[i], tokens[i + 1], tokens[i + 2]
        bare = head.text[1:] if head.text[:1] in "وف" and head.text[1:] in heads else head.text
        if bare not in heads or word.text not in loyal or not to.text.startswith("ل"):
            continue
        if view.gap_has_punct(head.end, word.start) or view.gap_has_punct(word.end, to.start):
            continue
        start = head.start + (len(head.text) - len(bare))
        if any(s < word.end and start < e for s, e in covered):
            continue  # القوات الموالية للحكومة: an institution the linker made already
        patron = next((p for p in people_after if p.start >= to.start), None)
        if patron is None or _words_between(view, to.start, patron.start) > LOYAL_REACH \
                or any(ch in ".!?؟\n،,:" for ch in view.text[to.start:patron.start]):
            continue
        # the mention runs to the person's name's end (the person stays an actor of their own)
        added.append(Chunk("actor", start, patron.end, key=("loyal", patron.key), country=patron.country, sector="MIL",
                           actor_kind="group", name_en=f"Forces loyal to {patron.name_en}", how="composed",
                           confidence=0.6))
        covered.append((start, word.end))
    return sorted(chunks + added, key=lambda c: c.start) if added else chunks


def names_a_building(chunk: Chunk, view: Tokens, kb: KnowledgeBase) -> bool:
    """مسجد الإمام علي بن أبي طالب، مستشفى الملك فهد: a person named after a building noun (a title may stand
    between) is the building's name, not an actor of the news."""
    if chunk.kind not in ("actor", "role") or (chunk.kind == "actor" and chunk.actor_kind != "person"):
        return False
    return after_building_noun(chunk.start, view, kb)


def after_building_noun(start: int, view: Tokens, kb: KnowledgeBase) -> bool:
    """Does a building noun (and perhaps a title) stand right before the name at ``start``?"""
    buildings, titles = kb.word_set("building_noun"), kb.word_set("honorific")
    before = view.word_before(start)
    if before is not None and {before.text, before.stem} & titles:
        before = view.word_before(before.start)
    return before is not None and bool({before.text, before.stem} & buildings)
