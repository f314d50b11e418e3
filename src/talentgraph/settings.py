"""Settings from the environment (``TALENTGRAPH_`` prefix), read once, overridable in tests."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TALENTGRAPH_", extra="ignore")

    policy: str = "reference"
    store: str | None = None  # default --store for query commands


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
