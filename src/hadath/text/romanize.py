"""A readable Latin form for Arabic names nobody wrote down (not a standard transliteration).

Unvowelled Arabic hides short vowels, so this guesses: و and ي between consonants are long
vowels, an opening consonant cluster takes an a, a closing one an i (محسن → Mahsin).
"""
from __future__ import annotations

from .normalize import normalize

_LETTERS = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "'",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w",
    "ي": "y", "ء": "'",
}
_VOWELS = set("aiu")


def _word(word: str) -> str:
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
    text = "".join(out)
    return prefix + (text[:1].upper() + text[1:])


def romanize(name: str) -> str:
    return " ".join(_word(w) for w in normalize(name).split())
