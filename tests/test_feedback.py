"""Feedback storage in SQLite."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rag.app.feedback import MAX_COMMENT_CHARS, FeedbackStore
from rag.errors import RagError, StoreError
from rag.records import Answer, Citation, DocumentMeta

META = DocumentMeta("Letter", dt.date(2020, 3, 27), "Ofsted", "ofsted", "March 2020 visit")


def test_feedback_is_stored_with_question_answer_and_citations(tmp_path: Path) -> None:
    path = tmp_path / "data" / "feedback.sqlite3"
    citation = Citation(1, "letter", META, "Children are seen alone.", 5, 29, 12, 0.8)
    answer = Answer(
        "Seen alone?", "Ofsted says: “Children are seen alone.” [1]", False, citations=(citation,)
    )
    store = FeedbackStore(path)
    first = store.add(answer, "up", "  clear and quoted  ")
    second = store.add(answer, "down")
    assert (first, second) == (1, 2)
    # a new store on the same file (an app restart) sees everything
    records = FeedbackStore(path).all()
    assert [r.rating for r in records] == ["up", "down"]
    assert records[0].comment == "clear and quoted"
    assert records[0].question == "Seen alone?" and records[0].answer == answer.text
    assert records[0].citations[0]["quote"] == "Children are seen alone."
    assert records[0].citations[0]["paragraph"] == 12


def test_an_oversized_comment_is_refused_and_nothing_stored(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    answer = Answer("Seen alone?", "Ofsted says: “Children are seen alone.”", False)
    store.add(answer, "up", "x" * MAX_COMMENT_CHARS)  # the limit itself is fine
    with pytest.raises(RagError, match="limit is 2,000 characters"):
        store.add(answer, "up", "x" * 3_000_000)
    assert [len(r.comment) for r in store.all()] == [MAX_COMMENT_CHARS]


def test_a_data_dir_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")  # a file where the data folder should be
    with pytest.raises(StoreError) as caught:
        FeedbackStore(blocker / "data" / "feedback.sqlite3")
    message = str(caught.value)
    assert "RAG_DATA_DIR" in message and "writable" in message
    assert str(tmp_path) not in message
