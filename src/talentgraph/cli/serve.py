"""``talentgraph serve``: the HTTP API (api/talentgraph_api) and the planners' web app
(talentgraph.web, at /) on uvicorn.

One process answers one request at a time per core it can use; ``--workers N`` starts N processes
(uvicorn's supervisor restarts any that dies). Each opens the store itself: a snapshot is mapped
from its file, so N workers share its pages rather than holding N copies. Writes stay correct with
several workers: a write holds an exclusive lock on the snapshot, takes in what another worker
saved, saves, and every worker takes in the new file before its next request
(``EmbeddedStore.refresh``); over Neo4j the server orders writes. The web app's sessions and checked
uploads live in a folder of the server's home that every worker reads (emptied at start).
"""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path
from typing import Any

import click
from starlette.types import ASGIApp, Receive, Scope, Send

from talentgraph.bootstrap import api_app, open_store
from talentgraph.cli.language import lang_option, words
from talentgraph.settings import get_settings
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.protocol import TalentStore

# How the supervisor tells its workers what to open (they start as fresh interpreters).
_ENV_STORE = "TALENTGRAPH_SERVE_STORE"
_ENV_POLICY = "TALENTGRAPH_SERVE_POLICY"
_ENV_SHARED = "TALENTGRAPH_SERVE_SHARED"


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
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (about one per core). Each maps the snapshot, so they share its "
                   "memory; writes are taken one at a time and every worker sees them. Needs --store.")
@lang_option
def serve(data: Path | None, store: str | None, host: str, port: int, policy_name: str | None,
          workers: int) -> None:
    """Serve the graph API and the planners' web app over HTTP (tokens: `talentgraph token create`)."""
    import uvicorn

    # No access log (at "warning" it was never shown, but still cost a call per request); the
    # loop and parser default to uvloop and httptools, the fast ones (bench/api.py).
    config: dict[str, Any] = {"host": host, "port": port, "log_level": "warning", "access_log": False}
    if workers > 1:
        if data is not None:
            raise click.UsageError(words().gettext(
                "--workers needs --store: a bundle would be read and held once per worker (load it into a "
                "snapshot: talentgraph load DIR --store PATH)"))
        opened = open_store(store=store)  # fails here, once, if the store cannot be opened
        kind, durable = opened.kind, opened.durable
        location = str(opened.path) if isinstance(opened, EmbeddedStore) else str(store or "")
        opened.close()
        del opened
        shared = _fresh_shared_folder()
        os.environ |= {_ENV_STORE: location, _ENV_POLICY: policy_name or "", _ENV_SHARED: str(shared)}
        _announce(host, port, kind, durable, workers)
        uvicorn.run("talentgraph.cli.serve:worker_app", factory=True, workers=workers,
                    http="talentgraph.cli.serve_http:NoDelayHttpTools", **config)
        return
    opened = open_store(data=data, store=store)
    try:
        app = _serving(opened, api_app(opened, policy=policy_name))
        _announce(host, port, opened.kind, opened.durable, 1)
        uvicorn.run(app, **config)
    finally:
        opened.close()


def worker_app() -> ASGIApp:
    """One worker's app (uvicorn calls this in each worker process)."""
    store = open_store(store=os.environ[_ENV_STORE])
    shared = Path(os.environ[_ENV_SHARED])
    return _serving(store, api_app(store, policy=os.environ.get(_ENV_POLICY) or None, shared=shared))


def _serving(store: TalentStore, app: ASGIApp) -> ASGIApp:
    """``app`` ready to serve: the collector spared the loaded data, and a snapshot store taking in
    the file another process saved before each request."""
    # What is loaded now lives as long as the server: keep the collector from rescanning it
    # on every collection (it showed in explanation latency, bench/neo4j_store.py).
    gc.collect()
    gc.freeze()
    if not isinstance(store, EmbeddedStore) or not store.durable:
        return app

    async def refreshing(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            store.refresh()  # a stat when nothing changed
        await app(scope, receive, send)

    return refreshing


def _fresh_shared_folder() -> Path:
    """The folder of the workers' web sessions and uploads, emptied: a restart signs everyone out."""
    shared = get_settings().home_dir / "serve-shared"
    shutil.rmtree(shared, ignore_errors=True)
    shared.mkdir(parents=True, mode=0o700)
    return shared


def _announce(host: str, port: int, kind: str, durable: bool, workers: int) -> None:
    gettext = words().gettext
    details = [gettext("{kind} store").format(kind=kind)]
    if not durable:
        details.append(gettext("read-only: the data lives in memory"))
    if workers > 1:
        details.append(gettext("{n} worker processes").format(n=workers))
    details.append(gettext("tokens in {home}").format(home=get_settings().home_dir))
    click.echo(gettext("talentgraph web app on {url} and API beside it ({details})").format(
        url=f"http://{host}:{port}/", details=gettext("; ").join(details)), err=True)
