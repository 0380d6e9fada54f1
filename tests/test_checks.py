"""What an answer must hold: the figure, person or contact details asked for."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.answer.checks import NO_CONTACT, NO_FIGURE, NO_PERSON, lacks
from rag.query.scope import ScopeDocument, record_scope
from rag.query.understand import understand
from rag.records import DocumentMeta, Evidence

# Three councils' reports, each inspected the year before it was published.
SCOPE = record_scope(
    [
        ScopeDocument("Kent", dt.date(2022, 7, 5), "May 2022 inspection", ""),
        ScopeDocument("Leeds", dt.date(2018, 12, 18), "October 2018 inspection", ""),
        ScopeDocument("Sunderland", dt.date(2018, 7, 25), "April 2018 inspection", ""),
    ]
)
META = DocumentMeta(
    title="Inspection of Kent",
    date=dt.date(2022, 7, 5),
    publisher="Ofsted",
    source_type="ofsted",
    event="May 2022 inspection",
    authority="Kent",
    inspection_start=dt.date(2022, 5, 9),
)


def _lacks(question: str, quote: str) -> str | None:
    evidence = [Evidence("kent", 0, len(quote), 1, 1.0)]
    return lacks(understand(question, SCOPE), evidence, [quote], {"kent": META})


@pytest.mark.parametrize(
    ("question", "quote", "reason"),
    [
        # a figure of the kind asked, about what is asked
        (
            "How many children were in Kent's care in 2022?",
            "At 31 March 2022, 1,911 children were in care.",
            None,
        ),
        ("How many children were in Kent's care in 2022?", "Most children are seen.", NO_FIGURE),
        (
            "How much did Leeds spend on its edge-of-care service?",
            "Leaders have invested £1.4 million a year in the edge-of-care service.",
            None,
        ),
        (
            "How much did Leeds spend on its edge-of-care service?",
            "The edge-of-care service is valued by families.",
            NO_FIGURE,
        ),
        # a person's name, not a front-page line
        ("Who chaired Sunderland's safeguarding board?", "Jane Smith chairs the board.", None),
        (
            "Who chaired Sunderland's safeguarding board?",
            "Lead inspector: Jane Smith, Her Majesty's Inspector",
            NO_PERSON,
        ),
        # the front-page line of what is asked names the person asked for
        (
            "Who was Leeds's lead Ofsted inspector?",
            "Lead inspector: Jane Smith, Her Majesty's Inspector",
            None,
        ),
        # an age, of the person asked about
        ("How old is Sunderland's director?", "Homeless 16- and 17-year-olds are seen.", NO_FIGURE),
        (
            "How old were Kent's unaccompanied children?",
            "Most unaccompanied children were aged 16 or 17.",
            None,
        ),
        # contact details of whom the question asks about
        ("What is Ofsted's telephone number?", "T 0300 123 1231 enquiries@ofsted.gov.uk", None),
        (
            "Which phone number does the record give for Kent's director?",
            "T 0300 123 1231 enquiries@ofsted.gov.uk",
            NO_CONTACT,
        ),
        ("What did inspectors find about Kent's front door?", "The front door works well.", None),
    ],
)
def test_an_answer_lacking_what_is_asked_is_refused(
    question: str, quote: str, reason: str | None
) -> None:
    assert _lacks(question, quote) == reason
