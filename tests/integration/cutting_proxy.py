"""A loopback TCP relay that can cut a live connection: fault injection between the driver and
the real Bolt server (nothing is faked; bytes pass through unchanged until a cut).

    with CuttingProxy("127.0.0.1", 7687) as proxy:
        proxy.cut_after(requests=1)          # the next request reaches no server
        store = Neo4jStore.connect(proxy.uri, ...)

``cut_after(requests=n)`` lets ``n - 1`` more client->server chunks through, then resets that
connection instead of forwarding the n-th. ``cut_after(responses=n)`` does the same on the
server->client side, so the server has done the work (e.g. committed) but the client never
hears of it: the case a blind retry of a non-idempotent write would double. ``relayed`` counts
the chunks passed on, so a test can first measure an uncut run and then cut at points within it.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from types import TracebackType


class CuttingProxy:
    def __init__(self, host: str, port: int) -> None:
        self._upstream = (host, port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._lock = threading.Lock()
        self._armed: dict[str, int] = {}  # direction -> chunks left before the cut
        self._sockets: list[socket.socket] = []
        self.connections = 0
        self.cuts = 0
        self.relayed = {"request": 0, "response": 0}  # chunks passed on, per direction
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self._listener.getsockname()[1]}"

    def cut_after(self, *, requests: int = 0, responses: int = 0) -> None:
        with self._lock:
            self._armed = {k: n for k, n in (("request", requests), ("response", responses)) if n}

    def close(self) -> None:
        self._closed = True
        _reset(self._listener)  # refuses reconnects from here on
        with self._lock:
            for s in self._sockets:
                _reset(s)

    def __enter__(self) -> CuttingProxy:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    # -- relaying ------------------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self._upstream)
            with self._lock:
                self.connections += 1
                self._sockets += [client, server]
            pair = (client, server)
            threading.Thread(target=self._pump, args=(client, server, "request", pair), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, "response", pair), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, direction: str,
              pair: tuple[socket.socket, socket.socket]) -> None:
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                data = b""
            if not data or self._cut_now(direction):
                for s in pair:
                    _reset(s)
                return
            with self._lock:
                self.relayed[direction] += 1
            try:
                dst.sendall(data)
            except OSError:
                return

    def _cut_now(self, direction: str) -> bool:
        with self._lock:
            left = self._armed.get(direction)
            if left is None:
                return False
            if left > 1:
                self._armed[direction] = left - 1
                return False
            del self._armed[direction]
            self.cuts += 1
            return True


def _reset(s: socket.socket) -> None:
    """Close with RST (linger 0), as a crashed peer or a dropped network path looks. The
    shutdown comes first because close() alone does not wake the pump thread blocked in recv()."""
    for step in (lambda: s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)),
                 lambda: s.shutdown(socket.SHUT_RDWR), s.close):
        with contextlib.suppress(OSError):
            step()
