"""Ingest: bring the index in line with the corpus, incrementally and idempotently.

Each document is indexed under a key made of its file digest and everything that shapes its
chunks and vectors (INDEX_VERSION, the chunk sizes, the model). Documents whose key is
already indexed are left alone; new or changed ones are chunked and embedded in full before
anything is written; documents gone from the corpus are removed. A file that cannot be read
is reported and keeps its previously indexed version: a bad file never deletes anything.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from rag.errors import CorpusError
from rag.ingest.chunk import LIST_MAX_WORDS, MAX_WORDS, chunk_document, embedding_texts
from rag.ingest.corpus import CorpusProblem, load_corpus
from rag.records import Chunk, Document
from rag.search.embed import embed_texts
from rag.search.store import Indexing, Store

INDEX_VERSION = "8"
EMBED_BATCH = 4096  # texts per encoder call: it sorts each call's texts by length
DOC_BATCH = 24

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class IngestPlan:
    """What an ingest will do: documents to add, update and remove, and those left alone."""

    add: tuple[Document, ...]
    update: tuple[Document, ...]
    remove: tuple[str, ...]
    unchanged: tuple[str, ...]

    @property
    def changes(self) -> bool:
        """True when the index needs writing."""
        return bool(self.add or self.update or self.remove)


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did, for printing."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: tuple[str, ...]
    chunks_written: int
    chunks_total: int
    problems: tuple[CorpusProblem, ...]
    seconds: float
    stages: tuple[tuple[str, float], ...] = ()

    def summary(self) -> str:
        """One line per fact, as `rag ingest` prints it."""
        lines = [
            f"documents: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {len(self.unchanged)} unchanged",
            f"chunks: {self.chunks_written} written, {self.chunks_total} in the index",
            f"time: {self.seconds:.1f} s ("
            + ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in self.stages)
            + ")",
        ]
        lines += [f"skipped {p.message}" for p in self.problems]
        return "\n".join(lines)


def index_key(doc: Document, model_id: str) -> str:
    """The version key a document is indexed under."""
    recipe = f"{INDEX_VERSION}|{MAX_WORDS}|{LIST_MAX_WORDS}|{model_id}|{doc.digest}"
    return hashlib.sha256(recipe.encode()).hexdigest()[:16]


def plan_ingest(
    documents: Sequence[Document],
    keys: dict[str, str],
    indexed: dict[str, str],
    unreadable: set[str],
) -> IngestPlan:
    """Compare the corpus (documents with their keys) to the index (doc id -> key)."""
    add = tuple(d for d in documents if d.doc_id not in indexed)
    update = tuple(
        d for d in documents if d.doc_id in indexed and indexed[d.doc_id] != keys[d.doc_id]
    )
    unchanged = tuple(d.doc_id for d in documents if indexed.get(d.doc_id) == keys[d.doc_id])
    present = {d.doc_id for d in documents} | unreadable
    remove = tuple(sorted(doc_id for doc_id in indexed if doc_id not in present))
    return IngestPlan(add, update, remove, unchanged)


def ingest(
    corpus_dir: Path,
    store: Store,
    embeddings: Callable[[], Embeddings],
    model_id: str,
    progress: Progress | None = None,
    allow_empty: bool = False,
) -> IngestReport:
    """Bring the index in line with the corpus folder and report what changed.

    Documents are chunked, embedded and written DOC_BATCH at a time, so a long ingest keeps
    what it has done if it is stopped, and memory stays bounded. `embeddings` is called (to
    load the model) only when something needs embedding. A corpus folder with no documents
    never empties a non-empty index unless `allow_empty` says so: a wrong RAG_CORPUS_DIR must
    not wipe a team's index.
    """
    started = time.perf_counter()
    clock = Stopwatch()
    with clock("read"):
        documents, problems = load_corpus(corpus_dir)
        keys = {d.doc_id: index_key(d, model_id) for d in documents}
        indexed = {doc_id: d.key for doc_id, d in store.indexed_documents().items()}
    plan = plan_ingest(documents, keys, indexed, {p.path.stem for p in problems})
    if indexed and not documents and not problems and not allow_empty:
        raise CorpusError(
            f"The corpus folder {corpus_dir} has no documents, but the index holds "
            f"{len(indexed)}: nothing was removed. Check RAG_CORPUS_DIR; to empty the index "
            "on purpose, run `rag ingest --allow-empty`."
        )
    written = _write(plan, keys, store, embeddings, clock, progress)
    with clock("store"):
        for doc_id in plan.remove:
            store.remove_document(doc_id)
    total = sum(d.chunks for d in store.indexed_documents().values())
    return IngestReport(
        added=tuple(d.doc_id for d in plan.add),
        updated=tuple(d.doc_id for d in plan.update),
        removed=plan.remove,
        unchanged=plan.unchanged,
        chunks_written=written,
        chunks_total=total,
        problems=tuple(problems),
        seconds=time.perf_counter() - started,
        stages=clock.totals(),
    )


def _write(
    plan: IngestPlan,
    keys: Mapping[str, str],
    store: Store,
    embeddings: Callable[[], Embeddings],
    clock: Stopwatch,
    progress: Progress | None,
) -> int:
    """Chunk, embed and write the plan's new and changed documents, DOC_BATCH at a time
    (the model is loaded only if there are any); how many chunks were written."""
    written = 0
    to_write = [*plan.add, *plan.update]
    replacing = {d.doc_id for d in plan.update}
    model = embeddings() if to_write else None
    for start in range(0, len(to_write), DOC_BATCH):
        batch = to_write[start : start + DOC_BATCH]
        with clock("chunk"):
            chunked = {d.doc_id: chunk_document(d, keys[d.doc_id]) for d in batch}
        with clock("embed"):
            vectors = _embed_all(batch, chunked, model, progress) if model else {}
        with clock("store"):
            store.write_documents(
                [Indexing(d, keys[d.doc_id], chunked[d.doc_id], *vectors[d.doc_id]) for d in batch],
                replacing,
            )
        written += sum(len(chunked[d.doc_id]) for d in batch)
        if progress:
            progress("documents", len(batch))
    return written


class Stopwatch:
    """Adds up the time spent in named stages."""

    def __init__(self) -> None:
        self._totals: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self._totals[stage] = self._totals.get(stage, 0.0) + time.perf_counter() - began

    def totals(self) -> tuple[tuple[str, float], ...]:
        """Seconds per stage, in the order the stages first ran."""
        return tuple(self._totals.items())


def _embed_all(
    documents: Sequence[Document],
    chunked: dict[str, list[Chunk]],
    embeddings: Embeddings,
    progress: Progress | None,
) -> dict[str, tuple[np.ndarray, list[np.ndarray]]]:
    """Embed every quotable sentence once, in large batches; a chunk's vector is the mean of
    its sentences' (a chunk with none, only headings, is embedded whole)."""
    texts: list[str] = []
    for doc in documents:
        for chunk in chunked[doc.doc_id]:
            texts.extend(embedding_texts(doc.text, chunk) or [chunk.text])
    matrix = _embed_batched(texts, embeddings, progress)
    out: dict[str, tuple[np.ndarray, list[np.ndarray]]] = {}
    row = 0
    for doc in documents:
        chunk_rows: list[np.ndarray] = []
        sentence_rows: list[np.ndarray] = []
        for chunk in chunked[doc.doc_id]:
            n = max(1, len(chunk.quotable))
            block = matrix[row : row + n]
            mean = block.mean(axis=0)
            chunk_rows.append(mean / max(float(np.linalg.norm(mean)), 1e-9))
            sentence_rows.append(block if chunk.quotable else block[:0])
            row += n
        out[doc.doc_id] = (np.stack(chunk_rows), sentence_rows)
    return out


def _embed_batched(
    texts: list[str], embeddings: Embeddings, progress: Progress | None
) -> np.ndarray:
    parts = []
    for start in range(0, len(texts), EMBED_BATCH):
        batch = texts[start : start + EMBED_BATCH]
        parts.append(embed_texts(embeddings, batch))
        if progress:
            progress("embed", len(batch))
    return (
        np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)
    )  # nothing to embed
