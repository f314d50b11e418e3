"""A real Neo4j Community server for the tests, built with Maven and run as a child JVM.

``tests/neo4j_server/`` is a one-class Maven project (Neo4j embedded with its Bolt connector,
``Neo4jTestServer.java``). ``build()`` compiles it once into a cache folder keyed by the
project's files; Maven fetches Neo4j's jars from Maven Central into ~/.m2 the first time and
reuses them after. ``neo4j_server()`` starts it on a free 127.0.0.1 port with authentication on,
and stops it on exit; the kernel kills it if the test process dies, and it shuts itself down
when its standard input closes.

Memory: ``NEO4J_TEST_HEAP`` (default 1g) and ``NEO4J_TEST_PAGECACHE`` (default 256m); the
benchmarks at 1M teachers raise both.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.integration.server_process import die_with_parent, stop, tail

PROJECT = Path(__file__).resolve().parents[1] / "neo4j_server"
MAIN_CLASS = "talentgraph.testserver.Neo4jTestServer"
READY = re.compile(r"^talentgraph-neo4j ready (bolt://\S+) (\S+) (\S+)$", re.MULTILINE)
USER = "neo4j"
STARTUP_TIMEOUT_S = 180.0  # a cold JVM on a busy two-core machine
STOP_GRACE_S = 30.0  # a clean shutdown checkpoints the store
BUILD_TIMEOUT_S = 1800.0  # the first build downloads ~200 MB of jars
# The JVM options Neo4j's own start script passes on Java 17 (neo4j.conf's server.jvm.additional).
JVM_OPTIONS = (
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UseG1GC",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dlog4j2.disable.jmx=true",
)


def version() -> str:
    """The Neo4j version the project pins (``<neo4j.version>`` in the pom)."""
    found = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", (PROJECT / "pom.xml").read_text())
    if not found:
        raise RuntimeError(f"no <neo4j.version> in {PROJECT / 'pom.xml'}")
    return found[1]


def java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def available() -> bool:
    """Java and Maven are there (the build may still fail, e.g. with Maven Central out of reach)."""
    return java() is not None and shutil.which("mvn") is not None


def cache_root() -> Path:
    """Where built launchers (and the Cypher linter) are kept between runs."""
    if os.environ.get("TALENTGRAPH_TEST_CACHE"):
        return Path(os.environ["TALENTGRAPH_TEST_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "talentgraph-tests"


@dataclass(frozen=True)
class Built:
    classpath: str  # the launcher's classes, then every Neo4j jar in ~/.m2
    seconds: float  # what the build took here (0 when it came from the cache)


def build() -> Built:
    """The launcher's classpath, built with Maven unless a build of the same sources is cached."""
    sources = sorted(p for p in PROJECT.rglob("*") if p.is_file() and "target" not in p.parts)
    digest = hashlib.sha256()
    for path in sources:
        digest.update(str(path.relative_to(PROJECT)).encode() + b"\0" + path.read_bytes() + b"\0")
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    done = root / f"neo4j-launcher-{digest.hexdigest()[:16]}"
    with (root / "neo4j-launcher.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time on this machine
        cached = _classpath(done)
        if cached:
            return Built(cached, 0.0)
        started = time.monotonic()
        work = Path(tempfile.mkdtemp(prefix=done.name + ".", dir=root))
        try:
            _maven(work)
            shutil.rmtree(done, ignore_errors=True)
            work.rename(done)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        built = _classpath(done)
        if not built:
            raise RuntimeError(f"the Neo4j launcher build in {done} left no usable classpath")
        return Built(built, time.monotonic() - started)


def _maven(out: Path) -> None:
    command = ["mvn", "-B", "-q", "-Dstyle.color=never", "-f", str(PROJECT / "pom.xml"),
               f"-Dlauncher.build={out}", "package", "dependency:build-classpath",
               f"-Dmdep.outputFile={out / 'classpath.txt'}"]
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=BUILD_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"building the Neo4j launcher took over {BUILD_TIMEOUT_S:.0f}s") from None
    if done.returncode != 0:
        output = "\n".join((done.stdout + done.stderr).splitlines()[-40:])
        raise RuntimeError(f"building the Neo4j launcher failed ({' '.join(command)}):\n{output}")


def _classpath(build: Path) -> str | None:
    """The build's classpath if it is complete and every jar it names is still in ~/.m2."""
    listing, classes = build / "classpath.txt", build / "classes"
    if not listing.is_file() or not classes.is_dir():
        return None
    jars = [j for j in listing.read_text().strip().split(os.pathsep) if j]
    if not jars or not all(Path(j).is_file() for j in jars):
        return None
    return os.pathsep.join([str(classes), *jars])


@dataclass(frozen=True)
class Running:
    uri: str
    user: str
    password: str
    pid: int
    version: str  # as the server reports it, e.g. "5.26.30"
    edition: str  # "community"
    home: Path


def settings(database: str, pagecache: str) -> dict[str, str]:
    """neo4j.conf for a test server: loopback Bolt on a port the OS picks, authentication on."""
    return {
        "initial.dbms.default_database": database,
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": "127.0.0.1:0",
        "server.bolt.tls_level": "DISABLED",
        "dbms.security.auth_enabled": "true",
        "server.memory.pagecache.size": pagecache,
        "db.tx_log.rotation.retention_policy": "false",  # keep only the newest log file
        "dbms.usage_report.enabled": "false",  # no calls home from a test machine
    }


def _java() -> str:
    binary = java()
    if binary is None:
        raise RuntimeError("no java on PATH (or JAVA_HOME): the Neo4j test server needs Java 17+")
    return binary


def _configure(home: Path, database: str, pagecache: str | None, extra: Mapping[str, str] | None) -> None:
    (home / "conf").mkdir(parents=True, exist_ok=True)
    pagecache = pagecache or os.environ.get("NEO4J_TEST_PAGECACHE", "256m")
    conf = {**settings(database, pagecache), **(extra or {})}
    (home / "conf" / "neo4j.conf").write_text("".join(f"{k}={v}\n" for k, v in conf.items()))


def admin(home: Path, args: Sequence[str], *, cwd: Path | None = None, heap: str = "512m",
          timeout_s: float = 3600.0) -> subprocess.CompletedProcess[str]:
    """``neo4j-admin ARGS`` on the DBMS at ``home`` (its conf/neo4j.conf written as for the test
    server): Neo4j's own admin tool (``org.neo4j.cli.AdminTool``, what the neo4j-admin script
    runs) from the same jars as the server."""
    binary, classpath = _java(), build().classpath
    _configure(home, "neo4j", None, None)
    env = os.environ | {"NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    command = [binary, f"-Xmx{heap}", *JVM_OPTIONS, "-cp", classpath, "org.neo4j.cli.AdminTool", *args]
    return subprocess.run(command, cwd=cwd or home, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=timeout_s, check=False)


@contextmanager
def neo4j_server(database: str = "neo4j", *, heap: str | None = None, pagecache: str | None = None,
                 extra: Mapping[str, str] | None = None, home: Path | None = None) -> Iterator[Running]:
    """Build (if needed) and start Neo4j; yield it; stop it on exit. Its files go in a fresh
    temporary folder, removed on exit, unless ``home`` names one (e.g. holding an imported
    database), which is kept."""
    binary = _java()
    classpath = build().classpath
    heap = heap or os.environ.get("NEO4J_TEST_HEAP", "1g")
    with ExitStack() as stack:
        if home is None:
            home = Path(tempfile.mkdtemp(prefix="neo4j-test-"))
            stack.callback(shutil.rmtree, home, ignore_errors=True)
        _configure(home, database, pagecache, extra)
        password = secrets.token_urlsafe(18)
        log_path = home / "launcher.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                [binary, f"-Xmx{heap}", f"-Xms{heap}", *JVM_OPTIONS, "-cp", classpath, MAIN_CLASS, str(home)],
                cwd=home, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
                preexec_fn=die_with_parent(),
            )
        stack.callback(_shut_down, proc)
        assert proc.stdin is not None
        proc.stdin.write(password.encode() + b"\n")  # not on the command line, where ps shows it
        proc.stdin.flush()
        uri, found_version, edition = _wait_until_ready(proc, home, log_path)
        yield Running(uri, USER, password, proc.pid, found_version, edition, home)


def _wait_until_ready(proc: subprocess.Popen[bytes], home: Path, log: Path) -> tuple[str, str, str]:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while True:
        ready = READY.search(log.read_text(errors="replace"))
        if ready:
            return ready[1], ready[2], ready[3]
        if proc.poll() is not None:
            raise RuntimeError(f"Neo4j failed to start (exit status {proc.returncode}):\n{_logs(home, log)}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"Neo4j not ready after {STARTUP_TIMEOUT_S:.0f}s:\n{_logs(home, log)}")
        time.sleep(0.1)


def _shut_down(proc: subprocess.Popen[bytes]) -> None:
    """Close its standard input (the launcher shuts Neo4j down cleanly), then wait for it."""
    if proc.stdin is not None:
        with contextlib.suppress(OSError):
            proc.stdin.close()
    try:
        proc.wait(STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        stop(proc, 5.0)


def _logs(home: Path, log: Path) -> str:
    return f"{tail(log)}\n--- logs/debug.log ---\n{tail(home / 'logs' / 'debug.log', 20)}"
