"""What the app's users and API clients send, checked before it reaches the pipeline, and
faults while answering turned into messages.

A wrong type sent to `/ask` gets a message saying what to send instead of a Python error; a
fault inside the pipeline is logged with its traceback on the server and reaches the user as
a plain message that names no file, path or setting value.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import gradio as gr

from rag.errors import QuestionError, RagError
from rag.pipeline import Pipeline
from rag.records import MAX_K, SOURCE_TYPES, Answer, Filters

UNEXPECTED = (
    "The assistant could not answer because of a fault on the server (the details are in the "
    "server's log): try again, and if it keeps happening, tell whoever runs the app."
)
MAX_HISTORY = 20  # earlier turns a follow-up is read with
_log = logging.getLogger(__name__)


def answer_safely(ask: Callable[[], Answer]) -> Answer:
    """Run `ask`. A RagError passes as it is (its message says what to do); any other fault is
    logged with its traceback and becomes a RagError with a plain message."""
    try:
        return ask()
    except RagError:
        raise
    except Exception as exc:
        _log.exception("answering a question failed")
        raise RagError(UNEXPECTED) from exc


def filters_from(
    speakers: list[str],
    events: list[str],
    since: str,
    until: str,
    labels: tuple[str, str] = ("From date", "To date"),
) -> Filters:
    """The filters chosen (all speakers, or none, means any speaker); `labels` name the two
    dates in a message about a bad one."""
    chosen = tuple(s for s in SOURCE_TYPES if s in speakers)
    return Filters(
        source_types=() if len(chosen) in (0, len(SOURCE_TYPES)) else chosen,
        events=tuple(events),
        since=_date(since, labels[0]),
        until=_date(until, labels[1]),
    )


def ask_endpoint(pipeline: Pipeline) -> Callable[..., dict[str, Any]]:
    """The function behind `/ask`; its signature is the API's documented schema."""

    def ask(
        question: str,
        source_types: list[str] | None = None,
        events: list[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        k: int | None = None,
        history: list[Any] | None = None,
    ) -> dict[str, Any]:
        """Answer a question about the record: the JSON object `rag ask --json` prints.
        `history` is the conversation so far, oldest first: its questions as text, or as
        objects {"question": ..., "answer": ...}; a follow-up ("And in 2022?") is answered
        as the question it stands for, given as `standalone_question`."""
        try:
            text = _text(question, "question", '"Were children seen alone?"')
            filters = _api_filters(source_types, events, since, until)
            wanted = _k(k)
            earlier = _history(history)
            return answer_safely(lambda: pipeline.ask(text, filters, wanted, earlier)).to_json()
        except RagError as exc:
            raise gr.Error(str(exc)) from exc

    return ask


def _api_filters(source_types: object, events: object, since: object, until: object) -> Filters:
    speakers = _texts(source_types, "source_types", '["ofsted"]')
    unknown = [s for s in speakers if s not in SOURCE_TYPES]
    if unknown:
        raise QuestionError(
            f"Unknown speaker {unknown[0]!r} in `source_types`: use ofsted, council or press."
        )
    return filters_from(
        speakers,
        _texts(events, "events", '["March 2020 monitoring visit"]'),
        _text(since, "since", '"2020-01-31"', optional=True),
        _text(until, "until", '"2020-12-31"', optional=True),
        labels=("`since`", "`until`"),
    )


def _text(value: object, name: str, example: str, optional: bool = False) -> str:
    if value is None and optional:
        return ""
    if not isinstance(value, str):
        what = "a date in text, YYYY-MM-DD" if name in ("since", "until") else "text"
        raise QuestionError(
            f"`{name}` must be {what}, e.g. {name}={example}; it was {_kind(value)}."
        )
    return value


def _texts(value: object, name: str, example: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QuestionError(
            f"`{name}` must be a list of text, e.g. {name}={example}, or left out; "
            f"it was {_kind(value)}."
        )
    return value


def _history(value: object) -> list[str]:
    """The earlier questions of a conversation (the last MAX_HISTORY of them)."""
    if value is None:
        return []
    example = '["Who led the 2019 inspection?"]'
    if not isinstance(value, list):
        raise QuestionError(
            f"`history` must be a list of the earlier questions, e.g. history={example}, or "
            f"left out; it was {_kind(value)}."
        )
    questions = []
    for turn in value:
        asked = turn.get("question") if isinstance(turn, dict) else turn
        if not isinstance(asked, str):
            raise QuestionError(
                "Each turn of `history` must be a question as text, or an object with a "
                f'"question" (text) and an "answer"; one was {_kind(turn)}.'
            )
        questions.append(asked)
    return questions[-MAX_HISTORY:]


def _k(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_K:
        number = isinstance(value, int | float) and not isinstance(value, bool)
        shown = repr(value) if number else _kind(value)
        raise QuestionError(
            f"`k` must be a whole number from 1 to {MAX_K} (the passages to retrieve), or "
            f"left out; it was {shown}."
        )
    return value


def _kind(value: object) -> str:
    """What a client sent, in words (never the value itself, which may be huge)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "something else"


def _date(value: str, label: str) -> dt.date | None:
    if not value or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise QuestionError(f"{label} {value[:40]!r} is not a date: use YYYY-MM-DD.") from exc
