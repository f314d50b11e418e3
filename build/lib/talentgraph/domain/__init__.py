"""The domain: tiers, levels, tracks, entities, targets and verdicts.

Imports only the standard library and pydantic (style.md, rule 1).
"""
