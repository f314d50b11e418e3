"""The Neo4j store's Cypher statements, installed as package data ``talentgraph.cypher``.

This folder stays at the top of the repository; pyproject.toml maps it into the package, and
``talentgraph.store.cypher`` reads the ``.cypher`` files with importlib.resources.
"""
