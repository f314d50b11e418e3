"""The Neo4j store: the talent graph in Neo4j 5 (or any Bolt + Cypher server that follows it).

Modules, each importing only those listed before it:

- ``statements``: which ``cypher/`` statements exist, the parameters each call site passes,
  and ``run``, the one way to run one;
- ``transactions``: connecting (version check), sessions sharing a bookmark manager, managed
  transactions retried when a COMMIT goes unanswered;
- ``rows``, ``keys``: Arrow tables from the rows the reads return; row keys of tables without ids;
- ``loads``: constraints, the tier ladder, batched idempotent loads, clearing;
- ``reads``: facts for eligibility, lineage, studio reach, the roster, counts;
- ``sweep_hours_forms``, ``sweep_statement``, ``sweeps``: sweeps decided in the database (a
  generated statement per target);
- ``pipeline_counts``: the pipeline funnel counted by aggregate Cypher;
- ``records``: the API's record reads and writes;
- ``migrations``: the graph's schema version, and migrating a graph of an earlier one;
- ``offline_import``: the files and command of ``neo4j-admin database import``;
- ``store``: ``Neo4jStore``, the face the rest of talentgraph uses.

The graph is ``domain/graph_schema.py``; a ``(:Meta {id: 'bundle'})`` node remembers which files
the loaded bundle had, its extra columns and the graph's schema version, and every row keeps its
``ordinal`` in its file, so the graph gives the same Roster back, rows in the same order.
"""

from talentgraph.store.neo4j_store.keys import row_keys
from talentgraph.store.neo4j_store.rows import ORDINAL
from talentgraph.store.neo4j_store.statements import CALLS, CONSTRAINTS, FACT_TABLES, LOAD_PLANS, READS
from talentgraph.store.neo4j_store.store import Neo4jStore, canonical
from talentgraph.store.neo4j_store.transactions import check_server

__all__ = ["CALLS", "CONSTRAINTS", "FACT_TABLES", "LOAD_PLANS", "ORDINAL", "READS", "Neo4jStore",
           "canonical", "check_server", "row_keys"]
