"""serve --workers: the connections uvicorn's own listening socket accepts answer without Nagle's delay."""

from __future__ import annotations

import asyncio
import socket

from uvicorn.config import Config
from uvicorn.server import ServerState

from talentgraph.cli.serve_http import NoDelayHttpTools


async def _app(scope: object, receive: object, send: object) -> None:  # pragma: no cover - never called
    return None


def test_an_accepted_connection_gets_tcp_nodelay() -> None:
    # As uvicorn binds for several workers: a TCP socket not made with IPPROTO_TCP named.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with socket.create_connection(listener.getsockname()):
            accepted, _ = listener.accept()
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0

            async def connect() -> int:
                config = Config(_app, http="httptools")
                config.load()
                transport, _ = await asyncio.get_running_loop().connect_accepted_socket(
                    lambda: NoDelayHttpTools(config, ServerState(), {}), accepted)
                nodelay = int(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()  # closes the accepted socket too
                return nodelay

            assert asyncio.run(connect()) == 1
