"""Counts of the knowledge base's entries, by file."""
from __future__ import annotations

from . import schema
from .tsv import DATA_DIR, kb_files, read_rows


def stats() -> dict:
    out: dict = {}
    for kind in ("states", "actors", "places", "institutions", "roles"):
        per_file = {}
        for path in kb_files(kind, DATA_DIR):
            if path.exists():
                per_file[str(path.relative_to(DATA_DIR))] = sum(1 for _ in read_rows(path, schema.COLUMNS[kind]))
        out[kind] = {"total": sum(per_file.values()), "files": per_file}
    out["actor_entries"] = out["states"]["total"] + out["actors"]["total"]
    return out
