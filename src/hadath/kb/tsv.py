"""Reading the knowledge-base TSV files: header row, ``#`` comments, ``|`` lists."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Row:
    path: Path
    line: int
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def list(self, key: str) -> list[str]:
        return [v.strip() for v in self.values.get(key, "").split("|") if v.strip()]


class TsvFormatError(ValueError):
    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


def read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[Row]:
    """Yield the rows of ``path``; raises TsvFormatError on a wrong header or cell count."""
    header: list[str] | None = None
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = [c.strip() for c in cells]
                if tuple(header) != columns:
                    raise TsvFormatError(path, number, f"header must be {' '.join(columns)!r}, got {' '.join(header)!r}")
                continue
            if len(cells) > len(header):
                raise TsvFormatError(path, number, f"{len(cells)} cells for {len(header)} columns (a stray tab?)")
            cells += [""] * (len(header) - len(cells))
            yield Row(path, number, {k: v.strip() for k, v in zip(header, cells)})


def kb_files(kind: str, data_dir: Path = DATA_DIR) -> list[Path]:
    """The files of one schema kind, in a fixed order."""
    if kind == "states":
        return [data_dir / "actors" / "states.tsv"]
    if kind == "actors":
        return sorted(p for p in (data_dir / "actors").glob("*.tsv") if p.name != "states.tsv")
    if kind == "places":
        return sorted((data_dir / "places").glob("*.tsv"))
    if kind == "words":  # the stages' own lists beside the common ones: link_words.tsv (toponyms)
        return [data_dir / "lexicon" / "words.tsv", data_dir / "lexicon" / "link_words.tsv"]
    return [data_dir / "lexicon" / f"{kind}.tsv"]
