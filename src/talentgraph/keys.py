"""The server's secrets: researcher pseudonyms and record ids, both keyed by one secret.

The secret is kept in ``<TALENTGRAPH_HOME>/pseudonym.key`` (random, 0600, made on first use).
Three keys are derived from it, one per purpose:

- Pseudonyms: researchers see teachers as ``P-`` and a keyed, deterministic encryption of the id
  (a synthetic IV: an HMAC of the id, then the id XOR an HMAC stream keyed by that IV). The same
  teacher gets the same pseudonym on every endpoint, and the server (only) can map it back.
- Record ids: an event row (a title, a training record) has no id in the bundle format, so it is
  named by an HMAC of its values. Keyed, so nobody can compute a record's id offline from a
  guessed row (and so touch a record they cannot see).
- Sessions: the web app signs its session cookies with it (talentgraph.web.sessions).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

KEY_FILE = "pseudonym.key"
_TAG = 8  # bytes of the synthetic IV; its base32 is the start of the pseudonym
_ORDER_CHARS = _TAG * 8 // 5  # base32 characters that depend on the tag alone


def _mac(key: bytes, message: bytes) -> bytes:
    return hmac.digest(key, message, "sha256")


class Pseudonyms:
    """Deterministic, keyed, reversible-by-the-server pseudonyms for teacher ids."""

    def __init__(self, secret: bytes) -> None:
        self._mac = _mac(secret, b"talentgraph pseudonym tag")
        self._enc = _mac(secret, b"talentgraph pseudonym stream")

    def hide(self, teacher_id: str) -> str:
        plain = teacher_id.encode()
        tag = _mac(self._mac, plain)[:_TAG]
        cipher = _xor(plain, self._stream(tag, len(plain)))
        return "P-" + base64.b32encode(tag + cipher).decode().rstrip("=").lower()

    def order_key(self, teacher_id: str) -> str:
        """What sorts like ``hide(teacher_id)``: the pseudonym's first characters, which depend on
        the tag only (one HMAC instead of three, for sorting long lists). Two ids share it with
        odds of 2**-60."""
        tag = _mac(self._mac, teacher_id.encode())[:_TAG]
        return base64.b32encode(tag).decode()[:_ORDER_CHARS].lower()

    def reveal(self, pseudonym: str) -> str | None:
        """The id behind a pseudonym, or None if it is not one of ours."""
        if not pseudonym.startswith("P-"):
            return None
        body = pseudonym[2:].upper()
        try:
            raw = base64.b32decode(body + "=" * (-len(body) % 8))
        except ValueError:
            return None
        tag, cipher = raw[:_TAG], raw[_TAG:]
        plain = _xor(cipher, self._stream(tag, len(cipher)))
        expected = _mac(self._mac, plain)[:_TAG]
        if len(tag) < _TAG or not hmac.compare_digest(expected, tag):
            return None
        try:
            return plain.decode()
        except UnicodeDecodeError:
            return None

    def _stream(self, tag: bytes, n: int) -> bytes:
        blocks = (_mac(self._enc, tag + i.to_bytes(4, "big")) for i in range((n + 31) // 32))
        return b"".join(blocks)[:n]


def _xor(a: bytes, b: bytes) -> bytes:
    return (int.from_bytes(a, "big") ^ int.from_bytes(b, "big")).to_bytes(len(a), "big")


@dataclass(frozen=True)
class Keys:
    """The server's keys: ``pseudonyms`` for researchers, ``record`` for record ids (every role),
    ``session`` for signing the web app's session cookies."""

    pseudonyms: Pseudonyms
    record: bytes
    session: bytes = b""

    @classmethod
    def of_secret(cls, secret: bytes) -> Keys:
        return cls(Pseudonyms(secret), _mac(secret, b"talentgraph record id"),
                   _mac(secret, b"talentgraph web session"))

    @classmethod
    def of_home(cls, home: Path) -> Keys:
        """The home folder's keys, its secret created (random, 0600) on first use."""
        return cls.of_secret(_secret_of(Path(home) / KEY_FILE))

    @classmethod
    def ephemeral(cls) -> Keys:
        """Keys for one process (the command line, which shows no pseudonyms or record ids)."""
        return cls.of_secret(secrets.token_bytes(32))


def _secret_of(path: Path) -> bytes:
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32) + "\n")
        except FileExistsError:
            pass  # another process made it first: use theirs
    return bytes.fromhex(path.read_text().strip())


def keyed_digest(key: bytes, message: bytes, chars: int = 16) -> str:
    """A short keyed digest (hex) of ``message``."""
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:chars]
