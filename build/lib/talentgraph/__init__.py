"""talentgraph: a graph-based talent-pipeline modeler for school teachers."""

__version__ = "0.1.0"
