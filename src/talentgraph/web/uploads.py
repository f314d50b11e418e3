"""Workbooks checked and waiting to be stored: an admin sees the report first, then stores the
very file that was checked (not a second upload). One per session, for an hour, on disk.

Each kept file lies in a folder beside a small JSON note (its session, name and time), so every
worker of ``talentgraph serve --workers N`` given the same folder finds what another kept; taking
one renames its note first, and a rename happens once, so two workers never both take it.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import tempfile
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
    def __init__(self, folder: Path | None = None) -> None:
        if folder is None:
            self._temp = tempfile.TemporaryDirectory(prefix="talentgraph-web-uploads-")
            folder = Path(self._temp.name)
        folder.mkdir(parents=True, exist_ok=True)
        self._folder = folder

    def keep(self, session_id: str, stream: BinaryIO, filename: str) -> Pending:
        """Keep a copy of a checked file for its session (replacing any it kept before)."""
        upload_id = secrets.token_urlsafe(16)
        path = self._folder / upload_id
        stream.seek(0)
        with path.open("wb") as out:
            shutil.copyfileobj(stream, out, 1 << 20)
        pending = Pending(upload_id, session_id, path, filename, time.time())
        self._expire()
        kept = self._all()
        for old in [p for p in kept if p.session_id == session_id]:
            self._drop(old)
        others = sorted((p for p in kept if p.session_id != session_id), key=lambda p: p.created)
        for old in others[:max(0, len(others) - MAX_PENDING + 1)]:
            self._drop(old)
        note = {"session": session_id, "filename": filename, "created": pending.created}
        tmp = self._folder / f".{upload_id}.json"
        tmp.write_text(json.dumps(note))
        tmp.replace(self._note(upload_id))  # whole or not at all
        return pending

    def take(self, session_id: str, upload_id: str) -> Pending | None:
        """The session's kept file by id (removed from the list; the caller deletes it after use)."""
        self._expire()
        pending = self._read(upload_id)
        if pending is None or pending.session_id != session_id:
            return None
        try:  # only one taker's rename succeeds
            self._note(upload_id).rename(self._folder / f"{upload_id}.taken")
        except FileNotFoundError:
            return None
        (self._folder / f"{upload_id}.taken").unlink(missing_ok=True)
        return pending

    def _note(self, upload_id: str) -> Path:
        return self._folder / f"{upload_id}.json"

    def _read(self, upload_id: str) -> Pending | None:
        if not upload_id or "/" in upload_id or upload_id.startswith("."):
            return None
        try:
            note = json.loads(self._note(upload_id).read_text())
        except (OSError, ValueError):
            return None
        return Pending(upload_id, note["session"], self._folder / upload_id, note["filename"],
                       note["created"])

    def _all(self) -> list[Pending]:
        found = (self._read(p.name.removesuffix(".json")) for p in self._folder.glob("*.json"))
        return [p for p in found if p is not None]

    def _expire(self) -> None:
        now = time.time()
        for p in self._all():
            if now - p.created > KEEP_S:
                self._drop(p)

    def _drop(self, pending: Pending) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._note(pending.id))
        pending.path.unlink(missing_ok=True)
