"""A Bolt + Cypher server for integration tests.

Neo4j itself cannot be installed here, so by default this starts ArcadeDB's server (bundled
in the ``arcadedb-embedded`` wheel: a JRE plus the server and Bolt plugin jars) as a separate
process on loopback-only free ports. Set ``NEO4J_URI`` (and ``NEO4J_USER``, ``NEO4J_PASSWORD``,
``NEO4J_DATABASE``) to run against an existing server instead; nothing is started then.

    with bolt_server() as target:
        driver = GraphDatabase.driver(target.uri, auth=(target.user, target.password))
        driver.execute_query("RETURN 1", database_=target.database)

See docs/cypher-portability.md for the Cypher that ArcadeDB does and does not accept.
"""

from __future__ import annotations

import base64
import ctypes
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import ServiceUnavailable

STARTUP_TIMEOUT_S = 60.0
STOP_GRACE_S = 5.0
HEAP = f"-Xmx{os.environ.get('ARCADEDB_HEAP', '1g')}"  # benchmarks at 1M teachers raise it


@dataclass(frozen=True)
class BoltTarget:
    uri: str
    user: str
    password: str
    database: str
    server_pid: int | None = None  # the ArcadeDB JVM we started; None for an external server


@contextmanager
def bolt_server(database: str = "neo4j") -> Iterator[BoltTarget]:
    """Yield a Bolt server to test against: ``NEO4J_URI`` if set, else a fresh ArcadeDB."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield BoltTarget(
            uri=uri,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=os.environ.get("NEO4J_DATABASE", "neo4j"),
        )
        return
    with ExitStack() as stack:
        root = Path(tempfile.mkdtemp(prefix="arcadedb-bolt-"))
        stack.callback(shutil.rmtree, root, ignore_errors=True)
        password = secrets.token_urlsafe(18)
        http_port, bolt_port = _free_ports(2)
        log_path = root / "server.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                _java_command(root, password, http_port, bolt_port, database),
                cwd=root,  # ArcadeDB writes ./log/ relative to the working directory
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent(),
            )
        stack.callback(_stop, proc)
        target = BoltTarget(f"bolt://127.0.0.1:{bolt_port}", "root", password, database, proc.pid)
        _wait_until_ready(proc, target, http_port, log_path)
        yield target


def _java_command(root: Path, password: str, http_port: int, bolt_port: int, database: str) -> list[str]:
    spec = importlib.util.find_spec("arcadedb_embedded")  # its files only: importing it loads JPype
    if spec is None or spec.origin is None:
        raise RuntimeError("arcadedb-embedded is not installed; set NEO4J_URI to use another server")
    pkg = Path(spec.origin).parent
    classpath = os.pathsep.join(str(p) for p in sorted((pkg / "jars").glob("*.jar")))
    settings = {
        "server.rootPath": root,
        "server.rootPassword": password,
        "server.httpIncomingHost": "127.0.0.1",
        "server.httpIncomingPort": http_port,
        "server.plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "bolt.host": "127.0.0.1",
        "bolt.port": bolt_port,
        "bolt.defaultDatabase": database,  # for sessions opened without database=
    }
    return [
        str(pkg / "jre" / "bin" / "java"),
        HEAP,
        "-XX:+UseSerialGC",  # a small test server: fewer GC threads, quicker start
        "--add-modules=jdk.incubator.vector",
        "--enable-native-access=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
        "--add-opens=java.base/java.nio.channels.spi=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "-Dpolyglot.engine.WarnInterpreterOnly=false",
        *(f"-Darcadedb.{key}={value}" for key, value in settings.items()),
        "-cp",
        classpath,
        "com.arcadedb.server.ArcadeDBServer",
    ]


def _free_ports(n: int) -> list[int]:
    """Ports the OS hands out for port 0 on loopback; all sockets open at once so they differ."""
    with ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(n)]
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in socks]


def _die_with_parent() -> Callable[[], None] | None:
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


def _wait_until_ready(proc: subprocess.Popen[bytes], target: BoltTarget, http_port: int, log: Path) -> None:
    """Wait for Bolt to answer, then create the database over HTTP (it starts after Bolt)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    with GraphDatabase.driver(target.uri, auth=(target.user, target.password),
                              connection_timeout=2.0, connection_acquisition_timeout=2.0) as driver:
        while not _attempt(proc, log, deadline, driver.verify_connectivity):
            time.sleep(0.1)
    while not _attempt(proc, log, deadline, lambda: _create_database(http_port, target)):
        time.sleep(0.1)


def _attempt(proc: subprocess.Popen[bytes], log: Path, deadline: float, step: Callable[[], None]) -> bool:
    """Run ``step``; False if the server is not up yet, an error once it died or time ran out."""
    try:
        step()
        return True
    except (ServiceUnavailable, ConnectionError, urllib.error.URLError):
        pass
    # A failed start (e.g. a port taken in the meantime) kills the JVM's main thread but leaves
    # the engine's other threads running, so the process does not exit: look for the JVM's own
    # uncaught-exception line rather than wait for the timeout.
    if proc.poll() is not None or 'Exception in thread "main"' in log.read_text(errors="replace"):
        raise RuntimeError(f"ArcadeDB failed to start (exit status {proc.poll()}):\n{_tail(log)}")
    if time.monotonic() > deadline:
        raise TimeoutError(f"ArcadeDB not ready after {STARTUP_TIMEOUT_S:.0f}s; log tail:\n{_tail(log)}")
    return False


def _create_database(http_port: int, target: BoltTarget) -> None:
    token = base64.b64encode(f"{target.user}:{target.password}".encode()).decode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{http_port}/api/v1/server",
        data=json.dumps({"command": f"create database {target.database}"}).encode(),
        headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
    except urllib.error.HTTPError as e:  # a refusal, not "not up yet": report it as such
        raise RuntimeError(f"create database {target.database}: HTTP {e.code} {e.read()!r}") from None


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM (ArcadeDB closes its databases in a shutdown hook), SIGKILL if that hangs."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError as e:
        return f"(no server log: {e})"
