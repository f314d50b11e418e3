"""Eligibility: policies evaluated over columnar facts, with reasons and evidence.

Imports the domain and policy packages only; stores supply the facts.
"""
