"""``talentgraph serve``: the HTTP API (api/talentgraph_api) and the planners' web app
(talentgraph.web, at /) on uvicorn."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import click

from talentgraph.bootstrap import api_app, open_store
from talentgraph.settings import get_settings


@click.command()
@click.option("--data", type=click.Path(exists=True, path_type=Path),
              help="A roster bundle to serve from memory, read-only (writes answer 405: to write, "
                   "`talentgraph load DIR --store PATH`, then serve --store PATH).")
@click.option("--store", metavar="PATH|URI",
              help="A snapshot (writes are saved to it) or a Neo4j server bolt://... (default: "
                   "TALENTGRAPH_STORE, then NEO4J_URI).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--policy", "policy_name", metavar="NAME|FILE", help="The default policy of questions.")
def serve(data: Path | None, store: str | None, host: str, port: int, policy_name: str | None) -> None:
    """Serve the graph API and the planners' web app over HTTP (tokens: `talentgraph token create`)."""
    import uvicorn

    opened = open_store(data=data, store=store)
    try:
        app = api_app(opened, policy=policy_name)
        # What is loaded now lives as long as the server: keep the collector from rescanning it
        # on every collection (it showed in explanation latency, bench/neo4j_store.py).
        gc.collect()
        gc.freeze()
        mode = "" if opened.durable else ", read-only: the data lives in memory"
        click.echo(f"talentgraph web app on http://{host}:{port}/ and API beside it ({opened.kind} "
                   f"store{mode}; tokens in {get_settings().home_dir})", err=True)
        config: dict[str, Any] = {"host": host, "port": port, "log_level": "warning"}
        uvicorn.run(app, **config)
    finally:
        opened.close()
