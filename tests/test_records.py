"""The records between stages: filters, a document's grade, pages and labels, and the JSON
shapes of hits, citations and answers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from rag.records import (
    OVERALL,
    SOURCE_TYPES,
    Answer,
    Chunk,
    Citation,
    DocumentMeta,
    Filters,
    Hit,
    Span,
    Timings,
)

LETTER = DocumentMeta(
    "Monitoring visit to Newham",
    dt.date(2020, 3, 27),
    "Ofsted",
    "ofsted",
    "March 2020 monitoring visit",
    authority="Newham",
    judgements=(("Leadership", "Inadequate"), (OVERALL, "Requires improvement")),
    pages=(0, 1149, 1149, 3799),
)
CHUNK = Chunk(
    "letter:k:c0",
    "letter",
    0,
    100,
    149,
    "Findings\nChildren are seen alone. Plans are slow.",
    "Findings",
    7,
    (Span(100, 108, "heading"), Span(109, 133, "text", 7), Span(134, 149, "text", 7)),
)


@pytest.mark.parametrize(
    ("filters", "accepted"),
    [
        (Filters(), True),
        (Filters(source_types=("ofsted",)), True),
        (Filters(source_types=("press", "council")), False),
        (Filters(events=("March 2020 monitoring visit",)), True),
        (Filters(events=("July 2022 inspection",)), False),
        (Filters(since=dt.date(2020, 3, 27)), True),  # both ends are inclusive
        (Filters(since=dt.date(2020, 3, 28)), False),
        (Filters(until=dt.date(2020, 3, 27)), True),
        (Filters(until=dt.date(2020, 3, 26)), False),
        (Filters(doc_ids=("story", "letter")), True),
        (Filters(doc_ids=("story",)), False),
        (Filters(authorities=("Newham",)), True),
        (Filters(authorities=("Havering",)), False),
        (Filters(source_types=("ofsted",), authorities=("Havering",)), False),  # all must pass
    ],
)
def test_filters_accept_a_document_that_passes_every_restriction(
    filters: Filters, accepted: bool
) -> None:
    assert filters.accepts("letter", LETTER) is accepted


def test_a_document_without_a_council_fails_a_council_filter() -> None:
    meta = dataclasses.replace(LETTER, authority=None)
    assert not Filters(authorities=("Newham",)).accepts("letter", meta)
    assert Filters().accepts("letter", meta)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(source_types=("press",)),
        Filters(events=("e",)),
        Filters(since=dt.date(2020, 1, 1)),
        Filters(until=dt.date(2020, 1, 1)),
        Filters(doc_ids=("d",)),
        Filters(authorities=("Newham",)),
    ],
)
def test_any_restriction_makes_filters_active(filters: Filters) -> None:
    assert filters.active
    assert filters.describe()


def test_no_restriction_is_inactive_and_described_as_nothing() -> None:
    assert not Filters().active
    assert Filters().describe() == ""


def test_describe_and_to_json_list_every_restriction() -> None:
    filters = Filters(
        source_types=("ofsted", "press"),
        events=("March 2020 monitoring visit",),
        since=dt.date(2020, 1, 1),
        until=dt.date(2020, 12, 31),
        doc_ids=("d1", "d2"),
        authorities=("Newham",),
    )
    assert filters.describe() == (
        "sources: ofsted, press; events: March 2020 monitoring visit; from 2020-01-01; "
        "until 2020-12-31; documents: d1, d2; councils: Newham"
    )
    assert filters.to_json() == {
        "source_types": ["ofsted", "press"],
        "events": ["March 2020 monitoring visit"],
        "since": "2020-01-01",
        "until": "2020-12-31",
        "doc_ids": ["d1", "d2"],
        "authorities": ["Newham"],
    }
    assert Filters().to_json()["since"] is None


def test_overall_is_the_overall_effectiveness_grade() -> None:
    assert LETTER.overall == "Requires improvement"
    assert dataclasses.replace(LETTER, judgements=(("Leadership", "Good"),)).overall is None
    assert dataclasses.replace(LETTER, judgements=()).overall is None


@pytest.mark.parametrize(
    ("offset", "page"),
    [
        (0, 1),
        (1148, 1),
        (1149, 3),  # page 2 is empty: it starts where page 3 does
        (3798, 3),
        (3799, 4),
        (99_999, 4),
    ],
)
def test_page_at_finds_the_page_a_character_falls_on(offset: int, page: int) -> None:
    assert LETTER.page_at(offset) == page


def test_page_at_without_pages_is_none_and_text_before_the_first_page_is_on_page_one() -> None:
    assert dataclasses.replace(LETTER, pages=()).page_at(10) is None
    assert dataclasses.replace(LETTER, pages=(50, 90)).page_at(10) == 1


@pytest.mark.parametrize(
    ("day", "precision", "shown"),
    [
        (dt.date(2020, 3, 27), None, "27 March 2020"),
        (dt.date(2020, 3, 7), None, "7 March 2020"),
        (dt.date(2020, 12, 1), "month", "December 2020"),
        (dt.date(2020, 12, 1), "year", "2020"),
    ],
)
def test_display_date_follows_the_dates_precision(
    day: dt.date, precision: str | None, shown: str
) -> None:
    meta = dataclasses.replace(LETTER, date=day, date_precision=precision)
    assert meta.display_date == shown


@pytest.mark.parametrize(
    ("source_type", "kind", "label"),
    [
        ("ofsted", None, "report"),
        ("council", None, "statement"),
        ("press", None, "news report"),
        ("ofsted", "monitoring visit letter", "monitoring visit letter"),
    ],
)
def test_kind_label_names_the_sort_of_document(
    source_type: str, kind: str | None, label: str
) -> None:
    meta = dataclasses.replace(LETTER, source_type=source_type, kind=kind)
    assert meta.kind_label == label


def test_every_source_type_has_a_kind_label() -> None:
    for source_type in SOURCE_TYPES:
        assert dataclasses.replace(LETTER, source_type=source_type, kind=None).kind_label


def test_headings_are_not_quotable() -> None:
    assert CHUNK.quotable == CHUNK.sentences[1:]
    assert all(span.kind == "text" for span in CHUNK.quotable)


def test_hit_to_json_rounds_scores_and_keeps_missing_ranks() -> None:
    hit = Hit(CHUNK, 0.0327868852, dense_similarity=0.876543, dense_rank=2)
    assert hit.to_json() == {
        "doc_id": "letter",
        "chunk_id": "letter:k:c0",
        "paragraph": 7,
        "score": 0.03279,
        "dense_similarity": 0.8765,
        "dense_rank": 2,
        "keyword_rank": None,
    }
    assert Hit(CHUNK, 0.5).to_json()["dense_similarity"] is None


def _citation(n: int, start: int) -> Citation:
    return Citation(n, "letter", LETTER, "Children are seen alone.", start, start + 24, 7, 0.81234)


def test_a_citation_knows_its_page_and_its_json_shape() -> None:
    citation = _citation(1, 1200)
    assert citation.page == 3
    assert citation.to_json() == {
        "n": 1,
        "doc_id": "letter",
        "title": "Monitoring visit to Newham",
        "date": "2020-03-27",
        "publisher": "Ofsted",
        "source_type": "ofsted",
        "event": "March 2020 monitoring visit",
        "quote": "Children are seen alone.",
        "paragraph": 7,
        "page": 3,
        "score": 0.8123,
        "start": 1200,
        "end": 1224,
    }
    no_pages = dataclasses.replace(citation, meta=dataclasses.replace(LETTER, pages=()))
    assert no_pages.page is None and no_pages.to_json()["page"] is None


def test_timings_round_to_a_tenth_of_a_millisecond() -> None:
    assert Timings(12.345, 0.04, 99.96).to_json() == {
        "retrieve": 12.3,
        "answer": 0.0,
        "total": 100.0,
    }


def test_answer_to_json_has_the_contracts_keys_and_is_plain_json() -> None:
    answer = Answer(
        "Are children seen alone?",
        "Children are seen alone [1].",
        refused=False,
        citations=(_citation(1, 0),),
        closest=(_citation(2, 1200),),
        filters=Filters(source_types=("ofsted",)),
        notices=("A notice.",),
        timings=Timings(1.0, 2.0, 3.0),
        retrieved=(Hit(CHUNK, 0.5, keyword_rank=1),),
    )
    got = answer.to_json()
    assert set(got) == {
        "question",
        "standalone_question",
        "answer",
        "refused",
        "citations",
        "closest",
        "filters",
        "notices",
        "mode",
        "sentences",
        "retrieved",
        "timings_ms",
    }
    assert got["answer"] == "Children are seen alone [1]."
    assert got["standalone_question"] == got["question"]  # not a follow-up
    assert got["refused"] is False
    assert [c["n"] for c in got["citations"]] == [1]
    assert [c["page"] for c in got["closest"]] == [3]
    assert got["filters"]["source_types"] == ["ofsted"]
    assert got["notices"] == ["A notice."]
    assert got["retrieved"] == [Hit(CHUNK, 0.5, keyword_rank=1).to_json()]
    assert got["timings_ms"] == {"retrieve": 1.0, "answer": 2.0, "total": 3.0}
    assert json.loads(json.dumps(got)) == got


def test_a_refusal_has_empty_lists() -> None:
    got = Answer("q", "The record does not say.", refused=True).to_json()
    assert got["refused"] is True
    assert got["citations"] == got["closest"] == got["notices"] == got["retrieved"] == []
    assert got["filters"] == Filters().to_json()


@pytest.mark.parametrize(
    ("record", "name"),
    [(LETTER, "title"), (Filters(), "since"), (CHUNK, "text"), (Timings(), "total")],
)
def test_records_are_frozen(record: object, name: str) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(record, name, None)
