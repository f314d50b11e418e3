"""Stores: where the talent graph lives (embedded networkx by default)."""
