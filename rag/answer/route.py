"""Routing: which kind of answer a question gets, as an explicit table over its `Intent`.

The first row whose test holds is the route. A route answered from the reports' structure
(the story so far, front page, the recommendations tracker, grades, improvement lists) falls
back to the single-finding route when no report in scope has what it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from rag.query.understand import Intent

Route = Literal[
    "refuse",
    "story",
    "front page",
    "tracker",
    "grades",
    "improvements",
    "areas covered",
    "timeline",
    "list",
    "finding",
]

ROUTES: tuple[tuple[Route, Callable[[Intent], bool]], ...] = (
    ("refuse", lambda i: i.unanswerable is not None),
    ("story", lambda i: i.story),
    ("front page", lambda i: bool(i.front_page)),
    ("tracker", lambda i: i.tracker),
    # "Who said X was outstanding?" asks for a speaker, not a grade
    ("grades", lambda i: i.grades and not i.improvements and i.kind != "attribution"),
    ("improvements", lambda i: i.improvements),
    ("areas covered", lambda i: i.visit_focus),
    ("timeline", lambda i: i.kind == "timeline"),
    ("list", lambda i: i.kind == "list"),
    ("finding", lambda i: True),
)


def route(intent: Intent) -> Route:
    """The route of the first row of ROUTES that the intent satisfies."""
    return next(name for name, test in ROUTES if test(intent))
