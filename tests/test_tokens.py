"""The clitic table (lexicon/clitics.tsv) and the token layer every stage reads (hadath.text.tokens)."""
import ast
import datetime as dt
from pathlib import Path

import pytest

from hadath.text.clitics import CLITICS_PATH, Clitics, CliticTableError
from hadath.text.normalize import normalize_with_map
from hadath.text.tokens import Tokens, break_pattern

SRC = Path(__file__).resolve().parents[1] / "src" / "hadath"
PROCLITIC_LETTERS = frozenset("وفبكلسا")


@pytest.fixture(scope="module")
def clitics():
    return Clitics.load()


def test_fronts_follow_the_grammar(clitics):
    # conjunction, then a preposition, then the article; ل + ال is written لل
    assert {"و", "وب", "فك", "ول"} <= clitics.before_indefinite
    assert "ل" not in clitics.before_definite and "ب" in clitics.before_definite  # لالجيش is no spelling
    assert clitics.before_lost_article == {"لل", "ولل", "فلل"}
    assert clitics.locative == {"ب", "وب", "فب"}
    assert {"وبال", "لل", "كال"} <= clitics.definite and "لال" not in clitics.definite
    assert "س" in clitics.before_trigger and "وس" in clitics.before_trigger and "سب" not in clitics.before_trigger
    assert "ك" not in clitics.guessed  # كان، كل: never split off on a guess
    assert clitics.strip_guessed("وبريف") == "ريف" and clitics.strip_guessed("كبرى") == "كبرى"


def test_split_keeps_three_letters_and_pronouns_only_when_sure(clitics):
    assert clitics.split("وبالقصف") == ("وبال", "قصف")
    assert clitics.split("ولد") == ("", "ولد")
    assert clitics.split_pronoun("هجومهم") == ("هجوم", "هم")
    assert clitics.split_pronoun("هجمه") == ("هجمه", "")  # ه is also a normalised ة


@pytest.mark.parametrize("row,message", [
    ("ق\tconjunction\tyes\t\t\tx", None),
    ("و\tprefix\tyes\t\t\tand", "slot 'prefix'"),
    ("و\tconjunction\tmaybe\t\t\tand", "guessed 'maybe'"),
    ("ب\tpreposition\tyes\t\tplace\tin", "tags place"),
    ("و\tconjunction\tyes\tوال\t\tand", "only a preposition"),
])
def test_malformed_rows_name_the_file_and_line(tmp_path, row, message):
    table = CLITICS_PATH.read_text(encoding="utf-8").rstrip("\n") + "\n" + row + "\n"
    path = tmp_path / "clitics.tsv"
    path.write_text(table, encoding="utf-8")
    if message is None:
        assert "ق" in Clitics.load(path).conjunctions
        return
    with pytest.raises(CliticTableError) as err:
        Clitics.load(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_the_token_layer_keeps_both_offsets_sentences_and_clauses(clitics):
    text = "قصفتْ الطائراتُ وبالأمس، قال المتحدث. بينما رد الجيش"
    norm = normalize_with_map(text)
    second = text.index("بينما") - 1
    tokens = Tokens.build(norm, [0, text.index("بينما")], clitics, break_pattern(frozenset({"بينما"})))
    words = tokens.words
    assert [w.text for w in words][:3] == ["قصفت", "الطايرات", "وبالامس"]
    for w in words:  # diacritics dropped from the matching form, kept in the original span
        assert text[w.orig_start:w.orig_end].replace("\u0652", "").replace("\u064f", "") \
            .replace("أ", "ا").replace("ئ", "ي") == w.text
    third = words[2]
    assert (third.proclitics, third.stem) == ("وبال", "امس")
    assert [w.sentence for w in words] == [0] * 5 + [1] * 3
    assert [w.clause for w in words] == [0] * 5 + [1] * 3
    assert tokens.clause_starts == [second + 1]
    assert tokens.word_before(norm.text.index("قال")) is None  # a comma stands between
    assert tokens.words_before(norm.text.index("المتحدث"), 3) == ["قال"]


def test_pipeline_tokenises_once_and_stages_read_it(kb):
    from hadath import Article, Pipeline

    doc = Pipeline(kb=kb)(Article(id="t", text="قصفت الطائرات الروسية مواقع في ريف حلب أمس.",
                                  published=dt.date(2017, 11, 15)))
    assert doc.tokens is not None and doc.tokens.norm is doc.norm
    assert doc.times and doc.events


def test_no_proclitic_list_outside_the_table():
    """Every set of proclitics is derived from lexicon/clitics.tsv: no module writes one out."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "clitics.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Tuple, ast.Set, ast.List)):
                items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                if len(items) >= 3 and len(items) == len(node.elts) and all(
                        0 < len(i) <= 3 and set(i) <= PROCLITIC_LETTERS for i in items):
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not offenders, offenders
