"""The store against both backends: the embedded Chroma and a real `chroma run` server."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from rag.errors import StoreError
from rag.records import Chunk, Document, DocumentMeta, Filters, Span
from rag.search.store import Indexing, open_store
from rag.settings import Settings

LETTER = DocumentMeta(
    "Letter",
    dt.date(2020, 3, 27),
    "Ofsted",
    "ofsted",
    "March 2020 visit",
    authority="Newham",
    judgements=(("Overall effectiveness", "Good"),),
    pages=(0, 40),
)
STORY = DocumentMeta("Story", dt.date(2019, 3, 25), "Recorder", "press", "February 2019 visit")


def _document(doc_id: str, meta: DocumentMeta, text: str) -> tuple[Document, list[Chunk]]:
    spans = (Span(0, text.index(".") + 1, "text"), Span(text.index(".") + 2, len(text), "text"))
    chunk = Chunk(f"{doc_id}:k:c0", doc_id, 0, 0, len(text), text, None, 3, spans)
    return Document(doc_id, meta, text, "digest"), [chunk]


def _unit(*values: float) -> np.ndarray:
    v = np.array(values + (0.0,) * (384 - len(values)), dtype=np.float32)
    return v / np.linalg.norm(v)


def _write(store: Any, doc_id: str, meta: DocumentMeta, text: str, key: str, vectors: list) -> None:  # type: ignore[type-arg]
    doc, chunks = _document(doc_id, meta, text)
    item = Indexing(doc, key, chunks, np.stack([_unit(1.0)]), [np.stack(vectors)])
    store.write_documents([item], replacing={doc_id})


def test_write_read_query_and_remove(store_settings: Settings) -> None:
    store = open_store(store_settings)
    _write(
        store,
        "letter",
        LETTER,
        "Children are seen alone. Plans are slow.",
        "k1",
        [_unit(1.0, 0.0), _unit(0.0, 1.0)],
    )
    _write(
        store,
        "story",
        STORY,
        "The mayor apologised. Money was found.",
        "k1",
        [_unit(0.0, 0.0, 1.0), _unit(0.0, 1.0, 1.0)],
    )
    documents = store.indexed_documents()
    assert set(documents) == {"letter", "story"}
    assert documents["letter"].meta == LETTER  # dates, grades and pages survive the round trip
    assert store.document_text("story") == "The mayor apologised. Money was found."
    assert {c.chunk_id for c, _ in store.all_chunks()} == {"letter:k:c0", "story:k:c0"}
    best = store.query_sentences(_unit(0.0, 1.0), 4, Filters())[0]
    assert (best.doc_id, best.key) == ("letter", "k1") and best.similarity == pytest.approx(1.0)
    press = store.query_sentences(_unit(0.0, 1.0), 4, Filters(source_types=("press",)))
    assert {m.doc_id for m in press} == {"story"}
    dated = store.query_sentences(_unit(1.0), 4, Filters(since=dt.date(2020, 1, 1)))
    assert {m.doc_id for m in dated} == {"letter"}
    council = store.query_sentences(_unit(1.0), 4, Filters(authorities=("Newham",)))
    assert {m.doc_id for m in council} == {"letter"}
    ((chunk, _),) = [(c, k) for c, k in store.all_chunks() if c.doc_id == "letter"]
    assert store.sentence_vectors([chunk])["letter:k:c0"].shape == (2, 384)
    store.remove_document("story")
    assert set(store.indexed_documents()) == {"letter"}
    assert all(c.doc_id == "letter" for c, _ in store.all_chunks())


def test_a_new_version_replaces_the_old_passages(store_settings: Settings) -> None:
    store = open_store(store_settings)
    _write(
        store,
        "letter",
        LETTER,
        "Children are seen alone. Plans are slow.",
        "k1",
        [_unit(1.0), _unit(0.0, 1.0)],
    )
    _write(
        store,
        "letter",
        LETTER,
        "Children are never seen. Plans are fast.",
        "k2",
        [_unit(1.0), _unit(0.0, 1.0)],
    )
    assert store.indexed_documents()["letter"].key == "k2"
    texts = [c.text for c, _ in store.all_chunks()]
    assert texts == ["Children are never seen. Plans are fast."]


def test_unreachable_server_is_a_clear_error(tmp_path: Any) -> None:
    from tests_support import free_port

    settings = Settings(data_dir=tmp_path, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="Cannot reach the Chroma server"):
        open_store(settings)
