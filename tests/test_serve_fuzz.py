"""schemathesis fuzzes the API from its own OpenAPI schema: no request may get a 500, and every answer
must match the schema (status codes, content types, bodies: the one error shape included)."""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance
from serve_support import dev_db, writable_copy

TOKEN = "fuzz-token-0123456789"
EXAMPLES = 25  # per operation; ~15 operations, two apps


@pytest.fixture(scope="module")
def apps(tmp_path_factory, pipeline):
    from hadath.serve import create_app
    from hadath.store import open_store

    db = dev_db(tmp_path_factory, pipeline)
    read_only = open_store(db)
    writable = open_store(writable_copy(db, tmp_path_factory.mktemp("fuzz")))
    yield {"read-only": create_app(read_only, pipeline=pipeline),
           "writable": create_app(writable, token=TOKEN, pipeline=pipeline)}
    read_only.close()
    writable.close()


@pytest.mark.parametrize("which", ["read-only", "writable"])
def test_no_server_errors_and_answers_match_the_schema(apps, which):
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", apps[which])
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    headers = {"Authorization": f"Bearer {TOKEN}"} if which == "writable" else None
    failures = []
    for operation in operations:
        @given(operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case):
            # a schema-valid body can still be refused with 400: the schema cannot say "mostly Arabic text"
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        try:
            fuzz()
        except Exception as exc:  # noqa: BLE001 - report every operation's failure, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
