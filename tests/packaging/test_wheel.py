"""The wheel: built from the repository, installed into a fresh virtualenv outside it, it runs
``talentgraph demo`` and its Neo4j store reads its Cypher from the installed package (and answers
on the session's Bolt server). Nothing of the repository is importable there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from talentgraph.store.cypher import names
from talentgraph.store.neo4j_store import Neo4jStore
from tests.integration.bolt_server import BoltTarget

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]

# Run inside the installed venv: every statement the store calls, read from the installed files.
PROBE = """
import json, talentgraph
from pathlib import Path
from talentgraph.store import cypher
from talentgraph.store.neo4j_store import CALLS
texts = {name: cypher.query(name) for name in CALLS}
print(json.dumps({"package": talentgraph.__file__, "statements": cypher.names(),
                  "folder": str(cypher.files(cypher.PACKAGE)),
                  "empty": sorted(n for n, t in texts.items() if not t)}))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv (outside the repository) holding the wheel; the dependencies come from this test
    run's environment through a .pth line, so no download is needed and only the wheel provides
    talentgraph (a .pth-added folder's own .pth files, such as an editable install's, are not run)."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"  # a copy: setuptools builds in the source tree (build/, *.egg-info)
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "*.egg-info", "__pycache__", ".*_cache", "target", "node_modules"))
    wheels = root / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(source)],
                   check=True, capture_output=True, timeout=600)
    wheel, = wheels.glob("talentgraph-*.whl")
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel))
    return env_dir


def _run(*command: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=600,
                          env=env, cwd=cwd)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without anything that points back into the repository."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not k.startswith("NEO4J_")}
    return env | extra


def test_the_installed_store_reads_its_statements_from_the_package(installed: Path, tmp_path: Path) -> None:
    found = json.loads(_run(installed / "bin" / "python", "-c", PROBE, env=_clean_env(), cwd=tmp_path))
    assert Path(found["package"]).is_relative_to(installed), found["package"]
    assert Path(found["folder"]).is_relative_to(installed), found["folder"]
    assert found["statements"] == names() and found["empty"] == []


def test_the_installed_cli_runs_the_demo(installed: Path, tmp_path: Path) -> None:
    out = _run(installed / "bin" / "talentgraph", "demo", "--teachers", "1500", env=_clean_env(),
               cwd=tmp_path)
    assert "talentgraph demo" in out and "Pipeline as of" in out


def test_the_installed_cli_loads_and_answers_over_bolt(installed: Path, tmp_path: Path,
                                                        bolt_target: BoltTarget) -> None:
    env = _clean_env(NEO4J_USER=bolt_target.user, NEO4J_PASSWORD=bolt_target.password,
                     NEO4J_DATABASE=bolt_target.database)
    cli = installed / "bin" / "talentgraph"
    store = Neo4jStore.connect(bolt_target.uri, bolt_target.user, bolt_target.password, bolt_target.database)
    try:
        store.clear()  # the server is the session's: other tests' graphs must not mix in
    finally:
        store.close()
    _run(cli, "generate", "--teachers", "300", "--seed", "5", "--out", "region", env=env, cwd=tmp_path)
    _run(cli, "load", "region", "--store", bolt_target.uri, env=env, cwd=tmp_path)
    question = ("eligible", "--target", "backbone@county", "--as-of", "2026-09-01", "--format", "json")
    over_bolt = json.loads(_run(cli, *question, "--store", bolt_target.uri, env=env, cwd=tmp_path))
    embedded = json.loads(_run(cli, *question, "--data", "region", env=env, cwd=tmp_path))
    assert over_bolt == embedded and over_bolt
