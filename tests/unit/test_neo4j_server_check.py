"""The Neo4j store refuses, in one line, a server too old for its Cypher (by its Bolt agent)."""

from __future__ import annotations

import pytest

from talentgraph.domain.message import N_, message
from talentgraph.errors import StoreUnavailable
from talentgraph.i18n import CHINESE, Words
from talentgraph.store.neo4j_store import check_server

WHERE = "Neo4j at bolt://db:7687"


@pytest.mark.parametrize("agent", ["Neo4j/5.23.0", "Neo4j/5.26.30", "Neo4j/2025.06.1",
                                   "Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)"])
def test_a_recent_enough_server_is_accepted(agent: str) -> None:
    check_server(agent, WHERE)


@pytest.mark.parametrize(("agent", "named"), [("Neo4j/5.22.0", "5.22"), ("Neo4j/4.4.39", "4.4"),
                                              ("Neo4j/5.9.0", "5.9")])
def test_an_older_server_is_refused_in_one_line(agent: str, named: str) -> None:
    with pytest.raises(StoreUnavailable) as refused:
        check_server(agent, WHERE)
    message = str(refused.value)
    assert message.startswith(f"{WHERE} runs Neo4j {named}: talentgraph needs Neo4j 5.23 or later")
    assert "\n" not in message


def test_a_server_that_does_not_say_it_is_neo4j_is_refused() -> None:
    with pytest.raises(StoreUnavailable, match="needs Neo4j 5.23 or later"):
        check_server("Memgraph/2.19", WHERE)


def test_an_older_server_is_refused_in_the_readers_language() -> None:
    with pytest.raises(StoreUnavailable) as refused:
        check_server("Neo4j/5.9.0", message(N_("Neo4j at {uri}"), uri="bolt://db:7687"))
    assert Words.of(CHINESE).error(refused.value).startswith(
        "bolt://db:7687 的 Neo4j 运行的是 Neo4j 5.9：talentgraph 需要 Neo4j 5.23 或更新版本")
    assert str(refused.value).startswith(f"{WHERE} runs Neo4j 5.9: talentgraph needs Neo4j 5.23 or later")
