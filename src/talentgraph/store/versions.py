"""What a store says when its data is of another schema version: one line, Chinese and English.

Stores record the schema version (``domain/tables.py: SCHEMA_VERSION``) of what they hold: a
snapshot in its manifest, a Neo4j graph on its ``(:Meta {id: 'bundle'})`` node. Data of an
earlier version is migrated (``talentgraph migrate``, docs/upgrading.md); data of a later one
is refused, since this talentgraph cannot know what it means.
"""

from __future__ import annotations

from talentgraph.domain.tables import SCHEMA_VERSION


def needs_migration(where: str, found: int, store: str) -> str:
    """Data of an earlier version, which the store cannot read until it is migrated."""
    command = f"talentgraph migrate --store {store}"
    return (f"{where} 的数据是第 {found} 版格式，本程序使用第 {SCHEMA_VERSION} 版：请先运行 {command} / "
            f"{where} holds schema version {found}, this talentgraph uses {SCHEMA_VERSION}: run {command}")


def written_by_newer(where: str, found: int) -> str:
    """Data of a later version than this talentgraph knows."""
    return (f"{where} 的数据是第 {found} 版格式，由更新的 talentgraph 写入，本程序只认识到第 "
            f"{SCHEMA_VERSION} 版：请升级 talentgraph / {where} holds schema version {found}, written "
            f"by a newer talentgraph; this one knows versions up to {SCHEMA_VERSION}: upgrade talentgraph")
