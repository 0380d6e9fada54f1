"""The systems an evaluation compares: the naive tutorial recipe and ours per retrieval mode."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rag.evaluation.baseline import NAIVE_CHUNK_SIZE, NAIVE_K, NaiveSystem, pipeline_systems
from rag.records import Document, DocumentMeta

LETTER = DocumentMeta("A letter", dt.date(2021, 5, 4), "Ofsted", "ofsted", "May 2021 visit")
STORY = DocumentMeta("A story", dt.date(2021, 6, 1), "Borough Bulletin", "press", "May 2021 visit")
FOSTERING = (
    "Foster carers praised the support they receive from their supervising social workers. "
    "They said training is offered every month and that visits are never missed."
)
CROSSING = (
    "The zebra crossing outside the primary school was repainted in bright yellow. "
    "Parents had asked for it for years, the newspaper said."
)
# A long document, so that the recipe's splitter must cut it into several chunks.
LONG = " ".join(
    f"Paragraph {n} describes the work of team number {n} in detail." for n in range(60)
)


def _documents() -> list[Document]:
    return [
        Document("fostering-letter", LETTER, FOSTERING, "d1"),
        Document("crossing-story", STORY, CROSSING, "d2"),
        Document("long-report", LETTER, LONG, "d3"),
    ]


@pytest.mark.parametrize(
    ("question", "doc_id"),
    [
        ("What did foster carers say about their supervising social workers?", "fostering-letter"),
        ("Which colour was the zebra crossing painted?", "crossing-story"),
    ],
)
def test_naive_system_cites_the_top_chunk_of_the_documents_given(
    question: str, doc_id: str, embeddings: Any
) -> None:
    documents = _documents()
    texts = {d.doc_id: d.text for d in documents}
    answer = NaiveSystem(documents, embeddings).answer(question)
    assert answer.refused is False  # the recipe never refuses
    (citation,) = answer.citations
    assert citation.doc_id == doc_id
    assert citation.meta == {d.doc_id: d.meta for d in documents}[doc_id]
    assert texts[citation.doc_id][citation.start : citation.end] == citation.quote
    assert answer.text == citation.quote == answer.retrieved[0].chunk.text
    assert 1 <= len(answer.retrieved) <= NAIVE_K
    assert {h.chunk.doc_id for h in answer.retrieved} <= set(texts)
    assert answer.timings.total >= answer.timings.retrieve > 0


def test_naive_system_splits_long_documents_into_overlapping_chunks(embeddings: Any) -> None:
    long = Document("long-report", LETTER, LONG, "d3")
    answer = NaiveSystem([long], embeddings).answer("What does team number 30 do?")
    chunks = [h.chunk for h in answer.retrieved]
    assert len(chunks) == NAIVE_K  # the long text alone gives more than four chunks
    assert all(len(c.text) <= NAIVE_CHUNK_SIZE for c in chunks)
    assert all(LONG[c.start : c.end] == c.text for c in chunks)
    assert len({c.start for c in chunks}) == NAIVE_K  # four different passages
    assert "team number 30 " in chunks[0].text


def test_naive_systems_answer_only_from_their_own_documents(embeddings: Any) -> None:
    fostering = Document("fostering-letter", LETTER, FOSTERING, "d1")
    crossing = Document("crossing-story", STORY, CROSSING, "d2")
    NaiveSystem([fostering], embeddings)
    answer = NaiveSystem([crossing], embeddings).answer("What did foster carers praise?")
    assert {h.chunk.doc_id for h in answer.retrieved} == {"crossing-story"}
    assert [c.quote for c in answer.citations] == [CROSSING]


@pytest.fixture(scope="module")
def systems(pipeline: Any) -> list[Any]:
    return pipeline_systems(pipeline, ["hybrid", "dense", "keyword"])


def test_pipeline_systems_one_per_mode(pipeline: Any, systems: list[Any]) -> None:
    assert [s.name for s in systems] == ["ours", "dense only", "bm25 only"]
    assert [s.name for s in pipeline_systems(pipeline, ["keyword"])] == ["bm25 only"]
    assert pipeline_systems(pipeline, []) == []


def test_pipeline_systems_retrieve_by_their_own_mode(pipeline: Any, systems: list[Any]) -> None:
    ours, dense, keyword = (
        s.answer("Were children seen alone by social workers?") for s in systems
    )
    for answer in (ours, dense, keyword):
        assert answer.retrieved and answer.question == "Were children seen alone by social workers?"
    assert all(h.keyword_rank is None and h.dense_rank is not None for h in dense.retrieved)
    assert all(h.dense_rank is None and h.keyword_rank is not None for h in keyword.retrieved)
    assert any(h.dense_rank is not None for h in ours.retrieved)
    assert any(h.keyword_rank is not None for h in ours.retrieved)
    # hybrid retrieval with the pipeline's own weights answers as the pipeline does
    asked = pipeline.ask("Were children seen alone by social workers?")
    assert [c.quote for c in ours.citations] == [c.quote for c in asked.citations]
    assert not ours.refused and ours.citations
