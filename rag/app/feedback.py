"""Feedback from the web app, kept in a SQLite file under the data directory."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rag.errors import RagError, StoreError
from rag.records import Answer

Rating = Literal["up", "down"]
MAX_COMMENT_CHARS = 2000
CANNOT_WRITE = (
    "Feedback cannot be saved: the data folder (RAG_DATA_DIR) is not writable or is full. "
    "Make it writable, or set RAG_DATA_DIR to a folder the app can write."
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    refused INTEGER NOT NULL,
    citations TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class FeedbackRecord:
    """One piece of feedback as stored."""

    id: int
    created_at: str
    rating: Rating
    comment: str
    question: str
    answer: str
    refused: bool
    citations: list[dict[str, object]]


class FeedbackStore:
    """Appends feedback to a SQLite file; every write is committed at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(CANNOT_WRITE) from exc

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def add(self, answer: Answer, rating: Rating, comment: str = "") -> int:
        """Store feedback on an answer with its question and citations; returns its id. A
        comment over MAX_COMMENT_CHARS is refused with a message."""
        comment = comment.strip()
        if len(comment) > MAX_COMMENT_CHARS:
            raise RagError(
                f"Your comment is {len(comment):,} characters long; the limit is "
                f"{MAX_COMMENT_CHARS:,} characters: shorten it and send it again."
            )
        row = (
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            rating,
            comment,
            answer.question,
            answer.text,
            int(answer.refused),
            json.dumps([c.to_json() for c in answer.citations], ensure_ascii=False),
        )
        try:
            with self._connect() as db:
                cursor = db.execute(
                    "INSERT INTO feedback (created_at, rating, comment, question, answer,"
                    " refused, citations) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    row,
                )
                return int(cursor.lastrowid or 0)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(CANNOT_WRITE) from exc

    def all(self) -> list[FeedbackRecord]:
        """Every piece of feedback, oldest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, created_at, rating, comment, question, answer, refused, citations"
                " FROM feedback ORDER BY id"
            ).fetchall()
        return [
            FeedbackRecord(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), json.loads(r[7]))
            for r in rows
        ]
