"""Regenerate lexicon/common_names.tsv: how common a word each gazetteer name is.

A town named مدني "civilian", بري "ground" or صور "pictures" is read as a place only with
evidence (see hadath.stages.toponyms). What makes a name ambiguous is data, computed here once
from the Arabic word list of the `wordfreq` package (Apache-2.0 code; its frequency data is
CC BY-SA 4.0: the derived column is attributed in the file header) and committed; the runtime
does not need wordfreq.

    pip install --target /tmp/wf wordfreq
    PYTHONPATH=/tmp/wf:src .venv/bin/python scripts/toponym_commonness.py > src/hadath/data/lexicon/common_names.tsv

One row per normalised place name (see text.normalize: spellings that match alike share a
row and their frequencies are summed):
- every name of the authored gazetteer (places/*.tsv), so `hadath kb validate` can check that
  none lacks a score;
- every GeoNames name that is itself a common word (Zipf >= 3) or that some proclitic turns
  into a common word.
Columns: `name_ar` the normalised name; `zipf` its Zipf frequency in general Arabic (log10 of
occurrences per billion words; 0 = not in the list; 3 = once per million words, 5 = every
10,000 words; for a name of several words, wordfreq's estimate: 1 / the sum of 1/f of its words); `word_forms_ar` the name with a proclitic that is a more common word in its own
right than the name is (ك+برى = كبرى "major", ف+عالية = فعالية "effectiveness", ب+حجة "under
the pretext"): such a word is never the place; `also` `month` when the name is a month name
of the temporal lexicon (آب "August" is also Ibb).
"""
from __future__ import annotations

import math
import sys

from hadath.kb.loader import build
from hadath.kb.tsv import DATA_DIR, read_rows
from hadath.text.normalize import normalize

GEONAMES_MIN_ZIPF = 3.0
FORM_MIN_ZIPF = 3.5  # a clitic form must be at least this common ...
FORM_MARGIN = 0.3  # ... and no more than this below the name's own frequency (بالرياض is 0.4 below)


def main() -> int:
    from wordfreq import get_frequency_dict

    freq: dict[str, float] = {}
    for word, p in get_frequency_dict("ar", "best").items():
        key = normalize(word)
        freq[key] = freq.get(key, 0.0) + p

    def zipf(key: str) -> float:
        """A word's frequency; a phrase's as wordfreq estimates it (1 / the sum of 1/f of its words)."""
        parts = [freq.get(w, 0.0) for w in key.split()]
        if not parts or min(parts) <= 0:
            return 0.0
        p = 1.0 / sum(1.0 / x for x in parts)
        return round(math.log10(p * 1e9), 2)

    months = set()
    for row in read_rows(DATA_DIR / "lexicon" / "temporal.tsv", ("kind", "form", "value", "tags", "note")):
        if row.get("kind") == "month":
            months.add(normalize(row.get("form")))

    kb = build()
    authored: set[str] = set()
    names: set[str] = set()
    for key, lexes in kb.forms.items():
        refs = [x.ref for x in lexes if x.type == "place" and not x.needs_ll]
        if not refs:
            continue
        names.add(key)
        if any(kb.places[r].source == "kb" for r in refs):
            authored.add(key)

    print("# common_names.tsv: how common a word each gazetteer name is (generated: scripts/toponym_commonness.py;")
    print("# do not edit by hand). zipf: Zipf frequency in general Arabic, from wordfreq's Arabic list")
    print("# (Robyn Speer et al., data CC BY-SA 4.0, https://github.com/rspeer/wordfreq). word_forms_ar: the name")
    print("# behind a proclitic that is a more common word of its own; also: month = a month name too.")
    print("name_ar\tzipf\tword_forms_ar\talso\tnote")
    for key in sorted(names):
        z = zipf(key)
        prefixes = kb.clitics.before_definite if key.startswith(kb.clitics.article) else kb.clitics.before_indefinite
        forms = []
        if " " not in key:
            for p in sorted(prefixes - {""}):
                fz = zipf(p + key)
                if fz >= FORM_MIN_ZIPF and fz >= z - FORM_MARGIN and (p + key) not in kb.forms:
                    forms.append(p + key)  # لبنان is ل+بنان, but a name of its own
        also = "month" if key in months else ""
        if key not in authored and z < GEONAMES_MIN_ZIPF and not forms and not also:
            continue
        print(f"{key}\t{z}\t{'|'.join(forms)}\t{also}\t{'' if key in authored else 'geonames'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
