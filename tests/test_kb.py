"""The knowledge base: valid, big enough, and right where a reference can tell."""
from hadath.kb.stats import stats
from hadath.kb.validate import validate



def test_every_file_passes_the_validator():
    errors = [str(p) for p in validate() if p.error]
    assert not errors, "\n".join(errors[:30])


def test_the_knowledge_base_is_big_enough():
    s = stats()
    assert s["actor_entries"] >= 1500, s
    assert s["places"]["total"] >= 2000, s


def test_pipeline_pipeline_rejects_unknown_stages():
    import pytest

    from hadath.errors import StageOrderError
    from hadath.pipeline import Pipeline

    with pytest.raises(StageOrderError, match="valid stages"):
        Pipeline(("normalize", "parse"))
    with pytest.raises(StageOrderError, match="requires"):
        Pipeline(("link",))
