"""Property tests of the OpenAPI schema (schemathesis, in process through the ASGI app): whatever a client
sends within or outside the schema, no 5xx, and every answer conforms to the documented responses
(status codes, content types, bodies, headers).

Requests carry an admin token (every route is open to it), a planner's (scoped: 404s and 422s for
ids outside its county) and a researcher's (403 on writes, pseudonyms); a bounded number of
examples per operation keeps the run under a minute. The store is the embedded one on the
two-county test region. The app is built when the module is collected (schemathesis reads its
schema then), in a temporary home.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.checks import allow_header_conformance

from talentgraph.access import Role, TokenRegistry
from talentgraph.bootstrap import api_app
from talentgraph.store.embedded import EmbeddedStore
from tests.api.conftest import region

HOME = Path(tempfile.mkdtemp(prefix="talentgraph-schemathesis-"))
TOKENS = {"admin": TokenRegistry(HOME).create(Role.ADMIN)[0],
          "planner": TokenRegistry(HOME).create(Role.PLANNER, "C1-K1")[0],
          "researcher": TokenRegistry(HOME).create(Role.RESEARCHER)[0]}
APP = api_app(EmbeddedStore(region().roster(), HOME / "region.snapshot"), home=HOME)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance, allow_header_conformance]


@pytest.mark.parametrize("role", sorted(TOKENS))
@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_no_server_errors_and_answers_match_the_schema(case: schemathesis.Case, role: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKENS[role]}"}, checks=CHECKS)
