from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


@pytest.fixture(scope="session")
def kb():
    from hadath.kb.loader import load

    return load()


@pytest.fixture(scope="session")
def pipeline(kb):
    from hadath.pipeline import Pipeline

    return Pipeline(kb=kb)


@pytest.fixture(scope="session")
def link_only(kb):
    from hadath.pipeline import Pipeline

    return Pipeline(("normalize", "segment", "tokens", "link"), kb=kb)
