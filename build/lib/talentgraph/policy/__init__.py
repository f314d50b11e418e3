"""Policies as data: which checks each target requires, citing domain.md rule IDs."""
