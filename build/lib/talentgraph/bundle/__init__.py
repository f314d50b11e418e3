"""Roster bundles: the CSV / XLSX interchange format (dataset-format.md)."""
