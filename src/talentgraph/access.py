"""Who may call the API: tokens with a role (and an org scope).

Tokens are random (``secrets``), printed once, and stored only as SHA-256 hashes with their
role, org and id in ``<TALENTGRAPH_HOME>/tokens.json`` (written atomically, mode 0600). A token
reads ``tg_<id>_<secret>``: the id finds the entry, the hash is compared in constant time. The
server re-reads the file when it changes, so a revoked token stops working at once.

The server's secrets (researcher pseudonyms, record ids) are in ``keys.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from talentgraph.domain.message import N_, message
from talentgraph.errors import TalentGraphError, TokenFileError

TOKENS_FILE = "tokens.json"
PREFIX = "tg_"
_ID_HEX = 12


class Role(StrEnum):
    ADMIN = "admin"
    PLANNER = "planner"
    RESEARCHER = "researcher"


@dataclass(frozen=True)
class Principal:
    """The caller: the token's id, role and org scope (None: every org)."""

    token_id: str
    role: Role
    org_id: str | None = None

    @property
    def pseudonymised(self) -> bool:
        return self.role is Role.RESEARCHER


@dataclass(frozen=True)
class TokenInfo:
    id: str
    role: Role
    org_id: str | None
    created: str


class TokenRegistry:
    """The tokens of one talentgraph home folder."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.path = self.home / TOKENS_FILE
        self._lock = threading.Lock()
        self._seen: tuple[int, int] | None = None
        self._entries: dict[str, dict[str, Any]] = {}

    # -- the CLI's side ------------------------------------------------------------------

    def create(self, role: Role, org_id: str | None = None) -> tuple[str, TokenInfo]:
        """A new token (returned once, never stored) and what was stored about it."""
        if role is Role.PLANNER and not org_id:
            raise TalentGraphError(message(N_("a planner token needs --org ORG_ID (the subtree it may read "
                                              "and write)")))
        if role is Role.ADMIN and org_id:
            raise TalentGraphError(message(N_("an admin token has no org scope; leave out --org")))
        token_id = secrets.token_hex(_ID_HEX // 2)
        token = f"{PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
        info = TokenInfo(token_id, role, org_id, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        entries = self._read()
        entries[token_id] = {"id": token_id, "role": role.value, "org_id": org_id,
                             "created": info.created, "sha256": _digest(token)}
        self._write(entries)
        return token, info

    def revoke(self, token_id: str) -> None:
        entries = self._read()
        if token_id not in entries:
            raise TalentGraphError(message(N_("no token with id {id!r} (see `talentgraph token list`)"),
                                           id=token_id))
        del entries[token_id]
        self._write(entries)

    def list(self) -> list[TokenInfo]:
        return [TokenInfo(e["id"], Role(e["role"]), e.get("org_id"), e.get("created", ""))
                for e in sorted(self._read().values(), key=lambda e: (e.get("created", ""), e["id"]))]

    # -- the server's side -----------------------------------------------------------------

    def authenticate(self, token: str) -> Principal | None:
        """The principal a token stands for, or None (unknown, revoked or malformed)."""
        entries = self._current()
        token_id = token[len(PREFIX):len(PREFIX) + _ID_HEX] if token.startswith(PREFIX) else ""
        entry = entries.get(token_id)
        if entry is not None:
            _check_entry(self.path, entry)
        expected = entry["sha256"] if entry else _digest("no such token")
        if not hmac.compare_digest(_digest(token), expected) or entry is None:
            return None
        return Principal(token_id, Role(entry["role"]), entry.get("org_id"))

    def principal(self, token_id: str) -> Principal | None:
        """The principal of a token by its id, as the file says now (None once revoked): a web
        session signed in with a token keeps only its id, and ends when the token is revoked."""
        entry = self._current().get(token_id)
        if entry is None:
            return None
        _check_entry(self.path, entry)
        return Principal(token_id, Role(entry["role"]), entry.get("org_id"))

    def _current(self) -> dict[str, dict[str, Any]]:
        try:
            stat = self.path.stat()
            seen: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            seen = None
        with self._lock:
            if seen != self._seen:
                self._entries, self._seen = self._read(), seen
            return self._entries

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as e:  # the reason names a position, never the file's text
            reason = e.strerror if isinstance(e, OSError) else type(e).__name__
            raise TokenFileError(f"cannot read the token file {self.path} ({reason})") from None
        tokens = data.get("tokens", []) if isinstance(data, dict) else None
        if not isinstance(tokens, list) or not all(
                isinstance(e, dict) and isinstance(e.get("id"), str) for e in tokens):
            raise TokenFileError(f"the token file {self.path} is not a list of tokens with ids")
        return {e["id"]: e for e in tokens}

    def _write(self, entries: dict[str, dict[str, Any]]) -> None:
        text = json.dumps({"tokens": list(entries.values())}, indent=1) + "\n"
        _write_private(self.path, text.encode())


def _check_entry(path: Path, entry: dict[str, Any]) -> None:
    """An entry the server can act on: a hash, a known role, and an org for a planner (a planner
    entry without one must not read as the unscoped token of an admin-wide reader)."""
    sha, role, org = entry.get("sha256"), entry.get("role"), entry.get("org_id")
    if (not isinstance(sha, str) or role not in tuple(Role) or (org is not None and not isinstance(org, str))
            or (role == Role.PLANNER and not org)):
        raise TokenFileError(f"the token file {path} has a malformed entry for token id {entry['id']!r}")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
