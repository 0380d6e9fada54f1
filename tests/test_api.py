"""What `/ask` accepts and how faults become messages: the checks called directly, then the
endpoint function over the real pipeline (in process, no server)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import Any

import gradio as gr
import pytest
from langchain_core.runnables import RunnableLambda

from rag.app.api import (
    MAX_HISTORY,
    UNEXPECTED,
    _api_filters,
    _history,
    _k,
    _text,
    answer_safely,
    ask_endpoint,
    filters_from,
)
from rag.errors import ConfigError, QuestionError, RagError, StoreError
from rag.records import MAX_K, Answer, Filters

SECRET = "database is locked: /srv/record/chroma.sqlite3"


def test_answer_safely_returns_the_answer() -> None:
    answer = Answer("q?", "An answer.", False)
    assert answer_safely(lambda: answer) is answer


@pytest.mark.parametrize("error", [RagError("a"), QuestionError("b"), StoreError("c")])
def test_answer_safely_passes_our_errors_as_they_are(error: RagError) -> None:
    def ask() -> Answer:
        raise error

    with pytest.raises(RagError) as raised:
        answer_safely(ask)
    assert raised.value is error


@pytest.mark.parametrize("fault", [RuntimeError(SECRET), KeyError(SECRET), OSError(2, SECRET)])
def test_answer_safely_logs_a_fault_and_says_it_plainly(
    fault: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    def ask() -> Answer:
        raise fault

    with caplog.at_level(logging.ERROR, logger="rag.app.api"), pytest.raises(RagError) as raised:
        answer_safely(ask)
    assert type(raised.value) is RagError and str(raised.value) == UNEXPECTED
    assert raised.value.__cause__ is fault
    assert "/srv" not in str(raised.value)
    (record,) = caplog.records
    assert record.exc_info is not None and record.exc_info[1] is fault  # the traceback


@pytest.mark.parametrize(
    ("speakers", "expected"),
    [
        ([], ()),
        (["ofsted", "council", "press"], ()),  # every speaker is no restriction
        (["press", "ofsted"], ("ofsted", "press")),
        (["council"], ("council",)),
    ],
)
def test_filters_from_speakers(speakers: list[str], expected: tuple[str, ...]) -> None:
    assert filters_from(speakers, [], "", "").source_types == expected


def test_filters_from_events_and_dates() -> None:
    filters = filters_from([], ["March 2020 monitoring visit"], " 2020-01-31 ", "2020-12-31")
    assert filters == Filters(
        events=("March 2020 monitoring visit",),
        since=dt.date(2020, 1, 31),
        until=dt.date(2020, 12, 31),
    )
    assert filters_from([], [], "  ", "") == Filters()


@pytest.mark.parametrize(
    ("since", "until", "labels", "message"),
    [
        ("last year", "", None, "From date 'last year' is not a date: use YYYY-MM-DD."),
        ("", "31/12/2020", None, "To date '31/12/2020' is not a date"),
        ("2020-13-01", "", ("`since`", "`until`"), "`since` '2020-13-01' is not a date"),
    ],
)
def test_filters_from_says_which_date_is_wrong(
    since: str, until: str, labels: tuple[str, str] | None, message: str
) -> None:
    extra = {"labels": labels} if labels else {}
    with pytest.raises(QuestionError) as raised:
        filters_from([], [], since, until, **extra)
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize("value", [None, 1, 6, MAX_K])
def test_k_accepts_a_whole_number_in_range(value: int | None) -> None:
    assert _k(value) == value


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "it was 0."),
        (MAX_K + 1, f"it was {MAX_K + 1}."),
        (-3, "it was -3."),
        (2.5, "it was 2.5."),
        (True, None),  # refused, though the message spells it as Python does ("True")
        ("5", "it was text."),
        ([5], "it was a list."),
        ({"k": 5}, "it was an object."),
    ],
)
def test_k_says_what_to_send(value: object, shown: str | None) -> None:
    with pytest.raises(QuestionError) as raised:
        _k(value)
    message = str(raised.value)
    assert message.startswith(f"`k` must be a whole number from 1 to {MAX_K}")
    assert shown is None or message.endswith(shown)


@pytest.mark.parametrize(
    ("value", "name", "optional", "message"),
    [
        (None, "question", False, "`question` must be text, e.g. question=Q; it was null."),
        (42, "question", False, "`question` must be text, e.g. question=Q; it was a number."),
        (b"q", "question", False, "`question` must be text, e.g. question=Q; it was something"),
        (20200131, "since", True, "`since` must be a date in text, YYYY-MM-DD, e.g. since=Q"),
    ],
)
def test_text_says_what_to_send(value: object, name: str, optional: bool, message: str) -> None:
    with pytest.raises(QuestionError) as raised:
        _text(value, name, "Q", optional=optional)
    assert str(raised.value).startswith(message)


def test_text_passes_text_and_a_missing_optional_value() -> None:
    assert _text("Were children seen alone?", "question", "Q") == "Were children seen alone?"
    assert _text(None, "until", "Q", optional=True) == ""


def test_a_message_never_repeats_what_was_sent() -> None:
    huge = ["x" * 100_000]
    with pytest.raises(QuestionError) as raised:
        _text(huge, "question", "Q")
    assert len(str(raised.value)) < 200 and "xxx" not in str(raised.value)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"source_types": "ofsted"}, "`source_types` must be a list of text"),
        ({"source_types": ["ofsted", 3]}, "`source_types` must be a list of text"),
        ({"source_types": ["inspectorate"]}, "Unknown speaker 'inspectorate' in `source_types`"),
        ({"events": "March 2020 monitoring visit"}, "`events` must be a list of text"),
        ({"since": 2020}, "`since` must be a date in text"),
        ({"until": "soon"}, "`until` 'soon' is not a date"),
    ],
)
def test_api_filters_refuse_what_they_cannot_use(arguments: dict[str, Any], message: str) -> None:
    given = {"source_types": None, "events": None, "since": None, "until": None} | arguments
    with pytest.raises(QuestionError, match="^" + message.replace("(", r"\(")):
        _api_filters(**given)


def test_api_filters_read_what_a_client_sends() -> None:
    filters = _api_filters(["press"], ["February 2019 inspection"], "2019-01-01", None)
    assert filters == Filters(
        source_types=("press",), events=("February 2019 inspection",), since=dt.date(2019, 1, 1)
    )
    assert _api_filters(None, None, None, None) == Filters()


def test_ask_endpoint_answers_and_applies_filters(pipeline: Any) -> None:
    ask = ask_endpoint(pipeline)
    result = ask("Were children seen alone?", source_types=["ofsted"], k=3)
    assert result["refused"] is False and result["citations"]
    assert {c["source_type"] for c in result["citations"]} == {"ofsted"}
    assert result["filters"]["source_types"] == ["ofsted"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"question": None}, "`question` must be text"),
        ({"question": "Were children seen alone?", "k": 0}, "`k` must be a whole number"),
        ({"question": "   "}, "The question is empty"),
    ],
)
def test_ask_endpoint_turns_a_bad_request_into_a_message(
    pipeline: Any, arguments: dict[str, Any], message: str
) -> None:
    with pytest.raises(gr.Error) as raised:
        ask_endpoint(pipeline)(**arguments)
    assert message in str(raised.value.message)
    assert isinstance(raised.value.__cause__, QuestionError)


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (RuntimeError(SECRET), UNEXPECTED),
        (ConfigError("RAG_TOP_K must be a number: fix it."), "RAG_TOP_K must be a number: fix it."),
    ],
)
def test_ask_endpoint_turns_a_fault_into_a_message(
    pipeline: Any, fault: Exception, message: str
) -> None:
    def fail(_: object) -> object:
        raise fault

    broken = dataclasses.replace(pipeline, chain=RunnableLambda(fail))
    with pytest.raises(gr.Error) as raised:
        ask_endpoint(broken)("Were children seen alone?")
    assert raised.value.message == message
    assert "/srv" not in raised.value.message


@pytest.mark.parametrize(
    ("value", "questions"),
    [
        (None, []),
        (["What did Ofsted say in 2019?"], ["What did Ofsted say in 2019?"]),
        (
            [{"question": "Who led it?", "answer": "Ms A."}, "And then?"],
            ["Who led it?", "And then?"],
        ),
        ([f"question {n}" for n in range(30)], [f"question {n}" for n in range(10, 30)]),
    ],
)
def test_history_takes_questions_as_text_or_turn_objects(
    value: object, questions: list[str]
) -> None:
    assert _history(value) == questions
    assert len(_history([f"q{n}" for n in range(3 * MAX_HISTORY)])) == MAX_HISTORY


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("What did Ofsted say?", "must be a list of the earlier questions"),
        ([{"answer": "no question"}], "Each turn of `history`"),
        ([3], "Each turn of `history`"),
    ],
)
def test_history_says_what_to_send(value: object, says: str) -> None:
    with pytest.raises(QuestionError, match=says):
        _history(value)
