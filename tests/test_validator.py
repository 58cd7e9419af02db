"""The knowledge-base validator catches the mistakes authors make."""
from pathlib import Path

from hadath.kb import schema
from hadath.kb.validate import _iso3_codes, validate_file


def write(tmp_path: Path, folder: str, name: str, columns, rows) -> Path:
    d = tmp_path / folder
    d.mkdir(exist_ok=True)
    path = d / name
    path.write_text("\n".join(["\t".join(columns)] + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")
    return path


def messages(path):
    return [p.message for p in validate_file(path, {}, _iso3_codes()) if p.error]


def test_good_place_row_passes(tmp_path):
    path = write(tmp_path, "places", "x.tsv", schema.PLACE_COLUMNS,
                 [["syr.beit-jinn", "Beit Jinn", "بيت جن", "", "SYR", "Rif Dimashq", "village", "33.3086", "35.8867", "1", ""]])
    assert messages(path) == []


def test_place_mistakes(tmp_path):
    path = write(tmp_path, "places", "x.tsv", schema.PLACE_COLUMNS, [
        ["syr.swapped", "Swapped", "مقلوب", "", "SYR", "", "town", "35.88", "33.30", "1", ""],
        ["syr.bad-kind", "Bad", "سيء", "", "SYR", "", "hamlet", "33.3", "35.9", "1", ""],
        ["Bad Id", "Bad", "سيء", "", "SYX", "", "town", "33.3", "35.9", "5", ""],
        ["syr.latin", "Latin", "Beit جن", "", "SYR", "", "town", "33.3", "35.9", "1", ""],
        ["syr.swapped", "Dup", "مكرر", "", "SYR", "", "town", "33.3", "35.9", "1", ""],
    ])
    found = " | ".join(messages(path))
    for expected in ("outside SYR", "kind 'hamlet'", "id 'Bad Id'", "'SYX'", "precision '5'", "mixes Latin", "already used"):
        assert expected in found, expected


def test_wrong_header_and_stray_tab(tmp_path):
    path = write(tmp_path, "places", "x.tsv", ("id", "name"), [["a", "b"]])
    assert "header must be" in messages(path)[0]
    path = write(tmp_path, "actors", "y.tsv", schema.ACTOR_COLUMNS,
                 [["per.x", "person", "X", "اكس", "", "SYR", "GOV", "", "", "", "", "extra"]])
    assert "stray tab" in messages(path)[0]


def test_actor_mistakes(tmp_path):
    path = write(tmp_path, "actors", "y.tsv", schema.ACTOR_COLUMNS, [
        ["per.x", "human", "X", "اكس", "", "SYR", "BOSS", "", "2011-13-01x", "", ""],
    ])
    found = " | ".join(messages(path))
    assert "kind 'human'" in found and "sector 'BOSS'" in found and "from '2011-13-01x'" in found


def test_common_name_mistakes(tmp_path):
    path = write(tmp_path, "lexicon", "common_names.tsv", schema.COMMON_NAME_COLUMNS, [
        ["بري", "4.31", "كبري", "", ""],
        ["برى", "3.1", "", "", ""],  # not in the normalised form
        ["صور", "high", "", "", ""],
        ["تدمر", "9.5", "", "", ""],
        ["حجه", "4.5", "فحجة|كتاب", "", ""],
        ["اب", "4.9", "", "season", ""],
    ])
    found = " | ".join(messages(path))
    for expected in ("normalised form", "'high' is not a number", "outside 0..8", "'كتاب' is not a proclitic",
                     "also 'season'"):
        assert expected in found, expected
    assert "كبري" not in found


def test_every_authored_place_name_needs_a_common_word_score(tmp_path):
    from hadath.kb.validate import validate

    places = write(tmp_path, "places", "x.tsv", schema.PLACE_COLUMNS, [
        ["syr.beit-jinn", "Beit Jinn", "بيت جن", "بيت جنّ|بيتجن", "SYR", "Rif Dimashq", "village", "33.3086", "35.8867", "1", ""],
    ])
    scores = write(tmp_path, "lexicon", "common_names.tsv", schema.COMMON_NAME_COLUMNS, [["بيت جن", "0.0", "", "", ""]])
    found = [p.message for p in validate([places, scores]) if p.error]
    assert len(found) == 1 and "'بيتجن' has no common-word score" in found[0]


def test_org_head_mistakes(tmp_path):
    path = write(tmp_path, "lexicon", "org_heads.tsv", schema.ORG_HEAD_COLUMNS, [
        ["حزب", "PTY", "organization", "", ""],
        ["عصابة", "GANG", "organization", "", ""],
        ["تنظيم", "INS", "club", "maybe", ""],
    ])
    found = " | ".join(messages(path))
    assert "sector 'GANG'" in found and "kind 'club'" in found and "verbal 'maybe'" in found
    assert len(messages(path)) == 3


def test_link_words_file_is_checked_as_words(tmp_path):
    path = write(tmp_path, "lexicon", "link_words.tsv", schema.WORD_COLUMNS, [["مدينة|city", "place_noun", ""]])
    assert any("has no Arabic letter" in m for m in messages(path))
