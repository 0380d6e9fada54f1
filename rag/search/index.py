"""The searchable record: a read-only snapshot of what is indexed, a bounded cache of what
has been read from the store, and the index that swaps both in at once after an ingest."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from langchain_core.embeddings import Embeddings

from rag.query.scope import Scope, ScopeDocument, record_scope
from rag.records import Chunk, Filters
from rag.search.keyword import KeywordIndex
from rag.search.store import IndexedDocument, Store

SENTENCE_CACHE_DOCUMENTS = 64
VECTOR_CACHE_CHUNKS = 8000  # passages whose sentence vectors are kept (about 6 kB each)
BOILERPLATE_DOCUMENTS = 3


@dataclass(frozen=True)
class RecordSnapshot:
    """The record as indexed at one generation of the store, read-only: its documents, the
    current chunks of each in reading order, the BM25 index over them, the boilerplate
    sentences and what the record covers (`scope`). An ingest makes a new snapshot."""

    generation: str
    documents: Mapping[str, IndexedDocument]
    keys: Mapping[str, str]
    chunks: tuple[Chunk, ...]
    keyword: KeywordIndex
    scope: Scope
    boilerplate: frozenset[str]
    sentence_total: int
    by_id: Mapping[str, Chunk] = field(repr=False)
    doc_ids: tuple[str, ...] = field(repr=False)
    chunk_docs: np.ndarray = field(repr=False, compare=False)
    doc_chunks: Mapping[str, tuple[Chunk, ...]] = field(repr=False)

    def current_chunk(self, chunk_id: str, doc_id: str, key: str) -> Chunk | None:
        """The chunk, if it belongs to the indexed version of its document."""
        return self.by_id.get(chunk_id) if self.keys.get(doc_id) == key else None

    def accepted(self, filters: Filters) -> np.ndarray:
        """For each document (in sorted id order), whether it passes the filters."""
        return np.array(
            [filters.accepts(d, self.documents[d].meta) for d in self.doc_ids], dtype=bool
        )

    def mask(self, filters: Filters) -> np.ndarray | None:
        """1 for chunks whose document passes the filters, 0 otherwise (None: no filters)."""
        if not filters.active:
            return None
        return np.asarray(self.accepted(filters)[self.chunk_docs], dtype=np.float32)

    def allowed_documents(self, filters: Filters) -> list[str]:
        """The ids of the documents the filters allow."""
        return [d for d, ok in zip(self.doc_ids, self.accepted(filters), strict=True) if ok]

    def document_chunks(self, doc_id: str) -> list[Chunk]:
        """A document's passages in reading order."""
        return list(self.doc_chunks.get(doc_id, ()))

    def passages_in(self, doc_ids: Sequence[str]) -> int:
        """How many passages those documents have."""
        return sum(len(self.doc_chunks.get(d, ())) for d in doc_ids)


def read_snapshot(store: Store, generation: str) -> RecordSnapshot:
    """The store's indexed documents and their current chunks, as a snapshot."""
    documents = store.indexed_documents()
    keys = {doc_id: d.key for doc_id, d in documents.items()}
    chunks = tuple(
        sorted(
            (c for c, key in store.all_chunks() if keys.get(c.doc_id) == key),
            key=lambda c: (c.doc_id, c.position),
        )
    )
    doc_ids = tuple(sorted(documents))
    position = {doc_id: i for i, doc_id in enumerate(doc_ids)}
    doc_chunks: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        doc_chunks.setdefault(chunk.doc_id, []).append(chunk)
    keyword = KeywordIndex([c.text for c in chunks])
    return RecordSnapshot(
        generation=generation,
        documents=documents,
        keys=keys,
        chunks=chunks,
        keyword=keyword,
        scope=_scope(documents, doc_chunks, keyword),
        boilerplate=boilerplate(chunks),
        sentence_total=store.sentence_count(),
        by_id={c.chunk_id: c for c in chunks},
        doc_ids=doc_ids,
        chunk_docs=np.array([position[c.doc_id] for c in chunks], dtype=np.int64),
        doc_chunks={d: tuple(found) for d, found in doc_chunks.items()},
    )


def _scope(
    documents: Mapping[str, IndexedDocument],
    doc_chunks: Mapping[str, Sequence[Chunk]],
    keyword: KeywordIndex,
) -> Scope:
    return record_scope(
        (
            ScopeDocument(
                d.meta.authority,
                d.meta.date,
                d.meta.event,
                "\n".join(c.text for c in doc_chunks.get(doc_id, ())),
                tuple(x for x in (d.meta.inspection_start, d.meta.inspection_end) if x),
                d.meta.publisher,
                d.meta.source_type,
            )
            for doc_id, d in documents.items()
        ),
        keyword.knows,
    )


class VectorCache:
    """What one snapshot has read from the store so far, bounded: document texts, each
    chunk's sentence vectors, and each recently searched document's sentences as one matrix.
    Several questions are answered at once, so it changes under a lock."""

    def __init__(self, store: Store, snapshot: RecordSnapshot) -> None:
        self._store = store
        self._snapshot = snapshot
        self._texts: dict[str, str] = {}
        self._vectors: dict[str, np.ndarray] = {}
        self._sentences: OrderedDict[str, tuple[list[Chunk], np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()

    def text(self, doc_id: str) -> str:
        """The full text of an indexed document (read once, then kept)."""
        with self._lock:
            found = self._texts.get(doc_id)
        if found is None:
            found = self._store.document_text(doc_id) or ""
            with self._lock:
                self._texts[doc_id] = found
        return found

    def sentence_vectors(self, chunks: Sequence[Chunk]) -> dict[str, np.ndarray]:
        """The stored vectors of each chunk's quotable sentences, by chunk id (as
        `Store.sentence_vectors`), kept in memory once read."""
        with self._lock:
            found = {
                c.chunk_id: self._vectors[c.chunk_id] for c in chunks if c.chunk_id in self._vectors
            }
        missing = [c for c in chunks if c.chunk_id not in found]
        if missing:
            read = self._store.sentence_vectors(missing)
            found |= read
            with self._lock:
                if len(self._vectors) + len(read) > VECTOR_CACHE_CHUNKS:
                    self._vectors = {}
                self._vectors.update(read)
        return found

    def document_sentences(self, doc_id: str) -> tuple[list[Chunk], np.ndarray]:
        """A document's quotable sentences as (their chunk, in order) and their stored
        vectors, one row each; kept for the most recently used documents."""
        with self._lock:
            if doc_id in self._sentences:
                self._sentences.move_to_end(doc_id)
                return self._sentences[doc_id]
        chunks = self._snapshot.document_chunks(doc_id)
        vectors = self._store.sentence_vectors(chunks)
        owners = [c for c in chunks if c.chunk_id in vectors for _ in c.quotable]
        rows = [vectors[c.chunk_id] for c in chunks if c.chunk_id in vectors]
        matrix = np.concatenate(rows) if rows else np.zeros((0, 0), dtype=np.float32)
        with self._lock:
            self._sentences[doc_id] = (owners, matrix)
            if len(self._sentences) > SENTENCE_CACHE_DOCUMENTS:
                self._sentences.popitem(last=False)
        return owners, matrix


class RecordIndex:
    """The searchable record: the store and the model, with the current `RecordSnapshot` and
    its `VectorCache`. After an ingest, `refresh` builds a new snapshot and swaps both in at
    once, so a question being answered keeps the one it started with."""

    def __init__(self, store: Store, embeddings: Embeddings) -> None:
        self.store = store
        self.embeddings = embeddings
        snapshot = read_snapshot(store, store.generation())
        self._state = (snapshot, VectorCache(store, snapshot))
        self._lock = threading.Lock()

    @property
    def snapshot(self) -> RecordSnapshot:
        """The record as last read from the store."""
        return self._state[0]

    @property
    def cache(self) -> VectorCache:
        """What has been read from the store for the current snapshot."""
        return self._state[1]

    def refresh(self) -> bool:
        """Read the store again if it changed (one read of its stamp); True if it did."""
        generation = self.store.generation()
        if self._is_current(generation):
            return False
        with self._lock:
            if self._is_current(generation):
                return False  # another thread has just read it
            old, cache = self._state
            snapshot = read_snapshot(self.store, generation)
            if old.chunks and snapshot.keys == old.keys:  # the same versions: keep the cache
                self._state = (replace(old, generation=generation), cache)
                return False
            self._state = (snapshot, VectorCache(self.store, snapshot))
            return True

    def _is_current(self, generation: str) -> bool:
        snapshot = self._state[0]
        return bool(generation) and generation == snapshot.generation and bool(snapshot.chunks)

    # The snapshot's and the cache's parts, as the stages read them.
    @property
    def documents(self) -> Mapping[str, IndexedDocument]:
        return self.snapshot.documents

    @property
    def chunks(self) -> tuple[Chunk, ...]:
        return self.snapshot.chunks

    @property
    def keyword(self) -> KeywordIndex:
        return self.snapshot.keyword

    @property
    def scope(self) -> Scope:
        return self.snapshot.scope

    @property
    def boilerplate(self) -> frozenset[str]:
        return self.snapshot.boilerplate

    def text(self, doc_id: str) -> str:
        """The full text of an indexed document."""
        return self.cache.text(doc_id)

    def sentence_vectors(self, chunks: Sequence[Chunk]) -> dict[str, np.ndarray]:
        """The stored vectors of each chunk's quotable sentences, by chunk id."""
        return self.cache.sentence_vectors(chunks)

    def document_sentences(self, doc_id: str) -> tuple[list[Chunk], np.ndarray]:
        """A document's quotable sentences and their vectors, one row each."""
        return self.cache.document_sentences(doc_id)

    def document_chunks(self, doc_id: str) -> list[Chunk]:
        """A document's passages in reading order."""
        return self.snapshot.document_chunks(doc_id)


def sentence_key(text: str) -> str:
    """A sentence as compared across documents: lower case, single spaces."""
    return " ".join(text.lower().split())


def boilerplate(chunks: Sequence[Chunk]) -> frozenset[str]:
    """Sentences printed word for word in BOILERPLATE_DOCUMENTS documents or more (a
    framework's set wording: "Inspectors have looked closely at ..."), as `sentence_key`s."""
    seen: dict[str, set[str]] = {}
    for chunk in chunks:
        for span in chunk.quotable:
            key = sentence_key(chunk.text[span.start - chunk.start : span.end - chunk.start])
            seen.setdefault(key, set()).add(chunk.doc_id)
    return frozenset(key for key, docs in seen.items() if len(docs) >= BOILERPLATE_DOCUMENTS)
