"""Lineages and studio reach, as domain/network.py defines them (with examples)."""

from __future__ import annotations

from pydantic import ConfigDict

from talentgraph.domain.network import Lineage, StudioReach


class LineageOut(Lineage):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "teacher_id": "T0004107", "as_of": "2026-09-01", "depth": 2,
        "ancestors": [{"teacher_id": "T0001022", "generation": 1}],
        "descendants": [{"teacher_id": "T0004160", "generation": 1},
                        {"teacher_id": "T0005120", "generation": 2}],
        "descendants_per_generation": {"1": 1, "2": 1}, "ancestors_per_generation": {"1": 1}}]})


class StudioReachOut(StudioReach):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "studio_id": "ST-C01-042", "as_of": "2026-09-01", "lead_id": "T0004107",
        "members": ["T0004160", "T0004213"], "mentees": ["T0005120"],
        "schools": ["C01-K02-S0001", "C01-K02-S0031"], "rural_schools": ["C01-K02-S0031"]}]})
