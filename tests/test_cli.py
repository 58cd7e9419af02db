"""The command line on good and bad input (run in-process through hadath.cli.main)."""
import json

import pytest

from hadath.cli import main

ARTICLE = "قال ناشطون إن الطائرات الحربية الروسية قصفت مدينة إدلب أمس."


def run(capsys, *args, stdin=None, monkeypatch=None):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_file(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    code, out, err = run(capsys, "extract", str(f), "--published", "2019-05-26", "--id", "x1")
    assert code == 0, err
    record = json.loads(out)
    assert record["id"] == "x1" and record["published"] == "2019-05-26"
    assert any(p["country"] == "SYR" for p in record["places"])
    for a in record["actors"]:
        for m in a["mentions"]:
            assert ARTICLE[m["start"]:m["end"]] == m["text"]


def test_stdin(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8"))))
    code, out, _ = run(capsys, "extract", "-", "--published", "2019-05-26")
    assert code == 0 and json.loads(out)["id"] == "stdin"


def test_jsonl_bad_line_is_reported_and_the_rest_goes_on(tmp_path, capsys):
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "a", "text": ARTICLE, "published": "2019-05-26"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "c", "text": "", "published": "2019-05-26"}),
        json.dumps({"id": "d", "text": ARTICLE, "published": "26/05/2019"}, ensure_ascii=False),
        json.dumps({"id": "e", "text": ARTICLE}, ensure_ascii=False),
    ]), encoding="utf-8")
    code, out, err = run(capsys, "extract", "--jsonl", str(f))
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a", "e"]
    assert f"{f}:2" in err and "not JSON" in err
    assert f"{f}:3" in err and "E002" in err
    assert f"{f}:4" in err and "E004" in err


@pytest.mark.parametrize("content,code_word", [
    (b"", "E002"),
    (b"   \n  ", "E002"),
    (b"\x00\x01\x02binary", "E003"),
    (b"\xff\xfe\xfd invalid \x80\x81", "E003"),
])
def test_bad_files_name_the_file_and_the_problem(tmp_path, capsys, content, code_word):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    code, out, err = run(capsys, "extract", str(f), "--published", "2019-05-26")
    assert code == 2 and out == ""
    assert code_word in err and str(f) in err


def test_missing_file_and_bad_date(tmp_path, capsys):
    code, _, err = run(capsys, "extract", str(tmp_path / "nope.txt"))
    assert code == 2 and "E001" in err and "nope.txt" in err
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    code, _, err = run(capsys, "extract", str(f), "--published", "yesterday")
    assert code == 2 and "E004" in err and "YYYY-MM-DD" in err


def test_unknown_option_is_refused(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["extract", "--bogus"])
    assert exc.value.code == 2
    assert "--bogus" in capsys.readouterr().err


def test_windows_arabic_encoding_is_read(tmp_path, capsys):
    f = tmp_path / "cp1256.txt"
    f.write_bytes(ARTICLE.encode("cp1256"))
    code, out, _ = run(capsys, "extract", str(f), "--published", "2019-05-26")
    assert code == 0 and json.loads(out)["places"]


def test_examples_folder(capsys):
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "examples"
    code, out, err = run(capsys, "extract", str(folder))
    assert code == 0, err
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert "example-idlib" in ids and "example-anbar" in ids and len(ids) == 3


def test_english_text_is_refused_as_not_arabic(tmp_path, capsys):
    f = tmp_path / "en.txt"
    f.write_text("Russian warplanes struck Abu Kamal on Tuesday.", encoding="utf-8")
    code, _, err = run(capsys, "extract", str(f))
    assert code == 2 and "E006" in err and "Arabic" in err
