"""The rows of some nomination rounds, cut from a roster (the embedded store's ``round_rows``)."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.domain.tables import ROUND_TABLES
from talentgraph.roster import Roster


def rounds_of(roster: Roster, round_ids: Sequence[str] | None) -> Roster:
    """The rounds asked for (every round when None), their nominations, decisions and audit
    events, and every org."""
    tables = {"orgs": roster["orgs"]}
    ids = None if round_ids is None else pa.array(list(round_ids), pa.string())
    for name in ROUND_TABLES:
        table = roster[name]
        column = "id" if name == "rounds" else "round_id"
        tables[name] = table if ids is None else table.filter(
            pc.fill_null(pc.is_in(table[column], value_set=ids), False))
    return Roster(tables, roster.present)
