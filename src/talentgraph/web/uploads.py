"""Workbooks checked and waiting to be stored: an admin sees the report first, then stores the
very file that was checked (not a second upload). One per session, for an hour, on disk."""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

KEEP_S = 3600
MAX_PENDING = 20


@dataclass(frozen=True)
class Pending:
    id: str
    session_id: str
    path: Path
    filename: str
    created: float


class PendingUploads:
    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="talentgraph-web-uploads-")
        self._lock = threading.Lock()
        self._items: dict[str, Pending] = {}

    def keep(self, session_id: str, stream: BinaryIO, filename: str) -> Pending:
        """Keep a copy of a checked file for its session (replacing any it kept before)."""
        upload_id = secrets.token_urlsafe(16)
        path = Path(self._folder.name) / upload_id
        stream.seek(0)
        with path.open("wb") as out:
            shutil.copyfileobj(stream, out, 1 << 20)
        pending = Pending(upload_id, session_id, path, filename, time.monotonic())
        with self._lock:
            self._expire()
            for old in [p for p in self._items.values() if p.session_id == session_id]:
                self._drop(old)
            while len(self._items) >= MAX_PENDING:
                self._drop(min(self._items.values(), key=lambda p: p.created))
            self._items[upload_id] = pending
        return pending

    def take(self, session_id: str, upload_id: str) -> Pending | None:
        """The session's kept file by id (removed from the list; the caller deletes it after use)."""
        with self._lock:
            self._expire()
            pending = self._items.get(upload_id)
            if pending is None or pending.session_id != session_id:
                return None
            del self._items[upload_id]
            return pending

    def _expire(self) -> None:
        now = time.monotonic()
        for p in [p for p in self._items.values() if now - p.created > KEEP_S]:
            self._drop(p)

    def _drop(self, pending: Pending) -> None:
        self._items.pop(pending.id, None)
        pending.path.unlink(missing_ok=True)
