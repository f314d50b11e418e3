"""Fixtures shared by every test directory: the one Bolt server of the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.bolt_server import BoltTarget, bolt_server, describe_choice, server_agent

_RAN: list[str] = []  # the session's Bolt server, as it described itself, for the summary


def pytest_report_header(config: pytest.Config) -> str:
    return f"bolt server: {describe_choice()}"


@pytest.fixture(scope="session")
def bolt_target() -> Iterator[BoltTarget]:
    """The session's Bolt server (tests/integration/bolt_server.py says which), started once."""
    with bolt_server() as target:
        _RAN.append(f"{target.server or 'external server'} at {target.uri} (agent {server_agent(target)})")
        yield target


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _RAN:
        terminalreporter.write_line(f"bolt tests ran on: {_RAN[0]}")
