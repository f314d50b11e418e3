"""The pages, one module per subject; each handler calls use cases with the visitor's scope and
renders a template. No scope, store, key or token is touched here (tests/unit/test_architecture.py)."""
