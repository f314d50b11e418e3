"""Web sessions: who signed in, and the token every form must carry back (CSRF).

A session lives in the server's memory and is named by a random id; the browser holds that id in
an HttpOnly, SameSite=Lax cookie signed with the server's session key (itsdangerous), so a forged
or altered cookie is no session at all. A session keeps the *id* of the API token it signed in
with, never the token: each request asks the token registry who that id is now, so a revoked
token ends its sessions at once. Signing out forgets the session on the server (a copied cookie
is worthless after it). A restart signs everyone out.

Every form carries the session's CSRF token; a POST whose token is not the session's is refused.
A visitor who has not signed in gets an anonymous session too, so the sign-in form has one; signing
in replaces it with a new session (a new id and a new CSRF token: no fixation).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

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
    created: float = field(default_factory=time.monotonic)
    seen: float = field(default_factory=time.monotonic)

    def csrf_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(self.csrf.encode(), (given or "").encode())


class Sessions:
    """The server's sessions, and the signing of their cookies."""

    def __init__(self, key: bytes) -> None:
        if not key:
            raise ValueError("web sessions need the server's session key (talentgraph.keys)")
        self._signer = URLSafeTimedSerializer(key, salt="talentgraph web session")
        self._lock = threading.Lock()
        self._sessions: dict[str, Session] = {}

    def new(self, token_id: str | None = None) -> Session:
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), token_id)
        with self._lock:
            self._prune()
            self._sessions[session.id] = session
        return session

    def of_cookie(self, cookie: str | None) -> Session | None:
        """The live session a cookie names, or None (no cookie, a bad signature, expired, ended)."""
        if not cookie:
            return None
        try:
            session_id = self._signer.loads(cookie, max_age=MAX_AGE_S)
        except BadSignature:
            return None
        now = time.monotonic()
        with self._lock:
            session = self._sessions.get(str(session_id))
            if session is None or now - session.seen > IDLE_S or now - session.created > MAX_AGE_S:
                self._sessions.pop(str(session_id), None)
                return None
            session.seen = now
            return session

    def cookie(self, session: Session) -> str:
        return self._signer.dumps(session.id)

    def end(self, session: Session) -> None:
        with self._lock:
            self._sessions.pop(session.id, None)

    def _prune(self) -> None:
        now = time.monotonic()
        dead = [k for k, s in self._sessions.items() if now - s.seen > IDLE_S or now - s.created > MAX_AGE_S]
        for k in dead:
            del self._sessions[k]
        if len(self._sessions) >= MAX_SESSIONS:  # anonymous first, then the least recently seen
            ordered = sorted(self._sessions.values(), key=lambda s: (s.token_id is not None, s.seen))
            for s in ordered[:len(self._sessions) - MAX_SESSIONS + 1]:
                del self._sessions[s.id]
