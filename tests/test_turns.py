"""A conversation's turns: the chat message made from an answer, feedback on one answer,
and which answer a rated chat message is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rag.app.feedback import FeedbackStore
from rag.app.turns import record_feedback, reply_markdown, turn_of_message
from rag.records import Answer, Citation, DocumentMeta


def _answer(refused: bool = False) -> Answer:
    meta = DocumentMeta("Letter", dt.date(2020, 3, 27), "Ofsted", "ofsted", "March 2020 visit")
    citation = Citation(1, "letter", meta, "Children are seen alone.", 0, 24, None, 0.9)
    if refused:
        return Answer(
            "q", "The inspection record does not answer this question.", True, closest=(citation,)
        )
    return Answer("q", "Ofsted says: “Children are seen alone.” [1]", False, citations=(citation,))


def test_reply_links_markers_and_labels_refusals() -> None:
    # the marker links to its card, with the quote and its source as a tooltip
    assert (
        '[\\[1\\]](#source-1 "“Children are seen alone.” \\(Letter, 27 March 2020\\)")'
        in reply_markdown(_answer())
    )
    assert "do not answer it" in reply_markdown(_answer(refused=True))


def test_record_feedback_needs_an_answer(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    status, comment = record_feedback(store, [], -1, "up", "kept")
    assert "Ask a question first" in status and comment == "kept" and store.all() == []
    status, comment = record_feedback(store, [_answer()], -1, "down", "wrong visit")
    assert "#1 saved" in status and comment == ""
    assert store.all()[0].comment == "wrong visit"


def test_record_feedback_refuses_an_oversized_comment(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    huge = "x" * 3_000_000
    status, comment = record_feedback(store, [_answer()], -1, "up", huge)
    assert "2,000 characters" in status and "shorten it" in status
    assert comment == huge and store.all() == []


@pytest.mark.parametrize(
    ("roles", "index", "turn"),
    [
        (["user", "assistant", "user", "assistant"], 3, 1),
        (["user", "assistant"], 1, 0),
        # a problem shown in the chat is not an answer, and does not shift the ones after it
        (["user", "assistant", "assistant", "user", "assistant"], 4, 1),
        (["user", "assistant", "assistant", "user", "assistant"], 2, None),
        (["assistant", "user", "assistant"], 2, 0),
        (["user", "assistant"], 0, None),  # the question itself
        (["user", "assistant"], 7, None),
    ],
)
def test_a_rated_message_maps_to_its_answer(roles: list[str], index: int, turn: int | None) -> None:
    history = [{"role": role, "content": "text"} for role in roles]
    assert turn_of_message(history, index) == turn
