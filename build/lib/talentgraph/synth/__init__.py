"""Deterministic synthetic regions for demos, tests and benchmarks."""

from talentgraph.synth.generate import generate_region

__all__ = ["generate_region"]
