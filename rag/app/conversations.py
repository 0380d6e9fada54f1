"""Saved conversations: what each browser keeps of its conversations across reloads (in its
own storage, through Gradio's BrowserState, encrypted with a key kept in RAG_DATA_DIR).

A conversation is kept as its questions and the filters each was asked with, not its
answers: reopened, it is asked again, turn by turn, against the record as it is now, so its
sources, export and feedback are those of answers the record still gives. The value is read
strictly but forgivingly: anything malformed (an old format, a value edited by hand) is
dropped, never shown as an error.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from pathlib import Path
from typing import Any, TypedDict

from rag.app.api import MAX_HISTORY

STORAGE_KEY = "inspection-record-conversations"
MAX_CONVERSATIONS = 30  # the oldest beyond this are forgotten
MAX_TURNS = MAX_HISTORY  # questions kept per conversation
MAX_TITLE = 70
SECRET_FILE = "browser-secret"
_log = logging.getLogger(__name__)


class SavedTurn(TypedDict):
    """One question as it was asked, with its filters."""

    question: str
    speakers: list[str]
    events: list[str]
    since: str
    until: str


class SavedConversation(TypedDict):
    id: str
    started: str  # ISO date and time
    title: str
    turns: list[SavedTurn]


class Saved(TypedDict):
    """Everything a browser keeps: its conversations (oldest first) and the open one."""

    current: str | None
    conversations: list[SavedConversation]


def empty() -> Saved:
    return {"current": None, "conversations": []}


def parse(value: Any) -> Saved:
    """The saved value as stored, with anything malformed left out."""
    if not isinstance(value, dict):
        return empty()
    conversations = [c for c in map(_conversation, value.get("conversations") or []) if c]
    ids = {c["id"] for c in conversations}
    current = value.get("current")
    return {"current": current if current in ids else None, "conversations": conversations}


def current(saved: Saved) -> SavedConversation | None:
    """The open conversation, if any."""
    return next((c for c in saved["conversations"] if c["id"] == saved["current"]), None)


def with_turn(saved: Saved, turn: SavedTurn, now: dt.datetime) -> Saved:
    """The saved value with a question added to the open conversation (a new one if none
    is open); the oldest conversations and turns beyond the limits are dropped."""
    open_now = current(saved)
    if open_now is None:
        open_now = {
            "id": uuid.uuid4().hex,
            "started": now.isoformat(timespec="seconds"),
            "title": _title(turn["question"]),
            "turns": [],
        }
    updated: SavedConversation = {**open_now, "turns": [*open_now["turns"], turn][-MAX_TURNS:]}
    others = [c for c in saved["conversations"] if c["id"] != updated["id"]]
    kept = [*others, updated][-MAX_CONVERSATIONS:]
    return {"current": updated["id"], "conversations": kept}


def started_afresh(saved: Saved) -> Saved:
    """No conversation open; the others stay, to be reopened."""
    return {"current": None, "conversations": saved["conversations"]}


def without_current(saved: Saved) -> Saved:
    """The open conversation deleted."""
    kept = [c for c in saved["conversations"] if c["id"] != saved["current"]]
    return {"current": None, "conversations": kept}


def opened(saved: Saved, conversation_id: str | None) -> Saved:
    """The saved value with another conversation open (none, for an unknown id)."""
    ids = {c["id"] for c in saved["conversations"]}
    return {
        "current": conversation_id if conversation_id in ids else None,
        "conversations": saved["conversations"],
    }


def choices(saved: Saved) -> list[tuple[str, str]]:
    """The conversations to reopen, newest first: (its first question, date and length; id)."""
    out = []
    for c in reversed(saved["conversations"]):
        started = dt.datetime.fromisoformat(c["started"])
        n = len(c["turns"])
        label = f"{c['title']} ({started:%-d %b %Y %H:%M}, {n} question{'s' * (n != 1)})"
        out.append((label, c["id"]))
    return out


def browser_secret(data_dir: Path) -> str:
    """The key the browsers' saved conversations are encrypted with: made once and kept in
    RAG_DATA_DIR, so they survive a restart of the app. If it cannot be kept there, a key
    for this run only (conversations then survive reloads, not restarts)."""
    path = data_dir / SECRET_FILE
    try:
        if path.is_file():
            kept = path.read_text(encoding="utf-8").strip()
            if kept:
                return kept
        data_dir.mkdir(parents=True, exist_ok=True)
        made = secrets.token_urlsafe(24)
        path.write_text(made, encoding="utf-8")
        path.chmod(0o600)
        return made
    except OSError as exc:
        _log.warning(
            "cannot keep the browser key in %s (%s): saved conversations will "
            "not survive a restart",
            path,
            exc,
        )
        return secrets.token_urlsafe(24)


def _title(question: str) -> str:
    text = " ".join(question.split())
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1].rstrip() + "…"


def _conversation(value: Any) -> SavedConversation | None:
    if not isinstance(value, dict):
        return None
    turns = [t for t in map(_turn, value.get("turns") or []) if t]
    ident, started, title = value.get("id"), value.get("started"), value.get("title")
    if not (turns and isinstance(ident, str) and isinstance(title, str)):
        return None
    try:
        dt.datetime.fromisoformat(str(started))
    except ValueError:
        return None
    return {"id": ident, "started": str(started), "title": title, "turns": turns[-MAX_TURNS:]}


def _turn(value: Any) -> SavedTurn | None:
    if not isinstance(value, dict) or not isinstance(value.get("question"), str):
        return None

    def strings(key: str) -> list[str]:
        items = value.get(key) or []
        return [s for s in items if isinstance(s, str)] if isinstance(items, list) else []

    return {
        "question": value["question"],
        "speakers": strings("speakers"),
        "events": strings("events"),
        "since": value["since"] if isinstance(value.get("since"), str) else "",
        "until": value["until"] if isinstance(value.get("until"), str) else "",
    }
