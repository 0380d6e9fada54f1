"""Feedback storage in SQLite."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rag.feedback import FeedbackStore
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
