"""Hybrid retrieval over the real indexed corpus: the LangChain retriever and its metadata,
filters, the three modes, and per-event retrieval taking turns between the visits."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from langchain_core.documents import Document as LCDocument

from rag.query.understand import understand
from rag.records import Filters, Hit
from rag.search.retrieve import RecordRetriever, retrieve, retrieve_per_event

QUESTION = "independent reviewing officers tracking permanence"
METADATA = {
    "doc_id",
    "title",
    "date",
    "publisher",
    "source_type",
    "event",
    "paragraph",
    "section",
    "start",
    "end",
    "score",
}
FEBRUARY = "February 2019 inspection"
MARCH = "March 2020 monitoring visit"
LETTER = "2020-03-27-ofsted-monitoring-visit-to-newham-local-authority"


def _event(index: Any, hit: Hit) -> str:
    return str(index.documents[hit.chunk.doc_id].meta.event)


def _oldest_first(index: Any, filters: Filters) -> list[str]:
    """The events the filters allow, by the date of their first document."""
    first: dict[str, dt.date] = {}
    for doc_id, doc in index.documents.items():
        if filters.accepts(doc_id, doc.meta):
            first[doc.meta.event] = min(first.get(doc.meta.event, doc.meta.date), doc.meta.date)
    return sorted(first, key=lambda event: first[event])


def test_the_retriever_gives_passages_with_their_documents_metadata(pipeline: Any) -> None:
    index = pipeline.index
    docs = RecordRetriever(index=index, k=4).invoke(QUESTION)
    assert len(docs) == 4 and all(isinstance(d, LCDocument) for d in docs)
    for doc in docs:
        assert set(doc.metadata) == METADATA
        chunk = index.snapshot.by_id[doc.id]
        meta = index.documents[chunk.doc_id].meta
        assert doc.page_content == chunk.text
        assert doc.metadata == {
            "doc_id": chunk.doc_id,
            "title": meta.title,
            "date": meta.date.isoformat(),
            "publisher": meta.publisher,
            "source_type": meta.source_type,
            "event": meta.event,
            "paragraph": chunk.paragraph,
            "section": chunk.section,
            "start": chunk.start,
            "end": chunk.end,
            "score": doc.metadata["score"],
        }
    scores = [d.metadata["score"] for d in docs]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    assert any("IRO" in d.page_content for d in docs)
    # the same passages, in the same order, as the search it wraps
    hits = retrieve(index, QUESTION, Filters(), 4).hits
    assert [d.id for d in docs] == [h.chunk.chunk_id for h in hits]
    assert scores == [h.score for h in hits]


def test_the_retriever_returns_k_passages(pipeline: Any) -> None:
    assert len(RecordRetriever(index=pipeline.index).invoke(QUESTION)) == 6
    assert len(RecordRetriever(index=pipeline.index, k=1).invoke(QUESTION)) == 1


@pytest.mark.parametrize(
    "filters",
    [
        Filters(source_types=("press",)),
        Filters(events=(FEBRUARY,)),
        Filters(since=dt.date(2020, 1, 1)),
        Filters(until=dt.date(2019, 12, 31)),
        Filters(doc_ids=(LETTER,)),
        Filters(source_types=("ofsted",), since=dt.date(2020, 1, 1)),
        Filters(authorities=("Newham",)),
    ],
    ids=["press", "event", "since", "until", "document", "ofsted-since", "council"],
)
def test_the_retriever_honours_its_filters(pipeline: Any, filters: Filters) -> None:
    index = pipeline.index
    docs = RecordRetriever(index=index, k=8, filters=filters).invoke(
        "Were children seen alone by their social workers?"
    )
    assert docs
    assert all(
        filters.accepts(d.metadata["doc_id"], index.documents[d.metadata["doc_id"]].meta)
        for d in docs
    )


def test_filters_that_allow_nothing_find_nothing(pipeline: Any) -> None:
    filters = Filters(source_types=("council",), until=dt.date(2015, 1, 1))
    assert RecordRetriever(index=pipeline.index, filters=filters).invoke(QUESTION) == []


@pytest.mark.parametrize(
    ("mode", "dense", "keyword"),
    [("dense", True, False), ("keyword", False, True)],
)
def test_one_ranking_alone(pipeline: Any, mode: Any, dense: bool, keyword: bool) -> None:
    hits = retrieve(pipeline.index, "Were children seen alone?", Filters(), 5, mode=mode).hits
    assert len(hits) == 5
    assert all((h.dense_rank is not None) is dense for h in hits)
    assert all((h.keyword_rank is not None) is keyword for h in hits)
    ranks = [h.dense_rank if dense else h.keyword_rank for h in hits]
    assert ranks == [1, 2, 3, 4, 5]


def test_hybrid_fuses_both_rankings(pipeline: Any) -> None:
    result = retrieve(pipeline.index, "Were children seen alone?", Filters(), 5)
    assert result.question == "Were children seen alone?"
    assert result.query_vector.shape == (384,)
    assert float(np.linalg.norm(result.query_vector)) == pytest.approx(1.0, abs=1e-5)
    assert len(result.hits) == 5
    assert any(h.dense_rank and h.keyword_rank for h in result.hits)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)
    top = result.hits[0]
    assert "seen alone" in top.chunk.text.lower()


def test_per_event_retrieval_takes_turns_between_events_oldest_first(pipeline: Any) -> None:
    index = pipeline.index
    intent = understand("How has practice changed over time?", index.scope)
    result = retrieve_per_event(index, intent, Filters(), 2)
    events = _oldest_first(index, Filters())
    assert len(events) == 5
    assert [_event(index, h) for h in result.hits] == events * 2
    assert (result.filters, result.narrowed, result.requested) == (Filters(), "", None)


def test_per_event_retrieval_keeps_to_the_filters(pipeline: Any) -> None:
    index = pipeline.index
    filters = Filters(source_types=("press",))
    intent = understand("How has practice changed over time?", index.scope)
    result = retrieve_per_event(index, intent, filters, 3)
    assert _oldest_first(index, filters) == [FEBRUARY, MARCH]
    got = [_event(index, h) for h in result.hits]
    assert got[:4] == [FEBRUARY, MARCH, FEBRUARY, MARCH]
    assert set(got) == {FEBRUARY, MARCH}
    assert all(index.documents[h.chunk.doc_id].meta.source_type == "press" for h in result.hits)


def test_per_event_retrieval_spans_the_events_a_question_names(pipeline: Any) -> None:
    index = pipeline.index
    question = (
        "What changed from the February 2019 inspection until the October 2020 focused visit?"
    )
    result = retrieve_per_event(index, understand(question, index.scope), Filters(), 1)
    assert [_event(index, h) for h in result.hits] == [
        FEBRUARY,
        MARCH,
        "October 2020 focused visit",
    ]
