"""ArcadeDB's server as a Bolt test server: the fallback when Java or Maven are missing.

The ``arcadedb-embedded`` wheel (a test dependency) bundles a JRE plus the server and Bolt plugin
jars, so this needs nothing but pip. It speaks Bolt and most of Neo4j 5's Cypher; what differs is
in docs/cypher-portability.md.
"""

from __future__ import annotations

import base64
import importlib.metadata
import importlib.util
import json
import os
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import ServiceUnavailable

from tests.integration.server_process import die_with_parent, free_ports, stop, tail

STARTUP_TIMEOUT_S = 60.0
STOP_GRACE_S = 5.0
USER = "root"


def available() -> bool:
    return importlib.util.find_spec("arcadedb_embedded") is not None


def version() -> str:
    return importlib.metadata.version("arcadedb-embedded")


@contextmanager
def arcadedb_server(database: str) -> Iterator[tuple[str, str, str, int]]:
    """Start a fresh ArcadeDB; yield (uri, user, password, pid). Stopped and removed on exit."""
    with ExitStack() as stack:
        root = Path(tempfile.mkdtemp(prefix="arcadedb-bolt-"))
        stack.callback(shutil.rmtree, root, ignore_errors=True)
        password = secrets.token_urlsafe(18)
        http_port, bolt_port = free_ports(2)
        log_path = root / "server.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                _java_command(root, password, http_port, bolt_port, database),
                cwd=root,  # ArcadeDB writes ./log/ relative to the working directory
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=die_with_parent(),
            )
        stack.callback(stop, proc, STOP_GRACE_S)
        uri = f"bolt://127.0.0.1:{bolt_port}"
        _wait_until_ready(proc, uri, password, database, http_port, log_path)
        yield uri, USER, password, proc.pid


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
        f"-Xmx{os.environ.get('ARCADEDB_HEAP', '1g')}",  # benchmarks at 1M teachers raise it
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


def _wait_until_ready(proc: subprocess.Popen[bytes], uri: str, password: str, database: str,
                      http_port: int, log: Path) -> None:
    """Wait for Bolt to answer, then create the database over HTTP (it starts after Bolt)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    with GraphDatabase.driver(uri, auth=(USER, password),
                              connection_timeout=2.0, connection_acquisition_timeout=2.0) as driver:
        while not _attempt(proc, log, deadline, driver.verify_connectivity):
            time.sleep(0.1)
    while not _attempt(proc, log, deadline, lambda: _create_database(http_port, password, database)):
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
        raise RuntimeError(f"ArcadeDB failed to start (exit status {proc.poll()}):\n{tail(log)}")
    if time.monotonic() > deadline:
        raise TimeoutError(f"ArcadeDB not ready after {STARTUP_TIMEOUT_S:.0f}s; log tail:\n{tail(log)}")
    return False


def _create_database(http_port: int, password: str, database: str) -> None:
    token = base64.b64encode(f"{USER}:{password}".encode()).decode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{http_port}/api/v1/server",
        data=json.dumps({"command": f"create database {database}"}).encode(),
        headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
    except urllib.error.HTTPError as e:  # a refusal, not "not up yet": report it as such
        raise RuntimeError(f"create database {database}: HTTP {e.code} {e.read()!r}") from None
