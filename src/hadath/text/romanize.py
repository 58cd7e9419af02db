"""A readable Latin form for Arabic personal names the knowledge base does not hold.

First the reviewed table of frequent names (``data/lexicon/names.tsv``): the spellings
English-language news uses (محمد Mohammed, طه Taha, ميشال عون Michel Aoun), whole names of up
to three words first (عبد الله, بن لادن). A proclitic glued to a name (و ف ب ل) is never kept:
وعبدالله is Abdullah. A word the table lacks is romanised by rule. Unvowelled Arabic hides
short vowels, so the rule guesses: و and ي between consonants are long vowels, an opening
consonant cluster takes an a, a closing one an i (محسن → Mahsin); it is no standard
transliteration.
"""
from __future__ import annotations

from functools import lru_cache

from .normalize import normalize

_LETTERS = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "'",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w",
    "ي": "y", "ء": "'",
}
_VOWELS = set("aiu")
_LONGEST = 3  # words in the longest table entry tried


@lru_cache(maxsize=1)
def _proclitics() -> tuple[str, ...]:
    """and, so, with, for (lexicon/clitics.tsv, those split off on a guess): never part of a name."""
    from .clitics import Clitics

    return tuple(sorted(Clitics.load().guessed))


@lru_cache(maxsize=1)
def name_table() -> dict[str, str]:
    """Normalised Arabic spelling -> English spelling, from data/lexicon/names.tsv."""
    from ..kb.schema import COLUMNS
    from ..kb.tsv import kb_files, read_rows

    table: dict[str, str] = {}
    for path in kb_files("names"):
        if not path.exists():
            continue
        for row in read_rows(path, COLUMNS["names"]):
            for form in row.list("forms_ar"):
                table.setdefault(normalize(form), row.get("name_en"))
    return table


def _word(word: str) -> str:
    """The rule-based guess for one word (the table had none)."""
    prefix = ""
    if word.startswith("ال") and len(word) > 3:
        prefix, word = "al-", word[2:]
    out: list[str] = []
    for i, ch in enumerate(word):
        latin = _LETTERS.get(ch, ch)
        prev_is_cons = bool(out) and out[-1][-1] not in _VOWELS
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if ch == "و" and i > 0 and prev_is_cons and nxt not in ("ا", "و", "ي", ""):
            latin = "u"
        elif ch == "و" and i > 0 and nxt == "":
            latin = "u" if prev_is_cons else "w"
        elif ch == "ي" and i > 0 and prev_is_cons and nxt not in ("ا", "و", "ي"):
            latin = "i"
        elif ch == "ه" and nxt == "" and i > 0:
            latin = "a"
        out.append(latin)
    if len(out) >= 2 and out[0][-1] not in _VOWELS and out[1][0] not in _VOWELS:
        out.insert(1, "a")
    if len(out) >= 3 and out[-1][-1] not in _VOWELS and out[-2][-1] not in _VOWELS and out[-2] != "'":
        out.insert(len(out) - 1, "i")
    text = "".join(out).lstrip("'")
    return prefix + (text[:1].upper() + text[1:])


def _strip_proclitic(words: list[str], i: int, table: dict[str, str]) -> str:
    """words[i] without a glued و ف ب ل when what follows is a name (known, or one with the article)."""
    word = words[i]
    if len(word) < 4 or not word.startswith(_proclitics()):
        return word
    if any(" ".join(words[i:i + n]) in table for n in range(1, _LONGEST + 1)):
        return word  # وليد, وائل, بشار: the table knows the whole word
    rest = word[1:]
    if rest.startswith("ل") and word.startswith("ل"):  # لل = ل + ال
        rest = "ا" + rest
    tail = words[i + 1:i + _LONGEST]
    if any(" ".join([rest, *tail[:n]]) in table for n in range(0, len(tail) + 1)):
        return rest
    if rest.startswith("ال") and len(rest) > 3:  # والحوثي: and + al-Houthi
        return rest
    if rest.startswith("عبد"):  # وعبدالكافي
        return rest
    return word


def romanize(name: str) -> str:
    table = name_table()
    words = normalize(name).split()
    out: list[str] = []
    i = 0
    while i < len(words):
        words[i] = _strip_proclitic(words, i, table)
        for n in range(min(_LONGEST, len(words) - i), 0, -1):
            key = " ".join(words[i:i + n])
            if key in table:
                out.append(table[key])
                i += n
                break
        else:
            word = words[i]
            if word.startswith("عبد") and len(word) > 5 and word[3:5] == "ال":  # عبدالكافي, glued
                out.append("Abdul" + _word(word[5:]).lower())
            elif word == "عبد" and i + 1 < len(words) and words[i + 1].startswith("ال"):  # عبد الكافي
                out.append("Abdul" + _word(words[i + 1][2:]).lower())
                i += 1
            else:
                out.append(_word(word))
            i += 1
    return " ".join(out)
