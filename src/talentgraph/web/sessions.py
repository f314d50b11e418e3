"""Web sessions: who signed in, and the token every form must carry back (CSRF).

A session lives on the server and is named by a random id; the browser holds that id in
an HttpOnly, SameSite=Lax cookie signed with the server's session key (itsdangerous), so a forged
or altered cookie is no session at all. A session keeps the *id* of the API token it signed in
with, never the token: each request asks the token registry who that id is now, so a revoked
token ends its sessions at once. Signing out forgets the session on the server (a copied cookie
is worthless after it). A restart signs everyone out.

Sessions are rows of a SQLite table: in this process's memory by default, or in a file that every
worker of ``talentgraph serve --workers N`` opens, so a visitor signed in on one worker is signed
in on all of them (the server empties the file when it starts).

Every form carries the session's CSRF token; a POST whose token is not the session's is refused.
A visitor who has not signed in gets an anonymous session too, so the sign-in form has one; signing
in replaces it with a new session (a new id and a new CSRF token: no fixation).
"""

from __future__ import annotations

import hmac
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "tg_session"
IDLE_S = 8 * 3600  # a session unused this long ends
MAX_AGE_S = 24 * 3600  # and none outlives a day
MAX_SESSIONS = 20_000  # anonymous visitors cannot fill the memory: the oldest go first


@dataclass
class Session:
    id: str
    csrf: str
    token_id: str | None = None
    created: float = field(default_factory=time.time)  # wall clock: shared by every worker
    seen: float = field(default_factory=time.time)

    def csrf_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(self.csrf.encode(), (given or "").encode())


_SCHEMA = """CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, csrf TEXT NOT NULL, token_id TEXT, created REAL NOT NULL, seen REAL NOT NULL)"""


class Sessions:
    """The server's sessions, and the signing of their cookies."""

    def __init__(self, key: bytes, path: Path | None = None) -> None:
        if not key:
            raise ValueError("web sessions need the server's session key (talentgraph.keys)")
        self._signer = URLSafeTimedSerializer(key, salt="talentgraph web session")
        self._lock = threading.Lock()  # one connection, shared by the server's threads
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit; a worker waits up to 10 s for another's write to finish.
        self._db = sqlite3.connect(str(path) if path else ":memory:", timeout=10,
                                   isolation_level=None, check_same_thread=False)
        if path:
            self._db.execute("PRAGMA journal_mode=WAL")  # readers do not wait for a writer
        self._db.execute(_SCHEMA)

    def new(self, token_id: str | None = None) -> Session:
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), token_id)
        with self._lock:
            self._prune()
            self._db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                             (session.id, session.csrf, session.token_id, session.created, session.seen))
        return session

    def of_cookie(self, cookie: str | None) -> Session | None:
        """The live session a cookie names, or None (no cookie, a bad signature, expired, ended)."""
        if not cookie:
            return None
        try:
            session_id = str(self._signer.loads(cookie, max_age=MAX_AGE_S))
        except BadSignature:
            return None
        now = time.time()
        with self._lock:
            row = self._db.execute("SELECT id, csrf, token_id, created, seen FROM sessions WHERE id = ?",
                                   (session_id,)).fetchone()
            if row is None:
                return None
            session = Session(*row)
            if now - session.seen > IDLE_S or now - session.created > MAX_AGE_S:
                self._db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
                return None
            session.seen = now
            self._db.execute("UPDATE sessions SET seen = ? WHERE id = ?", (now, session_id))
            return session

    def cookie(self, session: Session) -> str:
        return self._signer.dumps(session.id)

    def end(self, session: Session) -> None:
        with self._lock:
            self._db.execute("DELETE FROM sessions WHERE id = ?", (session.id,))

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM sessions").fetchone()[0])

    def _prune(self) -> None:
        now = time.time()
        self._db.execute("DELETE FROM sessions WHERE seen < ? OR created < ?",
                         (now - IDLE_S, now - MAX_AGE_S))
        (count,) = self._db.execute("SELECT count(*) FROM sessions").fetchone()
        if count >= MAX_SESSIONS:  # anonymous first, then the least recently seen
            self._db.execute("DELETE FROM sessions WHERE id IN (SELECT id FROM sessions "
                             "ORDER BY token_id IS NOT NULL, seen LIMIT ?)", (count - MAX_SESSIONS + 1,))
