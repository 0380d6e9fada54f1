"""Citations: attribution, reported speech, merging and numbering, rendering."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.answer.cite import (
    attribution,
    inline,
    merge_adjacent,
    number_citations,
    quote_line,
    render_list,
    reported_speaker,
)
from rag.records import DocumentMeta, Evidence

LETTER = DocumentMeta(
    "Letter",
    dt.date(2020, 3, 27),
    "Ofsted",
    "ofsted",
    "March 2020 visit",
    kind="monitoring visit letter",
)
PRESS = DocumentMeta("Story", dt.date(2020, 3, 31), "Community Care", "press", "March 2020 visit")
COUNCIL = DocumentMeta(
    "Statement",
    dt.date(2020, 12, 1),
    "London Borough of Newham",
    "council",
    "October 2020 focused visit",
    date_precision="month",
)


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (LETTER, "Ofsted's monitoring visit letter of 27 March 2020 says"),
        (PRESS, "Community Care reported on 31 March 2020"),
        (COUNCIL, "The council said in its statement of December 2020"),
    ],
)
def test_attribution(meta: DocumentMeta, expected: str) -> None:
    assert attribution(meta) == expected


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("“Arrangements have been ineffective,” Ofsted said.", "Ofsted"),
        ("“A number of staff feel disconnected,” the report said.", "the report"),
        ("The report concluded: “Overall, social workers are not...”", "the report"),
        ("“Leaders have acted,” the watchdog noted.", "the watchdog"),
        ("Mayor of Anytown Jo Bloggs said: “We will act.”", "Mayor of Anytown Jo Bloggs"),
        ("Cllr Sarah Ruiz, Cabinet Member for Education, said: “We are proud.”", "Cllr Sarah Ruiz"),
        ("Social workers visit children regularly.", None),
    ],
)
def test_reported_speaker(sentence: str, speaker: str | None) -> None:
    assert reported_speaker(sentence) == speaker


TEXT = "One sentence. Two sentence.\n\nThree sentence."


def test_merge_adjacent_joins_neighbours_in_one_paragraph_only() -> None:
    evidence = [
        Evidence("d", 14, 27, None, 0.5),
        Evidence("d", 0, 13, None, 0.9),
        Evidence("d", 29, 44, None, 0.7),
    ]
    merged = merge_adjacent(evidence, {"d": TEXT})
    assert [(e.start, e.end, e.score) for e in merged] == [(0, 27, 0.9), (29, 44, 0.7)]


def test_number_citations_quotes_the_document_verbatim() -> None:
    citations = number_citations(
        [Evidence("d", 29, 44, None, 0.7), Evidence("d", 0, 13, 4, 0.9)], {"d": LETTER}, {"d": TEXT}
    )
    assert [(c.n, c.quote, c.paragraph) for c in citations] == [
        (1, "Three sentence.", None),
        (2, "One sentence.", 4),
    ]
    assert citations[0].to_json()["date"] == "2020-03-27"


def test_quote_line_names_the_speaker_and_whom_they_quote() -> None:
    quote = "“Arrangements have been ineffective,” Ofsted said."
    (citation,) = number_citations(
        [Evidence("p", 0, len(quote), None, 1.0)], {"p": PRESS}, {"p": quote}
    )
    line = quote_line([citation], [False])
    assert line == f"Community Care reported on 31 March 2020, quoting Ofsted: “{quote}” [1]"


def test_render_list() -> None:
    quote = "Areas include:\n\n  • Return home interviews\n- Supervision records"
    assert render_list(quote) == "“Areas include:”\n- Return home interviews\n- Supervision records"


def test_a_quote_with_a_blank_line_is_shown_on_one_line_and_cited_as_written() -> None:
    quote = "Overall effectiveness Requires improvement\n\nto be good"
    assert inline(quote) == "Overall effectiveness Requires improvement to be good"
    assert inline("One line.\nThe next line.") == "One line.\nThe next line."
