"""List the people of UniversalPetrarch's Arabic actor dictionary the knowledge base lacks, for review.

The dictionary (../shared/data/petrarch_arabic_dicts/actor_dict_ar_v4.txt, MIT) holds about 5,700
actors with CAMEO codes and date ranges. This prints its people with a government, military or
opposition code of a country of the region for a period that reaches 2000 or later, and whose name
no knowledge-base person matches, most codes first: a reference for authoring
data/actors/people_*.tsv entry by entry (a person decides the English name, role and dates; the
dictionary's spellings are lemmatised, without the article, so they are not copied as they stand).

    .venv/bin/python scripts/petrarch_people.py [--dict PATH] [--limit 200]
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DICT = ROOT.parent / "shared" / "data" / "petrarch_arabic_dicts" / "actor_dict_ar_v4.txt"
REGION = set("SYR IRQ YEM LBN PSE ISR JOR EGY LBY SDN SSD TUN DZA MAR SAU ARE QAT KWT BHR OMN IRN TUR MRT".split())
SECTORS = ("GOV", "MIL", "REB", "OPP", "PTY", "LEG", "JUD", "COP", "SPY")
CODE = re.compile(r"\[([A-Z]{3})([A-Z]*)\s*(\d{8})?-?(\d{8})?\]")
NOT_PERSON = re.compile("^(وزار|حكوم|قو|جيش|مجلس|حزب|حرك|جبه|منظم|اتحاد|شرط|ميليش|هيئ|جماع|رئيس|وزير|مسؤول|قائد|زعيم|عاهل|ملك_|امير|أمير)")


def entries(path: Path):
    name, codes = None, []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if raw[:1] in "\t " and line.startswith("["):
            codes += CODE.findall(line)
            continue
        if name:
            yield name, codes
        head, _, rest = line.partition("[")
        name, codes = head.strip().strip("_"), CODE.findall("[" + rest) if rest else []
    if name:
        yield name, codes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dict", type=Path, default=DICT)
    ap.add_argument("--limit", type=int, default=200)
    args = ap.parse_args()
    if not args.dict.exists():
        print(f"not found: {args.dict}", file=sys.stderr)
        return 2
    from hadath.kb.loader import load
    from hadath.text.normalize import normalize

    kb = load(with_geonames=False)
    known = {k for k, lexes in kb.forms.items() if any(x.type == "actor" for x in lexes)}
    rows = []
    for name, codes in entries(args.dict):
        words = name.replace("_", " ").split()
        if not 2 <= len(words) <= 4 or NOT_PERSON.search(name):
            continue
        kept = [c for c in codes if c[0] in REGION and c[1][:3] in SECTORS and (not c[3] or c[3] == "18000101" or c[3] >= "2000")]
        if not kept:
            continue
        key = normalize(" ".join(words))
        if key in known or normalize("ال" + words[-1]) in known and normalize(" ".join(words[:-1] + ["ال" + words[-1]])) in known:
            continue
        rows.append((len(kept), " ".join(words), " ".join(f"{a}{b} {c or ''}-{d or ''}" for a, b, c, d in kept)))
    rows.sort(key=lambda r: (-r[0], r[1]))
    for n, name, codes in rows[:args.limit]:
        print(f"{name}\t{codes}")
    print(f"{len(rows)} people not in the knowledge base", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
