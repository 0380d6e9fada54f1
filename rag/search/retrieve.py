"""Hybrid retrieval over the index (`rag.search.index`): dense (Chroma) and keyword (BM25)
rankings fused by reciprocal rank.

The dense ranking orders chunks by their best sentence's similarity to the question's topic
(the question without the words naming a visit or year); BM25 sees the whole question. Both
see the question widened by the glossary (acronyms, everyday words), honour the same filters,
and use only chunks of the currently indexed version of each document.
`RecordRetriever` exposes the same search as a LangChain `BaseRetriever`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from itertools import zip_longest
from typing import Literal

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from rag.query.question import events_between, is_generic, topic
from rag.query.scope import narrow_councils
from rag.query.understand import Intent
from rag.records import Chunk, Filters, Hit, Retrieval
from rag.search.embed import embed_query
from rag.search.expand import Expansion, expand_query, load_glossary, swap_acronyms
from rag.search.fuse import reciprocal_rank_fusion
from rag.search.index import RecordIndex
from rag.search.store import IndexedDocument

RetrievalMode = Literal["hybrid", "dense", "keyword"]
CANDIDATES = 40
SENTENCE_CANDIDATES = 200
MAX_EVENTS = 8
# A filtered search over at most this many passages is done exactly, in memory, over the
# allowed documents' sentence vectors (read once per document, then kept), instead of by
# Chroma's metadata-filtered search, which scans every sentence's metadata (0.2 s and more
# on the national corpus).
EXACT_SEARCH_CHUNKS = 3000
DENSE_WEIGHT = 1.0
KEYWORD_WEIGHT = 1.0


def retrieve(
    index: RecordIndex,
    question: str,
    filters: Filters,
    k: int,
    mode: RetrievalMode = "hybrid",
    refresh: bool = True,
    subject_text: str | None = None,
) -> Retrieval:
    """The k best chunks for a question under the filters, by fused dense and BM25 rank
    (or by one of them alone, for comparison). `refresh=False`: the caller has just checked
    the store for a new ingest. Sentences are matched on `subject_text`, the question's
    topic (by default, the question without the words naming a visit)."""
    if refresh:
        index.refresh()
    expansion = expand_query(question, load_glossary())
    if subject_text is None:
        subject_text = topic(question, index.scope.events)
    subject = expand_query(subject_text, load_glossary())
    vector = embed_query(index.embeddings, subject.dense_text)
    hits = _search(index, expansion, vector, filters, k, mode)
    return Retrieval(
        question,
        expansion.keyword_text,
        vector,
        hits,
        filters,
        subject.keyword_text,
        other_forms=_other_forms(index, subject_text),
    )


def _other_forms(index: RecordIndex, subject: str) -> tuple[np.ndarray, ...]:
    """The topic with its acronyms and their written-out forms swapped, embedded (none when
    it has neither)."""
    swapped = swap_acronyms(subject, load_glossary())
    return () if swapped == subject else (embed_query(index.embeddings, swapped),)


def retrieve_per_event(
    index: RecordIndex,
    intent: Intent,
    filters: Filters,
    k_each: int,
    hint: str = "",
    mode: RetrievalMode = "hybrid",
    refresh: bool = True,
) -> Retrieval:
    """Retrieve separately within each event (inspection or visit) the filters allow, so a
    question about change over time hears from every visit; hits alternate between events.
    A question that names no particular subject is searched halfway towards `hint`."""
    if refresh:
        index.refresh()
    question, subject = intent.question, intent.topic
    requested = filters
    filters, narrowed = narrow_councils(intent, filters, index.scope)
    expansion = expand_query(subject, load_glossary())
    vector = embed_query(index.embeddings, expansion.dense_text)
    if hint and is_generic(subject):
        # Halfway between the question and the hint: sentences that answer the question
        # *and* report a judgement or progress score highest.
        vector = vector + embed_query(index.embeddings, hint)
        vector /= float(np.linalg.norm(vector))
        expansion = replace(expansion, keyword_text=f"{expansion.keyword_text} {hint}")
    events = _events_asked(index, question, filters, expansion, vector, mode)
    per_event = [
        _search(index, expansion, vector, replace(filters, events=(event,)), k_each, mode)
        for event in events
    ]
    interleaved = tuple(hit for rank in zip_longest(*per_event) for hit in rank if hit is not None)
    return Retrieval(
        question,
        expansion.keyword_text,
        vector,
        interleaved,
        filters,
        expansion.keyword_text,
        narrowed,
        requested if narrowed else None,
        tuple(events),
        _other_forms(index, subject),
    )


def _events_asked(
    index: RecordIndex,
    question: str,
    filters: Filters,
    expansion: Expansion,
    vector: np.ndarray,
    mode: RetrievalMode,
) -> list[str]:
    """The events (inspections, visits) the filters allow that the question spans, oldest
    first; when there are more than MAX_EVENTS, those whose passages rank best."""
    allowed = [d for d in index.documents.values() if filters.accepts(d.doc_id, d.meta)]
    first_dates: dict[str, dt.date] = {}
    for d in allowed:
        first_dates[d.meta.event] = min(first_dates.get(d.meta.event, d.meta.date), d.meta.date)
    events = events_between(question, first_dates, first_dates, index.scope.event_years)
    if len(events) > MAX_EVENTS:
        overall = _search(index, expansion, vector, filters, MAX_EVENTS * 2, mode)
        seen = [index.documents[h.chunk.doc_id].meta.event for h in overall]
        events = list(dict.fromkeys(seen))[:MAX_EVENTS]
    return events


def _search(
    index: RecordIndex,
    expansion: Expansion,
    vector: np.ndarray,
    filters: Filters,
    k: int,
    mode: RetrievalMode,
) -> tuple[Hit, ...]:
    dense: list[tuple[Chunk, float]] = []
    if mode != "keyword":
        dense = _dense_chunks(index, vector, filters)
    keyword = []
    if mode != "dense":
        snapshot = index.snapshot
        found = snapshot.keyword.search(expansion.keyword_text, CANDIDATES, snapshot.mask(filters))
        keyword = [snapshot.chunks[i] for i, _ in found]
    dense_ids = [c.chunk_id for c, _ in dense]
    keyword_ids = [c.chunk_id for c in keyword]
    fused = reciprocal_rank_fusion([dense_ids, keyword_ids], [DENSE_WEIGHT, KEYWORD_WEIGHT])
    by_id = {c.chunk_id: c for c in keyword} | {c.chunk_id: c for c, _ in dense}
    similarity = {c.chunk_id: s for c, s in dense}
    return tuple(
        Hit(
            chunk=by_id[chunk_id],
            score=score,
            dense_similarity=similarity.get(chunk_id),
            dense_rank=dense_ids.index(chunk_id) + 1 if chunk_id in similarity else None,
            keyword_rank=keyword_ids.index(chunk_id) + 1 if chunk_id in keyword_ids else None,
        )
        for chunk_id, score in fused[:k]
    )


def _dense_chunks(
    index: RecordIndex, vector: np.ndarray, filters: Filters
) -> list[tuple[Chunk, float]]:
    """Chunks ranked by their best sentence's similarity to the question."""
    snapshot = index.snapshot
    if filters.active:
        allowed = snapshot.allowed_documents(filters)
        if snapshot.passages_in(allowed) <= EXACT_SEARCH_CHUNKS:
            return _dense_chunks_exact(index, vector, allowed)
    best: dict[str, tuple[Chunk, float]] = {}
    matches = index.store.query_sentences(
        vector, SENTENCE_CANDIDATES, filters, snapshot.sentence_total
    )
    for match in matches:
        chunk = snapshot.current_chunk(match.chunk_id, match.doc_id, match.key)
        if chunk is not None and chunk.chunk_id not in best:
            best[chunk.chunk_id] = (chunk, match.similarity)
            if len(best) == CANDIDATES:
                break
    return list(best.values())


def _dense_chunks_exact(
    index: RecordIndex, vector: np.ndarray, doc_ids: Sequence[str]
) -> list[tuple[Chunk, float]]:
    """The same ranking, computed exactly over the sentences of those documents."""
    best: dict[str, tuple[Chunk, float]] = {}
    for doc_id in doc_ids:
        owners, matrix = index.document_sentences(doc_id)
        if not owners:
            continue
        for chunk, similarity in zip(owners, (matrix @ vector).tolist(), strict=True):
            if chunk.chunk_id not in best or similarity > best[chunk.chunk_id][1]:
                best[chunk.chunk_id] = (chunk, similarity)
    ranked = sorted(best.values(), key=lambda item: -item[1])
    return ranked[:CANDIDATES]


class RecordRetriever(BaseRetriever):
    """The hybrid search as a LangChain retriever: page_content is the passage text."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: RecordIndex
    k: int = 6
    filters: Filters = Filters()

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[LCDocument]:
        result = retrieve(self.index, query, self.filters, self.k)
        return [_to_langchain(hit, self.index.documents[hit.chunk.doc_id]) for hit in result.hits]


def _to_langchain(hit: Hit, doc: IndexedDocument) -> LCDocument:
    meta = doc.meta
    return LCDocument(
        id=hit.chunk.chunk_id,
        page_content=hit.chunk.text,
        metadata={
            "doc_id": hit.chunk.doc_id,
            "title": meta.title,
            "date": meta.date.isoformat(),
            "publisher": meta.publisher,
            "source_type": meta.source_type,
            "event": meta.event,
            "paragraph": hit.chunk.paragraph,
            "section": hit.chunk.section,
            "start": hit.chunk.start,
            "end": hit.chunk.end,
            "score": hit.score,
        },
    )
