"""Fixtures shared by every test directory: the one Bolt server of the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.bolt_server import BoltTarget, bolt_server


@pytest.fixture(scope="session")
def bolt_target() -> Iterator[BoltTarget]:
    """The ArcadeDB test server, started once per session (or the server at NEO4J_URI)."""
    with bolt_server() as target:
        yield target
