"""talentgraph's HTTP API: ``create_app(store)`` builds the FastAPI application."""

from talentgraph_api.app import create_app

__all__ = ["create_app"]
