"""Routing: the table over the Intent, row by row."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from rag.answer.route import ROUTES, route
from rag.query.scope import ScopeDocument, record_scope
from rag.query.understand import Intent, understand

SCOPE = record_scope([ScopeDocument("Bury", dt.date(2021, 12, 17), "October 2021 inspection", "")])
PLAIN = understand("What did inspectors find about supervision?", SCOPE)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, "finding"),
        ({"unanswerable": "not in the record", "front_page": ("lead inspector",)}, "refuse"),
        ({"story": True, "grades": True, "kind": "timeline"}, "story"),
        ({"front_page": ("lead inspector",), "grades": True}, "front page"),
        ({"tracker": True, "grades": True, "improvements": True}, "tracker"),
        ({"grades": True}, "grades"),
        ({"grades": True, "improvements": True}, "improvements"),
        ({"improvements": True, "kind": "list"}, "improvements"),
        ({"visit_focus": True, "improvements": True}, "improvements"),
        ({"visit_focus": True, "kind": "list"}, "areas covered"),
        ({"kind": "timeline"}, "timeline"),
        ({"kind": "list"}, "list"),
    ],
)
def test_the_first_row_that_holds_is_the_route(change: dict[str, object], expected: str) -> None:
    intent: Intent = replace(PLAIN, **change)  # type: ignore[arg-type]
    assert route(intent) == expected


def test_every_route_is_reachable_and_the_last_row_always_holds() -> None:
    assert len({name for name, _ in ROUTES}) == len(ROUTES)
    assert ROUTES[-1][1](PLAIN)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who was the lead inspector for Bury's 2021 inspection?", "front page"),
        ("In 2021, which overall effectiveness grade was Bury given?", "grades"),
        ("What did Ofsted tell Bury to improve after the 2021 inspection?", "improvements"),
        ("How have services in Bury changed between 2019 and 2021?", "timeline"),
        # what a visit set out to look at, not what it found
        ("Which themes did Bury's 2021 visit examine?", "areas covered"),
        ("In 2021, what did the inspectors concentrate on in Bury?", "areas covered"),
        ("What was in scope when Ofsted went to Bury in 2021?", "areas covered"),
        ("Having examined Bury's files, what did inspectors conclude?", "finding"),
        ("What was Bury's turnover rate among staff?", "finding"),
        # who said it, not which grade: the grades table names no speaker
        ("Did the inspectors or Bury's council say it would be outstanding?", "finding"),
        ("What did Ofsted find about Wigan?", "refuse"),
        ("Has Bury addressed the recommendations of its 2021 inspection yet?", "tracker"),
        (
            "Is Bury's work with care leavers better now than in 2021, as inspectors urged?",
            "tracker",
        ),
    ],
)
def test_questions_take_their_route(question: str, expected: str) -> None:
    assert route(understand(question, SCOPE)) == expected
