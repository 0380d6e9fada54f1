"""The searchable record: a snapshot's filters, passages and current chunks (from hand-made
records), boilerplate sentences, and the index swapping in a new snapshot after an ingest
(a real Chroma store and the real model)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rag.pipeline import run_ingest
from rag.query.scope import Scope
from rag.records import Chunk, Document, DocumentMeta, Filters, Span, SpanKind
from rag.search.index import (
    BOILERPLATE_DOCUMENTS,
    RecordIndex,
    RecordSnapshot,
    boilerplate,
    read_snapshot,
    sentence_key,
)
from rag.search.keyword import KeywordIndex
from rag.search.store import IndexedDocument, Indexing, open_store
from rag.settings import Settings

LETTER_GLOB = "*ofsted-monitoring-visit*.md"
STORY_GLOB = "*newham-recorder*.md"
MARCH = "March 2020 monitoring visit"
FEBRUARY = "February 2019 inspection"


def _chunk(doc_id: str, position: int, start: int, *sentences: tuple[SpanKind, str]) -> Chunk:
    """A chunk beginning at `start` in its document, its sentences one space apart."""
    spans: list[Span] = []
    offset = start
    for kind, sentence in sentences:
        spans.append(Span(offset, offset + len(sentence), kind))
        offset += len(sentence) + 1
    text = " ".join(sentence for _, sentence in sentences)
    chunk_id = f"{doc_id}:k-{doc_id}:c{position}"
    return Chunk(
        chunk_id, doc_id, position, start, start + len(text), text, None, None, tuple(spans)
    )


DOCUMENTS = {
    "letter": IndexedDocument(
        "letter",
        DocumentMeta("Letter", dt.date(2020, 3, 27), "Ofsted", "ofsted", MARCH),
        "k-letter",
        2,
    ),
    "report": IndexedDocument(
        "report",
        DocumentMeta("Report", dt.date(2019, 3, 25), "Ofsted", "ofsted", FEBRUARY),
        "k-report",
        1,
    ),
    "story": IndexedDocument(
        "story",
        DocumentMeta("Story", dt.date(2019, 3, 26), "Recorder", "press", FEBRUARY),
        "k-story",
        2,
    ),
}
CHUNKS = (
    _chunk("letter", 0, 0, ("text", "Children are seen alone.")),
    _chunk("letter", 1, 25, ("text", "Plans are slow.")),
    _chunk("report", 0, 0, ("text", "Leaders have failed children.")),
    _chunk("story", 0, 0, ("text", "The council was judged inadequate.")),
    _chunk("story", 1, 35, ("text", "The mayor apologised.")),
)


@pytest.fixture(scope="module")
def snapshot() -> RecordSnapshot:
    """The three documents and five chunks above, as read_snapshot would hold them."""
    doc_chunks = {d: tuple(c for c in CHUNKS if c.doc_id == d) for d in DOCUMENTS}
    return RecordSnapshot(
        generation="g1",
        documents=DOCUMENTS,
        keys={doc_id: d.key for doc_id, d in DOCUMENTS.items()},
        chunks=CHUNKS,
        keyword=KeywordIndex([c.text for c in CHUNKS]),
        scope=Scope(frozenset(), frozenset(), frozenset()),
        boilerplate=frozenset(),
        sentence_total=5,
        by_id={c.chunk_id: c for c in CHUNKS},
        doc_ids=("letter", "report", "story"),
        chunk_docs=np.array([0, 0, 1, 2, 2]),
        doc_chunks=doc_chunks,
    )


@pytest.mark.parametrize(
    ("filters", "allowed"),
    [
        (Filters(), ["letter", "report", "story"]),
        (Filters(source_types=("press",)), ["story"]),
        (Filters(events=(FEBRUARY,)), ["report", "story"]),
        (Filters(since=dt.date(2019, 3, 26)), ["letter", "story"]),
        (Filters(doc_ids=("report",)), ["report"]),
        (Filters(source_types=("council",)), []),
    ],
)
def test_accepted_and_allowed_documents_follow_the_filters(
    snapshot: RecordSnapshot, filters: Filters, allowed: list[str]
) -> None:
    assert snapshot.allowed_documents(filters) == allowed
    accepted = snapshot.accepted(filters)
    assert accepted.dtype == bool
    assert accepted.tolist() == [d in allowed for d in ("letter", "report", "story")]


@pytest.mark.parametrize(
    ("filters", "mask"),
    [
        (Filters(source_types=("press",)), [0, 0, 0, 1, 1]),
        (Filters(events=(FEBRUARY,)), [0, 0, 1, 1, 1]),
        (Filters(doc_ids=("letter",)), [1, 1, 0, 0, 0]),
        (Filters(source_types=("council",)), [0, 0, 0, 0, 0]),
    ],
)
def test_mask_marks_each_chunk_by_its_document(
    snapshot: RecordSnapshot, filters: Filters, mask: list[int]
) -> None:
    got = snapshot.mask(filters)
    assert got is not None and got.dtype == np.float32
    assert got.tolist() == mask


def test_no_filters_means_no_mask(snapshot: RecordSnapshot) -> None:
    assert snapshot.mask(Filters()) is None


def test_document_chunks_in_reading_order(snapshot: RecordSnapshot) -> None:
    assert snapshot.document_chunks("story") == [CHUNKS[3], CHUNKS[4]]
    assert snapshot.document_chunks("unknown") == []
    snapshot.document_chunks("letter").clear()  # the caller's copy, not the snapshot's
    assert len(snapshot.document_chunks("letter")) == 2


@pytest.mark.parametrize(
    ("doc_ids", "passages"),
    [(["letter", "story"], 4), (["report"], 1), ([], 0), (["unknown", "report"], 1)],
)
def test_passages_in_counts_the_documents_chunks(
    snapshot: RecordSnapshot, doc_ids: list[str], passages: int
) -> None:
    assert snapshot.passages_in(doc_ids) == passages


def test_current_chunk_only_for_the_indexed_version(snapshot: RecordSnapshot) -> None:
    chunk = CHUNKS[2]
    assert snapshot.current_chunk(chunk.chunk_id, "report", "k-report") is chunk
    assert snapshot.current_chunk(chunk.chunk_id, "report", "k-old") is None  # stale version
    assert snapshot.current_chunk("report:k-report:c9", "report", "k-report") is None
    assert snapshot.current_chunk(chunk.chunk_id, "gone", "k-report") is None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Children are seen alone.", "children are seen alone."),
        ("  Children  are\nseen\talone.  ", "children are seen alone."),
        ("IROs", "iros"),
        ("", ""),
    ],
)
def test_sentence_key(text: str, key: str) -> None:
    assert sentence_key(text) == key


def test_boilerplate_is_what_enough_documents_print_word_for_word() -> None:
    framework = "Inspectors have looked closely at the experiences of children."
    twice = "Leaders know their services well."
    docs = [f"doc{i}" for i in range(BOILERPLATE_DOCUMENTS)]
    chunks = [
        _chunk(
            doc,
            0,
            100 * i,  # offsets are the document's, not the chunk's
            ("heading", "Introduction"),
            ("text", framework if i else framework.upper().replace(" ", "  ")),
            ("text", twice if i < 2 else f"Sentence of {doc} alone."),
        )
        for i, doc in enumerate(docs)
    ]
    # one document repeating a sentence is not boilerplate
    chunks += [_chunk("doc0", 1, 400, ("text", "Plans are slow."), ("text", "Plans are slow."))]
    chunks += [_chunk("doc0", 2, 500, ("text", "Plans are slow."))]
    assert boilerplate(chunks) == {sentence_key(framework)}
    assert boilerplate(chunks[1:]) == frozenset()  # in too few documents now
    assert boilerplate([]) == frozenset()


def _ingest(settings: Settings, embeddings: Any) -> Any:
    return run_ingest(settings, open_store(settings), lambda: embeddings)


def _small_record(settings: Settings) -> None:
    """Leave the letter, the news reports and the council's statement in the corpus copy
    (the three long inspection reports out), to ingest in a few seconds."""
    for report in settings.corpus_dir.glob("*-ofsted-newham-inspection-report.md"):
        report.unlink()


def test_read_snapshot_holds_each_documents_current_chunks(
    settings: Settings, embeddings: Any
) -> None:
    _small_record(settings)
    _ingest(settings, embeddings)
    store = open_store(settings)
    snapshot = read_snapshot(store, store.generation())
    documents = store.indexed_documents()
    assert snapshot.generation == store.generation() != ""
    assert snapshot.doc_ids == tuple(sorted(documents)) and len(documents) == 5
    assert snapshot.keys == {d: documents[d].key for d in documents}
    assert [(c.doc_id, c.position) for c in snapshot.chunks] == sorted(
        (c.doc_id, c.position) for c in snapshot.chunks
    )
    for doc_id, doc in documents.items():
        chunks = snapshot.document_chunks(doc_id)
        assert len(chunks) == doc.chunks > 0
        assert [c.position for c in chunks] == list(range(doc.chunks))
    owners = [snapshot.doc_ids[i] for i in snapshot.chunk_docs]
    assert owners == [c.doc_id for c in snapshot.chunks]
    assert snapshot.by_id == {c.chunk_id: c for c in snapshot.chunks}
    assert snapshot.sentence_total == store.sentence_count() > len(snapshot.chunks)
    assert snapshot.scope.authorities == {"Newham"}
    assert snapshot.scope.events >= {MARCH, FEBRUARY}

    # A new version of the story, written without deleting the old one's chunks (as an
    # ingest that stopped part-way leaves them): only the new version's chunk is current.
    story = next(settings.corpus_dir.glob(STORY_GLOB)).stem
    text = "The mayor apologised. Money was found."
    spans = (Span(0, 21, "text"), Span(22, len(text), "text"))
    new = Chunk(f"{story}:k-new:c0", story, 0, 0, len(text), text, None, None, spans)
    unit = np.zeros(384, dtype=np.float32)
    unit[0] = 1.0
    document = Document(story, documents[story].meta, text, "digest")
    store.write_documents(
        [Indexing(document, "k-new", [new], np.stack([unit]), [np.stack([unit, unit])])],
        replacing=set(),
    )
    assert any(c.doc_id == story and key != "k-new" for c, key in store.all_chunks())
    snapshot = read_snapshot(store, store.generation())
    assert snapshot.document_chunks(story) == [new]
    assert [c for c in snapshot.chunks if c.doc_id == story] == [new]
    assert snapshot.keys[story] == "k-new"


def test_refresh_swaps_in_a_new_snapshot_after_an_ingest(
    settings: Settings, embeddings: Any, tmp_path: Path
) -> None:
    _small_record(settings)
    _ingest(settings, embeddings)
    index = RecordIndex(open_store(settings), embeddings)
    first, first_cache = index.snapshot, index.cache
    assert index.refresh() is False and index.snapshot is first  # nothing changed
    letter = next(settings.corpus_dir.glob(LETTER_GLOB))
    old_chunks = index.document_chunks(letter.stem)
    letter.write_text(
        letter.read_text(encoding="utf-8") + "\nA zebra was seen in the reception area.\n",
        encoding="utf-8",
    )
    _ingest(settings, embeddings)

    assert index.refresh() is True
    second, second_cache = index.snapshot, index.cache
    assert second is not first and index.cache is not first_cache
    assert second.generation == index.store.generation() != first.generation
    assert second.keys[letter.stem] != first.keys[letter.stem]
    assert "zebra" in " ".join(c.text for c in index.document_chunks(letter.stem))
    stale = old_chunks[0]
    assert second.current_chunk(stale.chunk_id, letter.stem, first.keys[letter.stem]) is None
    # a question that started on the first snapshot still reads it, unchanged
    assert first.document_chunks(letter.stem) == old_chunks
    assert "zebra" not in " ".join(c.text for c in old_chunks)

    # Out and back in again: the store's stamp changes but the same versions are indexed,
    # so the snapshot keeps its chunks and cache and only takes the new stamp.
    story = next(settings.corpus_dir.glob(STORY_GLOB))
    shutil.move(story, tmp_path / story.name)
    _ingest(settings, embeddings)
    shutil.move(tmp_path / story.name, story)
    _ingest(settings, embeddings)
    assert index.store.generation() != second.generation
    assert index.refresh() is False
    assert index.snapshot.generation == index.store.generation()
    assert index.snapshot.keys == second.keys and index.cache is second_cache
    assert index.snapshot.chunks is second.chunks
