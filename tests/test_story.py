"""The story so far: each Ofsted inspection and visit of the record in date order, with its
grade where it gave one and its headline finding, all quoted."""

from __future__ import annotations

from typing import Any

from rag.answer.story import headline_sentence
from rag.records import Chunk, Span


def test_the_story_so_far_goes_through_every_inspection_in_date_order(
    newham_pipeline: Any,
) -> None:
    answer = newham_pipeline.ask("What is the story so far?")
    assert not answer.refused
    assert answer.text.startswith(
        "Newham's overall effectiveness: Requires improvement (June 2014 inspection) → "
        "Inadequate (February 2019 inspection) → Good (July 2022 inspection)."
    )
    events = [c.meta.event for c in answer.citations]
    dates = [c.meta.date for c in answer.citations]
    assert dates == sorted(dates)  # oldest first
    assert {
        "June 2014 inspection",
        "February 2019 inspection",
        "March 2020 monitoring visit",
        "July 2022 inspection",
    } <= set(events)
    assert {c.meta.source_type for c in answer.citations} == {"ofsted"}
    texts = {c.doc_id: newham_pipeline.index.text(c.doc_id) for c in answer.citations}
    assert all(texts[c.doc_id][c.start : c.end] == c.quote for c in answer.citations)


def test_a_headline_is_the_summary_sections_first_sentence() -> None:
    text = (
        "Front page line\n\nSummary of key findings\n\nShort heading\n\n"
        "Children in Bury receive help that is timely and makes a difference to their lives.\n"
    )
    first = text.index("Children")
    chunks = [
        Chunk("d:0", "d", 0, 0, 15, text[:15], None, None, (Span(0, 15, "text"),)),
        Chunk(
            "d:1",
            "d",
            1,
            first,
            len(text) - 1,
            text[first:-1],
            "Summary of key findings",
            3,
            (Span(first, len(text) - 1, "text", 3),),
        ),
    ]
    found = headline_sentence("d", chunks)
    assert found is not None and text[found.start : found.end].startswith("Children in Bury")
