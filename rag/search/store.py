"""The Chroma store: documents, chunks and sentence vectors, written one document at a time.

Three collections hold the record. `documents` has one entry per document (metadata, full
text and the key of the indexed version); `chunks` has the passages with their vectors;
`sentences` has one vector per quotable sentence, computed once at ingest. Every chunk and
sentence carries its document's key. A document switches to a new version only when its
`documents` entry is written, after its new chunks and sentences are in place, so a failure
part-way leaves the previous version in use: readers take only chunks whose key matches.

This module talks to chromadb directly (rather than through langchain-chroma) because it
writes precomputed vectors into three collections and reads vectors back out.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urlsplit

import numpy as np

from rag.errors import StoreError
from rag.records import Chunk, Document, DocumentMeta, Filters, Span
from rag.search.metadata import meta_values, parse_meta
from rag.settings import Settings

COLLECTION_PREFIX = "record"
_BATCH = 4000  # rows per write: large writes, under Chroma's limit per call
_CREDENTIALS = re.compile(r"//[^/@\s]+@")
P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class IndexedDocument:
    """A document as the index holds it: metadata, the version key and its chunk count."""

    doc_id: str
    meta: DocumentMeta
    key: str
    chunks: int


@dataclass(frozen=True)
class Indexing:
    """A document ready to write: its chunks, their vectors and their sentences' vectors."""

    doc: Document
    key: str
    chunks: Sequence[Chunk]
    chunk_vectors: np.ndarray
    sentence_vectors: Sequence[np.ndarray]


@dataclass(frozen=True)
class SentenceMatch:
    """A sentence found by vector search: its chunk, document and document key, and score."""

    chunk_id: str
    doc_id: str
    key: str
    similarity: float


def open_store(settings: Settings) -> Store:
    """Open the record's store: a Chroma server when RAG_CHROMA_URL is set, else the
    embedded store in the data directory (created if need be)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    quiet = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlsplit(settings.chroma_url)
        try:
            client = chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=quiet,
            )
            return Store(client, settings.collection)
        except Exception as exc:  # connection refused, timeouts, bad replies
            where = f"Cannot reach the Chroma server at {redact(settings.chroma_url)}"
            raise StoreError(store_problem(where, exc)) from exc
    if settings.data_dir.is_dir() and not os.access(settings.data_dir, os.W_OK):
        raise StoreError(
            f"The data folder {settings.data_dir} is read-only, and the Chroma store writes "
            "to its folder even to read (a lock and a journal). Make it writable, or copy it "
            "to a writable folder and set RAG_DATA_DIR to the copy."
        )
    try:
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=quiet)
        return Store(client, settings.collection)
    except Exception as exc:  # chromadb raises many types; all mean the store is unusable
        where = f"the Chroma store in {settings.chroma_dir}"
        raise StoreError(store_problem(f"Cannot open {where}", exc)) from exc


@contextmanager
def ingest_lock(settings: Settings) -> Iterator[None]:
    """Hold the data folder's ingest lock while writing, so two ingests never interleave;
    a second ingest fails at once with a message instead of waiting. (With RAG_CHROMA_URL the
    lock covers the ingests run from this machine's data folder.)"""
    from filelock import FileLock, Timeout

    lock = FileLock(settings.data_dir / "ingest.lock", timeout=0)
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        raise StoreError(
            f"Another ingest is writing to the index in {settings.data_dir} right now: wait "
            "for it to finish, then run `rag ingest` (files already added to the corpus are "
            "indexed then)."
        ) from None
    except OSError as exc:
        raise StoreError(store_problem(f"Cannot lock {settings.data_dir} for ingest", exc)) from exc
    try:
        yield
    finally:
        lock.release()


def redact(url: str) -> str:
    """A URL without the user name and password it may carry."""
    return _CREDENTIALS.sub("//", url)


def store_problem(what: str, exc: BaseException) -> str:
    """A message for a store failure that says what happened and what to do, with any
    password in a URL removed."""
    reason = redact(f"{type(exc).__name__}: {exc}")
    lowered = reason.lower()
    if "disk is full" in lowered or "no space left" in lowered:
        advice = "the disk is full: free some space, then try again."
    elif "readonly" in lowered or "read-only" in lowered or "permission denied" in lowered:
        advice = "the data folder cannot be written: make RAG_DATA_DIR writable."
    elif "connect" in lowered or "refused" in lowered or "timed out" in lowered:
        advice = (
            "the Chroma server does not answer: start it with `chroma run --path DIR --host "
            "HOST --port PORT`, or unset RAG_CHROMA_URL to use the embedded store."
        )
    else:
        advice = (
            "if the store is damaged, move its folder aside and run `rag ingest` to rebuild "
            "it from the corpus (the corpus files are the record; the store is derived)."
        )
    return f"{what} ({reason}): {advice}"


def _guarded(what: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Turn a store method's chromadb or network failure into a StoreError saying `what`."""

    def wrap(method: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(method)
        def run(*args: P.args, **kwargs: P.kwargs) -> T:
            try:
                return method(*args, **kwargs)
            except StoreError:
                raise
            except Exception as exc:  # chromadb and its HTTP client raise many types
                raise StoreError(store_problem(what, exc)) from exc

        return run

    return wrap


_READ = "Cannot read the index"
_WRITE = "Cannot write to the index; the documents already indexed are unchanged and still answer"


class Store:
    """Reads and writes the record's three Chroma collections."""

    def __init__(self, client: Any, prefix: str = COLLECTION_PREFIX) -> None:
        self._client = client
        self._prefix = prefix
        self._documents = self._collection("documents")
        self._chunks = self._collection("chunks")
        self._sentences = self._collection("sentences")

    def _collection(self, name: str) -> Any:
        return self._client.get_or_create_collection(
            f"{self._prefix}_{name}",
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
        )

    @_guarded(_READ)
    def generation(self) -> str:
        """A stamp that changes whenever documents are switched or removed, cheap to read,
        so a running app sees another process's ingest without rereading the documents
        ("" for a store written before stamps existed)."""
        collection = self._client.get_collection(self._documents.name)
        return str((collection.metadata or {}).get("generation", ""))

    def _stamp(self) -> None:
        self._documents.modify(metadata={"generation": uuid.uuid4().hex})

    @_guarded(_READ)
    def indexed_documents(self) -> dict[str, IndexedDocument]:
        """Every document the index serves, by id."""
        got = self._documents.get(include=["metadatas"])
        return {
            doc_id: _indexed_from_metadata(doc_id, meta)
            for doc_id, meta in zip(got["ids"], got["metadatas"] or [], strict=True)
        }

    @_guarded(_READ)
    def document_text(self, doc_id: str) -> str | None:
        """The full text of one indexed document."""
        got = self._documents.get(ids=[doc_id], include=["documents"])
        docs = got["documents"] or []
        return str(docs[0]) if docs else None

    @_guarded(_WRITE)
    def write_documents(self, items: Sequence[Indexing], replacing: set[str]) -> None:
        """Write several documents' chunks and sentences in a few large writes, then switch
        each document to them by writing its entry; old versions of the documents in
        `replacing` are deleted last. A failure before a document's entry is written leaves
        its previous version in use."""
        chunk_rows: list[tuple[str, np.ndarray, str, dict[str, Any]]] = []
        sentence_rows: list[tuple[str, np.ndarray, str | None, dict[str, Any]]] = []
        for item in items:
            meta = _filter_metadata(item.doc.doc_id, item.doc.meta) | {"doc_key": item.key}
            for chunk, vector, sentences in zip(
                item.chunks, item.chunk_vectors, item.sentence_vectors, strict=True
            ):
                chunk_rows.append(
                    (chunk.chunk_id, vector, chunk.text, meta | _chunk_metadata(chunk))
                )
                # A sentence's text is its chunk's, by span: not stored twice (Chroma would
                # index it for full-text search, a third of the write time, never used).
                row_meta = meta | {"chunk_id": chunk.chunk_id}
                sentence_rows.extend(
                    (f"{chunk.chunk_id}:{i}", sentence, None, row_meta)
                    for i, (_, sentence) in enumerate(zip(chunk.quotable, sentences, strict=True))
                )
        self._upsert_rows(self._chunks, chunk_rows)
        self._upsert_rows(self._sentences, sentence_rows)
        self._upsert_rows(self._documents, [_document_row(item) for item in items])
        self._stamp()
        for item in items:
            if item.doc.doc_id in replacing:
                self._delete_stale(item.doc.doc_id, item.key)

    @_guarded(_WRITE)
    def remove_document(self, doc_id: str) -> None:
        """Take a document out: its entry first (readers stop using it), then its passages."""
        self._documents.delete(ids=[doc_id])
        self._stamp()
        self._chunks.delete(where={"doc_id": doc_id})
        self._sentences.delete(where={"doc_id": doc_id})

    def _delete_stale(self, doc_id: str, key: str) -> None:
        where = {"$and": [{"doc_id": doc_id}, {"doc_key": {"$ne": key}}]}
        self._chunks.delete(where=where)
        self._sentences.delete(where=where)

    def _upsert_rows(
        self, collection: Any, rows: Sequence[tuple[str, np.ndarray, str | None, dict[str, Any]]]
    ) -> None:
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            texts = [r[2] for r in batch]
            collection.upsert(
                ids=[r[0] for r in batch],
                embeddings=np.stack([r[1] for r in batch]),
                documents=None if all(t is None for t in texts) else texts,
                metadatas=[r[3] for r in batch],
            )

    def all_chunks(self) -> Iterator[tuple[Chunk, str]]:
        """Every stored chunk with the document key it was written under."""
        total = self._chunks.count()
        for offset in range(0, total, _BATCH):
            got = self._chunks.get(include=["documents", "metadatas"], limit=_BATCH, offset=offset)
            for chunk_id, text, meta in zip(
                got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True
            ):
                yield _chunk_from_record(chunk_id, str(text), meta), str(meta["doc_key"])

    @_guarded(_READ)
    def sentence_count(self) -> int:
        """How many sentence vectors the store holds."""
        return int(self._sentences.count())

    @_guarded(_READ)
    def query_sentences(
        self, vector: np.ndarray, n: int, filters: Filters, total: int | None = None
    ) -> list[SentenceMatch]:
        """The n sentences nearest the vector, best first, under the filters (`total`: the
        sentence count, if the caller knows it)."""
        total = self.sentence_count() if total is None else total
        if total == 0:
            return []
        got = self._sentences.query(
            query_embeddings=vector[None, :],
            n_results=min(n, total),
            where=where_clause(filters),
            include=["metadatas", "distances"],
        )
        return [
            SentenceMatch(
                str(meta["chunk_id"]), str(meta["doc_id"]), str(meta["doc_key"]), 1.0 - float(d)
            )
            for meta, d in zip(got["metadatas"][0], got["distances"][0], strict=True)
        ]

    @_guarded(_READ)
    def sentence_vectors(self, chunks: Sequence[Chunk]) -> dict[str, np.ndarray]:
        """The stored vectors of each chunk's quotable sentences, in order, by chunk id."""
        ids = [f"{c.chunk_id}:{i}" for c in chunks for i in range(len(c.quotable))]
        if not ids:
            return {}
        got = self._sentences.get(ids=ids, include=["embeddings"])
        by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
        out: dict[str, np.ndarray] = {}
        for chunk in chunks:
            rows = [by_id.get(f"{chunk.chunk_id}:{i}") for i in range(len(chunk.quotable))]
            if rows and all(r is not None for r in rows):
                out[chunk.chunk_id] = np.asarray(rows, dtype=np.float32)
        return out


def where_clause(filters: Filters) -> dict[str, Any] | None:
    """The Chroma `where` filter for retrieval filters (None when nothing is filtered)."""
    conditions: list[dict[str, Any]] = []
    if filters.source_types:
        conditions.append({"source_type": {"$in": list(filters.source_types)}})
    if filters.events:
        conditions.append({"event": {"$in": list(filters.events)}})
    if filters.doc_ids:
        conditions.append({"doc_id": {"$in": list(filters.doc_ids)}})
    if filters.authorities:
        conditions.append({"authority": {"$in": list(filters.authorities)}})
    if filters.since:
        conditions.append({"date": {"$gte": _date_number(filters.since)}})
    if filters.until:
        conditions.append({"date": {"$lte": _date_number(filters.until)}})
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else {"$and": conditions}


def _date_number(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _filter_metadata(doc_id: str, meta: DocumentMeta) -> dict[str, Any]:
    values: dict[str, Any] = {
        "doc_id": doc_id,
        "source_type": meta.source_type,
        "event": meta.event,
        "date": _date_number(meta.date),
    }
    if meta.authority:
        values["authority"] = meta.authority
    return values


def _chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    values: dict[str, Any] = {
        "position": chunk.position,
        "start": chunk.start,
        "end": chunk.end,
        "spans": json.dumps([[s.start, s.end, s.kind, s.paragraph] for s in chunk.sentences]),
    }
    if chunk.section:
        values["section"] = chunk.section
    if chunk.paragraph is not None:
        values["paragraph"] = chunk.paragraph
    return values


def _chunk_from_record(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    spans = tuple(Span(int(s), int(e), k, p) for s, e, k, p in json.loads(meta["spans"]))
    paragraph = meta.get("paragraph")
    return Chunk(
        chunk_id=chunk_id,
        doc_id=str(meta["doc_id"]),
        position=int(meta["position"]),
        start=int(meta["start"]),
        end=int(meta["end"]),
        text=text,
        section=meta.get("section"),
        paragraph=int(paragraph) if paragraph is not None else None,
        sentences=spans,
    )


def _document_row(item: Indexing) -> tuple[str, np.ndarray, str, dict[str, Any]]:
    """The document's entry: a vector (the mean of its chunks'), its text and metadata."""
    vector = item.chunk_vectors.mean(axis=0)
    vector /= max(float(np.linalg.norm(vector)), 1e-9)
    metadata = _document_metadata(item.doc, item.key, len(item.chunks))
    return item.doc.doc_id, vector, item.doc.text, metadata


def _document_metadata(doc: Document, key: str, n_chunks: int) -> dict[str, Any]:
    values = {
        k: json.dumps(v)
        if isinstance(v, list | dict)
        else v.isoformat()
        if isinstance(v, dt.date)
        else v
        for k, v in meta_values(doc.meta).items()
    }
    return values | {"doc_key": key, "digest": doc.digest, "chunks": n_chunks}


def _indexed_from_metadata(doc_id: str, values: dict[str, Any]) -> IndexedDocument:
    plain = {k: json.loads(v) if k in ("judgements", "pages") else v for k, v in values.items()}
    meta = parse_meta(plain, f"index entry {doc_id}")
    return IndexedDocument(doc_id, meta, str(values["doc_key"]), int(values["chunks"]))
