"""talentgraph's HTTP API: ``create_app(services, registry)`` builds the FastAPI application
(``talentgraph.bootstrap.api_app`` builds what it takes)."""

from talentgraph_api.app import create_app

__all__ = ["create_app"]
