"""The HTTP protocol of ``serve --workers N``: uvicorn's httptools protocol with Nagle's algorithm off.

With several workers uvicorn binds the listening socket itself, without naming TCP as its
protocol, and asyncio's own event loop then leaves TCP_NODELAY unset on the connections it
accepts (it sets it only on sockets made for TCP by name). An answer written in two pieces
(head, then body) then waits for the client's delayed acknowledgement: 40 ms a request on Linux
(bench/api.py: 48 ms p50 from one client with two workers, 4 ms with one process). uvloop, the
loop ``serve`` runs on where it is installed, sets TCP_NODELAY on every TCP connection; this
sets it whichever loop runs.

httptools (a C parser) rather than uvicorn's pure-Python h11: less CPU per request.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class NoDelayHttpTools(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        connection = transport.get_extra_info("socket")
        if connection is not None and connection.family in (socket.AF_INET, socket.AF_INET6):
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
