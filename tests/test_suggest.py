"""Suggested follow-ups: another visit of the kind quoted, another speaker covering it, and
only those the record answers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from rag.app.suggest import MAX_SUGGESTIONS, _candidates, suggested_follow_ups
from rag.records import Answer, Citation, DocumentMeta


def _meta(event: str, date: dt.date, source_type: str = "ofsted") -> DocumentMeta:
    return DocumentMeta(
        f"Doc {event}",
        date,
        "Ofsted",
        source_type,
        event,
        authority="Bury",  # type: ignore[arg-type]
    )


RECORD = [
    _meta("May 2016 inspection", dt.date(2016, 7, 1)),
    _meta("March 2018 monitoring visit", dt.date(2018, 4, 1)),
    _meta("November 2019 inspection", dt.date(2020, 1, 10)),
    _meta("November 2019 inspection", dt.date(2020, 1, 11), "press"),
    _meta("October 2021 inspection", dt.date(2021, 12, 17)),
    dataclasses.replace(_meta("October 2021 inspection", dt.date(2021, 12, 1)), authority="Leeds"),
]


def _answer(meta: DocumentMeta) -> Answer:
    citation = Citation(1, "d", meta, "Caseloads are manageable.", 0, 25, 3, 0.9)
    return Answer("What did inspectors find about caseloads?", "…", False, citations=(citation,))


def test_the_next_and_previous_inspection_then_another_speaker() -> None:
    assert _candidates(_answer(RECORD[2]), RECORD) == [
        "And at the October 2021 inspection?",
        "And at the May 2016 inspection?",  # an inspection after an inspection
        "What about the press?",
    ]


def test_after_a_visit_any_kind_of_visit_follows() -> None:
    assert _candidates(_answer(RECORD[1]), RECORD)[:2] == [
        "And at the November 2019 inspection?",
        "And at the May 2016 inspection?",
    ]


def test_a_refusal_gets_no_suggestions(pipeline: Any) -> None:
    refused = Answer("Who won the match?", "The inspection record does not answer this.", True)
    assert suggested_follow_ups(pipeline, refused, []) == []


def test_every_suggestion_is_answered_by_the_record(newham_pipeline: Any) -> None:
    question = "How well were social workers supervised at the 2019 inspection?"
    answer = newham_pipeline.ask(question)
    suggested = suggested_follow_ups(newham_pipeline, answer, [])
    assert 0 < len(suggested) <= MAX_SUGGESTIONS
    for follow_up in suggested:
        reply = newham_pipeline.ask(follow_up, history=[question])
        assert not reply.refused and reply.citations, follow_up
        assert reply.standalone_question != follow_up  # read as a follow-up
