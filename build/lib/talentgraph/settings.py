"""Settings from the environment, read once, overridable in tests.

``TALENTGRAPH_*`` for talentgraph itself; the Neo4j connection uses the names
Neo4j users already have (``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``,
``NEO4J_DATABASE``). The password is a ``SecretStr``: it never prints.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TALENTGRAPH_", extra="ignore")

    policy: str = "reference"
    store: str | None = None  # default --store for query commands
    home: Path = Path("~/.talentgraph")  # API tokens (hashed) and the pseudonym key live here

    @property
    def home_dir(self) -> Path:
        return self.home.expanduser()


class Neo4jSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEO4J_", extra="ignore")

    uri: str | None = None
    user: str = "neo4j"
    password: SecretStr = SecretStr("")
    database: str = "neo4j"


@cache
def get_settings() -> Settings:
    return Settings()


@cache
def get_neo4j_settings() -> Neo4jSettings:
    return Neo4jSettings()
