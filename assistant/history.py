"""The history of sessions in a SQLite file: pain reports and finished or stopped routines."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .errors import CoachError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    at_utc TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class HistoryEntry:
    at_utc: str
    """ISO 8601 time in UTC."""
    kind: str
    """pain, finished or stopped."""
    detail: dict[str, object]


class History:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path)
            self._db.execute(_SCHEMA)
        except sqlite3.DatabaseError as err:
            raise CoachError(f"{path}: cannot open the history database ({err}); move it away and start again.") from None

    def add(self, kind: str, detail: dict[str, object], at: datetime | None = None) -> None:
        at = at or datetime.now(timezone.utc)
        with self._db:
            self._db.execute("INSERT INTO events (at_utc, kind, detail) VALUES (?, ?, ?)", (at.isoformat(), kind, json.dumps(detail)))

    def entries(self, kind: str | None = None) -> list[HistoryEntry]:
        query = "SELECT at_utc, kind, detail FROM events" + (" WHERE kind = ?" if kind else "") + " ORDER BY id"
        rows = self._db.execute(query, (kind,) if kind else ())
        return [HistoryEntry(at, k, json.loads(detail)) for at, k, detail in rows]

    def close(self) -> None:
        self._db.close()
