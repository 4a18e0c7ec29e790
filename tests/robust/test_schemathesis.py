"""Schemathesis against the service's own OpenAPI schema: no 5xx, and responses conform to it."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from service.app import create_app
from service.container import Container

pytestmark = pytest.mark.robust
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 120


def test_generated_requests_conform_to_the_schema(real_container: Container) -> None:
    c = Container(real_container.settings.model_copy(update={"rate_limit_per_minute": 0}))
    app = create_app(c, load_in_background=False)
    c.advisor.warm_up()
    app.state.ready.set()
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    calls: dict[str, int] = {}

    def fuzz(operation: APIOperation, mode: GenerationMode) -> None:
        label = f"{operation.method.upper()} {operation.path} ({mode.value})"

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def run(case: Case) -> None:
            calls[label] = calls.get(label, 0) + 1
            case.call_and_validate(checks=CHECKS)

        try:
            run()
        except Unsatisfiable:  # no invalid request exists for an operation without input
            assert mode is GenerationMode.NEGATIVE, label

    # Valid requests must succeed or be refused by the documented rules; invalid ones must get a 4xx.
    for result in schema.get_all_operations():
        for mode in GenerationMode:
            fuzz(result.ok(), mode)

    assert sum(calls.values()) >= 1000, calls
    print(f"\nschemathesis: {sum(calls.values())} generated requests over {len(calls)} operations, 0 failures")
