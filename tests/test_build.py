"""Ingest with the real model, against the embedded Chroma store and a real Chroma server:
incremental, idempotent, and safe when something fails part-way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rag.errors import StoreError
from rag.ingest.build import IngestPlan, plan_ingest
from rag.pipeline import run_ingest
from rag.records import Document, DocumentMeta, Filters
from rag.search.index import RecordIndex
from rag.search.retrieve import retrieve
from rag.search.store import Store, open_store
from rag.settings import Settings

LETTER_GLOB = "*ofsted-monitoring-visit*.md"


def _ingest(settings: Settings, embeddings: Any, store: Store | None = None):  # type: ignore[no-untyped-def]
    return run_ingest(settings, store or open_store(settings), lambda: embeddings)


def _chunk_ids(store: Store) -> set[str]:
    return {c.chunk_id for c, _ in store.all_chunks()}


def test_plan_is_pure_and_spares_unreadable_files() -> None:
    doc = Document("doc", DocumentMeta("t", dt.date(2020, 1, 1), "p", "press", "e"), "T.", "d")
    plan = plan_ingest([doc], {"doc": "k2"}, {"doc": "k1", "gone": "k", "broken": "k"}, {"broken"})
    assert plan == IngestPlan(add=(), update=(doc,), remove=("gone",), unchanged=())


def test_reingest_is_idempotent(store_settings: Settings, embeddings: Any) -> None:
    settings = store_settings
    first = _ingest(settings, embeddings)
    assert len(first.added) == 8 and first.chunks_written == first.chunks_total > 20
    store = open_store(settings)
    before = _chunk_ids(store)
    second = _ingest(settings, embeddings)
    assert (second.added, second.updated, second.removed) == ((), (), ())
    assert second.chunks_written == 0
    assert _chunk_ids(open_store(settings)) == before


def test_changed_document_replaces_its_chunks(store_settings: Settings, embeddings: Any) -> None:
    settings = store_settings
    _ingest(settings, embeddings)
    store = open_store(settings)
    letter = next(settings.corpus_dir.glob(LETTER_GLOB))
    old_ids = {c.chunk_id for c, _ in store.all_chunks() if c.doc_id == letter.stem}
    letter.write_text(
        letter.read_text(encoding="utf-8") + "\nA zebra was seen in the reception area.\n",
        encoding="utf-8",
    )
    report = _ingest(settings, embeddings, store)
    assert report.updated == (letter.stem,) and not report.added
    new_ids = {c.chunk_id for c, _ in store.all_chunks() if c.doc_id == letter.stem}
    assert new_ids and not old_ids & new_ids
    index = RecordIndex(store, embeddings)
    hits = retrieve(index, "zebra in reception", Filters(), 3).hits
    assert "zebra" in hits[0].chunk.text


def test_removed_document_loses_its_chunks(store_settings: Settings, embeddings: Any) -> None:
    settings = store_settings
    _ingest(settings, embeddings)
    letter = next(settings.corpus_dir.glob(LETTER_GLOB))
    letter.unlink()
    report = _ingest(settings, embeddings)
    assert report.removed == (letter.stem,)
    store = open_store(settings)
    assert letter.stem not in store.indexed_documents()
    assert all(c.doc_id != letter.stem for c, _ in store.all_chunks())


def test_unreadable_file_keeps_its_previous_version(
    store_settings: Settings, embeddings: Any
) -> None:
    settings = store_settings
    _ingest(settings, embeddings)
    letter = next(settings.corpus_dir.glob(LETTER_GLOB))
    letter.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    report = _ingest(settings, embeddings)
    assert [p.path for p in report.problems] == [letter]
    assert report.removed == ()
    index = RecordIndex(open_store(settings), embeddings)
    hits = retrieve(index, "children are seen alone", Filters(), 3).hits
    assert any(h.chunk.doc_id == letter.stem for h in hits)


class _FailingDocuments:
    """Chroma's documents collection, failing on write: a crash just before the switch."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def upsert(self, **kwargs: Any) -> None:
        raise StoreError("disk full (simulated)")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def _edit_letter(settings: Settings) -> Path:
    """Change one sentence of the monitoring visit letter; return the letter's path."""
    letter = next(settings.corpus_dir.glob(LETTER_GLOB))
    letter.write_text(
        letter.read_text(encoding="utf-8").replace("children are seen alone", "nobody is seen"),
        encoding="utf-8",
    )
    return letter


class _FlakyClient:
    def __init__(self, real: Any) -> None:
        self._real = real

    def get_or_create_collection(self, name: str, **kwargs: Any) -> Any:
        collection = self._real.get_or_create_collection(name, **kwargs)
        return _FailingDocuments(collection) if name.endswith("_documents") else collection


def test_crash_part_way_leaves_previous_index_usable(
    store_settings: Settings, embeddings: Any
) -> None:
    settings = store_settings
    _ingest(settings, embeddings)
    good = open_store(settings)
    letter = _edit_letter(settings)
    flaky = Store(_FlakyClient(good._client), settings.collection)
    with pytest.raises(StoreError):
        _ingest(settings, embeddings, flaky)
    # The new version's chunks were written but the switch never happened: readers still
    # get the old text, and nothing of the half-written version.
    index = RecordIndex(open_store(settings), embeddings)
    texts = " ".join(c.text for c in index.chunks if c.doc_id == letter.stem)
    assert "children are seen alone" in texts and "nobody is seen" not in texts
    hits = retrieve(index, "Are children seen alone?", Filters(), 5).hits
    assert all("nobody is seen" not in h.chunk.text for h in hits)
    # The next ingest finishes the job and tidies up.
    report = _ingest(settings, embeddings)
    assert report.updated == (letter.stem,)
    index.refresh()
    texts = " ".join(c.text for c in index.chunks if c.doc_id == letter.stem)
    assert "nobody is seen" in texts and "children are seen alone" not in texts
    stale = [
        c
        for c, key in open_store(settings).all_chunks()
        if index.snapshot.current_chunk(c.chunk_id, c.doc_id, key) is None
    ]
    assert stale == []


def test_corpus_folder_must_exist(tmp_path: Path, embeddings: Any) -> None:
    from rag.errors import CorpusError

    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "missing")
    with pytest.raises(CorpusError, match="RAG_CORPUS_DIR"):
        _ingest(settings, embeddings)


def test_the_store_stamp_changes_with_every_switch_and_spares_rereading(
    store_settings: Settings, embeddings: Any
) -> None:
    settings = store_settings
    _ingest(settings, embeddings)
    store = open_store(settings)
    stamp = store.generation()
    assert stamp
    index = RecordIndex(store, embeddings)
    assert index.refresh() is False  # unchanged: one read of the stamp
    _ingest(settings, embeddings)  # nothing changed, nothing written
    assert store.generation() == stamp
    letter = _edit_letter(settings)
    _ingest(settings, embeddings)
    assert store.generation() != stamp
    assert index.refresh() is True
    assert "nobody is seen" in " ".join(c.text for c in index.chunks if c.doc_id == letter.stem)
    stamp = store.generation()
    letter.unlink()
    _ingest(settings, embeddings)
    assert store.generation() != stamp and index.refresh() is True
    assert letter.stem not in index.documents


@pytest.mark.parametrize(
    "filters",
    [
        Filters(source_types=("press",)),
        Filters(events=("March 2020 monitoring visit",)),
        Filters(since=dt.date(2020, 1, 1)),
    ],
    ids=["press", "event", "since"],
)
def test_exact_filtered_search_ranks_as_chroma_does(
    pipeline: Any, filters: Filters, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rag.search import retrieve as retrieval

    index = pipeline.index
    for question in ("Were children seen alone?", "What has the council said about its progress?"):
        vector = np.asarray(embeddings_of(index, question))
        exact = retrieval._dense_chunks(index, vector, filters)
        monkeypatch.setattr(retrieval, "EXACT_SEARCH_CHUNKS", 0)  # Chroma's filtered search
        searched = retrieval._dense_chunks(index, vector, filters)
        monkeypatch.undo()
        assert exact and [c.chunk_id for c, _ in exact] == [c.chunk_id for c, _ in searched]
        assert [s for _, s in exact] == pytest.approx([s for _, s in searched], abs=1e-4)
        assert all(filters.accepts(c.doc_id, index.documents[c.doc_id].meta) for c, _ in exact)


def embeddings_of(index: RecordIndex, question: str) -> list[float]:
    return index.embeddings.embed_query(question)
