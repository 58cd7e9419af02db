"""Magnitudes in a sentence: killed, wounded, arrested, displaced, and sizes of forces.

Vague counts take ACLED's conservative reading: several/a few = 3... here عدة/بضعة = 3,
عشرات (dozens) = 12, مئات (hundreds) = 100, آلاف (thousands) = 1000.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..text.normalize import normalize

UNITS = {"واحد": 1, "واحده": 1, "اثنان": 2, "اثنين": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4,
         "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثماني": 8, "ثمانيه": 8, "ثمان": 8,
         "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10, "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "اربعين": 40,
         "خمسين": 50, "مئه": 100, "مايه": 100, "الف": 1000}
VAGUE = {"عده": 3, "بضعه": 3, "بضع": 3, "عشرات": 12, "مئات": 100, "الاف": 1000, "الالاف": 1000}
MULTIPLIERS = {"الاف": 1000, "الف": 1000, "مليون": 1_000_000, "ملايين": 1_000_000}
KINDS = (
    ("killed", "مقتل قتل قتلوا قتلي القتلي قتيلا قتيل لقي لقوا مصرع حتفه حتفهم مقتلهم"),
    ("wounded", "اصيب اصيبوا اصابه اصابات جرحي الجرحي جريح جريحا جرح"),
    ("arrested", "اعتقال اعتقل اعتقلت اسر اسري احتجاز خطف اختطاف"),
    ("displaced", "نزح نزوح نازح نازحين النازحين تهجير"),
)
TIME_WORDS = {"امس", "اليوم", "يوم", "ايام", "عاما", "سنوات", "ساعه", "ساعات", "شهرا", "اشهر", "كلم", "كم"}
APPROX = {"نحو", "حوالي", "قرابه", "زهاء", "اكثر", "اقل", "يقارب", "ما"}


@lru_cache(maxsize=1)
def _number_pattern() -> re.Pattern:
    words = "|".join(sorted(list(UNITS) + list(VAGUE), key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_وفبل])[وفبل]?(\d+(?:[.,]\d+)?|(?:{words}))(?:\s+(الاف|الف|مليون|ملايين))?\s+(\w+)")


def _kind_of(words: list[str]) -> str | None:
    for kind, triggers in KINDS:
        vocab = set(triggers.split())
        if any(w in vocab or w[1:] in vocab for w in words):
            return kind
    return None


def find_quantities(text: str, start: int, end: int) -> tuple[dict, ...]:
    """Counts in text[start:end]; each with kind, value, unit word, approx and the phrase."""
    sentence = normalize(text[start:end])
    out = []
    for m in _number_pattern().finditer(sentence):
        raw, mult, unit = m.group(1), m.group(2), m.group(3)
        if raw.replace(",", "").replace(".", "").isdigit():
            value = int(float(raw.replace(",", "")))
        else:
            value = UNITS.get(raw) or VAGUE.get(raw)
        if value is None or unit.isdigit():
            continue
        if unit in TIME_WORDS:
            unit = ""
        if mult:
            value *= MULTIPLIERS[mult]
        before = sentence[max(0, m.start() - 30):m.start()].split()
        after = sentence[m.end():m.end() + 40].split()[:3]
        kind = _kind_of(before[-1:] + [unit] + after[:1]) or "size"
        approx = raw in VAGUE or any(w in APPROX or w[1:] in APPROX for w in before[-2:])
        out.append({"kind": kind, "value": value, "unit": unit, "approx": approx, "text": m.group(0)})
    return tuple(out)
