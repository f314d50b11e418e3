"""Running a test server as a child JVM: free loopback ports, death with the parent, stopping, logs.

Shared by the two Bolt test servers (``neo4j_launcher``, ``arcadedb_launcher``).
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path


def free_ports(n: int) -> list[int]:
    """Ports the OS hands out for port 0 on loopback; all sockets open at once so they differ."""
    with ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(n)]
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in socks]


def die_with_parent() -> Callable[[], None] | None:
    """Make the JVM get SIGKILL when this Python process dies, however it dies.

    Linux's prctl(PR_SET_PDEATHSIG) is set in the forked child before exec and survives the
    exec, so the kernel kills the JVM when its parent goes -- even on SIGKILL or a crash, where
    no ``finally`` runs. Chosen over a polling watchdog process because it needs no extra
    process, no polling and no signal forwarding. Caveats: the signal fires when the *thread*
    that started the server exits (pytest runs fixtures on the main thread), and the temp dir is
    left behind in that case. Elsewhere than Linux there is no such guard (returns None).
    """
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before fork, not in the child
    parent = os.getpid()

    def set_parent_death_signal() -> None:
        pr_set_pdeathsig = 1
        prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return set_parent_death_signal


def stop(proc: subprocess.Popen[bytes], grace_s: float) -> None:
    """SIGTERM (both servers close their databases in a shutdown hook), SIGKILL if that hangs."""
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.wait(grace_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError as e:
        return f"(no server log: {e})"
