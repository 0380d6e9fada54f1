"""The systems an evaluation compares: ours, its retrievers alone, and the tutorial recipe.

The naive recipe is what users copy from tutorials: RecursiveCharacterTextSplitter(1000, 200),
a Chroma similarity search for the top 4 chunks with the same embedding model, and the top
chunk as the answer. It never refuses.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings
from langchain_core.runnables import Runnable

from rag.answer.chain import Query, build_chain
from rag.records import Answer, Chunk, Citation, Document, Hit, Timings
from rag.search.retrieve import RetrievalMode

if TYPE_CHECKING:
    from rag.pipeline import Pipeline

NAIVE_CHUNK_SIZE = 1000
NAIVE_OVERLAP = 200
NAIVE_K = 4


@dataclass
class PipelineSystem:
    """Our chain, with hybrid retrieval or one retriever alone."""

    name: str
    chain: Runnable[Query, Answer]

    def answer(self, question: str) -> Answer:
        """Answer one question."""
        return self.chain.invoke(Query(question))


def pipeline_systems(pipeline: Pipeline, modes: Sequence[RetrievalMode]) -> list[PipelineSystem]:
    """Our answerer over each retrieval mode, sharing one index and model."""
    names = {"hybrid": "ours", "dense": "dense only", "keyword": "bm25 only"}
    return [
        PipelineSystem(
            names[mode],
            build_chain(pipeline.index, pipeline.weights, pipeline.settings.top_k, mode),
        )
        for mode in modes
    ]


class NaiveSystem:
    """RecursiveCharacterTextSplitter(1000, 200) + Chroma top 4; the answer is the top chunk."""

    name = "naive"

    def __init__(self, documents: Sequence[Document], embeddings: Embeddings) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=NAIVE_CHUNK_SIZE, chunk_overlap=NAIVE_OVERLAP, add_start_index=True
        )
        chunks = splitter.create_documents(
            [d.text for d in documents], metadatas=[{"doc_id": d.doc_id} for d in documents]
        )
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        # One in-memory database per process: each system gets a collection of its own.
        collection = f"naive-{uuid.uuid4().hex}"
        self._store = Chroma(
            collection_name=collection, embedding_function=embeddings, client=client
        )
        self._store.add_documents(chunks)
        self._metas = {d.doc_id: d.meta for d in documents}

    def answer(self, question: str) -> Answer:
        """The top chunk as the answer, cited; the four chunks as what was retrieved."""
        started = time.perf_counter()
        found = self._store.similarity_search(question, k=NAIVE_K)
        elapsed = (time.perf_counter() - started) * 1000
        hits = tuple(
            Hit(
                Chunk(
                    f"naive:{i}",
                    d.metadata["doc_id"],
                    i,
                    d.metadata["start_index"],
                    d.metadata["start_index"] + len(d.page_content),
                    d.page_content,
                    None,
                    None,
                    (),
                ),
                score=1.0 / (i + 1),
            )
            for i, d in enumerate(found)
        )
        if not hits:
            return Answer(question, "", False)
        top = hits[0].chunk
        citation = Citation(
            1, top.doc_id, self._metas[top.doc_id], top.text, top.start, top.end, None, 1.0
        )
        return Answer(
            question,
            top.text,
            False,
            citations=(citation,),
            retrieved=hits,
            timings=Timings(retrieve=elapsed, total=elapsed),
        )
