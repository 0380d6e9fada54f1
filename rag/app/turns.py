"""A conversation's turns: each question asked with its filters and the questions before
it (a follow-up is read with them), streamed when a language model writes, and the chat
messages, feedback and export made from the answers."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

from rag.app.api import UNEXPECTED, answer_safely, filters_from
from rag.app.conversations import SavedConversation, SavedTurn
from rag.app.feedback import FeedbackStore, Rating
from rag.app.render import answer_markdown, escape_markdown, export_markdown
from rag.app.suggest import suggested_follow_ups
from rag.errors import RagError
from rag.pipeline import Pipeline
from rag.records import Answer, Filters

_log = logging.getLogger(__name__)
# Above a language model's text while it writes: it is shown before it is checked.
WRITING = "*Writing… (not yet checked against the record)*\n\n"


def replay(
    pipeline: Pipeline, conversation: SavedConversation
) -> tuple[list[dict[str, Any]], list[Answer]]:
    """A saved conversation's chat and answers, each question asked again with its filters
    and the questions before it (a question that now fails shows why in the chat)."""
    history: list[dict[str, Any]] = []
    turns: list[Answer] = []
    for turn in conversation["turns"]:
        try:
            answer = answer_turn(pipeline, turn, turns)
        except RagError as exc:
            history += [
                {"role": "user", "content": escape_markdown(turn["question"])},
                {"role": "assistant", "content": escape_markdown(str(exc))},
            ]
            continue
        history += chat_messages(
            answer, suggested_follow_ups(pipeline, answer, [t.question for t in turns])
        )
        turns.append(answer)
    return history, turns


def stream_turn(pipeline: Pipeline, turn: SavedTurn, turns: list[Answer]) -> Iterator[str | Answer]:
    """One question answered as `answer_turn` does; with a language model, its text as it
    writes it comes first (unverified), the checked answer always last."""
    filters, earlier = turn_query(turn, turns)
    try:
        yield from pipeline.ask_stream(turn["question"], filters, history=earlier)
    except RagError:
        raise
    except Exception as exc:
        _log.exception("answering a question failed")
        raise RagError(UNEXPECTED) from exc


def writing_messages(history: list[Any], question: str, written: str) -> list[dict[str, Any]]:
    """The chat while a language model writes: the question, and its text so far, marked as
    not yet checked against the record."""
    return [
        *history,
        {"role": "user", "content": escape_markdown(question)},
        {"role": "assistant", "content": WRITING + escape_markdown(written)},
    ]


def turn_query(turn: SavedTurn, turns: list[Answer]) -> tuple[Filters, list[str]]:
    """A saved turn's filters, and the questions before it (a follow-up is read with them)."""
    filters = filters_from(turn["speakers"], turn["events"], turn["since"], turn["until"])
    return filters, [t.question for t in turns]


def answer_turn(pipeline: Pipeline, turn: SavedTurn, turns: list[Answer]) -> Answer:
    """One question answered with its filters, read with the questions before it."""
    filters, earlier = turn_query(turn, turns)
    return answer_safely(lambda: pipeline.ask(turn["question"], filters, history=earlier))


def chat_messages(answer: Answer, follow_ups: list[str]) -> list[dict[str, Any]]:
    """A question and its answer as chat messages; the suggested follow-ups are buttons
    under the answer."""
    reply: dict[str, Any] = {"role": "assistant", "content": reply_markdown(answer)}
    if follow_ups:
        reply["options"] = [{"value": q, "label": q} for q in follow_ups]
    return [{"role": "user", "content": escape_markdown(answer.question)}, reply]


def reply_markdown(answer: Answer) -> str:
    """The assistant's chat message: the answer with linked [n] markers."""
    text = answer_markdown(answer)
    removed = [c for c in answer.checks if not c.supported] if answer.mode == "llm" else []
    if removed:
        text += "\n\n**Removed, not supported by the record:**\n" + "\n".join(
            f"- ~~{escape_markdown(c.text)}~~ ({escape_markdown(c.reason)})" for c in removed
        )
    if answer.refused and answer.closest:
        text += "\n\n*The closest passages are listed under Sources; they do not answer it.*"
    return text


def turn_of_message(history: list[dict[str, Any]], index: int) -> int | None:
    """Which answer a chat message is (0 for the first), or None if it is not one: an answer
    follows its question; a problem shown in the chat follows another reply."""
    if not 0 < index < len(history) or history[index - 1].get("role") != "user":
        return None
    if history[index].get("role") != "assistant":
        return None
    return sum(1 for message in history[:index] if message.get("role") == "user") - 1


def record_feedback(
    store: FeedbackStore, turns: list[Answer], index: int, rating: Rating, comment: str
) -> tuple[str, str]:
    """Store feedback on one answer; returns the status line and the emptied comment box."""
    if not turns or not -len(turns) <= index < len(turns):
        return "Ask a question first, then say whether the answer helped.", comment
    try:
        feedback_id = store.add(turns[index], rating, comment)
    except RagError as exc:
        return escape_markdown(str(exc)), comment
    return f"Thank you: feedback #{feedback_id} saved.", ""


def export_text(turns: list[Answer]) -> str:
    """The conversation as Markdown, made when the user asks for it ("" before any answer)."""
    return export_markdown(turns, dt.datetime.now()) if turns else ""
