"""The ``talentgraph`` command line."""
